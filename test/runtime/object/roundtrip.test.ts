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
