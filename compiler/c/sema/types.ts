// C types as semantic analysis sees them (C11 §6.2.5, §6.7.2–6.7.6), for the BPF target (LP64,
// little-endian, `char` signed — as clang-16 -target bpf). In: nothing; out: the CType model, its
// constructors, queries (integer/arithmetic/scalar…), qualifier handling and typedef resolution.
//
// A CType is an immutable tree. Typedefs are kept as sugar (`typedef` nodes) so that printing and BTF
// generation can name `__u32`; every semantic question is asked of `resolve(t)`, which strips typedef
// layers and merges their qualifiers. Struct/union/enum types point at a shared, mutable declaration
// (RecordDecl/EnumDecl) that is completed when its body is seen (C11 §6.7.2.3).
import type { Span } from '../../diagnostics/index.js';
import type { RecordLayout } from './layout.js';
import type { TypedefSymbol } from './symbols.js';

// ---- qualifiers ------------------------------------------------------------------------------------

/** Qualifier bit set. */
export const Qual = { None: 0, Const: 1, Volatile: 2, Restrict: 4, Atomic: 8 } as const;
export type Quals = number;

export function qualsText(q: Quals): string {
  const out: string[] = [];
  if (q & Qual.Const) out.push('const');
  if (q & Qual.Volatile) out.push('volatile');
  if (q & Qual.Restrict) out.push('restrict');
  if (q & Qual.Atomic) out.push('_Atomic');
  return out.join(' ');
}

// ---- integer kinds: the BPF target's sizes, alignments and ranks --------------------------------------

export const IntKind = {
  Bool: '_Bool',
  Char: 'char',
  SChar: 'signed char',
  UChar: 'unsigned char',
  Short: 'short',
  UShort: 'unsigned short',
  Int: 'int',
  UInt: 'unsigned int',
  Long: 'long',
  ULong: 'unsigned long',
  LongLong: 'long long',
  ULongLong: 'unsigned long long',
  Int128: '__int128',
  UInt128: 'unsigned __int128',
} as const;
export type IntKind = (typeof IntKind)[keyof typeof IntKind];

export interface IntInfo {
  size: number;
  align: number;
  signed: boolean;
  /** Conversion rank (C11 §6.3.1.1): _Bool < char < short < int < long < long long < __int128. */
  rank: number;
}

/** Sizes and alignments of clang's BPF target (BPFTargetInfo: LP64, 8-byte long and pointer). */
export const INT_INFO: Readonly<Record<IntKind, IntInfo>> = {
  '_Bool': { size: 1, align: 1, signed: false, rank: 0 },
  'char': { size: 1, align: 1, signed: true, rank: 1 },
  'signed char': { size: 1, align: 1, signed: true, rank: 1 },
  'unsigned char': { size: 1, align: 1, signed: false, rank: 1 },
  'short': { size: 2, align: 2, signed: true, rank: 2 },
  'unsigned short': { size: 2, align: 2, signed: false, rank: 2 },
  'int': { size: 4, align: 4, signed: true, rank: 3 },
  'unsigned int': { size: 4, align: 4, signed: false, rank: 3 },
  'long': { size: 8, align: 8, signed: true, rank: 4 },
  'unsigned long': { size: 8, align: 8, signed: false, rank: 4 },
  'long long': { size: 8, align: 8, signed: true, rank: 5 },
  'unsigned long long': { size: 8, align: 8, signed: false, rank: 5 },
  '__int128': { size: 16, align: 16, signed: true, rank: 6 },
  'unsigned __int128': { size: 16, align: 16, signed: false, rank: 6 },
};

/** The unsigned kind of the same rank (C11 §6.3.1.8: "the unsigned integer type corresponding to…"). */
export function unsignedOf(k: IntKind): IntKind {
  switch (k) {
    case '_Bool': return '_Bool';
    case 'char': case 'signed char': case 'unsigned char': return 'unsigned char';
    case 'short': case 'unsigned short': return 'unsigned short';
    case 'int': case 'unsigned int': return 'unsigned int';
    case 'long': case 'unsigned long': return 'unsigned long';
    case 'long long': case 'unsigned long long': return 'unsigned long long';
    case '__int128': case 'unsigned __int128': return 'unsigned __int128';
    default: {
      const never: never = k;
      return never;
    }
  }
}

