// Dead code elimination: marks live every instruction with a side effect (stores, atomics, calls,
// memcpy/memset, volatile loads) and every terminator operand, then everything they use, transitively;
// deletes the rest (including dead phi cycles). A fetching atomic add/or/and/xor whose old value is
// never used becomes the plain atomic (`__sync_fetch_and_add(p, 1);` as a statement is `lock add`,
// which also exists before cpu v3).
import type { Inst, Value } from '../nodes.js';
import { isInst } from '../nodes.js';
import { hasSideEffects, instOperands, termOperands, useCounts } from '../operands.js';
import { T } from '../types.js';
import { deleteInsts, type FuncPass } from './util.js';

export const dce: FuncPass = (f) => {
  let changed = false;
  const uses = useCounts(f);
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.kind === 'atomic' && i.fetch && i.op !== 'xchg' && i.op !== 'cmpxchg' && !uses.get(i)) {
        i.fetch = false;
        i.type = T.void;
        changed = true;
      }
    }
  }
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
  return changed || dead.size > 0;
};
