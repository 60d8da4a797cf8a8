// Internet checksum arithmetic as the x86-64 kernel does it (include/net/checksum.h, arch/x86/lib/
// csum-partial_64.c, net/core/utils.c): one's-complement sums on little-endian loads of network-order
// data, so results are byte-for-byte what the kernel stores. In: byte arrays and 32-bit __wsum values
// (numbers 0..2^32-1). Out: __wsum / __sum16 values (16-bit sums as the u16 loaded little-endian).
//
// csum_partial (x86-64, Linux ≥ 6.1): 64-bit add-with-carry chains over 80-byte blocks (two lanes of
// 40 bytes), then 40, 32, 16, 8 bytes and a zero-padded tail, folded with (s + ror64(s, 32)) >> 32.
// Emulated exactly (including which of the two representations of zero comes out) with BigInt.

const M64 = (1n << 64n) - 1n;

/** a + b + carry-in on 64 bits; returns [sum, carry-out]. */
function adc(a: bigint, b: bigint, c: bigint): [bigint, bigint] {
  const s = a + b + c;
  return [s & M64, s >> 64n];
}

function q(b: Uint8Array, off: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[off + i] ?? 0);
  return v;
}

/** update_csum_40b: sum += five quadwords with carries, then the final carry. */
function add40(sum: bigint, b: Uint8Array, off: number): bigint {
  let c = 0n;
  for (let i = 0; i < 5; i++) [sum, c] = adc(sum, q(b, off + 8 * i), c);
  return adc(sum, 0n, c)[0];
}

function addN(sum: bigint, b: Uint8Array, off: number, n: number): bigint {
  let c = 0n;
  for (let i = 0; i < n; i++) [sum, c] = adc(sum, q(b, off + 8 * i), c);
  return adc(sum, 0n, c)[0];
}

function finalize(t: bigint): number {
  const ror = ((t >> 32n) | (t << 32n)) & M64;
  return Number((((t + ror) & M64) >> 32n) & 0xffffffffn);
}

/** csum_partial(buf, len, sum) of x86-64. */
export function csumPartial(buf: Uint8Array, sum: number): number {
  let t = BigInt(sum >>> 0);
  let len = buf.length;
  let off = 0;
  if (len >= 80) {
    let t2 = 0n;
    do {
      t = add40(t, buf, off);
      t2 = add40(t2, buf, off + 40);
      off += 80;
      len -= 80;
    } while (len >= 80);
    const [s, c] = adc(t, t2, 0n);
    t = adc(s, 0n, c)[0];
  }
  if (len >= 40) {
    t = add40(t, buf, off);
    len -= 40;
    if (!len) return finalize(t);
    off += 40;
  }
  if (len & 32) {
    t = addN(t, buf, off, 4);
    off += 32;
  }
  if (len & 16) {
    t = addN(t, buf, off, 2);
    off += 16;
  }
  if (len & 8) {
    t = addN(t, buf, off, 1);
    off += 8;
  }
  if (len & 7) {
    let trail = 0n;
    for (let i = (len & 7) - 1; i >= 0; i--) trail = (trail << 8n) | BigInt(buf[off + i]!);
    t = addN(t, u64Bytes(trail), 0, 1);
  }
  return finalize(t);
}

function u64Bytes(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  for (let i = 0; i < 8; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return b;
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
