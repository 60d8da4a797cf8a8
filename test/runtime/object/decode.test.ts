import { describe, expect, it } from 'vitest';
import { SHT_NOBITS, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STT_FUNC, STT_OBJECT, STT_SECTION } from '../../../runtime/elf/index.js';
import { EbpfcError } from '../../../runtime/errors.js';
import { canonicalizeObject, decodeObject, ObjectError } from '../../../runtime/object/index.js';
import { handObject, readFixture, slots } from './fixtures.js';

// Expected values below were read off `llvm-objdump-16 -d -r --no-print-imm-hex rich.o` and
// `llvm-readelf-16 -s -r rich.o` (e.g. `r2 = 40 ll` + R_BPF_64_64 .text at insn 18 → cb at 0x28 = slot 5;
// `call 13` + R_BPF_64_32 .text → slot 13 + 1 = 14 = sub1 at 0x70; .rel.maps 0x40 → outer (0x20) +
// values (24) + 8 = slot 1).
describe('decodeObject on rich.o (clang-16)', () => {
  const spec = decodeObject(readFixture('elf/rich.o'));

  it('finds the code sections, functions and license', () => {
    expect(spec.programs.map((p) => [p.name, p.insns.length])).toEqual([['.text', 24], ['xdp', 71]]);
    expect(spec.programs[0]?.functions).toEqual([
      { name: 'gsub', offset: 0, size: 5, linkage: 'global', hidden: false },
      { name: 'cb', offset: 5, size: 9, linkage: 'static', hidden: false },
      { name: 'sub1', offset: 14, size: 10, linkage: 'static', hidden: false },
    ]);
    expect(spec.programs[1]?.functions.map((f) => [f.name, f.offset, f.size])).toEqual([['xdp_main', 0, 62], ['xdp_two', 62, 9]]);
    expect(spec.license).toEqual({ text: 'GPL', size: 4, symbol: 'LICENSE' });
  });

  it('resolves every kind of instruction relocation and zeroes the immediates they fill', () => {
    const xdp = spec.programs[1];
    expect(xdp?.relocations).toEqual([
      { kind: 'map', offset: 11, map: 'counts' },
      { kind: 'callback', offset: 18, section: '.text', target: 5 },
      { kind: 'call', offset: 25, section: '.text', target: 14 },
      { kind: 'call', offset: 28, section: '.text', target: 0, symbol: 'gsub' },
      { kind: 'data', offset: 30, section: '.data', addend: 0, symbol: 'gdata' },
      { kind: 'data', offset: 34, section: '.rodata', addend: 0, symbol: 'mode' },
      { kind: 'data', offset: 40, section: '.bss', addend: 0, symbol: 'gbss' },
      { kind: 'data', offset: 45, section: '.rodata', addend: 4 },
      { kind: 'data', offset: 51, section: '.rodata', addend: 9 },
      { kind: 'data', offset: 56, section: '.rodata.str1.1', addend: 0 },
      { kind: 'call', offset: 64, section: '.text', target: 14 },
    ]);
    expect(spec.programs[0]?.relocations).toEqual([
      { kind: 'data', offset: 0, section: '.data.custom', addend: 0, symbol: 'cval' },
      { kind: 'data', offset: 7, section: '.bss', addend: 8 },
      { kind: 'data', offset: 17, section: '.rodata.cst16', addend: 0 },
    ]);
    for (const p of spec.programs) for (const r of p.relocations) expect(p.insns[r.offset]?.imm).toBe(0);
    // the un-relocated call inside .text keeps nothing to patch; the helper call keeps its id
    expect(xdp?.insns[13]).toEqual({ code: 0x85, dst: 0, src: 0, off: 0, imm: 1 });
  });

  it('reads BTF-defined maps, map-in-map templates and .rel.maps initialisers', () => {
    expect(spec.maps.map((m) => m.name)).toEqual(['inner1', 'outer', 'counts', 'jmp', 'flows']);
    const byName = new Map(spec.maps.map((m) => [m.name, m]));
    expect(byName.get('counts')).toMatchObject({ type: 2, keySize: 4, valueSize: 8, maxEntries: 4, flags: 0, values: [] });
    expect(byName.get('flows')).toMatchObject({ type: 1, keySize: 4, valueSize: 4, maxEntries: 128, flags: 1 });
    expect(byName.get('jmp')).toMatchObject({ type: 3, keySize: 4, valueSize: 4, maxEntries: 4, btfKeyType: 0, btfValueType: 0, values: [{ slot: 1, kind: 'prog', name: 'xdp_two' }] });
    const outer = byName.get('outer');
    expect(outer).toMatchObject({ type: 12, keySize: 4, valueSize: 4, maxEntries: 2, values: [{ slot: 1, kind: 'map', name: 'inner1' }] });
    expect(outer?.inner).toMatchObject({ name: 'outer.inner', type: 2, keySize: 4, valueSize: 4, maxEntries: 1 });
    const counts = byName.get('counts');
    const keyType = spec.btf?.types[counts?.btfKeyType ?? 0];
    expect(keyType).toMatchObject({ kind: 'TYPEDEF', name: '__u32' });
  });

  it('reads global data sections and their variables', () => {
    expect(spec.data.map((d) => [d.name, d.kind, d.size, d.align, d.bytes === undefined])).toEqual([
      ['.data', 'data', 4, 4, false],
      ['.rodata', 'rodata', 18, 4, false],
      ['.data.custom', 'data', 4, 4, false],
      ['.bss', 'bss', 16, 8, true],
      ['.rodata.str1.1', 'rodata', 8, 1, false],
      ['.rodata.cst16', 'rodata', 16, 4, false],
    ]);
    const rodata = spec.data[1];
    expect(rodata?.variables.map((v) => [v.name, v.offset, v.size, v.linkage])).toEqual([
      ['mode', 0, 4, 'global'],
      ['xdp_main.____fmt', 4, 5, 'static'],
      ['msg', 9, 9, 'static'],
    ]);
    expect(new TextDecoder().decode(spec.data[4]?.bytes)).toBe('lit %d\n\0');
    expect([...(spec.data[5]?.bytes ?? [])].filter((_, i) => i % 4 === 0)).toEqual([1, 2, 3, 4]);
  });

  it('fixes up DATASEC sizes and global VAR offsets as libbpf does', () => {
    const ds = (name: string) => spec.btf?.types.find((t) => t.kind === 'DATASEC' && t.name === name);
    expect(ds('.maps')).toMatchObject({ size: 0xb8 });
    const maps = ds('.maps');
    expect(maps?.kind === 'DATASEC' ? maps.vars.map((v) => v.offset) : []).toEqual([0, 0x20, 0x48, 0x68, 0x90]);
    expect(ds('.bss')).toMatchObject({ size: 16 });
    expect(ds('.rodata')).toMatchObject({ size: 18 });
  });

  it('carries .BTF.ext func and line info in slots, with file and source text', () => {
    const [text, xdp] = spec.programs;
    const funcName = (id: number) => spec.btf?.types[id]?.name;
    expect(text?.funcInfo.map((f) => [f.offset, funcName(f.typeId)])).toEqual([[0, 'gsub'], [5, 'cb'], [14, 'sub1']]);
    expect(xdp?.funcInfo.map((f) => [f.offset, funcName(f.typeId)])).toEqual([[0, 'xdp_main'], [62, 'xdp_two']]);
    expect(xdp?.lineInfo[0]).toMatchObject({ offset: 0, line: 52, source: 'int xdp_main(struct xdp_md *ctx) {' });
    expect(xdp?.lineInfo[0]?.file).toMatch(/rich\.bpf\.c$/);
  });

  it('canonicalises: .rodata.* merged into .rodata with addends and offsets moved', () => {
    const c = canonicalizeObject(spec);
    expect(c.data.map((d) => [d.name, d.size])).toEqual([['.data', 4], ['.data.custom', 4], ['.rodata', 44], ['.bss', 16]]);
    // .rodata (18) | .rodata.str1.1 at 18 (align 1) | .rodata.cst16 at 28 (align 4)
    expect(c.programs[1]?.relocations.find((r) => r.offset === 56)).toEqual({ kind: 'data', offset: 56, section: '.rodata', addend: 18 });
    expect(c.programs[0]?.relocations.find((r) => r.offset === 17)).toEqual({ kind: 'data', offset: 17, section: '.rodata', addend: 28 });
    expect(c.data[2]?.variables.find((v) => v.name === 'sdata')?.offset).toBe(28);
    expect(c.btf?.types.filter((t) => t.kind === 'DATASEC').map((t) => t.name).sort()).toEqual(['.bss', '.data', '.data.custom', '.maps', '.rodata', 'license']);
    // the input is left alone
    expect(spec.data).toHaveLength(6);
  });
});

