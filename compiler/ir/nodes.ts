// The IR data model: modules of functions; functions of basic blocks; blocks of SSA instructions ending in
// one terminator. Every instruction and terminator carries a source span. Values are instructions,
// function parameters and constants (integers, NULL, map / global / function references, undef).
//
// Semantics of integer operations are exactly the eBPF ones (RFC 9669 §4.1): results wrap at the type's
// width, division by zero gives 0 and modulo by zero gives the dividend, signed division of the minimum
// value by -1 gives the minimum value (modulo gives 0), shift amounts are masked to width-1.
// Memory operations carry their width in bytes; loads zero-extend (or sign-extend with `signed`) the
// loaded bytes into the result type. Pointers are 64-bit and carry the verifier's provenance (types.ts).
import type { IntType, PtrType, Type, ValueType } from './types.js';

/** A source position: file, 1-based line and column. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

// ---------------------------------------------------------------------------------------------------
// Constants and parameters

export interface Param {
  readonly kind: 'param';
  id: number;
  index: number;
  type: ValueType;
  name?: string;
}

/** An integer constant (or NULL when `type` is a pointer; value then must be 0). Values are stored unsigned. */
export interface IntConst {
  readonly kind: 'const';
  readonly type: IntType | PtrType;
  readonly value: bigint;
}
/** The address of a map (ld_imm64 + map relocation). */
export interface MapRef {
  readonly kind: 'mapref';
  readonly type: PtrType;
  readonly name: string;
}
/** The address of global data: `symbol` + `offset` (ld_imm64 + data relocation). */
export interface GlobalRef {
  readonly kind: 'globalref';
  readonly type: PtrType;
  readonly symbol: string;
  readonly offset: number;
}
/** The address of a function, for callbacks (ld_imm64 + callback relocation). */
export interface FuncRef {
  readonly kind: 'funcref';
  readonly type: PtrType;
  readonly name: string;
}
export interface Undef {
  readonly kind: 'undef';
  readonly type: ValueType;
}
export type Const = IntConst | MapRef | GlobalRef | FuncRef | Undef;

// ---------------------------------------------------------------------------------------------------
// Instructions

export const BIN_OPS = ['add', 'sub', 'mul', 'udiv', 'sdiv', 'urem', 'srem', 'and', 'or', 'xor', 'shl', 'lshr', 'ashr'] as const;
export type BinOp = (typeof BIN_OPS)[number];
export const CMP_PREDS = ['eq', 'ne', 'ult', 'ule', 'ugt', 'uge', 'slt', 'sle', 'sgt', 'sge'] as const;
export type CmpPred = (typeof CMP_PREDS)[number];
export const CAST_OPS = ['zext', 'sext', 'trunc', 'inttoptr', 'ptrtoint', 'retag'] as const;
export type CastOp = (typeof CAST_OPS)[number];
export const ATOMIC_OPS = ['add', 'or', 'and', 'xor', 'xchg', 'cmpxchg'] as const;
export type AtomicOp = (typeof ATOMIC_OPS)[number];
export type Width = 1 | 2 | 4 | 8;

interface InstBase {
  id: number;
  name?: string;
  type: Type;
  span: Span;
  block: Block | null;
}

/** Integer arithmetic on two operands of the result type. */
export interface BinInst extends InstBase {
  readonly kind: 'bin';
  op: BinOp;
  a: Value;
  b: Value;
}
/** Comparison giving i1. Operands are integers of one type, or pointers (any kinds). */
export interface CmpInst extends InstBase {
  readonly kind: 'cmp';
  pred: CmpPred;
  a: Value;
  b: Value;
}
/** zext/sext/trunc between integers; inttoptr/ptrtoint between i64 and pointers; retag between pointers. */
export interface CastInst extends InstBase {
  readonly kind: 'cast';
  op: CastOp;
  a: Value;
}
/** Byte swap of an i16/i32/i64 (bpf_htons and friends on a little-endian target). */
export interface BswapInst extends InstBase {
  readonly kind: 'bswap';
  a: Value;
}
export interface CopyInst extends InstBase {
  readonly kind: 'copy';
  a: Value;
}
/** Pointer plus a signed i64 byte offset; keeps the pointer's provenance. */
export interface PtrAddInst extends InstBase {
  readonly kind: 'ptradd';
  base: Value;
  offset: Value;
}
/** Difference in bytes of two pointers (i64). */
export interface PtrDiffInst extends InstBase {
  readonly kind: 'ptrdiff';
  a: Value;
  b: Value;
}
/** A stack object of `size` bytes aligned to `align`; its address has provenance `stack`. */
export interface AllocaInst extends InstBase {
  readonly kind: 'alloca';
  size: number;
  align: number;
}
/** Load of `width` bytes at `ptr + offset`, zero- or sign-extended into the result type. */
export interface LoadInst extends InstBase {
  readonly kind: 'load';
  ptr: Value;
  offset: number;
  width: Width;
  signed: boolean;
  volatile: boolean;
  /** Known alignment of the address in bytes. */
  align: number;
}
/** Store of the low `width` bytes of `value` at `ptr + offset`. */
export interface StoreInst extends InstBase {
  readonly kind: 'store';
  ptr: Value;
  offset: number;
  width: Width;
  value: Value;
  volatile: boolean;
  align: number;
}
/**
 * Atomic read-modify-write at `ptr + offset` (width 4 or 8). With `fetch` the result is the old value,
 * otherwise void. cmpxchg: stores `value` if memory equals `expected`; result = old value.
 */
