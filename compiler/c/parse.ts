// The C front end's parse step: preprocessed tokens → AST + diagnostics. Converts the tokens for the
// parser (grammar/c), parses (with error recovery: every syntax error is reported once, then parsing
// goes on), turns syntax errors into diagnostics with stable codes (C1100–C1106) and lowers the CST.
// In: PPToken[] from grammar/c/preprocess (or any SourceToken[]); out: TranslationUnit + Diagnostic[].
import { convertTokens, decodeSyntaxError, lexPreprocessed, parseCst, type SourceToken, type SyntaxErrorKind }
  from '../../grammar/c/index.js';
import { preprocess, type PreprocessOptions } from '../../grammar/c/preprocess/index.js';
import type { Diagnostic, DiagnosticCode, Span } from '../diagnostics/index.js';
import type { SourceFile } from '../source.js';
import type { ExternalDecl, TranslationUnit } from './ast.js';
import { LowerContext } from './lower-context.js';
import { lowerExternal, translationUnit } from './lower-cst.js';

export interface ParseOptions {
  /** Names visible as typedef names from the start (default: `__builtin_va_list`, `__int128_t`, `__uint128_t`). */
  typedefs?: readonly string[];
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
  const { errors } = parseCst(ctoks, opts.typedefs, (d) => {
    const out = lowerExternal(cx, d);
    if (out !== undefined) decls.push(out);
  });
  for (const e of errors) {
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
  const ast = translationUnit(cx, decls);
  return { ast, diagnostics: inSourceOrder(diagnostics, tokens) };
}

/** Sorts diagnostics by place: files in the order the token stream enters them, then by offset. */
function inSourceOrder(diagnostics: Diagnostic[], tokens: readonly SourceToken[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const t of tokens) if (!fileOrder.has(t.loc.file)) fileOrder.set(t.loc.file, fileOrder.size);
  const key = (d: Diagnostic): [number, number] =>
    d.span === undefined ? [Infinity, 0] : [fileOrder.get(d.span.file) ?? fileOrder.size, d.span.offset];
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
  const parsed = parseC(pp.tokens, opts);
  return { ast: parsed.ast, diagnostics: [...pp.diagnostics, ...parsed.diagnostics], files: pp.files };
}
