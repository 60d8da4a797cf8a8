// Seeded, bounded fuzzing of decodeObject (and of encodeObject on whatever still decodes) and of the
// objdump listing: bit flips, truncations and random field overwrites of the fixture objects must end in
// success or an EbpfcError — never another exception, never a hang.
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeElf } from '../../../runtime/elf/index.js';
import { EbpfcError } from '../../../runtime/errors.js';
import { decodeObject, encodeObject, listObject, printListing } from '../../../runtime/object/index.js';
import { bpfObjects } from './fixtures.js';

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CASES_PER_FILE = 400;

/** Byte ranges worth mutating: the ELF and section headers and every section libbpf reads. */
function targets(bytes: Uint8Array): [number, number][] {
  const f = decodeElf(bytes);
  const out: [number, number][] = [[0, 64]];
  const shoff = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(40, true));
  out.push([shoff, bytes.length]);
  for (const s of f.sections) {
    if (s.size === 0 || s.type === 8 || s.name.startsWith('.debug') || s.name.startsWith('.rel.debug')) continue;
    out.push([s.offset, s.offset + s.size]);
  }
  return out;
}

function mutate(orig: Uint8Array, rnd: () => number, ranges: [number, number][]): Uint8Array {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const [lo, hi] = ranges[pick(ranges.length)] as [number, number];
  const at = (width: number): number => Math.max(0, Math.min(orig.length - width, lo + pick(Math.max(1, hi - lo))));
  const b = orig.slice();
  const dv = new DataView(b.buffer);
  switch (pick(5)) {
    case 0: // bit flips
      for (let i = 1 + pick(8); i > 0; i--) {
        const p = at(1);
        b[p] = (b[p] as number) ^ (1 << pick(8));
      }
      return b;
    case 1: // truncation
      return b.slice(0, pick(b.length));
    case 2: // random u32
      dv.setUint32(at(4), Math.floor(rnd() * 0x100000000), true);
      return b;
    case 3: // small or boundary values, where offsets and counts live
      dv.setUint32(at(4), [0, 1, 7, 8, 0xffff, 0x7fffffff, 0xffffffff, 24, 64][pick(9)] as number, true);
      return b;
    default: // random u64
      dv.setBigUint64(at(8), BigInt(Math.floor(rnd() * 2 ** 32)) * BigInt(Math.floor(rnd() * 2 ** 32)), true);
      return b;
  }
}

describe('fuzzing decodeObject / encodeObject / listObject', () => {
  it.each(bpfObjects.map((p, i) => [basename(p), p, i] as const))(
    '%s: mutations give a spec or an EbpfcError',
    (_, path, seed) => {
      const orig = new Uint8Array(readFileSync(path));
      const ranges = targets(orig);
      const rnd = prng(0x5eed + seed);
      const outcomes = { ok: 0, typed: 0 };
      for (let i = 0; i < CASES_PER_FILE; i++) {
        const input = mutate(orig, rnd, ranges);
        try {
          printListing(listObject(input, { relocations: true, source: true }), 'x.o');
        } catch (e) {
          if (!(e instanceof EbpfcError)) {
            throw new Error(`listing, case ${i} (seed ${0x5eed + seed}) threw ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
          }
        }
        try {
          const spec = decodeObject(input);
          decodeObject(encodeObject(spec));
          outcomes.ok++;
        } catch (e) {
          if (!(e instanceof EbpfcError)) {
            throw new Error(`case ${i} (seed ${0x5eed + seed}) threw ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
          }
          outcomes.typed++;
        }
      }
      expect(outcomes.ok + outcomes.typed).toBe(CASES_PER_FILE);
      // the mutations are not all rejected on the spot, nor all harmless
      expect(outcomes.typed).toBeGreaterThan(CASES_PER_FILE / 20);
    },
    20_000,
  );
});
