// Locations of C objects. In: typed-AST lvalue expressions (variables, `*p`, members, subscripts, string
// literals, compound literals) and record-valued expressions; out: Addr/LValue records — a base pointer
// (stack slot, global data reference, or a pointer value) plus a constant byte offset, so member and
// constant-index accesses become single loads/stores at constant offsets (what mem2reg and the
// verifier's ctx-field rule want) and only variable subscripts add a `ptradd`.
import { T, type Value } from '../../ir/index.js';
import { resolve, type CType, type RecordDecl, type TExpr, type VarSymbol } from '../sema/index.js';
import { InternalError } from '../../../runtime/errors.js';
import type { Span } from '../../diagnostics/index.js';
import type { Addr, BitField, FnLowering, LValue } from './context.js';
import { alignAt, alignOfType, isCtxPointer, isSigned, isVolatile, sizeOfType, stackAlign } from './ctypes.js';
import { rvalue, discard } from './expr.js';
import { offsetAddr, addrValue, storeScalar } from './memory.js';
import { lowerInitializer } from './init.js';
import { lowerStmts } from './stmt.js';
import { assignRecord, lowerCallAgg } from './assign.js';
import { branchOn } from './cond.js';

/** A fresh stack object for a temporary of type `t`. */
export function tempAddr(fx: FnLowering, t: CType, name?: string): Addr {
  const size = Math.max(1, sizeOfType(t));
  const align = stackAlign(t);
  return { ptr: fx.b.alloca(size, align, name), offset: 0, align, volatile: false, stack: true };
}

/** The stack slot of a local or parameter, created on first use. */
export function slotOf(fx: FnLowering, sym: VarSymbol): Value {
  let s = fx.slots.get(sym);
  if (!s) {
    s = fx.b.alloca(Math.max(1, sizeOfType(sym.type)), stackAlign(sym.type), sym.name || undefined);
    fx.slots.set(sym, s);
  }
  return s;
}

/** Where variable `sym` lives. */
export function varAddr(fx: FnLowering, sym: VarSymbol, span: Span): Addr {
  const vol = isVolatile(sym.type);
  switch (sym.storage) {
    case 'local':
    case 'param': {
      const s = slotOf(fx, sym);
      const stack = s.kind === 'alloca';
      return { ptr: s, offset: 0, align: stack ? stackAlign(sym.type) : alignOfType(sym.type), volatile: vol, stack };
    }
    case 'global':
    case 'static-local': {
      if (fx.mod.mapVars.has(sym)) return fx.error(`map '${sym.name}' can only be used by taking its address (&${sym.name})`, span);
      const symbol = fx.mod.globalSymbol(sym);
      const align = Math.max(alignOfType(sym.type), sym.data?.align ?? 1);
      return { ptr: fx.b.globalRef(symbol, 0), offset: 0, align: Math.min(8, align), volatile: vol, stack: false };
    }
    case 'extern':
      return fx.error(`extern variable '${sym.name}' is not supported (ksyms/kconfig externs cannot be placed)`, span, 'C1304');
    default: {
      const never: never = sym.storage;
      return never;
    }
  }
}

/** An Addr for a pointer value pointing at an object of type `pointee`. */
export function pointerAddr(ptr: Value, pointee: CType): Addr {
  return { ptr, offset: 0, align: Math.min(8, alignOfType(pointee)), volatile: isVolatile(pointee), stack: ptr.kind === 'alloca' };
}

