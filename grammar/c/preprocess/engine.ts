// The preprocessor's engine: a stack of token sources (files at the bottom, macro expansions above) read
// by lex(), which expands macros the way clang does (C17 §6.10.3.4): an expanding macro is disabled while
// its expansion is being read; an identifier naming a disabled macro is marked never-to-expand; arguments
// are collected from the enclosing sources (which may end expansions and re-enable their macros) and
// fully expanded on their own before substitution, behind a barrier that the expansion cannot read past.
// Directives (directives.ts), builtins (builtins.ts), pragmas (pragma.ts) and substitution (expand.ts)
// use the members marked "engine state".
import { createSourceFile, type SourceFile, type SourceLoc } from '../../../compiler/source.js';
import { diagnostic, spanAt, type Diagnostic, type DiagnosticCode, type DiagnosticNote } from '../../../compiler/diagnostics/index.js';
import { lexFile, type LexedFile } from './lexer.js';
import { BUNDLED_ROOT, DEFAULT_SYSTEM_DIRS, RESOURCE_ROOT, emptyFileSystem, type FileSystem } from './fs.js';
import type { MacroDef } from './macro.js';
import { canonicalPath } from './path.js';
import { substitute } from './expand.js';
import { expandBuiltin } from './builtins.js';
import { runDirective } from './directives.js';
import { pragmaOperator } from './pragma.js';
import type { MacroOrigin, PPToken } from './token.js';
import type { PragmaRecord, PreprocessCache, ResolvedOptions } from './options.js';
import type { PrefixDeps } from './prefix.js';

/** A source of tokens above the files: a macro expansion, or the barrier-terminated tokens of an argument or directive line. */
export interface Context {
  tokens: PPToken[];
  pos: number;
  /** The macro to re-enable when this context is exhausted. */
  macro: MacroDef | null;
  /** Reading past the end yields END instead of continuing below. */
  barrier: boolean;
}

export interface CondFrame {
  directive: PPToken;
  /** Some group of this #if chain has been taken. */
  taken: boolean;
  sawElse: boolean;
}

export interface FileFrame {
  lexed: LexedFile;
  pos: number;
  conds: CondFrame[];
  /** The presumed file name (#line may change it): __FILE__. */
  presumedFile: string;
  /** Added to physical line numbers by #line: __LINE__. */
  lineDelta: number;
  /** Index in the <…> search list where the file was found (for #include_next), -1 otherwise. */
  searchIndex: number;
}

/** Returned by lexRaw()/lex() at a barrier. */
export const END: PPToken = Object.freeze({
  kind: 'other',
  text: '',
  loc: { file: '<end>', line: 0, col: 0, offset: 0 },
  hasLeadingSpace: false,
  atLineStart: true,
}) as PPToken;

const MAX_PREEXPAND_DEPTH = 200;

