// Expressions as values. In: a typed-AST expression (conversions already explicit, operands already of
// the operation's type — sema/typed-ast.ts); out: IR instructions computing its value (`rvalue`), or its
// side effects only (`discard`). C semantics kept exactly: integer arithmetic wraps at the operand
// type's width, signedness picks sdiv/ashr/signed compares, conversions truncate or extend by the source
// type's signedness, `_Bool` is 0/1, operands evaluate left to right, && || ?: evaluate only what they
// must (C11 §6.3, §6.5).
import { T, type IntType, type Value, type ValueType } from '../../ir/index.js';
import { intKindOf, resolve, type CType, type TExpr } from '../sema/index.js';
import type { FnLowering } from './context.js';
import { irIntOf, irTypeOf, isBoolType, isRecordOrArray } from './ctypes.js';
import { binary, convert, exactDiv } from './arith.js';
import { aggAddr, lvalue, scale } from './lvalue.js';
import { addrValue, loadScalar, storeScalar } from './memory.js';
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
  if (is128(e.type)) return fx.error('128-bit integers are not supported for the BPF target', e.span);
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

function is128(t: CType): boolean {
  const k = intKindOf(t);
  return k === '__int128' || k === 'unsigned __int128';
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
  if (p.type.kind !== 'ptr') return fx.error('pointer arithmetic on a non-pointer');
  return fx.b.ptradd(p, bytes);
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
