// The translation unit as an IR module. In: a TypedUnit without errors; out: the IR Module — one function
// per defined C function (programs with their SEC() section, `static` ones static, always_inline /
// noinline hints), the BTF-defined maps, every object with static storage as a global in its data
// section (`const volatile` ones readonly), the string literals merged into one `.rodata` global — and
// the facts the object emitter needs beside the IR: the C symbol behind each function and global, and
// the address relocations inside global data.
import type { Diagnostic } from '../../diagnostics/index.js';
import { hasErrors } from '../../diagnostics/index.js';
import { T, ptrType, type Block, type Func, type Module, type Type, type ValueType } from '../../ir/index.js';
import { resolve, type FunctionSymbol, type StringData, type TypedUnit, type VarSymbol } from '../sema/index.js';
import { FnLowering, LowerError, ModuleLowering, irSpan } from './context.js';
import { irTypeOf, isConstQualified, isCtxPointer, isRecordOrArray, isVolatile, sizeOfType } from './ctypes.js';
import type { LowerOptions } from './options.js';
import { lowerStmt } from './stmt.js';
import { addressTaken, modifiedVars, readVars } from './walk.js';
import { storeScalar } from './memory.js';
import { cleanupFunc } from './cleanup.js';
import { mustInline } from './calls.js';

/** A relocation inside global data: an 8-byte address at `offset` (R_BPF_64_ABS64). */
export interface GlobalReloc {
  offset: number;
  /** A global data symbol (+ addend), a map, or a function (prog-array style references). */
  target: { kind: 'global'; symbol: string; addend: number } | { kind: 'map'; name: string } | { kind: 'function'; name: string };
}

export interface LoweredGlobal {
  /** The IR global's symbol. */
  symbol: string;
  section: string;
  /** The C variable (absent for the merged string pool). */
  variable?: VarSymbol;
  /** For the string pool: each literal's offset. */
  strings?: { data: StringData; offset: number }[];
  relocations: GlobalReloc[];
}

export interface LoweredFunction {
  /** The IR function's name (the C name, or its asm label). */
  name: string;
  symbol: FunctionSymbol;
  /** Returns a record through a hidden first parameter. */
  sret: boolean;
}

export interface LowerResult {
  module: Module;
  diagnostics: Diagnostic[];
  /** True when an error was reported: the module is incomplete and must not be compiled further. */
  failed: boolean;
  functions: LoweredFunction[];
  globals: LoweredGlobal[];
}

const NON_DATA_SECTIONS = new Set(['.maps', 'license', 'version', '.maps.inner']);

function isDataGlobal(v: VarSymbol): boolean {
  if (!v.data) return false;
  return !NON_DATA_SECTIONS.has(v.data.section);
}

/** Lowers a checked translation unit to an IR module. Never throws on user input. */
export function lowerToIr(unit: TypedUnit, opts: LowerOptions = {}): LowerResult {
  const mod = new ModuleLowering(unit, opts.mcpu ?? 3);
  for (const m of unit.maps) {
    if (!m.symbol) continue;
    mod.mapVars.add(m.symbol);
    mod.mb.declareMap(m.name);
  }
  for (const g of unit.globals) if (g.data?.section === '.maps') mod.mapVars.add(g);
  const defined = reachableFunctions(unit);
  for (const f of defined) mod.functions.set(mod.funcName(f), f);
  markFoldable(mod, defined);
  const functions: LoweredFunction[] = [];
  for (const f of defined) {
    const lf = lowerFunction(mod, f);
    if (lf) functions.push(lf);
  }
  const globals = declareGlobals(mod);
  return { module: mod.mb.module, diagnostics: mod.diagnostics, failed: hasErrors(mod.diagnostics), functions, globals };
}

/**
 * The functions to compile: programs and functions with external linkage, and the static functions they
 * call or take the address of, transitively (unused static functions are never compiled, as in clang).
 */
