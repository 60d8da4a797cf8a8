// Disassembly listing of an ELF object as llvm-objdump-16 -d [-r] prints it, from the file itself (not
// from the ObjectSpec, so it shows exactly what is there). In: object bytes and options. Out: a listing
// model (also the JSON form of `ebpfc objdump --json`) and its text.
//
// llvm-objdump rules reproduced: executable sections that are not empty, in section order; symbol
// headers `\n%016x <name>:` for every symbol of the section except section and file symbols, and only
// the last of several symbols at one address (sorted by address, name, type); `<section>` when no
// symbol starts the section; jump targets `<sym>` or `<sym+0xN>` against the last symbol at or before
// the target; relocations after their instruction: `\t\t%016x:  R_BPF_64_64\tname` (a section
// symbol shows its section's name). With `source`, the .BTF.ext line info adds `; <source line>` lines
// where the line changes.
import { decodeBtf, decodeBtfExt } from '../btf/index.js';
import {
  bpfRelocName, decodeElf, EM_BPF, EM_NONE, SHF_EXECINSTR, SHT_PROGBITS, STT_FILE, STT_SECTION, type ElfFile,
  type ElfSection,
} from '../elf/index.js';
import { EbpfcError } from '../errors.js';
import { decode as decodeSlots, disassemble, INSN_SIZE } from '../isa/index.js';
import { ObjectError } from './errors.js';

export interface ListingOptions {
  /** Immediates in hex (llvm-objdump-16's default); decimal otherwise (as --no-print-imm-hex). */
  hex?: boolean;
  /** Print relocations (-r). */
  relocations?: boolean;
  /** Interleave source lines from .BTF.ext line info (-S). */
  source?: boolean;
}

export interface ListedRelocation {
  /** Byte offset in the section. */
  offset: number;
  type: string;
  symbol: string;
}

export interface ListedInsn {
  /** Slot index. */
  pc: number;
  /** Bytes as they are in the file (16 for ld_imm64), hex. */
  bytes: string;
  text: string;
  /** The symbol header printed before this instruction, if any. */
  symbol?: string;
  relocations: ListedRelocation[];
  /** Source line (from .BTF.ext) that starts at this instruction. */
  source?: { file: string; line: number; col: number; text: string };
}

export interface ListedSection {
  name: string;
  insns: ListedInsn[];
}

export interface ObjectListing {
  sections: ListedSection[];
}

interface Sym {
  name: string;
  addr: number;
  type: number;
}

/** Disassembles every non-empty executable section of an eBPF object. */
export function listObject(bytes: Uint8Array, opts: ListingOptions = {}): ObjectListing {
  const elf = decodeElf(bytes);
  if (elf.header.machine !== EM_BPF && elf.header.machine !== EM_NONE) {
    throw new ObjectError(`not a BPF object (e_machine ${elf.header.machine})`);
  }
  const lines = opts.source ? lineInfo(elf) : new Map<string, Map<number, ListedInsn['source']>>();
  const sections: ListedSection[] = [];
  for (const sec of elf.sections) {
    if (sec.type !== SHT_PROGBITS || (sec.flags & SHF_EXECINSTR) === 0 || sec.size === 0) continue;
    sections.push(listSection(elf, sec, opts, lines.get(sec.name)));
  }
  return { sections };
}

function listSection(elf: ElfFile, sec: ElfSection, opts: ListingOptions, lines: Map<number, ListedInsn['source']> | undefined): ListedSection {
  const little = elf.header.byteOrder === 'little';
  const usable = sec.data.subarray(0, sec.data.length - (sec.data.length % INSN_SIZE));
  const insns = decodeSlots(little ? usable : toLittleEndian(usable));
  const syms = sectionSymbols(elf, sec);
  const headerAt = new Map<number, string>();
  for (let i = 0; i < syms.length; i++) {
    const s = syms[i] as Sym;
    if (syms[i + 1]?.addr !== s.addr) headerAt.set(s.addr, s.name);
  }
  if (!headerAt.has(0)) headerAt.set(0, sec.name);
  const symbolize = (targetPc: number): string | undefined => {
    const addr = targetPc * INSN_SIZE;
    let best: Sym | undefined;
    for (const s of syms) if (s.addr <= addr) best = s;
    const base = best ?? { name: sec.name, addr: 0 };
    if (addr < 0) return undefined;
    return addr === base.addr ? base.name : `${base.name}+0x${(addr - base.addr).toString(16)}`;
  };
  const relocs = opts.relocations ? sectionRelocations(elf, sec) : [];
  let r = 0;
  let lastLine: string | undefined;
  const out: ListedInsn[] = [];
  for (const line of disassemble(insns, { hex: opts.hex ?? false, symbolize })) {
    const start = line.pc * INSN_SIZE;
    const end = start + line.slots * INSN_SIZE;
    const item: ListedInsn = { pc: line.pc, bytes: hex(sec.data.subarray(start, end)), text: line.text, relocations: [] };
    const header = headerAt.get(start);
    if (header !== undefined) item.symbol = header;
    while (r < relocs.length && (relocs[r] as ListedRelocation).offset < end) {
      if ((relocs[r] as ListedRelocation).offset >= start) item.relocations.push(relocs[r] as ListedRelocation);
      r++;
    }
    const src = lines?.get(line.pc);
    if (src !== undefined) {
      const key = `${src.file}:${src.line}`;
      if (key !== lastLine) item.source = src;
      lastLine = key;
    }
    out.push(item);
  }
  return { name: sec.name, insns: out };
}

