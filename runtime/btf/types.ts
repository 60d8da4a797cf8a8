// The BTF type graph: one discriminated union member per BTF kind (include/uapi/linux/btf.h,
// Documentation/bpf/btf.rst), names already resolved to strings. `Btf.types[id]` is the type with that
// id; `types[0]` is always VOID. Referenced types are plain ids (numbers) into the same array, so a graph
// may contain cycles (struct A { struct A *next; }) — walk it with the helpers in query.ts.
import type { BtfStrings } from './strings.js';

export type BtfLinkage = 'static' | 'global' | 'extern';

/** Type id 0. Never encoded. */
export interface BtfVoid {
  kind: 'VOID';
  name: string;
}

/** BTF_KIND_INT. `encoding` is the raw 4-bit field (BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL). */
export interface BtfInt {
  kind: 'INT';
  name: string;
  size: number;
  encoding: number;
  /** BTF_INT_OFFSET: bit offset of the value inside the storage (0 in everything clang emits). */
  bitOffset: number;
  /** BTF_INT_BITS: number of value bits. */
  bits: number;
}

/** PTR, TYPEDEF, VOLATILE, CONST, RESTRICT: a name (TYPEDEF only, normally) and one referenced type. */
export interface BtfRef {
  kind: 'PTR' | 'TYPEDEF' | 'VOLATILE' | 'CONST' | 'RESTRICT';
  name: string;
  type: number;
}

/** TYPE_TAG: `type` carries the tag `name`; kindFlag=1 means "__attribute__((name))" (newer kernels). */
export interface BtfTypeTag {
  kind: 'TYPE_TAG';
  name: string;
  type: number;
  kindFlag: boolean;
}

export interface BtfArray {
  kind: 'ARRAY';
  name: string;
  /** element type */
  type: number;
  indexType: number;
  nelems: number;
}

export interface BtfMember {
  name: string;
  type: number;
  /** bit offset from the start of the struct */
  bitOffset: number;
  /** bitfield width; 0 for a normal member. Non-zero only when the struct's kindFlag is set. */
  bitfieldSize: number;
}

/** STRUCT or UNION. kindFlag=1 selects the encoding `offset = bitfield_size << 24 | bit_offset`. */
export interface BtfComposite {
  kind: 'STRUCT' | 'UNION';
  name: string;
  size: number;
  kindFlag: boolean;
  members: BtfMember[];
}

export interface BtfEnumValue {
  name: string;
  /** s32 when the enum is signed, u32 otherwise */
  value: number;
}

export interface BtfEnum {
  kind: 'ENUM';
  name: string;
  size: number;
  signed: boolean;
  values: BtfEnumValue[];
}

export interface BtfEnum64Value {
  name: string;
  /** s64 when the enum is signed, u64 otherwise */
  value: bigint;
}

export interface BtfEnum64 {
  kind: 'ENUM64';
  name: string;
  size: number;
  signed: boolean;
  values: BtfEnum64Value[];
}

export interface BtfFwd {
  kind: 'FWD';
  name: string;
  /** kind_flag: forward declaration of a union (true) or a struct (false) */
  union: boolean;
}

export interface BtfFunc {
  kind: 'FUNC';
  name: string;
  /** FUNC_PROTO id */
  type: number;
  linkage: BtfLinkage;
}

export interface BtfParam {
  name: string;
  type: number;
}

/**
 * FUNC_PROTO. A trailing `{name_off 0, type 0}` parameter (C varargs, or clang's `(void)`) is not kept in
 * `params`: it is `variadic: true`.
 */
export interface BtfFuncProto {
  kind: 'FUNC_PROTO';
  name: string;
  returnType: number;
  params: BtfParam[];
  variadic: boolean;
}

export interface BtfVar {
  kind: 'VAR';
  name: string;
  type: number;
  linkage: BtfLinkage;
}

export interface BtfVarSecinfo {
  /** VAR id (or FUNC for extern ksyms) */
  type: number;
  offset: number;
  size: number;
}

export interface BtfDatasec {
  kind: 'DATASEC';
  name: string;
  size: number;
  vars: BtfVarSecinfo[];
}

export interface BtfFloat {
  kind: 'FLOAT';
  name: string;
  size: number;
}

/** DECL_TAG: tag `name` on `type` (component_idx -1) or on its member/parameter number componentIdx. */
export interface BtfDeclTag {
  kind: 'DECL_TAG';
  name: string;
  type: number;
  componentIdx: number;
  kindFlag: boolean;
}

export type BtfType =
  | BtfVoid
  | BtfInt
  | BtfRef
  | BtfTypeTag
  | BtfArray
  | BtfComposite
  | BtfEnum
  | BtfEnum64
  | BtfFwd
  | BtfFunc
  | BtfFuncProto
  | BtfVar
  | BtfDatasec
  | BtfFloat
  | BtfDeclTag;

export type BtfKindName = BtfType['kind'];

/** A whole .BTF section: types (index = id, 0 = void) and the string table they were named from. */
export interface Btf {
  types: BtfType[];
  /**
   * The string section. Decoding keeps the original bytes (they also hold .BTF.ext file names and
   * source lines); encoding interns any name not yet present.
   */
  strings: BtfStrings;
}
