// Register allocation: iterated register coalescing (George & Appel, TOPLAS 1996) over r0–r9, with
// r0–r5 clobbered by calls (so values live across a call land in r6–r9 or are spilled), Briggs and
// George coalescing of register moves, and spilling by cost (uses weighted by 10^loop depth, divided by
// degree). A spilled value that is a constant, map/global address or frame address is rematerialised
// at each use instead; others get an 8-byte, 8-aligned stack slot (the verifier tracks spilled
// pointers only in such slots) with a store after each definition and a load before each use. Then the
// allocation is retried until everything is coloured.
import { InternalError } from '../../runtime/errors.js';
import { liveness } from './liveness.js';
import {
  FIRST_VREG,
  FP,
  defsOf,
  isCopy,
  mapRegs,
  mapTermRegs,
  termUses,
  usesOf,
  newVreg,
  type MFunc,
  type MInst,
  type Reg,
} from './mir.js';

const K = 10; // r0..r9
const PHYS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Colour preference (when no move partner decides): r0 last, so it stays free for return values set
 *  early on paths that exit (see peephole.ts). */
const COLOR_ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0];

export interface RegAllocResult {
  /** Number of allocation rounds (1 = no spill). */
  rounds: number;
  spilled: number;
}

export function allocateRegisters(f: MFunc): RegAllocResult {
  let spilled = 0;
  for (let round = 1; round <= 50; round++) {
    const irc = new Irc(f);
    const spills = irc.run();
    if (spills.length === 0) {
      irc.assign();
      return { rounds: round, spilled };
    }
    spilled += spills.length;
    rewriteSpills(f, spills);
  }
  throw new InternalError(`register allocation of @${f.name} did not converge`);
}

type Move = MInst & { op: 'mov'; src: Reg };

class Irc {
  private readonly adjSet = new Set<number>();
  private readonly adjList = new Map<Reg, Set<Reg>>();
  private readonly degree = new Map<Reg, number>();
  private readonly moveList = new Map<Reg, Set<Move>>();
  private readonly alias = new Map<Reg, Reg>();
  private readonly color = new Map<Reg, number>();
  private readonly cost = new Map<Reg, number>();
  private readonly initial = new Set<Reg>();
  private readonly simplifyWL = new Set<Reg>();
  private readonly freezeWL = new Set<Reg>();
  private readonly spillWL = new Set<Reg>();
  private readonly spilled = new Set<Reg>();
  private readonly coalesced = new Set<Reg>();
  private readonly colored = new Set<Reg>();
  private readonly stack: Reg[] = [];
  private readonly onStack = new Set<Reg>();
  private readonly worklistMoves = new Set<Move>();
  private readonly activeMoves = new Set<Move>();
  private readonly coalescedMoves = new Set<Move>();
  private readonly constrainedMoves = new Set<Move>();
  private readonly frozenMoves = new Set<Move>();
  /** Registers created by spill rewriting: never spill them again. */
  private readonly noSpill: Set<Reg>;

  constructor(private readonly f: MFunc) {
    for (const r of PHYS) {
      this.color.set(r, r);
      this.degree.set(r, Infinity);
    }
    this.noSpill = (f as MFunc & { noSpill?: Set<Reg> }).noSpill ?? new Set();
  }

  private precolored(r: Reg): boolean {
    return r < FIRST_VREG;
  }
  private key(a: Reg, b: Reg): number {
    return a * 1_000_003 + b;
  }

  private addEdge(u: Reg, v: Reg): void {
    if (u === v || u === FP || v === FP || this.adjSet.has(this.key(u, v))) return;
    this.adjSet.add(this.key(u, v));
    this.adjSet.add(this.key(v, u));
    if (!this.precolored(u)) {
      this.adj(u).add(v);
      this.degree.set(u, (this.degree.get(u) ?? 0) + 1);
    }
    if (!this.precolored(v)) {
      this.adj(v).add(u);
      this.degree.set(v, (this.degree.get(v) ?? 0) + 1);
    }
  }
  private adj(r: Reg): Set<Reg> {
    let s = this.adjList.get(r);
    if (!s) {
      s = new Set();
      this.adjList.set(r, s);
    }
    return s;
  }
  private moves(r: Reg): Set<Move> {
    let s = this.moveList.get(r);
    if (!s) {
      s = new Set();
      this.moveList.set(r, s);
    }
    return s;
  }
  private note(r: Reg, weight: number): void {
    if (r === FP || this.precolored(r)) return;
    this.initial.add(r);
    this.cost.set(r, (this.cost.get(r) ?? 0) + weight);
    if (!this.degree.has(r)) this.degree.set(r, 0);
  }