/** Symbols llvm-objdump shows for a section, sorted by (address, name, type). */
function sectionSymbols(elf: ElfFile, sec: ElfSection): Sym[] {
  const out: Sym[] = [];
  for (const s of elf.symbols) {
    if (s.shndx !== sec.index || s.type === STT_SECTION || s.type === STT_FILE || s.index === 0) continue;
    out.push({ name: s.name, addr: s.value, type: s.type });
  }
  return out.sort((a, b) => a.addr - b.addr || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.type - b.type);
}

function sectionRelocations(elf: ElfFile, sec: ElfSection): ListedRelocation[] {
  const out: ListedRelocation[] = [];
  for (const rs of elf.relocations) {
    if (rs.target !== sec.index) continue;
    const symbols = elf.symbolTables.get(rs.symtab) ?? [];
    for (const e of rs.entries) {
      const sym = symbols[e.symbol];
      let name = sym?.name ?? '';
      if (sym !== undefined && sym.type === STT_SECTION) name = elf.sections[sym.shndx]?.name ?? '';
      out.push({ offset: e.offset, type: bpfRelocName(e.type), symbol: name });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** .BTF.ext line info by section name and slot. */
function lineInfo(elf: ElfFile): Map<string, Map<number, ListedInsn['source']>> {
  const out = new Map<string, Map<number, ListedInsn['source']>>();
  const btfSec = elf.sections.find((s) => s.name === '.BTF');
  const extSec = elf.sections.find((s) => s.name === '.BTF.ext');
  if (btfSec === undefined || extSec === undefined) return out;
  if (elf.header.byteOrder !== 'little') throw new ObjectError('source lines (-S) need a little-endian .BTF.ext');
  try {
    const btf = decodeBtf(btfSec.data);
    const ext = decodeBtfExt(extSec.data, btf.strings);
    for (const s of ext.lineInfo.sections) {
      const m = out.get(s.section) ?? new Map<number, ListedInsn['source']>();
      for (const r of s.records) {
        if (r.insnOff % INSN_SIZE === 0 && !m.has(r.insnOff / INSN_SIZE)) m.set(r.insnOff / INSN_SIZE, { file: r.fileName, line: r.lineNum, col: r.col, text: r.line });
      }
      out.set(s.section, m);
    }
  } catch (e) {
    if (e instanceof EbpfcError) throw e;
    throw new ObjectError(`line info: ${(e as Error).message}`);
  }
  return out;
}

/** Big-endian slots (src in the low nibble of byte 1, off/imm big-endian) rewritten little-endian. */
function toLittleEndian(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let i = 0; i + INSN_SIZE <= b.length; i += INSN_SIZE) {
    out[i] = b[i] as number;
    const regs = b[i + 1] as number;
    out[i + 1] = ((regs & 0x0f) << 4) | (regs >> 4);
    out[i + 2] = b[i + 3] as number;
    out[i + 3] = b[i + 2] as number;
    for (let k = 0; k < 4; k++) out[i + 4 + k] = b[i + 7 - k] as number;
  }
  return out;
}

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** The text llvm-objdump-16 prints for `listing` (`path` as given on its command line). */
export function printListing(listing: ObjectListing, path: string): string {
  let out = `\n${path}:\tfile format elf64-bpf\n`;
  for (const sec of listing.sections) {
    out += `\nDisassembly of section ${sec.name}:\n`;
    for (const insn of sec.insns) {
      if (insn.symbol !== undefined) out += `\n${(insn.pc * INSN_SIZE).toString(16).padStart(16, '0')} <${insn.symbol}>:\n`;
      if (insn.source !== undefined) out += `; ${insn.source.text}\n`;
      const bytes = insn.bytes.match(/../g)?.join(' ') ?? '';
      out += `${String(insn.pc).padStart(8, ' ')}:\t${bytes}\t${insn.text}\n`;
      for (const r of insn.relocations) out += `\t\t${r.offset.toString(16).padStart(16, '0')}:  ${r.type}\t${r.symbol}\n`;
    }
  }
  return out;
}
