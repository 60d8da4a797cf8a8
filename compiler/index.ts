// Public API of the compiler: compileC(source, options) turns restricted C into an eBPF ELF object that
// libbpf, bpftool and runtime/loader load, with diagnostics as data (format them with
// formatDiagnostics(result.diagnostics, sourceLookup(result.files))). Works without a file system (the
// bundled headers are always there); pass `fs` to read includes from disk.
//
//   const r = compileC(text, { path: 'xdp_prog.bpf.c', optLevel: 2, mcpu: 3 });
//   if (r.object) writeFile('xdp_prog.o', r.object);
//   else process.stderr.write(formatDiagnostics(r.diagnostics, sourceLookup(r.files)));
import { compileCFile } from './driver.js';
import type { CompileOptions, CompileResult } from './options.js';
import { createSourceFile, type SourceFile } from './source.js';

export type { CompileOptions, CompileResult, CompileTimings } from './options.js';
export type { SourceFile } from './source.js';
export { createSourceFile } from './source.js';
export { createPreprocessCache, type PreprocessCache, type FileSystem } from '../grammar/c/preprocess/index.js';
export {
  formatDiagnostic, formatDiagnostics, sourceLookup, hasErrors, CATALOG, type Diagnostic, type DiagnosticCode,
  type DiagnosticNote, type Severity, type Span, type FormatOptions,
} from './diagnostics/index.js';
export { emitObject, type EmitInput, type EmitResult } from './object/index.js';
export { checkModule, type CheckModuleOptions } from './checks/index.js';

/** Compiles C source text (or a SourceFile) to an eBPF object. Never throws on any input. */
export function compileC(source: string | SourceFile, options: CompileOptions = {}): CompileResult {
  const main = typeof source === 'string' ? createSourceFile(options.path ?? 'input.bpf.c', source) : source;
  return compileCFile(main, options);
}
