// Integer constant folding with the BPF target's widths (C11 §6.5, §6.6): values are exact bigints
// wrapped to their type after every operation, as the hardware (and clang's constant evaluator) would
// compute them. In: operator, operand values and the operation's integer kind; out: the value, or
// undefined where C leaves the result undefined (division by zero, overlong shifts, signed overflow is
// folded by wrapping, as clang's constant folder does for the C extensions it accepts).
import { INT_INFO, type IntKind } from './types.js';
import type { TBinaryOp } from './typed-ast.js';

export function bitsOf(k: IntKind): number {
  return INT_INFO[k].size * 8;
}

/** `v` reduced to the range of integer kind `k` (two's complement wrap; _Bool: 0 or 1). */
export function wrapInt(v: bigint, k: IntKind): bigint {
  if (k === '_Bool') return v !== 0n ? 1n : 0n;
  const bits = bitsOf(k);
  return INT_INFO[k].signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

/** Whether `v` is representable in kind `k`. */
export function fitsInt(v: bigint, k: IntKind): boolean {
  if (k === '_Bool') return v === 0n || v === 1n;
  return wrapInt(v, k) === v;
}

/**
 * Folds a binary operator. For arithmetic and comparisons both values are already of kind `k` (the
 * operand type); for shifts `k` is the promoted left type. Comparisons return 0n/1n.
 */
export function foldBinary(op: TBinaryOp, a: bigint, b: bigint, k: IntKind): bigint | undefined {
  switch (op) {
    case '+': return wrapInt(a + b, k);
    case '-': return wrapInt(a - b, k);
    case '*': return wrapInt(a * b, k);
    case '/':
      if (b === 0n) return undefined;
      return wrapInt(a / b, k); // BigInt division truncates toward zero, as C
    case '%':
      if (b === 0n) return undefined;
      return wrapInt(a % b, k); // sign follows the dividend, as C
    case '<<': {
      if (b < 0n || b >= BigInt(bitsOf(k))) return undefined;
      return wrapInt(a << b, k);
    }
    case '>>': {
      if (b < 0n || b >= BigInt(bitsOf(k))) return undefined;
      return wrapInt(a >> b, k); // arithmetic for signed values, logical for unsigned (a ≥ 0)
    }
    case '&': return wrapInt(a & b, k);
    case '|': return wrapInt(a | b, k);
    case '^': return wrapInt(a ^ b, k);
    case '<': return a < b ? 1n : 0n;
    case '>': return a > b ? 1n : 0n;
    case '<=': return a <= b ? 1n : 0n;
    case '>=': return a >= b ? 1n : 0n;
    case '==': return a === b ? 1n : 0n;
    case '!=': return a !== b ? 1n : 0n;
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** Byte swap of the low `bytes` bytes of `v` (the __builtin_bswap16/32/64 result, unsigned). */
export function bswap(v: bigint, bytes: number): bigint {
  let x = BigInt.asUintN(bytes * 8, v);
  let out = 0n;
  for (let i = 0; i < bytes; i++) {
    out = (out << 8n) | (x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Writes `v` little-endian into `size` bytes of `out` at `offset`. */
export function storeLE(out: Uint8Array, offset: number, size: number, v: bigint): void {
  let x = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) {
    out[offset + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

/** ORs a `width`-bit field holding `v` into `out` at bit offset `bitOffset` (little-endian bit order). */
export function storeBits(out: Uint8Array, bitOffset: number, width: number, v: bigint): void {
  let x = BigInt.asUintN(width, v);
  for (let i = 0; i < width; i++) {
    const bit = bitOffset + i;
    const byte = bit >> 3;
    const mask = 1 << (bit & 7);
    if ((x & 1n) !== 0n) out[byte]! |= mask;
    else out[byte]! &= ~mask & 0xff;
    x >>= 1n;
  }
}
