import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeElf, encodeElf, encodeRelocations, encodeSymbolTable, ElfError, EM_BPF, ET_REL, SHT_NOBITS, SHT_PROGBITS,
  SHT_REL, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, StringTableBuilder, type ElfFile, type ElfSectionInput,
} from '../../../runtime/elf/index.js';
import { READELF, hasTool } from '../../helpers/tools.js';
import { readelfTables } from './readelf.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const objects = ['clang', 'corpus/clang', 'elf'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.o'))
    .map((f) => join(FIXTURES, dir, f)),
);

/** Re-encodes every section of `f`, re-encoding its symbol and relocation tables from the decoded model. */
function reencode(f: ElfFile): Uint8Array {
  const strings = new StringTableBuilder();
  const sections: ElfSectionInput[] = f.sections.slice(1).map((s) => {
    const base = { name: s.name, type: s.type, flags: s.flags, link: s.link, info: s.info, addralign: s.addralign, entsize: s.entsize };
    if (s.type === SHT_NOBITS) return { ...base, size: s.size };
    if (s.type === SHT_SYMTAB) return { ...base, data: encodeSymbolTable(f.symbols, strings) };
    if (s.type === SHT_REL || s.type === SHT_RELA) {
      const r = f.relocations.find((x) => x.section.index === s.index);
      return { ...base, data: encodeRelocations(r?.entries ?? [], s.type === SHT_RELA) };
    }
    return { ...base, data: s.data };
  });
  return encodeElf({ type: f.header.type, machine: f.header.machine, flags: f.header.flags, sections, names: { index: f.header.shstrndx, strings } });
}

const tables = (f: ElfFile) => ({
  header: { ...f.header, byteOrder: undefined },
  sections: f.sections.map((s) => ({ ...s, offset: undefined, nameOffset: undefined, data: s.type === SHT_STRTAB ? undefined : [...s.data], size: s.type === SHT_STRTAB ? undefined : s.size })),
  symbols: f.symbols.map((s) => ({ ...s, nameOffset: undefined })),
  relocations: f.relocations.map((r) => ({ ...r, section: r.section.index })),
});

describe('encodeElf', () => {
  it.each(objects)('round-trips the tables of %s', (path) => {
    const f = decodeElf(new Uint8Array(readFileSync(path)));
    const g = decodeElf(reencode(f));
    expect(g.header.byteOrder).toBe('little');
    const a = tables(f);
    const b = tables(g);
    // symbol tables hold string offsets, which differ: compare them decoded; so are relocation tables of
    // a big-endian input (re-encoded little-endian)
    for (const t of [a, b]) {
      for (const s of t.sections) if (s.type === SHT_SYMTAB || (s.type === SHT_REL && f.header.byteOrder === 'big')) s.data = [];
    }
    expect(b).toEqual(a);
  });

  it('writes the layout of LLVM: data in section order at its alignment, 8-aligned header table', () => {
    const bytes = encodeElf({
      type: ET_REL,
      machine: EM_BPF,
      sections: [
        { name: 'a', type: SHT_PROGBITS, addralign: 1, data: new Uint8Array([1, 2, 3]) },
        { name: 'b', type: SHT_PROGBITS, addralign: 8, data: new Uint8Array([4]) },
        { name: '.bss', type: SHT_NOBITS, addralign: 8, size: 100 },
      ],
    });
    const f = decodeElf(bytes);
    expect(f.sections.map((s) => [s.name, s.offset, s.size])).toEqual([
      ['', 0, 0],
      ['a', 64, 3],
      ['b', 72, 1],
      ['.bss', 80, 100],
      ['.shstrtab', 80, 20],
    ]);
    expect(bytes.length).toBe(104 + 5 * 64);
    expect([...(f.sections[2]?.data ?? [])]).toEqual([4]);
  });

  it('refuses impossible requests with ElfError', () => {
    const base = { type: ET_REL, machine: EM_BPF };
    expect(() => encodeElf({ ...base, sections: [{ name: 'x', type: SHT_PROGBITS, addralign: 3 }] })).toThrow(ElfError);
    expect(() => encodeElf({ ...base, sections: [{ name: 'x', type: SHT_NOBITS, data: new Uint8Array(1) }] })).toThrow(/NOBITS section with data/);
    expect(() => encodeElf({ ...base, sections: [], names: { index: 4, strings: new StringTableBuilder() } })).toThrow(/not a section index/);
    expect(() => encodeSymbolTable([{ name: 'a\0b', value: 0, size: 0, bind: 0, type: 0, shndx: 0 }], new StringTableBuilder())).toThrow(/NUL/);
  });

  it.skipIf(!hasTool(READELF))('writes files llvm-readelf-16 reads back identically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebpfc-elf-'));
    try {
      for (const path of objects) {
        const out = join(dir, 'x.o');
        const bytes = reencode(decodeElf(new Uint8Array(readFileSync(path))));
        writeFileSync(out, bytes);
        const ref = readelfTables(out);
        const g = decodeElf(bytes);
        expect(ref.sections.map((s) => [s.name, s.type, s.offset, s.size, s.link, s.info])).toEqual(g.sections.map((s) => [s.name, s.type, s.offset, s.size, s.link, s.info]));
        expect(ref.symbols.map((s) => [s.nameOffset, s.value, s.size, s.shndx])).toEqual(g.symbols.map((s) => [s.nameOffset, s.value, s.size, s.shndx]));
        expect(ref.relocations.flatMap((r) => r.entries)).toEqual(g.relocations.flatMap((r) => r.entries.map(({ offset, symbol, type }) => ({ offset, symbol, type }))));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
