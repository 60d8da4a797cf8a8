// SSA construction (mem2reg with scalar replacement): every alloca whose address is only used by
// non-volatile loads and stores at constant offsets (directly or through constant `ptradd`s) is split
// into one slot per distinct (offset, width) access, provided accesses to overlapping bytes always use
// the same offset and width; each slot becomes SSA values with phis placed on iterated dominance
// frontiers (Cytron et al., 1991) and named by a renaming walk over the dominator tree.
import { funcDominators } from '../analysis/cfg.js';
import type { AllocaInst, Block, Func, Inst, LoadInst, PhiInst, StoreInst, Value } from '../nodes.js';
import { mapInstOperands, mapTermOperands, successors, userMap } from '../operands.js';
import { T, bitsOf, intType, isPtr, type IntBits, type PtrKind, type ValueType } from '../types.js';
import { deleteInsts, removeUnreachable, type FuncPass } from './util.js';

interface Access {
  inst: LoadInst | StoreInst;
  offset: number;
}
interface Slot {
  offset: number;
  width: number;
  type: ValueType;
  accesses: Access[];
}

/** Collects the accesses of an alloca; undefined when its address escapes. */
function collect(a: AllocaInst, users: Map<Value, (Inst | NonNullable<Block['term']>)[]>): { accesses: Access[]; geps: Inst[] } | undefined {
  const accesses: Access[] = [];
  const geps: Inst[] = [];
  const walk = (v: Value, base: number): boolean => {
    for (const u of users.get(v) ?? []) {
      if (!('id' in u)) return false; // used by a terminator
      switch (u.kind) {
        case 'load':
          if (u.volatile || u.ptr !== v) return false;
          accesses.push({ inst: u, offset: base + u.offset });
          break;
        case 'store':
          if (u.volatile || u.ptr !== v || u.value === v) return false;
          accesses.push({ inst: u, offset: base + u.offset });
          break;
        case 'ptradd':
          if (u.base !== v || u.offset.kind !== 'const') return false;
          geps.push(u);
          if (!walk(u, base + Number(BigInt.asIntN(64, u.offset.value)))) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
  return walk(a, 0) ? { accesses, geps } : undefined;
}

/** Groups accesses into slots; undefined if two accesses overlap without matching exactly. */
function slotsOf(a: AllocaInst, accesses: Access[]): Slot[] | undefined {
  const byKey = new Map<string, Slot>();
  for (const acc of accesses) {
    const w = acc.inst.width;
    if (acc.offset < 0 || acc.offset + w > a.size) return undefined;
    const key = `${acc.offset}:${w}`;
    let s = byKey.get(key);
    if (!s) {
      s = { offset: acc.offset, width: w, type: intType((w * 8) as IntBits), accesses: [] };
      byKey.set(key, s);
    }
    s.accesses.push(acc);
  }
  const slots = [...byKey.values()].sort((x, y) => x.offset - y.offset);
  for (let i = 1; i < slots.length; i++) {
    const p = slots[i - 1] as Slot;
    if ((slots[i] as Slot).offset < p.offset + p.width) return undefined;
  }
  for (const s of slots) {
    // a pointer slot when every access moves a full 8-byte pointer
    const ptrs = s.accesses.map((x) => (x.inst.kind === 'store' ? x.inst.value.type : x.inst.type));
    if (s.width === 8 && ptrs.every((t) => isPtr(t))) {
      const kinds = new Set(ptrs.map((t) => (t as { to: PtrKind }).to));
      s.type = kinds.size === 1 ? (ptrs[0] as ValueType) : T.ptr.any;
    }
  }
  return slots;
}

/**
 * Promotes until nothing more can be: promoting a slot that held the address of another slot (how
 * a front end passes `&local` to an inlined function) makes that other slot promotable in turn.
 */
export const mem2reg: FuncPass = (f) => {
  let changed = false;
  for (let round = 0; round < 16 && promoteOnce(f); round++) changed = true;
  return changed;
};

function promoteOnce(f: Func): boolean {
  removeUnreachable(f);
  const users = userMap(f);
  const entry = f.blocks[0] as Block;
  const promoted: { alloca: AllocaInst; slots: Slot[]; geps: Inst[] }[] = [];
  for (const i of entry.insts) {
    if (i.kind !== 'alloca') continue;
    const c = collect(i, users);
    if (!c) continue;
    const slots = slotsOf(i, c.accesses);
    if (slots) promoted.push({ alloca: i, slots, geps: c.geps });
  }
  if (promoted.length === 0) return false;
  const allSlots = promoted.flatMap((p) => p.slots);
  const slotOf = new Map<Inst, Slot>();
  for (const s of allSlots) for (const a of s.accesses) slotOf.set(a.inst, s);

  const dom = funcDominators(f);
  const df = dom.frontier();
  // phi placement
  const phiSlot = new Map<PhiInst, Slot>();
  for (const s of allSlots) {
    const defBlocks = new Set<Block>();
    for (const a of s.accesses) if (a.inst.kind === 'store') defBlocks.add(a.inst.block as Block);
    const work = [...defBlocks];
    const has = new Set<Block>();
    while (work.length > 0) {
      const b = work.pop() as Block;
      for (const d of df.get(b) ?? []) {
        if (has.has(d)) continue;
        has.add(d);
        const phi: PhiInst = { kind: 'phi', incoming: [], id: f.nextId++, type: s.type, span: d.insts[0]?.span ?? d.term?.span ?? f.span, block: d };
        d.insts.unshift(phi);
        phiSlot.set(phi, s);
        if (!defBlocks.has(d)) work.push(d);
      }
    }
  }
  // renaming
  const repl = new Map<Value, Value>();
  const dead = new Set<Inst>();
  const cur = new Map<Slot, Value>();
  const undef = (s: Slot): Value => ({ kind: 'undef', type: s.type });
  const resolve = (v: Value): Value => {
    let x = v;
    while (repl.has(x)) x = repl.get(x) as Value;
    return x;
  };
  const convertIn = (v: Value, s: Slot, at: StoreInst): Value => {
    // value stored → slot representation
    let x = v;
    if (x.type === s.type || (isPtr(x.type) && isPtr(s.type))) return x;
    if (isPtr(x.type)) x = mkCast(f, at, 'ptrtoint', x, T.i64);
    if (bitsOf(x.type as ValueType) > bitsOf(s.type)) x = mkCast(f, at, 'trunc', x, s.type);
    return x;
  };
  const convertOut = (v: Value, s: Slot, ld: LoadInst): Value => {
    const want = ld.type as ValueType;
    if (want === v.type || (isPtr(want) && isPtr(v.type))) return v;
    if (isPtr(want)) return mkCast(f, ld, 'inttoptr', v, want);
    if (isPtr(v.type)) return mkCast(f, ld, 'ptrtoint', v, T.i64);
    if (bitsOf(want) > bitsOf(v.type as ValueType)) return mkCast(f, ld, ld.signed ? 'sext' : 'zext', v, want);
    return v;
  };
  const visit = (b: Block): void => {
    const saved = new Map(cur);
    for (const i of [...b.insts]) {
      if (i.kind === 'phi' && phiSlot.has(i)) {
        cur.set(phiSlot.get(i) as Slot, i);
        continue;
      }
      const s = slotOf.get(i);
      if (!s) continue;
      if (i.kind === 'store') {
        cur.set(s, convertIn(resolve(i.value), s, i));
        dead.add(i);
      } else if (i.kind === 'load') {
        repl.set(i, convertOut(cur.get(s) ?? undef(s), s, i));
        dead.add(i);
      }
    }
    for (const succ of successors(b.term)) {
      for (const i of succ.insts) {
        if (i.kind !== 'phi') break;
        const s = phiSlot.get(i);
        if (s) i.incoming.push({ block: b, value: cur.get(s) ?? undef(s) });
      }
    }
    for (const c of dom.children.get(b) ?? []) visit(c);
    cur.clear();
    for (const [k, v] of saved) cur.set(k, v);
  };
  visit(entry);
  for (const p of promoted) {
    dead.add(p.alloca);
    for (const g of p.geps) dead.add(g);
  }
  // apply replacements (chains resolved) and delete the memory operations
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.kind === 'phi') for (const inc of i.incoming) inc.value = resolve(inc.value);
    }
  }
  const resolved = new Map<Value, Value>();
  for (const k of repl.keys()) resolved.set(k, resolve(k));
  for (const b of f.blocks) {
    for (const i of b.insts) mapOps(i, resolved);
    if (b.term) mapTermOps(b.term, resolved);
  }
  deleteInsts(f, dead);
  return true;
}

function mapOps(i: Inst, m: Map<Value, Value>): void {
  mapInstOperands(i, (v) => m.get(v) ?? v);
}
function mapTermOps(t: NonNullable<Block['term']>, m: Map<Value, Value>): void {
  mapTermOperands(t, (v) => m.get(v) ?? v);
}

/** Inserts a cast right before `at` and returns it. */
function mkCast(f: Func, at: Inst, op: 'zext' | 'sext' | 'trunc' | 'inttoptr' | 'ptrtoint', a: Value, to: ValueType): Inst {
  const b = at.block as Block;
  const c: Inst = { kind: 'cast', op, a, id: f.nextId++, type: to, span: at.span, block: b };
  b.insts.splice(b.insts.indexOf(at), 0, c);
  return c;
}
