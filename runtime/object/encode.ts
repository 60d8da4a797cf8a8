// ObjectSpec → ELF object bytes in the canonical shape of reference §1.10 / §7 (what libbpf's static
// linker writes): sections NULL, .strtab, .symtab, code (.text first), .data*, .rodata, .maps, .bss*,
// license, version, .rel<code>…, .rel.maps, .BTF, .BTF.ext; locals first in the symbol table with sh_info
// at the first global; clang's relocation conventions (§1.5): named symbols for globals with their
// implicit addends, section symbols for statics; no DWARF. In: a spec. Out: bytes; decodeObject of them
// equals canonicalizeObject(spec).
import { createBtfExt, encodeBtf, encodeBtfAndExt, type BtfExt } from '../btf/index.js';
import {
  EM_BPF, ET_REL, R_BPF_64_32, R_BPF_64_64, R_BPF_64_ABS64, SHF_ALLOC, SHF_EXECINSTR, SHF_INFO_LINK, SHF_WRITE, SHN_UNDEF,
  SHT_NOBITS, SHT_PROGBITS, SHT_REL, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE,
  STT_OBJECT, STT_SECTION, STV_DEFAULT, STV_HIDDEN, ELF64_REL_SIZE, ELF64_SYM_SIZE, StringTableBuilder, encodeElf,
  encodeRelocations, encodeSymbolTable, type ElfRelocationInput, type ElfSectionInput, type ElfSymbolInput,
} from '../elf/index.js';
import { EbpfcError } from '../errors.js';
import { BPF_CALL, BPF_JMP, BPF_LD_IMM64, BPF_PSEUDO_CALL, INSN_SIZE, encode as encodeSlots } from '../isa/index.js';
import { canonicalizeObject } from './canonical.js';
import { ObjectError } from './errors.js';
import { layoutMaps, type MapPlacement } from './layout.js';
import type { DataSection, ObjectSpec, ProgramSection, Relocation, SymbolLinkage } from './spec.js';

const CALL = BPF_JMP | BPF_CALL;

function bindOf(l: SymbolLinkage): number {
  return l === 'static' ? STB_LOCAL : l === 'weak' ? STB_WEAK : STB_GLOBAL;
}

