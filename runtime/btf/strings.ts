// The BTF string section: NUL-terminated UTF-8 strings addressed by byte offset, offset 0 being the empty
// string (Documentation/bpf/btf.rst §2.1 "String Encoding"). In: raw section bytes or nothing; out: a
// table that resolves offsets to strings and interns new strings (deduplicated) for the encoder.
import { BtfError } from './errors.js';

const utf8Encoder = new TextEncoder();

export class BtfStrings {
  private buf: Uint8Array;
  private len: number;
  /** string → the offset it is (first) known at */
  private readonly offsets = new Map<string, number>();
  /** offset → string, for strings read so far (decoding UTF-8 once per string) */
  private readonly byOffset = new Map<number, string>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  /** An empty table: just the leading NUL. */
  constructor() {
    this.buf = new Uint8Array(64);
    this.len = 1;
    this.offsets.set('', 0);
  }

  /**
   * A table holding exactly `bytes` (which must start and end with NUL; the decoder checks that).
   * Every string that starts right after a NUL is registered, first occurrence winning.
   */
  static fromBytes(bytes: Uint8Array): BtfStrings {
    const t = new BtfStrings();
    t.buf = new Uint8Array(Math.max(bytes.length, 1));
    t.buf.set(bytes);
    t.len = bytes.length;
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0) continue;
      if (i > start) {
        const s = t.decode(start, i);
        t.byOffset.set(start, s);
        if (!t.offsets.has(s)) t.offsets.set(s, start);
      }
      start = i + 1;
    }
    return t;
  }

  /** Size of the section in bytes. */
  get length(): number {
    return this.len;
  }

  /** The string at `offset`, or undefined when the offset is outside the table or not NUL-terminated. */
  at(offset: number): string | undefined {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.len) return undefined;
    if (offset === 0) return '';
    const known = this.byOffset.get(offset);
    if (known !== undefined) return known;
    const end = this.buf.indexOf(0, offset);
    if (end < 0 || end >= this.len) return undefined;
    const s = this.decode(offset, end);
    this.byOffset.set(offset, s);
    // remember strings referenced in the middle of another one, so re-encoding reuses the offset
    if (!this.offsets.has(s)) this.offsets.set(s, offset);
    return s;
  }

  /** The offset of `s` if it is in the table. */
  lookup(s: string): number | undefined {
    return this.offsets.get(s);
  }

  /** The offset of `s`, appending it when absent. */
  add(s: string): number {
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    if (s.includes('\0')) throw new BtfError(`string ${JSON.stringify(s)} contains a NUL byte`);
    const bytes = utf8Encoder.encode(s);
    this.reserve(this.len + bytes.length + 1);
    const off = this.len;
    this.buf.set(bytes, off);
    this.buf[off + bytes.length] = 0;
    this.len += bytes.length + 1;
    this.offsets.set(s, off);
    this.byOffset.set(off, s);
    return off;
  }

  /** A copy of the section bytes. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** An independent copy (the encoder interns into a copy so that encoding never mutates its input). */
  clone(): BtfStrings {
    const t = new BtfStrings();
    t.buf = this.buf.slice(0, Math.max(this.len, 1));
    t.len = this.len;
    for (const [s, o] of this.offsets) t.offsets.set(s, o);
    return t;
  }

  private decode(start: number, end: number): string {
    return this.decoder.decode(this.buf.subarray(start, end));
  }

  private reserve(n: number): void {
    if (n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
