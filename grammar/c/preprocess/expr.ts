// #if / #elif constant expressions (C17 §6.10.1). In: the directive's tokens after macro expansion, with
// `defined` and the __has_* operators already replaced by 0/1. Out: the value as a 64-bit intmax_t or
// uintmax_t, computed the way clang computes it (usual arithmetic conversions to unsigned, wrap-around
// with an overflow warning, shifts by ≥ 64 or by negative amounts, char constants with a signed `char`
// as on the BPF target), plus diagnostics. Identifiers left after expansion count as 0. Operators that
// are not evaluated (the dead side of &&, ||, ?:) report no division by zero or overflow.
import type { DiagnosticCode } from '../../../compiler/diagnostics/index.js';
import type { PPToken } from './token.js';

export interface PPValue {
  value: bigint;
  unsigned: boolean;
}

export type ExprReport = (code: DiagnosticCode, message: string, at: PPToken | undefined) => void;

const MAX_DEPTH = 1000;
const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const S64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const INT64_MIN = -(1n << 63n);

class ExprError extends Error {}

/** A zero-width position just after `t` (where clang reports a missing token). */
export function endOf(t: PPToken): PPToken {
  const n = t.text.length;
  return { ...t, text: '', loc: { ...t.loc, col: t.loc.col + n, offset: t.loc.offset + n } };
}

/** Evaluates the expression; undefined after an error (already reported), which #if treats as false. */
export function evaluateExpression(toks: PPToken[], report: ExprReport, directive: PPToken): PPValue | undefined {
  if (toks.length === 0) {
    report('C1050', 'expected value in expression', endOf(directive));
    return undefined;
  }
  const p = new ExprParser(toks, report);
  try {
    const v = p.comma(true);
    if (p.pos < toks.length) {
      const t = toks[p.pos]!;
      p.fail(t.text === ')' ? "unexpected ')' in preprocessor expression" : 'token is not a valid binary operator in a preprocessor subexpression', t);
    }
    return v;
  } catch (e) {
    if (e instanceof ExprError) return undefined;
    throw e;
  }
}

const BINARY_PREC: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

class ExprParser {
  pos = 0;
  private depth = 0;
  constructor(private readonly toks: PPToken[], private readonly report: ExprReport) {}

  /** Reports at `at`, or just after the last token when the line ended too early (as clang does). */
  fail(msg: string, at: PPToken | undefined): never {
    this.report('C1050', msg, at ?? endOf(this.toks[this.toks.length - 1]!));
    throw new ExprError(msg);
  }

  private peekOp(): string | undefined {
    const t = this.toks[this.pos];
    return t && t.kind === 'punctuator' ? t.text : undefined;
  }

  comma(live: boolean): PPValue {
    let v = this.conditional(live);
    while (this.peekOp() === ',') {
      this.pos++;
      v = this.conditional(live);
    }
    return v;
  }

  private conditional(live: boolean): PPValue {
    const c = this.binary(1, live);
    if (this.peekOp() !== '?') return c;
    this.pos++;
    const taken = c.value !== 0n;
    const a = this.comma(live && taken);
    if (this.peekOp() !== ':') this.fail("expected ':' in preprocessor expression", this.toks[this.pos]);
    this.pos++;
    const b = this.conditional(live && !taken);
    const unsigned = a.unsigned || b.unsigned;
    const r = taken ? a : b;
    return { value: unsigned ? U64(r.value) : r.value, unsigned };
  }

  private binary(minPrec: number, live: boolean): PPValue {
    if (++this.depth > MAX_DEPTH) this.fail('preprocessor expression nested too deeply', this.toks[this.pos]);
    let lhs = this.unary(live);
    for (;;) {
      const opTok = this.toks[this.pos];
      const op = this.peekOp();
      const prec = op === undefined ? undefined : BINARY_PREC[op];
      if (prec === undefined || prec < minPrec) break;
      this.pos++;
      const rhsLive = op === '&&' ? live && lhs.value !== 0n : op === '||' ? live && lhs.value === 0n : live;
      const rhs = this.binary(prec + 1, rhsLive);
      lhs = this.apply(op!, lhs, rhs, live, opTok!);
    }
    this.depth--;
    return lhs;
  }

  private unary(live: boolean): PPValue {
    const t = this.toks[this.pos];
    if (!t) this.fail('expected value in expression', undefined);
    if (++this.depth > MAX_DEPTH) this.fail('preprocessor expression nested too deeply', t);
    this.pos++;
    let r: PPValue;
    switch (t.kind) {
      case 'number':
        r = this.number(t);
        break;
      case 'char':
        r = charValue(t.text);
        break;
      case 'identifier':
        r = { value: 0n, unsigned: false };
        break;
      case 'punctuator':
        r = this.prefix(t, live);
        break;
      case 'string':
      case 'other':
      case 'header-name':
      case 'pragma':
        this.fail(t.kind === 'string' ? 'invalid token at start of a preprocessor expression' : `invalid token '${t.text}' in preprocessor expression`, t);
        break;
      default: {
        const never: never = t.kind;
        throw new Error(`unreachable ${String(never)}`);
      }
    }
    this.depth--;
    return r;
  }