export type FloatKind = 'float' | 'double' | 'long double';
/** BPF: float 4, double 8, long double 8 (clang's default TargetInfo). */
export const FLOAT_SIZE: Readonly<Record<FloatKind, number>> = { 'float': 4, 'double': 8, 'long double': 8 };

export const POINTER_SIZE = 8;
/** `__attribute__((aligned))` without an argument (clang's BPF target: 16 bytes). */
export const DEFAULT_ATTRIBUTE_ALIGN = 16;

// ---- the type model ----------------------------------------------------------------------------------

interface TypeBase {
  /** Qualifiers of this type itself (for arrays: always 0, qualifiers live on the element). */
  quals: Quals;
}

export interface VoidType extends TypeBase { kind: 'void' }
export interface IntType extends TypeBase { kind: 'int'; int: IntKind }
export interface FloatType extends TypeBase { kind: 'float'; float: FloatKind }
export interface PointerType extends TypeBase { kind: 'pointer'; pointee: CType }

/** `T[N]`; `length` undefined for an incomplete array (`T[]`); `vla` for a variable length array. */
export interface ArrayType extends TypeBase {
  kind: 'array';
  element: CType;
  length?: number;
  vla?: boolean;
  /** Qualifiers written inside the brackets of a parameter (`int a[const 4]`): the adjusted pointer's. */
  paramQuals?: Quals;
}

export interface ParamType {
  name?: string;
  type: CType;
}

/** A function type; `prototype` false for `T f()` (no parameter information, C11 §6.7.6.3p14). */
export interface FunctionType extends TypeBase {
  kind: 'function';
  returns: CType;
  params: ParamType[];
  variadic: boolean;
  prototype: boolean;
}

export interface RecordType extends TypeBase { kind: 'record'; decl: RecordDecl }
export interface EnumType extends TypeBase { kind: 'enum'; decl: EnumDecl }
/** A typedef name used as a type: sugar over `decl.type`. */
export interface TypedefType extends TypeBase { kind: 'typedef'; decl: TypedefSymbol }

export type CType = VoidType | IntType | FloatType | PointerType | ArrayType | FunctionType | RecordType | EnumType | TypedefType;

/** A struct or union member as declared (offsets are in `RecordDecl.layout`). */
export interface RecordField {
  /** Absent for an anonymous struct/union member or an unnamed bit-field. */
  name?: string;
  type: CType;
  bitWidth?: number;
  span: Span;
  /** `__attribute__((packed))` on the member. */
  packed: boolean;
  /** `__attribute__((aligned(N)))` / `_Alignas` on the member (bytes). */
  alignAttr?: number;
}

/** A struct or union; `fields` and `layout` are set when the definition is complete. */
export interface RecordDecl {
  tag: 'struct' | 'union';
  name?: string;
  /** Unique per translation unit: tells apart two records with the same tag name in different scopes. */
  id: number;
  span: Span;
  fields?: RecordField[];
  layout?: RecordLayout;
  packed: boolean;
  alignAttr?: number;
  /**
   * `__attribute__((preserve_access_index))` on the record, or a `#pragma clang attribute push` of it
   * around the definition (vmlinux.h): accesses through it are CO-RE relocatable.
   */
  preserveAccessIndex?: boolean;
  /** `#pragma pack(N)` in force at the definition (bytes). */
  maxFieldAlign?: number;
  /** Set while the body is being read (a member of the record's own type is an error). */
  beingDefined?: boolean;
}

export interface EnumDecl {
  name?: string;
  id: number;
  span: Span;
  complete: boolean;
  /** The type clang picks for the enum (C11 §6.7.2.2p4): unsigned int, int, or a 64-bit type. */
  underlying: IntKind;
  constants: { name: string; value: bigint }[];
  packed: boolean;
}

