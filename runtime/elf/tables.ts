// ELF64 symbol and relocation tables (System V gABI "Symbol Table", "Relocation"): decode from a
// section's bytes with every index checked, and encode symbol/relocation inputs into section bytes.
//
// Elf64_Sym (24 bytes):
//   0  st_name u32 | 4  st_info u8 (bind << 4 | type) | 5  st_other u8 (visibility in bits 0-1)
//   6  st_shndx u16 | 8  st_value u64 | 16  st_size u64
//
// Elf64_Rel (16 bytes) / Elf64_Rela (24 bytes):
//   0  r_offset u64 | 8  r_info u64 (symbol index << 32 | type) | [16  r_addend i64]
import { ByteView, safeNumber } from './bytes.js';
import {
  ELF64_REL_SIZE, ELF64_RELA_SIZE, ELF64_SYM_SIZE, SHN_LORESERVE, SHN_UNDEF, SHN_XINDEX, SHT_NOBITS,
  SHT_RELA, SHT_SYMTAB_SHNDX,
} from './constants.js';
import { ElfError } from './errors.js';
import { readString, type StringTableBuilder } from './strtab.js';
import type { ElfRelocation, ElfRelocationInput, ElfRelocationSection, ElfSection, ElfSymbol, ElfSymbolInput } from './types.js';

function label(s: ElfSection): string {
  return `section ${s.index} '${s.name}'`;
}

function u64num(v: bigint, what: string): number {
  const n = safeNumber(v);
  if (n === undefined) throw new ElfError(`${what} 0x${v.toString(16)} is too large`);
  return n;
}

/** Decodes the symbol table in section `s` (SHT_SYMTAB or SHT_DYNSYM). */
export function decodeSymbolTable(view: ByteView, sections: ElfSection[], s: ElfSection): ElfSymbol[] {
  if (s.entsize !== ELF64_SYM_SIZE) throw new ElfError(`${label(s)}: sh_entsize is ${s.entsize}, expected ${ELF64_SYM_SIZE}`);
  if (s.size % ELF64_SYM_SIZE !== 0) throw new ElfError(`${label(s)}: size ${s.size} is not a multiple of ${ELF64_SYM_SIZE}`);
  const strtab = sections[s.link];
  if (strtab === undefined || s.link === 0) throw new ElfError(`${label(s)}: sh_link ${s.link} does not name a string table`);
  if (strtab.type === SHT_NOBITS) throw new ElfError(`${label(s)}: its string table (section ${strtab.index}) has no data`);
  const shndxTable = sections.find((x) => x.type === SHT_SYMTAB_SHNDX && x.link === s.index);
  const count = s.size / ELF64_SYM_SIZE;
  const symbols: ElfSymbol[] = [];
  for (let i = 0; i < count; i++) {
    const at = s.offset + i * ELF64_SYM_SIZE;
    const nameOffset = view.u32(at);
    const info = view.u8(at + 4);
    const other = view.u8(at + 5);
    let shndx = view.u16(at + 6);
    const where = `${label(s)}: symbol ${i}`;
    const name = readString(strtab.data, nameOffset, `${where} name`);
    if (shndx === SHN_XINDEX) {
      if (shndxTable === undefined) throw new ElfError(`${where} '${name}': st_shndx is SHN_XINDEX but there is no SHT_SYMTAB_SHNDX section`);
      if ((i + 1) * 4 > shndxTable.data.length) throw new ElfError(`${where} '${name}': no entry in SHT_SYMTAB_SHNDX section ${shndxTable.index}`);
      shndx = new ByteView(shndxTable.data, view.little).u32(i * 4);
      if (shndx === SHN_UNDEF || shndx >= sections.length) {
        throw new ElfError(`${where} '${name}': extended section index ${shndx} is not a section index (${sections.length} sections)`);
      }
    } else if (shndx !== SHN_UNDEF && shndx < SHN_LORESERVE && shndx >= sections.length) {
      throw new ElfError(`${where} '${name}': section index ${shndx} is not a section index (${sections.length} sections)`);
    }
    symbols.push({
      index: i,
      name,
      nameOffset,
      value: u64num(view.u64(at + 8), `${where} '${name}': st_value`),
      size: u64num(view.u64(at + 16), `${where} '${name}': st_size`),
      bind: info >> 4,
      type: info & 0xf,
      visibility: other & 3,
      other,
      shndx,
    });
  }
  return symbols;
}

/**
 * Decodes the REL or RELA section `s`; symbol indexes are checked against the linked table, and in a
 * relocatable file (`relocatable`: ET_REL) offsets against the section they patch (in executables and
 * shared objects r_offset is a virtual address).
 */