export class Preprocessor {
  // ---- engine state ----
  readonly macros = new Map<string, MacroDef>();
  readonly contexts: Context[] = [];
  readonly fileStack: FileFrame[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly pragmas: PragmaRecord[] = [];
  readonly files = new Map<string, SourceFile>();
  readonly includes: string[] = [];
  readonly onceFiles = new Set<string>();
  readonly pushedMacros = new Map<string, (MacroDef | undefined)[]>();
  readonly fs: FileSystem;
  counter = 0;
  mainPath = '';
  /** The main file, found under its canonical path (a file may include itself). */
  main: LexedFile | undefined;
  /** >0 while function-like macro arguments are being collected: files do not end then. */
  collecting = 0;
  /** >0 while macro arguments are pre-expanded (_Pragma is deferred then, as clang does). */
  preexpanding = 0;
  /** Tokens that may still be produced before the run is aborted (guards against exponential expansion). */
  budget: number;
  aborted = false;
  // ---- include-prefix cache (prefix.ts) ----
  /** Cache entries checked against the file system in this run. */
  private readonly checked = new Set<string>();
  /** While set, every file read and existence probe is recorded here. */
  deps: PrefixDeps | undefined;
  /** Set when an #include reached the main file itself. */
  readMain = false;
  /** Reading stops (lex() returns null) when this frame reaches token `stopAt` at top level. */
  stopFrame: FileFrame | undefined;
  stopAt = 0;

  constructor(
    readonly opts: ResolvedOptions,
    readonly cache: PreprocessCache,
  ) {
    this.fs = opts.fs ?? emptyFileSystem();
    this.budget = opts.maxTokens;
  }

  // ---- diagnostics ----
  report(code: DiagnosticCode, message: string, at: SourceLoc | PPToken | undefined, length?: number, notes: DiagnosticNote[] = []): void {
    if (!at) {
      this.diagnostics.push(diagnostic(code, message, undefined, notes));
      return;
    }
    const tok = 'text' in at ? at : undefined;
    const loc = tok ? tok.loc : (at as SourceLoc);
    this.diagnostics.push(diagnostic(code, message, spanAt(loc, length ?? (tok ? tok.text.length : 1)), [...notes, ...expansionNotes(tok)]));
  }

  // ---- files ----
  /** The lexed file at `path` (bundled headers under BUNDLED_ROOT), null when it cannot be read. */
  // Files are cached by canonical path and keep the name they were first opened by, which therefore is
  // what locations and __FILE__ show (clang does the same through its file manager).
  readLexed(path: string): LexedFile | null {
    const key = canonicalPath(path);
    if (this.main && key === canonicalPath(this.main.file.path)) {
      this.readMain = true;
      return this.main;
    }
    const lexed = this.currentEntry(key, path);
    this.deps?.reads.set(key, { path, lexed });
    if (lexed) this.files.set(lexed.file.path, lexed.file);
    return lexed;
  }

  /**
   * The cache's entry for canonical path `key` (read as `path`), made or checked against what the file
   * system holds now on its first use in this run: a cached file whose text changed is lexed again.
   */
  currentEntry(key: string, path: string): LexedFile | null {
    let lexed = this.cache.files.get(key);
    if (lexed !== undefined && this.checked.has(key)) return lexed;
    const text = this.readText(path);
    if (lexed === undefined || (lexed === null ? text !== undefined : lexed.file.text !== text)) {
      lexed = text === undefined ? null : lexFile(createSourceFile(path, text));
      this.cache.files.set(key, lexed);
    }
    this.checked.add(key);
    return lexed;
  }

  fileExists(path: string): boolean {
    const key = canonicalPath(path);
    let found: boolean;
    if (this.cache.files.has(key)) found = this.currentEntry(key, path) !== null;
    else if (path.startsWith(BUNDLED_ROOT + '/') || path.startsWith(RESOURCE_ROOT + '/')) found = this.readText(path) !== undefined;
    else found = this.fs.exists ? this.fs.exists(path) : this.fs.readFile(path) !== undefined;
    this.deps?.exists.set(path, found);
    return found;
  }

  private readText(path: string): string | undefined {
    const table = this.opts.bundled;
    const bundledKey = (root: string): string | undefined => {
      const key = canonicalPath(path.slice(root.length + 1));
      return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
    };
    if (path.startsWith(BUNDLED_ROOT + '/')) return bundledKey(BUNDLED_ROOT);
    if (path.startsWith(RESOURCE_ROOT + '/')) {
      // only the top-level files of the bundle are compiler headers
      return path.indexOf('/', RESOURCE_ROOT.length + 1) < 0 ? bundledKey(RESOURCE_ROOT) : undefined;
    }
    return this.fs.readFile(path);
  }

  /** The <…> search list: -I directories, compiler headers, system directories, the bundled headers. */
  searchDirs(): string[] {
    const dirs = [...this.opts.includeDirs];
    if (this.opts.bundled) dirs.push(RESOURCE_ROOT);
    if (!this.opts.nostdinc) dirs.push(...(this.opts.systemDirs ?? DEFAULT_SYSTEM_DIRS));
    if (this.opts.bundled) dirs.push(BUNDLED_ROOT);
    return dirs;
  }

  enterFile(lexed: LexedFile, searchIndex: number): void {
    this.fileStack.push({ lexed, pos: 0, conds: [], presumedFile: lexed.file.path, lineDelta: 0, searchIndex });
    this.files.set(lexed.file.path, lexed.file);
    for (const d of lexed.diagnostics) this.diagnostics.push(d);
  }

  get currentFile(): FileFrame | undefined {
    return this.fileStack[this.fileStack.length - 1];
  }

  private endFile(): void {
    const f = this.fileStack.pop()!;
    for (let i = f.conds.length - 1; i >= 0; i--) this.report('C1014', 'unterminated conditional directive', f.conds[i]!.directive);
  }

  // ---- reading tokens ----
  /** The next token with macros expanded; null at the end of input, END at a barrier. */
  lex(): PPToken | null {
    for (;;) {
      const t = this.lexRaw();
      if (t === null || t === END || t.kind !== 'identifier' || t.noExpand === true) return t;
      const m = this.macros.get(t.text);
      if (m === undefined) return t;
      if (m.disabled) return { ...t, noExpand: true };
      if (!this.expand(t, m)) return t;
    }
  }

  /** The next token without macro expansion. */
  lexRaw(): PPToken | null {
    const cs = this.contexts;
    while (cs.length > 0) {
      const c = cs[cs.length - 1]!;
      if (c.pos < c.tokens.length) return c.tokens[c.pos++]!;
      if (c.barrier) return END;
      cs.pop();
      if (c.macro) c.macro.disabled = false;
    }
    return this.lexFromFile();
  }

  private lexFromFile(): PPToken | null {
    for (;;) {
      if (this.aborted) return null;
      const f = this.currentFile;
      if (!f) return null;
      if (f === this.stopFrame && f.pos >= this.stopAt && this.collecting === 0) return null;
      const toks = f.lexed.tokens;
      if (f.pos >= toks.length) {
        if (this.collecting > 0) return null;
        this.endFile();
        continue;
      }
      const t = toks[f.pos]!;
      if (t.atLineStart && t.kind === 'punctuator' && (t.text === '#' || t.text === '%:')) {
        runDirective(this, f);
        if (this.contexts.length > 0) return this.lexRaw(); // a pragma token pushed by the directive
        continue;
      }
      f.pos++;
      return t;
    }
  }

  /** Whether the next token is '(' (without consuming anything), as a function-like macro name needs. */
  peekIsLParen(): boolean {
    const cs = this.contexts;
    for (let k = cs.length - 1; k >= 0; k--) {
      const c = cs[k]!;
      if (c.pos < c.tokens.length) return isLParen(c.tokens[c.pos]!);
      if (c.barrier) return false;
    }
    const f = this.currentFile;
    if (!f || f.pos >= f.lexed.tokens.length) return false;
    const t = f.lexed.tokens[f.pos]!;
    if (t.atLineStart && (t.text === '#' || t.text === '%:') && t.kind === 'punctuator') return false;
    return isLParen(t);
  }

  /** Pushes tokens to be read next (builtin results, pragma tokens). */
  pushTokens(tokens: PPToken[]): void {
    this.contexts.push({ tokens, pos: 0, macro: null, barrier: false });
  }

  // ---- macro expansion ----
  /** Expands `m` invoked by `nameTok`; false when it is function-like and not followed by '('. */
  expand(nameTok: PPToken, m: MacroDef): boolean {
    if (m.builtin) {
      if (m.builtin === '_Pragma') return pragmaOperator(this, nameTok);
      return expandBuiltin(this, nameTok, m);
    }
    let args: PPToken[][] | null = null;
    let vaElided = false;
    let endTok = nameTok;
    if (m.functionLike) {
      if (!this.peekIsLParen()) return false;
      const r = this.collectArgs(nameTok, m);
      if (!r) return true; // reported; the invocation is dropped
      args = r.args;
      vaElided = r.vaElided;
      endTok = r.close;
    }
    const origin: MacroOrigin = { macro: m.name, loc: nameTok.loc, end: endTok.origin ? rootOrigin(endTok.origin).end : endTok.loc };
    if (nameTok.origin) origin.parent = nameTok.origin;
    const body = m.body.length === 0 ? [] : substitute(this, m, args, vaElided, nameTok, origin);
    if (!this.spend(body.length, nameTok)) return true;
    m.disabled = true;
    this.contexts.push({ tokens: body, pos: 0, macro: m, barrier: false });
    return true;
  }

  /** Reads `( args )` after a function-like macro name; undefined after an error. */
  private collectArgs(nameTok: PPToken, m: MacroDef): { args: PPToken[][]; close: PPToken; vaElided: boolean } | undefined {
    this.collecting++;
    this.lexRaw(); // '('
    const args: PPToken[][] = [];
    let cur: PPToken[] = [];
    let depth = 0;
    let close: PPToken | undefined;
    const lastParam = m.params.length - 1;
    for (;;) {
      const t = this.lexRaw();
      if (t === null || t === END) break;
      if (t.kind === 'punctuator') {
        if (t.text === '(') depth++;
        else if (t.text === ')') {
          if (depth === 0) {
            args.push(cur);
            close = t;
            break;
          }
          depth--;
        } else if (t.text === ',' && depth === 0 && !(m.variadic && args.length === lastParam)) {
          args.push(cur);
          cur = [];
          continue;
        }
      }
      // An identifier naming a macro still being expanded (its context not yet popped) is painted now:
      // collecting may pop that context and re-enable the macro (C17 6.10.3.4p2, as clang does).
      if (t.kind === 'identifier' && !t.noExpand && this.macros.get(t.text)?.disabled) cur.push({ ...t, noExpand: true });
      else cur.push(t);
    }
    this.collecting--;
    const defined: DiagnosticNote[] = m.loc ? [{ message: `macro '${m.name}' defined here`, span: spanAt(m.loc, m.name.length) }] : [];
    if (!close) {
      if (!this.aborted) this.report('C1040', 'unterminated function-like macro invocation', nameTok, undefined, defined);
      return undefined;
    }
    const n = m.params.length;
    if (n === 0 && args.length === 1 && args[0]!.length === 0) args.length = 0;
    // the variadic part was left out entirely (not merely empty): `F(a)` or `F()` for F(a, ...) / F(...)
    let vaElided = m.variadic && (args.length === n - 1 || (n === 1 && args.length === 1 && args[0]!.length === 0));
    if (args.length > n) {
      this.report('C1041', `too many arguments provided to function-like macro invocation`, args[n]![0] ?? close, undefined, defined);
      return undefined;
    }
    if (args.length < n) {
      // a variadic macro may omit its variadic part; a one-parameter macro may get one empty argument
      if (m.variadic && args.length === n - 1) {
        args.push([]);
        vaElided = true;
      }
      else {
        this.report('C1042', `too few arguments provided to function-like macro invocation`, close, undefined, defined);
        return undefined;
      }
    }
    return { args, close, vaElided };
  }

  /** Fully macro-expands one argument on its own (C17 6.10.3.1). */
  preexpand(raw: PPToken[]): PPToken[] {
    if (!raw.some((t) => t.kind === 'identifier' && !t.noExpand && this.macros.has(t.text))) return raw;
    if (this.preexpanding >= MAX_PREEXPAND_DEPTH) {
      this.report('C1044', 'macro arguments nested too deeply', raw[0]);
      return raw;
    }
    return this.expandIsolated(raw, true);
  }

  /** Expands `toks` behind a barrier: nothing after them can be read as part of an invocation. */
  expandIsolated(toks: PPToken[], asArgument: boolean, each?: (t: PPToken) => PPToken | undefined): PPToken[] {
    const out: PPToken[] = [];
    const ctx: Context = { tokens: toks, pos: 0, macro: null, barrier: true };
    this.contexts.push(ctx);
    if (asArgument) this.preexpanding++;
    try {
      for (;;) {
        const t = this.lex();
        if (t === null || t === END) break;
        const r = each ? each(t) : t;
        if (r) out.push(r);
      }
    } finally {
      if (asArgument) this.preexpanding--;
      // pop the barrier and anything left above it
      while (this.contexts.length > 0) {
        const c = this.contexts.pop()!;
        if (c.macro) c.macro.disabled = false;
        if (c === ctx) break;
      }
    }
    return out;
  }

  /** Charges `n` tokens to the output budget; false (and abort) when it runs out. */
  spend(n: number, at: PPToken): boolean {
    this.budget -= n;
    if (this.budget >= 0) return true;
    if (!this.aborted) this.report('C1044', `preprocessing produces more than ${this.opts.maxTokens} tokens`, at);
    this.abort();
    return false;
  }

  /** Stops the run: no more tokens are read from any source. */
  abort(): void {
    this.aborted = true;
    for (const c of this.contexts) if (c.macro) c.macro.disabled = false;
    this.contexts.length = 0;
  }
}

const isLParen = (t: PPToken): boolean => t.kind === 'punctuator' && t.text === '(';

export function rootOrigin(o: MacroOrigin): MacroOrigin {
  while (o.parent) o = o.parent;
  return o;
}

/** "in expansion of macro 'X'" notes for a token produced by macro expansion, innermost first. */
export function expansionNotes(tok: PPToken | undefined): DiagnosticNote[] {
  const notes: DiagnosticNote[] = [];
  for (let o = tok?.origin; o; o = o.parent) notes.push({ message: `in expansion of macro '${o.macro}'`, span: spanAt(o.loc, o.macro.length) });
  return notes;
}
