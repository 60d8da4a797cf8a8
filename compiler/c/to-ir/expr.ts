// Expressions as values. In: a typed-AST expression (conversions already explicit, operands already of
// the operation's type — sema/typed-ast.ts); out: IR instructions computing its value (`rvalue`), or its
// side effects only (`discard`). C semantics kept exactly: integer arithmetic wraps at the operand
// type's width, signedness picks sdiv/ashr/signed compares, conversions truncate or extend by the source
// type's signedness, `_Bool` is 0/1, operands evaluate left to right, && || ?: evaluate only what they
// must (C11 §6.3, §6.5).
import { T, signedOf, type BinOp, type CmpPred, type IntType, type Value, type ValueType } from '../../ir/index.js';
import { resolve, type CType, type TBinaryOp, type TExpr } from '../sema/index.js';
import type { FnLowering } from './context.js';
import { irIntOf, irTypeOf, isBoolType, isPtrType, isRecordOrArray, isSigned } from './ctypes.js';
import { aggAddr, lvalue, scale } from './lvalue.js';
import { addrValue, loadScalar, resize, storeScalar } from './memory.js';
import { branchOn } from './cond.js';
import { lowerCall } from './calls.js';
import { lowerBuiltin } from './builtins.js';
import { lowerStmts } from './stmt.js';
import { assignRecord } from './assign.js';

/** The IR constant of a folded C value of type `t`. */
export function constOf(fx: FnLowering, t: CType, v: bigint): Value {
  const it = irTypeOf(t);
  if (it === undefined || it.kind === 'int') return fx.b.int(it ?? T.i32, v);
  if (BigInt.asUintN(64, v) === 0n) return fx.b.null();
  return fx.b.inttoptr(fx.i64(v));
}

/** `v` compared with zero (i1: true when zero). */
export function isZero(fx: FnLowering, v: Value): Value {
  return fx.b.cmp('eq', v, fx.zero(v.type as ValueType));
}

