// ELF object bytes → ObjectSpec. Understands what clang-16 writes (reference §1): label and section
// symbols, implicit addends, `.rodata.str1.1`-style sections, DATASECs of size 0; ignores DWARF,
// `.rel.BTF*`, `.llvm_addrsig` and other sections libbpf skips; rejects what libbpf rejects (no symbol
// table, legacy `maps`, non-native byte order, static entry programs) with ObjectError messages.
import { decodeBtf, decodeBtfExt, type Btf, type BtfExt } from '../btf/index.js';
import {
  decodeElf, EM_BPF, EM_NONE, ET_REL, SHF_EXECINSTR, SHT_NOBITS, SHT_PROGBITS, SHT_REL,
  STB_GLOBAL, STB_WEAK, STT_FUNC, STT_OBJECT, type ElfFile, type ElfSection, type ElfSymbol,
} from '../elf/index.js';
import { EbpfcError } from '../errors.js';
import { INSN_SIZE } from '../isa/index.js';
import { fixupDatasecs } from './btf-fixup.js';
import { decodeCodeRelocations, decodeProgramSection, isHidden, linkageOf, type SectionRoles } from './decode-code.js';
import { decodeMapInits, decodeMaps } from './decode-maps.js';
import { ObjectError } from './errors.js';
import { dataKindOf, type DataSection, type DataVar, type ObjectSpec, type ProgramSection } from './spec.js';

/** Largest data section alignment accepted (a page); anything larger is a corrupt header. */
const MAX_DATA_ALIGN = 4096;

