// Dead code elimination: marks live every instruction with a side effect (stores, atomics, calls,
// memcpy/memset, volatile loads) and every terminator operand, then everything they use, transitively;
// deletes the rest (including dead phi cycles).
import type { Inst, Value } from '../nodes.js';
import { isInst } from '../nodes.js';
import { hasSideEffects, instOperands, termOperands } from '../operands.js';
import { deleteInsts, type FuncPass } from './util.js';

export const dce: FuncPass = (f) => {
  const live = new Set<Inst>();
  const work: Inst[] = [];
  const mark = (v: Value): void => {
    if (isInst(v) && !live.has(v)) {
      live.add(v);
      work.push(v);
    }
  };
  for (const b of f.blocks) {
    for (const i of b.insts) if (hasSideEffects(i)) mark(i);
    if (b.term) for (const v of termOperands(b.term)) mark(v);
  }
  while (work.length > 0) for (const v of instOperands(work.pop() as Inst)) mark(v);
  const dead = new Set<Inst>();
  for (const b of f.blocks) for (const i of b.insts) if (!live.has(i)) dead.add(i);
  deleteInsts(f, dead);
  return dead.size > 0;
};
