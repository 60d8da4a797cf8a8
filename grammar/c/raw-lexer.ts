// A lexer for already-preprocessed C text (e.g. `clang -E` output or test snippets without directives):
// C11 §6.4 tokens with their spelling locations. Line markers (`# 12 "file.h" 1`, `#line 12 "file.h"`)
// update the location; `#pragma X` lines become 'pragma' tokens with text "X"; any other directive line
// becomes one 'other' token (the parser reports it). In: text + file name; out: SourceToken[].
import type { SourceToken } from './token-stream.js';

const PUNCT3 = new Set(['...', '<<=', '>>=']);
const PUNCT2 = new Set(['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=',
  '-=', '&=', '^=', '|=', '##', '<:', ':>', '<%', '%>', '%:']);
const PUNCT1 = new Set('[](){}.&*+-~!/%<>^|?:;=,#'.split(''));

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Lexes preprocessed C text into source tokens (never throws; unknown characters become 'other'). */
export function lexPreprocessed(text: string, file = '<input>'): SourceToken[] {
  const out: SourceToken[] = [];
  let file_ = file;
  let i = 0;
  let line = 1;
  let lineStart = 0; // offset of the current line's first character
  let lineDelta = 0; // presumed line minus physical line (changed by line markers)
  let atLineStart = true;
  const n = text.length;
  const loc = (at: number) => ({ file: file_, line: line + lineDelta, col: at - lineStart + 1, offset: at });
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
    atLineStart = true;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      newline(i);
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 92 && text.charCodeAt(i + 1) === 10) { // backslash-newline
      i++;
      newline(i);
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) { // line comment
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) { // block comment
      i += 2;
      while (i < n && !(text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47)) {
        if (text.charCodeAt(i) === 10) {
          newline(i);
          atLineStart = false;
        }
        i++;
      }
      i = Math.min(n, i + 2);
      continue;
    }
    if (c === 35 && atLineStart) { // directive line
      let end = i;
      while (end < n && text.charCodeAt(end) !== 10) end++;
      const body = text.slice(i + 1, end).trim();
      const marker = /^(?:line\s+)?(\d+)(?:\s+"((?:[^"\\]|\\.)*)")?/.exec(body);
      if (marker) {
        // the line after the marker has the given number
        lineDelta = Number(marker[1]) - (line + 1);
        if (marker[2] !== undefined) file_ = marker[2].replace(/\\(.)/g, '$1');
      } else if (/^pragma\b/.test(body)) {
        out.push({ kind: 'pragma', text: body.slice(6).trim(), loc: loc(i) });
      } else if (body !== '') {
        out.push({ kind: 'other', text: '#' + body, loc: loc(i) });
      }
      i = end;
      continue;
    }
    atLineStart = false;
    const start = i;
    if (isIdStart(c)) {
      while (i < n && isIdChar(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      const q = text.charCodeAt(i);
      if ((q === 39 || q === 34) && (word === 'L' || word === 'u' || word === 'U' || word === 'u8')) {
        i = quoted(text, i, q);
        out.push({ kind: q === 39 ? 'char' : 'string', text: text.slice(start, i), loc: loc(start) });
      } else {
        out.push({ kind: 'identifier', text: word, loc: loc(start) });
      }
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d === 43 || d === 45) && /[eEpP]/.test(text[i - 1])) i++;
        else if (isIdChar(d) || d === 46) i++;
        else break;
      }
      out.push({ kind: 'number', text: text.slice(start, i), loc: loc(start) });
      continue;
    }
    if (c === 39 || c === 34) {
      i = quoted(text, i, c);
      out.push({ kind: c === 39 ? 'char' : 'string', text: text.slice(start, i), loc: loc(start) });
      continue;
    }
    const p3 = text.slice(i, i + 3);
    const p2 = text.slice(i, i + 2);
    const p = PUNCT3.has(p3) ? p3 : PUNCT2.has(p2) ? p2 : PUNCT1.has(text[i]) ? text[i] : undefined;
    if (p !== undefined) {
      out.push({ kind: 'punctuator', text: p, loc: loc(start) });
      i += p.length;
      continue;
    }
    out.push({ kind: 'other', text: text[i], loc: loc(start) });
    i++;
  }
  return out;
}

/** End offset of the quoted literal starting at `i` (stops at the closing quote or the end of the line). */
function quoted(text: string, i: number, q: number): number {
  i++;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === q) return i + 1;
    if (c === 10) return i;
    if (c === 92 && i + 1 < text.length && text.charCodeAt(i + 1) !== 10) i += 2;
    else i++;
  }
  return i;
}
