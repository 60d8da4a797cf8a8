// Assignment of whole records and arrays (struct copies, C11 §6.5.16.1). In: an Assign node of record
// type; out: an IR memcpy of the record's size from the source's location to the target's (expanded
// later into the widest loads and stores both sides allow); the target's location is the result.
import type { TExpr } from '../sema/index.js';
import type { Addr, FnLowering } from './context.js';
import { sizeOfType } from './ctypes.js';
import { aggAddr, lvalue } from './lvalue.js';
import { addrValue } from './memory.js';

export { lowerCallAgg } from './calls.js';

export function assignRecord(fx: FnLowering, e: TExpr & { kind: 'Assign' }): Addr {
  const dst = lvalue(fx, e.target).addr;
  const src = aggAddr(fx, e.rhs);
  fx.at(e.span);
  const size = sizeOfType(e.target.type);
  if (size > 0) {
    fx.b.memcpy(addrValue(fx, dst), addrValue(fx, src), size, {
      dstAlign: dst.stack ? dst.align : 1,
      srcAlign: src.stack ? src.align : 1,
    });
  }
  return dst;
}
