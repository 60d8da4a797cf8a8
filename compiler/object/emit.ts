// IR module + generated code + C facts → ObjectSpec (reference/object-format.md §7 checklist): program
// sections with relocations, func_info for every function and line_info with the source text; global
// data sections with an OBJECT symbol per C variable; BTF-defined maps with `__array` initialisers;
// the license; and one `.BTF` describing every function (FUNC/FUNC_PROTO), global variable and map
// (VAR), with a DATASEC per data section, `.maps` and `license` (VARs sorted by offset, sizes real).
// Everything is built in a fixed order from ordered inputs, so the same source gives the same bytes.
// In: EmitInput; out: the spec (undefined when a B2xxx error was reported) and diagnostics.
import { BtfBuilder, type BtfVarSecinfo } from '../../runtime/btf/index.js';
import type { ObjectSpec } from '../../runtime/object/index.js';
import type { CodegenResult } from '../codegen/index.js';
import type { LowerResult } from '../c/to-ir/index.js';
import { resolve, sizeOf, type CType, type TypedUnit } from '../c/sema/index.js';
import { InternalError } from '../../runtime/errors.js';
import { hasErrors, type Diagnostic } from '../diagnostics/index.js';
import type { Module } from '../ir/index.js';
import type { SourceFile } from '../source.js';
import { emitFuncs } from './btf-funcs.js';
import { CTypeBtf } from './btf-types.js';
import { layoutCode } from './code.js';
import { layoutData } from './data.js';
import { emitMaps } from './maps.js';

export interface EmitInput {
  unit: TypedUnit;
  lowered: LowerResult;
  /** The optimised IR the code was generated from. */
  module: Module;
  code: CodegenResult;
  files: ReadonlyMap<string, SourceFile>;
  /** Emit .BTF.ext line_info (default true; -g0 turns it off). */
  lineInfo?: boolean;
}

export interface EmitResult {
  spec?: ObjectSpec;
  diagnostics: Diagnostic[];
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

/**
 * Bytes a map definition takes in `.maps`: its struct, or up to the last `values` slot its initialiser
 * fills (the zero-length `values` array is the struct's last member), as clang lays it out.
 */
function mapDefSize(type: CType | undefined, values: readonly { slot: number }[]): number {
  const size = type ? sizeOf(type) ?? 0 : 0;
  if (values.length === 0 || !type) return size;
  const r = resolve(type);
  const layout = r.kind === 'record' ? r.decl.layout : undefined;
  const valuesOffset = layout?.fields[layout.fields.length - 1]?.offset ?? size;
  return Math.max(size, valuesOffset + 8 * (Math.max(...values.map((v) => v.slot)) + 1));
}

export function emitObject(input: EmitInput): EmitResult {
  const diagnostics: Diagnostic[] = [];
  const { unit, lowered, module, code } = input;

  // what the code refers to
  const referenced = new Set<string>();
  for (const f of code.functions) for (const r of f.relocs) if (r.kind === 'data') referenced.add(r.symbol);
  const info = new Map(lowered.globals.map((g) => [g.symbol, g]));
  for (const g of lowered.globals) {
    if (g.relocations.length === 0 || !(g.variable ? g.variable.linkage === 'external' || referenced.has(g.symbol) : referenced.has(g.symbol))) continue;
    const where = g.variable?.span;
    diagnostics.push({
      severity: 'error', code: 'B2008', notes: [],
      message: `global '${g.variable?.name ?? g.symbol}' is initialised with an address: addresses in global data cannot be relocated by the loader`,
      ...(where ? { span: where } : {}),
    });
  }
  const data = layoutData(module.globals, info, referenced);
  const attributes = new Map(lowered.functions.map((f) => [f.name, { weak: f.symbol.attributes.weak, hidden: f.symbol.attributes.visibility === 'hidden' }]));
  const layout = layoutCode({ code, placed: data.placed, files: input.files, lineInfo: input.lineInfo ?? true, attributes, diagnostics });
  if (hasErrors(diagnostics)) return { diagnostics };

  const b = new BtfBuilder();
  const tb = new CTypeBtf(b);
  const funcIds = emitFuncs(tb, {
    code: code.functions,
    irFuncs: new Map(module.funcs.map((f) => [f.name, f])),
    lowered: new Map(lowered.functions.map((f) => [f.name, f])),
    records: unit.records,
  });
  for (const sec of layout.sections) {
    for (const fn of sec.functions) sec.funcInfo.push({ offset: fn.offset, typeId: funcIds.get(fn.name) as number });
  }

  // variables of the data sections
  const secinfo = new Map<string, BtfVarSecinfo[]>();
  const addSec = (name: string, v: BtfVarSecinfo): void => {
    const l = secinfo.get(name) ?? [];
    l.push(v);
    secinfo.set(name, l);
  };
  const bySlot = new Map([...data.placed.values()].map((p) => [`${p.section}:${p.offset}:${p.variable?.objectName ?? ''}`, p]));
  for (const s of data.sections) {
    for (const v of s.variables) {
      const sym = bySlot.get(`${s.name}:${v.offset}:${v.name}`)?.variable;
      if (!sym) throw new InternalError(`object: no C variable behind '${v.name}' in ${s.name}`);
      const type = tb.typeId(sym.type);
      v.btfType = type;
      const varId = b.addVar(v.name, type, v.linkage === 'static' ? 'static' : 'global');
      addSec(s.name, { type: varId, offset: v.offset, size: v.size });
    }
  }

  // maps
  const fnName = (sym: { name: string }): string => lowered.functions.find((f) => f.symbol === sym)?.name ?? sym.name;
  const maps = emitMaps(unit.maps, tb, fnName);
  let mapPos = 0;
  for (const m of maps) {
    const size = mapDefSize(unit.maps.find((x) => x.name === m.def.name)?.symbol?.type, m.def.values);
    mapPos = alignUp(mapPos, 8);
    addSec('.maps', { type: m.varId, offset: mapPos, size });
    mapPos += size;
  }

  // license
  const spec: ObjectSpec = { programs: layout.sections, maps: maps.map((m) => m.def), data: data.sections, externs: [] };
  const licVar = unit.globals.find((g) => g.data?.section === 'license');
  if (unit.license !== undefined) {
    const size = licVar?.data?.bytes.length ?? unit.license.length + 1;
    spec.license = { text: unit.license, size };
    if (licVar) {
      spec.license.symbol = licVar.objectName;
      const varId = b.addVar(licVar.objectName, tb.typeId(licVar.type), licVar.linkage === 'external' ? 'global' : 'static');
      addSec('license', { type: varId, offset: 0, size });
    }
  }
  if (unit.kernelVersion !== undefined) spec.kernelVersion = unit.kernelVersion;

  // DATASECs, by section name (as clang orders them)
  const sizes = new Map<string, number>(data.sections.map((s) => [s.name, s.size]));
  sizes.set('.maps', alignUp(mapPos, 8));
  if (spec.license) sizes.set('license', spec.license.size);
  for (const name of [...secinfo.keys()].sort()) {
    const vars = (secinfo.get(name) as BtfVarSecinfo[]).sort((x, y) => x.offset - y.offset);
    b.addDatasec(name, sizes.get(name) ?? 0, vars);
  }
  spec.btf = b.build();
  return { spec, diagnostics };
}
