// The fuzzing machinery shared by fuzz.test.ts and longer ad-hoc runs: seed sections (the corpus and
// the example objects), byte-level corruption, and the list of consumers run on whatever decodes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BtfError, decodeBtf, formatValue, printBtf, printBtfC, printBtfJson, typeAlign, typeSize, validateBtf, encodeBtf,
  type Btf,
} from '../../../runtime/btf/index.js';
import { decodeElf } from '../../../runtime/elf/index.js';
import { NAMES, fixture } from './fixtures.js';
import { prng } from './mutate.js';

export interface Seed {
  name: string;
  btf: Uint8Array;
  ext?: Uint8Array;
}

export function seeds(): Seed[] {
  const out: Seed[] = NAMES.map((n) => ({ name: n, btf: fixture(`${n}.btf`), ext: fixture(`${n}.btf.ext`) }));
  const clangDir = fileURLToPath(new URL('../../fixtures/clang/', import.meta.url));
  for (const f of readdirSync(clangDir).filter((x) => x.endsWith('.o'))) {
    const elf = decodeElf(new Uint8Array(readFileSync(join(clangDir, f))));
    const btf = elf.sections.find((s) => s.name === '.BTF');
    if (btf) out.push({ name: f, btf: btf.data.slice(), ext: elf.sections.find((s) => s.name === '.BTF.ext')?.data.slice() });
  }
  return out;
}

const SPECIAL = [0, 1, 2, 3, 4, 8, 12, 16, 24, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0xffffff, 0x1000000, 0x7fffffff, 0x80000000, 0xffffffff];

/** One random corruption of `b` (a copy). */
export function corrupt(b: Uint8Array, rnd: () => number): Uint8Array {
  const out = b.slice();
  const dv = new DataView(out.buffer);
  const ops = 1 + Math.floor(rnd() * 3);
  let bytes = out;
  for (let k = 0; k < ops; k++) {
    const r = rnd();
    if (r < 0.35 && bytes.length > 0) {
      const i = Math.floor(rnd() * bytes.length);
      bytes[i]! ^= 1 << Math.floor(rnd() * 8);
    } else if (r < 0.75 && bytes.length >= 4) {
      // header fields get extra attention: they steer everything else
      const at = rnd() < 0.3 ? 4 * Math.floor(rnd() * Math.min(8, bytes.length / 4)) : Math.floor(rnd() * (bytes.length - 3));
      const v = rnd() < 0.6 ? SPECIAL[Math.floor(rnd() * SPECIAL.length)]! : Math.floor(rnd() * 0x100000000);
      dv.setUint32(at, v >>> 0, true);
    } else if (r < 0.9) {
      bytes = bytes.subarray(0, Math.floor(rnd() * bytes.length));
    } else if (bytes.length >= 8) {
      // small integer tweaks keep blobs plausible (ids, sizes and offsets off by a little)
      const at = 4 * Math.floor(rnd() * (bytes.length / 4 - 1));
      dv.setUint32(at, (dv.getUint32(at, true) + Math.floor(rnd() * 9) - 4) >>> 0, true);
    }
  }
  return bytes.slice();
}

/** Runs fn; only a BtfError may come out. */
export function guarded(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof BtfError)) throw new Error(`${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
}

export function exercise(btf: Btf, rnd: () => number, what: string): void {
  guarded(`${what} encode`, () => {
    const again = decodeBtf(encodeBtf(btf));
    if (again.types.length !== btf.types.length) throw new Error(`${what}: re-decoded ${again.types.length} types, not ${btf.types.length}`);
  });
  guarded(`${what} printBtf`, () => void printBtf(btf));
  guarded(`${what} printBtfJson`, () => void printBtfJson(btf));
  guarded(`${what} printBtfC`, () => void printBtfC(btf));
  guarded(`${what} validate`, () => validateBtf(btf));
  const memo = new Map<number, number>();
  for (let id = 0; id < btf.types.length; id++) {
    guarded(`${what} typeSize(${id})`, () => void typeSize(btf, id));
    guarded(`${what} typeAlign(${id})`, () => void typeAlign(btf, id, memo));
  }
  for (let k = 0; k < 5; k++) {
    const id = Math.floor(rnd() * btf.types.length);
    const data = new Uint8Array(Math.floor(rnd() * 64));
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(rnd() * 256);
    guarded(`${what} formatValue(${id})`, () => void formatValue(btf, id, data));
  }
}

/** Runs `count` corrupted-.BTF cases from `seed`; returns how many decoded and the slowest case (ms). */
export function fuzzBtf(seed: number, count: number): { decoded: number; slowest: number } {
  const all = seeds();
  const rnd = prng(seed);
  let decoded = 0;
  let slowest = 0;
  for (let i = 0; i < count; i++) {
    const s = all[i % all.length]!;
    const blob = corrupt(s.btf, rnd);
    const what = `seed ${seed} case ${i} (${s.name})`;
    const t0 = performance.now();
    let btf: Btf | undefined;
    guarded(`${what} decode`, () => {
      btf = decodeBtf(blob);
    });
    if (btf) {
      decoded++;
      exercise(btf, rnd, what);
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
  return { decoded, slowest };
}

