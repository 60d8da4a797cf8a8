// ObjectSpec: the in-memory eBPF object. The compiler produces it, decodeObject() produces it from any
// ELF object (ours or clang's), encodeObject() writes it, the loader consumes it. Facts it models:
// /work/shared/reference/object-format.md §1 (ELF, symbols, relocations), §2 (BTF, .BTF.ext).
//
// Conventions:
// - Offsets inside programs are instruction *slot* indexes (8 bytes each), never byte offsets.
// - An instruction a relocation applies to keeps zero in the field the relocation fills: the imm of the
//   first slot of an ld_imm64 (map, data, callback, extern) or of a call; an ld_imm64's second slot is
//   kept as it is. The relocation carries the resolved target (map name; data section + byte offset;
//   code section + slot), so the loader never needs ELF symbols. encodeObject writes clang's implicit
//   addends back into the immediates.
// - Calls without a relocation (pc-relative inside one section) keep their imm and have no entry.
// - Lists are in a fixed order: programs and data sections in file order, functions, variables,
//   relocations and BTF.ext records by offset, maps by their offset in `.maps`, externs in symbol order.
// - Data sections keep their bytes and layout exactly; `btf` is the decoded .BTF with DATASEC sizes and
//   VAR offsets already fixed up the way libbpf's btf_fixup_datasec does at open time.
// - Label symbols (LBB0_2), the FILE symbol, DWARF and .llvm_addrsig are not modelled.
// Round trip: decodeObject(encodeObject(spec)) equals canonicalizeObject(spec) (canonical.ts), and a
// canonical spec — what decodeObject returns for any object encodeObject wrote — is a fixed point.
// Canonicalisation is the only place where the layout changes: it merges every `.rodata.*` section into
// one `.rodata`, drops empty code sections, puts `.text` first and orders data as .data*, .rodata, .bss*.
import type { Btf } from '../btf/index.js';
import type { Insn } from '../isa/index.js';

export type SymbolLinkage = 'static' | 'global' | 'weak';

export interface ObjectSpec {
  /** Contents of the `license` section; absent when the object has none. */
  license?: LicenseSpec;
  /** The optional `version` section (u32 kernel version, only for kprobes on kernels < 5.0). */
  kernelVersion?: number;
  /** Every non-empty executable section, `.text` (subprograms) included, in file order. */
  programs: ProgramSection[];
  /** BTF-defined maps of `.maps`, in their order in the section. */
  maps: MapDef[];
  /** Global data: `.data`, `.rodata`, `.bss` and their `.data.*` / `.rodata.*` / `.bss.*` variants. */
  data: DataSection[];
  /** Undefined (SHN_UNDEF) symbols referenced by the code: kfuncs, ksyms, kconfig values. */
  externs: ExternSpec[];
  /** Decoded `.BTF`; absent when the object has none (then it can have no maps). */
  btf?: Btf;
}

export interface LicenseSpec {
  /** The license string, up to its first NUL (e.g. "GPL", "Dual BSD/GPL"); one character per byte. */
  text: string;
  /** Section size in bytes (≥ text length; the rest is NUL padding, normally at least one NUL). */
  size: number;
  /** Name of the OBJECT symbol on the section (clang: the variable, usually `LICENSE`); absent if none. */
  symbol?: string;
}

/** One executable ELF section: `.text` or a `SEC()` section such as `xdp`, `tc`, `socket`. */
export interface ProgramSection {
  /** ELF section name. */
  name: string;
  /** Raw instruction slots (an ld_imm64 takes two). */
  insns: Insn[];
  /** STT_FUNC symbols of the section, by offset. Entry programs are the global ones outside `.text`. */
  functions: FunctionSpec[];
  /** Relocations of the section's instructions, by offset. */
  relocations: Relocation[];
  /** .BTF.ext func_info records for this section, by offset. */
  funcInfo: FuncInfo[];
  /** .BTF.ext line_info records for this section, by offset. */
  lineInfo: LineInfo[];
  /** .BTF.ext CO-RE relocation records for this section, by offset. */
  coreRelos: CoreRelo[];
}

export interface FunctionSpec {
  name: string;
  /** First slot. */
  offset: number;
  /** Length in slots. */
  size: number;
  linkage: SymbolLinkage;
  /** STV_HIDDEN (libbpf then treats a global subprogram as static). */
  hidden: boolean;
}

/** What an instruction refers to; see the file comment for how immediates relate to it. */
export type Relocation =
  | MapRelocation
  | DataRelocation
  | CodeRelocation
  | ExternRelocation;

/** `ld_imm64 rX, <map>`: the loader puts the map's fd (src_reg BPF_PSEUDO_MAP_FD). */
export interface MapRelocation {
  kind: 'map';
  offset: number;
  map: string;
}

