// Statement parser for LLVM's BPF assembly syntax (what llvm-objdump prints and llvm-mc reads), plus the
// extensions our disassembler prints where LLVM's text is lossy. In: the tokens of one statement. Out: a
// ParsedStmt (slots, and a label or symbol still to resolve).
//
//   stmt   := 'exit' | 'call' callee | 'callx' reg | ('goto' | 'gotol') target
//           | 'if' reg cmp (reg | int) 'goto' target
//           | 'lock' mem ('+=' | '|=' | '&=' | '^=') reg
//           | 'ld_pseudo' reg ',' int ',' int [',' int]
//           | mem '=' (reg | int)
//           | reg aluop (reg | int)
//           | reg '=' rhs
//   rhs    := int64 'll' | ident [('+'|'-') int] 'll' | '-' reg | reg | int
//           | ('le'|'be'|'bswap')('16'|'32'|'64') reg | '(' ('s8'|'s16'|'s32') ')' reg
//           | '*' type ( '(' addr ')' | 'skb' '[' (int | reg [('+'|'-') int]) ']' )
//           | 'atomic_fetch_'('add'|'or'|'and'|'xor') '(' type '(' addr ')' ',' reg ')'
//           | ('xchg_64'|'xchg32_32') '(' addr ',' reg ')'
//           | ('cmpxchg_64'|'cmpxchg32_32') '(' addr ',' reg ',' reg ')'
//   callee := int | 'pc' ('+'|'-') int | 'kfunc' int [',' int] | ident
//   mem    := '*' type '(' addr ')'      type := '(' ('u8'|'u16'|'u32'|'u64'|'s8'|'s16'|'s32') '*' ')'
//   addr   := reg [('+'|'-') int]         target := ('+'|'-') int | ident
import type { Insn } from './opcodes.js';
import type { Cursor, Tok } from './asm-lexer.js';
import { atNumber, imm64Slots, readInt, readInt64, type ParsedStmt, type PendingTarget } from './asm-common.js';
import { insnOf } from './build.js';
import { ALU_SYMBOL, JMP_SYMBOL } from './disasm.js';

interface Reg {
  n: number;
  w: boolean;
  col: number;
}

const ALU_BY_SYMBOL = new Map(Object.entries(ALU_SYMBOL).map(([op, sym]) => [sym, op]));
const JMP_BY_SYMBOL = new Map(Object.entries(JMP_SYMBOL).map(([op, sym]) => [sym, op]));
const ATOMIC_BY_SYMBOL = new Map([['+=', 'add'], ['|=', 'or'], ['&=', 'and'], ['^=', 'xor']]);
const SIZE_OF: Readonly<Record<string, [number, boolean]>> = Object.freeze({
  u8: [1, false], u16: [2, false], u32: [4, false], u64: [8, false], s8: [1, true], s16: [2, true], s32: [4, true],
});
const SFX: Readonly<Record<number, string>> = Object.freeze({ 1: 'b', 2: 'h', 4: 'w', 8: 'dw' });

const isRegText = (t: Tok | undefined): boolean => t?.kind === 'ident' && /^[rw]\d+$/.test(t.text);

function reg(c: Cursor): Reg {
  const t = c.next('a register');
  const m = /^([rw])(\d+)$/.exec(t.text);
  if (t.kind !== 'ident' || m === null) throw c.error(`expected a register, found '${t.text}'`, t.col);
  const n = Number(m[2]);
  if (n > 10) throw c.error(`invalid register '${t.text}' (r0..r10)`, t.col);
  return { n, w: m[1] === 'w', col: t.col };
}

function reg64(c: Cursor, what = 'a 64-bit register'): Reg {
  const r = reg(c);
  if (r.w) throw c.error(`expected ${what}, found 'w${r.n}'`, r.col);
  return r;
}

function sameWidth(c: Cursor, a: Reg, b: Reg): void {
  if (a.w !== b.w) throw c.error(`register widths differ: '${a.w ? 'w' : 'r'}${a.n}' and '${b.w ? 'w' : 'r'}${b.n}'`, b.col);
}

function type(c: Cursor): [number, boolean] {
  c.expect('(');
  const t = c.next('a type');
  const s = SIZE_OF[t.text];
  if (s === undefined) throw c.error(`expected u8, u16, u32, u64, s8, s16 or s32, found '${t.text}'`, t.col);
  c.expect('*');
  c.expect(')');
  return s;
}

