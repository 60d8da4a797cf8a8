// Fixed-width integer access on byte arrays in either byte order, for the ELF reader and writer.
// In: a Uint8Array and offsets the caller has already bounds-checked (an out-of-range offset here is
// an internal bug and throws InternalError). Out: numbers (u64 as bigint or as a checked safe number).
import { InternalError } from '../errors.js';

export class ByteView {
  private readonly view: DataView;
  readonly little: boolean;
  readonly length: number;

  constructor(readonly bytes: Uint8Array, little: boolean) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.little = little;
    this.length = bytes.length;
  }

  private check(off: number, n: number): void {
    if (!(off >= 0 && off + n <= this.length)) {
      throw new InternalError(`byte access [${off}, ${off + n}) outside [0, ${this.length})`);
    }
  }

  u8(off: number): number {
    this.check(off, 1);
    return this.view.getUint8(off);
  }
  u16(off: number): number {
    this.check(off, 2);
    return this.view.getUint16(off, this.little);
  }
  u32(off: number): number {
    this.check(off, 4);
    return this.view.getUint32(off, this.little);
  }
  i32(off: number): number {
    this.check(off, 4);
    return this.view.getInt32(off, this.little);
  }
  u64(off: number): bigint {
    this.check(off, 8);
    return this.view.getBigUint64(off, this.little);
  }
  i64(off: number): bigint {
    this.check(off, 8);
    return this.view.getBigInt64(off, this.little);
  }

  setU8(off: number, v: number): void {
    this.check(off, 1);
    this.view.setUint8(off, v);
  }
  setU16(off: number, v: number): void {
    this.check(off, 2);
    this.view.setUint16(off, v, this.little);
  }
  setU32(off: number, v: number): void {
    this.check(off, 4);
    this.view.setUint32(off, v >>> 0, this.little);
  }
  setU64(off: number, v: bigint | number): void {
    this.check(off, 8);
    this.view.setBigUint64(off, BigInt.asUintN(64, BigInt(v)), this.little);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A u64 as a number, or undefined when it does not fit exactly. */
export function safeNumber(v: bigint): number | undefined {
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : undefined;
}
