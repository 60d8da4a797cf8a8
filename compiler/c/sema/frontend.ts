// The C front end in one call: preprocess → parse → semantic analysis. In: the main source file and
// options (file system, include paths, defines, -mcpu); out: the TypedUnit, every diagnostic of every
// stage (in stage order), and the files read (for printing diagnostics). Semantic analysis runs only
// when preprocessing and parsing produced no error, as clang stops before building a broken AST.
import { preprocess, type PreprocessOptions } from '../../../grammar/c/preprocess/index.js';
import { diagnostic, hasErrors, type Diagnostic } from '../../diagnostics/index.js';
import { createSourceFile, type SourceFile } from '../../source.js';
import type { TranslationUnit } from '../ast.js';
import { parsePreprocessed } from '../parse.js';
import { headerFileTest, systemFileTest } from '../prune.js';
import { analyzeC, type TypedUnit } from './analyze.js';
import type { SemaOptions } from './context.js';

export interface CheckOptions extends PreprocessOptions, SemaOptions {
  /** Run semantic analysis even when the parse reported errors (default false). */
  analyzeAfterSyntaxErrors?: boolean;
  /**
   * Parse and check only the header declarations the program can reach (compiler/c/prune.ts; default
   * true: every included file, "vmlinux.h" too; 'system': only system and bundled headers): the unit
   * then lacks the header records, typedefs… nothing uses, and compiles the same. Problems inside a
   * pruned declaration are not reported. False keeps every declaration (a check, and an escape hatch). A
   * file that is all include prefix (no token after its #include lines) keeps every declaration when a
   * cache is used.
   */
  prune?: boolean | 'system';
}

export interface CheckResult {
  /** Absent when an earlier stage failed. */
  unit?: TypedUnit;
  ast?: TranslationUnit;
  diagnostics: Diagnostic[];
  files: Map<string, SourceFile>;
  /** True when some diagnostic is an error. */
  failed: boolean;
}

/** Preprocesses, parses and checks `source` (text, or a SourceFile). Never throws on any input. */
export function checkC(source: SourceFile | string, opts: CheckOptions = {}, path = '<input>.c'): CheckResult {
  const main = typeof source === 'string' ? createSourceFile(path, source) : source;
  try {
    return checkStages(main, opts);
  } catch (e) {
    // a program nested so deeply that a stage ran out of stack: a diagnostic, not a crash
    if (!(e instanceof RangeError)) throw e;
    const files = new Map([[main.path, main]]);
    const d = diagnostic('C1307', 'the program is nested too deeply to be compiled (stack exhausted)', { file: main.path, line: 1, col: 1, offset: 0, length: 1 });
    return { diagnostics: [d], files, failed: true };
  }
}

function checkStages(main: SourceFile, opts: CheckOptions): CheckResult {
  const pp = preprocess(main, opts);
  const diagnostics = [...pp.diagnostics];
  const files = pp.files;
  if (!files.has(main.path)) files.set(main.path, main);
  if (hasErrors(diagnostics)) return { diagnostics, files, failed: true };
  const prunable = opts.prune === 'system' ? systemFileTest(opts, main.path) : headerFileTest(main.path);
  const parsed = parsePreprocessed(pp, opts.prune === false ? {} : { prune: { prunable } });
  diagnostics.push(...parsed.diagnostics);
  if (hasErrors(parsed.diagnostics) && !opts.analyzeAfterSyntaxErrors) return { ast: parsed.ast, diagnostics, files, failed: true };
  const sema = analyzeC(parsed.ast, { ...opts, files, mainFile: main.path, pragmas: pp.pragmas });
  diagnostics.push(...sema.diagnostics);
  return { unit: sema.unit, ast: parsed.ast, diagnostics, files, failed: hasErrors(diagnostics) };
}