/** The location an lvalue expression designates. */
export function lvalue(fx: FnLowering, e: TExpr): LValue {
  switch (e.kind) {
    case 'VarRef':
      return { addr: varAddr(fx, e.symbol, e.span), type: e.type };
    case 'Deref': {
      const p = rvalue(fx, e.operand);
      return { addr: pointerAddr(p, e.type), type: e.type };
    }
    case 'Member': {
      let base: Addr;
      if (e.arrow) {
        const p = rvalue(fx, e.object);
        const pt = resolve(e.object.type);
        base = pointerAddr(p, pt.kind === 'pointer' ? pt.pointee : e.type);
        // context fields are rewritten by the verifier (a store may keep fewer bits than it writes):
        // never forward a stored value to a later load of the same field
        if (isCtxPointer(e.object.type)) base.ctx = true;
      } else {
        base = aggAddr(fx, e.object);
      }
      const f = e.field;
      const vol = base.volatile || isVolatile(e.type);
      if (f.bitWidth !== undefined) {
        return { addr: { ...base, volatile: vol }, type: e.type, bits: bitFieldOf(f.record, f.index) };
      }
      const at = offsetAddr(base, f.offset);
      return { addr: { ...at, align: Math.min(at.align, Math.max(1, Math.min(8, alignOfType(e.type)))), volatile: vol }, type: e.type };
    }
    case 'Index':
      return { addr: indexAddr(fx, e.base, e.index, e.elemSize, e.type), type: e.type };
    case 'StringLit': {
      const slot = fx.mod.stringSlot(e.data);
      return { addr: { ptr: fx.b.globalRef(slot.symbol, slot.offset), offset: 0, align: 1, volatile: false, stack: false }, type: e.type };
    }
    case 'CompoundLiteral':
      return { addr: compoundLiteral(fx, e), type: e.type };
    case 'Cast':
      if (e.cast === 'NoOp' || e.cast === 'BitCast' || e.cast === 'LValueToRValue') {
        const inner = lvalue(fx, e.operand);
        return { ...inner, type: e.type };
      }
      return fx.error(`expression is not an object`, e.span);
    case 'Shared': {
      const hit = fx.shared.get(e.id);
      if (hit && 'addr' in hit) return hit;
      const lv = lvalue(fx, e.expr);
      fx.shared.set(e.id, lv);
      return lv;
    }
    default:
      return { addr: aggAddr(fx, e), type: e.type };
  }
}

/** Bit-field `index` of a record: its bits, and the storage unit of its run of adjacent bit-fields. */
export function bitFieldOf(rec: RecordDecl, index: number): BitField {
  const fd = rec.fields?.[index];
  const fl = rec.layout?.fields[index];
  const size = rec.layout?.size ?? 0;
  if (!fd || !fl || fd.bitWidth === undefined) throw new InternalError('bitFieldOf: not a bit-field');
  const bf: BitField = { bitOffset: fl.bitOffset, width: fd.bitWidth, signed: isSigned(fd.type), recordSize: size };
  if (rec.tag !== 'struct') return bf;
  // the run: adjacent non-zero-width bit-fields around this one
  let lo = index;
  let hi = index;
  const isBits = (i: number): boolean => rec.fields![i]?.bitWidth !== undefined && rec.fields![i]!.bitWidth! > 0;
  while (lo > 0 && isBits(lo - 1)) lo--;
  while (hi + 1 < rec.fields!.length && isBits(hi + 1)) hi++;
  const first = rec.layout!.fields[lo]!.bitOffset;
  const last = rec.layout!.fields[hi]!;
  const end = last.bitOffset + (rec.fields![hi]!.bitWidth ?? 0);
  const start = Math.floor(first / 8);
  const bytes = Math.ceil(end / 8) - start;
  const width = bytes <= 1 ? 1 : bytes <= 2 ? 2 : bytes <= 4 ? 4 : bytes <= 8 ? 8 : 0;
  if (width > 0 && start % width === 0 && start + width <= size) bf.unit = { start, width: width as 1 | 2 | 4 | 8 };
  return bf;
}

/** `base[index]` with `base` a pointer rvalue (usually a decayed array). */
function indexAddr(fx: FnLowering, baseE: TExpr, indexE: TExpr, elemSize: number, elemType: CType): Addr {
  let base: Addr;
  if (baseE.kind === 'Cast' && baseE.cast === 'ArrayToPointerDecay') base = lvalue(fx, baseE.operand).addr;
  else {
    const p = rvalue(fx, baseE);
    base = pointerAddr(p, elemType);
  }
  const elemAlign = Math.min(8, alignOfType(elemType));
  if (indexE.value !== undefined) {
    const k = Number(BigInt.asIntN(64, indexE.value));
    return offsetAddr(base, k * elemSize, elemAlign);
  }
  const idx = rvalue(fx, indexE);
  const scaled = scale(fx, idx, elemSize);
  const ptr = fx.b.ptradd(base.ptr, scaled);
  return { ptr, offset: base.offset, align: Math.min(base.align, elemAlign), volatile: base.volatile || isVolatile(elemType), stack: base.stack };
}

