// The C front end's parse step: preprocessed tokens → AST + diagnostics. Converts the tokens for the
// parser (grammar/c), parses (with error recovery: every syntax error is reported once, then parsing
// goes on), turns syntax errors into diagnostics with stable codes (C1100–C1106) and lowers the CST.
// In: PPToken[] from grammar/c/preprocess (or any SourceToken[]); out: TranslationUnit + Diagnostic[].
// With ParseOptions.prune, the system-header declarations the program cannot reach are left out first
// (prune.ts).
import { convertTokens, decodeSyntaxError, lexPreprocessed, parseCst, type CToken, type SourceToken,
  type SyntaxErrorKind } from '../../grammar/c/index.js';
import { preprocess, type PreprocessOptions, type PreprocessResult } from '../../grammar/c/preprocess/index.js';
import type { Diagnostic, DiagnosticCode, Span } from '../diagnostics/index.js';
import type { SourceFile } from '../source.js';
import type { ExternalDecl, TranslationUnit } from './ast.js';
import { LowerContext, spanOfRanges, writtenRange } from './lower-context.js';
import { lowerExternal, translationUnit } from './lower-cst.js';
import { parserTokenEnds, pruneMask, pruneTokens, type PruneSetup } from './prune.js';

export interface ParseOptions {
  /** Names visible as typedef names from the start (default: `__builtin_va_list`, `__int128_t`, `__uint128_t`). */
  typedefs?: readonly string[];
  /**
   * Parse only the system-header declarations the rest of the program can reach (prune.ts); with a
   * cached include prefix, keep only those of its parsed declarations. The AST then lacks the others;
   * what the compiler makes of it is the same. Off by default (checkC turns it on).
   */
  prune?: PruneSetup;
}

export interface ParseResult {
  ast: TranslationUnit;
  diagnostics: Diagnostic[];
}

const CODES: Readonly<Record<SyntaxErrorKind, DiagnosticCode>> = {
  'expected-token': 'C1100',
  'expected-expression': 'C1101',
  'unknown-type-name': 'C1102',
  'expected-identifier': 'C1103',
  'expected-declaration': 'C1104',
  'unexpected-token': 'C1105',
};

/** A syntax problem before it is reported: `src` orders it in the source token stream. */
interface Pending {
  src: number;
  code: DiagnosticCode;
  message: string;
  span: Span;
  /** A missing ';': the statement ends there, so what follows is judged on its own. */
  terminator: boolean;
}

const SYNC = new Set([';', '{', '}', '<%', '%>']);

/**
 * Reports syntax problems in source order, once each: after an error (other than a missing ';'), later
 * errors are consequences until the input passes a ';', '{' or '}' — those are not reported.
 */
