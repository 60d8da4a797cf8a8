// Struct and union layout as clang-16 computes it for the BPF target (the Itanium/GNU record layout:
// clang's ItaniumRecordLayoutBuilder without the ARM or MS bit-field rules), and the underlying type of
// enums (clang's Sema::ActOnEnumBody for C). In: a record's member declarations and attributes; out:
// RecordLayout — size, alignment and each member's byte offset, bit offset and bit-field width.
//
// Rules (sizes in bits below, converted to bytes at the end):
// - A member's alignment is its type's (a typedef's `aligned` attribute included), 1 when the member or
//   the record is `packed`, raised by an `aligned(N)`/`_Alignas` on the member.
// - A non-bit-field member goes at the first multiple of its alignment after the previous member's end;
//   a flexible array member has size 0 but its alignment counts.
// - A bit-field of type T and width w goes at the current bit position, unless (not packed) it would
//   cross a boundary of an alignof(T)-aligned unit of sizeof(T) bytes: then it moves up to the next
//   multiple of alignof(T). A zero-width bit-field rounds the position up to alignof(T). Unnamed
//   bit-fields (zero-width included) do not raise the record's alignment; named ones do (to alignof(T),
//   or 1 when packed).
// - Union members all sit at offset 0; the union's size is its largest member.
// - The record's alignment is the largest member alignment, raised by `aligned(N)` on the record; its
//   size is the end of the last member rounded up to that alignment.
import type { CType, RecordField, IntKind } from './types.js';
import { INT_INFO, alignOf, intKindOf, resolve, sizeOf } from './types.js';
import { typeToString } from './compat.js';

/** One member's place in its record. */
export interface FieldLayout {
  /** Offset in bytes of the member; for a bit-field, the byte holding its first bit. */
  offset: number;
  /** Offset in bits from the start of the record (= offset * 8 for non-bit-fields). */
  bitOffset: number;
  /** The width of a bit-field (absent for other members). */
  bitWidth?: number;
}

export interface RecordLayout {
  size: number;
  align: number;
  /** Parallel to RecordDecl.fields. */
  fields: FieldLayout[];
  /** The last member is a flexible array member (C11 §6.7.2.1p18). */
  flexible: boolean;
}

/** A problem with a member the layout cannot place (its index and what is wrong). */
export interface LayoutProblem {
  field: number;
  message: string;
}

