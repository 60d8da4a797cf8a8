// Fixture access for the object tests: the committed clang-16 objects (little-endian BPF ones) and a
// small builder of hand-made ELF objects for malformed-input cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EM_BPF, ET_REL, SHT_STRTAB, SHT_SYMTAB, StringTableBuilder, encodeElf, encodeRelocations, encodeSymbolTable,
  type ElfRelocationInput, type ElfSectionInput, type ElfSymbolInput,
} from '../../../runtime/elf/index.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures');

/** Every little-endian BPF object among the fixtures (clang/*.o and elf/*.o minus the BE/x86 ones). */
export const bpfObjects: string[] = ['clang', 'corpus/clang', 'elf'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.o') && f !== 'small_eb.o' && f !== 'rela_x86.o')
    .map((f) => join(FIXTURES, dir, f)),
);

export function readFixture(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, rel)));
}

export interface HandObject {
  /** Sections after .strtab (index 1) and .symtab (index 2): the first one here is index 3. */
  sections: ElfSectionInput[];
  symbols: Omit<ElfSymbolInput, 'visibility'>[];
  /** Relocations by target section index. */
  relocs?: { target: number; entries: ElfRelocationInput[] }[];
  machine?: number;
  noSymtab?: boolean;
}

/** Writes a hand-made object: NULL, .strtab, .symtab, the given sections, then one .rel per target. */
export function handObject(o: HandObject): Uint8Array {
  const strings = new StringTableBuilder();
  const sections: ElfSectionInput[] = [{ name: '.strtab', type: SHT_STRTAB, addralign: 1 }];
  if (!o.noSymtab) {
    sections.push({
      name: '.symtab', type: SHT_SYMTAB, addralign: 8, entsize: 24, link: 1, info: 1,
      data: encodeSymbolTable([{ name: '', value: 0, size: 0, bind: 0, type: 0, shndx: 0 }, ...o.symbols], strings),
    });
  } else {
    sections.push({ name: '.comment', type: 1, addralign: 1, data: new Uint8Array(1) });
  }
  sections.push(...o.sections);
  for (const r of o.relocs ?? []) {
    const target = sections[r.target - 1];
    sections.push({ name: `.rel${target?.name ?? ''}`, type: 9, flags: 0x40, addralign: 8, entsize: 16, link: 2, info: r.target, data: encodeRelocations(r.entries) });
  }
  return encodeElf({ type: ET_REL, machine: o.machine ?? EM_BPF, sections, names: { index: 1, strings } });
}

/** Little-endian instruction slots from [code, regs, off, imm] tuples. */
export function slots(...insns: [number, number, number, number][]): Uint8Array {
  const out = new Uint8Array(insns.length * 8);
  const v = new DataView(out.buffer);
  insns.forEach(([code, regs, off, imm], i) => {
    v.setUint8(i * 8, code);
    v.setUint8(i * 8 + 1, regs);
    v.setInt16(i * 8 + 2, off, true);
    v.setInt32(i * 8 + 4, imm, true);
  });
  return out;
}
