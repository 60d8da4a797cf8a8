// The decoded ELF64 model: what decodeElf() returns (header, sections with their bytes, symbol tables,
// relocation tables, all names resolved) and what encodeElf() takes. Generic ELF64 (System V gABI);
// nothing here is BPF-specific except that the reader checks nothing about e_machine.

export type ElfByteOrder = 'little' | 'big';

export interface ElfHeader {
  byteOrder: ElfByteOrder;
  /** e_ident[EI_OSABI] and e_ident[EI_ABIVERSION]. */
  osabi: number;
  abiVersion: number;
  /** e_type (ET_REL, …), e_machine (EM_BPF, …), e_version, e_flags. */
  type: number;
  machine: number;
  version: number;
  flags: number;
  entry: bigint;
  /** Program headers are not decoded; their position is kept for printers. */
  phoff: number;
  phnum: number;
  /** Index of the section holding section names (after SHN_XINDEX resolution); 0 when none. */
  shstrndx: number;
}

export interface ElfSection {
  index: number;
  name: string;
  /** sh_name: offset of the name in the section-name string table. */
  nameOffset: number;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** The section's bytes (a view into the file); empty for SHT_NOBITS and SHT_NULL. */
  data: Uint8Array;
}

export interface ElfSymbol {
  /** Index in its symbol table. */
  index: number;
  name: string;
  nameOffset: number;
  value: number;
  size: number;
  /** st_info >> 4 (STB_*), st_info & 0xf (STT_*), st_other & 3 (STV_*). */
  bind: number;
  type: number;
  visibility: number;
  other: number;
  /** Section index, resolved through SHT_SYMTAB_SHNDX when st_shndx is SHN_XINDEX. */
  shndx: number;
}

export interface ElfRelocation {
  offset: number;
  /** Symbol index in the linked symbol table. */
  symbol: number;
  type: number;
  /** Explicit addend (RELA); 0 for REL. */
  addend: number;
}

export interface ElfRelocationSection {
  /** The SHT_REL / SHT_RELA section itself. */
  section: ElfSection;
  rela: boolean;
  /** sh_info: the section the relocations apply to (0 when none). */
  target: number;
  /** sh_link: the symbol table the entries index. */
  symtab: number;
  entries: ElfRelocation[];
}

export interface ElfFile {
  header: ElfHeader;
  /** Every section header, index 0 (SHT_NULL) included. */
  sections: ElfSection[];
  /** Symbols of the SHT_SYMTAB section ([] when there is none). */
  symbols: ElfSymbol[];
  /** Index of the SHT_SYMTAB section, 0 when there is none. */
  symtabIndex: number;
  /** Every symbol table (SHT_SYMTAB and SHT_DYNSYM), by section index. */
  symbolTables: ReadonlyMap<number, ElfSymbol[]>;
  /** Every SHT_REL / SHT_RELA section, decoded, in section order. */
  relocations: ElfRelocationSection[];
}

/** A section to write. The null section 0 is implicit: sections[0] becomes section 1. */
export interface ElfSectionInput {
  name: string;
  type: number;
  flags?: number;
  addr?: bigint;
  link?: number;
  info?: number;
  addralign?: number;
  entsize?: number;
  /** Contents; ignored for the section-name table, which the writer fills. */
  data?: Uint8Array;
  /** Size of an SHT_NOBITS section (its data must be absent). */
  size?: number;
}

export interface ElfSymbolInput {
  name: string;
  value: number;
  size: number;
  bind: number;
  type: number;
  visibility?: number;
  shndx: number;
}

export interface ElfRelocationInput {
  offset: number;
  symbol: number;
  type: number;
  /** Written only for RELA. */
  addend?: number;
}