/** reg [('+'|'-') int], without parentheses. */
function addr(c: Cursor): [number, number] {
  const r = reg64(c, 'a 64-bit base register');
  let off = 0;
  if (c.peek()?.text === '+' || c.peek()?.text === '-') off = readInt(c, 16, 'an offset');
  return [r.n, off];
}

function parenAddr(c: Cursor): [number, number] {
  c.expect('(');
  const a = addr(c);
  c.expect(')');
  return a;
}

function target(c: Cursor, field: 'off' | 'imm', kind: 'jump' | 'call'): [number, PendingTarget | undefined] {
  const t = c.peek();
  if (t?.kind === 'ident') {
    c.next('a target');
    return [0, { name: t.text, field, kind, col: t.col }];
  }
  if (t?.text !== '+' && t?.text !== '-') throw c.error(`expected a label or a signed displacement, found ${t ? `'${t.text}'` : 'end of line'}`);
  return [readInt(c, field === 'off' ? 16 : 32, 'a displacement'), undefined];
}

export function parseLlvmStmt(c: Cursor): ParsedStmt {
  const t = c.peek()!;
  let st: ParsedStmt;
  switch (t.text) {
    case 'exit':
      c.next('exit');
      st = { insns: [insnOf('exit')] };
      break;
    case 'call':
      c.next('call');
      st = parseCall(c);
      break;
    case 'callx':
      c.next('callx');
      st = { insns: [insnOf('callx', { dst: reg64(c).n })] };
      break;
    case 'goto':
    case 'gotol': {
      c.next(t.text);
      const long = t.text === 'gotol';
      const [rel, pending] = target(c, long ? 'imm' : 'off', 'jump');
      st = { insns: [long ? insnOf('ja32', { imm: rel }) : insnOf('ja', { off: rel })], target: pending };
      break;
    }
    case 'if':
      c.next('if');
      st = parseIf(c);
      break;
    case 'lock': {
      c.next('lock');
      c.expect('*');
      const [size] = type(c);
      const [dst, off] = parenAddr(c);
      const opTok = c.next('an atomic operator');
      const op = ATOMIC_BY_SYMBOL.get(opTok.text);
      if (op === undefined) throw c.error(`expected +=, |=, &= or ^=, found '${opTok.text}'`, opTok.col);
      const src = reg(c);
      st = { insns: [atomicInsn(c, size, op, false, dst, src.n, off, t.col)] };
      break;
    }
    case 'ld_pseudo': {
      c.next('ld_pseudo');
      const d = reg64(c);
      c.expect(',');
      const srcCol = c.col();
      const src = readInt(c, 32, 'a pseudo kind');
      if (src < 1 || src > 6) throw c.error(`ld_pseudo kind ${src} is not 1..6`, srcCol);
      c.expect(',');
      const lo = readInt(c, 32, 'an immediate', true);
      const hi = c.eat(',') ? readInt(c, 32, 'an immediate', true) : 0;
      st = { insns: [{ code: 0x18, dst: d.n, src, off: 0, imm: lo }, { code: 0, dst: 0, src: 0, off: 0, imm: hi }] };
      break;
    }
    case '*': {
      c.next('*');
      const [size, signed] = type(c);
      if (signed) throw c.error('stores take an unsigned type', t.col);
      const [dst, off] = parenAddr(c);
      c.expect('=');
      if (isRegText(c.peek())) {
        const src = reg(c);
        if (src.w && size === 8) throw c.error(`a 64-bit store needs an r register`, src.col);
        st = { insns: [insnOf(`stx${SFX[size]}`, { dst, src: src.n, off })] };
      } else {
        st = { insns: [insnOf(`st${SFX[size]}`, { dst, off, imm: readInt(c, 32, 'an immediate') })] };
      }
      break;
    }
    default:
      if (!isRegText(t)) throw c.error(`unknown instruction '${t.text}'`, t.col);
      st = parseAssign(c);
  }
  c.expectEnd();
  return st;
}