  private prefix(t: PPToken, live: boolean): PPValue {
    switch (t.text) {
      case '(': {
        const v = this.comma(live);
        if (this.peekOp() !== ')') this.fail("expected ')' in preprocessor expression", this.toks[this.pos]);
        this.pos++;
        return v;
      }
      case '+':
        return this.unary(live);
      case '-': {
        const v = this.unary(live);
        if (v.unsigned) return { value: U64(-v.value), unsigned: true };
        if (v.value === INT64_MIN && live) this.report('C1052', 'integer overflow in preprocessor expression', t);
        return { value: S64(-v.value), unsigned: false };
      }
      case '~': {
        const v = this.unary(live);
        return { value: v.unsigned ? U64(~v.value) : ~v.value, unsigned: v.unsigned };
      }
      case '!': {
        const v = this.unary(live);
        return { value: v.value === 0n ? 1n : 0n, unsigned: false };
      }
      default:
        return this.fail(t.text === ')' ? 'expected value in expression' : `invalid token '${t.text}' at start of a preprocessor expression`, t);
    }
  }

  private number(t: PPToken): PPValue {
    const r = parseIntegerLiteral(t.text);
    if (typeof r === 'string') this.fail(r, t);
    if (r.tooLarge) {
      this.report('C1053', 'integer literal is too large to be represented in any integer type', t);
      throw new ExprError('too large');
    }
    if (r.implicitUnsigned) this.report('C1054', 'integer literal is too large to be represented in a signed integer type, interpreting as unsigned', t);
    return { value: r.value, unsigned: r.unsigned };
  }

  private apply(op: string, l: PPValue, r: PPValue, live: boolean, at: PPToken): PPValue {
    const overflow = (): void => {
      if (live) this.report('C1052', 'integer overflow in preprocessor expression', at);
    };
    switch (op) {
      case '&&':
        return { value: l.value !== 0n && r.value !== 0n ? 1n : 0n, unsigned: false };
      case '||':
        return { value: l.value !== 0n || r.value !== 0n ? 1n : 0n, unsigned: false };
      case '<<': {
        const amt = U64(r.value);
        if (amt >= 64n) {
          overflow();
          return { value: 0n, unsigned: l.unsigned };
        }
        const exact = l.value << amt;
        const value = l.unsigned ? U64(exact) : S64(exact);
        if (value !== exact || (!l.unsigned && amt > 0n && (value < 0n) !== (l.value < 0n))) overflow();
        return { value, unsigned: l.unsigned };
      }
      case '>>': {
        // clang takes the amount's low 32 bits (an `unsigned`), then clamps to 63 with a warning
        let amt = U64(r.value) & 0xffffffffn;
        if (amt >= 64n) {
          overflow();
          amt = 63n;
        }
        return { value: l.value >> amt, unsigned: l.unsigned };
      }
      default:
        break;
    }
    // the usual arithmetic conversions
    const unsigned = l.unsigned || r.unsigned;
    let a = l.value;
    let b = r.value;
    if (unsigned) {
      if (live && !l.unsigned && a < 0n) this.report('C1055', `left side of operator converted from negative value to unsigned: ${a} to ${U64(a)}`, at);
      if (live && !r.unsigned && b < 0n) this.report('C1055', `right side of operator converted from negative value to unsigned: ${b} to ${U64(b)}`, at);
      a = U64(a);
      b = U64(b);
    }
    const wrap = (exact: bigint): PPValue => {
      const value = unsigned ? U64(exact) : S64(exact);
      if (!unsigned && value !== exact) overflow();
      return { value, unsigned };
    };
    const bool = (c: boolean): PPValue => ({ value: c ? 1n : 0n, unsigned: false });
    switch (op) {
      case '*': return wrap(a * b);
      case '+': return wrap(a + b);
      case '-': return wrap(a - b);
      case '/':
      case '%':
        if (b === 0n) {
          if (live) {
            this.report('C1051', op === '/' ? 'division by zero in preprocessor expression' : 'remainder by zero in preprocessor expression', at);
            throw new ExprError('division by zero');
          }
          return { value: 0n, unsigned };
        }
        if (op === '%') return { value: a % b, unsigned };
        return wrap(a / b);
      case '<': return bool(a < b);
      case '>': return bool(a > b);
      case '<=': return bool(a <= b);
      case '>=': return bool(a >= b);
      case '==': return bool(a === b);
      case '!=': return bool(a !== b);
      case '&': return { value: unsigned ? a & b : S64(a & b), unsigned };
      case '^': return { value: unsigned ? a ^ b : S64(a ^ b), unsigned };
      case '|': return { value: unsigned ? a | b : S64(a | b), unsigned };
      default:
        return this.fail(`invalid operator '${op}'`, at);
    }
  }
}

