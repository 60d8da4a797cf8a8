// ELF64 reader (System V gABI, both byte orders). In: the bytes of a file. Out: an ElfFile with the
// header, every section (name resolved, bytes as a view), every symbol table and every REL/RELA table.
// Every offset, size and index is checked; malformed input throws ElfError naming what is wrong.
//
// ELF64 header (64 bytes):
//   0  e_ident[16]: 7f 'E' 'L' 'F' | class | data | version | osabi | abiversion | pad[7]
//  16  e_type u16      18  e_machine u16    20  e_version u32
//  24  e_entry u64     32  e_phoff u64      40  e_shoff u64
//  48  e_flags u32     52  e_ehsize u16     54  e_phentsize u16   56  e_phnum u16
//  58  e_shentsize u16 60  e_shnum u16      62  e_shstrndx u16
//
// Section header (64 bytes):
//   0  sh_name u32   4  sh_type u32   8  sh_flags u64    16 sh_addr u64    24 sh_offset u64
//  32  sh_size u64  40  sh_link u32  44  sh_info u32     48 sh_addralign u64  56 sh_entsize u64
//
// e_shnum = 0 with e_shoff != 0 means the count is in section 0's sh_size; e_shstrndx = SHN_XINDEX
// means the index is in section 0's sh_link (gABI extended section numbering).
import { ByteView, safeNumber } from './bytes.js';
import {
  EI_ABIVERSION, EI_CLASS, EI_DATA, EI_NIDENT, EI_OSABI, EI_VERSION, ELF64_EHDR_SIZE, ELF64_SHDR_SIZE,
  ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, ELFMAG, ET_REL, SHN_LORESERVE, SHN_UNDEF, SHN_XINDEX,
  SHT_DYNSYM, SHT_NOBITS, SHT_NULL, SHT_REL, SHT_RELA, SHT_SYMTAB, sectionTypeName,
} from './constants.js';
import { ElfError } from './errors.js';
import { readString } from './strtab.js';
import { decodeRelocationSection, decodeSymbolTable } from './tables.js';
import type { ElfFile, ElfHeader, ElfRelocationSection, ElfSection, ElfSymbol } from './types.js';

/** Upper bound on the number of sections we accept (a corrupt e_shnum must not make us loop for long). */
const MAX_SECTIONS = 1 << 20;

function u64field(v: bigint, what: string): number {
  const n = safeNumber(v);
  if (n === undefined || n < 0) throw new ElfError(`${what} 0x${v.toString(16)} is too large`);
  return n;
}

function decodeHeader(bytes: Uint8Array): { header: ElfHeader; view: ByteView; shoff: number; shnum: number; shentsize: number; shstrndxRaw: number } {
  if (bytes.length < EI_NIDENT) throw new ElfError(`file is ${bytes.length} bytes, too short for an ELF identification`);
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== ELFMAG[i]) throw new ElfError('not an ELF file (bad magic number)');
  }
  const cls = bytes[EI_CLASS];
  if (cls === ELFCLASS32) throw new ElfError('not a 64-bit ELF object (ELFCLASS32)');
  if (cls !== ELFCLASS64) throw new ElfError(`unknown ELF class ${cls}`);
  const data = bytes[EI_DATA];
  if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) throw new ElfError(`unknown ELF data encoding ${data}`);
  if (bytes.length < ELF64_EHDR_SIZE) throw new ElfError(`file is ${bytes.length} bytes, too short for an ELF64 header`);
  const view = new ByteView(bytes, data === ELFDATA2LSB);
  const identVersion = bytes[EI_VERSION] ?? 0;
  const version = view.u32(20);
  if (identVersion !== 1) throw new ElfError(`unsupported ELF identification version ${identVersion}`);
  const ehsize = view.u16(52);
  if (ehsize !== 0 && ehsize < ELF64_EHDR_SIZE) throw new ElfError(`e_ehsize ${ehsize} is smaller than an ELF64 header`);
  const header: ElfHeader = {
    byteOrder: view.little ? 'little' : 'big',
    osabi: bytes[EI_OSABI] ?? 0,
    abiVersion: bytes[EI_ABIVERSION] ?? 0,
    type: view.u16(16),
    machine: view.u16(18),
    version,
    entry: view.u64(24),
    phoff: u64field(view.u64(32), 'e_phoff'),
    phnum: view.u16(56),
    flags: view.u32(48),
    shstrndx: 0,
  };
  return {
    header,
    view,
    shoff: u64field(view.u64(40), 'e_shoff'),
    shnum: view.u16(60),
    shentsize: view.u16(58),
    shstrndxRaw: view.u16(62),
  };
}

function readSectionHeader(view: ByteView, index: number, at: number): ElfSection {
  const type = view.u32(at + 4);
  const where = `section ${index}`;
  return {
    index,
    name: '',
    nameOffset: view.u32(at),
    type,
    flags: u64field(view.u64(at + 8), `${where}: sh_flags`),
    addr: view.u64(at + 16),
    offset: u64field(view.u64(at + 24), `${where}: sh_offset`),
    size: u64field(view.u64(at + 32), `${where}: sh_size`),
    link: view.u32(at + 40),
    info: view.u32(at + 44),
    addralign: u64field(view.u64(at + 48), `${where}: sh_addralign`),
    entsize: u64field(view.u64(at + 56), `${where}: sh_entsize`),
    data: new Uint8Array(0),
  };
}