// ---- constructors --------------------------------------------------------------------------------------

export const voidType = (quals: Quals = 0): VoidType => ({ kind: 'void', quals });
export const intType = (int: IntKind, quals: Quals = 0): IntType => ({ kind: 'int', int, quals });
export const floatType = (float: FloatKind, quals: Quals = 0): FloatType => ({ kind: 'float', float, quals });
export const pointerTo = (pointee: CType, quals: Quals = 0): PointerType => ({ kind: 'pointer', pointee, quals });
export function arrayOf(element: CType, length?: number, vla = false): ArrayType {
  const t: ArrayType = { kind: 'array', element, quals: 0 };
  if (length !== undefined) t.length = length;
  if (vla) t.vla = true;
  return t;
}

export const T = {
  void: voidType(),
  bool: intType('_Bool'),
  char: intType('char'),
  uchar: intType('unsigned char'),
  int: intType('int'),
  uint: intType('unsigned int'),
  long: intType('long'),
  ulong: intType('unsigned long'),
  /** size_t on the BPF target. */
  sizeT: intType('unsigned long'),
  /** ptrdiff_t on the BPF target. */
  ptrdiffT: intType('long'),
  voidPtr: pointerTo(voidType()),
} as const;

// ---- qualifiers and typedefs ---------------------------------------------------------------------------

/** `t` with `quals` added (for arrays: added to the element type, C11 §6.7.3p9). */
export function withQuals(t: CType, quals: Quals): CType {
  if (quals === 0) return t;
  if (t.kind === 'array') return { ...t, element: withQuals(t.element, quals) };
  if ((t.quals & quals) === quals) return t;
  return { ...t, quals: t.quals | quals };
}

/** `t` with its own top-level qualifiers removed (typedef sugar kept). */
export function unqualified(t: CType): CType {
  return t.quals === 0 ? t : { ...t, quals: 0 };
}

/** The type under typedef sugar, with the typedefs' qualifiers merged in. */
export function resolve(t: CType): Exclude<CType, TypedefType> {
  let q = 0;
  let cur: CType = t;
  while (cur.kind === 'typedef') {
    q |= cur.quals;
    cur = cur.decl.type;
  }
  return (q === 0 ? cur : withQuals(cur, q)) as Exclude<CType, TypedefType>;
}

/** Top-level qualifiers of `t` after typedef resolution (arrays: those of the innermost element). */
export function qualsOf(t: CType): Quals {
  const r = resolve(t);
  return r.kind === 'array' ? qualsOf(r.element) : r.quals;
}

// ---- classification (C11 §6.2.5) -----------------------------------------------------------------------

export function isVoid(t: CType): boolean {
  return resolve(t).kind === 'void';
}

/** Integer types include enums (C11 §6.2.5p17). */
export function isInteger(t: CType): boolean {
  const k = resolve(t).kind;
  return k === 'int' || k === 'enum';
}

export function isFloating(t: CType): boolean {
  return resolve(t).kind === 'float';
}

export function isArithmetic(t: CType): boolean {
  return isInteger(t) || isFloating(t);
}

export function isPointer(t: CType): boolean {
  return resolve(t).kind === 'pointer';
}

export function isScalar(t: CType): boolean {
  return isArithmetic(t) || isPointer(t);
}

export function isRecord(t: CType): boolean {
  return resolve(t).kind === 'record';
}

export function isArray(t: CType): boolean {
  return resolve(t).kind === 'array';
}

export function isFunction(t: CType): boolean {
  return resolve(t).kind === 'function';
}

export function isAggregate(t: CType): boolean {
  const k = resolve(t).kind;
  return k === 'array' || k === 'record';
}

/** The integer kind of an integer or enum type (enum: its underlying type); undefined otherwise. */
export function intKindOf(t: CType): IntKind | undefined {
  const r = resolve(t);
  if (r.kind === 'int') return r.int;
  if (r.kind === 'enum') return r.decl.underlying;
  return undefined;
}

