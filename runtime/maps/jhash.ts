// Bob Jenkins' lookup3 hash as the Linux kernel spells it (include/linux/jhash.h): jhash() over bytes and
// jhash2() over 32-bit words (read little-endian, as on x86). Hash maps pick buckets with it and the bloom
// filter sets its bits with it, so reproducing it reproduces the kernel's iteration order and false
// positives (with BPF_F_ZERO_SEED). Inputs: bytes, length, initval; output: an unsigned 32-bit hash.

const JHASH_INITVAL = 0xdeadbeef;

// The mix and final steps are written out on locals (no state object), so hashing allocates nothing.

function u32le(k: Uint8Array, i: number): number {
  return k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24);
}

/** jhash(key, length, initval): the kernel's byte-wise lookup3. */
export function jhash(key: Uint8Array, length: number, initval: number): number {
  return jhashAt(key, 0, length, initval);
}

/** jhash over `length` bytes of `key` starting at `off`. */
export function jhashAt(key: Uint8Array, off: number, length: number, initval: number): number {
  let a = (JHASH_INITVAL + length + initval) | 0;
  let b = a;
  let c = a;
  let k = off;
  while (length > 12) {
    a = (a + u32le(key, k)) | 0;
    b = (b + u32le(key, k + 4)) | 0;
    c = (c + u32le(key, k + 8)) | 0;
    // __jhash_mix
    a = (a - c) | 0; a ^= (c << 4) | (c >>> 28); c = (c + b) | 0;
    b = (b - a) | 0; b ^= (a << 6) | (a >>> 26); a = (a + c) | 0;
    c = (c - b) | 0; c ^= (b << 8) | (b >>> 24); b = (b + a) | 0;
    a = (a - c) | 0; a ^= (c << 16) | (c >>> 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= (a << 19) | (a >>> 13); a = (a + c) | 0;
    c = (c - b) | 0; c ^= (b << 4) | (b >>> 28); b = (b + a) | 0;
    length -= 12;
    k += 12;
  }
  if (length === 0) return c >>> 0;
  // the kernel's fall-through switch: add the tail bytes to a, b, c
  for (let i = length - 1; i >= 0; i--) {
    const v = key[k + i]! << ((i & 3) * 8);
    if (i >= 8) c = (c + v) | 0;
    else if (i >= 4) b = (b + v) | 0;
    else a = (a + v) | 0;
  }
  return jhashFinal(a, b, c);
}

/** __jhash_final; returns c as an unsigned 32-bit value. */
function jhashFinal(a: number, b: number, c: number): number {
  c ^= b; c = (c - ((b << 14) | (b >>> 18))) | 0;
  a ^= c; a = (a - ((c << 11) | (c >>> 21))) | 0;
  b ^= a; b = (b - ((a << 25) | (a >>> 7))) | 0;
  c ^= b; c = (c - ((b << 16) | (b >>> 16))) | 0;
  a ^= c; a = (a - ((c << 4) | (c >>> 28))) | 0;
  b ^= a; b = (b - ((a << 14) | (a >>> 18))) | 0;
  c ^= b; c = (c - ((b << 24) | (b >>> 8))) | 0;
  return c >>> 0;
}

/** jhash2(words, nwords, initval): lookup3 over 32-bit words; `key` holds 4*nwords bytes. */
export function jhash2(key: Uint8Array, nwords: number, initval: number): number {
  return jhash2At(key, 0, nwords, initval);
}

/** jhash2 over `nwords` words of `key` starting at byte `off`. */
export function jhash2At(key: Uint8Array, off: number, nwords: number, initval: number): number {
  let a = (JHASH_INITVAL + (nwords << 2) + initval) | 0;
  let b = a;
  let c = a;
  let k = off;
  let length = nwords;
  while (length > 3) {
    a = (a + u32le(key, k)) | 0;
    b = (b + u32le(key, k + 4)) | 0;
    c = (c + u32le(key, k + 8)) | 0;
    a = (a - c) | 0; a ^= (c << 4) | (c >>> 28); c = (c + b) | 0;
    b = (b - a) | 0; b ^= (a << 6) | (a >>> 26); a = (a + c) | 0;
    c = (c - b) | 0; c ^= (b << 8) | (b >>> 24); b = (b + a) | 0;
    a = (a - c) | 0; a ^= (c << 16) | (c >>> 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= (a << 19) | (a >>> 13); a = (a + c) | 0;
    c = (c - b) | 0; c ^= (b << 4) | (b >>> 28); b = (b + a) | 0;
    length -= 3;
    k += 12;
  }
  if (length === 0) return c >>> 0;
  if (length >= 3) c = (c + u32le(key, k + 8)) | 0;
  if (length >= 2) b = (b + u32le(key, k + 4)) | 0;
  a = (a + u32le(key, k)) | 0;
  return jhashFinal(a, b, c);
}

/** The hash htab uses for a key: jhash2 when the size is a multiple of 4, jhash otherwise. */
export function htabHash(key: Uint8Array, keySize: number, seed: number): number {
  return htabHashAt(key, 0, keySize, seed);
}

/** htabHash of the key at byte `off` of `key` (e.g. a key in VM memory, hashed where it lies). */
export function htabHashAt(key: Uint8Array, off: number, keySize: number, seed: number): number {
  return (keySize & 3) === 0 ? jhash2At(key, off, keySize >>> 2, seed) : jhashAt(key, off, keySize, seed);
}
