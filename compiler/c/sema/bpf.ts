// The BPF-specific facts of a checked translation unit, as libbpf reads them from clang's output:
// programs (functions with SEC("…")), BTF-defined maps (global structs in section ".maps" whose members
// follow libbpf's __uint/__type/__array conventions, see reference/object-format.md and libbpf's
// parse_btf_map_def), the license and version sections. In: the checked globals and functions; out:
// ProgramEntry and MapDefinition lists, the license string, and C1305/C1306 diagnostics.
import { quoted } from './compat.js';
import type { SemaContext } from './context.js';
import type { StaticData } from './static-init.js';
import { evalConstant } from './static-init.js';
import type { FunctionSymbol, VarSymbol } from './symbols.js';
import type { TInitializer } from './typed-ast.js';
import { resolve, sizeOf, type CType, type RecordField } from './types.js';
import type { Span } from '../../diagnostics/index.js';

/** A program: a defined function placed in a section other than .text. */
export interface ProgramEntry {
  function: FunctionSymbol;
  /** The section name, e.g. "xdp", "tc", "kprobe/do_unlinkat". */
  section: string;
  /** The type of the context argument (the first parameter), when there is one. */
  ctxType?: CType;
}

/** One entry of a map-in-map or prog-array `.values = { [i] = &x }` initialiser. */
export interface MapValueRef {
  index: number;
  kind: 'prog' | 'map';
  symbol: FunctionSymbol | VarSymbol;
  span: Span;
}

/** A BTF-defined map (`struct { __uint(type, …); … } name SEC(".maps");`). */
export interface MapDefinition {
  name: string;
  /** The variable (absent for an inner map template). */
  symbol?: VarSymbol;
  /** The struct type of the definition. */
  defType: CType;
  span: Span;
  type?: number;
  keySize?: number;
  keyType?: CType;
  valueSize?: number;
  valueType?: CType;
  maxEntries?: number;
  mapFlags?: number;
  numaNode?: number;
  pinning?: number;
  mapExtra?: bigint;
  /** Map-in-map: the inner map's definition (from `__array(values, struct {…})`). */
  inner?: MapDefinition;
  /** `__array(values, …)` of programs (prog arrays) rather than of maps. */
  valuesArePrograms?: boolean;
  values: MapValueRef[];
}

const INT_FIELDS = new Set(['type', 'max_entries', 'map_flags', 'numa_node', 'pinning', 'key_size', 'value_size', 'map_extra']);

/** Reads a map definition from its struct type (and initialiser, for `.values`). */
export function readMapDefinition(cx: SemaContext, name: string, defType: CType, span: Span, init?: TInitializer, symbol?: VarSymbol): MapDefinition | undefined {
  const r = resolve(defType);
  const where = `map '${name}'`;
  if (r.kind !== 'record' || r.decl.tag !== 'struct' || r.decl.fields === undefined) {
    cx.report('C1305', `${where}: a map definition in section '.maps' must be a struct, not ${quoted(defType)}`, span);
    return undefined;
  }
  const def: MapDefinition = { name, defType, span, values: [] };
  if (symbol) def.symbol = symbol;
  for (const f of r.decl.fields) {
    if (f.name === undefined) {
      cx.report('C1305', `${where}: unnamed members are not allowed in a map definition`, f.span);
      continue;
    }
    if (INT_FIELDS.has(f.name)) {
      const v = intField(f);
      if (v === undefined) {
        cx.report('C1305', `${where}: '${f.name}' must be declared with __uint(${f.name}, N) (an 'int (*${f.name})[N]' member), not ${quoted(f.type)}`, f.span);
        continue;
      }
      switch (f.name) {
        case 'type': def.type = Number(v); break;
        case 'max_entries': def.maxEntries = Number(v); break;
        case 'map_flags': def.mapFlags = Number(v); break;
        case 'numa_node': def.numaNode = Number(v); break;
        case 'pinning': def.pinning = Number(v); break;
        case 'key_size': def.keySize = Number(v); break;
        case 'value_size': def.valueSize = Number(v); break;
        case 'map_extra': def.mapExtra = v; break;
        default: break;
      }
      continue;
    }
    if (f.name === 'key' || f.name === 'value') {
      const p = resolve(f.type);
      if (p.kind !== 'pointer') {
        cx.report('C1305', `${where}: '${f.name}' must be declared with __type(${f.name}, T) (a 'T *${f.name}' member)`, f.span);
        continue;
      }
      const size = sizeOf(p.pointee);
      if (size === undefined || resolve(p.pointee).kind === 'void' || resolve(p.pointee).kind === 'function') {
        cx.report('C1305', `${where}: ${f.name} type ${quoted(p.pointee)} has no size`, f.span);
        continue;
      }
      if (f.name === 'key') {
        def.keyType = p.pointee;
        def.keySize = size;
      } else {
        def.valueType = p.pointee;
        def.valueSize = size;
      }
      continue;
    }
    if (f.name === 'values') {
      readValuesMember(cx, def, f, where);
      continue;
    }
    cx.report('C1305', `${where}: unknown field '${f.name}' (libbpf rejects it)`, f.span);
  }
  if (init !== undefined) readValuesInit(cx, def, init, where);
  return def;
}

