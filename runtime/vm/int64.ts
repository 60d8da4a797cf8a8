// Exact 64-bit integer arithmetic on pairs of int32 halves (lo, hi), the register representation of
// both VM tiers. In: halves as int32 numbers. Out: results written to a 2-slot scratch Int32Array
// (t[0] = lo, t[1] = hi) or returned as int32. Semantics are RFC 9669 §4.1: wrap-around arithmetic,
// unsigned and signed (truncating) division; the callers handle division by zero. The rare 64-bit
// division of operands wider than 53 bits falls back to BigInt.

const TWO32 = 4294967296;

/** High 32 bits (as int32) of the unsigned 64-bit product of two u32 values given as int32. */
export function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** t = (ah:al) * (bh:bl) mod 2^64 */
export function mul64(t: Int32Array, al: number, ah: number, bl: number, bh: number): void {
  t[0] = Math.imul(al, bl);
  t[1] = (mulHi32(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
}

export function toBigU(lo: number, hi: number): bigint {
  return hi === 0 ? BigInt(lo >>> 0) : (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function toBigS(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

/** Writes the low 64 bits of `v` (two's complement) to t. */
export function fromBig(t: Int32Array, v: bigint): void {
  t[0] = Number(BigInt.asIntN(32, v));
  t[1] = Number(BigInt.asIntN(32, v >> 32n));
}

/** t = (ah:al) / (bh:bl), unsigned; divisor non-zero. */
export function udiv64(t: Int32Array, al: number, ah: number, bl: number, bh: number): void {
  if (ah === 0 && bh === 0) {
    t[0] = ((al >>> 0) / (bl >>> 0)) | 0;
    t[1] = 0;
    return;
  }
  if (ah >>> 21 === 0 && bh >>> 21 === 0) {
    // both below 2^53: floating division then floor is exact
    const q = Math.floor(((ah >>> 0) * TWO32 + (al >>> 0)) / ((bh >>> 0) * TWO32 + (bl >>> 0)));
    t[0] = q | 0;
    t[1] = (q / TWO32) | 0;
    return;
  }
  fromBig(t, toBigU(al, ah) / toBigU(bl, bh));
}

/** t = (ah:al) % (bh:bl), unsigned; divisor non-zero. */
export function umod64(t: Int32Array, al: number, ah: number, bl: number, bh: number): void {
  if (ah === 0 && bh === 0) {
    t[0] = ((al >>> 0) % (bl >>> 0)) | 0;
    t[1] = 0;
    return;
  }
  if (ah >>> 21 === 0 && bh >>> 21 === 0) {
    const r = ((ah >>> 0) * TWO32 + (al >>> 0)) % ((bh >>> 0) * TWO32 + (bl >>> 0));
    t[0] = r | 0;
    t[1] = (r / TWO32) | 0;
    return;
  }
  fromBig(t, toBigU(al, ah) % toBigU(bl, bh));
}

/** t = (ah:al) / (bh:bl), signed, truncating; divisor non-zero; INT64_MIN / -1 = INT64_MIN. */
export function sdiv64(t: Int32Array, al: number, ah: number, bl: number, bh: number): void {
  if (ah === al >> 31 && bh === bl >> 31) {
    // both fit in int32: the quotient is in [-2^31, 2^31]
    const q = Math.trunc(al / bl);
    t[0] = q | 0;
    t[1] = q < 0 ? -1 : 0;
    return;
  }
  fromBig(t, toBigS(al, ah) / toBigS(bl, bh));
}

/** t = (ah:al) % (bh:bl), signed, result has the dividend's sign; divisor non-zero. */
export function smod64(t: Int32Array, al: number, ah: number, bl: number, bh: number): void {
  if (ah === al >> 31 && bh === bl >> 31) {
    const r = al % bl;
    t[0] = r | 0;
    t[1] = r < 0 ? -1 : 0;
    return;
  }
  fromBig(t, toBigS(al, ah) % toBigS(bl, bh));
}

/** Byte-reverses a 32-bit value. */
export function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** Byte-reverses the low 16 bits (result zero-extended). */
export function bswap16(x: number): number {
  return ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
}
