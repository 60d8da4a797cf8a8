// Loads and stores of C objects. In: an LValue (location + C type, maybe a bit-field) and, for stores, an
// IR value of the object's IR type; out: IR loads/stores of the object's exact width (what the verifier
// needs for ctx fields), bit-field extraction and insertion through the storage unit of the field's run
// of bit-fields, else the narrowest aligned window of the record that holds it, else byte by byte
// (C11 §6.7.2.1, clang's little-endian layout: bit 0 is the least significant bit of the first byte),
// byte-wise access where a stack location is not aligned for the width, and compile-time reads of
// constant static data.
import { T, intType, type IntBits, type IntType, type Value, type ValueType, type Width } from '../../ir/index.js';
import type { Addr, BitField, FnLowering, LValue } from './context.js';
import { alignAt, irTypeOf, isBoolType } from './ctypes.js';

/** The address `addr` as a pointer value (ptr + offset). */
export function addrValue(fx: FnLowering, addr: Addr): Value {
  if (addr.offset === 0) return addr.ptr;
  if (addr.ptr.kind === 'globalref') return fx.b.globalRef(addr.ptr.symbol, addr.ptr.offset + addr.offset);
  return fx.b.ptradd(addr.ptr, fx.i64(addr.offset));
}

/** `addr` moved by `delta` bytes. */
export function offsetAddr(addr: Addr, delta: number, elemAlign?: number): Addr {
  const align = alignAt(addr.align, delta);
  return { ...addr, offset: addr.offset + delta, align: elemAlign === undefined ? align : Math.min(align, Math.max(elemAlign, 1)) };
}

/** Reads `width` bytes of constant static data at `addr`, if the location is foldable. */
function foldedBytes(fx: FnLowering, addr: Addr, width: number): bigint | undefined {
  if (addr.volatile || addr.ptr.kind !== 'globalref') return undefined;
  const bytes = fx.mod.foldableBySymbol.get(addr.ptr.symbol);
  if (!bytes) return undefined;
  const at = addr.ptr.offset + addr.offset;
  if (at < 0 || at + width > bytes.length) return undefined;
  let v = 0n;
  for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i] as number);
  return v;
}

/** Loads `width` bytes at `addr` zero-extended into `type` (an integer type at least as wide). */
export function loadInt(fx: FnLowering, addr: Addr, width: Width, type: IntType, signed = false): Value {
  const k = foldedBytes(fx, addr, width);
  if (k !== undefined) {
    const v = signed ? BigInt.asIntN(width * 8, k) : k;
    return fx.b.int(type, v);
  }
  if (addr.stack && addr.align < width && !addr.volatile) return loadBytes(fx, addr, width, type, signed);
  return fx.b.load(type, addr.ptr, { offset: addr.offset, width, align: addr.align, volatile: addr.volatile, signed });
}

/** Little-endian assembly of `width` single-byte loads (misaligned stack locations). */
function loadBytes(fx: FnLowering, addr: Addr, width: number, type: IntType, signed: boolean): Value {
  const wide = width > 4 ? T.i64 : T.i32;
  let acc: Value | undefined;
  for (let i = 0; i < width; i++) {
    let byte: Value = fx.b.load(wide, addr.ptr, { offset: addr.offset + i, width: 1, align: 1 });
    if (i > 0) byte = fx.b.shl(byte, fx.b.int(wide, 8 * i));
    acc = acc === undefined ? byte : fx.b.or(acc, byte);
  }
  let v = acc as Value;
  if (signed && width * 8 < wide.bits) {
    const s = fx.b.int(wide, wide.bits - width * 8);
    v = fx.b.bin('ashr', fx.b.shl(v, s), s);
  }
  return resize(fx, v, wide, type, signed);
}

function storeBytes(fx: FnLowering, addr: Addr, width: number, value: Value): void {
  const vt = value.type as IntType;
  const wide = vt.bits > 32 ? T.i64 : T.i32;
  const v = resize(fx, value, vt, wide, false);
  for (let i = 0; i < width; i++) {
    const byte = i === 0 ? v : fx.b.lshr(v, fx.b.int(wide, 8 * i));
    fx.b.store(addr.ptr, byte, { offset: addr.offset + i, width: 1, align: 1 });
  }
}

