// Preprocessing tokens (C17 §6.4, "pp-tokens") as the preprocessor hands them to the C parser.
//
// The stream returned by preprocess() holds only tokens of translation phase 4's output: directives are
// gone, macros are expanded, and each token carries
//   - `loc`     its SPELLING location: where its characters are written (in a macro body for tokens that
//               come from a #define, in the invocation for tokens that come from a macro argument);
//   - `origin`  set when the token was produced by a macro expansion: the innermost expansion that
//               produced it (`macro`, invoked at `loc`), whose `parent` is the expansion in which that
//               invocation appeared, and so on up to the outermost invocation, which lies in a file.
//               Tokens that came from a macro argument have `origin.argument` set.
//               expansionLoc(tok) gives the outermost invocation site (use it for line info, as clang's
//               debug info does); fileLoc(tok) gives where clang points a diagnostic: the token itself
//               when it was written in a file, even as a macro argument, else the invocation that
//               produced it; originChain(tok) gives the "in expansion of macro" notes.
//   - `hasLeadingSpace` / `atLineStart` as in the source (needed only to print the stream back as text).
// Kinds: identifier (keywords too), number (any pp-number, e.g. 0x1fULL, 1.5e+3, 08), char ('a', L'x'),
// string ("…", u8"…"), punctuator (longest match, digraphs kept as spelled), other (a stray character,
// or an unterminated ' or " literal that the preprocessor has already reported), header-name (only inside
// #include; never in the output) and pragma:
//   A `#pragma` or `_Pragma("…")` that a later stage must act on becomes ONE token of kind 'pragma' at its
//   place in the stream: the loop hints `unroll`, `nounroll`, `unroll_and_jam`, `nounroll_and_jam`,
//   `clang loop …` and `GCC unroll …`. Its `text` is the pragma as written after the word `pragma`, with
//   one space where the source had white space (e.g. "unroll 4", "clang loop unroll(full)");
//   `pragmaTokens` holds those tokens with macros expanded after the pragma's name words. The parser
//   attaches it to the next loop.
// Locations are physical: #line changes what __LINE__ and __FILE__ expand to, not `loc`.
//   All other pragmas are handled here (once, push_macro, pop_macro, GCC error/warning, message) or only
//   recorded in preprocess()'s `pragmas` list (GCC/clang diagnostic, pack, …) and never appear as tokens.
import type { SourceLoc } from '../../../compiler/source.js';

export type { SourceLoc };

export interface MacroOrigin {
  /** The macro whose expansion produced the token. */
  macro: string;
  /** Where that macro was invoked: the spelling location of its name. */
  loc: SourceLoc;
  /** The invocation's last token: ')' of a function-like call, else the name (clang's __LINE__ uses it). */
  end: SourceLoc;
  /** The expansion the invocation itself came from; absent when the invocation is written in a file. */
  parent?: MacroOrigin;
  /**
   * Present on tokens that came from an argument of the invocation rather than from the macro's body;
   * `origin` is the origin the token had inside the argument (absent when it was written in a file).
   */
  argument?: { origin?: MacroOrigin };
}

export type PPTokenKind =
  | 'identifier'
  | 'number'
  | 'char'
  | 'string'
  | 'punctuator'
  | 'header-name'
  | 'other'
  | 'pragma';

export interface PPToken {
  kind: PPTokenKind;
  text: string;
  /** Spelling location. */
  loc: SourceLoc;
  /** Set when produced by a macro expansion (see the comment at the top of this file). */
  origin?: MacroOrigin;
  hasLeadingSpace: boolean;
  atLineStart: boolean;
  /** kind 'pragma' only: the pragma's tokens after `pragma`, macro-expanded after its name words. */
  pragmaTokens?: PPToken[];
  /** Internal to the preprocessor: an identifier that must never be macro-expanded (C17 6.10.3.4p2). */
  noExpand?: boolean;
}

/** The outermost invocation site of a macro-produced token, else its spelling location. */
export function expansionLoc(tok: PPToken): SourceLoc {
  let o = tok.origin;
  if (!o) return tok.loc;
  while (o.parent) o = o.parent;
  return o.loc;
}

/** Where a diagnostic about `tok` points (clang's getFileLoc): its own spelling when written in a file. */
export function fileLoc(tok: PPToken): SourceLoc {
  let loc = tok.loc;
  let o = tok.origin;
  while (o) {
    if (o.argument) o = o.argument.origin;
    else {
      loc = o.loc;
      o = o.parent;
    }
  }
  return loc;
}

/** The chain of expansions that produced `tok`, innermost first. */
export function originChain(tok: PPToken): MacroOrigin[] {
  const chain: MacroOrigin[] = [];
  for (let o = tok.origin; o; o = o.parent) chain.push(o);
  return chain;
}

/** Prints tokens back as text: one space where the source had white space, one line per source line. */
export function printTokens(tokens: readonly PPToken[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'pragma') {
      out += (out === '' || out.endsWith('\n') ? '' : '\n') + '#pragma ' + t.text + '\n';
      continue;
    }
    if (i > 0 && t.atLineStart && !out.endsWith('\n')) out += '\n';
    else if (i > 0 && t.hasLeadingSpace && !out.endsWith('\n')) out += ' ';
    out += t.text;
  }
  return out === '' || out.endsWith('\n') ? out : out + '\n';
}
