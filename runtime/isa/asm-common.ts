// Pieces shared by the two assembler syntaxes. In: a token cursor. Out: parsed statements (slots plus an
// unresolved label target or symbol reference) and range-checked numbers. Immediates: decimal must fit
// the signed field, hex may also be written as the field's unsigned bit pattern (0xffffffff = -1);
// offsets must fit a signed 16-bit field; 64-bit immediates take -2^63..2^64-1.
import type { Insn } from './opcodes.js';
import { fitSigned, type Cursor } from './asm-lexer.js';

/** A jump or call written with a label name, to patch once all labels are known. */
export interface PendingTarget {
  name: string;
  field: 'off' | 'imm';
  kind: 'jump' | 'call';
  col: number;
}

/** An ld_imm64 of a symbol (`r1 = map ll`, `lddw %r1, map`). */
export interface PendingSymbol {
  name: string;
  addend: number;
  col: number;
}

export interface ParsedStmt {
  insns: Insn[];
  target?: PendingTarget;
  symbol?: PendingSymbol;
}

/** Reads `[+|-] number` fitting `bits` signed bits (or, with `unsigned`, also a decimal up to 2^bits - 1). */
export function readInt(c: Cursor, bits: 16 | 32, what: string, unsigned = false): number {
  const col = c.col();
  let neg = false;
  if (c.eat('-')) neg = true;
  else c.eat('+');
  const t = c.next(what);
  if (t.kind !== 'num') throw c.error(`expected ${what}, found '${t.text}'`, t.col);
  const v = neg ? -t.value! : t.value!;
  const hexText = t.text.startsWith('0x') || t.text.startsWith('0X');
  const r = fitSigned(v, bits, bits === 32 && !neg, hexText || unsigned);
  if (r === undefined) {
    const shown = (neg ? '-' : '') + t.text;
    throw c.error(bits === 16 ? `offset ${shown} does not fit in 16 bits` : `immediate ${shown} does not fit in 32 bits`, col);
  }
  return r;
}

/** Reads `[-] number` for a 64-bit immediate. */
export function readInt64(c: Cursor, what: string): bigint {
  const col = c.col();
  const neg = c.eat('-');
  const t = c.next(what);
  if (t.kind !== 'num') throw c.error(`expected ${what}, found '${t.text}'`, t.col);
  const v = neg ? -t.value! : t.value!;
  if (v < -(1n << 63n) || v > (1n << 64n) - 1n) throw c.error(`immediate ${neg ? '-' : ''}${t.text} does not fit in 64 bits`, col);
  return BigInt.asUintN(64, v);
}

/** True when the next tokens start a number (optionally signed). */
export function atNumber(c: Cursor): boolean {
  const t = c.peek();
  if (t?.kind === 'num') return true;
  return (t?.text === '-' || t?.text === '+') && c.peek(1)?.kind === 'num';
}

/** ld_imm64 slots for an unsigned 64-bit value. */
export function imm64Slots(code: number, dst: number, src: number, v: bigint): Insn[] {
  return [
    { code, dst, src, off: 0, imm: Number(BigInt.asIntN(32, v & 0xffffffffn)) },
    { code: 0, dst: 0, src: 0, off: 0, imm: Number(BigInt.asIntN(32, v >> 32n)) },
  ];
}
