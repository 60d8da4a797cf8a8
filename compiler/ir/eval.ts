// Exact evaluation of IR integer operations on BigInt values (unsigned representation of the operand
// width), following the eBPF semantics of RFC 9669 §4.1: wrap-around, x/0 = 0, x%0 = x, signed
// INT_MIN / -1 = INT_MIN and INT_MIN % -1 = 0, shift amounts masked to width-1. Shared by constant
// folding and the IR interpreter so both agree with the machine.
import { InternalError } from '../../runtime/errors.js';
import type { BinOp, CastOp, CmpPred } from './nodes.js';
import { normInt, signedOf, type IntBits } from './types.js';

export function evalBin(op: BinOp, bits: IntBits, a: bigint, b: bigint): bigint {
  const n = (v: bigint): bigint => normInt(v, bits);
  const sh = (v: bigint): bigint => v & BigInt(bits === 1 ? 0 : bits - 1);
  switch (op) {
    case 'add':
      return n(a + b);
    case 'sub':
      return n(a - b);
    case 'mul':
      return n(a * b);
    case 'udiv':
      return b === 0n ? 0n : n(a / b);
    case 'urem':
      return b === 0n ? a : n(a % b);
    case 'sdiv': {
      if (b === 0n) return 0n;
      const sa = signedOf(a, bits);
      const sb = signedOf(b, bits);
      return n(sa / sb); // BigInt division truncates toward zero; MIN / -1 wraps back to MIN
    }
    case 'srem': {
      if (b === 0n) return a;
      const sa = signedOf(a, bits);
      const sb = signedOf(b, bits);
      return n(sa % sb); // sign of the dividend, like C and the ISA
    }
    case 'and':
      return a & b;
    case 'or':
      return a | b;
    case 'xor':
      return a ^ b;
    case 'shl':
      return n(a << sh(b));
    case 'lshr':
      return a >> sh(b);
    case 'ashr':
      return n(signedOf(a, bits) >> sh(b));
    default: {
      const never: never = op;
      throw new InternalError(`evalBin: ${String(never)}`);
    }
  }
}

export function evalCmp(pred: CmpPred, bits: IntBits, a: bigint, b: bigint): boolean {
  switch (pred) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'ult':
      return a < b;
    case 'ule':
      return a <= b;
    case 'ugt':
      return a > b;
    case 'uge':
      return a >= b;
    case 'slt':
      return signedOf(a, bits) < signedOf(b, bits);
    case 'sle':
      return signedOf(a, bits) <= signedOf(b, bits);
    case 'sgt':
      return signedOf(a, bits) > signedOf(b, bits);
    case 'sge':
      return signedOf(a, bits) >= signedOf(b, bits);
    default: {
      const never: never = pred;
      throw new InternalError(`evalCmp: ${String(never)}`);
    }
  }
}

/** Casts between integer widths (pointer casts keep the 64-bit value). */
export function evalCast(op: CastOp, fromBits: IntBits, toBits: IntBits, a: bigint): bigint {
  switch (op) {
    case 'zext':
    case 'inttoptr':
    case 'ptrtoint':
    case 'retag':
      return a;
    case 'sext':
      return normInt(signedOf(a, fromBits), toBits);
    case 'trunc':
      return normInt(a, toBits);
    default: {
      const never: never = op;
      throw new InternalError(`evalCast: ${String(never)}`);
    }
  }
}

export function evalBswap(bits: IntBits, a: bigint): bigint {
  let out = 0n;
  for (let i = 0; i < bits / 8; i++) out = (out << 8n) | ((a >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** The predicate with operands swapped: a P b ⇔ b swap(P) a. */
export function swapPred(p: CmpPred): CmpPred {
  const m: Record<CmpPred, CmpPred> = { eq: 'eq', ne: 'ne', ult: 'ugt', ugt: 'ult', ule: 'uge', uge: 'ule', slt: 'sgt', sgt: 'slt', sle: 'sge', sge: 'sle' };
  return m[p];
}
/** The negated predicate: !(a P b) ⇔ a inv(P) b. */
export function invertPred(p: CmpPred): CmpPred {
  const m: Record<CmpPred, CmpPred> = { eq: 'ne', ne: 'eq', ult: 'uge', uge: 'ult', ule: 'ugt', ugt: 'ule', slt: 'sge', sge: 'slt', sle: 'sgt', sgt: 'sle' };
  return m[p];
}
export function isSignedPred(p: CmpPred): boolean {
  return p === 'slt' || p === 'sle' || p === 'sgt' || p === 'sge';
}
