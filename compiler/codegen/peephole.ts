// Clean-ups on allocated machine code (physical registers):
//  - edge hoisting: a block that only sets registers and jumps, reached from a conditional branch, is
//    merged into the branching block when the registers it sets are dead on the branch's other path and
//    not read by the compare — `r0 = 1; if r1 > r2 goto exit` instead of a separate `r0 = 1; goto exit`
//    block (the shape clang produces for early returns);
//  - jump threading: blocks that only jump elsewhere are bypassed;
//  - identical blocks (same instructions, same way out) are merged: `w6 = 1; goto L` made on five
//    edges is kept once;
//  - register facts: `w0 = 2` where r0 already holds 2 on every path is deleted, and a reload of a
//    stack slot that a register still holds becomes a move (or nothing);
//  - unreachable blocks are dropped.
import { liveness } from './liveness.js';
import { FP, defsOf, isReg, mSuccessors, type MBlock, type MFunc, type MInst, type MTerm, type Operand } from './mir.js';
import { reversePostorder } from '../ir/index.js';

export function peephole(f: MFunc): void {
  for (let again = true; again; ) {
    again = false;
    if (threadJumps(f)) again = true;
    if (mergeIdenticalBlocks(f)) again = true;
    if (hoistEdgeCopies(f)) again = true;
    if (dropUnreachable(f)) again = true;
  }
  forwardRegisterFacts(f);
}

/** The 64-bit value a constant move leaves in its register, if it is one. */
function constMoved(i: MInst): bigint | undefined {
  if (i.op === 'mov' && !isReg(i.src) && i.src.kind === 'imm') {
    return i.w === 32 ? BigInt(i.src.value >>> 0) : BigInt.asUintN(64, BigInt(i.src.value));
  }
  if (i.op === 'ld64') return i.value;
  return undefined;
}

/** What a register is known to hold: a constant, or the 8 bytes of stack at r10 + off. */
type Fact = { kind: 'const'; v: bigint } | { kind: 'slot'; off: number };
type Facts = Map<number, Fact>;

const sameFact = (a: Fact | undefined, b: Fact | undefined): boolean =>
  a !== undefined && b !== undefined && a.kind === b.kind && (a.kind === 'const' ? a.v === (b as { v: bigint }).v : a.off === (b as { off: number }).off);

/** A key for the stack bytes at r10 + off: the offset itself, or a distinct range per frame object. */
function fpOff(base: number, off: Operand): number | undefined {
  if (base !== FP || isReg(off)) return undefined;
  return off.kind === 'imm' ? off.value : (off.slot + 1) * 1_000_000 + off.add;
}

/**
 * Forward must-analysis of register contents (constants, and copies of 8-byte stack slots), deleting
 * moves that change nothing and turning reloads of a slot some register still holds into moves.
 */
function forwardRegisterFacts(f: MFunc): void {
  const inState = new Map<MBlock, Facts | null>();
  for (const b of f.blocks) inState.set(b, null);
  inState.set(f.blocks[0] as MBlock, new Map());
  const killSlots = (cur: Facts, lo: number, size: number): void => {
    for (const [r, x] of [...cur]) if (x.kind === 'slot' && x.off < lo + size && lo < x.off + 8) cur.delete(r);
  };
  const transfer = (b: MBlock, st: Facts, apply: boolean): Facts => {
    const cur: Facts = new Map(st);
    const out: MInst[] = [];
    for (const orig of b.insts) {
      let i = orig;
      const c = constMoved(i);
      if (c !== undefined && sameFact(cur.get((i as { dst: number }).dst), { kind: 'const', v: c })) continue;
      let fact: Fact | undefined = c !== undefined ? { kind: 'const', v: c } : undefined;
      if (i.op === 'ld64' && fact) {
        // a 64-bit constant another register already holds: one move instead of two slots
        const f0 = fact;
        const holder = [...cur].find(([, x]) => sameFact(x, f0))?.[0];
        if (holder !== undefined) i = { op: 'mov', w: 64, dst: i.dst, src: holder, span: i.span };
      }
      if (i.op === 'ldx' && i.size === 8 && !i.sx) {
        const off = fpOff(i.base, i.off);
        if (off !== undefined) {
          fact = { kind: 'slot', off };
          const holder = [...cur].find(([, x]) => sameFact(x, fact))?.[0];
          if (holder === i.dst) continue; // the register already holds the slot
          if (holder !== undefined) i = { op: 'mov', w: 64, dst: i.dst, src: holder, span: i.span };
        }
      }
      if (i.op === 'mov' && i.w === 64 && isReg(i.src)) fact = cur.get(i.src);
      out.push(i);
      // stores change stack slots
      if (i.op === 'stx' || i.op === 'st' || i.op === 'atomic') {
        const off = fpOff(i.base, i.off);
        if (off === undefined) {
          for (const [r, x] of [...cur]) if (x.kind === 'slot') cur.delete(r);
        } else killSlots(cur, off, i.size);
      }
      if (i.op === 'call') for (const [r, x] of [...cur]) if (x.kind === 'slot') cur.delete(r);
      for (const d of defsOf(i)) cur.delete(d);
      if (fact && (i.op === 'mov' || i.op === 'ld64' || i.op === 'ldx')) cur.set(i.dst, fact);
      if (i.op === 'stx' && i.size === 8) {
        const off = fpOff(i.base, i.off);
        if (off !== undefined) cur.set(i.src, { kind: 'slot', off });
      }
    }
    if (apply) b.insts = out;
    return cur;
  };
  const order = reversePostorder({ entry: f.blocks[0] as MBlock, succs: (b: MBlock) => mSuccessors(b.term) });
  for (let again = true; again; ) {
    again = false;
    for (const b of order) {
      const st = inState.get(b);
      if (!st) continue;
      const out = transfer(b, st, false);
      for (const s of mSuccessors(b.term)) {
        const old = inState.get(s) ?? null;
        let merged: Facts;
        if (old === null) merged = new Map(out);
        else {
          merged = new Map();
          for (const [r, x] of old) if (sameFact(out.get(r), x)) merged.set(r, x);
        }
        const same = old !== null && old.size === merged.size && [...old].every(([r, x]) => sameFact(merged.get(r), x));
        if (!same) {
          inState.set(s, merged);
          again = true;
        }
      }
    }
  }
  for (const b of order) {
    const st = inState.get(b);
    if (st) transfer(b, st, true);
  }
}

