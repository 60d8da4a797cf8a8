// Statement parser for the bpf_conformance suite's assembler syntax (the `-- asm` sections of
// /work/shared/conformance). In: the tokens of one statement. Out: a ParsedStmt. Error texts follow the
// suite's assembler where it has one ("Invalid mnemonic: ldxq", "Invalid register: %r50", "Invalid number
// of operands for lock", "Failed to decode register and offset: %r1").
//
//   stmt    := mnemonic [operand {',' operand}]
//            | 'lock' ['fetch'] atomic_op mem ',' reg
//            | 'call' (int | reg | ['helper'] int | 'local' target | 'runtime' int [',' int] | ident)
//   operand := reg | int | mem | target | pseudo int
//   reg     := '%r' digit+        mem := '[' reg [('+'|'-') int] ']'        target := ('+'|'-') int | ident
//   pseudo  := 'map_fd' | 'map_value' | 'btf_id' | 'func' | 'map_idx' | 'map_idx_value'   (lddw extension)
import type { Insn } from './opcodes.js';
import type { Cursor, Tok } from './asm-lexer.js';
import type { IsaError } from './errors.js';
import { imm64Slots, readInt, readInt64, type ParsedStmt, type PendingTarget } from './asm-common.js';
import { insnOf } from './build.js';
import { Form, ISA_TABLE, LD_IMM64_PSEUDO, type IsaRow } from './table.js';

/** Rows by conformance mnemonic (K and X forms share one). */
const BY_MNEMONIC: ReadonlyMap<string, readonly IsaRow[]> = (() => {
  const m = new Map<string, IsaRow[]>();
  for (const r of ISA_TABLE) {
    if (r.mnemonic === 'lock' || r.mnemonic === 'call' || r.mnemonic === 'lddw') continue;
    const list = m.get(r.mnemonic) ?? [];
    list.push(r);
    m.set(r.mnemonic, list);
  }
  return m;
})();

const PSEUDO_BY_NAME = new Map(LD_IMM64_PSEUDO.filter(([, n]) => n !== '').map(([src, n]) => [n, src]));
const ATOMIC_OPS = new Set(['add', 'or', 'and', 'xor', 'xchg', 'cmpxchg']);

function canonical(mn: string): string {
  if (BY_MNEMONIC.has(mn) || mn === 'lddw' || mn === 'call' || mn === 'lock') return mn;
  if (/^swap(16|32|64)$/.test(mn)) return `b${mn}`;
  if (mn.endsWith('64') && BY_MNEMONIC.has(mn.slice(0, -2))) return mn.slice(0, -2);
  return mn;
}

function isReg(t: Tok | undefined): boolean {
  return t?.kind === 'ident' && t.text.startsWith('%');
}

function reg(c: Cursor): number {
  const t = c.next('a register');
  const m = /^%r(\d+)$/.exec(t.text);
  if (m === null || Number(m[1]) > 10) throw c.error(`Invalid register: ${t.text}`, t.col);
  return Number(m[1]);
}

function mem(c: Cursor): [number, number] {
  const t = c.peek();
  if (t?.text !== '[') {
    throw c.error(`Failed to decode register and offset: ${t ? t.text : '(nothing)'}`, t?.col);
  }
  c.next('[');
  const r = reg(c);
  let off = 0;
  if (c.peek()?.text === '+' || c.peek()?.text === '-') off = readInt(c, 16, 'an offset');
  c.expect(']');
  return [r, off];
}

function target(c: Cursor, field: 'off' | 'imm', kind: 'jump' | 'call'): [number, PendingTarget | undefined] {
  const t = c.peek();
  if (t?.kind === 'ident' && !isReg(t)) {
    c.next('a label');
    return [0, { name: t.text, field, kind, col: t.col }];
  }
  return [readInt(c, field === 'off' ? 16 : 32, 'a jump target'), undefined];
}