/** Decodes an eBPF ELF object. Throws ObjectError (or the ElfError / BtfError it wraps). */
export function decodeObject(bytes: Uint8Array): ObjectSpec {
  const elf = decodeElf(bytes);
  checkHeader(elf);
  const { sections, symbols } = elf;
  if (elf.symtabIndex === 0) throw new ObjectError('no symbol table (stripped object file?)');

  const code = new Map<number, ElfSection>();
  const data = new Map<number, ElfSection>();
  let mapsSec: ElfSection | undefined;
  let btfSec: ElfSection | undefined;
  let extSec: ElfSection | undefined;
  let licenseSec: ElfSection | undefined;
  let versionSec: ElfSection | undefined;
  for (const s of sections) {
    if (s.index === 0) continue;
    const dup = (prev: ElfSection | undefined): ElfSection => {
      if (prev !== undefined) throw new ObjectError(`two '${s.name}' sections (${prev.index} and ${s.index})`);
      return s;
    };
    if (s.name === 'maps' && s.type === SHT_PROGBITS) {
      throw new ObjectError("legacy map definitions in 'maps' section are not supported by libbpf v1.0+ (use BTF-defined maps in '.maps')");
    }
    if (s.type === SHT_PROGBITS && (s.flags & SHF_EXECINSTR) !== 0) {
      if (s.size > 0) code.set(s.index, s);
    } else if (s.name === '.maps' && s.type === SHT_PROGBITS) mapsSec = dup(mapsSec);
    else if (s.name === '.BTF') btfSec = dup(btfSec);
    else if (s.name === '.BTF.ext') extSec = dup(extSec);
    else if (s.name === 'license' && s.type === SHT_PROGBITS) licenseSec = dup(licenseSec);
    else if (s.name === 'version' && s.type === SHT_PROGBITS) versionSec = dup(versionSec);
    else if (isDataSection(s)) data.set(s.index, s);
  }
  const names = new Set<string>();
  for (const s of [...code.values(), ...data.values()]) {
    if (names.has(s.name)) throw new ObjectError(`two sections named '${s.name}'`);
    names.add(s.name);
  }

  // BTF first: maps need it, and its DATASECs are fixed up against the ELF layout
  let btf: Btf | undefined;
  let ext: BtfExt | undefined;
  if (btfSec !== undefined) {
    if (btfSec.type !== SHT_PROGBITS) throw new ObjectError(`section '.BTF' has type ${btfSec.type}, expected PROGBITS`);
    btf = fixupDatasecs(wrap('.BTF', () => decodeBtf(btfSec.data)), {
      sectionSize: (name) => sections.find((s) => s.name === name && s.index !== 0)?.size,
      globalSymbol: (name) => {
        const sym = symbols.find((y) => y.type === STT_OBJECT && (y.bind === STB_GLOBAL || y.bind === STB_WEAK) && y.name === name);
        return sym === undefined ? undefined : { offset: sym.value, size: sym.size, hidden: isHidden(sym) };
      },
    });
    if (extSec !== undefined) {
      const strings = btf.strings;
      ext = wrap('.BTF.ext', () => decodeBtfExt(extSec.data, strings));
    }
  }

  const spec: ObjectSpec = { programs: [], maps: [], data: [], externs: [] };
  if (licenseSec !== undefined) spec.license = decodeLicense(licenseSec, symbols);
  if (versionSec !== undefined) {
    if (versionSec.size !== 4) throw new ObjectError(`section 'version' has ${versionSec.size} bytes, expected 4`);
    spec.kernelVersion = new DataView(versionSec.data.buffer, versionSec.data.byteOffset, 4).getUint32(0, true);
  }

  // maps
  let mapAt = new Map<number, string>();
  if (mapsSec !== undefined) {
    const decoded = decodeMaps(btf, mapsSec);
    mapAt = decoded.mapAt;
    const rel = elf.relocations.find((r) => r.target === mapsSec.index && r.section.type === SHT_REL);
    if (rel !== undefined) decodeMapInits(decoded.placed, rel.entries, symbols, mapsSec.index, code);
    spec.maps = decoded.placed.map((p) => p.def);
  }

  // data
  for (const s of data.values()) spec.data.push(decodeData(s, symbols, btf));

  // programs and their relocations
  const roles: SectionRoles = { code, data, mapsIndex: mapsSec?.index ?? -1, mapAt };
  const externs = new Map<string, { sym: ElfSymbol; called: boolean }>();
  for (const s of code.values()) {
    const prog = decodeProgramSection(s, symbols);
    for (const rel of elf.relocations) {
      if (rel.target !== s.index) continue;
      if (rel.rela) throw new ObjectError(`section '${rel.section.name}': RELA relocations are not supported for code`);
      decodeCodeRelocations(prog, rel.entries, symbols, sections, roles, externs);
    }
    if (ext !== undefined) attachExtInfo(prog, ext);
    spec.programs.push(prog);
  }
  // every undefined global symbol is an extern (libbpf bpf_object__collect_externs), in symbol order
  const btfFuncs = new Set(btf?.types.filter((t) => t.kind === 'FUNC' && t.linkage === 'extern').map((t) => t.name));
  for (const sym of symbols) {
    if (sym.index === 0 || sym.shndx !== 0 || (sym.bind !== STB_GLOBAL && sym.bind !== STB_WEAK) || sym.name === '') continue;
    const func = externs.get(sym.name)?.called === true || sym.type === STT_FUNC || btfFuncs.has(sym.name);
    spec.externs.push({ name: sym.name, type: func ? 'func' : 'var', weak: sym.bind === STB_WEAK });
  }
  if (btf !== undefined) spec.btf = btf;
  return spec;
}

function checkHeader(elf: ElfFile): void {
  const h = elf.header;
  if (h.byteOrder !== 'little') throw new ObjectError('endianness mismatch: big-endian (ELFDATA2MSB) object on a little-endian target');
  if (h.type !== ET_REL) throw new ObjectError(`not a relocatable object (e_type ${h.type}, expected ET_REL)`);
  if (h.machine !== EM_BPF && h.machine !== EM_NONE) throw new ObjectError(`not a BPF object (e_machine ${h.machine}, expected EM_BPF ${EM_BPF})`);
}

/** libbpf's classification: `.data*`/`.rodata*` PROGBITS and `.bss*` NOBITS sections are global data. */
function isDataSection(s: ElfSection): boolean {
  const kind = dataKindOf(s.name);
  if (kind === undefined) return false;
  return kind === 'bss' ? s.type === SHT_NOBITS : s.type === SHT_PROGBITS;
}

