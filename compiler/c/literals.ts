// Decoding of C constants and string literals (C11 §6.4.4, §6.4.5): integer constants (with the GNU
// 0b prefix), floating constants (decimal and hexadecimal), character constants and string literals
// with all escape sequences (plus GNU `\e`). In: the token text; out: values, or a problem to report.
// Types are not assigned here (semantic analysis does that from value, base and suffix).
import type { CharPrefix } from './ast.js';

/** A problem found while decoding; `offset` is the character offset in the token text. */
export interface LiteralProblem {
  severity: 'error' | 'warning';
  message: string;
  offset: number;
}

export interface DecodedInteger {
  value: bigint;
  base: 2 | 8 | 10 | 16;
  unsigned: boolean;
  longs: 0 | 1 | 2;
}

const SUFFIXES: ReadonlyMap<string, { unsigned: boolean; longs: 0 | 1 | 2 }> = new Map([
  ['', { unsigned: false, longs: 0 }],
  ['u', { unsigned: true, longs: 0 }],
  ['l', { unsigned: false, longs: 1 }],
  ['ul', { unsigned: true, longs: 1 }],
  ['lu', { unsigned: true, longs: 1 }],
  ['ll', { unsigned: false, longs: 2 }],
  ['ull', { unsigned: true, longs: 2 }],
  ['llu', { unsigned: true, longs: 2 }],
]);

/** Decodes an integer constant, or says what is wrong with it. */
export function decodeInteger(text: string): DecodedInteger | LiteralProblem {
  let base: 2 | 8 | 10 | 16 = 10;
  let i = 0;
  if (/^0[xX]/.test(text)) {
    base = 16;
    i = 2;
  } else if (/^0[bB]/.test(text)) {
    base = 2;
    i = 2;
  } else if (text.startsWith('0')) {
    base = 8;
  }
  const digitRe = base === 16 ? /[0-9a-fA-F]/ : /[0-9]/;
  const start = i;
  while (i < text.length && digitRe.test(text[i])) i++;
  const digits = text.slice(start, i);
  const suffix = text.slice(i);
  const kind = SUFFIXES.get(suffix.toLowerCase());
  // `lL` and `Ll` are not valid suffixes: the two l's must have the same case
  const mixedLong = /lL|Ll/.test(suffix);
  if (digits === '' && base !== 8) {
    return { severity: 'error', message: `invalid suffix '${text.slice(1)}' on integer constant`, offset: 1 };
  }
  if (kind === undefined || mixedLong) {
    return { severity: 'error', message: `invalid suffix '${suffix}' on integer constant`, offset: i };
  }
  if (base === 8) {
    const bad = /[89]/.exec(digits);
    if (bad) return { severity: 'error', message: `invalid digit '${bad[0]}' in octal constant`, offset: bad.index };
  }
  if (base === 2) {
    const bad = /[2-9]/.exec(digits);
    if (bad) return { severity: 'error', message: `invalid digit '${bad[0]}' in binary constant`,
      offset: start + bad.index };
  }
  const value =
    base === 10 ? BigInt(digits) : base === 16 ? BigInt('0x' + digits) : base === 2 ? BigInt('0b' + digits) : BigInt('0o' + (digits || '0'));
  return { value, base, ...kind };
}

export interface DecodedFloat {
  value: number;
  suffix: '' | 'f' | 'l';
}

/** Decodes a floating constant (decimal `1.5e3f`, hexadecimal `0x1.8p3`). */
export function decodeFloat(text: string): DecodedFloat | LiteralProblem {
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?([a-zA-Z]*)$/.exec(text);
  const dec = /^([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?([a-zA-Z]*)$/.exec(text);
  const m = hex ?? dec;
  const bad = (message: string): LiteralProblem => ({ severity: 'error', message, offset: 0 });
  if (!m) return bad(`invalid floating constant '${text}'`);
  const [, whole = '', frac = '', exp, suffixText = ''] = m;
  if (whole === '' && frac === '') return bad(`invalid floating constant '${text}'`);
  if (!hex && exp === undefined && /^[eE]/.test(suffixText)) return bad('exponent has no digits');
  const suffix = suffixText.toLowerCase();
  if (suffix !== '' && suffix !== 'f' && suffix !== 'l') {
    return { severity: 'error', message: `invalid suffix '${suffixText}' on floating constant`,
      offset: text.length - suffixText.length };
  }
  if (hex) {
    if (exp === undefined) return bad('hexadecimal floating constant requires an exponent');
    let mant = 0;
    for (const c of whole + frac) mant = mant * 16 + parseInt(c, 16);
    const value = mant * Math.pow(2, Number(exp) - 4 * frac.length);
    return { value, suffix: suffix as DecodedFloat['suffix'] };
  }
  const value = Number(`${whole || '0'}.${frac || '0'}e${exp ?? '0'}`);
  return { value, suffix: suffix as DecodedFloat['suffix'] };
}

/** The prefix of a character constant or string literal and the text after it. */
export function splitPrefix(text: string): [CharPrefix, string] {
  if (text.startsWith('u8')) return ['u8', text.slice(2)];
  const c = text[0];
  if (c === 'L' || c === 'u' || c === 'U') return [c, text.slice(1)];
  return ['', text];
}

const SIMPLE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ["'", 0x27], ['"', 0x22], ['?', 0x3f], ['\\', 0x5c], ['a', 7], ['b', 8], ['f', 12], ['n', 10], ['r', 13],
  ['t', 9], ['v', 11], ['e', 27], ['E', 27],
]);

/** Maximum code unit value for each prefix (plain/u8: byte; u: 16-bit; U/L: 32-bit). */
function unitMax(prefix: CharPrefix): number {
  return prefix === '' || prefix === 'u8' ? 0xff : prefix === 'u' ? 0xffff : 0xffffffff;
}

