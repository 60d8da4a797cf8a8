// The include-prefix cache: most programs open with a run of `#include` (and `#define`/`#undef`) lines,
// and compiling the same program again, or another one with the same opening lines, preprocesses those
// headers to the same tokens and macro table. In: the main file's lexed tokens, the resolved options and
// the Preprocessor at the end of that prefix. Out: a snapshot of the preprocessor's state there (macros,
// once-files, pushed macros, counter, pragmas, files, includes, budget spent) with the tokens it produced,
// restored into a fresh Preprocessor instead of reading the headers again.
//
// Soundness: a snapshot is found by a key holding everything the prefix's outcome depends on besides the
// file system: every option, the main file's path (quoted includes, __BASE_FILE__) and the prefix's exact
// text. What it read from the file system is recorded as it happens (each file's LexedFile or absence,
// each existence probe) and re-checked on every use against the file system as it is now (files are
// re-read and compared by content, see Preprocessor.currentEntry); any difference means no hit. Prefixes
// that reported anything, read the main file itself, left a conditional or #line in force, or did not
// stop between two tokens of the main file are never stored.
import type { FileFrame, Preprocessor } from './engine.js';
import type { LexedFile } from './lexer.js';
import type { MacroDef } from './macro.js';
import type { PragmaRecord, PreprocessCache, ResolvedOptions } from './options.js';
import type { SourceFile } from '../../../compiler/source.js';
import type { PPToken } from './token.js';

/** What a prefix read from the file system: canonical path → the LexedFile or null, and existence probes. */
export interface PrefixDeps {
  /** Canonical path → the path it was read by and what was read. */
  reads: Map<string, { path: string; lexed: LexedFile | null }>;
  /** Path → whether fileExists() said it exists. */
  exists: Map<string, boolean>;
}

/** The preprocessor's state at the end of a main file's include prefix. Immutable once stored. */
export interface PrefixSnapshot {
  /** Index in the main file's tokens where the prefix ends (the first token after its last line). */
  readonly end: number;
  readonly deps: PrefixDeps;
  readonly tokens: readonly PPToken[];
  readonly macros: ReadonlyMap<string, MacroDef>;
  readonly onceFiles: ReadonlySet<string>;
  readonly pushedMacros: ReadonlyMap<string, readonly (MacroDef | undefined)[]>;
  readonly pragmas: readonly PragmaRecord[];
  readonly files: ReadonlyMap<string, SourceFile>;
  readonly includes: readonly string[];
  readonly counter: number;
  /** Output budget used by the prefix. */
  readonly spent: number;
  /**
   * Results of later stages computed from this prefix's tokens alone (e.g. the parsed declarations),
   * by stage name: they are valid wherever the snapshot is.
   */
  readonly memo: Map<string, unknown>;
}

/** The prefix of a preprocess() run that was restored from, or stored into, the cache. */
export interface PrefixUse {
  snapshot: PrefixSnapshot;
  /** True when the snapshot was restored (false: this run made it). */
  hit: boolean;
}

const PREFIX_DIRECTIVES: ReadonlySet<string> = new Set(['include', 'define', 'undef']);

/**
 * The index of the first token of `main` after its leading directive lines that are #include, #define,
 * #undef or empty (`#` alone); 0 when the file does not open with an #include.
 */
export function prefixEnd(main: LexedFile): number {
  const toks = main.tokens;
  let i = 0;
  let includes = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    if (!t.atLineStart || t.kind !== 'punctuator' || (t.text !== '#' && t.text !== '%:')) break;
    const kw = toks[i + 1];
    const name = kw !== undefined && !kw.atLineStart ? kw : undefined;
    if (name !== undefined && (name.kind !== 'identifier' || !PREFIX_DIRECTIVES.has(name.text))) break;
    if (name?.text === 'include') includes++;
    i++;
    while (i < toks.length && !toks[i]!.atLineStart) i++;
  }
  return includes > 0 ? i : 0;
}