function reachableFunctions(unit: TypedUnit): FunctionSymbol[] {
  const isDefined = (f: FunctionSymbol): boolean => f.definition !== undefined && f.builtin === undefined;
  const keep = new Set<FunctionSymbol>();
  const work = unit.functions.filter((f) => isDefined(f) && (f.attributes.section !== undefined || (f.linkage === 'external' && !f.inlineKeyword)));
  for (const g of unit.globals) for (const r of g.data?.relocations ?? []) if (r.target.kind === 'function') work.push(r.target.symbol);
  while (work.length > 0) {
    const f = work.pop() as FunctionSymbol;
    if (keep.has(f) || !isDefined(f)) continue;
    keep.add(f);
    for (const e of unit.callGraph) if (e.caller === f) work.push(e.callee);
  }
  return unit.functions.filter((f) => keep.has(f));
}

/** Statics whose loads may be folded: const objects, and internal ones never written or exposed. */
function markFoldable(mod: ModuleLowering, fns: FunctionSymbol[]): void {
  const bodies = fns.map((f) => f.definition!.body);
  const modified = modifiedVars(bodies);
  const read = readVars(bodies);
  for (const g of mod.unit.globals) {
    // internal objects only ever assigned (never read, address never taken): their stores are dead
    if (isDataGlobal(g) && g.linkage !== 'external' && !read.has(g) && !isVolatile(g.type) && !mod.mapVars.has(g)) mod.writeOnly.add(g);
    if (!isDataGlobal(g) || mod.mapVars.has(g) || isVolatile(g.type) || !g.data || g.data.relocations.length > 0) continue;
    if (g.attributes.section !== undefined && !g.data.section.startsWith('.rodata')) continue;
    const constant = isConstQualified(g.type);
    if (constant || (g.linkage !== 'external' && !modified.has(g))) mod.foldableBySymbol.set(g.objectName, g.data.bytes);
  }
}

function lowerFunction(mod: ModuleLowering, f: FunctionSymbol): LoweredFunction | undefined {
  const def = f.definition!;
  const name = mod.funcName(f);
  const section = f.attributes.section?.name === '.text' ? undefined : f.attributes.section?.name;
  const retC = f.type.returns;
  const sret = isRecordOrArray(retC);
  let ret: Type = T.void;
  if (!sret && resolve(retC).kind !== 'void') {
    const t = irTypeOf(retC);
    if (!t) {
      mod.error('C1307', `function '${f.name}' returns a type BPF code cannot return`, def.span);
      return undefined;
    }
    ret = t;
  }
  const params: { name?: string; type: ValueType }[] = [];
  if (sret) params.push({ name: 'ret', type: T.ptr.stack });
  for (const [i, p] of def.params.entries()) {
    if (isRecordOrArray(p.type)) {
      params.push({ name: p.name || undefined, type: T.ptr.any });
      continue;
    }
    const t = irTypeOf(p.type);
    if (!t) {
      mod.error(resolve(p.type).kind === 'float' ? 'C1302' : 'C1307', `parameter '${p.name}' of '${f.name}' has a type BPF code cannot pass`, p.span);
      return undefined;
    }
    const ctx = t.kind === 'ptr' && (isCtxPointer(p.type) || (section !== undefined && i === 0));
    params.push({ name: p.name || undefined, type: ctx ? ptrType('ctx') : t });
  }
  const linkage = section !== undefined ? 'global' : f.linkage === 'internal' ? 'static' : 'global';
  if (params.length > 5) {
    // static ones are inlined where they are called (calls.ts); others cannot be called with registers
    if (mustInline(f)) return undefined;
    mod.error('C1301', `function '${f.name}' has ${params.length} parameters: BPF functions take at most 5`, def.span);
    return undefined;
  }
  const inline = f.attributes.alwaysInline ? 'always' : f.attributes.noinline ? 'never' : 'auto';
  const fb = mod.mb.func(name, { params, ret, linkage, section, inline, span: irSpan(def.span) });
  const fx = new FnLowering(mod, f, fb, ret.kind === 'void' ? undefined : (ret as ValueType), addressTaken([def.body]));
  try {
    if (sret) fx.sret = fb.param(0);
    def.params.forEach((p, i) => {
      const arg = fb.param(i + (sret ? 1 : 0));
      if (isRecordOrArray(p.type)) {
        fx.slots.set(p, arg);
        return;
      }
      const slot = fb.alloca(Math.max(1, sizeOfType(p.type)), Math.max(1, Math.min(8, sizeOfType(p.type))), p.name || undefined);
      fx.slots.set(p, slot);
      fx.at(p.span);
      storeScalar(fx, { addr: { ptr: slot, offset: 0, align: 8, volatile: false, stack: true }, type: p.type }, arg);
    });
    lowerStmt(fx, def.body);
    fx.at(def.body.span);
    if (!fb.terminated) {
      if (fx.retType === undefined) fb.ret();
      else fb.ret(fx.zero(fx.retType));
    }
    cleanupFunc(fb.func);
  } catch (err) {
    if (!(err instanceof LowerError)) throw err;
    const m = mod.mb.module;
    m.funcs = m.funcs.filter((x) => x !== fb.func);
    return undefined;
  }
  return { name, symbol: f, sret };
}

