// The C front end's parse step: preprocessed tokens → AST + diagnostics. Converts the tokens for the
// parser (grammar/c), parses (with error recovery: every syntax error is reported once, then parsing
// goes on), turns syntax errors into diagnostics with stable codes (C1100–C1106) and lowers the CST.
// In: PPToken[] from grammar/c/preprocess (or any SourceToken[]); out: TranslationUnit + Diagnostic[].
import { convertTokens, decodeSyntaxError, lexPreprocessed, parseCst, type SourceToken, type SyntaxErrorKind }
  from '../../grammar/c/index.js';
import type { Diagnostic, DiagnosticCode, Span } from '../diagnostics/index.js';
import type { TranslationUnit } from './ast.js';
import { LowerContext } from './lower-context.js';
import { lowerTranslationUnit } from './lower-cst.js';

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

/** Parses a preprocessed token stream into an AST. Never throws on any input. */
export function parseC(tokens: readonly SourceToken[], opts: ParseOptions = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const stray: number[] = [];
  const ctoks = convertTokens(tokens, stray);
  const cx = new LowerContext(ctoks, tokens, diagnostics);
  for (const i of stray) {
    const t = tokens[i];
    // an unterminated quote was reported by whoever lexed it
    if (t.text.startsWith("'") || t.text.startsWith('"')) continue;
    const span: Span = { file: t.loc.file, line: t.loc.line, col: t.loc.col, offset: t.loc.offset, length: Math.max(1, t.text.length) };
    cx.report('C1106', t.text.length === 1 ? `unexpected character '${t.text}'` : `unexpected '${t.text}'`, span);
  }
  const { cst, errors } = parseCst(ctoks, opts.typedefs);
  const seen = new Set<string>();
  for (const e of errors) {
    const info = decodeSyntaxError(e);
    const span = info.anchor === 'after-previous' && info.previous !== undefined ? cx.afterToken(info.previous) : cx.tokenSpan(info.token);
    // one report per place: recovery can fail several times at the same token
    const key = `${span.file}:${span.offset}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cx.report(CODES[info.kind], info.message, span);
  }
  const ast = lowerTranslationUnit(cx, cst);
  return { ast, diagnostics };
}

/** Parses C text that needs no preprocessing (tests, `clang -E` output): see grammar/c/raw-lexer.ts. */
export function parseCText(text: string, file = '<input>', opts: ParseOptions = {}): ParseResult {
  return parseC(lexPreprocessed(text, file), opts);
}
