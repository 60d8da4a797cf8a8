// Shared by corpus-system.test.ts and corpus-bundled.test.ts (two files so that they run in parallel).
// The front end (preprocess + parse + semantic analysis) over every program of examples/ and of the
// program corpus (test/fixtures/corpus) and of test/fixtures/sema/programs, with the system headers and with the bundled headers: no
// errors. With the system headers, the BPF facts it reads — BTF map definitions (type, sizes, flags,
// pinning, inner map, `.values`), entry programs with their sections, the license — must be those
// runtime/object decodes from clang-16's object of the same source (prebuilt objects are used when
// present, so those comparisons run without clang). A program that includes a header the set does not
// provide is skipped (the bundled set, and compiler headers such as stddef.h).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLANG, hasTool, run } from '../../../helpers/tools.js';
import { decodeObject, entryPrograms, type MapDef, type ObjectSpec } from '../../../../runtime/object/index.js';
import type { MapDefinition, TypedUnit } from '../../../../compiler/c/sema/index.js';
import { checkFile, errorsOf, missingHeader, type HeaderSet } from './helpers.js';

function fromMine(m: MapDefinition): Record<string, unknown> {
  return {
    name: m.name, type: m.type ?? 0, keySize: m.keySize ?? 0, valueSize: m.valueSize ?? 0, maxEntries: m.maxEntries ?? 0,
    flags: m.mapFlags ?? 0, numaNode: m.numaNode ?? 0, pinning: m.pinning ?? 0, mapExtra: m.mapExtra ?? 0n,
    inner: m.inner ? fromMine(m.inner) : undefined,
    values: m.values.map((v) => ({ slot: v.index, kind: v.kind, name: v.symbol.name })),
  };
}

function fromObject(m: MapDef): Record<string, unknown> {
  return {
    name: m.name, type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags,
    numaNode: m.numaNode, pinning: m.pinning, mapExtra: m.mapExtra, inner: m.inner ? fromObject(m.inner) : undefined,
    values: m.values.map((v) => ({ slot: v.slot, kind: v.kind, name: v.name })),
  };
}

function compareFacts(unit: TypedUnit, obj: ObjectSpec): void {
  const byName = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.name).localeCompare(String(b.name));
  expect(unit.maps.map(fromMine).sort(byName)).toEqual(obj.maps.map(fromObject).sort(byName));
  const entries = entryPrograms(obj).map((e) => `${e.section.name}:${e.fn.name}`);
  expect(unit.programs.map((p) => `${p.section}:${p.function.name}`).sort()).toEqual(entries.sort());
  expect(unit.license).toBe(obj.license?.text);
  expect(unit.kernelVersion).toBe(obj.kernelVersion);
}

/** The clang-16 object of `src`: `prebuilt` when it exists, else compiled now (undefined without clang). */
function clangObject(src: string, prebuilt?: string): ObjectSpec | undefined {
  if (prebuilt !== undefined && existsSync(prebuilt)) return decodeObject(new Uint8Array(readFileSync(prebuilt)));
  if (!hasTool(CLANG)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-facts-'));
  try {
    run(CLANG, ['-O2', '-g', '-target', 'bpf', '-c', '-I/usr/include/x86_64-linux-gnu', '-o', join(dir, 'x.o'), src]);
    return decodeObject(new Uint8Array(readFileSync(join(dir, 'x.o'))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const programs: { src: string; prebuilt?: string }[] = [
  ...readdirSync('examples').filter((x) => x.endsWith('.bpf.c')).sort()
    .map((f) => ({ src: join('examples', f), prebuilt: join('test/fixtures/clang', f.replace(/\.bpf\.c$/, '.o')) })),
  ...(existsSync('test/fixtures/corpus') ? readdirSync('test/fixtures/corpus').filter((x) => x.endsWith('.bpf.c')).sort()
    .map((f) => ({ src: join('test/fixtures/corpus', f), prebuilt: join('test/fixtures/corpus/clang', f.replace(/\.bpf\.c$/, '.o')) })) : []),
  // our own programs of C features and CO-RE paths (compiled by clang when it is there)
  ...readdirSync('test/fixtures/sema/programs').filter((x) => x.endsWith('.bpf.c')).sort().map((f) => ({ src: join('test/fixtures/sema/programs', f) })),
];

/** Registers the corpus tests for one header set. */
export function corpusTests(headers: HeaderSet): void {
  describe(`front end over the program corpus with the ${headers} headers`, () => {
    it('has programs', () => expect(programs.length).toBeGreaterThanOrEqual(6));
    for (const { src, prebuilt } of programs) {
      const missing = missingHeader(src, headers);
      it.skipIf(missing !== undefined)(`${src}${missing ? ` (needs <${missing}>)` : ''}`, () => {
        const r = checkFile(src, headers);
        expect(errorsOf(r)).toBe('');
        expect(r.unit!.programs.length).toBeGreaterThan(0);
        expect(r.unit!.license).toBeDefined();
        if (headers !== 'system') return;
        const obj = clangObject(src, prebuilt);
        if (obj !== undefined) compareFacts(r.unit!, obj);
      });
    }
  });
}


/** The map fixture, compared with clang-16's object of it. */
export function mapFixtureTest(): void {
  describe('BPF facts of our map fixture', () => {
    it.skipIf(!hasTool(CLANG))('test/fixtures/sema/data/maps.c', () => {
      const src = 'test/fixtures/sema/data/maps.c';
      const r = checkFile(src);
      expect(errorsOf(r)).toBe('');
      compareFacts(r.unit!, clangObject(src)!);
    });
  });
}
