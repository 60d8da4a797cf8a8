// Compiler builtins (clang's Builtins.def subset sema accepts, sema/builtins.ts). In: a BuiltinCall node
// and whether its value is used; out: IR — memcpy/memmove/memset of constant sizes as IR memory
// builtins (expanded into the widest safe accesses once provenance is known), memcmp as a chain of
// wide compares, byte swaps, `__builtin_expect` as its value, atomics as BPF atomic instructions
// (`__sync_*` and `__atomic_*`: add/or/and/xor without fetch when the result is unused — the only
// form before cpu v3 — xchg and cmpxchg with fetch), CO-RE builtins rejected.
import { T, type AtomicOp, type Block, type IntType, type Value, type ValueType } from '../../ir/index.js';
import { resolve, type CType, type TExpr } from '../sema/index.js';
import type { FnLowering } from './context.js';
import { alignOfType, irTypeOf, sizeOfType } from './ctypes.js';
import { discard, rvalue } from './expr.js';
import { loadInt, resize } from './memory.js';
import { pointerAddr } from './lvalue.js';

type Builtin = TExpr & { kind: 'BuiltinCall' };

/** Largest constant size memcpy/memset/memcmp are expanded for. */
const MEM_MAX = 4096;

/** Alignment of the object a pointer argument points at, looking through conversions to void *. */
function pointeeAlign(e: TExpr): number {
  let x = e;
  while (x.kind === 'Cast' && (x.cast === 'BitCast' || x.cast === 'NoOp')) x = x.operand;
  const r = resolve(x.type);
  if (r.kind === 'pointer' && resolve(r.pointee).kind !== 'void') return Math.min(8, alignOfType(r.pointee));
  return 1;
}

function constSize(fx: FnLowering, e: Builtin, arg: TExpr | undefined): number {
  const v = arg?.value;
  if (v === undefined) return fx.error(`'${e.name}' needs a constant size (eBPF has no loops to copy a variable number of bytes)`, e.span);
  if (v > BigInt(MEM_MAX)) return fx.error(`'${e.name}' of ${v} bytes is larger than the ${MEM_MAX} bytes supported`, e.span);
  return Number(v);
}

export function lowerBuiltin(fx: FnLowering, e: Builtin, discarded: boolean): Value | undefined {
  const a = e.args;
  switch (e.name) {
    case '__builtin_memcpy':
    case '__builtin_memmove': {
      const dst = rvalue(fx, a[0]!);
      const src = rvalue(fx, a[1]!);
      const n = constSize(fx, e, a[2]);
      fx.at(e.span);
      if (n > 0) fx.b.memcpy(dst, src, n, { dstAlign: pointeeAlign(a[0]!), srcAlign: pointeeAlign(a[1]!), move: e.name === '__builtin_memmove' });
      return dst;
    }
    case '__builtin_memset': {
      const dst = rvalue(fx, a[0]!);
      const v = rvalue(fx, a[1]!);
      const n = constSize(fx, e, a[2]);
      fx.at(e.span);
      if (n > 0) fx.b.memset(dst, resize(fx, v, v.type as IntType, T.i8, false), n, pointeeAlign(a[0]!));
      return dst;
    }
    case '__builtin_memcmp':
      return memcmp(fx, e);
    case '__builtin_bswap16':
    case '__builtin_bswap32':
    case '__builtin_bswap64': {
      const v = rvalue(fx, a[0]!);
      fx.at(e.span);
      return fx.b.bswap(v);
    }
    case '__builtin_expect':
    case '__builtin_expect_with_probability': {
      const v = rvalue(fx, a[0]!);
      a.slice(1).forEach((x) => discard(fx, x));
      return v;
    }
    case '__builtin_preserve_access_index':
      return discarded ? (discard(fx, a[0]!), undefined) : rvalue(fx, a[0]!);
    case '__builtin_unreachable':
    case '__builtin_trap':
      fx.at(e.span);
      fx.b.unreachable();
      fx.deadBlock();
      return undefined;
    case '__sync_synchronize':
    case '__builtin_assume':
      return undefined;
    default:
      break;
  }
  if (e.name.startsWith('__sync_') || e.name.startsWith('__atomic_')) return atomic(fx, e, discarded);
  return fx.error(`builtin '${e.name}' is not supported here${e.name.includes('preserve') || e.name.includes('btf') ? ' (CO-RE relocations are not generated)' : ' with non-constant arguments'}`, e.span);
}