function declareGlobals(mod: ModuleLowering): LoweredGlobal[] {
  const out: LoweredGlobal[] = [];
  for (const g of mod.unit.globals) {
    if (!isDataGlobal(g) || mod.mapVars.has(g) || !g.data) continue;
    const referenced = mod.globalSymbols.has(g);
    if (g.linkage !== 'external' && !referenced) continue;
    const section = g.data.section;
    const bss = section === '.bss' || section.startsWith('.bss.');
    const symbol = g.objectName;
    mod.mb.declareGlobal({
      symbol,
      section,
      size: g.data.bytes.length,
      init: bss ? undefined : g.data.bytes,
      readonly: isConstQualified(g.type) && isVolatile(g.type) ? true : undefined,
    });
    const relocations: GlobalReloc[] = g.data.relocations.map((r) => {
      const t = r.target;
      if (t.kind === 'function') return { offset: r.offset, target: { kind: 'function', name: mod.funcName(t.symbol) } };
      if (t.kind === 'string') {
        const slot = mod.stringSlot(t.data);
        return { offset: r.offset, target: { kind: 'global', symbol: slot.symbol, addend: slot.offset + r.addend } };
      }
      if (mod.mapVars.has(t.symbol)) return { offset: r.offset, target: { kind: 'map', name: t.symbol.name } };
      mod.globalSymbol(t.symbol);
      return { offset: r.offset, target: { kind: 'global', symbol: t.symbol.objectName, addend: r.addend } };
    });
    out.push({ symbol, section, variable: g, relocations });
  }
  // globals referenced only from other globals' relocations
  for (const g of mod.globalSymbols.keys()) {
    if (out.some((x) => x.variable === g) || !g.data) continue;
    const bss = g.data.section === '.bss' || g.data.section.startsWith('.bss.');
    mod.mb.declareGlobal({ symbol: g.objectName, section: g.data.section, size: g.data.bytes.length, init: bss ? undefined : g.data.bytes });
    out.push({ symbol: g.objectName, section: g.data.section, variable: g, relocations: [] });
  }
  if (mod.stringBytes.length > 0) {
    mod.mb.declareGlobal({ symbol: mod.stringSymbol, section: '.rodata', size: mod.stringBytes.length, init: Uint8Array.from(mod.stringBytes) });
    const strings = mod.stringData.map((s) => ({ data: s, offset: (mod.stringSlots.get(s.id) as { offset: number }).offset }));
    out.push({ symbol: mod.stringSymbol, section: '.rodata', strings, relocations: [] });
  }
  return out;
}

export type { Block, Func };
