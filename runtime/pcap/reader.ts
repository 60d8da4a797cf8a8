// A bounds-checked little/big-endian cursor over capture file bytes: every read past the end becomes a
// PcapError naming what was being read, never a RangeError.
import { PcapError } from './types.js';

export class ByteReader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    public littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws unless [off, off+n) lies in the input. */
  need(off: number, n: number, what: string): void {
    if (off < 0 || n < 0 || off + n > this.bytes.length)
      throw new PcapError(`${what}: truncated (needs ${n} bytes at offset ${off}, ${Math.max(0, this.bytes.length - off)} left)`);
  }

  u16(off: number, what: string): number {
    this.need(off, 2, what);
    return this.view.getUint16(off, this.littleEndian);
  }
  u32(off: number, what: string): number {
    this.need(off, 4, what);
    return this.view.getUint32(off, this.littleEndian);
  }
  i32(off: number, what: string): number {
    this.need(off, 4, what);
    return this.view.getInt32(off, this.littleEndian);
  }
  u64(off: number, what: string): bigint {
    this.need(off, 8, what);
    return this.view.getBigUint64(off, this.littleEndian);
  }
  i64(off: number, what: string): bigint {
    this.need(off, 8, what);
    return this.view.getBigInt64(off, this.littleEndian);
  }
  slice(off: number, n: number, what: string): Uint8Array {
    this.need(off, n, what);
    return this.bytes.slice(off, off + n);
  }
  /** The bytes [off, off+n) as a view of the input (no copy). */
  sub(off: number, n: number, what: string): Uint8Array {
    this.need(off, n, what);
    return this.bytes.subarray(off, off + n);
  }
}

/** A growable little/big-endian writer. */
export class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;
  constructor(readonly littleEndian: boolean) {}

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.length));
    this.buf = nb;
    this.view = new DataView(nb.buffer);
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, v, this.littleEndian);
    this.length += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, this.littleEndian);
    this.length += 4;
  }
  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, v, this.littleEndian);
    this.length += 4;
  }
  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, v), this.littleEndian);
    this.length += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  pad4(): void {
    while (this.length % 4) this.bytes(new Uint8Array(1));
  }
  /** Overwrites a u32 written earlier. */
  patchU32(off: number, v: number): void {
    this.view.setUint32(off, v >>> 0, this.littleEndian);
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