/** A stable number for an object option within one cache (tables are compared by identity). */
function idOf(cache: PreprocessCache, o: object | false | undefined): string {
  if (o === undefined || o === false) return String(o);
  let id = cache.ids.get(o);
  if (id === undefined) {
    id = ++cache.lastId;
    cache.ids.set(o, id);
  }
  return `#${id}`;
}

/** The cache key of the prefix `text` of the main file at `mainPath` under options `o`. */
export function prefixKey(cache: PreprocessCache, o: ResolvedOptions, mainPath: string, text: string): string {
  return JSON.stringify([
    mainPath, o.includeDirs, o.systemDirs ?? null, o.nostdinc, idOf(cache, o.bundled), o.defines, o.undefines,
    o.predefined, o.mcpu, o.optimize, idOf(cache, o.builtins), idOf(cache, o.attributes), o.date.getTime(),
    o.maxIncludeDepth, o.maxTokens,
  ]) + '\n' + text;
}

/**
 * Whether everything `deps` read is still what the file system holds (each file re-read and compared,
 * each probe asked again). Call on a fresh Preprocessor, before it reads anything.
 */
export function depsHold(pp: Preprocessor, deps: PrefixDeps): boolean {
  for (const [key, { path, lexed }] of deps.reads) if (pp.currentEntry(key, path) !== lexed) return false;
  for (const [path, found] of deps.exists) if (pp.fileExists(path) !== found) return false;
  return true;
}

/**
 * The snapshot of `pp` stopped at token `end` of its main file frame `frame`, or undefined when this
 * state cannot stand for the prefix in other runs: something was reported after the setup (`quietUntil`
 * diagnostics were there before the prefix), the main file was included, a conditional, #line, a macro
 * expansion or another file is still open, or the run was aborted.
 */
export function takeSnapshot(pp: Preprocessor, frame: FileFrame, end: number, tokens: readonly PPToken[],
  quietUntil: number): PrefixSnapshot | undefined {
  const deps = pp.deps;
  if (deps === undefined || pp.aborted || pp.readMain || pp.diagnostics.length !== quietUntil) return undefined;
  if (pp.fileStack.length !== 1 || pp.fileStack[0] !== frame || frame.pos !== end || pp.contexts.length > 0) return undefined;
  if (frame.conds.length > 0 || frame.lineDelta !== 0 || frame.presumedFile !== frame.lexed.file.path) return undefined;
  return {
    end,
    deps,
    tokens: [...tokens],
    macros: new Map(pp.macros),
    onceFiles: new Set(pp.onceFiles),
    pushedMacros: new Map([...pp.pushedMacros].map(([k, v]) => [k, [...v]])),
    pragmas: [...pp.pragmas],
    files: new Map(pp.files),
    includes: [...pp.includes],
    counter: pp.counter,
    spent: pp.opts.maxTokens - pp.budget,
    memo: new Map(),
  };
}

/**
 * Puts `pp` (set up for the run: main, command-line and built-in files entered, nothing read) into the
 * state `s` describes, with the main file frame `frame` at the end of the prefix, and returns the tokens
 * the prefix produced.
 */
export function restoreSnapshot(pp: Preprocessor, s: PrefixSnapshot, frame: FileFrame): PPToken[] {
  pp.macros.clear();
  for (const [name, def] of s.macros) {
    def.disabled = false; // per-run state; a run that threw may have left it set
    pp.macros.set(name, def);
  }
  for (const f of s.onceFiles) pp.onceFiles.add(f);
  for (const [k, v] of s.pushedMacros) pp.pushedMacros.set(k, [...v]);
  pp.pragmas.push(...s.pragmas);
  // the files entered by the setup (this run's main file among them) keep this run's SourceFile
  for (const [k, v] of s.files) if (!pp.files.has(k)) pp.files.set(k, v);
  pp.includes.push(...s.includes);
  pp.counter = s.counter;
  pp.budget -= s.spent;
  pp.fileStack.length = 0;
  pp.fileStack.push(frame);
  frame.pos = s.end;
  return [...s.tokens];
}