describe('decodeObject rejects what libbpf rejects', () => {
  const exit = slots([0xb7, 0, 0, 2], [0x95, 0, 0, 0]);
  const prog = { name: 'xdp', type: SHT_PROGBITS, flags: 6, addralign: 8, data: exit };
  const fn = { name: 'p', value: 0, size: 16, bind: STB_GLOBAL, type: STT_FUNC, shndx: 3 };
  const expectError = (bytes: Uint8Array, msg: RegExp) => {
    let err: unknown;
    try {
      decodeObject(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EbpfcError);
    expect((err as Error).message).toMatch(msg);
  };

  it('accepts a well-formed hand-made object', () => {
    const s = decodeObject(handObject({ sections: [prog], symbols: [fn] }));
    expect(s.programs[0]?.functions).toEqual([{ name: 'p', offset: 0, size: 2, linkage: 'global', hidden: false }]);
  });
  it('a stripped object', () => expectError(handObject({ sections: [prog], symbols: [], noSymtab: true }), /^object: no symbol table \(stripped object file\?\)/));
  it('legacy maps', () => {
    const maps = { name: 'maps', type: SHT_PROGBITS, flags: 3, addralign: 4, data: new Uint8Array(20) };
    expectError(handObject({ sections: [prog, maps], symbols: [fn] }), /legacy map definitions in 'maps' section are not supported by libbpf v1.0\+/);
  });
  it('a non-BPF machine', () => expectError(handObject({ sections: [prog], symbols: [fn], machine: 62 }), /not a BPF object \(e_machine 62/));
  it('a big-endian object', () => expectError(readFixture('elf/small_eb.o'), /endianness mismatch/));
  it('a static entry program', () => {
    expectError(handObject({ sections: [prog], symbols: [{ ...fn, bind: STB_LOCAL }] }), /function 'p': program is static and not supported/);
  });
  it('a function past the section end', () => {
    expectError(handObject({ sections: [prog], symbols: [{ ...fn, size: 24 }] }), /function 'p': \[0, 24\) extends past the section end \(16\)/);
  });
  it('a code section whose size is not a multiple of 8', () => {
    expectError(handObject({ sections: [{ ...prog, data: new Uint8Array(12) }], symbols: [fn] }), /section 'xdp': size 12 is not a multiple of 8/);
  });
  it('a relocation on an instruction that is neither ld_imm64 nor call', () => {
    const data = { name: '.data', type: SHT_PROGBITS, flags: 3, addralign: 4, data: new Uint8Array(4) };
    const bytes = handObject({
      sections: [prog, data],
      symbols: [{ name: '', value: 0, size: 0, bind: STB_LOCAL, type: STT_SECTION, shndx: 4 }, fn],
      relocs: [{ target: 3, entries: [{ offset: 0, symbol: 1, type: 1 }] }],
    });
    expectError(bytes, /relocation 0 \(insn 0, symbol section 4\): invalid relocation on an instruction with opcode 0xb7/);
  });
  it('a misaligned relocation', () => {
    const bytes = handObject({ sections: [prog], symbols: [fn], relocs: [{ target: 3, entries: [{ offset: 4, symbol: 1, type: 1 }] }] });
    expectError(bytes, /relocation 0: offset 4 is not a multiple of 8/);
  });
  it('a call relocation on a helper call (src_reg 0)', () => {
    const code = slots([0x85, 0, 0, 0], [0x95, 0, 0, 0]);
    const bytes = handObject({ sections: [{ ...prog, data: code }], symbols: [fn], relocs: [{ target: 3, entries: [{ offset: 0, symbol: 1, type: 10 }] }] });
    expectError(bytes, /incorrect bpf_call opcode \(src_reg 0, expected 1\)/);
  });
  it('maps without BTF', () => {
    const maps = { name: '.maps', type: SHT_PROGBITS, flags: 3, addralign: 8, data: new Uint8Array(32) };
    const bytes = handObject({ sections: [prog, maps], symbols: [fn, { name: 'm', value: 0, size: 32, bind: STB_GLOBAL, type: STT_OBJECT, shndx: 4 }] });
    expectError(bytes, /BTF is required for the maps of '.maps', but is missing or corrupted/);
  });
  it('a data relocation pointing past its section', () => {
    const code = slots([0x18, 1, 0, 64], [0, 0, 0, 0], [0x95, 0, 0, 0]);
    const bss = { name: '.bss', type: SHT_NOBITS, flags: 3, addralign: 8, size: 8 };
    const bytes = handObject({
      sections: [{ ...prog, data: code }, bss],
      symbols: [{ name: '', value: 0, size: 0, bind: STB_LOCAL, type: STT_SECTION, shndx: 4 }, { ...fn, size: 24 }],
      relocs: [{ target: 3, entries: [{ offset: 0, symbol: 1, type: 1 }] }],
    });
    expectError(bytes, /offset 64 is outside section '.bss' \(size 8\)/);
  });
  it('wraps every failure in ObjectError or another stage-prefixed EbpfcError', () => {
    expect(new ObjectError('x').message).toBe('object: x');
    expectError(new Uint8Array(10), /^elf: /);
  });
});

describe('externs', () => {
  it('decodes kfunc calls and ksym loads against undefined symbols, and encodes them back', async () => {
    const { encodeObject } = await import('../../../runtime/object/index.js');
    // call bpf_kfunc (src_reg 2 as clang writes kfunc calls); r1 = ksym ll; exit
    const code = slots([0x85, 0x20, 0, -1], [0x18, 1, 0, 0], [0, 0, 0, 0], [0x95, 0, 0, 0]);
    const bytes = handObject({
      sections: [{ name: 'tc', type: SHT_PROGBITS, flags: 6, addralign: 8, data: code }],
      symbols: [
        { name: 'p', value: 0, size: 32, bind: STB_GLOBAL, type: STT_FUNC, shndx: 3 },
        { name: 'bpf_kfunc', value: 0, size: 0, bind: STB_GLOBAL, type: 0, shndx: 0 },
        { name: 'some_ksym', value: 0, size: 0, bind: 2, type: 0, shndx: 0 },
      ],
      relocs: [{ target: 3, entries: [{ offset: 0, symbol: 2, type: 10 }, { offset: 8, symbol: 3, type: 1 }] }],
    });
    const spec = decodeObject(bytes);
    expect(spec.externs).toEqual([
      { name: 'bpf_kfunc', type: 'func', weak: false },
      { name: 'some_ksym', type: 'var', weak: true },
    ]);
    expect(spec.programs[0]?.relocations).toEqual([
      { kind: 'extern', offset: 0, name: 'bpf_kfunc' },
      { kind: 'extern', offset: 1, name: 'some_ksym' },
    ]);
    expect(decodeObject(encodeObject(spec))).toEqual(spec);
  });
});
