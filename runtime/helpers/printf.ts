// The format engine of bpf_trace_printk, bpf_trace_vprintk and bpf_snprintf: the kernel's
// bpf_bprintf_prepare (kernel/bpf/helpers.c) decides which formats are accepted, then bstr_printf
// (lib/vsprintf.c) formats. In: the format bytes, the raw 64-bit arguments and a fault-safe memory
// reader. Out: the formatted string (all of it; callers truncate to their buffer) or a negative errno.
//
// Accepted conversions: %% ; %d %i %u %x %X with optional l / ll (32-bit arguments without, 64-bit with);
// %c ; %s (and %ks / %us) ; %p, %px, %pK, %ps, %pS, %pB ; %pI4 %pi4 %pI6 %pi6 (the address read from
// memory, zeros when unreadable). Each may carry flags from "0+- " and a width; no precision. The
// format must be printable ASCII or white space up to its NUL. Pointer conversions print the value as
// 16 zero-padded hex digits (%ps/%pS/%pB as 0x…): the kernel hashes plain %p and resolves symbols, which
// a VM cannot reproduce. Strings are copied fault-safe (an unreadable address prints as "").

import { ERRNO } from '../context/index.js';

/** MAX_BPRINTF_BIN_ARGS: room for the copied arguments of one call */
export const MAX_BPRINTF_BIN_ARGS = 512;
/** MAX_BPRINTF_BUF: bpf_trace_printk's output buffer */
export const MAX_BPRINTF_BUF = 1024;
/** MAX_BPRINTF_VARARGS: arguments of bpf_snprintf / bpf_trace_vprintk */
export const MAX_BPRINTF_VARARGS = 12;

export interface MemReader {
  /** `len` bytes at `addr`, or undefined when any of them is unreadable */
  read(addr: bigint, len: number): Uint8Array | undefined;
}

const isPrint = (c: number): boolean => c >= 0x20 && c < 0x7f;
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isPunct = (c: number): boolean => isPrint(c) && !isSpace(c) && !/[0-9A-Za-z]/.test(String.fromCharCode(c));
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

interface Spec {
  left: boolean;
  zero: boolean;
  plus: boolean;
  space: boolean;
  width: number;
}

/**
 * Formats `fmt` (bytes up to the first NUL, which must exist within the bytes given) with `args`.
 * Returns the text or a negative errno (-EINVAL for a rejected format, -ENOSPC when copied arguments
 * exceed MAX_BPRINTF_BIN_ARGS).
 */
