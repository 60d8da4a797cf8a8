// Stack objects of at most 8 bytes raised to 8-byte alignment (the -O0 pipeline runs it: every local
// variable lives in its alloca there). The kernel's verifier keeps the exact state of a scalar written
// to the stack — its bounds, or the fact that it is a constant — only when the write starts at an
// 8-byte aligned offset from r10 (check_stack_write_fixed_off: `!(off % BPF_REG_SIZE)`); a 4-byte
// loop counter or length at fp-68 reads back as an unknown value, and the pointer arithmetic it bounds
// is refused. Each such variable in its own aligned 8-byte slot reads back as what was written.
// In: a function; out: the same function with raised `align` fields (nothing else changes).
import type { FuncPass } from './util.js';

export const alignSlots: FuncPass = (f) => {
  let changed = false;
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.kind === 'alloca' && i.size <= 8 && i.align < 8) {
        i.align = 8;
        changed = true;
      }
    }
  }
  return changed;
};