/** Zero- or sign-extends / truncates an integer value between IR types. */
export function resize(fx: FnLowering, v: Value, from: IntType, to: IntType, signed: boolean): Value {
  if (from.bits === to.bits) return v;
  if (to.bits < from.bits) return fx.b.trunc(v, to.bits);
  return signed ? fx.b.sext(v, to.bits) : fx.b.zext(v, to.bits);
}

/** Reads the scalar at `lv`. */
export function loadScalar(fx: FnLowering, lv: LValue): Value {
  const t = irTypeOf(lv.type);
  if (t === undefined) return fx.error(`a value of this type cannot be held in a register`);
  if (lv.bits) return loadBits(fx, lv.addr, lv.bits, t as IntType);
  if (t.kind === 'ptr') {
    const k = foldedBytes(fx, lv.addr, 8);
    if (k !== undefined) return k === 0n ? fx.b.null() : fx.b.inttoptr(fx.i64(k));
    if (lv.addr.stack && lv.addr.align < 8 && !lv.addr.volatile) return fx.b.inttoptr(loadBytes(fx, lv.addr, 8, T.i64, false));
    return fx.b.load(t, lv.addr.ptr, { offset: lv.addr.offset, width: 8, align: lv.addr.align, volatile: lv.addr.volatile });
  }
  const signedLoad = false;
  return loadInt(fx, lv.addr, (t.bits / 8) as Width, t, signedLoad);
}

/** Writes `v` (of the lvalue's IR type) to `lv`; returns the value the object now holds. */
export function storeScalar(fx: FnLowering, lv: LValue, v: Value): Value {
  if (lv.bits) return storeBits(fx, lv.addr, lv.bits, v);
  const vt = v.type as ValueType;
  const width = (vt.kind === 'ptr' ? 8 : vt.bits / 8) as Width;
  if (lv.addr.stack && lv.addr.align < width && !lv.addr.volatile) {
    storeBytes(fx, lv.addr, width, vt.kind === 'ptr' ? fx.b.ptrtoint(v) : v);
    return v;
  }
  fx.b.store(lv.addr.ptr, v, { offset: lv.addr.offset, width, align: lv.addr.align, volatile: lv.addr.volatile || lv.addr.ctx === true });
  return v;
}

// ---- bit-fields ------------------------------------------------------------------------------------

interface Window {
  /** Byte offset of the window from the record start, and its width. */
  start: number;
  width: Width;
}

/**
 * The window a bit-field is accessed through: its run's storage unit, else the narrowest naturally
 * aligned window of 1, 2, 4 or 8 bytes inside the record holding the field.
 */
function windowOf(bf: BitField): Window | undefined {
  if (bf.unit) return { start: bf.unit.start, width: bf.unit.width };
  const end = bf.bitOffset + bf.width;
  for (const w of [1, 2, 4, 8] as Width[]) {
    const start = Math.floor(bf.bitOffset / (8 * w)) * w;
    if (end <= (start + w) * 8 && start + w <= bf.recordSize) return { start, width: w };
  }
  return undefined;
}

/** The window's bytes as an i32 (i64 for 8-byte windows), and the shift of the field inside it. */
export function loadWindowOf(fx: FnLowering, rec: Addr, bf: BitField): { unit: Value; type: IntType; shift: number } {
  return loadWindow(fx, rec, bf);
}

function loadWindow(fx: FnLowering, rec: Addr, bf: BitField): { unit: Value; type: IntType; shift: number; win: Window } {
  const win = windowOf(bf) ?? { start: Math.floor(bf.bitOffset / 8), width: 8 as Width };
  const type = win.width === 8 ? T.i64 : T.i32;
  const at = { ...rec, offset: rec.offset + win.start, align: alignAt(rec.align, win.start) };
  const fits = windowOf(bf) !== undefined;
  const unit = fits ? loadInt(fx, at, win.width, type) : loadBytes(fx, at, Math.ceil((bf.bitOffset + bf.width) / 8) - win.start, type, false);
  return { unit, type, shift: bf.bitOffset - win.start * 8, win };
}