/** Writes `spec` as a canonical ELF object. */
export function encodeObject(input: ObjectSpec): Uint8Array {
  const spec = canonicalizeObject(input);
  const { placements, size: mapsSize } = layoutMaps(spec);

  // section numbering
  const sections: ElfSectionInput[] = [];
  const index = new Map<string, number>();
  const add = (s: ElfSectionInput): number => {
    sections.push(s);
    if (index.has(s.name)) throw new ObjectError(`two sections named '${s.name}'`);
    index.set(s.name, sections.length);
    return sections.length;
  };
  const strings = new StringTableBuilder();
  add({ name: '.strtab', type: SHT_STRTAB, addralign: 1 });
  const symtabIdx = add({ name: '.symtab', type: SHT_SYMTAB, addralign: 8, entsize: ELF64_SYM_SIZE, link: 1 });
  for (const p of spec.programs) add({ name: p.name, type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addralign: 8 });
  const dataFlags = (d: DataSection): number => (d.kind === 'rodata' ? SHF_ALLOC : SHF_ALLOC | SHF_WRITE);
  for (const d of spec.data) {
    if (d.kind === 'bss') continue;
    add({ name: d.name, type: SHT_PROGBITS, flags: dataFlags(d), addralign: d.align, data: dataBytes(d) });
  }
  if (spec.maps.length > 0) add({ name: '.maps', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, addralign: 8, data: new Uint8Array(mapsSize) });
  for (const d of spec.data) {
    if (d.kind === 'bss') add({ name: d.name, type: SHT_NOBITS, flags: dataFlags(d), addralign: d.align, size: d.size });
  }
  if (spec.license !== undefined) add({ name: 'license', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, addralign: 1, data: licenseBytes(spec.license) });
  if (spec.kernelVersion !== undefined) {
    const v = new Uint8Array(4);
    new DataView(v.buffer).setUint32(0, spec.kernelVersion >>> 0, true);
    add({ name: 'version', type: SHT_PROGBITS, addralign: 4, data: v });
  }

  // symbols: locals (section symbols, static functions and variables), then globals
  const symbols = new SymbolTable();
  const sectionRefs = new Set<string>();
  for (const p of spec.programs) {
    for (const r of p.relocations) {
      if ((r.kind === 'data' || r.kind === 'call' || r.kind === 'callback') && !hasNamedTarget(spec, r)) sectionRefs.add(r.section);
    }
  }
  for (const name of sectionRefs) {
    const idx = index.get(name);
    if (idx === undefined) throw new ObjectError(`a relocation refers to section '${name}', which the object does not have`);
    symbols.addSection(name, idx);
  }
  const emitFunctions = (local: boolean): void => {
    for (const p of spec.programs) {
      for (const f of p.functions) {
        if ((f.linkage === 'static') !== local) continue;
        symbols.add({ name: f.name, value: f.offset * INSN_SIZE, size: f.size * INSN_SIZE, bind: bindOf(f.linkage), type: STT_FUNC, visibility: f.hidden ? STV_HIDDEN : STV_DEFAULT, shndx: index.get(p.name) as number });
      }
    }
  };
  const emitVariables = (local: boolean): void => {
    for (const d of spec.data) {
      for (const v of d.variables) {
        if ((v.linkage === 'static') !== local) continue;
        symbols.add({ name: v.name, value: v.offset, size: v.size, bind: bindOf(v.linkage), type: STT_OBJECT, visibility: v.hidden ? STV_HIDDEN : STV_DEFAULT, shndx: index.get(d.name) as number });
      }
    }
  };
  emitFunctions(true);
  emitVariables(true);
  const firstGlobal = symbols.length;
  emitFunctions(false);
  emitVariables(false);
  for (const p of placements) {
    symbols.add({ name: p.def.name, value: p.offset, size: p.size, bind: STB_GLOBAL, type: STT_OBJECT, shndx: index.get('.maps') as number });
  }
  if (spec.license?.symbol !== undefined) {
    symbols.add({ name: spec.license.symbol, value: 0, size: spec.license.size, bind: STB_GLOBAL, type: STT_OBJECT, shndx: index.get('license') as number });
  }
  const externs = new Map(spec.externs.map((e) => [e.name, e]));
  for (const p of spec.programs) for (const r of p.relocations) if (r.kind === 'extern' && !externs.has(r.name)) externs.set(r.name, { name: r.name, type: 'var', weak: false });
  for (const e of externs.values()) symbols.add({ name: e.name, value: 0, size: 0, bind: e.weak ? STB_WEAK : STB_GLOBAL, type: STT_NOTYPE, shndx: SHN_UNDEF });

  // code bytes and their relocations
  const relSections: ElfSectionInput[] = [];
  for (const p of spec.programs) {
    const { bytes, relocs } = encodeProgram(spec, p, symbols, placements, index);
    const sec = sections[(index.get(p.name) as number) - 1] as ElfSectionInput;
    sec.data = bytes;
    if (relocs.length > 0) {
      relSections.push({ name: `.rel${p.name}`, type: SHT_REL, flags: SHF_INFO_LINK, addralign: 8, entsize: ELF64_REL_SIZE, link: symtabIdx, info: index.get(p.name) as number, data: encodeRelocations(relocs) });
    }
  }
  const mapRelocs = encodeMapInits(spec, placements, symbols, index);
  if (mapRelocs.length > 0) {
    relSections.push({ name: '.rel.maps', type: SHT_REL, flags: SHF_INFO_LINK, addralign: 8, entsize: ELF64_REL_SIZE, link: symtabIdx, info: index.get('.maps') as number, data: encodeRelocations(mapRelocs) });
  }
  for (const r of relSections) add(r);

  // BTF
  if (spec.btf !== undefined) {
    const ext = buildExt(spec);
    const out = wrapBtf(() => (ext === undefined ? { btf: encodeBtf(spec.btf!), ext: undefined } : encodeBtfAndExt(spec.btf!, ext)));
    add({ name: '.BTF', type: SHT_PROGBITS, addralign: 8, data: out.btf });
    if (out.ext !== undefined) add({ name: '.BTF.ext', type: SHT_PROGBITS, addralign: 8, data: out.ext });
  } else if (spec.programs.some((p) => p.funcInfo.length + p.lineInfo.length + p.coreRelos.length > 0)) {
    throw new ObjectError('func/line info (.BTF.ext) needs BTF, but the object has none');
  }

  const symtab = sections[symtabIdx - 1] as ElfSectionInput;
  symtab.data = encodeSymbolTable(symbols.list, strings);
  symtab.info = firstGlobal;
  return encodeElf({ type: ET_REL, machine: EM_BPF, sections, names: { index: 1, strings } });
}

function wrapBtf<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EbpfcError) throw e;
    throw new ObjectError(`BTF: ${(e as Error).message}`);
  }
}

/** Largest data or license section written (1 GiB). */
const MAX_SECTION_SIZE = 1 << 30;

function checkSize(size: number, what: string): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_SECTION_SIZE) throw new ObjectError(`${what}: size ${size} cannot be written`);
}

