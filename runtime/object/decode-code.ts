// Program sections of an ELF object → ProgramSection (instructions, function symbols, relocations),
// following libbpf's bpf_object__add_programs and bpf_program__record_reloc (src/libbpf.c) and the
// relocation conventions of reference §1.5: the symbol's section decides what a relocation means (map in
// `.maps`, data in `.data*/.rodata*/.bss*`, code in an executable section, extern when undefined), the
// instruction must be `ld_imm64` or `call`, and the relocation type number is never looked at.
import {
  SHN_UNDEF, STB_LOCAL, STB_WEAK, STT_FUNC, STT_SECTION, STV_HIDDEN, STV_INTERNAL, type ElfSection,
  type ElfSymbol,
} from '../elf/index.js';
import { BPF_CALL, BPF_JMP, BPF_LD_IMM64, BPF_PSEUDO_CALL, INSN_SIZE, decode as decodeSlots, type Insn } from '../isa/index.js';
import { ObjectError } from './errors.js';
import type { FunctionSpec, ProgramSection, Relocation, SymbolLinkage } from './spec.js';

const BPF_CALL_CODE = BPF_JMP | BPF_CALL; // 0x85

export function linkageOf(sym: ElfSymbol): SymbolLinkage {
  return sym.bind === STB_LOCAL ? 'static' : sym.bind === STB_WEAK ? 'weak' : 'global';
}

export function isHidden(sym: ElfSymbol): boolean {
  return sym.visibility === STV_HIDDEN || sym.visibility === STV_INTERNAL;
}

/** What the decoder knows about each section a relocation may point into. */
export interface SectionRoles {
  code: ReadonlyMap<number, ElfSection>;
  data: ReadonlyMap<number, ElfSection>;
  mapsIndex: number;
  /** `.maps` symbol value → map name */
  mapAt: ReadonlyMap<number, string>;
}

