// The compiler builtins BPF programs call (clang's Builtins.def / BuiltinsBPF.def subset): their
// signatures, argument checks and constant folding. In: a builtin's name and checked arguments; out: a
// TBuiltinCall (or the folded constant). Memory builtins (memcpy…) are left for the back end to expand
// inline; __sync/__atomic builtins become BPF atomic instructions; CO-RE builtins become relocations.
import type { Expr } from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import { checkExpr, checkIntConstant, checkRValue, checkUnevaluated, errorNode } from './check-expr.js';
import { quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { convertArith, convertAssign, promote, rvalue } from './convert.js';
import { bswap } from './fold.js';
import type { TExpr } from './typed-ast.js';
import {
  INT_INFO, T, intKindOf, intType, isInteger, isPointer, pointerTo, resolve, sizeOf, unqualified, voidType, Qual,
  type CType, type IntKind,
} from './types.js';

type Sig = { returns: CType; params: CType[] };

const constVoidPtr = pointerTo(voidType(Qual.Const));

/** Builtins with a fixed C signature. */
const FIXED: ReadonlyMap<string, Sig> = new Map([
  ['__builtin_memcpy', { returns: T.voidPtr, params: [T.voidPtr, constVoidPtr, T.sizeT] }],
  ['__builtin_memmove', { returns: T.voidPtr, params: [T.voidPtr, constVoidPtr, T.sizeT] }],
  ['__builtin_memset', { returns: T.voidPtr, params: [T.voidPtr, T.int, T.sizeT] }],
  ['__builtin_memcmp', { returns: T.int, params: [constVoidPtr, constVoidPtr, T.sizeT] }],
  ['__builtin_bswap16', { returns: intType('unsigned short'), params: [intType('unsigned short')] }],
  ['__builtin_bswap32', { returns: T.uint, params: [T.uint] }],
  ['__builtin_bswap64', { returns: intType('unsigned long long'), params: [intType('unsigned long long')] }],
  ['__builtin_expect', { returns: T.long, params: [T.long, T.long] }],
  ['__builtin_unreachable', { returns: T.void, params: [] }],
  ['__builtin_trap', { returns: T.void, params: [] }],
  ['__sync_synchronize', { returns: T.void, params: [] }],
  ['__builtin_ctz', { returns: T.int, params: [T.uint] }],
  ['__builtin_ctzl', { returns: T.int, params: [T.ulong] }],
  ['__builtin_ctzll', { returns: T.int, params: [intType('unsigned long long')] }],
  ['__builtin_clz', { returns: T.int, params: [T.uint] }],
  ['__builtin_clzl', { returns: T.int, params: [T.ulong] }],
  ['__builtin_clzll', { returns: T.int, params: [intType('unsigned long long')] }],
  ['__builtin_popcount', { returns: T.int, params: [T.uint] }],
  ['__builtin_popcountl', { returns: T.int, params: [T.ulong] }],
  ['__builtin_popcountll', { returns: T.int, params: [intType('unsigned long long')] }],
  ['__builtin_ffs', { returns: T.int, params: [T.int] }],
  ['__builtin_ffsl', { returns: T.int, params: [T.long] }],
  ['__builtin_ffsll', { returns: T.int, params: [intType('long long')] }],
  ['__builtin_assume', { returns: T.void, params: [T.bool] }],
]);

const SYNC_OPS = ['add', 'sub', 'or', 'and', 'xor', 'nand'];
/** `__sync_fetch_and_op`, `__sync_op_and_fetch`, `__atomic_fetch_op`, `__atomic_op_fetch`. */
function atomicRmw(name: string): { order: boolean } | undefined {
  for (const op of SYNC_OPS) {
    if (name === `__sync_fetch_and_${op}` || name === `__sync_${op}_and_fetch`) return { order: false };
    if (name === `__atomic_fetch_${op}` || name === `__atomic_${op}_fetch`) return { order: true };
  }
  return undefined;
}

const SPECIAL = new Set([
  '__builtin_constant_p', '__builtin_preserve_access_index', '__builtin_preserve_field_info',
  '__builtin_preserve_type_info', '__builtin_preserve_enum_value', '__builtin_btf_type_id',
  '__builtin_expect_with_probability', '__builtin_choose_expr', '__sync_val_compare_and_swap',
  '__sync_bool_compare_and_swap', '__sync_lock_test_and_set', '__sync_lock_release', '__atomic_load_n',
  '__atomic_store_n', '__atomic_exchange_n', '__atomic_compare_exchange_n', '__builtin_object_size',
  '__builtin_dynamic_object_size', '__builtin_frame_address', '__builtin_return_address',
]);

export function isBuiltinName(name: string): boolean {
  return FIXED.has(name) || SPECIAL.has(name) || atomicRmw(name) !== undefined;
}

function node(name: string, args: TExpr[], type: CType, span: Span, value?: bigint, typeArg?: CType): TExpr {
  const out: TExpr = { kind: 'BuiltinCall', name, args, type, category: 'rvalue', span };
  if (value !== undefined) out.value = value;
  if (typeArg !== undefined) out.typeArg = typeArg;
  return out;
}

function arity(cx: SemaContext, name: string, args: readonly Expr[], n: number, span: Span): boolean {
  if (args.length === n) return true;
  cx.report('C1208', `too ${args.length < n ? 'few' : 'many'} arguments to function call, expected ${n}, have ${args.length}`, span);
  return false;
}

/** Checks a call of builtin `name`. */
export function checkBuiltinCall(cx: SemaContext, name: string, argsE: readonly Expr[], span: Span): TExpr {
  const fixed = FIXED.get(name);
  if (fixed !== undefined) {
    if (!arity(cx, name, argsE, fixed.params.length, span)) return errorNode(span, fixed.returns);
    const args = argsE.map((a, i) => convertAssign(cx, checkRValue(cx, a), fixed.params[i]!, 'arg', a.span));
    if (args.some((a) => a.kind === 'Error')) return errorNode(span, fixed.returns);
    return node(name, args, fixed.returns, span, foldFixed(name, args));
  }
  const rmw = atomicRmw(name);
  if (rmw !== undefined) return atomicCall(cx, name, argsE, span, rmw.order ? 3 : 2, 'rmw');
  switch (name) {
    case '__builtin_constant_p': {
      if (!arity(cx, name, argsE, 1, span)) return errorNode(span);
      const a = checkUnevaluated(cx, argsE[0]!, true);
      const constant = a.value !== undefined || a.kind === 'StringLit' || (a.kind === 'Cast' && a.operand.kind === 'StringLit');
      return { kind: 'Constant', from: 'constant_p', type: T.int, category: 'rvalue', span, value: constant ? 1n : 0n };
    }
    case '__builtin_expect_with_probability': {
      if (!arity(cx, name, argsE, 3, span)) return errorNode(span, T.long);
      const a = convertAssign(cx, checkRValue(cx, argsE[0]!), T.long, 'arg');
      const b = convertAssign(cx, checkRValue(cx, argsE[1]!), T.long, 'arg');
      checkUnevaluated(cx, argsE[2]!, true);
      return node(name, [a, b], T.long, span, a.value);
    }
    case '__builtin_choose_expr': {
      if (!arity(cx, name, argsE, 3, span)) return errorNode(span);
      const c = checkIntConstant(cx, argsE[0]!, "'__builtin_choose_expr' condition");
      const pick = c === undefined || c !== 0n ? 1 : 2;
      checkUnevaluated(cx, argsE[pick === 1 ? 2 : 1]!);
      return checkExpr(cx, argsE[pick]!);
    }
    case '__builtin_preserve_access_index': {
      if (!arity(cx, name, argsE, 1, span)) return errorNode(span);
      const a = checkRValue(cx, argsE[0]!);
      return node(name, [a], a.type, span);
    }
    case '__builtin_preserve_field_info': {
      if (!arity(cx, name, argsE, 2, span)) return errorNode(span, T.uint);
      const f = checkExpr(cx, argsE[0]!);
      if (f.kind !== 'Member' && f.kind !== 'Index' && f.kind !== 'Error') {
        cx.report('C1227', `__builtin_preserve_field_info argument 1 not a field access`, argsE[0]!.span, argsE[0]!.origin);
      }
      const k = checkIntConstant(cx, argsE[1]!, '__builtin_preserve_field_info argument 2');
      return node(name, [f, intConst(k ?? 0n, T.ulong, argsE[1]!.span)], T.uint, span);
    }
    case '__builtin_preserve_type_info':
    case '__builtin_preserve_enum_value':
    case '__builtin_btf_type_id': {
      const ret = name === '__builtin_preserve_type_info' ? T.uint : name === '__builtin_btf_type_id' ? T.ulong : T.long;
      if (!arity(cx, name, argsE, 2, span)) return errorNode(span, ret);
      const t = checkUnevaluated(cx, argsE[0]!);
      const k = checkIntConstant(cx, argsE[1]!, `${name} argument 2`);
      return node(name, [t, intConst(k ?? 0n, T.ulong, argsE[1]!.span)], ret, span, undefined, t.type);
    }
    case '__sync_val_compare_and_swap':
    case '__sync_bool_compare_and_swap':
      return atomicCall(cx, name, argsE, span, 3, name.includes('bool') ? 'cmpxchg-bool' : 'cmpxchg');
    case '__sync_lock_test_and_set':
      return atomicCall(cx, name, argsE, span, 2, 'rmw');
    case '__sync_lock_release':
      return atomicCall(cx, name, argsE, span, 1, 'release');
    case '__atomic_load_n':
      return atomicCall(cx, name, argsE, span, 2, 'load');
    case '__atomic_store_n':
      return atomicCall(cx, name, argsE, span, 3, 'store');
    case '__atomic_exchange_n':
      return atomicCall(cx, name, argsE, span, 3, 'rmw');
    case '__atomic_compare_exchange_n':
      return atomicCall(cx, name, argsE, span, 6, 'cmpxchg-n');
    case '__builtin_object_size':
    case '__builtin_dynamic_object_size': {
      if (!arity(cx, name, argsE, 2, span)) return errorNode(span, T.sizeT);
      const p = checkRValue(cx, argsE[0]!);
      const k = checkIntConstant(cx, argsE[1]!, `${name} argument 2`) ?? 0n;
      // what clang's optimiser falls back to when it cannot tell: -1 for types 0/1, 0 for 2/3
      return node(name, [p], T.sizeT, span, (k & 2n) !== 0n ? 0n : BigInt.asUintN(64, -1n));
    }
    default:
      cx.report('C1307', `builtin '${name}' is not supported for the BPF target`, span);
      return errorNode(span);
  }
}

function intConst(v: bigint, type: CType, span: Span): TExpr {
  return { kind: 'IntLit', type, category: 'rvalue', span, value: v };
}

function foldFixed(name: string, args: readonly TExpr[]): bigint | undefined {
  const v = args[0]?.value;
  if (name === '__builtin_expect') return v;
  if (v === undefined) return undefined;
  const width = (k: IntKind) => INT_INFO[k].size * 8;
  const arg = (): { x: bigint; bits: number } => {
    const k = intKindOf(args[0]!.type)!;
    return { x: BigInt.asUintN(width(k), v), bits: width(k) };
  };
  switch (name) {
    case '__builtin_bswap16': return bswap(v, 2);
    case '__builtin_bswap32': return bswap(v, 4);
    case '__builtin_bswap64': return bswap(v, 8);
    case '__builtin_popcount': case '__builtin_popcountl': case '__builtin_popcountll': {
      let { x } = arg();
      let n = 0n;
      while (x > 0n) {
        n += x & 1n;
        x >>= 1n;
      }
      return n;
    }
    case '__builtin_ctz': case '__builtin_ctzl': case '__builtin_ctzll': {
      const { x, bits } = arg();
      if (x === 0n) return undefined;
      let n = 0;
      while (n < bits && ((x >> BigInt(n)) & 1n) === 0n) n++;
      return BigInt(n);
    }
    case '__builtin_clz': case '__builtin_clzl': case '__builtin_clzll': {
      const { x, bits } = arg();
      if (x === 0n) return undefined;
      let n = 0;
      while (n < bits && ((x >> BigInt(bits - 1 - n)) & 1n) === 0n) n++;
      return BigInt(n);
    }
    case '__builtin_ffs': case '__builtin_ffsl': case '__builtin_ffsll': {
      const { x, bits } = arg();
      if (x === 0n) return 0n;
      let n = 0;
      while (n < bits && ((x >> BigInt(n)) & 1n) === 0n) n++;
      return BigInt(n + 1);
    }
    default:
      return undefined;
  }
}

type AtomicForm = 'rmw' | 'cmpxchg' | 'cmpxchg-bool' | 'cmpxchg-n' | 'release' | 'load' | 'store';

/**
 * `__sync_*` / `__atomic_*`: the first argument points to an integer or pointer object of 1, 2, 4 or 8
 * bytes (T); value arguments are converted to T; memory-order arguments must be integers. The result is
 * T (`_Bool` for the boolean compare-and-swap forms, void for release/store).
 */
function atomicCall(cx: SemaContext, name: string, argsE: readonly Expr[], span: Span, n: number, form: AtomicForm): TExpr {
  if (!arity(cx, name, argsE, n, span)) return errorNode(span);
  const ptr = checkRValue(cx, argsE[0]!);
  if (ptr.kind === 'Error') return errorNode(span);
  const pr = resolve(ptr.type);
  const elem = pr.kind === 'pointer' ? pr.pointee : undefined;
  const size = elem === undefined ? undefined : sizeOf(elem);
  if (elem === undefined || !(isInteger(elem) || isPointer(elem)) || size === undefined || ![1, 2, 4, 8].includes(size)) {
    cx.report('C1227', `address argument to atomic builtin must be a pointer to integer or pointer (${quoted(ptr.type)} invalid)`, span, argsE[0]!.origin);
    return errorNode(span);
  }
  const t = unqualified(elem);
  const value = (i: number): TExpr => convertAssign(cx, checkRValue(cx, argsE[i]!), t, 'arg', argsE[i]!.span);
  const order = (i: number): TExpr => {
    const o = checkRValue(cx, argsE[i]!);
    if (!isInteger(o.type)) cx.report('C1227', 'memory order argument must be an integer', argsE[i]!.span, argsE[i]!.origin);
    return promote(o);
  };
  const args: TExpr[] = [ptr];
  let type: CType = t;
  switch (form) {
    case 'rmw':
      args.push(value(1));
      if (n === 3) args.push(order(2));
      break;
    case 'cmpxchg':
    case 'cmpxchg-bool':
      args.push(value(1), value(2));
      if (form === 'cmpxchg-bool') type = T.bool;
      break;
    case 'cmpxchg-n': {
      const expected = convertAssign(cx, checkRValue(cx, argsE[1]!), pointerTo(t), 'arg', argsE[1]!.span);
      args.push(expected, value(2), convertArith(checkRValue(cx, argsE[3]!), T.bool), order(4), order(5));
      type = T.bool;
      break;
    }
    case 'release':
      type = T.void;
      break;
    case 'load':
      args.push(order(1));
      break;
    case 'store':
      args.push(value(1), order(2));
      type = T.void;
      break;
    default: {
      const never: never = form;
      return never;
    }
  }
  if (qualsOfPointee(ptr.type) & Qual.Const && form !== 'load') {
    cx.report('C1227', `address argument to atomic builtin cannot be const-qualified (${quoted(ptr.type)} invalid)`, span, argsE[0]!.origin);
  }
  return node(name, args, type, span);
}

function qualsOfPointee(t: CType): number {
  const r = resolve(t);
  return r.kind === 'pointer' ? resolve(r.pointee).quals : 0;
}