// ---- atomics -----------------------------------------------------------------------------------------

const RMW = /^(?:__sync_fetch_and_|__atomic_fetch_)(add|sub|or|and|xor|nand)$|^(?:__sync_|__atomic_)(add|sub|or|and|xor|nand)_fetch$|^__sync_(add|sub|or|and|xor|nand)_and_fetch$/;

function atomicType(fx: FnLowering, e: Builtin, ptrE: TExpr): { t: IntType; pointee: CType } {
  const r = resolve(ptrE.type);
  const pointee = r.kind === 'pointer' ? r.pointee : ptrE.type;
  const t = irTypeOf(pointee);
  if (!t || t.kind !== 'int' || (t.bits !== 32 && t.bits !== 64)) {
    return fx.error(`'${e.name}' on a ${sizeOfType(pointee)}-byte object: BPF atomics work on 4- and 8-byte integers`, e.span);
  }
  return { t, pointee };
}

function atomic(fx: FnLowering, e: Builtin, discarded: boolean): Value | undefined {
  const a = e.args;
  const ptrE = a[0]!;
  const m = RMW.exec(e.name);
  if (m) {
    const op = (m[1] ?? m[2] ?? m[3]) as string;
    const newValue = m[1] === undefined; // op_and_fetch / op_fetch forms give the new value
    if (op === 'nand') return fx.error(`'${e.name}' is not supported (BPF has no atomic nand)`, e.span);
    const { t } = atomicType(fx, e, ptrE);
    const p = rvalue(fx, ptrE);
    let v = rvalue(fx, a[1]!);
    a.slice(2).forEach((x) => discard(fx, x));
    fx.at(e.span);
    const irOp: AtomicOp = op === 'sub' ? 'add' : (op as AtomicOp);
    if (op === 'sub') v = fx.b.sub(fx.b.int(t, 0), v);
    if (discarded) {
      fx.b.atomic(irOp, p, v, { fetch: false });
      return undefined;
    }
    const old = fx.b.atomic(irOp, p, v, { fetch: true });
    if (!newValue) return old;
    switch (irOp) {
      case 'add': return fx.b.add(old, v);
      case 'or': return fx.b.or(old, v);
      case 'and': return fx.b.and(old, v);
      case 'xor': return fx.b.xor(old, v);
      default: return old;
    }
  }
  switch (e.name) {
    case '__sync_lock_test_and_set':
    case '__atomic_exchange_n': {
      atomicType(fx, e, ptrE);
      const p = rvalue(fx, ptrE);
      const v = rvalue(fx, a[1]!);
      a.slice(2).forEach((x) => discard(fx, x));
      fx.at(e.span);
      return fx.b.atomic('xchg', p, v);
    }
    case '__sync_val_compare_and_swap':
    case '__sync_bool_compare_and_swap': {
      atomicType(fx, e, ptrE);
      const p = rvalue(fx, ptrE);
      const expected = rvalue(fx, a[1]!);
      const desired = rvalue(fx, a[2]!);
      fx.at(e.span);
      const old = fx.b.atomic('cmpxchg', p, desired, { expected });
      if (e.name === '__sync_val_compare_and_swap') return old;
      return fx.b.zext(fx.b.cmp('eq', old, expected), 8);
    }
    case '__atomic_compare_exchange_n': {
      const { t, pointee } = atomicType(fx, e, ptrE);
      const p = rvalue(fx, ptrE);
      const expP = rvalue(fx, a[1]!);
      const desired = rvalue(fx, a[2]!);
      a.slice(3).forEach((x) => discard(fx, x));
      fx.at(e.span);
      const expAddr = pointerAddr(expP, pointee);
      const expected = loadInt(fx, expAddr, (t.bits / 8) as 4 | 8, t);
      const old = fx.b.atomic('cmpxchg', p, desired, { expected });
      const ok = fx.b.cmp('eq', old, expected);
      const upd = fx.b.newBlock('cmpxchg.fail');
      const join = fx.b.newBlock('cmpxchg.end');
      fx.b.condbr(ok, join, upd);
      fx.b.setBlock(upd);
      fx.b.store(expP, old, { width: (t.bits / 8) as 4 | 8, align: alignOfType(pointee) });
      fx.b.br(join);
      fx.b.setBlock(join);
      return fx.b.zext(ok, 8);
    }
    case '__sync_lock_release': {
      const r = resolve(ptrE.type);
      const pointee = r.kind === 'pointer' ? r.pointee : ptrE.type;
      const t = irTypeOf(pointee) as ValueType;
      const p = rvalue(fx, ptrE);
      fx.at(e.span);
      fx.b.store(p, fx.zero(t), { volatile: true, align: alignOfType(pointee) });
      return undefined;
    }
    case '__atomic_load_n': {
      const r = resolve(ptrE.type);
      const pointee = r.kind === 'pointer' ? r.pointee : ptrE.type;
      const t = irTypeOf(pointee) as ValueType;
      const p = rvalue(fx, ptrE);
      discard(fx, a[1]!);
      fx.at(e.span);
      return fx.b.load(t, p, { volatile: true, align: alignOfType(pointee) });
    }
    case '__atomic_store_n': {
      const r = resolve(ptrE.type);
      const pointee = r.kind === 'pointer' ? r.pointee : ptrE.type;
      const p = rvalue(fx, ptrE);
      const v = rvalue(fx, a[1]!);
      discard(fx, a[2]!);
      fx.at(e.span);
      fx.b.store(p, v, { volatile: true, align: alignOfType(pointee) });
      return undefined;
    }
    default:
      return fx.error(`builtin '${e.name}' is not supported`, e.span);
  }
}

