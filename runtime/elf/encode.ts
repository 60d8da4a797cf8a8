// ELF64 writer (little-endian). In: header fields and a list of sections (data already encoded, e.g.
// by encodeSymbolTable / encodeRelocations). Out: the file bytes, laid out as LLVM does for relocatable
// objects: ELF header, each section's data in index order at its alignment, then the section header
// table (8-aligned). Header layouts are drawn in decode.ts.
import { ByteView } from './bytes.js';
import {
  EI_ABIVERSION, EI_CLASS, EI_DATA, EI_OSABI, EI_VERSION, ELF64_EHDR_SIZE, ELF64_SHDR_SIZE, ELFCLASS64,
  ELFDATA2LSB, ELFMAG, EV_CURRENT, SHN_LORESERVE, SHT_NOBITS, SHT_STRTAB,
} from './constants.js';
import { ElfError } from './errors.js';
import { StringTableBuilder } from './strtab.js';
import type { ElfSectionInput } from './types.js';

export interface ElfInput {
  type: number;
  machine: number;
  flags?: number;
  osabi?: number;
  abiVersion?: number;
  entry?: bigint;
  /** Sections after the implicit null section: sections[0] gets index 1. */
  sections: readonly ElfSectionInput[];
  /**
   * Where section names go: the section at `index` (final numbering, ≥ 1) gets `strings.encode()` as its
   * data after every section name has been added (so a symbol table's names can share it, as clang's
   * `.strtab` does). Without it a `.shstrtab` section is appended.
   */
  names?: { index: number; strings: StringTableBuilder };
}

/** Largest file the writer produces (2 GiB - 1): more means a corrupt size or alignment. */
const MAX_FILE_SIZE = 0x7fffffff;

function alignUp(n: number, a: number): number {
  return a > 1 ? Math.ceil(n / a) * a : n;
}

/** Writes a little-endian ELF64 file. */
export function encodeElf(input: ElfInput): Uint8Array {
  const sections: ElfSectionInput[] = [...input.sections];
  let names = input.names;
  if (names === undefined) {
    names = { index: sections.length + 1, strings: new StringTableBuilder() };
    sections.push({ name: '.shstrtab', type: SHT_STRTAB, addralign: 1 });
  }
  for (const [field, v] of [['e_type', input.type], ['e_machine', input.machine]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new ElfError(`${field} ${v} cannot be written`);
  }
  const count = sections.length + 1;
  if (count >= SHN_LORESERVE) throw new ElfError(`cannot write ${count} sections (extended numbering is not supported)`);
  if (!Number.isInteger(names.index) || names.index < 1 || names.index >= count) {
    throw new ElfError(`section-name table index ${names.index} is not a section index`);
  }
  const nameOffsets = sections.map((s) => names.strings.add(s.name));
  const nameTable = names.strings.encode();

  // layout
  const datas: Uint8Array[] = [];
  const offsets: number[] = [];
  const sizes: number[] = [];
  let pos = ELF64_EHDR_SIZE;
  sections.forEach((s, i) => {
    const index = i + 1;
    const align = s.addralign ?? 1;
    if (!Number.isInteger(align) || align < 0 || (align & (align - 1)) !== 0) {
      throw new ElfError(`section ${index} '${s.name}': alignment ${align} is not a power of two`);
    }
    for (const [field, v] of [['link', s.link], ['info', s.info]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
        throw new ElfError(`section ${index} '${s.name}': sh_${field} ${v} cannot be written`);
      }
    }
    let data = index === names.index ? nameTable : (s.data ?? new Uint8Array(0));
    let size = data.length;
    if (s.type === SHT_NOBITS) {
      if (s.data !== undefined && s.data.length > 0) throw new ElfError(`section ${index} '${s.name}': NOBITS section with data`);
      size = s.size ?? 0;
      if (!Number.isSafeInteger(size) || size < 0) throw new ElfError(`section ${index} '${s.name}': size ${size} cannot be written`);
      data = new Uint8Array(0);
    }
    pos = alignUp(pos, align);
    offsets.push(pos);
    sizes.push(size);
    datas.push(data);
    pos += data.length;
  });
  const shoff = alignUp(pos, 8);
  const total = shoff + count * ELF64_SHDR_SIZE;
  if (total > MAX_FILE_SIZE) throw new ElfError(`the file would be ${total} bytes (more than ${MAX_FILE_SIZE})`);

  const out = new Uint8Array(total);
  const view = new ByteView(out, true);
  ELFMAG.forEach((b, i) => (out[i] = b));
  out[EI_CLASS] = ELFCLASS64;
  out[EI_DATA] = ELFDATA2LSB;
  out[EI_VERSION] = EV_CURRENT;
  out[EI_OSABI] = input.osabi ?? 0;
  out[EI_ABIVERSION] = input.abiVersion ?? 0;
  view.setU16(16, input.type);
  view.setU16(18, input.machine);
  view.setU32(20, EV_CURRENT);
  view.setU64(24, input.entry ?? 0n);
  view.setU64(32, 0n); // e_phoff
  view.setU64(40, BigInt(shoff));
  view.setU32(48, input.flags ?? 0);
  view.setU16(52, ELF64_EHDR_SIZE);
  view.setU16(54, 0); // e_phentsize
  view.setU16(56, 0); // e_phnum
  view.setU16(58, ELF64_SHDR_SIZE);
  view.setU16(60, count);
  view.setU16(62, names.index);

  sections.forEach((s, i) => {
    out.set(datas[i] as Uint8Array, offsets[i] as number);
    const at = shoff + (i + 1) * ELF64_SHDR_SIZE;
    view.setU32(at, nameOffsets[i] as number);
    view.setU32(at + 4, s.type);
    view.setU64(at + 8, BigInt(s.flags ?? 0));
    view.setU64(at + 16, s.addr ?? 0n);
    view.setU64(at + 24, BigInt(offsets[i] as number));
    view.setU64(at + 32, BigInt(sizes[i] as number));
    view.setU32(at + 40, s.link ?? 0);
    view.setU32(at + 44, s.info ?? 0);
    view.setU64(at + 48, BigInt(s.addralign ?? 1));
    view.setU64(at + 56, BigInt(s.entsize ?? 0));
  });
  return out;
}