  private build(): void {
    const live = liveness(this.f);
    for (const b of this.f.blocks) {
      const w = Math.pow(10, Math.min(b.depth, 6));
      const now = new Set(live.liveOut.get(b));
      if (b.term) for (const r of termUses(b.term)) if (r !== FP) {
        now.add(r);
        this.note(r, w);
      }
      for (let k = b.insts.length - 1; k >= 0; k--) {
        const i = b.insts[k] as MInst;
        const uses = usesOf(i).filter((r) => r !== FP);
        const defs = defsOf(i);
        if (isCopy(i) && i.src !== FP) {
          now.delete(i.src);
          this.moves(i.src).add(i as Move);
          this.moves(i.dst).add(i as Move);
          this.worklistMoves.add(i as Move);
        }
        for (const d of defs) now.add(d);
        for (const d of defs) for (const l of now) this.addEdge(l, d);
        for (const d of defs) now.delete(d);
        for (const u of uses) now.add(u);
        for (const r of [...uses, ...defs]) this.note(r, w);
      }
    }
    // remat values are cheap to "spill"
    for (const r of this.initial) {
      if (this.f.vregs.get(r)?.remat) this.cost.set(r, (this.cost.get(r) ?? 0) * 0.5);
    }
  }

  run(): Reg[] {
    this.build();
    for (const n of this.initial) {
      if ((this.degree.get(n) ?? 0) >= K) this.spillWL.add(n);
      else if (this.moveRelated(n)) this.freezeWL.add(n);
      else this.simplifyWL.add(n);
    }
    for (;;) {
      if (this.simplifyWL.size > 0) this.simplify();
      else if (this.worklistMoves.size > 0) this.coalesce();
      else if (this.freezeWL.size > 0) this.freeze();
      else if (this.spillWL.size > 0) this.selectSpill();
      else break;
    }
    this.assignColors();
    if (this.spilled.size === 0) return [];
    // members of a coalesced group whose representative spilled are spilled with it
    const out = new Set(this.spilled);
    for (const n of this.coalesced) if (this.spilled.has(this.getAlias(n))) out.add(n);
    return [...out];
  }

  private nodeMoves(n: Reg): Move[] {
    return [...(this.moveList.get(n) ?? [])].filter((m) => this.activeMoves.has(m) || this.worklistMoves.has(m));
  }
  private moveRelated(n: Reg): boolean {
    return this.nodeMoves(n).length > 0;
  }
  private adjacent(n: Reg): Reg[] {
    return [...(this.adjList.get(n) ?? [])].filter((m) => !this.onStack.has(m) && !this.coalesced.has(m));
  }

  private simplify(): void {
    const n = this.simplifyWL.values().next().value as Reg;
    this.simplifyWL.delete(n);
    this.stack.push(n);
    this.onStack.add(n);
    for (const m of this.adjacent(n)) this.decrementDegree(m);
  }

  private decrementDegree(m: Reg): void {
    const d = this.degree.get(m) ?? 0;
    this.degree.set(m, d - 1);
    if (d === K && !this.precolored(m)) {
      this.enableMoves([m, ...this.adjacent(m)]);
      this.spillWL.delete(m);
      if (this.moveRelated(m)) this.freezeWL.add(m);
      else this.simplifyWL.add(m);
    }
  }

  private enableMoves(nodes: Reg[]): void {
    for (const n of nodes) {
      for (const m of this.nodeMoves(n)) {
        if (this.activeMoves.has(m)) {
          this.activeMoves.delete(m);
          this.worklistMoves.add(m);
        }
      }
    }
  }

  private getAlias(n: Reg): Reg {
    let x = n;
    while (this.coalesced.has(x)) x = this.alias.get(x) as Reg;
    return x;
  }

  private addWorkList(u: Reg): void {
    if (!this.precolored(u) && !this.moveRelated(u) && (this.degree.get(u) ?? 0) < K) {
      this.freezeWL.delete(u);
      this.simplifyWL.add(u);
    }
  }

  private ok(t: Reg, r: Reg): boolean {
    return (this.degree.get(t) ?? 0) < K || this.precolored(t) || this.adjSet.has(this.key(t, r));
  }

  private conservative(nodes: Reg[]): boolean {
    let k = 0;
    for (const n of new Set(nodes)) if ((this.degree.get(n) ?? 0) >= K) k++;
    return k < K;
  }

