// Tokens for both assembler syntaxes. In: one source line (comments already removed). Out: tokens with
// 1-based columns, and a cursor with the small helpers the statement parsers share (registers, signed
// numbers with range checks, expectations with positioned IsaErrors).
//
//   token  := ident | number | punct
//   ident  := ([A-Za-z_.$] | '%' letter) [A-Za-z0-9_.$]*   (r1, w2, %r10, LBB0_5, ll, skb, atomic_fetch_add)
//   number := '0x' hexdigit+ | digit+                 (no sign: '-' and '+' are punct)
//   punct  := 's>>=' | 's>=' | 's<=' | 's/=' | 's%=' | 's>' | 's<' | '<<=' | '>>=' | '==' | '!=' | '>='
//           | '<=' | '+=' | '-=' | '*=' | '/=' | '|=' | '&=' | '%=' | '^=' | '=' | '<' | '>' | '&' | '('
//           | ')' | '[' | ']' | '*' | ',' | ':' | '+' | '-'
import { IsaError } from './errors.js';

export type TokKind = 'ident' | 'num' | 'punct';
export interface Tok {
  kind: TokKind;
  text: string;
  col: number;
  /** Numbers only. */
  value?: bigint;
}

const PUNCT = [
  's>>=', 's>=', 's<=', 's/=', 's%=', 's>', 's<', '<<=', '>>=', '==', '!=', '>=', '<=', '+=', '-=', '*=', '/=',
  '|=', '&=', '%=', '^=', '=', '<', '>', '&', '(', ')', '[', ']', '*', ',', ':', '+', '-',
];

const isIdentStart = (c: string): boolean => /[A-Za-z_.$%]/.test(c);
const isIdentChar = (c: string): boolean => /[A-Za-z0-9_.$]/.test(c);

export function tokenize(text: string, line: number, colBase = 1): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const col = colBase + i;
    // signed operators start with the letter s: only when an operator character follows
    if (c === 's' && /[<>/%]/.test(text[i + 1] ?? '')) {
      const p = PUNCT.find((q) => q.startsWith('s') && text.startsWith(q, i));
      if (p !== undefined) {
        toks.push({ kind: 'punct', text: p, col });
        i += p.length;
        continue;
      }
    }
    if (isIdentStart(c) && (c !== '%' || /[A-Za-z]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < text.length && isIdentChar(text[j]!)) j++;
      toks.push({ kind: 'ident', text: text.slice(i, j), col });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      const hex = c === '0' && (text[j] === 'x' || text[j] === 'X');
      if (hex) j++;
      while (j < text.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(text[j]!)) j++;
      if (j < text.length && isIdentChar(text[j]!)) {
        throw new IsaError('asm', `invalid number '${text.slice(i, j + 1)}'`, { line, col });
      }
      const body = text.slice(i, j);
      if (hex && body.length === 2) throw new IsaError('asm', `invalid number '${body}'`, { line, col });
      toks.push({ kind: 'num', text: body, col, value: BigInt(body) });
      i = j;
      continue;
    }
    const p = PUNCT.find((q) => !q.startsWith('s') && text.startsWith(q, i));
    if (p === undefined) throw new IsaError('asm', `unexpected character '${c}'`, { line, col });
    toks.push({ kind: 'punct', text: p, col });
    i += p.length;
  }
  return toks;
}

/** Token cursor over one line. */
export class Cursor {
  private i = 0;
  constructor(
    readonly toks: readonly Tok[],
    readonly line: number,
    private readonly endCol: number,
  ) {}

  peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  atEnd(): boolean {
    return this.i >= this.toks.length;
  }
  col(): number {
    return this.peek()?.col ?? this.endCol;
  }
  next(what: string): Tok {
    const t = this.toks[this.i];
    if (t === undefined) throw this.error(`expected ${what}, found end of line`);
    this.i++;
    return t;
  }
  /** Consumes `text` if it is next. */
  eat(text: string): boolean {
    if (this.peek()?.text === text) {
      this.i++;
      return true;
    }
    return false;
  }
  expect(text: string): Tok {
    const t = this.peek();
    if (t?.text !== text) throw this.error(`expected '${text}', found ${describe(t)}`);
    this.i++;
    return t;
  }
  expectEnd(): void {
    const t = this.peek();
    if (t !== undefined) throw this.error(`unexpected ${describe(t)} at end of instruction`, t.col);
  }
  error(msg: string, col = this.col()): IsaError {
    return new IsaError('asm', msg, { line: this.line, col });
  }
}

export function describe(t: Tok | undefined): string {
  return t === undefined ? 'end of line' : `'${t.text}'`;
}

/** Checks a parsed value against [lo, hi] and returns it as a number wrapped to `bits` signed bits. */
export function fitSigned(v: bigint, bits: 16 | 32, allowUnsignedHex: boolean, hexText: boolean): number | undefined {
  const lo = -(1n << BigInt(bits - 1));
  const hiSigned = (1n << BigInt(bits - 1)) - 1n;
  const hiUnsigned = (1n << BigInt(bits)) - 1n;
  const hi = allowUnsignedHex && hexText ? hiUnsigned : hiSigned;
  if (v < lo || v > hi) return undefined;
  return Number(BigInt.asIntN(bits, v));
}
