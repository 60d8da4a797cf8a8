// ELF64 constants (System V gABI, "ELF-64 Object File Format" and LLVM's BPF relocation list in the
// kernel's Documentation/bpf/llvm_reloc.rst), spelled as in <elf.h>. In: nothing. Out: numeric constants
// and small name tables used by the reader, the writer and the printers.

export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46] as const; // "\x7fELF"

// e_ident indexes and values
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_ABIVERSION = 8;
export const EI_NIDENT = 16;
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

// e_type
export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;

// e_machine
export const EM_NONE = 0;
export const EM_BPF = 247;

// special section indexes
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

// sh_type
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;
export const SHT_SYMTAB_SHNDX = 18;
export const SHT_LLVM_ADDRSIG = 0x6fff4c03;

// sh_flags
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_LINK_ORDER = 0x80;
export const SHF_GROUP = 0x200;
export const SHF_TLS = 0x400;
export const SHF_COMPRESSED = 0x800;
export const SHF_EXCLUDE = 0x80000000;

// symbol binding (st_info >> 4)
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;

// symbol type (st_info & 0xf)
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

// symbol visibility (st_other & 0x3)
export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
export const STV_PROTECTED = 3;

// BPF relocation types (LLVM numbering)
export const R_BPF_NONE = 0;
export const R_BPF_64_64 = 1;
export const R_BPF_64_ABS64 = 2;
export const R_BPF_64_ABS32 = 3;
export const R_BPF_64_NODYLD32 = 4;
export const R_BPF_64_32 = 10;

// record sizes
export const ELF64_EHDR_SIZE = 64;
export const ELF64_SHDR_SIZE = 64;
export const ELF64_SYM_SIZE = 24;
export const ELF64_REL_SIZE = 16;
export const ELF64_RELA_SIZE = 24;

/** Relocation type names as llvm-objdump/llvm-readelf print them for EM_BPF. */
export const BPF_RELOC_NAMES: Readonly<Record<number, string>> = {
  [R_BPF_NONE]: 'R_BPF_NONE',
  [R_BPF_64_64]: 'R_BPF_64_64',
  [R_BPF_64_ABS64]: 'R_BPF_64_ABS64',
  [R_BPF_64_ABS32]: 'R_BPF_64_ABS32',
  [R_BPF_64_NODYLD32]: 'R_BPF_64_NODYLD32',
  [R_BPF_64_32]: 'R_BPF_64_32',
};

/** The name llvm tools print for a BPF relocation type ("Unknown" for others, as llvm-readelf does). */
export function bpfRelocName(type: number): string {
  return BPF_RELOC_NAMES[type] ?? 'Unknown';
}

const SECTION_TYPE_NAMES: Readonly<Record<number, string>> = {
  [SHT_NULL]: 'NULL',
  [SHT_PROGBITS]: 'PROGBITS',
  [SHT_SYMTAB]: 'SYMTAB',
  [SHT_STRTAB]: 'STRTAB',
  [SHT_RELA]: 'RELA',
  [SHT_HASH]: 'HASH',
  [SHT_DYNAMIC]: 'DYNAMIC',
  [SHT_NOTE]: 'NOTE',
  [SHT_NOBITS]: 'NOBITS',
  [SHT_REL]: 'REL',
  [SHT_DYNSYM]: 'DYNSYM',
  [SHT_SYMTAB_SHNDX]: 'SYMTAB SECTION INDICES',
  [SHT_LLVM_ADDRSIG]: 'LLVM_ADDRSIG',
};

/** Section type name as llvm-readelf -S prints it. */
export function sectionTypeName(type: number): string {
  return SECTION_TYPE_NAMES[type] ?? `0x${type.toString(16)}`;
}

const SYMBOL_TYPE_NAMES = ['NOTYPE', 'OBJECT', 'FUNC', 'SECTION', 'FILE', 'COMMON', 'TLS'] as const;
const SYMBOL_BIND_NAMES = ['LOCAL', 'GLOBAL', 'WEAK'] as const;
const SYMBOL_VIS_NAMES = ['DEFAULT', 'INTERNAL', 'HIDDEN', 'PROTECTED'] as const;

/** Symbol type as llvm-readelf -s prints it. */
export function symbolTypeName(type: number): string {
  return SYMBOL_TYPE_NAMES[type] ?? `<unknown>: ${type.toString(16)}`;
}

/** Symbol binding as llvm-readelf -s prints it. */
export function symbolBindName(bind: number): string {
  return SYMBOL_BIND_NAMES[bind] ?? `<unknown>: ${bind.toString(16)}`;
}

/** Symbol visibility as llvm-readelf -s prints it. */
export function symbolVisibilityName(vis: number): string {
  return SYMBOL_VIS_NAMES[vis & 3] ?? 'DEFAULT';
}