/** `int (*name)[N]` → N; `enum { … = N } name` (libbpf's __ulong) → N. */
function intField(f: RecordField): bigint | undefined {
  const r = resolve(f.type);
  if (r.kind === 'pointer') {
    const a = resolve(r.pointee);
    if (a.kind === 'array' && a.length !== undefined) return BigInt(a.length);
    return undefined;
  }
  if (r.kind === 'enum' && r.decl.constants.length === 1) return r.decl.constants[0]!.value;
  return undefined;
}

/** `__array(values, struct inner)` (map-in-map) or `__array(values, int (void *))` (prog array). */
function readValuesMember(cx: SemaContext, def: MapDefinition, f: RecordField, where: string): void {
  const a = resolve(f.type);
  const elem = a.kind === 'array' ? resolve(a.element) : undefined;
  const target = elem?.kind === 'pointer' ? elem.pointee : undefined;
  if (a.kind !== 'array' || (a.length ?? 0) !== 0 || target === undefined) {
    cx.report('C1305', `${where}: 'values' must be declared with __array(values, T) (a 'T *values[]' member)`, f.span);
    return;
  }
  // the values are file descriptors (libbpf: value_size 4)
  if (def.valueSize !== undefined && def.valueSize !== 4) {
    cx.report('C1305', `${where}: conflicting value size ${def.valueSize} != 4 for a map of ${resolve(target).kind === 'function' ? 'programs' : 'maps'}`, f.span);
  }
  def.valueSize = 4;
  const t = resolve(target);
  if (t.kind === 'function') {
    def.valuesArePrograms = true;
    return;
  }
  if (t.kind === 'record') {
    const inner = readMapDefinition(cx, `${def.name}.inner`, target, f.span);
    if (inner) def.inner = inner;
    return;
  }
  cx.report('C1305', `${where}: 'values' must hold programs or maps, not ${quoted(target)}`, f.span);
}

/** `.values = { [0] = &prog, … }`. */
function readValuesInit(cx: SemaContext, def: MapDefinition, init: TInitializer, where: string): void {
  if (init.kind !== 'InitRecord') return;
  for (const fi of init.fields) {
    if (fi.field.name !== 'values') {
      cx.report('C1305', `${where}: only 'values' may be initialised in a map definition`, fi.init.span);
      continue;
    }
    if (fi.init.kind !== 'InitArray') continue;
    for (const el of fi.init.elements) {
      for (let i = 0; i < el.count; i++) {
        const x = el.init;
        const c = x.kind === 'InitExpr' ? evalConstant(cx, x.expr) : undefined;
        if (c === undefined || (c.kind === 'int' && c.value === 0n)) continue;
        if (c.kind !== 'addr' || c.addend !== 0n || c.target.kind === 'string') {
          cx.report('C1305', `${where}: 'values' entries must be the address of a program or a map`, x.span);
          continue;
        }
        const kind = c.target.kind === 'function' ? 'prog' : 'map';
        if ((kind === 'prog') !== (def.valuesArePrograms === true)) {
          cx.report('C1305', `${where}: 'values' entry ${el.index + i} must be the address of a ${def.valuesArePrograms ? 'program' : 'map'}`, x.span);
          continue;
        }
        def.values.push({ index: el.index + i, kind, symbol: c.target.symbol, span: x.span });
      }
    }
  }
}

/** Programs: defined functions whose section is not .text. */
export function collectPrograms(cx: SemaContext): ProgramEntry[] {
  const out: ProgramEntry[] = [];
  for (const f of cx.functions) {
    const sec = f.attributes.section;
    if (sec === undefined || sec.name === '.text') continue;
    if (sec.name === '.maps' || sec.name === 'license' || sec.name === 'version' || sec.name.startsWith('.data') || sec.name.startsWith('.rodata') || sec.name.startsWith('.bss')) {
      cx.report('C1306', `function '${f.name}' placed in data section '${sec.name}'`, sec.span);
      continue;
    }
    const p: ProgramEntry = { function: f, section: sec.name };
    const first = f.type.params[0];
    if (first) p.ctxType = first.type;
    out.push(p);
  }
  return out;
}

/** The license string from `char LICENSE[] SEC("license") = "…";`. */
export function licenseOf(cx: SemaContext, globals: readonly VarSymbol[], data: (v: VarSymbol) => StaticData | undefined): string | undefined {
  let license: string | undefined;
  for (const g of globals) {
    if (g.attributes.section?.name !== 'license') continue;
    const d = data(g);
    const r = resolve(g.type);
    if (d === undefined || r.kind !== 'array' || sizeOf(r.element) !== 1) {
      cx.report('C1306', `the license must be a char array, not ${quoted(g.type)}`, g.span);
      continue;
    }
    const end = d.bytes.indexOf(0);
    license = String.fromCharCode(...d.bytes.subarray(0, end < 0 ? d.bytes.length : end));
  }
  return license;
}
