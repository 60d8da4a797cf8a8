// IR value types: integers of 1/8/16/32/64 bits and pointers tagged with the provenance the kernel
// verifier tracks (include/linux/bpf.h `enum bpf_reg_type`: PTR_TO_CTX, PTR_TO_PACKET, PTR_TO_PACKET_END,
// PTR_TO_PACKET_META, PTR_TO_STACK, PTR_TO_MAP_VALUE(+PTR_MAYBE_NULL), CONST_PTR_TO_MAP, PTR_TO_MEM, …).
// Types are interned: compare them with `===`.

/** Pointer provenance, spelled after the verifier's register types. `any` = not (yet) known. */
export const PtrKind = {
  ctx: 'ctx',
  packet: 'packet',
  packet_end: 'packet_end',
  packet_meta: 'packet_meta',
  stack: 'stack',
  map_value: 'map_value',
  map_value_or_null: 'map_value_or_null',
  map: 'map',
  global: 'global',
  mem: 'mem',
  mem_or_null: 'mem_or_null',
  func: 'func',
  any: 'any',
} as const;
export type PtrKind = (typeof PtrKind)[keyof typeof PtrKind];

export type IntBits = 1 | 8 | 16 | 32 | 64;

export interface IntType {
  readonly kind: 'int';
  readonly bits: IntBits;
}
export interface PtrType {
  readonly kind: 'ptr';
  readonly to: PtrKind;
}
export interface VoidType {
  readonly kind: 'void';
}
export type Type = IntType | PtrType | VoidType;
export type ValueType = IntType | PtrType;

const mkInt = (bits: IntBits): IntType => Object.freeze({ kind: 'int', bits });
const INTS: Readonly<Record<IntBits, IntType>> = { 1: mkInt(1), 8: mkInt(8), 16: mkInt(16), 32: mkInt(32), 64: mkInt(64) };
const PTRS = Object.freeze(
  Object.fromEntries(Object.values(PtrKind).map((k) => [k, Object.freeze({ kind: 'ptr', to: k })])) as Record<
    PtrKind,
    PtrType
  >,
);
const VOID: VoidType = Object.freeze({ kind: 'void' });

/** The interned types. */
export const T = {
  i1: INTS[1],
  i8: INTS[8],
  i16: INTS[16],
  i32: INTS[32],
  i64: INTS[64],
  void: VOID,
  ptr: PTRS,
} as const;

export function intType(bits: IntBits): IntType {
  return INTS[bits];
}
export function ptrType(to: PtrKind): PtrType {
  return PTRS[to];
}

export const isInt = (t: Type): t is IntType => t.kind === 'int';
export const isPtr = (t: Type): t is PtrType => t.kind === 'ptr';

/** Width in bits of a value of this type in a register (pointers are 64-bit). */
export function bitsOf(t: ValueType): IntBits {
  return t.kind === 'int' ? t.bits : 64;
}

/** Pointer kinds the verifier treats as possibly NULL. */
export function isNullable(k: PtrKind): boolean {
  return k === 'map_value_or_null' || k === 'mem_or_null' || k === 'any';
}

/** The non-null kind a NULL check refines `k` to. */
export function nonNullKind(k: PtrKind): PtrKind {
  return k === 'map_value_or_null' ? 'map_value' : k === 'mem_or_null' ? 'mem' : k;
}

/** Kinds that may be dereferenced. */
export function isDerefable(k: PtrKind): boolean {
  return k !== 'packet_end' && k !== 'map' && k !== 'func' && k !== 'map_value_or_null' && k !== 'mem_or_null';
}

/** Kinds whose memory the kernel accepts unaligned accesses to on x86-64 (not stack, not ctx). */
export function allowsUnaligned(k: PtrKind): boolean {
  return k === 'packet' || k === 'packet_meta' || k === 'map_value' || k === 'global' || k === 'mem';
}

export function printType(t: Type): string {
  switch (t.kind) {
    case 'int':
      return `i${t.bits}`;
    case 'ptr':
      return `ptr<${t.to}>`;
    case 'void':
      return 'void';
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Mask of the low `bits` bits. */
export function maskOf(bits: IntBits): bigint {
  return (1n << BigInt(bits)) - 1n;
}

/** Normalises `v` to the unsigned representation of an integer of `bits` bits. */
export function normInt(v: bigint, bits: IntBits): bigint {
  return BigInt.asUintN(bits, v);
}

/** The signed reading of an unsigned `bits`-bit value. */
export function signedOf(v: bigint, bits: IntBits): bigint {
  return bits === 1 ? v & 1n : BigInt.asIntN(bits, v);
}
