// Internet checksum arithmetic as the x86-64 kernel does it (include/net/checksum.h, arch/x86/lib/
// csum-partial_64.c, net/core/utils.c): one's-complement sums on little-endian loads of network-order
// data, so results are byte-for-byte what the kernel stores. In: byte arrays and 32-bit __wsum values
// (numbers 0..2^32-1). Out: __wsum / __sum16 values (16-bit sums as the u16 loaded little-endian).
//
// csum_partial (x86-64, Linux ≥ 6.1): 64-bit add-with-carry chains over 80-byte blocks (two lanes of
// 40 bytes), then 40, 32, 16, 8 bytes and a zero-padded tail, folded with (s + ror64(s, 32)) >> 32.
// Emulated exactly (including which of the two representations of zero comes out).

// 64-bit values are kept as two uint32 numbers (hi, lo) in a small accumulator; JS numbers add them
// exactly, so carries are explicit as in the adc chains.
const TWO32 = 0x100000000;

class Acc {
  hi = 0;
  lo = 0;
  /** carry out of the last add */
  c = 0;
  /** adc: this + (qhi, qlo) + carry-in; sets the carry out */
  adc(qhi: number, qlo: number, cin: number): void {
    let lo = this.lo + qlo + cin;
    let carry = 0;
    if (lo >= TWO32) {
      lo -= TWO32;
      carry = 1;
    }
    let hi = this.hi + qhi + carry;
    this.c = 0;
    if (hi >= TWO32) {
      hi -= TWO32;
      this.c = 1;
    }
    this.hi = hi;
    this.lo = lo;
  }
}

function u32(b: Uint8Array, off: number): number {
  return ((b[off] ?? 0) | ((b[off + 1] ?? 0) << 8) | ((b[off + 2] ?? 0) << 16) | ((b[off + 3] ?? 0) << 24)) >>> 0;
}

/** `n` quadwords at `off` added with carries, then the final carry (addq/adcq…/adcq $0). */
function addQuads(a: Acc, b: Uint8Array, off: number, n: number): void {
  let c = 0;
  for (let i = 0; i < n; i++) {
    a.adc(u32(b, off + 8 * i + 4), u32(b, off + 8 * i), c);
    c = a.c;
  }
  a.adc(0, 0, c);
}

/** csum_finalize_sum: (t + ror64(t, 32)) >> 32 */
function finalize(a: Acc): number {
  const lo = a.lo + a.hi;
  const carry = lo >= TWO32 ? 1 : 0;
  return (a.hi + a.lo + carry) % TWO32;
}

/** csum_partial(buf, len, sum) of x86-64. */
export function csumPartial(buf: Uint8Array, sum: number): number {
  const t = new Acc();
  t.lo = sum >>> 0;
  let len = buf.length;
  let off = 0;
  if (len >= 80) {
    const t2 = new Acc();
    do {
      addQuads(t, buf, off, 5);
      addQuads(t2, buf, off + 40, 5);
      off += 80;
      len -= 80;
    } while (len >= 80);
    t.adc(t2.hi, t2.lo, 0);
    t.adc(0, 0, t.c);
  }
  if (len >= 40) {
    addQuads(t, buf, off, 5);
    len -= 40;
    if (!len) return finalize(t);
    off += 40;
  }
  if (len & 32) {
    addQuads(t, buf, off, 4);
    off += 32;
  }
  if (len & 16) {
    addQuads(t, buf, off, 2);
    off += 16;
  }
  if (len & 8) {
    addQuads(t, buf, off, 1);
    off += 8;
  }
  if (len & 7) {
    const tail = new Uint8Array(8);
    tail.set(buf.subarray(off, off + (len & 7)));
    addQuads(t, tail, 0, 1);
  }
  return finalize(t);
}

/** csum_add */
export function csumAdd(a: number, b: number): number {
  const s = (a >>> 0) + (b >>> 0);
  return (s >= 0x100000000 ? s - 0xffffffff : s) >>> 0;
}

/** csum_sub */
export function csumSub(a: number, b: number): number {
  return csumAdd(a, ~b >>> 0);
}

/** csum_fold: the 16-bit one's-complement sum, complemented. */
export function csumFold(s: number): number {
  let x = (s & 0xffff) + (s >>> 16);
  x = (x & 0xffff) + (x >>> 16);
  return ~x & 0xffff;
}

/** csum_unfold */
export const csumUnfold = (s: number): number => s & 0xffff;

/** csum_from32to16 (lib/checksum.h): fold without complement. */
export function csumFrom32to16(s: number): number {
  const x = ((s >>> 0) + (((s >>> 16) | (s << 16)) >>> 0)) >>> 0;
  return x >>> 16;
}

/** csum16_add */
function csum16Add(csum: number, addend: number): number {
  const r = (csum + addend) & 0xffff;
  return (r + (r < addend ? 1 : 0)) & 0xffff;
}

/** csum_replace2(sum, old, new): returns the new __sum16. */
export function csumReplace2(sum: number, from: number, to: number): number {
  return ~csum16Add(csum16Add(~sum & 0xffff, ~from & 0xffff), to & 0xffff) & 0xffff;
}

/** csum_replace4(sum, from, to) */
export function csumReplace4(sum: number, from: number, to: number): number {
  const tmp = csumSub(~csumUnfold(sum) >>> 0, from >>> 0);
  return csumFold(csumAdd(tmp, to >>> 0));
}

/** csum_replace_by_diff(sum, diff) */
export function csumReplaceByDiff(sum: number, diff: number): number {
  return csumFold(csumAdd(diff >>> 0, ~csumUnfold(sum) >>> 0));
}

/**
 * bpf_csum_diff's value. 'folded' (Linux ≥ 6.13): csum_sub(csum_partial(to, seed), csum_partial(from, 0))
 * (or the one-sided forms) folded by csum_from32to16. 'partial': csum_partial over ~from words then to
 * words, seeded (sizes must be multiples of 4; the caller checks).
 */
export function csumDiff(from: Uint8Array, to: Uint8Array, seed: number, mode: 'folded' | 'partial'): number {
  if (mode === 'partial') {
    const buf = new Uint8Array(from.length + to.length);
    for (let i = 0; i < from.length; i++) buf[i] = ~from[i]! & 0xff;
    buf.set(to, from.length);
    return csumPartial(buf, seed);
  }
  let ret = seed >>> 0;
  if (from.length && to.length) ret = csumSub(csumPartial(to, ret), csumPartial(from, 0));
  else if (to.length) ret = csumPartial(to, ret);
  else if (from.length) ret = ~csumPartial(from, ~ret >>> 0) >>> 0;
  return csumFrom32to16(ret);
}
