// Seeded random packets for the semantic fixtures (test/fixtures/c-lower/common.h's input layout).
/** A small seeded generator (xorshift32). */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** 256-byte packets: random bytes, with fields of the input struct often set to edge values. */
export function packets(seed: number, n: number): Uint8Array[] {
  const next = rng(seed);
  const out: Uint8Array[] = [];
  // offsets and sizes of struct in's fields (common.h)
  const fields: [number, number][] = [[0, 1], [1, 1], [2, 2], [4, 2], [8, 4], [12, 4], [16, 8], [24, 8]];
  for (let k = 0; k < n; k++) {
    const p = new Uint8Array(256);
    for (let i = 0; i < p.length; i++) p[i] = next() & 0xff;
    for (const [off, size] of fields) {
      const r = next() % 8;
      if (r >= 5) continue;
      const v = [0n, 1n, -1n, 1n << BigInt(size * 8 - 1), (1n << BigInt(size * 8 - 1)) - 1n][r] as bigint;
      for (let i = 0; i < size; i++) p[off + i] = Number((BigInt.asUintN(size * 8, v) >> BigInt(8 * i)) & 0xffn);
    }
    out.push(p);
  }
  return out;
}