/** `i * size` for an i64 index (a shift for powers of two). */
export function scale(fx: FnLowering, idx: Value, size: number): Value {
  if (size === 1) return idx;
  if (idx.kind === 'const') return fx.i64(BigInt.asUintN(64, idx.value * BigInt(size)));
  if ((size & (size - 1)) === 0) return fx.b.shl(idx, fx.i64(Math.log2(size)));
  return fx.b.mul(idx, fx.i64(size));
}

/** A compound literal: static ones have their object; block-scope ones get a stack object. */
function compoundLiteral(fx: FnLowering, e: TExpr & { kind: 'CompoundLiteral' }): Addr {
  if (e.object) return varAddr(fx, e.object, e.span);
  const addr = tempAddr(fx, e.type, 'literal');
  lowerInitializer(fx, addr, e.init, true);
  return addr;
}

/** The location holding the value of a record- or array-typed expression (lvalue or not). */
export function aggAddr(fx: FnLowering, e: TExpr): Addr {
  if (e.category === 'lvalue' && e.kind !== 'Shared') return lvalue(fx, e).addr;
  switch (e.kind) {
    case 'Cast':
      if (e.cast === 'LValueToRValue' || e.cast === 'NoOp' || e.cast === 'BitCast') return aggAddr(fx, e.operand);
      if (e.cast === 'ToUnion') {
        const tmp = tempAddr(fx, e.type, 'union');
        const inner = e.operand;
        if (resolve(inner.type).kind === 'record' || resolve(inner.type).kind === 'array') {
          fx.b.memcpy(addrValue(fx, tmp), addrValue(fx, aggAddr(fx, inner)), sizeOfType(inner.type), { dstAlign: tmp.align, srcAlign: 1 });
        } else {
          storeScalar(fx, { addr: tmp, type: inner.type }, rvalue(fx, inner));
        }
        return tmp;
      }
      return fx.error(`unsupported conversion to an aggregate`, e.span);
    case 'Assign':
      return assignRecord(fx, e);
    case 'Comma': {
      e.exprs.slice(0, -1).forEach((x) => discard(fx, x));
      return aggAddr(fx, e.exprs[e.exprs.length - 1] as TExpr);
    }
    case 'Conditional': {
      const tmp = tempAddr(fx, e.type, 'cond');
      const t = fx.b.newBlock('agg.then');
      const f = fx.b.newBlock('agg.else');
      const join = fx.b.newBlock('agg.end');
      branchOn(fx, e.cond, t, f);
      const size = sizeOfType(e.type);
      for (const [blk, side] of [[t, e.then], [f, e.else]] as const) {
        fx.b.setBlock(blk);
        const src = aggAddr(fx, side);
        fx.b.memcpy(addrValue(fx, tmp), addrValue(fx, src), size, { dstAlign: tmp.align, srcAlign: src.align });
        fx.jump(join);
      }
      fx.b.setBlock(join);
      return tmp;
    }
    case 'Call':
      return lowerCallAgg(fx, e);
    case 'StmtExpr': {
      lowerStmts(fx, e.body);
      if (!e.result) return fx.error('statement expression without a value', e.span);
      return aggAddr(fx, e.result);
    }
    case 'Shared': {
      const hit = fx.shared.get(e.id);
      if (hit && 'addr' in hit) return hit.addr;
      const a = aggAddr(fx, e.expr);
      fx.shared.set(e.id, { addr: a, type: e.type });
      return a;
    }
    case 'CompoundLiteral':
      return compoundLiteral(fx, e);
    default:
      return fx.error(`unsupported aggregate expression (${e.kind})`, e.span);
  }
}

