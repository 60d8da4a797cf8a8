// Bob Jenkins' lookup3 hash as the Linux kernel spells it (include/linux/jhash.h): jhash() over bytes and
// jhash2() over 32-bit words (read little-endian, as on x86). Hash maps pick buckets with it and the bloom
// filter sets its bits with it, so reproducing it reproduces the kernel's iteration order and false
// positives (with BPF_F_ZERO_SEED). Inputs: bytes, length, initval; output: an unsigned 32-bit hash.

const JHASH_INITVAL = 0xdeadbeef;

function rol32(x: number, s: number): number {
  return (x << s) | (x >>> (32 - s));
}

interface Abc {
  a: number;
  b: number;
  c: number;
}

function mix(s: Abc): void {
  let { a, b, c } = s;
  a = (a - c) | 0; a ^= rol32(c, 4); c = (c + b) | 0;
  b = (b - a) | 0; b ^= rol32(a, 6); a = (a + c) | 0;
  c = (c - b) | 0; c ^= rol32(b, 8); b = (b + a) | 0;
  a = (a - c) | 0; a ^= rol32(c, 16); c = (c + b) | 0;
  b = (b - a) | 0; b ^= rol32(a, 19); a = (a + c) | 0;
  c = (c - b) | 0; c ^= rol32(b, 4); b = (b + a) | 0;
  s.a = a; s.b = b; s.c = c;
}

function final(s: Abc): void {
  let { a, b, c } = s;
  c ^= b; c = (c - rol32(b, 14)) | 0;
  a ^= c; a = (a - rol32(c, 11)) | 0;
  b ^= a; b = (b - rol32(a, 25)) | 0;
  c ^= b; c = (c - rol32(b, 16)) | 0;
  a ^= c; a = (a - rol32(c, 4)) | 0;
  b ^= a; b = (b - rol32(a, 14)) | 0;
  c ^= b; c = (c - rol32(b, 24)) | 0;
  s.a = a; s.b = b; s.c = c;
}

function u32le(k: Uint8Array, i: number): number {
  return k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24);
}

/** jhash(key, length, initval): the kernel's byte-wise lookup3. */
export function jhash(key: Uint8Array, length: number, initval: number): number {
  const init = (JHASH_INITVAL + length + initval) | 0;
  const s: Abc = { a: init, b: init, c: init };
  let k = 0;
  while (length > 12) {
    s.a = (s.a + u32le(key, k)) | 0;
    s.b = (s.b + u32le(key, k + 4)) | 0;
    s.c = (s.c + u32le(key, k + 8)) | 0;
    mix(s);
    length -= 12;
    k += 12;
  }
  if (length === 0) return s.c >>> 0;
  // the kernel's fall-through switch: add the tail bytes to a, b, c
  for (let i = length - 1; i >= 0; i--) {
    const v = key[k + i]! << ((i % 4) * 8);
    if (i >= 8) s.c = (s.c + v) | 0;
    else if (i >= 4) s.b = (s.b + v) | 0;
    else s.a = (s.a + v) | 0;
  }
  final(s);
  return s.c >>> 0;
}

/** jhash2(words, nwords, initval): lookup3 over 32-bit words; `key` holds 4*nwords bytes. */
export function jhash2(key: Uint8Array, nwords: number, initval: number): number {
  const init = (JHASH_INITVAL + (nwords << 2) + initval) | 0;
  const s: Abc = { a: init, b: init, c: init };
  let k = 0;
  let length = nwords;
  while (length > 3) {
    s.a = (s.a + u32le(key, k)) | 0;
    s.b = (s.b + u32le(key, k + 4)) | 0;
    s.c = (s.c + u32le(key, k + 8)) | 0;
    mix(s);
    length -= 3;
    k += 12;
  }
  if (length === 0) return s.c >>> 0;
  if (length >= 3) s.c = (s.c + u32le(key, k + 8)) | 0;
  if (length >= 2) s.b = (s.b + u32le(key, k + 4)) | 0;
  s.a = (s.a + u32le(key, k)) | 0;
  final(s);
  return s.c >>> 0;
}

/** The hash htab uses for a key: jhash2 when the size is a multiple of 4, jhash otherwise. */
export function htabHash(key: Uint8Array, keySize: number, seed: number): number {
  return keySize % 4 === 0 ? jhash2(key, keySize / 4, seed) : jhash(key, keySize, seed);
}