/** `ld_imm64 rX, <address in a data section>` (src_reg BPF_PSEUDO_MAP_VALUE with `addend` as offset). */
export interface DataRelocation {
  kind: 'data';
  offset: number;
  /** Data section name (`.data`, `.rodata`, `.bss`, `.rodata.str1.1`, …). */
  section: string;
  /** Byte offset of the referenced address inside the section. */
  addend: number;
  /** The variable the reference was written against (a global's symbol); absent for a section reference. */
  symbol?: string;
}

/**
 * `call` to a BPF function (kind 'call') or `ld_imm64` of a function address used as a callback
 * (kind 'callback', e.g. for bpf_loop; the loader sets src_reg BPF_PSEUDO_FUNC).
 */
export interface CodeRelocation {
  kind: 'call' | 'callback';
  offset: number;
  /** Code section holding the target (libbpf requires `.text`). */
  section: string;
  /** Target slot index inside that section. */
  target: number;
  /** The function symbol the reference was written against; absent for a section reference. */
  symbol?: string;
}

/** A reference to an undefined symbol: a kfunc `call` or an `ld_imm64` of a ksym / kconfig value. */
export interface ExternRelocation {
  kind: 'extern';
  offset: number;
  name: string;
}

export interface ExternSpec {
  name: string;
  /** 'func' when a `call` refers to it (a kfunc), 'var' for ld_imm64 references (ksyms, kconfig). */
  type: 'func' | 'var';
  /** STB_WEAK: resolving it is optional. */
  weak: boolean;
}

export interface FuncInfo {
  /** Slot of the function's first instruction. */
  offset: number;
  /** BTF FUNC type id. */
  typeId: number;
}

export interface LineInfo {
  offset: number;
  /** Source file name and the text of the source line (from the .BTF string table). */
  file: string;
  source: string;
  line: number;
  col: number;
}

export interface CoreRelo {
  offset: number;
  typeId: number;
  /** Access string such as "0:1:2". */
  access: string;
  /** enum bpf_core_relo_kind. */
  kind: number;
}

export interface MapDef {
  /** Map (and symbol, and BTF VAR) name. */
  name: string;
  /** BPF_MAP_TYPE_* */
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  /** map_flags (BPF_F_*) */
  flags: number;
  numaNode: number;
  /** LIBBPF_PIN_NONE (0) or LIBBPF_PIN_BY_NAME (1). */
  pinning: number;
  mapExtra: bigint;
  /** BTF type ids of the key and value types (0 when given only as key_size / value_size). */
  btfKeyType: number;
  btfValueType: number;
  /** Inner map template of a map-in-map (`__array(values, struct { … })`), named `<outer>.inner`. */
  inner?: MapDef;
  /** Static initialisers from `.rel.maps` (`.values = { [1] = &prog }`), by slot. */
  values: MapValueInit[];
}

export interface MapValueInit {
  /** Index in the map. */
  slot: number;
  /** An entry program (prog arrays) or another map (map-in-map). */
  kind: 'prog' | 'map';
  name: string;
}

export type DataKind = 'data' | 'rodata' | 'bss';

export interface DataSection {
  /** `.data`, `.rodata`, `.bss`, `.data.<x>`, `.rodata.<x>`, `.bss.<x>`. */
  name: string;
  kind: DataKind;
  size: number;
  /** Section alignment. */
  align: number;
  /** Contents (length = size); absent for `bss`, which is all zero. */
  bytes?: Uint8Array;
  /** OBJECT symbols of the section, by offset. */
  variables: DataVar[];
}

export interface DataVar {
  name: string;
  offset: number;
  size: number;
  linkage: SymbolLinkage;
  hidden: boolean;
  /** BTF type id of the variable's type (the VAR's target), 0 when the BTF has no VAR for it. */
  btfType: number;
}

/** The section-name prefix of each data kind, as libbpf classifies sections. */
export function dataKindOf(section: string): DataKind | undefined {
  if (section === '.data' || section.startsWith('.data.')) return 'data';
  if (section === '.rodata' || section.startsWith('.rodata.')) return 'rodata';
  if (section === '.bss' || section.startsWith('.bss.')) return 'bss';
  return undefined;
}

/** Entry programs of a spec: global functions outside `.text`, with their section. */
export function entryPrograms(spec: ObjectSpec): { section: ProgramSection; fn: FunctionSpec }[] {
  const out: { section: ProgramSection; fn: FunctionSpec }[] = [];
  for (const section of spec.programs) {
    if (section.name === '.text') continue;
    for (const fn of section.functions) if (fn.linkage !== 'static') out.push({ section, fn });
  }
  return out;
}

/** Line info records that fall inside `fn` (offsets stay section-relative). */
export function lineInfoOf(section: ProgramSection, fn: FunctionSpec): LineInfo[] {
  return section.lineInfo.filter((l) => l.offset >= fn.offset && l.offset < fn.offset + fn.size);
}
