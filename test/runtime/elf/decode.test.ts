import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeElf, ElfError, EM_BPF, ET_REL, R_BPF_64_32, R_BPF_64_64, SHN_ABS, SHT_PROGBITS, SHT_REL, SHT_RELA, SHT_STRTAB,
  SHT_SYMTAB, STB_GLOBAL, STT_FILE, STT_FUNC,
} from '../../../runtime/elf/index.js';
import { READELF, hasTool } from '../../helpers/tools.js';
import { readelfTables } from './readelf.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const objects = ['clang', 'corpus/clang', 'elf'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.o'))
    .map((f) => join(FIXTURES, dir, f)),
);
const load = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, rel)));

describe('decodeElf on hand-checked objects', () => {
  it('decodes the minimal XDP object (values from llvm-readelf-16 -h -S -s)', () => {
    const f = decodeElf(load('elf/minimal.o'));
    expect(f.header).toMatchObject({ byteOrder: 'little', type: ET_REL, machine: EM_BPF, version: 1, flags: 0, shstrndx: 1 });
    expect(f.sections.map((s) => [s.name, s.type, s.flags, s.offset, s.size, s.link, s.info, s.addralign, s.entsize])).toEqual([
      ['', 0, 0, 0, 0, 0, 0, 0, 0],
      ['.strtab', SHT_STRTAB, 0, 0x98, 0x23, 0, 0, 1, 0],
      ['xdp', SHT_PROGBITS, 6, 0x40, 0x10, 0, 0, 8, 0],
      ['.symtab', SHT_SYMTAB, 0, 0x50, 0x48, 1, 2, 8, 24],
    ]);
    expect(f.symtabIndex).toBe(3);
    expect(f.symbols.map((s) => [s.name, s.value, s.size, s.type, s.bind, s.shndx])).toEqual([
      ['', 0, 0, 0, 0, 0],
      ['minimal.bpf.c', 0, 0, STT_FILE, 0, SHN_ABS],
      ['p', 0, 16, STT_FUNC, STB_GLOBAL, 2],
    ]);
    // r0 = 2; exit
    expect([...(f.sections[2]?.data ?? [])]).toEqual([0xb7, 0, 0, 0, 2, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
    expect(f.relocations).toEqual([]);
  });

  it('decodes RELA relocations with their addends (x86-64 object, llvm-readelf: ext_fn - 4, ext_var - 4)', () => {
    const f = decodeElf(load('elf/rela_x86.o'));
    expect(f.relocations).toHaveLength(1);
    const r = f.relocations[0];
    expect(r?.section.type).toBe(SHT_RELA);
    expect(r?.rela).toBe(true);
    expect(r?.target).toBe(2);
    expect(r?.entries).toEqual([
      { offset: 2, symbol: 3, type: 4, addend: -4 },
      { offset: 8, symbol: 4, type: 2, addend: -4 },
    ]);
    expect(f.symbols[3]?.name).toBe('ext_fn');
  });

  it('reads a big-endian object into the same tables as its little-endian twin', () => {
    const el = decodeElf(load('elf/small_el.o'));
    const eb = decodeElf(load('elf/small_eb.o'));
    expect(eb.header.byteOrder).toBe('big');
    const shape = (f: typeof el) => ({
      sections: f.sections.map((s) => [s.name, s.type, s.flags, s.size, s.link, s.info]),
      symbols: f.symbols.map((s) => [s.name, s.value, s.size, s.type, s.bind, s.shndx]),
      relocs: f.relocations.map((r) => [r.section.name, r.entries]),
    });
    expect(shape(eb)).toEqual(shape(el));
    const xdp = el.relocations.find((r) => r.section.name === '.relxdp');
    expect(xdp?.entries.map((e) => e.type)).toContain(R_BPF_64_64);
    expect(el.relocations.find((r) => r.section.name === '.relxdp')?.entries.some((e) => e.type === R_BPF_64_32)).toBe(true);
  });
});

describe.skipIf(!hasTool(READELF))('decodeElf agrees with llvm-readelf-16 -S -s -r', () => {
  it.each(objects)('%s', (path) => {
    const f = decodeElf(new Uint8Array(readFileSync(path)));
    const ref = readelfTables(path);
    expect(
      f.sections.map((s) => ({
        index: s.index, name: s.name, type: s.type, flags: s.flags, offset: s.offset, size: s.size,
        link: s.link, info: s.info, addralign: s.addralign, entsize: s.entsize,
      })),
    ).toEqual(ref.sections);
    expect(f.symbols.map((s) => ({ name: s.name, nameOffset: s.nameOffset, value: s.value, size: s.size, bind: s.bind, type: s.type, other: s.other, shndx: s.shndx }))).toEqual(ref.symbols);
    expect(f.relocations.map((r) => ({ name: r.section.name, entries: r.entries.map(({ offset, symbol, type }) => ({ offset, symbol, type })) }))).toEqual(
      ref.relocations,
    );
  });
});

describe('decodeElf rejects malformed input with ElfError', () => {
  const good = load('elf/minimal.o');
  const patched = (edit: (b: Uint8Array, v: DataView) => void): Uint8Array => {
    const b = good.slice();
    edit(b, new DataView(b.buffer));
    return b;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /^elf: file is 0 bytes, too short/],
    ['bad magic', patched((b) => (b[1] = 0x46)), /^elf: not an ELF file/],
    ['32-bit class', patched((b) => (b[4] = 1)), /^elf: not a 64-bit ELF object/],
    ['bad data encoding', patched((b) => (b[5] = 3)), /unknown ELF data encoding 3/],
    ['truncated header', good.slice(0, 40), /too short for an ELF64 header/],
    ['section table past end', good.slice(0, 300), /section header table \(4 entries at offset 192\) extends past end of file \(size 300\)/],
    ['bad e_shentsize', patched((_, v) => v.setUint16(58, 40, true)), /e_shentsize is 40, expected 64/],
    ['bad e_shstrndx', patched((_, v) => v.setUint16(62, 9, true)), /e_shstrndx 9 is not a section index \(4 sections\)/],
    // section 2 (xdp): sh_size at 192 + 2*64 + 32
    ['section past end', patched((_, v) => v.setBigUint64(192 + 128 + 32, 0x1000n, true)), /section 2 extends past end of file \(offset 64, size 4096, file size 448\)/],
    ['huge section offset', patched((_, v) => v.setBigUint64(192 + 128 + 24, 0xffffffffffff0000n, true)), /section 2: sh_offset 0xffffffffffff0000 is too large/],
    ['bad section name offset', patched((_, v) => v.setUint32(192 + 128, 500, true)), /section 2 name: string offset 500 is outside the string table \(size 35\)/],
    ['symtab link to nowhere', patched((_, v) => v.setUint32(192 + 192 + 40, 77, true)), /section 3 '.symtab': sh_link 77 is not a section index/],
    ['symtab bad entsize', patched((_, v) => v.setBigUint64(192 + 192 + 56, 16n, true)), /section 3 '.symtab': sh_entsize is 16, expected 24/],
    // symbol 2 (p): st_shndx at 0x50 + 2*24 + 6
    ['symbol section index', patched((_, v) => v.setUint16(0x50 + 48 + 6, 40, true)), /symbol 2 'p': section index 40 is not a section index \(4 sections\)/],
    ['symbol name offset', patched((_, v) => v.setUint32(0x50 + 48, 0x9999, true)), /section 3 '.symtab': symbol 2 name: string offset 39321/],
  ];
  it.each(cases)('%s', (_, bytes, msg) => {
    let err: unknown;
    try {
      decodeElf(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ElfError);
    expect((err as Error).message).toMatch(msg);
  });

  it('rejects a relocation whose symbol index is outside the symbol table', () => {
    const b = load('elf/small_el.o');
    const f = decodeElf(b);
    const rel = f.relocations.find((r) => r.section.name === '.relxdp');
    expect(rel).toBeDefined();
    const v = new DataView(b.buffer, b.byteOffset);
    v.setUint32((rel?.section.offset ?? 0) + 12, 5000, true);
    expect(() => decodeElf(b)).toThrow(/relocation 0: symbol index 5000 is outside the symbol table/);
  });
});

describe('relocation offsets', () => {
  // xdp_counter.o with its first relocation's r_offset set past the end of the section it patches
  function withFarOffset(eType: number): Uint8Array {
    const bytes = load('clang/xdp_counter.o').slice();
    const rel = decodeElf(bytes).sections.find((s) => s.type === SHT_REL && s.size > 0)!;
    const view = new DataView(bytes.buffer);
    view.setBigUint64(rel.offset, 0x40_0000n, true);
    view.setUint16(16, eType, true); // e_type
    return bytes;
  }

  it('are checked against the patched section in a relocatable file (ET_REL)', () => {
    expect(() => decodeElf(withFarOffset(ET_REL))).toThrow(/relocation 0: offset 4194304 is outside section/);
  });

  it('are virtual addresses, not checked, in executables and shared objects', () => {
    const f = decodeElf(withFarOffset(3)); // ET_DYN
    expect(f.header.type).toBe(3);
    expect(f.relocations.flatMap((r) => r.entries.map((e) => e.offset))).toContain(0x40_0000);
  });
});
