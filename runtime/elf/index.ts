// Public surface of runtime/elf: a generic, bounds-checked ELF64 reader (both byte orders) and a
// little-endian writer, with string, symbol and relocation tables.
export * from './constants.js';
export { ElfError } from './errors.js';
export { decodeElf, isSectionIndex } from './decode.js';
export { encodeElf, type ElfInput } from './encode.js';
export { readString, StringTableBuilder } from './strtab.js';
export { encodeRelocations, encodeSymbolTable } from './tables.js';
export type {
  ElfByteOrder, ElfFile, ElfHeader, ElfRelocation, ElfRelocationInput, ElfRelocationSection, ElfSection,
  ElfSectionInput, ElfSymbol, ElfSymbolInput,
} from './types.js';
