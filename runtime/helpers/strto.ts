// bpf_strtol / bpf_strtoul (kernel/bpf/helpers.c __bpf_strtoull, with lib/kstrtox.c's
// _parse_integer_fixup_radix and _parse_integer). In: the buffer bytes (buf_len of them, not necessarily
// NUL-terminated) and the flags (base in the low 5 bits: 0, 8, 10 or 16). Out: the number of bytes
// consumed and the value, or a negative errno.
//
//   leading white space, an optional '-', then at most 63 bytes are parsed: base 0 picks 16 for "0x"
//   followed by a hex digit, 8 for a leading '0', else 10; base 16 skips a "0x" prefix. No digit:
//   -EINVAL; u64 overflow: -ERANGE; bad base or flag bits: -EINVAL. strtol: values outside s64 give
//   -ERANGE; strtoul: a '-' gives -EINVAL.

import { ERRNO } from '../context/index.js';

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return 99;
}

interface Parsed {
  consumed: number;
  value: bigint;
  negative: boolean;
}

function strtoull(buf: Uint8Array, flags: bigint): Parsed | number {
  let base = Number(flags & 0x1fn);
  if (buf.length === 0) return -ERRNO.EINVAL;
  if (base !== 0 && base !== 8 && base !== 10 && base !== 16) return -ERRNO.EINVAL;
  if (flags & ~0x1fn) return -ERRNO.EINVAL;
  let p = 0;
  while (p < buf.length && isSpace(buf[p]!)) p++;
  const negative = p < buf.length && buf[p] === 0x2d;
  if (negative) p++;
  const consumed0 = p;
  const left = buf.length - p;
  if (left === 0) return -ERRNO.EINVAL;
  const str = new Uint8Array(64);
  str.set(buf.subarray(p, p + Math.min(left, 63)));
  // _parse_integer_fixup_radix
  let s = 0;
  const lower = (c: number): number => c | 0x20;
  if (base === 0) {
    if (str[0] === 0x30) {
      base = lower(str[1]!) === 0x78 && digitValue(str[2]!) < 16 ? 16 : 8;
    } else {
      base = 10;
    }
  }
  if (base === 16 && str[0] === 0x30 && lower(str[1]!) === 0x78) s = 2;
  // _parse_integer
  const b = BigInt(base);
  let res = 0n;
  let overflow = false;
  let n = 0;
  for (;;) {
    const d = digitValue(str[s + n]!);
    if (d >= base) break;
    if (res & (0xfn << 60n)) {
      if (res > (0xffffffffffffffffn - BigInt(d)) / b) overflow = true;
    }
    res = (res * b + BigInt(d)) & 0xffffffffffffffffn;
    n++;
  }
  if (overflow) return -ERRNO.ERANGE;
  if (n === 0) return -ERRNO.EINVAL;
  return { consumed: consumed0 + s + n, value: res, negative };
}

/** bpf_strtol: [consumed or -errno, value] (value 0 on error). */
export function strtol(buf: Uint8Array, flags: bigint): [number, bigint] {
  const r = strtoull(buf, flags);
  if (typeof r === 'number') return [r, 0n];
  if (r.negative) {
    const v = BigInt.asIntN(64, -r.value);
    if (v > 0n) return [-ERRNO.ERANGE, 0n];
    return [r.consumed, v];
  }
  if (BigInt.asIntN(64, r.value) < 0n) return [-ERRNO.ERANGE, 0n];
  return [r.consumed, r.value];
}

/** bpf_strtoul: [consumed or -errno, value]. */
export function strtoul(buf: Uint8Array, flags: bigint): [number, bigint] {
  const r = strtoull(buf, flags);
  if (typeof r === 'number') return [r, 0n];
  if (r.negative) return [-ERRNO.EINVAL, 0n];
  return [r.consumed, r.value];
}
