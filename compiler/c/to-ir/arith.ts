// Integer arithmetic of C on IR values (C11 §6.5.5–6.5.9, §6.3.1): binary operators on operands already
// converted by sema (signedness from the operand type), division and remainder — by powers of two with
// shifts, since cpu < v4 has no signed division, unsigned when the dividend is known non-negative —
// exact pointer-difference division, and the scalar conversions of assignment.
import { T, signedOf, type BinOp, type CmpPred, type IntType, type Value, type ValueType } from '../../ir/index.js';
import type { CType, TBinaryOp } from '../sema/index.js';
import type { FnLowering } from './context.js';
import { irIntOf, irTypeOf, isBoolType, isPtrType, isSigned } from './ctypes.js';
import { resize } from './memory.js';

/** An exact signed division of a byte difference by the element size (a shift, then a multiply by the inverse). */
export function exactDiv(fx: FnLowering, d: Value, size: number): Value {
  if (size <= 1) return d;
  let k = 0;
  let odd = size;
  while (odd % 2 === 0) {
    odd /= 2;
    k++;
  }
  let v = k > 0 ? fx.b.bin('ashr', d, fx.i64(k)) : d;
  if (odd > 1) v = fx.b.mul(v, fx.i64(inverse64(BigInt(odd))));
  return v;
}

/** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration). */
function inverse64(a: bigint): bigint {
  let x = a;
  for (let i = 0; i < 6; i++) x = BigInt.asUintN(64, x * (2n - BigInt.asUintN(64, a * x)));
  return x;
}

const CMP: Partial<Record<TBinaryOp, [CmpPred, CmpPred]>> = {
  '<': ['ult', 'slt'], '>': ['ugt', 'sgt'], '<=': ['ule', 'sle'], '>=': ['uge', 'sge'], '==': ['eq', 'eq'], '!=': ['ne', 'ne'],
};

/** The comparison predicate of a C comparison operator on operands of type `ot`. */
export function cmpPred(op: TBinaryOp, ot: CType): CmpPred | undefined {
  const p = CMP[op];
  if (!p) return undefined;
  return !isPtrType(ot) && isSigned(ot) ? p[1] : p[0];
}

/** A binary operator on operands already converted as sema says (shift amounts: their own type). */
export function binary(fx: FnLowering, op: TBinaryOp, a: Value, b: Value, ot: CType, _lt: CType, rt: CType, result: CType): Value {
  const pred = cmpPred(op, ot);
  if (pred) return fx.b.zext(fx.b.cmp(pred, a, b), irIntOf(result).bits);
  const t = a.type as IntType;
  const signed = isSigned(ot);
  switch (op) {
    case '+':
      return fx.b.add(a, b);
    case '-':
      return fx.b.sub(a, b);
    case '*':
      return fx.b.mul(a, b);
    case '&':
      return fx.b.and(a, b);
    case '|':
      return fx.b.or(a, b);
    case '^':
      return fx.b.xor(a, b);
    case '<<':
    case '>>': {
      const amount = resize(fx, b, b.type as IntType, t, isSigned(rt));
      const bop: BinOp = op === '<<' ? 'shl' : signed && !knownNonNegative(a) ? 'ashr' : 'lshr';
      return fx.b.bin(bop, a, amount);
    }
    case '/':
    case '%':
      return divide(fx, op === '%', a, b, t, signed);
    default:
      return fx.error(`unexpected operator ${op}`);
  }
}

/** Whether an integer value is certainly non-negative (so signed and unsigned division agree). */
export function knownNonNegative(v: Value): boolean {
  const bits = v.type.kind === 'int' ? v.type.bits : 64;
  switch (v.kind) {
    case 'const':
      return signedOf(v.value, bits as IntType['bits']) >= 0n;
    case 'cast':
      return v.op === 'zext' || (v.op === 'sext' && knownNonNegative(v.a));
    case 'bin':
      if (v.op === 'and') return knownNonNegative(v.a) || knownNonNegative(v.b);
      if (v.op === 'lshr') return v.b.kind === 'const' && v.b.value > 0n;
      if (v.op === 'urem') return knownNonNegative(v.b);
      if (v.op === 'or' || v.op === 'xor' || v.op === 'udiv') return knownNonNegative(v.a) && knownNonNegative(v.b);
      return false;
    case 'load':
      return v.width * 8 < bits;
    default:
      return false;
  }
}

/** Division and remainder; signed division by powers of two uses shifts (cpu < v4 has no sdiv). */
function divide(fx: FnLowering, rem: boolean, a: Value, b: Value, t: IntType, signedOp: boolean): Value {
  // a non-negative dividend and positive divisor: the unsigned operation gives the same result
  const signed = signedOp && !(knownNonNegative(a) && b.kind === 'const' && knownNonNegative(b));
  if (b.kind === 'const') {
    const d = signed ? signedOf(b.value, t.bits) : b.value;
    const mag = d < 0n ? -d : d;
    const k = mag > 0n && (mag & (mag - 1n)) === 0n ? mag.toString(2).length - 1 : -1;
    if (!signed && k >= 0) return rem ? fx.b.and(a, fx.b.int(t, mag - 1n)) : k === 0 ? a : fx.b.lshr(a, fx.b.int(t, k));
    if (signed && k >= 0) {
      if (k === 0) {
        if (rem) return fx.b.int(t, 0);
        return d < 0n ? fx.b.sub(fx.b.int(t, 0), a) : a;
      }
      // round toward zero: add 2^k - 1 to negative dividends before the arithmetic shift
      const sign = fx.b.bin('ashr', a, fx.b.int(t, t.bits - 1));
      const bias = fx.b.lshr(sign, fx.b.int(t, t.bits - k));
      const s = fx.b.add(a, bias);
      if (rem) return fx.b.sub(a, fx.b.and(s, fx.b.int(t, -mag)));
      const q = fx.b.bin('ashr', s, fx.b.int(t, k));
      return d < 0n ? fx.b.sub(fx.b.int(t, 0), q) : q;
    }
  }
  return fx.b.bin(signed ? (rem ? 'srem' : 'sdiv') : rem ? 'urem' : 'udiv', a, b);
}

/** Converts a scalar value between C types as assignment does (C11 §6.3.1.2, §6.3.1.3, §6.3.2.3). */
export function convert(fx: FnLowering, v: Value, from: CType, to: CType): Value {
  const ti = irTypeOf(to);
  const fi = v.type as ValueType;
  if (ti === undefined) return v;
  if (isBoolType(to)) {
    if (isBoolType(from)) return v;
    return fx.b.zext(fx.b.cmp('ne', v, fx.zero(fi)), 8);
  }
  if (ti.kind === 'ptr') {
    if (fi.kind === 'ptr') return v;
    const wide = resize(fx, v, fi, T.i64, isSigned(from));
    if (wide.kind === 'const') return wide.value === 0n ? fx.b.null() : fx.b.inttoptr(wide);
    return fx.b.inttoptr(wide);
  }
  if (fi.kind === 'ptr') {
    const i = fx.b.ptrtoint(v);
    return resize(fx, i, T.i64, ti, false);
  }
  return resize(fx, v, fi, ti, isSigned(from) && !isBoolType(from));
}