function maskOf(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

/** Extracts a bit-field as a value of `t` (its declared type's IR type). */
export function loadBits(fx: FnLowering, rec: Addr, bf: BitField, t: IntType): Value {
  const { unit, type, shift } = loadWindow(fx, rec, bf);
  let v: Value;
  if (bf.signed) {
    const up = type.bits - shift - bf.width;
    v = up > 0 ? fx.b.shl(unit, fx.b.int(type, up)) : unit;
    if (type.bits - bf.width > 0) v = fx.b.bin('ashr', v, fx.b.int(type, type.bits - bf.width));
  } else {
    v = shift > 0 ? fx.b.lshr(unit, fx.b.int(type, shift)) : unit;
    if (shift + bf.width < type.bits) v = fx.b.and(v, fx.b.int(type, maskOf(bf.width)));
  }
  return resize(fx, v, type, t, bf.signed);
}

/** A field no aligned window of the record holds (packed records): read-modify-write byte by byte. */
function storeBitsBytewise(fx: FnLowering, rec: Addr, bf: BitField, v: Value): void {
  const end = bf.bitOffset + bf.width;
  for (let i = Math.floor(bf.bitOffset / 8); i * 8 < end; i++) {
    const lo = Math.max(bf.bitOffset, 8 * i) - 8 * i;
    const hi = Math.min(end, 8 * i + 8) - 8 * i;
    const mask = maskOf(hi - lo) << BigInt(lo);
    const from = 8 * i + lo - bf.bitOffset; // bit of `v` landing at bit `lo` of this byte
    let part: Value = from > 0 ? fx.b.lshr(v, fx.i64(from)) : v;
    if (lo > 0) part = fx.b.shl(part, fx.i64(lo));
    part = fx.b.and(part, fx.i64(mask));
    const at = { ...rec, offset: rec.offset + i, align: 1 };
    if (mask !== 0xffn) {
      const old = loadInt(fx, { ...at, volatile: false }, 1, T.i64);
      part = fx.b.or(fx.b.and(old, fx.i64(0xffn & ~mask)), part);
    }
    fx.b.store(at.ptr, fx.b.trunc(part, 8), { offset: at.offset, width: 1, align: 1, volatile: at.volatile });
  }
}

/** Inserts `v` into a bit-field; returns the field's new value (truncated to the width, as C reads it back). */
export function storeBits(fx: FnLowering, rec: Addr, bf: BitField, v: Value): Value {
  const vt = v.type as IntType;
  const win = windowOf(bf);
  if (!win) {
    storeBitsBytewise(fx, rec, bf, resize(fx, v, vt, T.i64, false));
    return readBack(fx, v, bf);
  }
  const type = win.width === 8 ? T.i64 : T.i32;
  const at = { ...rec, offset: rec.offset + win.start, align: alignAt(rec.align, win.start) };
  const shift = bf.bitOffset - win.start * 8;
  const fieldMask = maskOf(bf.width);
  const wide = resize(fx, v, vt, type, false);
  let nv: Value;
  if (bf.width === win.width * 8) {
    nv = wide;
  } else {
    const old = loadInt(fx, { ...at, volatile: false }, win.width, type);
    const keep = fx.b.and(old, fx.b.int(type, ~(fieldMask << BigInt(shift))));
    let part: Value = fx.b.and(wide, fx.b.int(type, fieldMask));
    if (shift > 0) part = fx.b.shl(part, fx.b.int(type, shift));
    nv = fx.b.or(keep, part);
  }
  const narrow = win.width < 4 ? fx.b.trunc(nv, (win.width * 8) as IntBits) : nv;
  fx.b.store(at.ptr, narrow, { offset: at.offset, width: win.width, align: at.align, volatile: at.volatile });
  return readBack(fx, v, bf);
}

/** The value a bit-field holds after `v` is stored: its low `width` bits, sign-extended for signed fields. */
function readBack(fx: FnLowering, v: Value, bf: BitField): Value {
  const vt = v.type as IntType;
  const fieldMask = maskOf(bf.width);
  if (v.kind === 'const') {
    const raw = v.value & fieldMask;
    const back = bf.signed ? BigInt.asIntN(bf.width, raw) : raw;
    return fx.b.int(vt, back);
  }
  if (bf.width >= vt.bits) return v;
  if (bf.signed) {
    const s = fx.b.int(vt, vt.bits - bf.width);
    return fx.b.bin('ashr', fx.b.shl(v, s), s);
  }
  return fx.b.and(v, fx.b.int(vt, fieldMask));
}