// ---- memcmp ------------------------------------------------------------------------------------------

/**
 * `memcmp(a, b, n)` with constant n: compares 8-, 4-, 2- and 1-byte chunks; at the first difference the
 * result is -1 or 1 from an unsigned compare of the chunks in memory (big-endian) order, else 0.
 */
function memcmp(fx: FnLowering, e: Builtin): Value {
  const a = rvalue(fx, e.args[0]!);
  const b = rvalue(fx, e.args[1]!);
  const n = constSize(fx, e, e.args[2]);
  fx.at(e.span);
  if (n === 0) return fx.b.i32(0);
  const byte: CType = { kind: 'int', int: 'unsigned char', quals: 0 };
  const pa = pointerAddr(a, byte);
  const pb = pointerAddr(b, byte);
  const done = fx.b.newBlock('memcmp.end');
  const diff = fx.b.newBlock('memcmp.diff');
  const diffIn: [Value, Value, Block][] = [];
  for (let o = 0; o < n; ) {
    const w = n - o >= 8 ? 8 : n - o >= 4 ? 4 : n - o >= 2 ? 2 : 1;
    const x = loadInt(fx, { ...pa, offset: o, align: 1 }, w, T.i64);
    const y = loadInt(fx, { ...pb, offset: o, align: 1 }, w, T.i64);
    const next = fx.b.newBlock('memcmp.next');
    diffIn.push([x, y, fx.b.current]);
    fx.b.condbr(fx.b.cmp('ne', x, y), diff, next);
    fx.b.setBlock(next);
    o += w;
  }
  const equal = fx.b.current;
  fx.b.br(done);
  // the first differing chunks, ordered as big-endian numbers (narrower chunks are zero-extended, so
  // swapping all 8 bytes keeps their order)
  fx.b.setBlock(diff);
  const px = fx.b.phi(T.i64, diffIn.map(([x, , from]) => [x, from]));
  const py = fx.b.phi(T.i64, diffIn.map(([, y, from]) => [y, from]));
  const less = fx.b.cmp('ult', fx.b.bswap(px), fx.b.bswap(py));
  const lt = fx.b.newBlock('memcmp.lt');
  const gt = fx.b.newBlock('memcmp.gt');
  fx.b.condbr(less, lt, gt);
  fx.b.setBlock(lt).br(done);
  fx.b.setBlock(gt).br(done);
  fx.b.setBlock(done);
  return fx.b.phi(T.i32, [[fx.b.i32(0), equal], [fx.b.i32(-1), lt], [fx.b.i32(1), gt]]);
}
