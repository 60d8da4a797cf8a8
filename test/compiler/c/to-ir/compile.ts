// Test helpers: C source (text or a corpus/example file) through the front end, the lowering, the IR
// pipeline and the code generator, with the system headers (or the bundled ones).
import { readFileSync } from 'node:fs';
import { checkC, type CheckOptions, type TypedUnit } from '../../../../compiler/c/sema/index.js';
import { lowerToIr, type LowerResult, type Cpu } from '../../../../compiler/c/to-ir/index.js';
import { generateModule, type CodegenResult } from '../../../../compiler/codegen/index.js';
import { formatDiagnostics, sourceLookup, type Diagnostic } from '../../../../compiler/diagnostics/index.js';
import { optimizeModule, validateModule, type Module, type OptLevel } from '../../../../compiler/ir/index.js';
import { emitObject } from '../../../../compiler/object/index.js';
import { encodeObject } from '../../../../runtime/object/index.js';
import { nodeFileSystem } from '../../../../grammar/c/preprocess/node-fs.js';
import type { PreprocessCache } from '../../../../grammar/c/preprocess/index.js';
import { createSourceFile, type SourceFile } from '../../../../compiler/source.js';

export interface Compiled {
  unit: TypedUnit;
  lowered: LowerResult;
  module: Module;
  code: CodegenResult;
  files: Map<string, SourceFile>;
}

/** The ELF object of a compile (compiler/object's emitter, runtime/object's encoder). */
export function objectOf(c: Compiled): Uint8Array {
  const e = emitObject({ unit: c.unit, lowered: c.lowered, module: c.module, code: c.code, files: c.files });
  if (!e.spec) fail('object emission', e.diagnostics, c.files);
  return encodeObject(e.spec);
}

export class CompileFailure extends Error {}

function fail(stage: string, diags: Diagnostic[], files: Map<string, SourceFile>): never {
  throw new CompileFailure(`${stage}:\n${formatDiagnostics(diags.filter((d) => d.severity === 'error'), sourceLookup(files), { showSource: false })}`);
}

export interface CompileOpts {
  level?: OptLevel;
  mcpu?: Cpu;
  headers?: 'system' | 'bundled';
  validate?: boolean;
  /** -D definitions. */
  defines?: string[];
  /** Preprocessor token cache shared by the compiles of one test file (headers lexed once). */
  cache?: PreprocessCache;
}

/** Compiles C text; throws CompileFailure with the diagnostics of the stage that failed. */
export function compileText(text: string, path = 'test.bpf.c', o: CompileOpts = {}): Compiled {
  const opts: CheckOptions = {
    fs: nodeFileSystem(),
    nostdinc: o.headers === 'bundled',
    ...(o.cache ? { cache: o.cache } : {}),
    ...(o.defines ? { defines: o.defines } : {}),
    ...(o.mcpu ? { mcpu: `v${o.mcpu}` as const } : {}),
  };
  const r = checkC(createSourceFile(path, text), opts);
  if (r.failed || !r.unit) fail('front end', r.diagnostics, r.files);
  const lowered = lowerToIr(r.unit, { mcpu: o.mcpu ?? 3 });
  if (lowered.failed) fail('lowering', lowered.diagnostics, r.files);
  const errs = validateModule(lowered.module);
  if (errs.length > 0) throw new CompileFailure(`invalid IR from the lowering:\n${errs.join('\n')}`);
  optimizeModule(lowered.module, { level: o.level ?? 2, validate: o.validate ?? true });
  const code = generateModule(lowered.module, { mcpu: o.mcpu ?? 3 });
  if (code.diagnostics.some((d) => d.severity === 'error')) fail('codegen', code.diagnostics, r.files);
  return { unit: r.unit, lowered, module: lowered.module, code, files: r.files };
}

export function compileFile(path: string, o: CompileOpts = {}): Compiled {
  return compileText(readFileSync(path, 'utf8'), path, o);
}

/** Instructions (slots) of each program's code: the entry plus the subprograms it calls. */
export function insnCount(code: CodegenResult): number {
  return code.functions.reduce((n, f) => n + f.insns.length, 0);
}
