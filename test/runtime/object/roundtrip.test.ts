import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBtf } from '../../../runtime/btf/index.js';
import { decodeElf } from '../../../runtime/elf/index.js';
import { canonicalizeObject, decodeObject, encodeObject, type ObjectSpec } from '../../../runtime/object/index.js';
import { bpfObjects } from './fixtures.js';

/** A spec with its BTF as encoded bytes (BtfStrings instances differ in capacity, not content). */
function comparable(s: ObjectSpec): unknown {
  return { ...s, btf: s.btf === undefined ? undefined : encodeBtf(s.btf) };
}

describe('decodeObject ∘ encodeObject', () => {
  it.each(bpfObjects.map((p) => [basename(p), p]))('%s: decode(encode(spec)) equals canonicalize(spec)', (_, path) => {
    const spec = decodeObject(new Uint8Array(readFileSync(path)));
    const bytes = encodeObject(spec);
    expect(comparable(decodeObject(bytes))).toEqual(comparable(canonicalizeObject(spec)));
    // canonical specs are fixed points, byte for byte
    expect(encodeObject(decodeObject(bytes))).toEqual(bytes);
  });

  it.each(bpfObjects.map((p) => [basename(p), p]))('%s: the canonical object has the linker layout and no DWARF', (_, path) => {
    const spec = decodeObject(new Uint8Array(readFileSync(path)));
    const elf = decodeElf(encodeObject(spec));
    const names = elf.sections.map((s) => s.name);
    const order = ['', '.strtab', '.symtab', '.text', '*code', '.data', '.data.custom', '.rodata', '.maps', '.bss', 'license', '*rel', '.rel.maps', '.BTF', '.BTF.ext'];
    const rank = (n: string): number => {
      const i = order.indexOf(n);
      if (i >= 0) return i;
      return n.startsWith('.rel') ? order.indexOf('*rel') : order.indexOf('*code');
    };
    expect(names.map(rank)).toEqual([...names.map(rank)].sort((a, b) => a - b));
    expect(names.some((n) => n.startsWith('.debug') || n.startsWith('.rel.BTF') || n === '.llvm_addrsig' || n.startsWith('.rodata.'))).toBe(false);
    // locals first, sh_info = first global
    const symtab = elf.sections[elf.symtabIndex];
    const firstGlobal = elf.symbols.findIndex((s) => s.bind !== 0);
    expect(symtab?.info).toBe(firstGlobal < 0 ? elf.symbols.length : firstGlobal);
    expect(elf.symbols.slice(firstGlobal < 0 ? elf.symbols.length : firstGlobal).every((s) => s.bind !== 0)).toBe(true);
  });
});

describe('encodeObject on a spec built by hand (as the compiler builds them)', () => {
  it('round-trips maps, data, relocations of every kind and BTF', async () => {
    const { BtfBuilder } = await import('../../../runtime/btf/index.js');
    const { addBtfMapDef } = await import('../../../runtime/object/index.js');
    const b = new BtfBuilder();
    const u32 = b.addInt('unsigned int', 4);
    const counts = { name: 'counts', type: 2, keySize: 4, valueSize: 4, maxEntries: 8, flags: 0, numaNode: 0, pinning: 0, mapExtra: 0n, btfKeyType: u32, btfValueType: u32, values: [] };
    const v = addBtfMapDef(b, counts);
    b.addDatasec('.maps', 0, [{ type: v, offset: 0, size: 0 }]);
    const gv = b.addVar('limit', u32, 'global');
    b.addDatasec('.data', 0, [{ type: gv, offset: 0, size: 4 }]);
    const insn = (code: number, dst = 0, src = 0, off = 0, imm = 0) => ({ code, dst, src, off, imm });
    const spec: ObjectSpec = {
      license: { text: 'GPL', size: 4, symbol: 'LICENSE' },
      programs: [
        {
          name: 'xdp',
          insns: [insn(0x18, 1), insn(0), insn(0x18, 2), insn(0), insn(0x18, 3), insn(0), insn(0x85, 0, 1), insn(0x18, 4), insn(0), insn(0x95)],
          functions: [{ name: 'prog', offset: 0, size: 10, linkage: 'global', hidden: false }],
          relocations: [
            { kind: 'map', offset: 0, map: 'counts' },
            { kind: 'data', offset: 2, section: '.data', addend: 0, symbol: 'limit' },
            { kind: 'data', offset: 4, section: '.rodata.str1.1', addend: 3 },
            { kind: 'call', offset: 6, section: '.text', target: 1 },
            { kind: 'callback', offset: 7, section: '.text', target: 0, symbol: 'cb' },
          ],
          funcInfo: [], lineInfo: [], coreRelos: [],
        },
        {
          name: '.text',
          insns: [insn(0xb7), insn(0x95), insn(0xb7), insn(0x95)],
          functions: [
            { name: 'cb', offset: 0, size: 1, linkage: 'static', hidden: false },
            { name: 'helper', offset: 1, size: 3, linkage: 'global', hidden: true },
          ],
          relocations: [], funcInfo: [], lineInfo: [], coreRelos: [],
        },
      ],
      maps: [counts],
      data: [
        { name: '.rodata.str1.1', kind: 'rodata', size: 6, align: 1, bytes: new TextEncoder().encode('ab\0cd\0'), variables: [] },
        { name: '.data', kind: 'data', size: 4, align: 4, bytes: new Uint8Array([5, 0, 0, 0]), variables: [{ name: 'limit', offset: 0, size: 4, linkage: 'global', hidden: false, btfType: u32 }] },
      ],
      externs: [],
      btf: b.build(),
    };
    const back = decodeObject(encodeObject(spec));
    expect(comparable(back)).toEqual(comparable(canonicalizeObject(spec)));
    expect(back.programs.map((p) => p.name)).toEqual(['.text', 'xdp']);
    expect(back.data.map((d) => d.name)).toEqual(['.data', '.rodata']);
    expect(back.programs[1]?.relocations[2]).toEqual({ kind: 'data', offset: 4, section: '.rodata', addend: 3 });
    const ds = back.btf?.types.find((t) => t.kind === 'DATASEC' && t.name === '.maps');
    expect(ds).toMatchObject({ size: 32, vars: [{ offset: 0, size: 32 }] });
  });
});