export interface AtomicInst extends InstBase {
  readonly kind: 'atomic';
  op: AtomicOp;
  fetch: boolean;
  ptr: Value;
  offset: number;
  width: 4 | 8;
  value: Value;
  expected: Value | null;
}
export type Callee = { readonly kind: 'helper'; readonly id: number } | { readonly kind: 'func'; readonly name: string };
/** Call of a kernel helper (by id) or of a function of the module (by name). At most 5 arguments. */
export interface CallInst extends InstBase {
  readonly kind: 'call';
  callee: Callee;
  args: Value[];
}
/**
 * Copy of `size` constant bytes from `src` to `dst` (`move`: the regions may overlap). Expanded into
 * the widest loads and stores the pointer kinds allow once provenance is known (passes/expand-mem.ts).
 */
export interface MemCopyInst extends InstBase {
  readonly kind: 'memcpy';
  dst: Value;
  src: Value;
  size: number;
  dstAlign: number;
  srcAlign: number;
  move: boolean;
}
/** Fill of `size` constant bytes at `dst` with the low byte of `value` (an i8). */
export interface MemSetInst extends InstBase {
  readonly kind: 'memset';
  dst: Value;
  value: Value;
  size: number;
  align: number;
}
/**
 * Legacy packet load (BPF_LD_ABS / BPF_LD_IND) from the socket buffer `ctx` of the program: `width`
 * bytes at packet offset `offset`, in network byte order, converted to host order and zero-extended.
 * If the bytes are not in the packet the whole program ends, returning 0.
 */
export interface PktLoadInst extends InstBase {
  readonly kind: 'pktload';
  ctx: Value;
  offset: Value;
  width: 1 | 2 | 4;
}
export interface PhiIncoming {
  block: Block;
  value: Value;
}
export interface PhiInst extends InstBase {
  readonly kind: 'phi';
  incoming: PhiIncoming[];
}

export type Inst =
  | BinInst
  | CmpInst
  | CastInst
  | BswapInst
  | CopyInst
  | PtrAddInst
  | PtrDiffInst
  | AllocaInst
  | LoadInst
  | StoreInst
  | AtomicInst
  | CallInst
  | MemCopyInst
  | MemSetInst
  | PktLoadInst
  | PhiInst;
export type InstKind = Inst['kind'];

// ---------------------------------------------------------------------------------------------------
// Terminators

export interface BrTerm {
  readonly kind: 'br';
  target: Block;
  span: Span;
}
export interface CondBrTerm {
  readonly kind: 'condbr';
  cond: Value;
  then: Block;
  else: Block;
  span: Span;
}
export interface SwitchCase {
  value: bigint;
  target: Block;
}
export interface SwitchTerm {
  readonly kind: 'switch';
  value: Value;
  cases: SwitchCase[];
  default: Block;
  span: Span;
}
export interface RetTerm {
  readonly kind: 'ret';
  value: Value | null;
  span: Span;
}
export interface UnreachableTerm {
  readonly kind: 'unreachable';
  span: Span;
}
export type Term = BrTerm | CondBrTerm | SwitchTerm | RetTerm | UnreachableTerm;

export type Value = Inst | Param | Const;

// ---------------------------------------------------------------------------------------------------
// Containers

export interface Block {
  id: number;
  name?: string;
  insts: Inst[];
  term: Term | null;
}

export type Linkage = 'global' | 'static';
export type InlineHint = 'always' | 'never' | 'auto';

export interface Func {
  name: string;
  params: Param[];
  ret: Type;
  blocks: Block[];
  linkage: Linkage;
  /** ELF section (the SEC() name) for entry programs; undefined for subprograms (emitted in .text). */
  section?: string;
  inline: InlineHint;
  span: Span;
  /** Next free id for values and blocks (ids are unique per function). */
  nextId: number;
}

export interface MapDecl {
  name: string;
}
export interface GlobalDecl {
  symbol: string;
  section: string;
  size: number;
  /** Initial bytes (.data/.rodata); undefined for zero-filled (.bss). */
  init?: Uint8Array;
  /** `const volatile`: loads must stay, the value is set before load time. */
  readonly?: boolean;
}

export interface Module {
  funcs: Func[];
  maps: MapDecl[];
  globals: GlobalDecl[];
}

const NON_INST = new Set(['param', 'const', 'mapref', 'globalref', 'funcref', 'undef']);

export function isInst(v: Value): v is Inst {
  return !NON_INST.has(v.kind);
}
export function isConst(v: Value): v is Const {
  return v.kind !== 'param' && !isInst(v);
}
export function isIntConst(v: Value): v is IntConst {
  return v.kind === 'const';
}
