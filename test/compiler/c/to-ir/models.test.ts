// What clang-16 cannot compile for BPF, against models of C: signed division and remainder (C11 §6.5.5:
// the quotient truncated toward zero, a == (a/b)*b + a%b) by powers of two and their negatives at any
// cpu (shift sequences) and by other constants and variables at cpu v4; memcmp of constant sizes (the
// sign of the first differing byte pair, compared as unsigned char); __atomic_load_n/__atomic_store_n.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPreprocessCache } from '../../../../grammar/c/preprocess/index.js';
import { createRunner, loadObject } from '../../../../runtime/loader/index.js';
import type { Cpu } from '../../../../compiler/c/to-ir/index.js';
import { compileFile, objectOf } from './compile.js';
import { packets } from './packets.js';

const FILE = join(import.meta.dirname, '../../../fixtures/c-lower/models.c');
const cache = createPreprocessCache();

const rd = (p: Uint8Array, off: number, size: number, signed: boolean): bigint => {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(p[off + i] as number);
  return signed ? BigInt.asIntN(size * 8, v) : v;
};

/** C division: truncated quotient; the remainder has the dividend's sign. Results as u64 words. */
function div(a: bigint, b: bigint, bits: number): [bigint, bigint] {
  let q = a / b; // BigInt division truncates toward zero, as C
  q = BigInt.asIntN(bits, q); // INT_MIN / -1 wraps (undefined in C; the eBPF sdiv result)
  const r = a - BigInt.asIntN(bits, q * b);
  return [BigInt.asUintN(64, q), BigInt.asUintN(64, BigInt.asIntN(bits, r))];
}

function words(p: Uint8Array): bigint[] {
  return Array.from({ length: 24 }, (_, i) => rd(p, 64 + i * 8, 8, false));
}

function run(mcpu: Cpu, name: string, model: (p: Uint8Array) => bigint[]): void {
  const compiled = compileFile(FILE, { headers: 'bundled', cache, mcpu, defines: mcpu === 4 ? ['V4'] : [] });
  const obj = loadObject(objectOf(compiled));
  const runner = createRunner(obj, obj.program(name));
  packets(mcpu * 31 + name.length, 200).forEach((p, i) => {
    const o = runner.run(p);
    expect(o.kind, `packet ${i}`).toBe('ok');
    if (o.kind !== 'ok') return;
    const want = model(p);
    const got = words(o.packet).slice(0, want.length);
    expect(got, `${name} packet ${i}`).toEqual(want);
  });
}

const pow2 = (p: Uint8Array): bigint[] => {
  const out: bigint[] = [];
  for (const [x, bits] of [[rd(p, 12, 4, true), 32], [rd(p, 24, 8, true), 64], [rd(p, 1, 1, true), 32]] as [bigint, number][]) {
    for (const d of [2n, 8n, -4n, 1024n]) out.push(...div(x, d, bits));
  }
  return out;
};

const sign = (a: Uint8Array, b: Uint8Array): bigint => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1n : 1n;
  return 0n;
};

describe('memcmp and __atomic loads and stores', () => {
  it('memcmp gives the sign of the first difference', () => {
    run(3, 'cmp_mem', (p) => {
      const at = (o: number, n: number): Uint8Array => p.subarray(o, o + n);
      const b = 32; // in.bytes
      return [sign(at(b, 8), at(b + 8, 8)), sign(at(b, 11), at(b + 12, 11)), 0n, sign(at(0, 3), at(b + 20, 3))].map((v) => BigInt.asUintN(64, v));
    });
  });
  it('__atomic_load_n and __atomic_store_n', () => {
    run(3, 'atomic_ls', (p) => [BigInt.asUintN(64, rd(p, 16, 8, false) + 1n), 7n]);
  });
});

describe('signed division and remainder', () => {
  it.each([1, 3, 4] as Cpu[])('by powers of two at cpu v%i', (cpu) => run(cpu, 'sdiv_pow2', pow2));

  it('by other constants and by variables at cpu v4', () => {
    run(4, 'sdiv_any', (p) => {
      const f = rd(p, 12, 4, true);
      const h = rd(p, 24, 8, true);
      const e = BigInt.asIntN(32, rd(p, 8, 4, false));
      const g = BigInt.asIntN(64, rd(p, 16, 8, false));
      return [
        ...div(f, 7n, 32), ...div(h, -10n, 64), ...div(e, BigInt.asIntN(32, f | 1n), 32),
        ...div(g, h | 1n, 64), ...div(rd(p, 4, 2, true), 3n, 32),
      ];
    });
  });
});