/** Operand count of the statement (top-level commas + 1, or 0). */
function operandCount(c: Cursor, from: number): number {
  let n = c.toks.length > from ? 1 : 0;
  let depth = 0;
  for (let i = from; i < c.toks.length; i++) {
    const s = c.toks[i]!.text;
    if (s === '[') depth++;
    else if (s === ']') depth--;
    else if (s === ',' && depth === 0) n++;
  }
  return n;
}

export function parseConformanceStmt(c: Cursor): ParsedStmt {
  const mt = c.next('a mnemonic');
  if (mt.kind !== 'ident') throw c.error(`Invalid mnemonic: ${mt.text}`, mt.col);
  const mn = canonical(mt.text);
  let st: ParsedStmt;
  if (mn === 'lock') st = parseLock(c, mt);
  else if (mn === 'call') st = parseCall(c);
  else if (mn === 'lddw') st = parseLddw(c, mt);
  else {
    const rows = BY_MNEMONIC.get(mn);
    if (rows === undefined) throw c.error(`Invalid mnemonic: ${mt.text}`, mt.col);
    const n = operandCount(c, 1);
    const want = expectedOperands(rows[0]!);
    if (n !== want) throw c.error(`Invalid number of operands for mnemonic: ${mt.text}`, mt.col);
    st = parseOperands(c, rows);
  }
  c.expectEnd();
  return st;
}

function expectedOperands(r: IsaRow): number {
  switch (r.form) {
    case Form.exit: return 0;
    case Form.neg: case Form.endian: case Form.ja: case Form.ja32: case Form.ldAbs: return 1;
    case Form.jmpImm: case Form.jmpReg: return 3;
    default: return 2;
  }
}

function parseOperands(c: Cursor, rows: readonly IsaRow[]): ParsedStmt {
  const first = rows[0]!;
  switch (first.form) {
    case Form.exit:
      return { insns: [insnOf(first.name)] };
    case Form.neg:
    case Form.endian:
      return { insns: [insnOf(first.name, { dst: reg(c) })] };
    case Form.ja:
    case Form.ja32: {
      const field = first.form === Form.ja ? 'off' : 'imm';
      const [rel, pending] = target(c, field, 'jump');
      return { insns: [insnOf(first.name, { [field]: rel })], target: pending };
    }
    case Form.aluImm:
    case Form.aluReg:
    case Form.movsx: {
      const dst = reg(c);
      c.expect(',');
      if (isReg(c.peek())) {
        const r = rows.find((x) => x.form !== Form.aluImm)!;
        return { insns: [insnOf(r.name, { dst, src: reg(c) })] };
      }
      const r = rows.find((x) => x.form === Form.aluImm);
      if (r === undefined) throw c.error(`${first.mnemonic} takes a register source`);
      return { insns: [insnOf(r.name, { dst, imm: readInt(c, 32, 'an immediate') })] };
    }
    case Form.jmpImm:
    case Form.jmpReg: {
      const dst = reg(c);
      c.expect(',');
      let insn: Insn;
      if (isReg(c.peek())) insn = insnOf(rows.find((x) => x.form === Form.jmpReg)!.name, { dst, src: reg(c) });
      else insn = insnOf(rows.find((x) => x.form === Form.jmpImm)!.name, { dst, imm: readInt(c, 32, 'an immediate') });
      c.expect(',');
      const [rel, pending] = target(c, 'off', 'jump');
      insn.off = rel;
      return { insns: [insn], target: pending };
    }
    case Form.ldx: {
      const dst = reg(c);
      c.expect(',');
      const [src, off] = mem(c);
      return { insns: [insnOf(first.name, { dst, src, off })] };
    }
    case Form.st: {
      const [dst, off] = mem(c);
      c.expect(',');
      return { insns: [insnOf(first.name, { dst, off, imm: readInt(c, 32, 'an immediate') })] };
    }
    case Form.stx: {
      const [dst, off] = mem(c);
      c.expect(',');
      return { insns: [insnOf(first.name, { dst, off, src: reg(c) })] };
    }
    case Form.ldAbs:
      return { insns: [insnOf(first.name, { imm: readInt(c, 32, 'an offset') })] };
    case Form.ldInd: {
      const src = reg(c);
      c.expect(',');
      return { insns: [insnOf(first.name, { src, imm: readInt(c, 32, 'an offset') })] };
    }
    default:
      throw c.error(`Invalid mnemonic: ${first.mnemonic}`);
  }
}