export function decodeRelocationSection(
  view: ByteView,
  sections: ElfSection[],
  symbolTables: ReadonlyMap<number, ElfSymbol[]>,
  s: ElfSection,
  relocatable = true,
): ElfRelocationSection {
  const rela = s.type === SHT_RELA;
  const entsize = rela ? ELF64_RELA_SIZE : ELF64_REL_SIZE;
  if (s.entsize !== entsize) throw new ElfError(`${label(s)}: sh_entsize is ${s.entsize}, expected ${entsize}`);
  if (s.size % entsize !== 0) throw new ElfError(`${label(s)}: size ${s.size} is not a multiple of ${entsize}`);
  const symbols = s.link === 0 ? [] : symbolTables.get(s.link);
  if (symbols === undefined) throw new ElfError(`${label(s)}: sh_link ${s.link} is not a symbol table`);
  if (s.info >= sections.length) throw new ElfError(`${label(s)}: sh_info ${s.info} is not a section index (${sections.length} sections)`);
  const target = sections[s.info] as ElfSection;
  const entries: ElfRelocation[] = [];
  const count = s.size / entsize;
  for (let i = 0; i < count; i++) {
    const at = s.offset + i * entsize;
    const where = `${label(s)}: relocation ${i}`;
    const offset = u64num(view.u64(at), `${where}: r_offset`);
    const info = view.u64(at + 8);
    const symbol = Number(info >> 32n);
    const type = Number(info & 0xffffffffn);
    if (symbol !== 0 && symbol >= symbols.length) {
      throw new ElfError(`${where}: symbol index ${symbol} is outside the symbol table (${symbols.length} symbols)`);
    }
    if (relocatable && s.info !== 0 && offset >= target.size) {
      throw new ElfError(`${where}: offset ${offset} is outside section ${target.index} '${target.name}' (size ${target.size})`);
    }
    const addend = rela ? u64num(view.i64(at + 16), `${where}: r_addend`) : 0;
    entries.push({ offset, symbol, type, addend });
  }
  return { section: s, rela, target: s.info, symtab: s.link, entries };
}

/** Encodes symbols (index 0 must be the null symbol, supplied by the caller) into SHT_SYMTAB bytes. */
export function encodeSymbolTable(symbols: readonly ElfSymbolInput[], strings: StringTableBuilder): Uint8Array {
  const out = new Uint8Array(symbols.length * ELF64_SYM_SIZE);
  const view = new ByteView(out, true);
  symbols.forEach((sym, i) => {
    const at = i * ELF64_SYM_SIZE;
    if (sym.shndx < 0 || sym.shndx > 0xffff || sym.shndx === SHN_XINDEX) {
      throw new ElfError(`symbol '${sym.name}': section index ${sym.shndx} cannot be written`);
    }
    if (!Number.isSafeInteger(sym.value) || !Number.isSafeInteger(sym.size) || sym.size < 0) {
      throw new ElfError(`symbol '${sym.name}': value ${sym.value} / size ${sym.size} cannot be written`);
    }
    view.setU32(at, strings.add(sym.name));
    view.setU8(at + 4, ((sym.bind & 0xf) << 4) | (sym.type & 0xf));
    view.setU8(at + 5, (sym.visibility ?? 0) & 3);
    view.setU16(at + 6, sym.shndx);
    view.setU64(at + 8, BigInt(sym.value));
    view.setU64(at + 16, BigInt(sym.size));
  });
  return out;
}

/** Encodes relocations into SHT_REL (or SHT_RELA when `rela`) bytes, little-endian. */
export function encodeRelocations(relocs: readonly ElfRelocationInput[], rela = false): Uint8Array {
  const entsize = rela ? ELF64_RELA_SIZE : ELF64_REL_SIZE;
  const out = new Uint8Array(relocs.length * entsize);
  const view = new ByteView(out, true);
  relocs.forEach((r, i) => {
    const at = i * entsize;
    if (!Number.isSafeInteger(r.offset) || r.offset < 0) throw new ElfError(`relocation ${i}: offset ${r.offset} cannot be written`);
    if (r.symbol < 0 || r.symbol > 0xffffffff || r.type < 0 || r.type > 0xffffffff) {
      throw new ElfError(`relocation ${i}: symbol ${r.symbol} / type ${r.type} cannot be written`);
    }
    view.setU64(at, BigInt(r.offset));
    view.setU64(at + 8, (BigInt(r.symbol) << 32n) | BigInt(r.type));
    if (rela) view.setU64(at + 16, BigInt(r.addend ?? 0));
  });
  return out;
}
