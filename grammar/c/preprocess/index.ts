// The C preprocessor (C17 translation phases 1–4, with the GNU and clang extensions BPF code relies on).
// In: the main SourceFile and PreprocessOptions (file system, -I/-D/-U, -mcpu). Out: the token stream for
// the parser (see token.ts for what each token carries), the pragmas met, diagnostics, and every file read.
//
//   const r = preprocess(createSourceFile('prog.bpf.c', text), { fs: nodeFileSystem(), includeDirs: ['inc'] });
//   if (!hasErrors(r.diagnostics)) parse(r.tokens);
//
// nodeFileSystem() comes from './node-fs.js' (kept out of this module so browsers never load node:fs).
import { createSourceFile, type SourceFile } from '../../../compiler/source.js';
import { BUNDLED_HEADERS } from '../../../compiler/include/index.js';
import { END, Preprocessor } from './engine.js';
import { lexFile, type LexedFile } from './lexer.js';
import { BUILTIN_MACROS, builtinMacro } from './macro.js';
import { DEFAULT_ATTRIBUTES, DEFAULT_BUILTINS } from './builtins.js';
import { commandLineSource, predefinedSource } from './predefined.js';
import { reportUnterminated } from './stray.js';
import {
  createPreprocessCache,
  type PreprocessCache,
  type PreprocessOptions,
  type PreprocessResult,
  type ResolvedOptions,
} from './options.js';
import type { PPToken } from './token.js';
import { depsHold, prefixEnd, prefixKey, restoreSnapshot, takeSnapshot, type PrefixUse } from './prefix.js';

export type { PPToken, PPTokenKind, MacroOrigin, SourceLoc } from './token.js';
export { expansionLoc, fileLoc, originChain, printTokens } from './token.js';
export type { FileSystem } from './fs.js';
export { BUNDLED_ROOT, DEFAULT_SYSTEM_DIRS, RESOURCE_ROOT, emptyFileSystem, memoryFileSystem } from './fs.js';
export type { MacroDef } from './macro.js';
export type { BpfCpu, PragmaRecord, PreprocessCache, PreprocessOptions, PreprocessResult } from './options.js';
export type { PrefixSnapshot, PrefixUse } from './prefix.js';
export { createPreprocessCache } from './options.js';
export { lexText } from './lexer.js';
export { predefinedMacros } from './predefined.js';
export { DEFAULT_ATTRIBUTES, DEFAULT_BUILTINS } from './builtins.js';

const EPOCH = new Date(0);

function resolveOptions(o: PreprocessOptions): ResolvedOptions {
  return {
    fs: o.fs,
    includeDirs: o.includeDirs ?? [],
    systemDirs: o.systemDirs,
    nostdinc: o.nostdinc ?? false,
    bundled: o.bundled === undefined ? BUNDLED_HEADERS : o.bundled,
    defines: o.defines ?? [],
    undefines: o.undefines ?? [],
    predefined: o.predefined ?? true,
    mcpu: o.mcpu ?? 'v3',
    optimize: o.optimize ?? true,
    builtins: o.builtins ?? DEFAULT_BUILTINS,
    attributes: o.attributes ?? DEFAULT_ATTRIBUTES,
    date: o.date ?? EPOCH,
    maxIncludeDepth: o.maxIncludeDepth ?? 200,
    maxTokens: o.maxTokens ?? 20_000_000,
  };
}

/** A virtual file (<built-in>, <command line>) lexed once per cache. */
function virtualFile(cache: PreprocessCache, path: string, text: string): LexedFile {
  const key = `${path}\n${text}`;
  let lexed = cache.files.get(key);
  if (!lexed) {
    lexed = lexFile(createSourceFile(path, text));
    cache.files.set(key, lexed);
  }
  return lexed;
}

export function preprocess(main: SourceFile, opts: PreprocessOptions = {}): PreprocessResult {
  const resolved = resolveOptions(opts);
  const cache = opts.cache ?? createPreprocessCache();
  const pp = new Preprocessor(resolved, cache);
  pp.mainPath = main.path;
  for (const name of BUILTIN_MACROS) pp.macros.set(name, builtinMacro(name));
  // The file stack is read from the top: <built-in>, then <command line>, then the main file.
  pp.main = lexFile(main);
  pp.enterFile(pp.main, -1);
  const mainFrame = pp.currentFile!;
  const cmd = commandLineSource(resolved.defines, resolved.undefines);
  if (cmd !== '') pp.enterFile(virtualFile(cache, '<command line>', cmd), -1);
  if (resolved.predefined) pp.enterFile(virtualFile(cache, '<built-in>', predefinedSource(resolved.mcpu, resolved.optimize)), -1);

  // with a cache given, the main file's include prefix is restored from it, or read and then stored
  let tokens: PPToken[] = [];
  let prefix: PrefixUse | undefined;
  const end = opts.cache === undefined ? 0 : prefixEnd(pp.main);
  if (end > 0) {
    const at = end < pp.main.tokens.length ? pp.main.tokens[end]!.loc.offset : main.text.length;
    const key = prefixKey(cache, resolved, main.path, main.text.slice(0, at));
    const stored = cache.prefixes.get(key);
    if (stored !== undefined && depsHold(pp, stored.deps)) {
      tokens = restoreSnapshot(pp, stored, mainFrame);
      prefix = { snapshot: stored, hit: true };
    } else {
      const quiet = pp.diagnostics.length;
      pp.deps = { reads: new Map(), exists: new Map() };
      pp.stopFrame = mainFrame;
      pp.stopAt = end;
      read(pp, tokens);
      const made = takeSnapshot(pp, mainFrame, end, tokens, quiet);
      pp.deps = undefined;
      pp.stopFrame = undefined;
      if (made !== undefined) {
        cache.prefixes.set(key, made);
        prefix = { snapshot: made, hit: false };
      }
    }
  }
  read(pp, tokens);
  const result: PreprocessResult = {
    tokens,
    pragmas: pp.pragmas,
    diagnostics: pp.diagnostics,
    files: pp.files,
    macros: pp.macros,
    includes: pp.includes,
  };
  if (prefix !== undefined) result.prefix = prefix;
  return result;
}

/** Appends the tokens `pp` produces until the end of input (or the stop point it was given). */
function read(pp: Preprocessor, tokens: PPToken[]): void {
  for (;;) {
    const t = pp.lex();
    if (t === null || t === END) break;
    if (t.kind === 'other') reportStray(pp, t);
    if (!pp.spend(1, t)) break;
    tokens.push(t);
  }
}

/** An unterminated literal that reached the output (the lexer made it an 'other' token). */
function reportStray(pp: Preprocessor, t: PPToken): void {
  if (t.origin && !t.origin.argument) return; // from a macro body: reported at the #define
  reportUnterminated(pp, t);
}
