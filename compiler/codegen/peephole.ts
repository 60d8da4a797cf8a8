// Clean-ups on allocated machine code (physical registers):
//  - edge hoisting: a block that only sets registers and jumps, reached from a conditional branch, is
//    merged into the branching block when the registers it sets are dead on the branch's other path and
//    not read by the compare — `r0 = 1; if r1 > r2 goto exit` instead of a separate `r0 = 1; goto exit`
//    block (the shape clang produces for early returns);
//  - jump threading: blocks that only jump elsewhere are bypassed;
//  - unreachable blocks are dropped.
import { liveness } from './liveness.js';
import { defsOf, isReg, mSuccessors, type MBlock, type MFunc, type MTerm } from './mir.js';
import { reversePostorder } from '../ir/index.js';

export function peephole(f: MFunc): void {
  for (let again = true; again; ) {
    again = false;
    if (threadJumps(f)) again = true;
    if (hoistEdgeCopies(f)) again = true;
    if (dropUnreachable(f)) again = true;
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

function dropUnreachable(f: MFunc): boolean {
  const reach = new Set(reversePostorder({ entry: f.blocks[0] as MBlock, succs: (b: MBlock) => mSuccessors(b.term) }));
  if (reach.size === f.blocks.length) return false;
  f.blocks = f.blocks.filter((b) => reach.has(b));
  return true;
}