function dataBytes(d: DataSection): Uint8Array {
  checkSize(d.size, `section '${d.name}'`);
  const b = d.bytes ?? new Uint8Array(d.size);
  if (b.length !== d.size) throw new ObjectError(`section '${d.name}': ${b.length} bytes of contents for size ${d.size}`);
  return b;
}

function licenseBytes(l: NonNullable<ObjectSpec['license']>): Uint8Array {
  const text = Uint8Array.from(l.text, (c) => c.charCodeAt(0));
  if ([...l.text].some((c) => c.charCodeAt(0) > 0xff || c === '\0')) throw new ObjectError('license text must be NUL-free single-byte characters');
  checkSize(l.size, 'license');
  if (l.size < text.length) throw new ObjectError(`license '${l.text}' needs ${text.length} bytes, size is ${l.size}`);
  const out = new Uint8Array(l.size);
  out.set(text);
  return out;
}

/** True when relocation `r` names a symbol the object defines (so it is written against that symbol). */
function hasNamedTarget(spec: ObjectSpec, r: Relocation): boolean {
  if (r.kind === 'data') return r.symbol !== undefined && spec.data.some((d) => d.name === r.section && d.variables.some((v) => v.name === r.symbol));
  if (r.kind === 'call' || r.kind === 'callback') {
    return r.symbol !== undefined && spec.programs.some((p) => p.name === r.section && p.functions.some((f) => f.name === r.symbol));
  }
  return true;
}

class SymbolTable {
  readonly list: ElfSymbolInput[] = [{ name: '', value: 0, size: 0, bind: STB_LOCAL, type: STT_NOTYPE, shndx: SHN_UNDEF }];
  private readonly sectionSyms = new Map<string, number>();
  private readonly named = new Map<string, number>();
  private readonly globals = new Set<string>();

  get length(): number {
    return this.list.length;
  }
  addSection(name: string, shndx: number): void {
    this.sectionSyms.set(name, this.list.length);
    this.list.push({ name: '', value: 0, size: 0, bind: STB_LOCAL, type: STT_SECTION, shndx });
  }
  add(s: ElfSymbolInput): void {
    if (s.bind !== STB_LOCAL) {
      if (this.globals.has(s.name)) throw new ObjectError(`symbol '${s.name}' is defined twice`);
      this.globals.add(s.name);
    }
    const key = `${s.shndx}:${s.name}`;
    if (!this.named.has(key)) this.named.set(key, this.list.length);
    this.list.push(s);
  }
  /** Index of the section symbol of `name`. */
  section(name: string): number {
    const i = this.sectionSyms.get(name);
    if (i === undefined) throw new ObjectError(`no section symbol for '${name}'`);
    return i;
  }
  /** Index of the symbol `name` defined in section `shndx` (SHN_UNDEF for externs). */
  lookup(name: string, shndx: number | undefined): number {
    const i = shndx === undefined ? undefined : this.named.get(`${shndx}:${name}`);
    if (i === undefined) throw new ObjectError(`no symbol '${name}' in section ${shndx ?? '?'}`);
    return i;
  }
}

