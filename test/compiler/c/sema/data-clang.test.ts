// Differential test of static data against clang-16 -O2 -target bpf: for every global object of the
// fixtures in test/fixtures/sema/data, our section (.data/.rodata/.bss), initial bytes (relocation
// addends in place, as clang writes REL objects) and relocations (target symbol, or a string literal)
// must be those of clang's object file (static locals included, named `function.variable`). Skips without clang-16.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLANG, hasTool, run } from '../../../helpers/tools.js';
import { decodeElf } from '../../../../runtime/elf/index.js';
import { checkFile, formatted } from './helpers.js';

const DIR = 'test/fixtures/sema/data';
const STB_LOCAL = 0;
const STB_GLOBAL = 1;
const STT_OBJECT = 1;
const STT_SECTION = 3;
const SHT_NOBITS = 8;

interface ClangObject {
  section: string;
  bytes: number[];
  relocs: string[];
  /** Offsets of 8-byte fields whose content is not compared. */
  masked?: number[];
}

function mask(o: ClangObject, offsets: readonly number[]): ClangObject {
  const bytes = [...o.bytes];
  for (const m of offsets) bytes.fill(0, m, m + 8);
  return { section: o.section, bytes, relocs: o.relocs };
}

function clangObjects(path: string): Map<string, ClangObject> {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-data-'));
  try {
    const out = join(dir, 'x.o');
    run(CLANG, ['-O2', '-g', '-target', 'bpf', '-c', '-I/usr/include/x86_64-linux-gnu', '-Wno-initializer-overrides', '-Wno-string-plus-int', '-o', out, path]);
    const elf = decodeElf(new Uint8Array(readFileSync(out)));
    const objs = new Map<string, ClangObject>();
    for (const s of elf.symbols) {
      if (s.type !== STT_OBJECT || s.name.startsWith('.L') || s.name === '') continue;
      if (s.bind !== STB_GLOBAL && s.bind !== STB_LOCAL) continue;
      const sec = elf.sections[s.shndx]!;
      const bytes = sec.type === SHT_NOBITS ? new Array<number>(s.size).fill(0) : [...sec.data.subarray(s.value, s.value + s.size)];
      const relocs: string[] = [];
      const masked: number[] = [];
      for (const rs of elf.relocations) {
        if (rs.target !== sec.index) continue;
        for (const r of rs.entries) {
          if (r.offset < s.value || r.offset >= s.value + s.size) continue;
          const target = elf.symbols[r.symbol]!;
          const symName = target.type === STT_SECTION ? elf.sections[target.shndx]!.name : target.name;
          const name = symName.startsWith('.L.str') || symName.startsWith('.rodata.str') ? '<string>' : symName;
          relocs.push(`+${r.offset - s.value} ${name}`);
          // a section-relative address holds the string's place in the merged string section: the
          // object writer's business, not the front end's
          if (target.type === STT_SECTION) masked.push(r.offset - s.value);
        }
      }
      objs.set(s.name, { section: sec.name, bytes, relocs: relocs.sort(), masked });
    }
    return objs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('static data matches clang-16', () => {
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.c')).sort()) {
    it.skipIf(!hasTool(CLANG))(f, () => {
      const path = join(DIR, f);
      const r = checkFile(path);
      expect(formatted(r).split('\n').filter((l) => l.includes('error'))).toEqual([]);
      const theirs = clangObjects(path);
      const ours = new Map<string, ClangObject>();
      const external = new Set<string>();
      for (const g of r.unit!.globals) {
        if (g.data === undefined) continue;
        if (g.linkage === 'external') external.add(g.objectName);
        const relocs = g.data.relocations.map((x) => `+${x.offset} ${x.target.kind === 'string' ? '<string>' : x.target.kind === 'var' ? x.target.symbol.objectName : x.target.symbol.name}`);
        ours.set(g.objectName, { section: g.data.section, bytes: [...g.data.bytes], relocs: relocs.sort() });
      }
      expect(theirs.size).toBeGreaterThan(5);
      // clang drops unused internal objects at -O2: every object of clang's must be ours, and every
      // external one of ours must be clang's
      expect([...theirs.keys()].filter((n) => !ours.has(n))).toEqual([]);
      expect([...external].filter((n) => !theirs.has(n))).toEqual([]);
      for (const [name, t] of theirs) {
        const mine = ours.get(name)!;
        expect({ name, ...mask(mine, t.masked ?? []) }).toEqual({ name, ...mask(t, t.masked ?? []) });
      }
    });
  }
});