export function isSignedInt(t: CType): boolean {
  const k = intKindOf(t);
  return k !== undefined && INT_INFO[k].signed;
}

export function isUnsignedInt(t: CType): boolean {
  const k = intKindOf(t);
  return k !== undefined && !INT_INFO[k].signed;
}

export function isBool(t: CType): boolean {
  return intKindOf(t) === '_Bool' && resolve(t).kind === 'int';
}

/** The pointee of a pointer type (after typedef resolution). */
export function pointeeOf(t: CType): CType | undefined {
  const r = resolve(t);
  return r.kind === 'pointer' ? r.pointee : undefined;
}

export function isVoidPointer(t: CType): boolean {
  const p = pointeeOf(t);
  return p !== undefined && isVoid(p);
}

export function isFunctionPointer(t: CType): boolean {
  const p = pointeeOf(t);
  return p !== undefined && isFunction(p);
}

/**
 * Whether a complete object type (C11 §6.2.5p1): not void, not a function, not an incomplete array or
 * record, not an enum without its body.
 */
export function isComplete(t: CType): boolean {
  const r = resolve(t);
  switch (r.kind) {
    case 'void': return false;
    case 'function': return false;
    case 'array': return r.length !== undefined && !r.vla && isComplete(r.element);
    case 'record': return r.decl.layout !== undefined;
    case 'enum': return r.decl.complete;
    case 'int': case 'float': case 'pointer': return true;
    default: {
      const never: never = r;
      return never;
    }
  }
}

/** Whether the record has a flexible array member at its end (or one nested in a last union member). */
export function hasFlexibleArray(t: CType): boolean {
  const r = resolve(t);
  if (r.kind !== 'record' || r.decl.fields === undefined || r.decl.fields.length === 0) return false;
  const last = resolve(r.decl.fields[r.decl.fields.length - 1]!.type);
  return last.kind === 'array' && last.length === undefined;
}

// ---- sizes ---------------------------------------------------------------------------------------------

/** sizeof of a complete type (functions and void: 1, as GNU C); undefined when incomplete. */
export function sizeOf(t: CType): number | undefined {
  const r = resolve(t);
  switch (r.kind) {
    case 'void': return 1;
    case 'function': return 1;
    case 'int': return INT_INFO[r.int].size;
    case 'float': return FLOAT_SIZE[r.float];
    case 'pointer': return POINTER_SIZE;
    case 'enum': return r.decl.complete ? INT_INFO[r.decl.underlying].size : undefined;
    case 'record': return r.decl.layout?.size;
    case 'array': {
      if (r.length === undefined || r.vla) return undefined;
      const e = sizeOf(r.element);
      return e === undefined ? undefined : e * r.length;
    }
    default: {
      const never: never = r;
      return never;
    }
  }
}

/**
 * _Alignof of a type (void and functions: 1, as GNU C); undefined when incomplete. An `aligned`
 * attribute on a typedef in the chain sets the alignment (it may lower it: `typedef int i2
 * __attribute__((aligned(2)))`), the outermost such typedef winning, as in clang.
 */
export function alignOf(t: CType): number | undefined {
  let cur: CType = t;
  while (cur.kind === 'typedef') {
    if (cur.decl.alignAttr !== undefined) return isComplete(cur) ? cur.decl.alignAttr : undefined;
    cur = cur.decl.type;
  }
  const r = cur;
  switch (r.kind) {
    case 'void': return 1;
    case 'function': return 1;
    case 'int': return INT_INFO[r.int].align;
    case 'float': return FLOAT_SIZE[r.float];
    case 'pointer': return POINTER_SIZE;
    case 'enum': return INT_INFO[r.decl.underlying].align;
    case 'record': return r.decl.layout?.align;
    case 'array': return alignOf(r.element);
    default: {
      const never: never = r;
      return never;
    }
  }
}