function retarget(t: MTerm, from: MBlock, to: MBlock): void {
  if (t.kind === 'jmp' && t.target === from) t.target = to;
  if (t.kind === 'br') {
    if (t.then === from) t.then = to;
    if (t.else === from) t.else = to;
  }
}

function preds(f: MFunc): Map<MBlock, MBlock[]> {
  const p = new Map<MBlock, MBlock[]>();
  for (const b of f.blocks) p.set(b, []);
  for (const b of f.blocks) for (const s of mSuccessors(b.term)) (p.get(s) as MBlock[]).push(b);
  return p;
}

function threadJumps(f: MFunc): boolean {
  let changed = false;
  const entry = f.blocks[0];
  for (const b of f.blocks) {
    if (b === entry || b.insts.length > 0 || !b.term || b.term.kind !== 'jmp') continue;
    const target = b.term.target;
    if (target === b) continue;
    for (const p of f.blocks) {
      if (p.term && p !== b && mSuccessors(p.term).includes(b)) {
        retarget(p.term, b, target);
        changed = true;
      }
    }
  }
  // a conditional branch with both edges to one block is a jump
  for (const b of f.blocks) {
    const t = b.term;
    if (t && t.kind === 'br' && t.then === t.else) {
      b.term = { kind: 'jmp', target: t.then, span: t.span };
      changed = true;
    }
  }
  return changed;
}

function hoistEdgeCopies(f: MFunc): boolean {
  const live = liveness(f);
  const ps = preds(f);
  for (const e of f.blocks) {
    if (e === f.blocks[0] || !e.term || e.term.kind !== 'jmp' || e.insts.length === 0) continue;
    const ep = ps.get(e) ?? [];
    if (ep.length !== 1) continue;
    const p = ep[0] as MBlock;
    const t = p.term;
    if (!t || t.kind !== 'br' || t.then === t.else) continue;
    const other = t.then === e ? t.else : t.then;
    const defs = new Set<number>();
    let ok = true;
    for (const i of e.insts) {
      if (i.op !== 'mov' && i.op !== 'ld64' && i.op !== 'ldref' && !(i.op === 'alu' && (i.alu === 'add' || i.alu === 'sub'))) ok = false;
      for (const d of defsOf(i)) defs.add(d);
    }
    if (!ok) continue;
    const otherLive = live.liveIn.get(other) ?? new Set();
    const branchRegs = [t.a, ...(isReg(t.b) ? [t.b] : [])];
    if ([...defs].some((d) => otherLive.has(d) || branchRegs.includes(d))) continue;
    // E's instructions move as a group, in order, so they see the same registers as before
    p.insts.push(...e.insts);
    e.insts = [];
    retarget(t, e, e.term.target);
    return true;
  }
  return false;
}

function blockKey(b: MBlock): string | undefined {
  const t = b.term;
  if (!t) return undefined;
  const tk = t.kind === 'jmp' ? `jmp ${t.target.id}` : t.kind === 'exit' ? 'exit' : `br ${t.w} ${t.cond} ${t.a} ${JSON.stringify(t.b)} ${t.then.id} ${t.else.id}`;
  return b.insts.map((i) => JSON.stringify(i, (k, v: unknown) => (k === 'span' ? undefined : typeof v === 'bigint' ? v.toString() : v))).join(';') + '|' + tk;
}

function mergeIdenticalBlocks(f: MFunc): boolean {
  const seen = new Map<string, MBlock>();
  let changed = false;
  for (const b of f.blocks) {
    if (b === f.blocks[0]) continue;
    const k = blockKey(b);
    if (k === undefined) continue;
    const first = seen.get(k);
    if (!first) {
      seen.set(k, b);
      continue;
    }
    for (const p of f.blocks) if (p.term && p !== b) retarget(p.term, b, first);
    changed = true;
  }
  return changed;
}

function dropUnreachable(f: MFunc): boolean {
  const reach = new Set(reversePostorder({ entry: f.blocks[0] as MBlock, succs: (b: MBlock) => mSuccessors(b.term) }));
  if (reach.size === f.blocks.length) return false;
  f.blocks = f.blocks.filter((b) => reach.has(b));
  return true;
}