  private coalesce(): void {
    const m = this.worklistMoves.values().next().value as Move;
    this.worklistMoves.delete(m);
    const x = this.getAlias(m.dst);
    const y = this.getAlias(m.src);
    const [u, v] = this.precolored(y) ? [y, x] : [x, y];
    if (u === v) {
      this.coalescedMoves.add(m);
      this.addWorkList(u);
    } else if (this.precolored(v) || this.adjSet.has(this.key(u, v))) {
      this.constrainedMoves.add(m);
      this.addWorkList(u);
      this.addWorkList(v);
    } else if (
      (this.precolored(u) && this.adjacent(v).every((t) => this.ok(t, u))) ||
      (!this.precolored(u) && this.conservative([...this.adjacent(u), ...this.adjacent(v)]))
    ) {
      this.coalescedMoves.add(m);
      this.combine(u, v);
      this.addWorkList(u);
    } else this.activeMoves.add(m);
  }

  private combine(u: Reg, v: Reg): void {
    if (this.freezeWL.has(v)) this.freezeWL.delete(v);
    else this.spillWL.delete(v);
    this.coalesced.add(v);
    this.alias.set(v, u);
    // a merged register has several definitions: it can no longer be rematerialised
    for (const r of [u, v]) {
      const info = this.f.vregs.get(r);
      if (info) delete info.remat;
    }
    for (const m of this.moveList.get(v) ?? []) this.moves(u).add(m);
    for (const t of this.adjacent(v)) {
      this.addEdge(t, u);
      this.decrementDegree(t);
    }
    this.cost.set(u, (this.cost.get(u) ?? 0) + (this.cost.get(v) ?? 0));
    if (this.noSpill.has(v) && !this.precolored(u)) this.noSpill.add(u);
    if ((this.degree.get(u) ?? 0) >= K && this.freezeWL.has(u)) {
      this.freezeWL.delete(u);
      this.spillWL.add(u);
    }
  }

  private freeze(): void {
    const u = this.freezeWL.values().next().value as Reg;
    this.freezeWL.delete(u);
    this.simplifyWL.add(u);
    this.freezeMoves(u);
  }

  private freezeMoves(u: Reg): void {
    for (const m of this.nodeMoves(u)) {
      const x = m.dst;
      const y = m.src;
      const v = this.getAlias(y) === this.getAlias(u) ? this.getAlias(x) : this.getAlias(y);
      this.activeMoves.delete(m);
      this.frozenMoves.add(m);
      if (!this.precolored(v) && this.freezeWL.has(v) && this.nodeMoves(v).length === 0) {
        this.freezeWL.delete(v);
        this.simplifyWL.add(v);
      }
    }
  }

  private selectSpill(): void {
    let best: Reg | undefined;
    let bestScore = Infinity;
    for (const n of this.spillWL) {
      const c = this.noSpill.has(n) ? Infinity : (this.cost.get(n) ?? 1) / Math.max(1, this.degree.get(n) ?? 1);
      if (best === undefined || c < bestScore) {
        best = n;
        bestScore = c;
      }
    }
    const m = best as Reg;
    this.spillWL.delete(m);
    this.simplifyWL.add(m);
    this.freezeMoves(m);
  }

  private assignColors(): void {
    while (this.stack.length > 0) {
      const n = this.stack.pop() as Reg;
      this.onStack.delete(n);
      const okColors = new Set(COLOR_ORDER);
      for (const w of this.adjList.get(n) ?? []) {
        const a = this.getAlias(w);
        if (this.colored.has(a) || this.precolored(a)) okColors.delete(this.color.get(a) as number);
      }
      if (okColors.size === 0) this.spilled.add(n);
      else {
        this.colored.add(n);
        // prefer the colour of a move partner already coloured (fewer leftover moves)
        let c: number | undefined;
        for (const m of this.moveList.get(n) ?? []) {
          const other = this.getAlias(m.dst) === n ? this.getAlias(m.src) : this.getAlias(m.dst);
          const oc = this.color.get(other);
          if (oc !== undefined && okColors.has(oc) && (this.colored.has(other) || this.precolored(other))) {
            c = oc;
            break;
          }
        }
        this.color.set(n, c ?? (okColors.values().next().value as number));
      }
    }
    for (const n of this.coalesced) {
      const a = this.getAlias(n);
      if (this.color.has(a)) this.color.set(n, this.color.get(a) as number);
    }
  }

