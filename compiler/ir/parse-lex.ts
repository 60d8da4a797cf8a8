// Tokens of the IR text format (print.ts): %locals, @globals, numbers (decimal or 0x hex, optionally
// negative), words, strings and punctuation; `;` starts a comment to the end of the line.
import { EbpfcError } from '../../runtime/errors.js';

export interface Tok {
  k: 'id' | 'local' | 'global' | 'num' | 'str' | 'p';
  v: string;
  line: number;
  col: number;
}

const PUNCT = ['->', '(', ')', '[', ']', '{', '}', ',', ':', '=', '+', '!', '<', '>', '#'];

export function lex(text: string): Tok[] {
  const toks: Tok[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const err = (msg: string): never => {
    throw new EbpfcError('ir parse', `line ${line}: ${msg}`);
  };
  while (i < text.length) {
    const c = text[i] as string;
    const col = i - lineStart + 1;
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const rest = text.slice(i);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^%([A-Za-z0-9_.]+)/))) {
      toks.push({ k: 'local', v: m[1] as string, line, col });
    } else if ((m = rest.match(/^@([A-Za-z0-9_.$]+)/))) {
      toks.push({ k: 'global', v: m[1] as string, line, col });
    } else if ((m = rest.match(/^-?(0x[0-9a-fA-F]+|\d+)/))) {
      toks.push({ k: 'num', v: m[0], line, col });
    } else if ((m = rest.match(/^[A-Za-z_][A-Za-z0-9_.]*/))) {
      toks.push({ k: 'id', v: m[0], line, col });
    } else if ((m = rest.match(/^"(?:[^"\\]|\\.)*"/))) {
      toks.push({ k: 'str', v: JSON.parse(m[0]) as string, line, col });
    } else {
      const p = PUNCT.find((q) => rest.startsWith(q));
      if (!p) err(`unexpected character '${c}'`);
      toks.push({ k: 'p', v: p as string, line, col });
      m = [p as string];
    }
    i += (m as RegExpMatchArray)[0].length;
  }
  return toks;
}