function parseLock(c: Cursor, mt: Tok): ParsedStmt {
  const count = (): IsaError => c.error('Invalid number of operands for lock', mt.col);
  if (c.atEnd()) throw count();
  const fetch = c.eat('fetch');
  const opTok = c.next('an atomic operation');
  const m = /^([a-z]+?)(32)?$/.exec(opTok.text);
  if (m === null || !ATOMIC_OPS.has(m[1]!)) throw c.error(`Invalid mnemonic: lock ${opTok.text}`, opTok.col);
  if (c.peek()?.text !== '[') throw count();
  const [dst, off] = mem(c);
  if (!c.eat(',')) throw count();
  const src = reg(c);
  const op = m[1]!;
  const w = m[2] ?? '';
  const name = op === 'xchg' || op === 'cmpxchg' ? `lock_${op}${w}` : `lock_${fetch ? 'fetch_' : ''}${op}${w}`;
  return { insns: [insnOf(name, { dst, src, off })] };
}

function parseCall(c: Cursor): ParsedStmt {
  let t = c.peek();
  if (t?.text === 'helper') {
    c.next('helper');
    t = c.peek();
  }
  if (t === undefined) throw c.error('Invalid number of operands for mnemonic: call');
  if (isReg(t)) return { insns: [insnOf('callx', { dst: reg(c) })] };
  if (t.text === 'local') {
    c.next('local');
    const [rel, pending] = target(c, 'imm', 'call');
    return { insns: [insnOf('call_local', { imm: pending ? -1 : rel })], target: pending };
  }
  if (t.text === 'runtime') {
    c.next('runtime');
    const imm = readInt(c, 32, 'a function id');
    const off = c.eat(',') ? readInt(c, 16, 'an fd_array index') : 0;
    return { insns: [insnOf('call_kfunc', { imm, off })] };
  }
  if (t.kind === 'ident') {
    c.next('a function');
    return { insns: [insnOf('call_local', { imm: -1 })], target: { name: t.text, field: 'imm', kind: 'call', col: t.col } };
  }
  return { insns: [insnOf('call', { imm: readInt(c, 32, 'a helper id') })] };
}

function parseLddw(c: Cursor, mt: Tok): ParsedStmt {
  if (operandCount(c, 1) < 2) throw c.error(`Invalid number of operands for mnemonic: ${mt.text}`, mt.col);
  const dst = reg(c);
  c.expect(',');
  const t = c.peek();
  if (t === undefined) throw c.error(`Invalid number of operands for mnemonic: ${mt.text}`, mt.col);
  const pseudo = PSEUDO_BY_NAME.get(t.text);
  if (pseudo !== undefined && atNumberAt(c, 1)) {
    c.next(t.text);
    const lo = readInt(c, 32, 'an immediate');
    const hi = c.eat(',') ? readInt(c, 32, 'an immediate') : 0;
    return { insns: [{ code: 0x18, dst, src: pseudo, off: 0, imm: lo }, { code: 0, dst: 0, src: 0, off: 0, imm: hi }] };
  }
  if (t.kind === 'ident') {
    c.next('a symbol');
    let addend = 0;
    if (c.peek()?.text === '+' || c.peek()?.text === '-') addend = readInt(c, 32, 'an addend');
    return { insns: imm64Slots(0x18, dst, 0, 0n), symbol: { name: t.text, addend, col: t.col } };
  }
  return { insns: imm64Slots(0x18, dst, 0, readInt64(c, 'an immediate')) };
}

function atNumberAt(c: Cursor, k: number): boolean {
  const t = c.peek(k);
  return t?.kind === 'num' || ((t?.text === '-' || t?.text === '+') && c.peek(k + 1)?.kind === 'num');
}