export function bprintf(fmtBytes: Uint8Array, args: readonly bigint[], mem: MemReader): string | number {
  const nul = fmtBytes.indexOf(0);
  if (nul < 0) return -ERRNO.EINVAL;
  const f = fmtBytes.subarray(0, nul);
  const at = (i: number): number => (i < f.length ? f[i]! : 0);
  let out = '';
  let nspec = 0;
  let binUsed = 0;
  const useBin = (n: number, align: boolean): boolean => {
    if (align) binUsed = (binUsed + 3) & ~3;
    if (MAX_BPRINTF_BIN_ARGS - binUsed < n) return false;
    binUsed += n;
    return true;
  };
  for (let i = 0; i < f.length; i++) {
    const ch = f[i]!;
    if ((!isPrint(ch) && !isSpace(ch)) || ch > 0x7f) return -ERRNO.EINVAL;
    if (ch !== 0x25) {
      out += String.fromCharCode(ch);
      continue;
    }
    if (at(i + 1) === 0x25) {
      out += '%';
      i++;
      continue;
    }
    if (nspec >= args.length) return -ERRNO.EINVAL;
    const arg = BigInt.asUintN(64, args[nspec]!);
    i++;
    const spec: Spec = { left: false, zero: false, plus: false, space: false, width: 0 };
    for (;;) {
      const c = at(i);
      if (c === 0x30) spec.zero = true;
      else if (c === 0x2b) spec.plus = true;
      else if (c === 0x2d) spec.left = true;
      else if (c === 0x20) spec.space = true;
      else break;
      i++;
    }
    if (at(i) >= 0x31 && at(i) <= 0x39) {
      while (isDigit(at(i))) spec.width = spec.width * 10 + (at(i++) - 0x30);
    }
    const c = at(i);
    if (c === 0x70 /* p */) {
      const n = at(i + 1);
      if (n === 0 || isSpace(n) || isPunct(n)) {
        if (!useBin(8, true)) return -ERRNO.ENOSPC;
        out += pad(hex16(arg), spec);
      } else if ((n === 0x6b || n === 0x75) && at(i + 2) === 0x73 /* ks us */) {
        i += 2;
        const s = str(i);
        if (typeof s === 'number') return s;
        out += pad(s, spec);
      } else if (n === 0x4b || n === 0x78 /* K x */) {
        i++;
        if (!useBin(8, true)) return -ERRNO.ENOSPC;
        out += pad(hex16(arg), spec);
      } else if (n === 0x73 || n === 0x53 || n === 0x42 /* s S B */) {
        i++;
        if (!useBin(8, true)) return -ERRNO.ENOSPC;
        out += pad(`0x${arg.toString(16)}`, spec);
      } else if ((n === 0x69 || n === 0x49) && (at(i + 2) === 0x34 || at(i + 2) === 0x36)) {
        i += 2;
        const v6 = at(i) === 0x36;
        const len = v6 ? 16 : 4;
        if (MAX_BPRINTF_BIN_ARGS - binUsed < len) return -ERRNO.ENOSPC;
        const ip = mem.read(arg, len) ?? new Uint8Array(len);
        const text = formatIp(ip, n === 0x49, v6);
        binUsed += text.length + 1;
        out += pad(text, spec);
      } else {
        return -ERRNO.EINVAL;
      }
      nspec++;
      continue;
    }
    if (c === 0x73 /* s */) {
      const s = str(i);
      if (typeof s === 'number') return s;
      out += pad(s, spec);
      nspec++;
      continue;
    }
    if (c === 0x63 /* c */) {
      if (binUsed >= MAX_BPRINTF_BIN_ARGS) return -ERRNO.ENOSPC;
      binUsed++;
      out += pad(String.fromCharCode(Number(arg & 0xffn)), spec);
      nspec++;
      continue;
    }
    let size = 4;
    if (at(i) === 0x6c) {
      size = 8;
      i++;
    }
    if (at(i) === 0x6c) i++;
    const conv = at(i);
    if (conv !== 0x69 && conv !== 0x64 && conv !== 0x75 && conv !== 0x78 && conv !== 0x58) return -ERRNO.EINVAL;
    if (!useBin(size, true)) return -ERRNO.ENOSPC;
    const v = size === 4 ? arg & 0xffffffffn : arg;
    out += number(v, size, conv, spec);
    nspec++;

    // %s / %ks / %us at f[i]: validates the next character and copies the string
    function str(pos: number): string | number {
      const next = at(pos + 1);
      if (next !== 0 && !isSpace(next) && !isPunct(next)) return -ERRNO.EINVAL;
      if (binUsed >= MAX_BPRINTF_BIN_ARGS) return -ERRNO.ENOSPC;
      const room = MAX_BPRINTF_BIN_ARGS - binUsed;
      let s = '';
      let ok = true;
      for (let k = 0; k < room; k++) {
        const b = mem.read(arg + BigInt(k), 1);
        if (b === undefined) {
          ok = false;
          break;
        }
        if (b[0] === 0 || k === room - 1) break;
        s += String.fromCharCode(b[0]!);
      }
      if (!ok) s = '';
      binUsed += s.length + 1;
      return s;
    }
  }
  return out;
}

function hex16(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

function pad(s: string, spec: Spec): string {
  if (s.length >= spec.width) return s;
  return spec.left ? s.padEnd(spec.width, ' ') : s.padStart(spec.width, ' ');
}

/** vsprintf's number(): sign, zero padding and width for %d %i %u %x %X. */
function number(v: bigint, size: number, conv: number, spec: Spec): string {
  let neg = false;
  let mag = v;
  if (conv === 0x64 || conv === 0x69) {
    const s = BigInt.asIntN(size * 8, v);
    neg = s < 0n;
    mag = neg ? -s : s;
  }
  let digits = conv === 0x78 ? mag.toString(16) : conv === 0x58 ? mag.toString(16).toUpperCase() : mag.toString(10);
  const signed = conv === 0x64 || conv === 0x69;
  const sign = neg ? '-' : signed && spec.plus ? '+' : signed && spec.space ? ' ' : '';
  const width = spec.width;
  if (spec.left) return (sign + digits).padEnd(width, ' ');
  if (spec.zero) {
    digits = digits.padStart(Math.max(0, width - sign.length), '0');
    return sign + digits;
  }
  return (sign + digits).padStart(width, ' ');
}

function formatIp(b: Uint8Array, upper: boolean, v6: boolean): string {
  if (!v6) return [...b].map((x) => (upper ? String(x) : String(x).padStart(3, '0'))).join('.');
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0'));
  if (!upper) return hex.join('');
  const words: string[] = [];
  for (let k = 0; k < 16; k += 2) words.push(hex[k]! + hex[k + 1]!);
  return words.join(':');
}