/** The value of `e`. */
export function rvalue(fx: FnLowering, e: TExpr): Value {
  if (e.value !== undefined && e.category === 'rvalue' && e.kind !== 'Call' && e.kind !== 'Assign') {
    fx.at(e.span);
    return constOf(fx, e.type, e.value);
  }
  fx.at(e.span);
  switch (e.kind) {
    case 'IntLit':
    case 'EnumRef':
    case 'Constant':
      return constOf(fx, e.type, e.value ?? 0n);
    case 'FloatLit':
      return fx.error('floating point is not supported in BPF programs', e.span, 'C1302');
    case 'FuncRef':
      return fx.b.funcRef(fx.mod.funcName(e.symbol));
    case 'VarRef':
    case 'Member':
    case 'Index':
    case 'Deref':
      return loadScalar(fx, lvalue(fx, e));
    case 'StringLit':
    case 'CompoundLiteral':
      return addrValue(fx, lvalue(fx, e).addr);
    case 'Unary':
      return unary(fx, e);
    case 'AddrOf':
      return addressOf(fx, e.operand);
    case 'IncDec':
      return incDec(fx, e);
    case 'Binary': {
      const a = rvalue(fx, e.left);
      const b = rvalue(fx, e.right);
      fx.at(e.span);
      return binary(fx, e.op, a, b, e.operandType, e.left.type, e.right.type, e.type);
    }
    case 'Logical': {
      const t = fx.b.newBlock('l.true');
      const f = fx.b.newBlock('l.false');
      const join = fx.b.newBlock('l.end');
      branchOn(fx, e, t, f);
      fx.b.setBlock(t).br(join);
      fx.b.setBlock(f).br(join);
      fx.b.setBlock(join);
      const rt = irIntOf(e.type);
      return fx.b.phi(rt, [[fx.b.int(rt, 1), t], [fx.b.int(rt, 0), f]]);
    }
    case 'PtrArith': {
      const p = rvalue(fx, e.pointer);
      const off = rvalue(fx, e.offset);
      fx.at(e.span);
      return ptrOffset(fx, p, off, e.elemSize, e.op === '-');
    }
    case 'PtrDiff': {
      const a = rvalue(fx, e.left);
      const b = rvalue(fx, e.right);
      fx.at(e.span);
      return exactDiv(fx, fx.b.ptrdiff(a, b), e.elemSize);
    }
    case 'Assign': {
      if (isRecordOrArray(e.type)) {
        assignRecord(fx, e);
        return fx.b.undef(T.i32);
      }
      if (e.target.kind === 'VarRef' && fx.mod.writeOnly.has(e.target.symbol)) return rvalue(fx, e.rhs);
      const lv = lvalue(fx, e.target);
      const v = rvalue(fx, e.rhs);
      fx.at(e.span);
      return storeScalar(fx, lv, v);
    }
    case 'CompoundAssign':
      return compoundAssign(fx, e);
    case 'Conditional':
      return conditional(fx, e);
    case 'Shared': {
      const hit = fx.shared.get(e.id);
      if (hit && !('addr' in hit)) return hit;
      const v = rvalue(fx, e.expr);
      fx.shared.set(e.id, v);
      return v;
    }
    case 'Comma':
      e.exprs.slice(0, -1).forEach((x) => discard(fx, x));
      return rvalue(fx, e.exprs[e.exprs.length - 1] as TExpr);
    case 'Cast':
      return cast(fx, e);
    case 'Call':
      return lowerCall(fx, e, true) ?? fx.b.undef(T.i32);
    case 'BuiltinCall':
      return lowerBuiltin(fx, e, false) ?? fx.b.undef(T.i32);
    case 'StmtExpr':
      lowerStmts(fx, e.body);
      if (!e.result) return fx.b.undef(T.i32);
      return rvalue(fx, e.result);
    case 'Error':
      return fx.error('expression with errors', e.span);
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Evaluates `e` for its side effects only. */
export function discard(fx: FnLowering, e: TExpr): void {
  if (e.value !== undefined && e.category === 'rvalue' && e.kind !== 'Call' && e.kind !== 'Assign') return;
  fx.at(e.span);
  switch (e.kind) {
    case 'Cast':
      if (e.cast === 'ToVoid' || e.cast === 'NoOp' || e.cast === 'BitCast' || e.cast === 'IntegralCast') {
        discard(fx, e.operand);
        return;
      }
      break;
    case 'Call':
      lowerCall(fx, e, false);
      return;
    case 'BuiltinCall':
      lowerBuiltin(fx, e, true);
      return;
    case 'Comma':
      e.exprs.forEach((x) => discard(fx, x));
      return;
    case 'Conditional': {
      const t = fx.b.newBlock('c.then');
      const f = fx.b.newBlock('c.else');
      const join = fx.b.newBlock('c.end');
      branchOn(fx, e.cond, t, f);
      fx.b.setBlock(t);
      discard(fx, e.then);
      fx.jump(join);
      fx.b.setBlock(f);
      discard(fx, e.else);
      fx.jump(join);
      fx.b.setBlock(join);
      return;
    }
    case 'Logical': {
      const rhs = fx.b.newBlock('l.rhs');
      const join = fx.b.newBlock('l.end');
      if (e.op === '&&') branchOn(fx, e.left, rhs, join);
      else branchOn(fx, e.left, join, rhs);
      fx.b.setBlock(rhs);
      discard(fx, e.right);
      fx.jump(join);
      fx.b.setBlock(join);
      return;
    }
    case 'StmtExpr':
      lowerStmts(fx, e.body);
      if (e.result) discard(fx, e.result);
      return;
    case 'Unary':
    case 'Binary':
      if (e.kind === 'Unary') discard(fx, e.operand);
      else {
        discard(fx, e.left);
        discard(fx, e.right);
      }
      return;
    case 'Error':
      fx.error('expression with errors', e.span);
      return;
    default:
      break;
  }
  if (resolve(e.type).kind === 'void') {
    if (e.kind === 'Cast') discard(fx, e.operand);
    return;
  }
  if (isRecordOrArray(e.type)) {
    aggAddr(fx, e);
    return;
  }
  rvalue(fx, e);
}

function unary(fx: FnLowering, e: TExpr & { kind: 'Unary' }): Value {
  const x = rvalue(fx, e.operand);
  fx.at(e.span);
  switch (e.op) {
    case '+':
      return x;
    case '-':
      return fx.b.sub(fx.zero(x.type as ValueType), x);
    case '~':
      return fx.b.xor(x, fx.b.int(x.type as IntType, -1));
    case '!':
      return fx.b.zext(isZero(fx, x), irIntOf(e.type).bits);
    default: {
      const never: never = e.op;
      return never;
    }
  }
}

/** `&x`: maps give their reference, functions their address, objects their location. */
export function addressOf(fx: FnLowering, operand: TExpr): Value {
  if (operand.kind === 'VarRef' && fx.mod.mapVars.has(operand.symbol)) return fx.b.mapRef(operand.symbol.name);
  if (operand.kind === 'FuncRef') return fx.b.funcRef(fx.mod.funcName(operand.symbol));
  if (operand.kind === 'Deref' && resolve(operand.type).kind === 'function') return rvalue(fx, operand.operand);
  const lv = lvalue(fx, operand);
  if (lv.bits) return fx.error('cannot take the address of a bit-field', operand.span);
  return addrValue(fx, lv.addr);
}

/** `p ± off * elemSize`. */
export function ptrOffset(fx: FnLowering, p: Value, off: Value, elemSize: number, negate: boolean): Value {
  let bytes = scale(fx, off, elemSize);
  if (negate) bytes = bytes.kind === 'const' ? fx.i64(BigInt.asUintN(64, -bytes.value)) : fx.b.sub(fx.i64(0), bytes);
  if (bytes.kind === 'const' && bytes.value === 0n) return p;
  if (p.kind === 'globalref' && bytes.kind === 'const') return fx.b.globalRef(p.symbol, p.offset + Number(BigInt.asIntN(64, bytes.value)));
  if (p.type.kind !== 'ptr') return fx.error('pointer arithmetic on a non-pointer', fx.fn.span);
  return fx.b.ptradd(p, bytes);
}

/** An exact signed division of a byte difference by the element size (a shift, then a multiply by the inverse). */
function exactDiv(fx: FnLowering, d: Value, size: number): Value {
  if (size <= 1) return d;
  let k = 0;
  let odd = size;
  while (odd % 2 === 0) {
    odd /= 2;
    k++;
  }
  let v = k > 0 ? fx.b.bin('ashr', d, fx.i64(k)) : d;
  if (odd > 1) v = fx.b.mul(v, fx.i64(inverse64(BigInt(odd))));
  return v;
}

/** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration). */
function inverse64(a: bigint): bigint {
  let x = a;
  for (let i = 0; i < 6; i++) x = BigInt.asUintN(64, x * (2n - BigInt.asUintN(64, a * x)));
  return x;
}

const CMP: Partial<Record<TBinaryOp, [CmpPred, CmpPred]>> = {
  '<': ['ult', 'slt'], '>': ['ugt', 'sgt'], '<=': ['ule', 'sle'], '>=': ['uge', 'sge'], '==': ['eq', 'eq'], '!=': ['ne', 'ne'],
};

/** The comparison predicate of a C comparison operator on operands of type `ot`. */
export function cmpPred(op: TBinaryOp, ot: CType): CmpPred | undefined {
  const p = CMP[op];
  if (!p) return undefined;
  return !isPtrType(ot) && isSigned(ot) ? p[1] : p[0];
}

/** A binary operator on operands already converted as sema says (shift amounts: their own type). */
export function binary(fx: FnLowering, op: TBinaryOp, a: Value, b: Value, ot: CType, _lt: CType, rt: CType, result: CType): Value {
  const pred = cmpPred(op, ot);
  if (pred) return fx.b.zext(fx.b.cmp(pred, a, b), irIntOf(result).bits);
  const t = a.type as IntType;
  const signed = isSigned(ot);
  switch (op) {
    case '+':
      return fx.b.add(a, b);
    case '-':
      return fx.b.sub(a, b);
    case '*':
      return fx.b.mul(a, b);
    case '&':
      return fx.b.and(a, b);
    case '|':
      return fx.b.or(a, b);
    case '^':
      return fx.b.xor(a, b);
    case '<<':
    case '>>': {
      const amount = resize(fx, b, b.type as IntType, t, isSigned(rt));
      const bop: BinOp = op === '<<' ? 'shl' : signed && !knownNonNegative(a) ? 'ashr' : 'lshr';
      return fx.b.bin(bop, a, amount);
    }
    case '/':
    case '%':
      return divide(fx, op === '%', a, b, t, signed);
    default:
      return fx.error(`unexpected operator ${op}`, fx.fn.span);
  }
}

/** Whether an integer value is certainly non-negative (so signed and unsigned division agree). */
export function knownNonNegative(v: Value): boolean {
  const bits = v.type.kind === 'int' ? v.type.bits : 64;
  switch (v.kind) {
    case 'const':
      return signedOf(v.value, bits as IntType['bits']) >= 0n;
    case 'cast':
      return v.op === 'zext' || (v.op === 'sext' && knownNonNegative(v.a));
    case 'bin':
      if (v.op === 'and') return knownNonNegative(v.a) || knownNonNegative(v.b);
      if (v.op === 'lshr') return v.b.kind === 'const' && v.b.value > 0n;
      if (v.op === 'urem') return knownNonNegative(v.b);
      if (v.op === 'or' || v.op === 'xor' || v.op === 'udiv') return knownNonNegative(v.a) && knownNonNegative(v.b);
      return false;
    case 'load':
      return v.width * 8 < bits;
    default:
      return false;
  }
}

/** Division and remainder; signed division by powers of two uses shifts (cpu < v4 has no sdiv). */
function divide(fx: FnLowering, rem: boolean, a: Value, b: Value, t: IntType, signedOp: boolean): Value {
  // a non-negative dividend and positive divisor: the unsigned operation gives the same result
  const signed = signedOp && !(knownNonNegative(a) && b.kind === 'const' && knownNonNegative(b));
  if (b.kind === 'const') {
    const d = signed ? signedOf(b.value, t.bits) : b.value;
    const mag = d < 0n ? -d : d;
    const k = mag > 0n && (mag & (mag - 1n)) === 0n ? mag.toString(2).length - 1 : -1;
    if (!signed && k >= 0) return rem ? fx.b.and(a, fx.b.int(t, mag - 1n)) : k === 0 ? a : fx.b.lshr(a, fx.b.int(t, k));
    if (signed && k >= 0) {
      if (k === 0) {
        if (rem) return fx.b.int(t, 0);
        return d < 0n ? fx.b.sub(fx.b.int(t, 0), a) : a;
      }
      // round toward zero: add 2^k - 1 to negative dividends before the arithmetic shift
      const sign = fx.b.bin('ashr', a, fx.b.int(t, t.bits - 1));
      const bias = fx.b.lshr(sign, fx.b.int(t, t.bits - k));
      const s = fx.b.add(a, bias);
      if (rem) return fx.b.sub(a, fx.b.and(s, fx.b.int(t, -mag)));
      const q = fx.b.bin('ashr', s, fx.b.int(t, k));
      return d < 0n ? fx.b.sub(fx.b.int(t, 0), q) : q;
    }
  }
  return fx.b.bin(signed ? (rem ? 'srem' : 'sdiv') : rem ? 'urem' : 'udiv', a, b);
}

/** Converts a scalar value between C types as assignment does (C11 §6.3.1.2, §6.3.1.3, §6.3.2.3). */
export function convert(fx: FnLowering, v: Value, from: CType, to: CType): Value {
  const ti = irTypeOf(to);
  const fi = v.type as ValueType;
  if (ti === undefined) return v;
  if (isBoolType(to)) {
    if (isBoolType(from)) return v;
    return fx.b.zext(fx.b.cmp('ne', v, fx.zero(fi)), 8);
  }
  if (ti.kind === 'ptr') {
    if (fi.kind === 'ptr') return v;
    const wide = resize(fx, v, fi, T.i64, isSigned(from));
    if (wide.kind === 'const') return wide.value === 0n ? fx.b.null() : fx.b.inttoptr(wide);
    return fx.b.inttoptr(wide);
  }
  if (fi.kind === 'ptr') {
    const i = fx.b.ptrtoint(v);
    return resize(fx, i, T.i64, ti, false);
  }
  return resize(fx, v, fi, ti, isSigned(from) && !isBoolType(from));
}

function cast(fx: FnLowering, e: TExpr & { kind: 'Cast' }): Value {
  const o = e.operand;
  switch (e.cast) {
    case 'LValueToRValue':
      if (isRecordOrArray(e.type)) return fx.error('a record value is not a scalar', e.span);
      return loadScalar(fx, lvalue(fx, o));
    case 'ArrayToPointerDecay':
      return addrValue(fx, lvalue(fx, o).addr);
    case 'FunctionToPointerDecay':
      if (o.kind === 'FuncRef') return fx.b.funcRef(fx.mod.funcName(o.symbol));
      if (o.kind === 'Deref') return rvalue(fx, o.operand);
      return rvalue(fx, o);
    case 'NoOp':
    case 'BitCast':
      return rvalue(fx, o);
    case 'NullToPointer':
      discardIfEffects(fx, o);
      return fx.b.null();
    case 'ToVoid':
      discard(fx, o);
      return fx.b.undef(T.i32);
    case 'IntegralCast':
    case 'IntegralToBoolean':
    case 'PointerToBoolean':
    case 'IntegralToPointer':
    case 'PointerToIntegral': {
      const v = rvalue(fx, o);
      fx.at(e.span);
      return convert(fx, v, o.type, e.type);
    }
    case 'ToUnion':
      return fx.error('a union value is not a scalar', e.span);
    case 'IntegralToFloating':
    case 'FloatingToIntegral':
    case 'FloatingCast':
    case 'FloatingToBoolean':
      return fx.error('floating point is not supported in BPF programs', e.span, 'C1302');
    default: {
      const never: never = e.cast;
      return never;
    }
  }
}

function discardIfEffects(fx: FnLowering, e: TExpr): void {
  if (e.value === undefined) discard(fx, e);
}

function incDec(fx: FnLowering, e: TExpr & { kind: 'IncDec' }): Value {
  const lv = lvalue(fx, e.operand);
  const old = loadScalar(fx, lv);
  fx.at(e.span);
  let nv: Value;
  const t = old.type as ValueType;
  if (t.kind === 'ptr') nv = fx.b.ptradd(old, fx.i64(e.op === '++' ? e.step : -e.step));
  else if (isBoolType(e.operand.type)) nv = e.op === '++' ? fx.b.int(t, 1) : fx.b.xor(old, fx.b.int(t, 1));
  else nv = e.op === '++' ? fx.b.add(old, fx.b.int(t, e.step)) : fx.b.sub(old, fx.b.int(t, e.step));
  const stored = storeScalar(fx, lv, nv);
  return e.prefix ? stored : old;
}

function compoundAssign(fx: FnLowering, e: TExpr & { kind: 'CompoundAssign' }): Value {
  const lv = lvalue(fx, e.target);
  const old = loadScalar(fx, lv);
  const r = rvalue(fx, e.rhs);
  fx.at(e.span);
  let nv: Value;
  if (e.elemSize !== undefined) {
    nv = ptrOffset(fx, old, r, e.elemSize, e.op === '-');
  } else {
    const ct = e.computationType;
    const a = convert(fx, old, e.target.type, ct);
    const res = binary(fx, e.op, a, r, ct, ct, e.rhs.type, ct);
    nv = convert(fx, res, ct, e.target.type);
  }
  return storeScalar(fx, lv, nv);
}

function conditional(fx: FnLowering, e: TExpr & { kind: 'Conditional' }): Value {
  if (resolve(e.type).kind === 'void') {
    discard(fx, e);
    return fx.b.undef(T.i32);
  }
  const rt = irTypeOf(e.type);
  if (rt === undefined) return fx.error('conditional of a non-scalar type', e.span);
  const t = fx.b.newBlock('c.then');
  const f = fx.b.newBlock('c.else');
  const join = fx.b.newBlock('c.end');
  branchOn(fx, e.cond, t, f);
  fx.b.setBlock(t);
  const tv = rvalue(fx, e.then);
  const tEnd = fx.b.current;
  fx.b.br(join);
  fx.b.setBlock(f);
  const fv = rvalue(fx, e.else);
  const fEnd = fx.b.current;
  fx.b.br(join);
  fx.b.setBlock(join);
  fx.at(e.span);
  return fx.b.phi(rt, [[tv, tEnd], [fv, fEnd]]);
}
