// #pragma and _Pragma (C17 §6.10.6, §6.10.9). In: the pragma's tokens (after `pragma`, or destringized
// from `_Pragma("…")`). Out: its effect — `once`, `push_macro`/`pop_macro`, `GCC error`/`GCC warning`/
// `message` diagnostics — a 'pragma' token in the stream for the loop hints a later stage needs (unroll,
// nounroll, unroll_and_jam, nounroll_and_jam, clang loop, GCC unroll), and a PragmaRecord for every pragma.
import { lexText } from './lexer.js';
import { END, type Preprocessor } from './engine.js';
import { canonicalPath } from './path.js';
import type { PPToken } from './token.js';

/** `#pragma …`: `toks` are the tokens after `pragma`, `kw` is the `pragma` token. */
export function pragmaDirective(pp: Preprocessor, kw: PPToken, toks: PPToken[]): void {
  handlePragma(pp, toks, kw);
}

/** `_Pragma ( string-literal )` met while expanding; false leaves `_Pragma` in place (inside arguments). */
export function pragmaOperator(pp: Preprocessor, nameTok: PPToken): boolean {
  if (pp.preexpanding > 0) return false; // clang runs it when the argument is rescanned, not before
  const bad = (t: PPToken | null): true => {
    pp.report('C1027', '_Pragma takes a parenthesized string literal', nameTok);
    if (t && t !== END) pp.pushTokens([t]);
    return true;
  };
  const open = pp.lex();
  if (!open || open === END || open.text !== '(' || open.kind !== 'punctuator') return bad(open);
  const str = pp.lex();
  if (!str || str === END || str.kind !== 'string') return bad(str);
  const close = pp.lex();
  if (!close || close === END || close.text !== ')' || close.kind !== 'punctuator') return bad(close);
  const q = str.text.indexOf('"');
  const body = str.text.slice(q + 1, -1).replace(/\\([\\"])/g, '$1');
  // a literal written in the file locates each pragma token inside it; one made by a macro cannot
  const base = str.loc;
  const inFile = !str.origin || str.origin.argument !== undefined;
  const toks = lexText(body, base.file).map((t): PPToken => {
    const d = inFile ? q + 1 + t.loc.offset : 0;
    const moved: PPToken = { ...t, loc: { file: base.file, line: base.line, col: base.col + d, offset: base.offset + d } };
    if (nameTok.origin) moved.origin = nameTok.origin;
    return moved;
  });
  handlePragma(pp, toks, nameTok);
  return true;
}

const LOOP_HINTS = new Set(['unroll', 'nounroll', 'unroll_and_jam', 'nounroll_and_jam']);

function handlePragma(pp: Preprocessor, toks: PPToken[], at: PPToken): void {
  const text = spelled(toks);
  pp.pragmas.push({ text, loc: at.loc, tokens: toks });
  const w0 = toks[0]?.text;
  const w1 = toks[1]?.text;
  if (w0 === 'once' && toks.length === 1) {
    const f = pp.currentFile;
    if (f && pp.fileStack.length === 1 && f.lexed.file.path === pp.mainPath) pp.report('C1030', '#pragma once in main file', toks[0]);
    else if (f) pp.onceFiles.add(canonicalPath(f.lexed.file.path));
    return;
  }
  if (w0 === 'push_macro' || w0 === 'pop_macro') {
    const name = toks[1]?.text === '(' && toks[2]?.kind === 'string' && toks[3]?.text === ')' ? toks[2].text.slice(1, -1) : undefined;
    if (name === undefined) return; // clang ignores malformed ones with a warning we do not need
    const stack = pp.pushedMacros.get(name) ?? [];
    if (w0 === 'push_macro') {
      stack.push(pp.macros.get(name));
      pp.pushedMacros.set(name, stack);
    } else if (stack.length > 0) {
      const def = stack.pop();
      if (def) pp.macros.set(name, def);
      else pp.macros.delete(name);
    }
    return;
  }
  if (w0 === 'GCC' && (w1 === 'error' || w1 === 'warning')) {
    pp.report(w1 === 'error' ? 'C1028' : 'C1029', message(toks.slice(2)), toks[1]);
    return;
  }
  if (w0 === 'message') {
    let rest = toks.slice(1);
    if (rest[0]?.text === '(' && rest[rest.length - 1]?.text === ')') rest = rest.slice(1, -1);
    pp.report('C1029', message(pp.expandIsolated(rest, false)), toks[0]);
    return;
  }
  const words = (w0 === 'clang' && w1 === 'loop') || (w0 === 'GCC' && w1 === 'unroll') ? 2 : w0 !== undefined && LOOP_HINTS.has(w0) ? 1 : 0;
  if (words === 0) return;
  const args = pp.expandIsolated(toks.slice(words), false);
  const tok: PPToken = {
    kind: 'pragma',
    text,
    loc: at.loc,
    hasLeadingSpace: true,
    atLineStart: true,
    pragmaTokens: [...toks.slice(0, words), ...args],
  };
  if (at.origin) tok.origin = at.origin;
  pp.pushTokens([tok]);
}

/** Tokens joined with one space where the source had white space. */
export function spelled(toks: PPToken[]): string {
  let s = '';
  for (let i = 0; i < toks.length; i++) s += (i > 0 && toks[i]!.hasLeadingSpace ? ' ' : '') + toks[i]!.text;
  return s;
}

/** The text of a diagnostic pragma: its string literals' contents, else its spelling. */
function message(toks: PPToken[]): string {
  if (toks.length > 0 && toks.every((t) => t.kind === 'string')) {
    return toks.map((t) => t.text.slice(t.text.indexOf('"') + 1, -1).replace(/\\([\\"])/g, '$1')).join('');
  }
  return spelled(toks);
}