export interface IntegerLiteral {
  value: bigint;
  unsigned: boolean;
  /** A decimal literal above INT64_MAX without a U suffix (clang warns and makes it unsigned). */
  implicitUnsigned: boolean;
  tooLarge: boolean;
}

/** Parses a C integer constant (with 0x, 0b and octal forms and u/l/ll suffixes); a string is an error. */
export function parseIntegerLiteral(text: string): IntegerLiteral | string {
  const m = /^(0[xX][0-9a-fA-F]*|0[bB][01]*|[0-9]+)((?:[uU](?:ll|LL|[lL])?)|(?:(?:ll|LL|[lL])[uU]?))?$/.exec(text);
  if (!m) {
    if (/^(?:0[xX][0-9a-fA-F.]*[pP][+-]?\d|[0-9.]*[eE][+-]?\d|[0-9]*\.)/.test(text)) return 'floating point literal in preprocessor expression';
    const s = /^(0[xX][0-9a-fA-F]*|0[bB][01]*|[0-9]+)(.*)$/.exec(text);
    return s ? `invalid suffix '${s[2]}' on integer constant` : `invalid integer constant '${text}'`;
  }
  const digits = m[1]!;
  const suffix = m[2] ?? '';
  let value: bigint;
  let decimal = false;
  if (/^0[xX]/.test(digits)) {
    if (digits.length === 2) return 'hexadecimal constant requires digits';
    value = BigInt(digits);
  } else if (/^0[bB]/.test(digits)) {
    if (digits.length === 2) return 'binary constant requires digits';
    value = BigInt(digits);
  } else if (digits.length > 1 && digits.startsWith('0')) {
    const bad = /[89]/.exec(digits);
    if (bad) return `invalid digit '${bad[0]}' in octal constant`;
    value = BigInt('0o' + digits.slice(1));
  } else {
    value = BigInt(digits);
    decimal = true;
  }
  const tooLarge = value >= 1n << 64n;
  let unsigned = /[uU]/.test(suffix);
  let implicitUnsigned = false;
  if (!unsigned && value >= 1n << 63n) {
    unsigned = true;
    implicitUnsigned = decimal && !tooLarge;
  }
  return { value: tooLarge ? U64(value) : value, unsigned, implicitUnsigned, tooLarge };
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 10, t: 9, v: 11, b: 8, r: 13, f: 12, a: 7, '\\': 92, '?': 63, "'": 39, '"': 34, e: 27, E: 27,
};

/** The value of a character constant in #if: plain char is signed (BPF), u'' and U'' unsigned, L'' int. */
export function charValue(text: string): PPValue {
  const q = text.indexOf("'");
  const prefix = text.slice(0, q);
  const body = text.slice(q + 1, text.length - 1);
  const chars: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      if (prefix === '' && cp >= 0x80) for (const b of new TextEncoder().encode(String.fromCodePoint(cp))) chars.push(b);
      else chars.push(cp);
      continue;
    }
    const e = body[i + 1] ?? '';
    if (e in SIMPLE_ESCAPES) {
      chars.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (e === 'x') {
      let j = i + 2;
      while (j < body.length && /[0-9a-fA-F]/.test(body[j]!)) j++;
      chars.push(Number(BigInt.asUintN(32, BigInt('0x' + (body.slice(i + 2, j) || '0')))));
      i = j;
    } else if (/[0-7]/.test(e)) {
      let j = i + 1;
      while (j < body.length && j < i + 4 && /[0-7]/.test(body[j]!)) j++;
      chars.push(parseInt(body.slice(i + 1, j), 8));
      i = j;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      chars.push(parseInt(body.slice(i + 2, i + 2 + n), 16) || 0);
      i += 2 + n;
    } else {
      chars.push(e.charCodeAt(0) || 0);
      i += 2;
    }
  }
  if (prefix === 'u') return { value: BigInt((chars[0] ?? 0) & 0xffff), unsigned: true };
  if (prefix === 'U') return { value: BigInt((chars[0] ?? 0) >>> 0), unsigned: true };
  if (prefix === 'L') return { value: BigInt((chars[chars.length - 1] ?? 0) | 0), unsigned: false };
  if (chars.length === 1) return { value: BigInt.asIntN(8, BigInt(chars[0]! & 0xff)), unsigned: false };
  let v = 0;
  for (const c of chars) v = ((v << 8) | (c & 0xff)) | 0;
  return { value: BigInt(v), unsigned: false };
}