/** BtfError and friends already carry a stage; other failures of a sub-decoder are wrapped. */
function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EbpfcError) throw e;
    throw new ObjectError(`${what}: ${(e as Error).message}`);
  }
}

function decodeLicense(s: ElfSection, symbols: readonly ElfSymbol[]): NonNullable<ObjectSpec['license']> {
  const nul = s.data.indexOf(0);
  // one char per byte, so that any bytes survive a round trip (the kernel compares them as ASCII)
  const text = String.fromCharCode(...s.data.subarray(0, Math.min(nul < 0 ? s.data.length : nul, 4096)));
  const sym = symbols.find((y) => y.shndx === s.index && y.type === STT_OBJECT);
  return sym === undefined ? { text, size: s.size } : { text, size: s.size, symbol: sym.name };
}

function decodeData(s: ElfSection, symbols: readonly ElfSymbol[], btf: Btf | undefined): DataSection {
  const kind = dataKindOf(s.name) ?? 'data';
  const btfTypes = new Map<string, number>();
  const datasec = btf?.types.find((t) => t.kind === 'DATASEC' && t.name === s.name);
  if (datasec !== undefined && datasec.kind === 'DATASEC' && btf !== undefined) {
    for (const vi of datasec.vars) {
      const v = btf.types[vi.type];
      if (v?.kind === 'VAR') btfTypes.set(v.name, v.type);
    }
  }
  const variables: DataVar[] = [];
  for (const sym of symbols) {
    if (sym.shndx !== s.index || sym.type !== STT_OBJECT) continue;
    if (sym.value + sym.size > s.size) {
      throw new ObjectError(`section '${s.name}': variable '${sym.name}' [${sym.value}, ${sym.value + sym.size}) extends past the section end (${s.size})`);
    }
    variables.push({ name: sym.name, offset: sym.value, size: sym.size, linkage: linkageOf(sym), hidden: isHidden(sym), btfType: btfTypes.get(sym.name) ?? 0 });
  }
  variables.sort((a, b) => a.offset - b.offset || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (s.addralign > MAX_DATA_ALIGN || (s.addralign & (s.addralign - 1)) !== 0) {
    throw new ObjectError(`section '${s.name}': alignment ${s.addralign} is not a power of two up to ${MAX_DATA_ALIGN}`);
  }
  const out: DataSection = { name: s.name, kind, size: s.size, align: Math.max(1, s.addralign), variables };
  if (s.type !== SHT_NOBITS) out.bytes = s.data.slice();
  return out;
}

function attachExtInfo(prog: ProgramSection, ext: BtfExt): void {
  const slot = (insnOff: number, what: string): number => {
    if (insnOff % INSN_SIZE !== 0 || insnOff / INSN_SIZE >= prog.insns.length) {
      throw new ObjectError(`section '${prog.name}': .BTF.ext ${what} insn_off ${insnOff} is not an instruction of the section`);
    }
    return insnOff / INSN_SIZE;
  };
  for (const sec of ext.funcInfo.sections) {
    if (sec.section !== prog.name) continue;
    for (const r of sec.records) prog.funcInfo.push({ offset: slot(r.insnOff, 'func_info'), typeId: r.typeId });
  }
  for (const sec of ext.lineInfo.sections) {
    if (sec.section !== prog.name) continue;
    for (const r of sec.records) prog.lineInfo.push({ offset: slot(r.insnOff, 'line_info'), file: r.fileName, source: r.line, line: r.lineNum, col: r.col });
  }
  for (const sec of ext.coreRelo.sections) {
    if (sec.section !== prog.name) continue;
    for (const r of sec.records) prog.coreRelos.push({ offset: slot(r.insnOff, 'CO-RE relocation'), typeId: r.typeId, access: r.accessStr, kind: r.kind });
  }
  // stable sorts keep the file's order for records at the same offset
  prog.funcInfo.sort((a, b) => a.offset - b.offset);
  prog.lineInfo.sort((a, b) => a.offset - b.offset);
  prog.coreRelos.sort((a, b) => a.offset - b.offset);
}
