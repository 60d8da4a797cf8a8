// Seeded fuzzing of the loader: decoded clang objects with mutated map definitions, data sections,
// relocations, function symbols and instructions are loaded and each program run once; nothing but an
// EbpfcError (a typed, stage-prefixed failure) may come out.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EbpfcError } from '../../../runtime/errors.js';
import { createRunner, loadObject } from '../../../runtime/loader/index.js';
import { decodeObject, type ObjectSpec } from '../../../runtime/object/index.js';

const ROOT = join(import.meta.dirname, '../../..');
const FILES = ['test/fixtures/clang', 'test/fixtures/corpus/clang'].flatMap((d) =>
  readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.o')).sort().map((f) => join(ROOT, d, f)));
const OBJECTS = FILES.map((f) => new Uint8Array(readFileSync(f)));
const WEIRD = [0, 1, 2, 3, 4, 7, 8, 255, 4096, 65535, 0x7fffffff, 0xffffffff, -1, 1e9, 2 ** 40, NaN];
/** Values each encodable instruction field can take (code u8, registers u4, off s16, imm s32). */
const INSN_VALUES: Record<string, readonly number[]> = {
  code: [0, 0x18, 0x85, 0x95, 0x61, 0x7b, 0xff], dst: [0, 1, 10, 11, 15], src: [0, 1, 2, 4, 15], off: [0, 1, -1, 0x7fff, -0x8000],
  imm: [0, 1, -1, 12, 0x7fffffff, -0x80000000],
};

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function mutate(spec: ObjectSpec, rnd: () => number): void {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const r = rnd();
  const set = (o: object, field: string, v: unknown): void => {
    (o as Record<string, unknown>)[field] = v;
  };
  if (r < 0.3 && spec.maps.length > 0) {
    set(pick(spec.maps), pick(['type', 'keySize', 'valueSize', 'maxEntries', 'flags']), pick(WEIRD));
  } else if (r < 0.45 && spec.data.length > 0) {
    const d = pick(spec.data);
    if (rnd() < 0.5) d.size = pick(WEIRD);
    else if (d.bytes !== undefined) d.bytes = d.bytes.subarray(0, Math.floor(rnd() * d.bytes.length));
  } else if (r < 0.7) {
    const p = pick(spec.programs);
    if (p.relocations.length > 0) {
      const rel = pick(p.relocations) as unknown as Record<string, unknown>;
      const field = pick(['offset', 'target', 'addend', 'map', 'section', 'kind']);
      set(rel, field, typeof rel[field] === 'string' ? pick(['x', 'map', 'data', 'call', 'callback', '.text', '.rodata']) : pick(WEIRD));
    }
  } else if (r < 0.85) {
    const p = pick(spec.programs);
    if (p.functions.length > 0) set(pick(p.functions), pick(['offset', 'size']), pick(WEIRD));
  } else {
    const p = pick(spec.programs);
    const field = pick(['code', 'src', 'dst', 'imm', 'off']);
    if (p.insns.length > 0) set(pick(p.insns), field, pick(INSN_VALUES[field]!));
  }
}

/** Cases per run; raise it (EBPFC_FUZZ_CASES=20000) for a longer campaign. */
const CASES = Number(process.env.EBPFC_FUZZ_CASES ?? 200);

describe('loader fuzz', () => {
  it(`turns every mutated object into a loaded object or an EbpfcError (${CASES} seeded cases)`, () => {
    const rnd = rng(0x10ad);
    const escaped: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const spec = decodeObject(OBJECTS[Math.floor(rnd() * OBJECTS.length)]!);
      const n = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < n; k++) mutate(spec, rnd);
      try {
        const obj = loadObject(spec, { cpus: 2, maxMemory: 1 << 24 });
        for (const p of obj.programs) {
          try {
            createRunner(obj, p, { budget: 100_000 }).run(new Uint8Array(64).fill(i & 0xff));
          } catch (e) {
            if (!(e instanceof EbpfcError)) throw e;
          }
        }
      } catch (e) {
        if (!(e instanceof EbpfcError)) escaped.push(`case ${i}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    expect(escaped).toEqual([]);
  }, 3_600_000);
});