  /** Rewrites every register to its colour and deletes moves that became `rX = rX`. */
  assign(): void {
    const map = (r: Reg): Reg => {
      if (r === FP || r < FIRST_VREG) return r;
      const c = this.color.get(r);
      if (c === undefined) throw new InternalError(`register allocation: v${r} has no colour`);
      return c;
    };
    for (const b of this.f.blocks) {
      for (const i of b.insts) mapRegs(i, map);
      b.insts = b.insts.filter((i) => !(isCopy(i) && i.dst === i.src));
      if (b.term) mapTermRegs(b.term, map);
    }
  }
}

/** Rewrites the program for the spilled registers: rematerialisation or a stack slot per register. */
function rewriteSpills(f: MFunc, spills: Reg[]): void {
  const noSpill = ((f as MFunc & { noSpill?: Set<Reg> }).noSpill ??= new Set<Reg>());
  const slotOf = new Map<Reg, number>();
  const remat = new Map<Reg, MInst[]>();
  for (const r of spills) {
    const info = f.vregs.get(r);
    if (info?.remat) remat.set(r, info.remat);
    else {
      slotOf.set(r, f.frame.length);
      f.frame.push({ size: 8, align: 8, spill: true, name: `spill.v${r}` });
    }
  }
  const fresh = (r: Reg): Reg => {
    const t = newVreg(f, { ptr: f.vregs.get(r)?.ptr ?? false });
    noSpill.add(t);
    return t;
  };
  const isSpilled = (r: Reg): boolean => slotOf.has(r) || remat.has(r);
  for (const b of f.blocks) {
    const out: MInst[] = [];
    for (const i of b.insts) {
      // remat definitions disappear: each use re-creates the value
      const defs = defsOf(i);
      if (defs.length === 1 && remat.has(defs[0] as Reg) && (remat.get(defs[0] as Reg) as MInst[]).includes(i)) continue;
      const uses = usesOf(i).filter(isSpilled);
      const defsSp = defs.filter(isSpilled);
      // a copy touching a spilled register becomes a plain load or store
      if (isCopy(i) && defsSp.length === 1 && uses.length === 0 && slotOf.has(i.dst)) {
        out.push({ op: 'stx', size: 8, base: FP, off: { kind: 'frame', slot: slotOf.get(i.dst) as number, add: 0 }, src: i.src, span: i.span });
        continue;
      }
      if (isCopy(i) && uses.length === 1 && defsSp.length === 0 && slotOf.has(i.src)) {
        out.push({ op: 'ldx', size: 8, sx: false, dst: i.dst, base: FP, off: { kind: 'frame', slot: slotOf.get(i.src) as number, add: 0 }, span: i.span });
        continue;
      }
      const rename = new Map<Reg, Reg>();
      for (const r of new Set([...uses, ...defsSp])) rename.set(r, fresh(r));
      for (const r of new Set(uses)) {
        const t = rename.get(r) as Reg;
        const rm = remat.get(r);
        if (rm) for (const x of rm) out.push(cloneWithDst(x, t));
        else out.push({ op: 'ldx', size: 8, sx: false, dst: t, base: FP, off: { kind: 'frame', slot: slotOf.get(r) as number, add: 0 }, span: i.span });
      }
      if (rename.size > 0) mapRegs(i, (r) => rename.get(r) ?? r);
      out.push(i);
      for (const r of new Set(defsSp)) {
        if (remat.has(r)) continue; // a remat register redefined here would not be remat
        out.push({ op: 'stx', size: 8, base: FP, off: { kind: 'frame', slot: slotOf.get(r) as number, add: 0 }, src: rename.get(r) as Reg, span: i.span });
      }
    }
    b.insts = out;
    if (b.term) {
      const tu = termUses(b.term).filter(isSpilled);
      if (tu.length > 0) {
        const rename = new Map<Reg, Reg>();
        for (const r of new Set(tu)) {
          const t = fresh(r);
          rename.set(r, t);
          const rm = remat.get(r);
          if (rm) for (const x of rm) b.insts.push(cloneWithDst(x, t));
          else b.insts.push({ op: 'ldx', size: 8, sx: false, dst: t, base: FP, off: { kind: 'frame', slot: slotOf.get(r) as number, add: 0 }, span: b.term.span });
        }
        mapTermRegs(b.term, (r) => rename.get(r) ?? r);
      }
    }
  }
  for (const r of spills) f.vregs.delete(r);
}

function cloneWithDst(i: MInst, dst: Reg): MInst {
  const c = { ...i } as MInst;
  mapRegs(c, (r) => (r === FP ? r : dst));
  return c;
}