function reportSyntaxErrors(cx: LowerContext, tokens: readonly SourceToken[], pending: Pending[]): void {
  pending.sort((a, b) => a.src - b.src);
  const syncBetween = (from: number, to: number): boolean => {
    for (let i = Math.max(0, from); i < Math.min(to, tokens.length); i++) {
      if (tokens[i].kind === 'punctuator' && SYNC.has(tokens[i].text)) return true;
    }
    return false;
  };
  let last: Pending | undefined;
  const seen = new Set<string>();
  for (const p of pending) {
    if (last !== undefined && !last.terminator && !syncBetween(last.src, p.src)) continue;
    const key = `${p.span.file}:${p.span.offset}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const origin = tokens[p.src]?.origin;
    cx.report(p.code, p.message, p.span, origin);
    last = p;
  }
}

/** Parses a preprocessed token stream into an AST. Never throws on any input. */
export function parseC(tokens: readonly SourceToken[], opts: ParseOptions = {}): ParseResult {
  const r = parseTokens(tokens, opts.typedefs);
  return { ast: r.ast, diagnostics: inSourceOrder(r.diagnostics, tokens) };
}

interface TokensParsed {
  ast: TranslationUnit;
  /** Unsorted. */
  diagnostics: Diagnostic[];
  /** The file scope's names at the end. */
  scope: ReadonlyMap<string, boolean>;
  /** The parser tokens the source tokens became. */
  converted: readonly CToken[];
  /** Per declaration of the AST, the index of its first source token (-1: none). */
  starts: number[];
}

function parseTokens(tokens: readonly SourceToken[], typedefs?: readonly string[],
  scope?: ReadonlyMap<string, boolean>): TokensParsed {
  const diagnostics: Diagnostic[] = [];
  const stray: number[] = [];
  const ctoks = convertTokens(tokens, stray);
  const cx = new LowerContext(ctoks, tokens, diagnostics);
  const pending: Pending[] = [];
  for (const i of stray) {
    const t = tokens[i];
    // an unterminated quote was reported by whoever lexed it
    if (t.text.startsWith("'") || t.text.startsWith('"')) continue;
    const span: Span = { file: t.loc.file, line: t.loc.line, col: t.loc.col, offset: t.loc.offset,
      length: Math.max(1, t.text.length) };
    const message = t.text.length === 1 ? `unexpected character '${t.text}'` : `unexpected '${t.text}'`;
    pending.push({ src: i, code: 'C1106', message, span, terminator: false });
  }
  // external declarations are lowered as soon as they are parsed, so no whole-file CST is ever held
  const decls: ExternalDecl[] = [];
  const starts: number[] = [];
  const parsed = parseCst(ctoks, typedefs, (d) => {
    const out = lowerExternal(cx, d);
    if (out === undefined) return;
    decls.push(out);
    const range = cx.tokenRangeOf(d);
    starts.push(range === undefined ? -1 : ctoks[range[0]]?.src ?? -1);
  }, scope);
  for (const e of parsed.errors) {
    const info = decodeSyntaxError(e);
    const span = info.anchor === 'after-previous' && info.previous !== undefined ? cx.afterToken(info.previous) : cx.tokenSpan(info.token);
    pending.push({
      src: info.token?.src ?? tokens.length,
      code: CODES[info.kind],
      message: info.message,
      span,
      terminator: info.message.startsWith("expected ';'"),
    });
  }
  reportSyntaxErrors(cx, tokens, pending);
  return { ast: translationUnit(cx, decls), diagnostics, scope: parsed.scope, converted: ctoks, starts };
}

/** A parsed include prefix (grammar/c/preprocess prefix.ts), kept in its snapshot's memo. */
interface ParsedPrefix {
  decls: readonly ExternalDecl[];
  /** Per declaration, the index of its first token in the prefix's tokens (-1: none). */
  starts: readonly number[];
  scope: ReadonlyMap<string, boolean>;
  /** The files of the prefix's tokens, in the order the stream enters them. */
  files: readonly string[];
  /** The source tokens of the first and last parser token. */
  first: SourceToken;
  last: SourceToken;
}

const PREFIX_MEMO = 'c-parse';

/**
 * The prefix's declarations parsed on their own, or null when that parse is no stand-in for the prefix
 * inside a whole stream: it reported something (a syntax error may be a declaration the following tokens
 * complete), or it holds no parser token.
 */
function parsePrefix(tokens: readonly SourceToken[]): ParsedPrefix | null {
  const r = parseTokens(tokens);
  const first = r.converted[0];
  const last = r.converted[r.converted.length - 1];
  if (r.diagnostics.length > 0 || first === undefined || last === undefined) return null;
  return { decls: r.ast.decls, starts: r.starts, scope: r.scope, files: fileOrder(tokens), first: tokens[first.src],
    last: tokens[last.src] };
}

/**
 * Parses what preprocess() produced: as parseC(pp.tokens), except that when the preprocessor restored or
 * stored an include prefix (pp.prefix), the prefix's declarations are parsed once per prefix and reused,
 * and only the tokens after it are parsed. Their parse starts in the file scope the prefix left, so it
 * reads every token as the whole parse would (the prefix ends between two external declarations: its
 * own parse completed without a report). The AST nodes of the prefix are shared between results.
 */
export function parsePreprocessed(pp: PreprocessResult, opts: ParseOptions = {}): ParseResult {
  const use = pp.prefix;
  if (use === undefined || opts.typedefs !== undefined) return parseWhole(pp.tokens, opts);
  const memo = use.snapshot.memo;
  let head = memo.get(PREFIX_MEMO) as ParsedPrefix | null | undefined;
  if (head === undefined) {
    head = parsePrefix(use.snapshot.tokens);
    memo.set(PREFIX_MEMO, head);
  }
  if (head === null) return parseC(pp.tokens, opts);
  const restTokens = pp.tokens.slice(use.snapshot.tokens.length);
  const rest = parseTokens(restTokens, undefined, head.scope);
  const last = rest.converted[rest.converted.length - 1];
  if (last === undefined) return parseC(pp.tokens, opts);
  const span = spanOfRanges(writtenRange(head.first), writtenRange(restTokens[last.src]));
  const decls = [...prefixDecls(pp.tokens, use.snapshot.tokens.length, head, opts), ...rest.ast.decls];
  const ast: TranslationUnit = { kind: 'TranslationUnit', span, decls };
  return { ast, diagnostics: inSourceOrder(rest.diagnostics, restTokens, head.files) };
}

/**
 * The declarations of the prefix (`tokens` up to `end`), or with `opts.prune` those in the chunks pruning
 * keeps: those the pruned parse of the whole stream would give (the prefix parsed without a report, so
 * its chunks are its external declarations), except that everything after the prefix is kept.
 */
function prefixDecls(tokens: readonly SourceToken[], end: number, head: ParsedPrefix, opts: ParseOptions): readonly ExternalDecl[] {
  if (opts.prune === undefined) return head.decls;
  const mask = pruneMask(tokens, opts.prune, undefined, end);
  return head.decls.filter((_, k) => head.starts[k]! < 0 || mask[head.starts[k]!] === 1);
}

/**
 * Parses a whole stream, pruned when `opts.prune` is set. The pruned parse stands for the whole one only
 * when it reports nothing (a kept chunk's syntax error may read differently without its neighbours):
 * otherwise the whole stream is parsed, so diagnostics are always the whole parse's. The unit's span is
 * the whole stream's.
 */
function parseWhole(tokens: readonly SourceToken[], opts: ParseOptions): ParseResult {
  if (opts.prune === undefined) return parseC(tokens, opts);
  const pruned = pruneTokens(tokens, opts.prune, opts.typedefs);
  const ends = parserTokenEnds(tokens);
  if (pruned.tokens === tokens || ends === undefined) return parseC(tokens, opts);
  const r = parseTokens(pruned.tokens, opts.typedefs);
  if (r.diagnostics.length > 0) return parseC(tokens, opts);
  const span = spanOfRanges(writtenRange(ends[0]), writtenRange(ends[1]));
  return { ast: { kind: 'TranslationUnit', span, decls: r.ast.decls }, diagnostics: [] };
}

/** The files of `tokens` in the order the stream enters them, after those of `before`. */
function fileOrder(tokens: readonly SourceToken[], before: readonly string[] = []): string[] {
  const seen = new Set(before);
  const order = [...before];
  for (const t of tokens) {
    if (seen.has(t.loc.file)) continue;
    seen.add(t.loc.file);
    order.push(t.loc.file);
  }
  return order;
}

/** Sorts diagnostics by place: files in the order the token stream enters them, then by offset. */
function inSourceOrder(diagnostics: Diagnostic[], tokens: readonly SourceToken[], before?: readonly string[]): Diagnostic[] {
  if (diagnostics.length === 0) return diagnostics;
  const fileIndex = new Map(fileOrder(tokens, before).map((f, i) => [f, i]));
  const key = (d: Diagnostic): [number, number] =>
    d.span === undefined ? [Infinity, 0] : [fileIndex.get(d.span.file) ?? fileIndex.size, d.span.offset];
  return diagnostics
    .map((d, i) => ({ d, i, k: key(d) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.d);
}

/** Parses C text that needs no preprocessing (tests, `clang -E` output): see grammar/c/raw-lexer.ts. */
export function parseCText(text: string, file = '<input>', opts: ParseOptions = {}): ParseResult {
  return parseC(lexPreprocessed(text, file), opts);
}

export interface ParseSourceResult extends ParseResult {
  /** Every file the preprocessor read (for printing diagnostics with their source lines). */
  files: Map<string, SourceFile>;
}

/**
 * Preprocesses `main` and parses the result: the preprocessor's diagnostics come first, then the
 * parser's. (The compile driver does the same with its own options; this is the short form.)
 */
export function parseCSource(main: SourceFile, opts: PreprocessOptions & ParseOptions = {}): ParseSourceResult {
  const pp = preprocess(main, opts);
  const parsed = parsePreprocessed(pp, opts);
  return { ast: parsed.ast, diagnostics: [...pp.diagnostics, ...parsed.diagnostics], files: pp.files };
}