/** Decodes the instructions and function symbols of code section `sec`. */
export function decodeProgramSection(sec: ElfSection, symbols: readonly ElfSymbol[]): ProgramSection {
  const label = `section '${sec.name}'`;
  if (sec.size % INSN_SIZE !== 0) throw new ObjectError(`${label}: size ${sec.size} is not a multiple of ${INSN_SIZE}`);
  const insns = decodeSlots(sec.data);
  const functions: FunctionSpec[] = [];
  for (const sym of symbols) {
    if (sym.shndx !== sec.index || sym.type !== STT_FUNC) continue;
    const where = `${label}: function '${sym.name}'`;
    if (sym.value % INSN_SIZE !== 0 || sym.size % INSN_SIZE !== 0) {
      throw new ObjectError(`${where}: offset ${sym.value} / size ${sym.size} is not a multiple of ${INSN_SIZE}`);
    }
    if (sym.value + sym.size > sec.size) {
      throw new ObjectError(`${where}: [${sym.value}, ${sym.value + sym.size}) extends past the section end (${sec.size})`);
    }
    if (sym.size === 0) throw new ObjectError(`${where}: has size 0`);
    const linkage = linkageOf(sym);
    if (linkage === 'static' && sec.name !== '.text') {
      throw new ObjectError(`${where}: program is static and not supported (an entry program must be global)`);
    }
    functions.push({ name: sym.name, offset: sym.value / INSN_SIZE, size: sym.size / INSN_SIZE, linkage, hidden: isHidden(sym) });
  }
  functions.sort((a, b) => a.offset - b.offset || cmp(a.name, b.name));
  for (let i = 1; i < functions.length; i++) {
    const a = functions[i - 1] as FunctionSpec;
    const b = functions[i] as FunctionSpec;
    if (b.offset < a.offset + a.size) throw new ObjectError(`${label}: functions '${a.name}' and '${b.name}' overlap`);
  }
  return { name: sec.name, insns, functions, relocations: [], funcInfo: [], lineInfo: [], coreRelos: [] };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Turns the REL entries of a code section into Relocations, zeroing the immediate each one fills (see
 * spec.ts). `externs` collects the undefined symbols referenced (and whether a `call` uses them).
 */
export function decodeCodeRelocations(
  prog: ProgramSection,
  entries: readonly { offset: number; symbol: number }[],
  symbols: readonly ElfSymbol[],
  sections: readonly ElfSection[],
  roles: SectionRoles,
  externs: Map<string, { sym: ElfSymbol; called: boolean }>,
): void {
  const relocs: Relocation[] = [];
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    const where = `section '${prog.name}': relocation ${i}`;
    if (e.offset % INSN_SIZE !== 0) throw new ObjectError(`${where}: offset ${e.offset} is not a multiple of ${INSN_SIZE}`);
    const slot = e.offset / INSN_SIZE;
    const insn = prog.insns[slot];
    if (insn === undefined) throw new ObjectError(`${where}: offset ${e.offset} is outside the section`);
    if (seen.has(slot)) throw new ObjectError(`${where}: a second relocation for insn ${slot}`);
    seen.add(slot);
    const sym = symbols[e.symbol];
    if (sym === undefined || e.symbol === 0) throw new ObjectError(`${where}: no symbol (index ${e.symbol})`);
    const isLd = insn.code === BPF_LD_IMM64;
    const isCall = insn.code === BPF_CALL_CODE;
    const symName = sym.type === STT_SECTION ? `section ${sym.shndx}` : `'${sym.name}'`;
    const at = `${where} (insn ${slot}, symbol ${symName})`;
    if (!isLd && !isCall) throw new ObjectError(`${at}: invalid relocation on an instruction with opcode 0x${insn.code.toString(16).padStart(2, '0')} (only ld_imm64 and call are relocated)`);
    if (isLd && prog.insns[slot + 1] === undefined) throw new ObjectError(`${at}: ld_imm64 has no second slot`);
    const named = sym.type !== STT_SECTION && sym.name !== '';
    if (sym.shndx === SHN_UNDEF) {
      if (!named) throw new ObjectError(`${at}: undefined symbol without a name`);
      const known = externs.get(sym.name);
      externs.set(sym.name, { sym, called: (known?.called ?? false) || isCall });
      relocs.push({ kind: 'extern', offset: slot, name: sym.name });
      zero(insn);
      return;
    }
    if (sym.shndx === roles.mapsIndex) {
      if (!isLd) throw new ObjectError(`${at}: a map can only be referenced by ld_imm64`);
      const map = roles.mapAt.get(sym.value);
      if (map === undefined) throw new ObjectError(`${at}: no map is defined at offset ${sym.value} of '.maps'`);
      relocs.push({ kind: 'map', offset: slot, map });
      zero(insn);
      return;
    }
    const data = roles.data.get(sym.shndx);
    if (data !== undefined) {
      if (!isLd) throw new ObjectError(`${at}: global data can only be referenced by ld_imm64`);
      const addend = sym.value + insn.imm;
      if (addend < 0 || addend > data.size) throw new ObjectError(`${at}: offset ${addend} is outside section '${data.name}' (size ${data.size})`);
      relocs.push(named ? { kind: 'data', offset: slot, section: data.name, addend, symbol: sym.name } : { kind: 'data', offset: slot, section: data.name, addend });
      zero(insn);
      return;
    }
    const code = roles.code.get(sym.shndx);
    if (code !== undefined) {
      if (sym.value % INSN_SIZE !== 0) throw new ObjectError(`${at}: code symbol value ${sym.value} is not a multiple of ${INSN_SIZE}`);
      let target: number;
      if (isCall) {
        if (insn.src !== BPF_PSEUDO_CALL) throw new ObjectError(`${at}: incorrect bpf_call opcode (src_reg ${insn.src}, expected ${BPF_PSEUDO_CALL})`);
        target = sym.value / INSN_SIZE + insn.imm + 1;
      } else {
        const bytes = sym.value + insn.imm;
        if (bytes % INSN_SIZE !== 0) throw new ObjectError(`${at}: function address ${bytes} is not a multiple of ${INSN_SIZE}`);
        target = bytes / INSN_SIZE;
      }
      if (target < 0 || target >= code.size / INSN_SIZE) {
        throw new ObjectError(`${at}: target insn ${target} is outside section '${code.name}' (${code.size / INSN_SIZE} insns)`);
      }
      const kind = isCall ? 'call' : 'callback';
      relocs.push(named ? { kind, offset: slot, section: code.name, target, symbol: sym.name } : { kind, offset: slot, section: code.name, target });
      zero(insn);
      return;
    }
    const target = sections[sym.shndx];
    throw new ObjectError(`${at}: points to section '${target?.name ?? sym.shndx}', which holds no maps, data or code`);
  });
  relocs.sort((a, b) => a.offset - b.offset);
  prog.relocations = relocs;
}

function zero(insn: Insn): void {
  insn.imm = 0;
}
