// The pp-token lexer (C17 §5.1.1.2 phases 1–3, §6.4). In: a SourceFile. Out: every pp-token of the file
// with its location, `hasLeadingSpace` and `atLineStart` (start of a logical line, so directives are the
// '#' tokens with atLineStart), plus the include guard macro when the whole file is one #ifndef/#endif
// group. Backslash-newline splices are removed from token spellings; comments become white space; an
// unterminated ' or " literal becomes one 'other' token running to the end of the line (the preprocessor
// reports it only if it reaches the output, as skipped groups and #error text may legally hold one).
// Hand-written over char codes because system headers are large (linux/bpf.h: 7000 lines).
import type { SourceFile } from '../../../compiler/source.js';
import { diagnostic, spanAt, type Diagnostic } from '../../../compiler/diagnostics/index.js';
import type { PPToken, PPTokenKind, SourceLoc } from './token.js';

export interface LexedFile {
  file: SourceFile;
  tokens: PPToken[];
  /** Lexer errors (unterminated comments); reported once per inclusion. */
  diagnostics: Diagnostic[];
  /** X when the file is `#ifndef X` … `#endif` with nothing outside: including it again is a no-op. */
  guard?: string;
}

// Character classes: 1 identifier start, 2 digit.
const CLASS = new Uint8Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] = 1;
for (let c = 97; c <= 122; c++) CLASS[c] = 1;
CLASS[95] = 1; // _
CLASS[36] = 1; // $ (accepted in identifiers, as clang does)
for (let c = 48; c <= 57; c++) CLASS[c] = 2;

const isIdentStart = (c: number): boolean => (c < 128 ? CLASS[c] === 1 : c >= 0x80);
const isIdentChar = (c: number): boolean => (c < 128 ? CLASS[c] !== 0 : c >= 0x80);

export function lexFile(file: SourceFile): LexedFile {
  const diagnostics: Diagnostic[] = [];
  const tokens = lexText(file.text, file.path, diagnostics);
  const lexed: LexedFile = { file, tokens, diagnostics };
  const guard = findIncludeGuard(tokens);
  if (guard !== undefined) lexed.guard = guard;
  return lexed;
}

