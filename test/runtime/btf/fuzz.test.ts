// Seeded, bounded fuzzing of the .BTF and .BTF.ext decoders and of everything that consumes a decoded
// graph (encoder, printers, C dumper, validator, size/alignment queries, value formatter): bit flips,
// truncations and random u32 overwrites of real clang-16 sections must end in success or a BtfError —
// never another exception, never a hang (cyclic graphs included).
import { describe, expect, it } from 'vitest';
import { decodeBtf, decodeBtfExt, encodeBtfExt } from '../../../runtime/btf/index.js';
import { corrupt, exercise, fuzzBtf, guarded, seeds } from './fuzzcore.js';
import { cloneBtf, mutate, prng } from './mutate.js';

describe('fuzzing', () => {
  const all = seeds();

  it('seeds decode', () => {
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const s of all) decodeBtf(s.btf);
  });

  it('.BTF: 3000 corrupted sections', () => {
    const { decoded, slowest } = fuzzBtf(0x5eed, 3000);
    // enough survive decoding for the consumers to be exercised; nothing takes long
    expect(decoded).toBeGreaterThan(300);
    expect(slowest).toBeLessThan(1000);
  });

  it('.BTF: 800 graphs with retargeted references, kinds, sizes and names', () => {
    const rnd = prng(0x9a9);
    const bases = all.map((s) => decodeBtf(s.btf));
    for (let i = 0; i < 800; i++) {
      const btf = cloneBtf(bases[i % bases.length]!);
      const n = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < n; k++) mutate(btf, rnd);
      exercise(btf, rnd, `graph case ${i}`);
    }
  });

  it('.BTF.ext: 2000 corrupted sections', () => {
    const rnd = prng(0xe47);
    let decoded = 0;
    for (let i = 0; i < 2000; i++) {
      const seed = all[i % all.length]!;
      if (!seed.ext) continue;
      const strings = decodeBtf(seed.btf).strings;
      const blob = corrupt(seed.ext, rnd);
      guarded(`ext case ${i} (${seed.name})`, () => {
        const ext = decodeBtfExt(blob, strings);
        decoded++;
        encodeBtfExt(ext, strings.clone());
      });
    }
    expect(decoded).toBeGreaterThan(200);
  });
});