export interface LayoutInput {
  tag: 'struct' | 'union';
  fields: readonly RecordField[];
  packed: boolean;
  alignAttr?: number;
  /** `#pragma pack(N)` in force at the definition: caps member alignment, no bit-field padding. */
  maxFieldAlign?: number;
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

/** Lays out a record whose members all have complete types (checked by the caller). */
export function layoutRecord(input: LayoutInput, problems: LayoutProblem[] = []): RecordLayout {
  const isUnion = input.tag === 'union';
  let bits = 0; // struct: end of the data so far; union: largest member
  let align = 1; // bytes
  const out: FieldLayout[] = [];
  let flexible = false;
  input.fields.forEach((f, i) => {
    const packed = input.packed || f.packed;
    const typeAlign = alignOf(f.type) ?? 1;
    const typeSize = sizeOf(f.type);
    const pack = input.maxFieldAlign !== undefined ? input.maxFieldAlign * 8 : 0; // bits
    if (f.bitWidth !== undefined) {
      const width = f.bitWidth;
      const unitBits = (typeSize ?? 1) * 8;
      const explicit = f.alignAttr !== undefined ? f.alignAttr * 8 : 0;
      let fieldAlign = Math.max(packed ? 8 : typeAlign * 8, explicit); // bits
      if (pack !== 0 && width > 0) fieldAlign = packed ? Math.min(Math.max(typeAlign * 8, explicit), pack) : Math.min(fieldAlign, pack);
      let off = isUnion ? 0 : bits;
      if (!isUnion) {
        // a zero-width bit-field rounds up to its type's alignment even when packed; #pragma pack
        // suppresses the padding that keeps a bit-field inside one storage unit
        if (width === 0) off = alignUp(off, Math.max(typeAlign * 8, explicit));
        else if (!packed && pack === 0 && (off % fieldAlign) + width > unitBits) off = alignUp(off, fieldAlign);
        else if (explicit !== 0 && (pack === 0 || explicit <= pack)) off = alignUp(off, explicit);
      }
      if (f.name !== undefined) align = Math.max(align, fieldAlign / 8);
      else if (explicit !== 0) align = Math.max(align, explicit / 8);
      out.push({ offset: Math.floor(off / 8), bitOffset: off, bitWidth: width });
      if (isUnion) bits = Math.max(bits, alignUp(width, 8));
      else bits = off + width;
      return;
    }
    const r = resolve(f.type);
    const isFlex = r.kind === 'array' && r.length === undefined;
    if (isFlex) {
      const name = f.name ?? '';
      if (isUnion) problems.push({ field: i, message: `flexible array member '${name}' in a union is not allowed` });
      else if (i !== input.fields.length - 1) problems.push({ field: i, message: `flexible array member '${name}' with type '${typeToString(f.type)}' is not at the end of struct` });
      flexible = true;
    }
    let fieldAlign = packed ? 1 : typeAlign;
    if (f.alignAttr !== undefined) fieldAlign = Math.max(fieldAlign, f.alignAttr);
    if (input.maxFieldAlign !== undefined) fieldAlign = Math.min(fieldAlign, input.maxFieldAlign);
    const size = isFlex ? 0 : (typeSize ?? 0);
    const off = isUnion ? 0 : alignUp(alignUp(bits, 8), fieldAlign * 8);
    align = Math.max(align, fieldAlign);
    out.push({ offset: off / 8, bitOffset: off });
    bits = isUnion ? Math.max(bits, size * 8) : off + size * 8;
  });
  if (input.alignAttr !== undefined) align = Math.max(align, input.alignAttr);
  const size = alignUp(alignUp(bits, 8) / 8, align);
  return { size, align, fields: out, flexible };
}

// ---- enums ------------------------------------------------------------------------------------------

/**
 * The integer type clang gives an enum with these values (C, not C++): `unsigned int` when none is
 * negative and all fit in 32 bits, `int` when some is negative and all fit in int, otherwise the first of
 * long / unsigned long (then long long / unsigned long long) that holds them all. A `packed` enum takes
 * the smallest of char, short, int (signed when some value is negative).
 */
export function enumUnderlying(values: readonly bigint[], packed = false): IntKind {
  let negative = false;
  let posBits = 0;
  let negBits = 0;
  for (const v of values) {
    if (v < 0n) {
      negative = true;
      negBits = Math.max(negBits, bitLength(-v - 1n) + 1);
    } else {
      posBits = Math.max(posBits, bitLength(v));
    }
  }
  if (packed) {
    const need = negative ? Math.max(negBits, posBits + 1) : posBits;
    for (const [s, u] of [['signed char', 'unsigned char'], ['short', 'unsigned short'], ['int', 'unsigned int']] as const) {
      if (need <= INT_INFO[s].size * 8) return negative ? s : u;
    }
  }
  if (negative) {
    const need = Math.max(negBits, posBits + 1);
    if (need <= 32) return 'int';
    return need <= 64 ? 'long' : '__int128';
  }
  if (posBits <= 32) return 'unsigned int';
  return posBits <= 64 ? 'unsigned long' : 'unsigned __int128';
}

/**
 * The type of an enumeration constant (C11 §6.7.2.2p3; clang extension for values beyond int): `int`
 * when the value fits in int, otherwise the enum's underlying type.
 */
export function enumConstantKind(value: bigint, underlying: IntKind): IntKind {
  if (value >= -(1n << 31n) && value < 1n << 31n) return 'int';
  return underlying;
}

function bitLength(v: bigint): number {
  let n = 0;
  while (v > 0n) {
    v >>= 1n;
    n++;
  }
  return n;
}

/** Whether an integer type can be a bit-field's type (any integer or enum type; clang allows all). */
export function bitFieldTypeOk(t: CType): boolean {
  return intKindOf(t) !== undefined;
}