function parseCall(c: Cursor): ParsedStmt {
  const t = c.peek();
  if (t?.text === 'pc' && (c.peek(1)?.text === '+' || c.peek(1)?.text === '-')) {
    c.next('pc');
    return { insns: [insnOf('call_local', { imm: readInt(c, 32, 'a displacement') })] };
  }
  if (t?.text === 'kfunc' && atNumberAt(c, 1)) {
    c.next('kfunc');
    const imm = readInt(c, 32, 'a BTF id');
    const off = c.eat(',') ? readInt(c, 16, 'an fd_array index') : 0;
    return { insns: [insnOf('call_kfunc', { imm, off })] };
  }
  if (t?.kind === 'ident') {
    c.next('a function');
    // a label of this text becomes a local call; anything else a relocation request
    return { insns: [insnOf('call_local', { imm: -1 })], target: { name: t.text, field: 'imm', kind: 'call', col: t.col } };
  }
  return { insns: [insnOf('call', { imm: readInt(c, 32, 'a helper id') })] };
}

function atNumberAt(c: Cursor, k: number): boolean {
  const t = c.peek(k);
  return t?.kind === 'num' || ((t?.text === '-' || t?.text === '+') && c.peek(k + 1)?.kind === 'num');
}

function parseIf(c: Cursor): ParsedStmt {
  const d = reg(c);
  const opTok = c.next('a comparison');
  const op = JMP_BY_SYMBOL.get(opTok.text);
  if (op === undefined) throw c.error(`expected a comparison (==, !=, >, s<, &, ...), found '${opTok.text}'`, opTok.col);
  const sfx = d.w ? '32' : '';
  let insn: Insn;
  if (isRegText(c.peek())) {
    const s = reg(c);
    sameWidth(c, d, s);
    insn = insnOf(`${op}${sfx}_reg`, { dst: d.n, src: s.n });
  } else {
    insn = insnOf(`${op}${sfx}_imm`, { dst: d.n, imm: readInt(c, 32, 'an immediate') });
  }
  c.expect('goto');
  const [rel, pending] = target(c, 'off', 'jump');
  insn.off = rel;
  return { insns: [insn], target: pending };
}

function atomicInsn(c: Cursor, size: number, op: string, fetch: boolean, dst: number, src: number, off: number, col: number): Insn {
  if (size !== 4 && size !== 8) throw c.error(`atomic operations take u32 or u64, not a ${size}-byte type`, col);
  const w = size === 4 ? '32' : '';
  const name = op === 'xchg' || op === 'cmpxchg' ? `lock_${op}${w}` : `lock_${fetch ? 'fetch_' : ''}${op}${w}`;
  return insnOf(name, { dst, src, off });
}

function parseAssign(c: Cursor): ParsedStmt {
  const d = reg(c);
  const opTok = c.next('an operator');
  const alu = ALU_BY_SYMBOL.get(opTok.text);
  if (alu === undefined) throw c.error(`expected an assignment operator, found '${opTok.text}'`, opTok.col);
  const sfx = d.w ? '32' : '';
  if (opTok.text !== '=') {
    if (isRegText(c.peek())) {
      const s = reg(c);
      sameWidth(c, d, s);
      return { insns: [insnOf(`${alu}${sfx}_reg`, { dst: d.n, src: s.n })] };
    }
    return { insns: [insnOf(`${alu}${sfx}_imm`, { dst: d.n, imm: readInt(c, 32, 'an immediate') })] };
  }
  const t = c.peek();
  if (t === undefined) throw c.error('expected a value after =');
  // 64-bit immediate: int64 'll'
  if (atNumber(c)) {
    const isLl = c.peek(t.text === '-' || t.text === '+' ? 2 : 1)?.text === 'll';
    if (isLl) {
      if (d.w) throw c.error(`a 64-bit immediate needs an r register`, d.col);
      const v = readInt64(c, 'an immediate');
      c.expect('ll');
      return { insns: imm64Slots(0x18, d.n, 0, v) };
    }
    return { insns: [insnOf(`mov${sfx}_imm`, { dst: d.n, imm: readInt(c, 32, 'an immediate') })] };
  }
  if (t.text === '-') {
    c.next('-');
    const s = reg(c);
    if (s.n !== d.n || s.w !== d.w) throw c.error(`negation must name the destination register again`, s.col);
    return { insns: [insnOf(d.w ? 'neg32' : 'neg', { dst: d.n })] };
  }
  if (isRegText(t)) {
    const s = reg(c);
    sameWidth(c, d, s);
    return { insns: [insnOf(`mov${sfx}_reg`, { dst: d.n, src: s.n })] };
  }
  const endian = /^(le|be|bswap)(16|32|64)$/.exec(t.text);
  if (endian !== null && isRegText(c.peek(1))) {
    c.next('a byte swap');
    const s = reg64(c);
    if (d.w || s.n !== d.n) throw c.error(`byte swaps must name the same r register on both sides`, s.col);
    return { insns: [insnOf(t.text, { dst: d.n })] };
  }
  if (t.text === '(') {
    c.next('(');
    const ty = c.next('a type');
    const bits = /^s(8|16|32)$/.exec(ty.text);
    if (bits === null) throw c.error(`expected s8, s16 or s32, found '${ty.text}'`, ty.col);
    c.expect(')');
    const s = reg(c);
    sameWidth(c, d, s);
    if (d.w && bits[1] === '32') throw c.error(`(s32) needs r registers`, ty.col);
    return { insns: [insnOf(`movsx${bits[1]}${d.w ? '32' : '64'}`, { dst: d.n, src: s.n })] };
  }
  if (t.text === '*') return parseLoad(c, d);
  if (t.kind === 'ident') return parseAssignCall(c, d, t);
  throw c.error(`unexpected '${t.text}'`, t.col);
}