/** Appends code point `cp` to `out` in the encoding of `prefix`. */
function encode(cp: number, prefix: CharPrefix, out: number[]): void {
  if (prefix === 'U' || prefix === 'L') {
    out.push(cp);
  } else if (prefix === 'u') {
    if (cp < 0x10000) out.push(cp);
    else out.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
  } else if (cp < 0x80) {
    out.push(cp);
  } else if (cp < 0x800) {
    out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  } else {
    out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
}

/**
 * Decodes the body of a quoted literal (between the quotes) into code units of the prefix's encoding.
 * `base` is the offset of the body in the token text (for problem offsets).
 */
function decodeBody(body: string, prefix: CharPrefix, base: number, problems: LiteralProblem[]): number[] {
  const out: number[] = [];
  const max = unitMax(prefix);
  let i = 0;
  while (i < body.length) {
    const cp = body.codePointAt(i) ?? 0;
    if (cp !== 0x5c) {
      encode(cp, prefix, out);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const at = base + i;
    const e = body[i + 1];
    if (e === undefined) {
      problems.push({ severity: 'error', message: 'incomplete escape sequence', offset: at });
      break;
    }
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) {
      out.push(simple);
      i += 2;
    } else if (e >= '0' && e <= '7') {
      let j = i + 1;
      let v = 0;
      while (j < body.length && j < i + 4 && body[j] >= '0' && body[j] <= '7') v = v * 8 + Number(body[j++]);
      if (v > max) problems.push({ severity: 'error', message: 'octal escape sequence out of range', offset: at });
      out.push(v & max);
      i = j;
    } else if (e === 'x') {
      let j = i + 2;
      let v = 0;
      let overflow = false;
      while (j < body.length && /[0-9a-fA-F]/.test(body[j])) {
        v = v * 16 + parseInt(body[j++], 16);
        if (v > max) overflow = true;
      }
      if (j === i + 2) problems.push({ severity: 'error', message: '\\x used with no following hex digits',
        offset: at });
      else if (overflow) problems.push({ severity: 'error', message: 'hex escape sequence out of range', offset: at });
      out.push(overflow ? max : v);
      i = j;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) {
        problems.push({ severity: 'error', message: `incomplete universal character name`, offset: at });
        i += 2;
        continue;
      }
      const v = parseInt(hex, 16);
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
        problems.push({ severity: 'error', message: 'invalid universal character', offset: at });
      } else {
        encode(v, prefix, out);
      }
      i += 2 + n;
    } else {
      problems.push({ severity: 'warning', message: `unknown escape sequence '\\${e}'`, offset: at });
      encode(e.codePointAt(0) ?? 0, prefix, out);
      i += 2;
    }
  }
  return out;
}

export interface DecodedChar {
  prefix: CharPrefix;
  value: number;
}

/**
 * Decodes a character constant. `value` is the code unit, unsigned; a multi-character constant packs its
 * bytes big-endian into 32 bits (as clang does) and gets a warning.
 */
export function decodeChar(text: string, problems: LiteralProblem[]): DecodedChar {
  const [prefix, rest] = splitPrefix(text);
  const base = text.length - rest.length + 1;
  if (rest.length < 2 || !rest.endsWith("'") || rest === "'") {
    problems.push({ severity: 'error', message: "missing terminating ' character", offset: 0 });
    return { prefix, value: 0 };
  }
  const units = decodeBody(rest.slice(1, -1), prefix, base, problems);
  if (units.length === 0) {
    problems.push({ severity: 'error', message: 'empty character constant', offset: 0 });
    return { prefix, value: 0 };
  }
  if (units.length > 1) {
    if (prefix !== '') {
      problems.push({ severity: 'error', message: 'character too large for enclosing character literal type',
        offset: 0 });
      return { prefix, value: units[0] };
    }
    problems.push({ severity: 'warning', message: 'multi-character character constant', offset: 0 });
    let v = 0;
    for (const u of units) v = ((v << 8) | (u & 0xff)) >>> 0;
    return { prefix, value: v };
  }
  return { prefix, value: units[0] };
}

export interface DecodedString {
  prefix: CharPrefix;
  value: number[];
}

/**
 * Decodes and concatenates adjacent string literals (C11 §6.4.5p5: mixed prefixes take the one prefix
 * that is not plain; two different non-plain prefixes are an error). Problems carry the index of the
 * part in `partIndex`.
 */
export function decodeStrings(parts: readonly string[],
  problems: (LiteralProblem & { part: number })[]): DecodedString {
  let prefix: CharPrefix = '';
  for (let p = 0; p < parts.length; p++) {
    const [pre] = splitPrefix(parts[p]);
    if (pre === '') continue;
    if (prefix !== '' && pre !== prefix) {
      problems.push({ severity: 'error', message: 'unsupported non-standard concatenation of string literals',
        offset: 0, part: p });
    } else {
      prefix = pre;
    }
  }
  const value: number[] = [];
  for (let p = 0; p < parts.length; p++) {
    const [, rest] = splitPrefix(parts[p]);
    const base = parts[p].length - rest.length + 1;
    const local: LiteralProblem[] = [];
    if (rest.length < 2 || !rest.endsWith('"')) {
      problems.push({ severity: 'error', message: 'missing terminating " character', offset: 0, part: p });
      continue;
    }
    for (const u of decodeBody(rest.slice(1, -1), prefix, base, local)) value.push(u);
    for (const l of local) problems.push({ ...l, part: p });
  }
  return { prefix, value };
}

/** True when `r` is a problem rather than a decoded value. */
export function isProblem(r: object): r is LiteralProblem {
  return 'message' in r;
}
