// Semantic analysis of a translation unit: the driver that checks every external declaration in order,
// then lays out static data, collects the BPF facts (programs, maps, license) and runs the whole-unit
// restriction checks. In: the parser's TranslationUnit; out: the TypedUnit (typed-ast.ts, symbols.ts)
// and diagnostics. Keeps going after errors; a unit with errors must not reach code generation.
import type { TranslationUnit } from '../ast.js';
import { InternalError } from '../../../runtime/errors.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/index.js';
import { collectPrograms, licenseOf, readMapDefinition, type MapDefinition, type ProgramEntry } from './bpf.js';
import { checkStaticAssert } from './check-expr.js';
import { checkExterns, checkRecursion, checkWideCalls } from './checks.js';
import { SemaContext, type CallEdge, type SemaOptions } from './context.js';
import { checkFileDeclaration, checkFunctionDefinition } from './declarations.js';
import { encodeStatic } from './static-init.js';
import type { FunctionSymbol, TypedefSymbol, VarSymbol } from './symbols.js';
import type { StringData } from './typed-ast.js';
import { arrayOf, isComplete, isVoid, resolve, type EnumDecl, type RecordDecl } from './types.js';
import { quoted } from './compat.js';

export interface TypedUnit {
  /** The main source file (the translation unit's). */
  file: string;
  /** Defined functions, in source order (each with `definition`). */
  functions: FunctionSymbol[];
  /** Objects with static storage defined here (globals, static locals, compound literals), with `data`. */
  globals: VarSymbol[];
  /** BPF helper pointers (`static long (*bpf_x)(…) = (void *) N;`): not objects, calls use the id. */
  helpers: VarSymbol[];
  /** Declared `extern` and never defined (ksyms, kconfig…). */
  externs: VarSymbol[];
  records: RecordDecl[];
  enums: EnumDecl[];
  typedefs: TypedefSymbol[];
  /** String literals whose address is used, in order of first use (`.L.str`, `.L.str.1`…). */
  strings: StringData[];
  programs: ProgramEntry[];
  maps: MapDefinition[];
  license?: string;
  /** `__u32 _version SEC("version")`, when present. */
  kernelVersion?: number;
  /** Direct calls and function references, caller → callee. */
  callGraph: CallEdge[];
}

export interface AnalyzeResult {
  unit: TypedUnit;
  diagnostics: Diagnostic[];
  /** True when some diagnostic is an error: the unit must not be compiled. */
  failed: boolean;
}

/** Checks a translation unit. Never throws on any input (internal invariant failures aside). */
export function analyzeC(ast: TranslationUnit, options: SemaOptions = {}): AnalyzeResult {
  const cx = new SemaContext(options);
  for (const d of ast.decls) {
    switch (d.kind) {
      case 'Declaration':
        checkFileDeclaration(cx, d);
        break;
      case 'FunctionDefinition':
        checkFunctionDefinition(cx, d);
        break;
      case 'StaticAssert':
        checkStaticAssert(cx, d);
        break;
      case 'FileScopeAsm':
        cx.report('C1307', 'file-scope asm is not supported for the BPF target', d.span, d.origin);
        break;
      default: {
        const never: never = d;
        throw new InternalError(`unknown declaration ${(never as { kind: string }).kind}`);
      }
    }
  }
  const globals: VarSymbol[] = [];
  const helpers: VarSymbol[] = [];
  const externs: VarSymbol[] = [];
  for (const g of cx.globals) {
    if (g.storage === 'extern') {
      if (!externs.includes(g)) externs.push(g);
      continue;
    }
    if (g.helperId !== undefined) {
      helpers.push(g);
      continue;
    }
    if (globals.includes(g)) continue;
    // a tentative definition of an array of unknown size has one element (C11 §6.9.2p5)
    const r = resolve(g.type);
    if (r.kind === 'array' && r.length === undefined && g.init === undefined) g.type = arrayOf(r.element, 1);
    if (g.init === undefined && !isComplete(g.type)) {
      if (!isVoid(g.type)) cx.report('C1204', `tentative definition has type ${quoted(g.type)} that is never completed`, g.span);
      continue;
    }
    g.data = encodeStatic(cx, g);
    globals.push(g);
  }
  const maps: MapDefinition[] = [];
  for (const g of globals) {
    if (g.attributes.section?.name === 'maps') {
      cx.report('C1305', `map '${g.name}': legacy map definitions in section "maps" are not supported (libbpf 1.0 dropped them); use a BTF-defined map in section ".maps"`, g.span);
    }
    if (g.attributes.section?.name !== '.maps') continue;
    const m = readMapDefinition(cx, g.name, g.type, g.span, g.init, g);
    if (m) maps.push(m);
  }
  const programs = collectPrograms(cx);
  const license = licenseOf(cx, globals, (v) => v.data);
  checkRecursion(cx);
  checkWideCalls(cx);
  checkExterns(cx);
  const unit: TypedUnit = {
    file: options.mainFile ?? ast.span.file,
    functions: cx.functions,
    globals,
    helpers,
    externs,
    records: cx.records,
    enums: cx.enums,
    typedefs: cx.typedefs,
    strings: cx.strings,
    programs,
    maps,
    callGraph: cx.edges,
  };
  if (license !== undefined) unit.license = license;
  const version = globals.find((g) => g.attributes.section?.name === 'version');
  if (version?.data && version.data.bytes.length >= 4) {
    const b = version.data.bytes;
    unit.kernelVersion = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }
  return { unit, diagnostics: cx.diagnostics, failed: hasErrors(cx.diagnostics) };
}