/** Decodes an ELF64 file. The returned section data are views into `bytes`. */
export function decodeElf(bytes: Uint8Array): ElfFile {
  const { header, view, shoff, shnum: shnumRaw, shentsize, shstrndxRaw } = decodeHeader(bytes);
  const sections: ElfSection[] = [];
  if (shoff !== 0) {
    if (shentsize !== ELF64_SHDR_SIZE) throw new ElfError(`e_shentsize is ${shentsize}, expected ${ELF64_SHDR_SIZE}`);
    if (shoff + ELF64_SHDR_SIZE > bytes.length) {
      throw new ElfError(`section header table at offset ${shoff} extends past end of file (size ${bytes.length})`);
    }
    const first = readSectionHeader(view, 0, shoff);
    let shnum = shnumRaw;
    if (shnum === 0) {
      shnum = first.size;
      if (shnum > MAX_SECTIONS) throw new ElfError(`section count ${shnum} (from section 0) is too large`);
    }
    if (shnum === 0) throw new ElfError('section header table has no entries');
    const end = shoff + shnum * ELF64_SHDR_SIZE;
    if (end > bytes.length) {
      throw new ElfError(`section header table (${shnum} entries at offset ${shoff}) extends past end of file (size ${bytes.length})`);
    }
    if (first.type !== SHT_NULL) throw new ElfError(`section 0 has type ${sectionTypeName(first.type)}, expected NULL`);
    sections.push(first);
    for (let i = 1; i < shnum; i++) sections.push(readSectionHeader(view, i, shoff + i * ELF64_SHDR_SIZE));
    header.shstrndx = shstrndxRaw === SHN_XINDEX ? first.link : shstrndxRaw;
  } else if (shnumRaw !== 0) {
    throw new ElfError(`e_shnum is ${shnumRaw} but e_shoff is 0`);
  }
  if (header.shstrndx !== SHN_UNDEF && header.shstrndx >= sections.length) {
    throw new ElfError(`e_shstrndx ${header.shstrndx} is not a section index (${sections.length} sections)`);
  }

  // section contents
  for (const s of sections) {
    if (s.type === SHT_NOBITS || s.type === SHT_NULL) continue;
    if (s.offset > bytes.length || s.size > bytes.length - s.offset) {
      throw new ElfError(`section ${s.index} extends past end of file (offset ${s.offset}, size ${s.size}, file size ${bytes.length})`);
    }
    s.data = bytes.subarray(s.offset, s.offset + s.size);
  }
  // names
  if (header.shstrndx !== SHN_UNDEF) {
    const names = sections[header.shstrndx] as ElfSection;
    if (names.type === SHT_NOBITS) throw new ElfError(`section-name table (section ${names.index}) has no data (NOBITS)`);
    for (const s of sections) s.name = readString(names.data, s.nameOffset, `section ${s.index} name`);
  }
  // links of the tables decoded below
  for (const s of sections) {
    if (s.link >= sections.length && (s.type === SHT_SYMTAB || s.type === SHT_DYNSYM || s.type === SHT_REL || s.type === SHT_RELA)) {
      throw new ElfError(`section ${s.index} '${s.name}': sh_link ${s.link} is not a section index`);
    }
  }

  const symbolTables = new Map<number, ElfSymbol[]>();
  let symtabIndex = 0;
  for (const s of sections) {
    if (s.type !== SHT_SYMTAB && s.type !== SHT_DYNSYM) continue;
    if (s.type === SHT_SYMTAB) {
      if (symtabIndex !== 0) throw new ElfError(`section ${s.index} '${s.name}': a second symbol table (the first is section ${symtabIndex})`);
      symtabIndex = s.index;
    }
    symbolTables.set(s.index, decodeSymbolTable(view, sections, s));
  }
  const relocations: ElfRelocationSection[] = [];
  for (const s of sections) {
    if (s.type !== SHT_REL && s.type !== SHT_RELA) continue;
    relocations.push(decodeRelocationSection(view, sections, symbolTables, s, header.type === ET_REL));
  }
  return {
    header,
    sections,
    symbols: symbolTables.get(symtabIndex) ?? [],
    symtabIndex,
    symbolTables,
    relocations,
  };
}

/**
 * True when a symbol's `shndx` names a real section of `file` (not SHN_UNDEF, not a reserved index such
 * as SHN_ABS). Only a file with more than 0xff00 sections can make the two readings collide.
 */
export function isSectionIndex(file: ElfFile, shndx: number): boolean {
  return shndx !== SHN_UNDEF && shndx < file.sections.length && (shndx < SHN_LORESERVE || file.sections.length > SHN_LORESERVE);
}