function parseLoad(c: Cursor, d: Reg): ParsedStmt {
  c.next('*');
  const [size, signed] = type(c);
  if (c.peek()?.text === 'skb') {
    c.next('skb');
    if (d.n !== 0 || d.w) throw c.error(`packet loads write r0`, d.col);
    if (size === 8 || signed) throw c.error(`packet loads take u8, u16 or u32`, d.col);
    c.expect('[');
    let insn: Insn;
    if (isRegText(c.peek())) {
      const s = reg64(c);
      const imm = c.peek()?.text === '+' || c.peek()?.text === '-' ? readInt(c, 32, 'an offset') : 0;
      insn = insnOf(`ldind${SFX[size]}`, { src: s.n, imm });
    } else {
      insn = insnOf(`ldabs${SFX[size]}`, { imm: readInt(c, 32, 'an offset') });
    }
    c.expect(']');
    return { insns: [insn] };
  }
  const [src, off] = parenAddr(c);
  if (signed) {
    if (d.w) throw c.error(`sign-extending loads write an r register`, d.col);
    return { insns: [insnOf(`ldxs${SFX[size]}`, { dst: d.n, src, off })] };
  }
  if (d.w && size === 8) throw c.error(`a 64-bit load needs an r register`, d.col);
  return { insns: [insnOf(`ldx${SFX[size]}`, { dst: d.n, src, off })] };
}

function parseAssignCall(c: Cursor, d: Reg, t: Tok): ParsedStmt {
  const fetch = /^atomic_fetch_(add|or|and|xor)$/.exec(t.text);
  if (fetch !== null) {
    c.next('atomic_fetch');
    c.expect('(');
    const [size] = type(c);
    const [dst, off] = parenAddr(c);
    c.expect(',');
    const s = reg(c);
    c.expect(')');
    if (s.n !== d.n) throw c.error(`atomic_fetch_${fetch[1]} must return into its source register`, s.col);
    return { insns: [atomicInsn(c, size, fetch[1]!, true, dst, s.n, off, t.col)] };
  }
  const xchg = /^(xchg|cmpxchg)(_64|32_32)$/.exec(t.text);
  if (xchg !== null) {
    c.next(t.text);
    const size = xchg[2] === '_64' ? 8 : 4;
    c.expect('(');
    const [dst, off] = addr(c);
    c.expect(',');
    if (xchg[1] === 'cmpxchg') {
      const r0 = reg(c);
      if (r0.n !== 0 || d.n !== 0) throw c.error(`cmpxchg compares with and returns into r0`, r0.col);
      c.expect(',');
    }
    const s = reg(c);
    c.expect(')');
    if (xchg[1] === 'xchg' && s.n !== d.n) throw c.error(`xchg must return into its source register`, s.col);
    return { insns: [atomicInsn(c, size, xchg[1]!, true, dst, s.n, off, t.col)] };
  }
  // symbol reference: ident [('+'|'-') int] 'll'
  c.next('a symbol');
  if (d.w) throw c.error(`a 64-bit immediate needs an r register`, d.col);
  let addend = 0;
  if (c.peek()?.text === '+' || c.peek()?.text === '-') addend = readInt(c, 32, 'an addend');
  c.expect('ll');
  return { insns: imm64Slots(0x18, d.n, 0, 0n), symbol: { name: t.text, addend, col: t.col } };
}