function encodeProgram(spec: ObjectSpec, p: ProgramSection, symbols: SymbolTable, placements: readonly MapPlacement[], index: ReadonlyMap<string, number>): { bytes: Uint8Array; relocs: ElfRelocationInput[] } {
  const insns = p.insns.map((i) => ({ ...i }));
  const relocs: ElfRelocationInput[] = [];
  const seen = new Set<number>();
  for (const r of p.relocations) {
    const where = `section '${p.name}': relocation at insn ${r.offset}`;
    const insn = insns[r.offset];
    if (insn === undefined) throw new ObjectError(`${where}: no such instruction (${insns.length} insns)`);
    if (seen.has(r.offset)) throw new ObjectError(`${where}: a second relocation for the same instruction`);
    seen.add(r.offset);
    const isLd = insn.code === BPF_LD_IMM64 && insns[r.offset + 1] !== undefined;
    const isCall = insn.code === CALL;
    const needLd = (): void => {
      if (!isLd) throw new ObjectError(`${where}: a ${r.kind} relocation needs an ld_imm64 instruction (opcode 0x${insn.code.toString(16)})`);
    };
    let sym: number;
    let imm: number;
    let type: number = R_BPF_64_64;
    switch (r.kind) {
      case 'map': {
        needLd();
        const m = placements.find((x) => x.def.name === r.map);
        if (m === undefined) throw new ObjectError(`${where}: no map '${r.map}'`);
        sym = symbols.lookup(r.map, index.get('.maps'));
        imm = 0;
        break;
      }
      case 'data': {
        needLd();
        const d = spec.data.find((x) => x.name === r.section);
        if (d === undefined) throw new ObjectError(`${where}: no data section '${r.section}'`);
        const v = r.symbol === undefined ? undefined : d.variables.find((x) => x.name === r.symbol);
        if (v !== undefined) {
          sym = symbols.lookup(v.name, index.get(d.name));
          imm = r.addend - v.offset;
        } else {
          sym = symbols.section(d.name);
          imm = r.addend;
        }
        break;
      }
      case 'call':
      case 'callback': {
        if (r.kind === 'call' && !(isCall && insn.src === BPF_PSEUDO_CALL)) throw new ObjectError(`${where}: a call relocation needs a 'call' with src_reg ${BPF_PSEUDO_CALL}`);
        if (r.kind === 'callback') needLd();
        const target = spec.programs.find((x) => x.name === r.section);
        if (target === undefined) throw new ObjectError(`${where}: no code section '${r.section}'`);
        if (!Number.isInteger(r.target) || r.target < 0 || r.target >= target.insns.length) throw new ObjectError(`${where}: target insn ${r.target} is outside '${r.section}'`);
        const f = r.symbol === undefined ? undefined : target.functions.find((x) => x.name === r.symbol);
        const base = f === undefined ? 0 : f.offset;
        sym = f === undefined ? symbols.section(target.name) : symbols.lookup(f.name, index.get(target.name));
        if (r.kind === 'call') {
          imm = r.target - base - 1;
          type = R_BPF_64_32;
        } else {
          imm = (r.target - base) * INSN_SIZE;
        }
        break;
      }
      case 'extern': {
        if (!isLd && !isCall) throw new ObjectError(`${where}: an extern relocation needs ld_imm64 or call`);
        sym = symbols.lookup(r.name, SHN_UNDEF);
        imm = isCall ? -1 : 0;
        type = isCall ? R_BPF_64_32 : R_BPF_64_64;
        break;
      }
      default: {
        const never: never = r;
        throw new ObjectError(`unknown relocation ${JSON.stringify(never)}`);
      }
    }
    if (!Number.isInteger(imm) || imm < -0x80000000 || imm > 0x7fffffff) throw new ObjectError(`${where}: addend ${imm} does not fit 32 bits`);
    insn.imm = imm;
    relocs.push({ offset: r.offset * INSN_SIZE, symbol: sym, type });
  }
  let bytes: Uint8Array;
  try {
    bytes = encodeSlots(insns);
  } catch (e) {
    if (e instanceof EbpfcError) throw new ObjectError(`section '${p.name}': ${e.message}`);
    throw e;
  }
  return { bytes, relocs };
}

function encodeMapInits(spec: ObjectSpec, placements: readonly MapPlacement[], symbols: SymbolTable, index: ReadonlyMap<string, number>): ElfRelocationInput[] {
  const out: ElfRelocationInput[] = [];
  for (const p of placements) {
    for (const v of p.def.values) {
      const where = `map '${p.def.name}': slot ${v.slot}`;
      if (!Number.isInteger(v.slot) || v.slot < 0) throw new ObjectError(`${where}: bad slot`);
      let sym: number;
      if (v.kind === 'prog') {
        const owner = spec.programs.find((x) => x.name !== '.text' && x.functions.some((f) => f.name === v.name && f.linkage !== 'static'));
        if (owner === undefined) throw new ObjectError(`${where}: no entry program '${v.name}'`);
        sym = symbols.lookup(v.name, index.get(owner.name));
      } else {
        if (!placements.some((x) => x.def.name === v.name)) throw new ObjectError(`${where}: no map '${v.name}'`);
        sym = symbols.lookup(v.name, index.get('.maps'));
      }
      out.push({ offset: p.offset + (p.valuesOffset ?? 0) + v.slot * 8, symbol: sym, type: R_BPF_64_ABS64 });
    }
  }
  return out;
}

function buildExt(spec: ObjectSpec): BtfExt | undefined {
  const ext = createBtfExt();
  let any = false;
  for (const p of spec.programs) {
    if (p.funcInfo.length > 0) ext.funcInfo.sections.push({ section: p.name, records: p.funcInfo.map((f) => ({ insnOff: f.offset * INSN_SIZE, typeId: f.typeId })) });
    if (p.lineInfo.length > 0) {
      ext.lineInfo.sections.push({ section: p.name, records: p.lineInfo.map((l) => ({ insnOff: l.offset * INSN_SIZE, fileName: l.file, line: l.source, lineNum: l.line, col: l.col })) });
    }
    if (p.coreRelos.length > 0) {
      ext.coreRelo.sections.push({ section: p.name, records: p.coreRelos.map((c) => ({ insnOff: c.offset * INSN_SIZE, typeId: c.typeId, accessStr: c.access, kind: c.kind })) });
    }
    any ||= p.funcInfo.length + p.lineInfo.length + p.coreRelos.length > 0;
  }
  return any ? ext : undefined;
}