/** Lexes `text` (named `path` in locations). Lexer errors go to `diags` when given. */
export function lexText(text: string, path: string, diags?: Diagnostic[]): PPToken[] {
  const out: PPToken[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let space = false;
  let closedQuote = false; // set by scanQuoted

  const code = (j: number): number => (j < n ? text.charCodeAt(j) : -1);
  /** Index of the first character at or after j that is not the start of a backslash-newline. */
  const pastSplices = (j: number): number => {
    while (text.charCodeAt(j) === 92) {
      const d = text.charCodeAt(j + 1);
      if (d === 10) j += 2;
      else if (d === 13 && text.charCodeAt(j + 2) === 10) j += 3;
      else break;
    }
    return j;
  };
  /** Moves line bookkeeping over the newlines in [from, to). */
  const countLines = (from: number, to: number): void => {
    let k = text.indexOf('\n', from);
    while (k !== -1 && k < to) {
      line++;
      lineStart = k + 1;
      k = text.indexOf('\n', k + 1);
    }
  };
  const push = (kind: PPTokenKind, tokText: string, start: number, startLine: number, startCol: number): void => {
    const loc: SourceLoc = { file: path, line: startLine, col: startCol, offset: start };
    out.push({ kind, text: tokText, loc, hasLeadingSpace: space, atLineStart });
    atLineStart = false;
    space = false;
  };
  const spelling = (start: number, end: number, spliced: boolean): string => {
    const raw = text.slice(start, end);
    return spliced ? raw.replace(/\\\r?\n/g, '') : raw;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      atLineStart = true;
      space = false;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
      space = true;
      i++;
      continue;
    }
    const startLine = line;
    const startCol = i - lineStart + 1;
    const start = i;
    if (c === 92) {
      const j = pastSplices(i);
      if (j !== i) {
        countLines(i, j);
        i = j;
        continue;
      }
    }
    if (c === 47) {
      const j1 = pastSplices(i + 1);
      const c1 = code(j1);
      if (c1 === 42) {
        const end = text.indexOf('*/', j1 + 1);
        const stop = end === -1 ? n : end + 2;
        if (end === -1 && diags) diags.push(diagnostic('C1001', 'unterminated /* comment', spanAt({ file: path, line: startLine, col: startCol, offset: start }, 2)));
        countLines(i, stop);
        i = stop;
        space = true;
        continue;
      }
      if (c1 === 47) {
        let j = j1 + 1;
        for (;;) {
          const nl = text.indexOf('\n', j);
          if (nl === -1) {
            j = n;
            break;
          }
          let b = nl - 1;
          if (b >= 0 && text.charCodeAt(b) === 13) b--;
          if (b >= j1 && text.charCodeAt(b) === 92) {
            j = nl + 1; // a comment continued by backslash-newline
            continue;
          }
          j = nl;
          break;
        }
        countLines(i, j);
        i = j;
        space = true;
        continue;
      }
    }
    if (c < 128 ? CLASS[c] === 1 : c >= 0x80) {
      let j = i + 1;
      let spliced = false;
      for (;;) {
        const d = text.charCodeAt(j);
        if (d < 128 ? CLASS[d] !== 0 : d >= 0x80) j++;
        else if (d === 92 && pastSplices(j) !== j) {
          j = pastSplices(j);
          spliced = true;
        } else break;
      }
      const word = spelling(i, j, spliced);
      const q = code(j);
      if ((q === 34 || q === 39) && (word === 'L' || word === 'u' || word === 'U' || (word === 'u8' && q === 34))) {
        j = scanQuoted(j, q);
        literal(start, j, q, startLine, startCol);
        i = j;
        continue;
      }
      if (spliced) countLines(i, j);
      push('identifier', word, start, startLine, startCol);
      i = j;
      continue;
    }
    if (CLASS[c] === 2 || (c === 46 && CLASS[code(pastSplices(i + 1))] === 2)) {
      let j = i + 1;
      let spliced = false;
      for (;;) {
        let d = text.charCodeAt(j);
        if (d === 92 && pastSplices(j) !== j) {
          j = pastSplices(j);
          spliced = true;
          d = text.charCodeAt(j);
        }
        if (d === 101 || d === 69 || d === 112 || d === 80) {
          // e E p P may be followed by a sign
          const k = pastSplices(j + 1);
          const s = text.charCodeAt(k);
          if (s === 43 || s === 45) {
            if (k !== j + 1) spliced = true;
            j = k + 1;
          } else j++;
          continue;
        }
        if (d === 46 || (d < 128 ? CLASS[d] !== 0 : d >= 0x80)) {
          j++;
          continue;
        }
        break;
      }
      if (spliced) countLines(i, j);
      push('number', spelling(i, j, spliced), start, startLine, startCol);
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      const j = scanQuoted(i, c);
      literal(start, j, c, startLine, startCol);
      i = j;
      continue;
    }
    // punctuators, longest match; splices between their characters are allowed
    const j1 = pastSplices(i + 1);
    const c1 = code(j1);
    let len = 1; // characters taken (not counting splices)
    let tok = '';
    switch (c) {
      case 91: tok = '['; break;
      case 93: tok = ']'; break;
      case 40: tok = '('; break;
      case 41: tok = ')'; break;
      case 123: tok = '{'; break;
      case 125: tok = '}'; break;
      case 126: tok = '~'; break;
      case 63: tok = '?'; break;
      case 59: tok = ';'; break;
      case 44: tok = ','; break;
      case 46:
        if (c1 === 46 && code(pastSplices(j1 + 1)) === 46) [tok, len] = ['...', 3];
        else tok = '.';
        break;
      case 45:
        if (c1 === 62) [tok, len] = ['->', 2];
        else if (c1 === 45) [tok, len] = ['--', 2];
        else if (c1 === 61) [tok, len] = ['-=', 2];
        else tok = '-';
        break;
      case 43:
        if (c1 === 43) [tok, len] = ['++', 2];
        else if (c1 === 61) [tok, len] = ['+=', 2];
        else tok = '+';
        break;
      case 38:
        if (c1 === 38) [tok, len] = ['&&', 2];
        else if (c1 === 61) [tok, len] = ['&=', 2];
        else tok = '&';
        break;
      case 124:
        if (c1 === 124) [tok, len] = ['||', 2];
        else if (c1 === 61) [tok, len] = ['|=', 2];
        else tok = '|';
        break;
      case 42: [tok, len] = c1 === 61 ? ['*=', 2] : ['*', 1]; break;
      case 47: [tok, len] = c1 === 61 ? ['/=', 2] : ['/', 1]; break;
      case 94: [tok, len] = c1 === 61 ? ['^=', 2] : ['^', 1]; break;
      case 33: [tok, len] = c1 === 61 ? ['!=', 2] : ['!', 1]; break;
      case 61: [tok, len] = c1 === 61 ? ['==', 2] : ['=', 1]; break;
      case 58: [tok, len] = c1 === 62 ? [':>', 2] : [':', 1]; break;
      case 35: [tok, len] = c1 === 35 ? ['##', 2] : ['#', 1]; break;
      case 60:
        if (c1 === 60) [tok, len] = code(pastSplices(j1 + 1)) === 61 ? ['<<=', 3] : ['<<', 2];
        else if (c1 === 61) [tok, len] = ['<=', 2];
        else if (c1 === 58) [tok, len] = ['<:', 2];
        else if (c1 === 37) [tok, len] = ['<%', 2];
        else tok = '<';
        break;
      case 62:
        if (c1 === 62) [tok, len] = code(pastSplices(j1 + 1)) === 61 ? ['>>=', 3] : ['>>', 2];
        else if (c1 === 61) [tok, len] = ['>=', 2];
        else tok = '>';
        break;
      case 37:
        if (c1 === 61) [tok, len] = ['%=', 2];
        else if (c1 === 62) [tok, len] = ['%>', 2];
        else if (c1 === 58) {
          const j2 = pastSplices(j1 + 1);
          if (code(j2) === 37 && code(pastSplices(j2 + 1)) === 58) [tok, len] = ['%:%:', 4];
          else [tok, len] = ['%:', 2];
        } else tok = '%';
        break;
      default:
        break;
    }
    if (tok === '') {
      // a stray character (keep surrogate pairs whole)
      const w = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      push('other', text.slice(i, i + w), start, startLine, startCol);
      i += w;
      continue;
    }
    let j = i + 1;
    for (let k = 1; k < len; k++) j = pastSplices(j) + 1;
    if (j - i !== len) countLines(i, j);
    push('punctuator', tok, start, startLine, startCol);
    i = j;
  }
  return out;

  /** End index (exclusive) of the literal whose quote is at q; at the end of the line if unterminated. */
  function scanQuoted(q: number, quote: number): number {
    let j = q + 1;
    closedQuote = false;
    for (;;) {
      if (j >= n) return n;
      const d = text.charCodeAt(j);
      if (d === quote) {
        closedQuote = true;
        return j + 1;
      }
      if (d === 10) return j;
      if (d === 13 && text.charCodeAt(j + 1) === 10) return j;
      if (d === 92) {
        const e = text.charCodeAt(j + 1);
        if (e === 13 && text.charCodeAt(j + 2) === 10) j += 3;
        else j += 2;
        continue;
      }
      j++;
    }
  }

  function literal(start: number, end: number, quote: number, startLine: number, startCol: number): void {
    const raw = text.slice(start, end);
    const spliced = raw.includes('\\\n') || raw.includes('\\\r\n');
    if (spliced) countLines(start, end);
    const s = spliced ? raw.replace(/\\\r?\n/g, '') : raw;
    push(closedQuote ? (quote === 34 ? 'string' : 'char') : 'other', s, start, startLine, startCol);
  }
}

/** The include guard X of a file made of `#ifndef X` / `#define X` … `#endif` and nothing else. */
function findIncludeGuard(toks: PPToken[]): string | undefined {
  const t0 = toks[0];
  const t1 = toks[1];
  const t2 = toks[2];
  if (!t0 || !t1 || !t2 || t0.text !== '#' || t1.text !== 'ifndef' || t2.kind !== 'identifier') return undefined;
  if (toks[3] && !toks[3].atLineStart) return undefined;
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (!t.atLineStart || t.text !== '#' || t.kind !== 'punctuator') continue;
    const d = toks[i + 1];
    if (!d || d.atLineStart) continue;
    const name = d.text;
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') depth++;
    else if ((name === 'else' || name === 'elif' || name === 'elifdef' || name === 'elifndef') && depth === 1) return undefined;
    else if (name === 'endif') {
      depth--;
      if (depth === 0) {
        // the matching #endif must end the file
        let k = i + 2;
        while (k < toks.length && !toks[k]!.atLineStart) k++;
        return k === toks.length ? t2.text : undefined;
      }
    }
  }
  return undefined;
}

export { isIdentChar, isIdentStart };
