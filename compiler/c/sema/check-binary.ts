// Expression checking, part 2 (C11 §6.5.5–6.5.17): multiplicative, additive (incl. pointer arithmetic),
// shift, relational, equality, bitwise and logical operators, `?:` (incl. GNU `a ?: b`), assignment
// and compound assignment, and the comma operator. Operands come out converted to the operation's type;
// constant operands fold. Warnings as clang gives them: sign-compare, distinct pointer types, division
// by zero, overlong shifts. In: ast nodes; out: TExpr.
import type { AssignExpr, BinaryExpr, CommaExpr, ConditionalExpr } from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import { checkExpr, checkModifiable, checkRValue, errorNode, markModified } from './check-expr.js';
import { compatible, quoted } from './compat.js';
import type { SemaContext } from './context.js';
import {
  cast, condition, convertArith, convertAssign, floatValue, isNullPointerConstant, promote, promotedType, rvalue,
  usualArithmeticType,
} from './convert.js';
import { bitsOf, foldBinary } from './fold.js';
import { intRange } from './int-range.js';
import { CastKind, type TBinaryOp, type TExpr } from './typed-ast.js';
import {
  INT_INFO, Qual, intKindOf, intType, isArithmetic, isComplete, isFloating, isFunction, isInteger, isPointer,
  isScalar, isVoid, pointerTo, qualsOf, resolve, sizeOf, unqualified, voidType, withQuals, type CType,
} from './types.js';

function binaryNode(op: TBinaryOp, left: TExpr, right: TExpr, operandType: CType, type: CType, span: Span): TExpr {
  const out: TExpr = { kind: 'Binary', op, left, right, operandType, type, category: 'rvalue', span };
  if (isFloating(operandType)) {
    const a = floatValue(left);
    const b = floatValue(right);
    if (a !== undefined && b !== undefined) {
      const cmp: Partial<Record<TBinaryOp, boolean>> = { '<': a < b, '>': a > b, '<=': a <= b, '>=': a >= b, '==': a === b, '!=': a !== b };
      const c = cmp[op];
      if (c !== undefined) out.value = c ? 1n : 0n;
    }
    return out;
  }
  const k = intKindOf(operandType) ?? (isPointer(operandType) ? 'unsigned long' : undefined);
  if (left.value !== undefined && right.value !== undefined && k !== undefined) {
    const v = foldBinary(op, left.value, right.value, k);
    if (v !== undefined) out.value = v;
  }
  return out;
}

/** The element size for pointer arithmetic, or undefined (after reporting) for incomplete pointees. */
function elementSize(cx: SemaContext, ptrType: CType, span: Span): number | undefined {
  const pr = resolve(ptrType);
  if (pr.kind !== 'pointer') return undefined;
  const p = pr.pointee;
  if (isVoid(p) || isFunction(p)) return 1; // GNU arithmetic on void * and function pointers
  if (!isComplete(p)) {
    cx.report('C1204', `arithmetic on a pointer to an incomplete type ${quoted(p)}`, span);
    return undefined;
  }
  return sizeOf(p)!;
}

/** An integer offset for pointer arithmetic: promoted, then widened to (unsigned) long by its signedness. */
function offsetOperand(e: TExpr): TExpr {
  const p = promote(e);
  const k = intKindOf(p.type)!;
  return convertArith(p, intType(INT_INFO[k].signed ? 'long' : 'unsigned long'));
}

export function checkBinary(cx: SemaContext, e: BinaryExpr): TExpr {
  const { op, span } = e;
  if (op === '&&' || op === '||') {
    const l0 = rvalue(cx, checkExpr(cx, e.left));
    const r0 = rvalue(cx, checkExpr(cx, e.right));
    const opSpan = cx.operatorSpan(e.left.span, e.right.span, op) ?? span;
    const msg = () => `invalid operands to binary expression (${quoted(l0.type)} and ${quoted(r0.type)})`;
    const left = condition(cx, l0, opSpan, msg);
    const right = left.kind === 'Error' ? r0 : condition(cx, r0, opSpan, msg);
    const out: TExpr = { kind: 'Logical', op, left, right, type: intType('int'), category: 'rvalue', span };
    if (left.value !== undefined) {
      const l = left.value !== 0n;
      if (op === '&&' && !l) out.value = 0n;
      else if (op === '||' && l) out.value = 1n;
      else if (right.value !== undefined) out.value = right.value !== 0n ? 1n : 0n;
    }
    return out;
  }
  const left = checkRValue(cx, e.left);
  const right = checkRValue(cx, e.right);
  if (left.kind === 'Error' || right.kind === 'Error') return errorNode(span);
  const opSpan = cx.operatorSpan(e.left.span, e.right.span, op) ?? span;
  const invalid = (): TExpr => {
    cx.report('C1205', `invalid operands to binary expression (${quoted(left.type)} and ${quoted(right.type)})`, opSpan, e.origin);
    return errorNode(span);
  };
  switch (op) {
    case '*':
    case '/':
    case '%':
    case '&':
    case '^':
    case '|': {
      const intOnly = op !== '*' && op !== '/';
      if (intOnly ? !(isInteger(left.type) && isInteger(right.type)) : !(isArithmetic(left.type) && isArithmetic(right.type))) return invalid();
      const t = usualArithmeticType(left, right);
      const l = convertArith(promote(left), t);
      const r = convertArith(promote(right), t);
      if ((op === '/' || op === '%') && r.value === 0n && isInteger(t)) {
        cx.report('C1506', `${op === '/' ? 'division' : 'remainder'} by zero is undefined`, opSpan, e.right.origin);
      }
      return binaryNode(op, l, r, t, t, span);
    }
    case '+':
    case '-': {
      if (isArithmetic(left.type) && isArithmetic(right.type)) {
        const t = usualArithmeticType(left, right);
        return binaryNode(op, convertArith(promote(left), t), convertArith(promote(right), t), t, t, span);
      }
      if (op === '-' && isPointer(left.type) && isPointer(right.type)) {
        const lp = (resolve(left.type) as { pointee: CType }).pointee;
        const rp = (resolve(right.type) as { pointee: CType }).pointee;
        if (!compatible(unqualified(lp), unqualified(rp), true)) {
          cx.report('C1205', `${quoted(left.type)} and ${quoted(right.type)} are not pointers to compatible types`, opSpan, e.origin);
          return errorNode(span);
        }
        const size = elementSize(cx, left.type, span);
        if (size === undefined) return errorNode(span);
        const out: TExpr = { kind: 'PtrDiff', left, right, elemSize: size, type: intType('long'), category: 'rvalue', span };
        if (left.value !== undefined && right.value !== undefined && size > 0) {
          out.value = BigInt.asIntN(64, left.value - right.value) / BigInt(size);
        }
        return out;
      }
      let ptr = left;
      let idx = right;
      if (op === '+' && isInteger(left.type) && isPointer(right.type)) [ptr, idx] = [right, left];
      if (!isPointer(ptr.type) || !isInteger(idx.type)) return invalid();
      const size = elementSize(cx, ptr.type, span);
      if (size === undefined) return errorNode(span);
      const offset = offsetOperand(idx);
      const out: TExpr = { kind: 'PtrArith', op, pointer: ptr, offset, elemSize: size, type: ptr.type, category: 'rvalue', span };
      if (ptr.value !== undefined && offset.value !== undefined) {
        const delta = offset.value * BigInt(size);
        out.value = BigInt.asUintN(64, op === '+' ? ptr.value + delta : ptr.value - delta);
      }
      return out;
    }
    case '<<':
    case '>>': {
      if (!isInteger(left.type) || !isInteger(right.type)) return invalid();
      const l = promote(left);
      const r = promote(right);
      const bits = bitsOf(intKindOf(l.type)!);
      if (r.value !== undefined && (r.value < 0n || r.value >= BigInt(bits))) {
        cx.report('C1507', r.value < 0n ? 'shift count is negative' : `shift count >= width of type`, opSpan, e.right.origin);
      }
      return binaryNode(op, l, r, l.type, l.type, span);
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
    case '==':
    case '!=':
      return comparison(cx, op, left, right, span, e, opSpan);
    default: {
      const never: never = op;
      return never;
    }
  }
}

function comparison(cx: SemaContext, op: TBinaryOp, left: TExpr, right: TExpr, span: Span, e: BinaryExpr, opSpan: Span): TExpr {
  const int = intType('int');
  if (isArithmetic(left.type) && isArithmetic(right.type)) {
    const t = usualArithmeticType(left, right);
    warnSignCompare(cx, left, right, t, span, e);
    return binaryNode(op, convertArith(promote(left), t), convertArith(promote(right), t), t, int, span);
  }
  const equality = op === '==' || op === '!=';
  if (isPointer(left.type) && isPointer(right.type)) {
    const lp = (resolve(left.type) as { pointee: CType }).pointee;
    const rp = (resolve(right.type) as { pointee: CType }).pointee;
    let t = left.type;
    if (isVoid(lp) || isVoid(rp)) {
      t = isVoid(lp) ? left.type : right.type;
      if (!equality && (isFunction(lp) || isFunction(rp))) cx.report('C1510', 'ordered comparison of function pointers', opSpan, e.origin);
    } else if (!compatible(unqualified(lp), unqualified(rp), true)) {
      cx.report('C1510', `comparison of distinct pointer types (${quoted(left.type)} and ${quoted(right.type)})`, opSpan, e.origin);
    }
    const ut = unqualified(t);
    return binaryNode(op, toPointer(left, ut), toPointer(right, ut), ut, int, span);
  }
  if (isPointer(left.type) && isInteger(right.type) || isInteger(left.type) && isPointer(right.type)) {
    const [p, i] = isPointer(left.type) ? [left, right] : [right, left];
    if (!(isNullPointerConstant(i))) {
      cx.report('C1510', `comparison between pointer and integer (${quoted(left.type)} and ${quoted(right.type)})`, opSpan, e.origin);
    }
    const pt = unqualified(p.type);
    const conv = (x: TExpr): TExpr => (x === p ? x : cast(x, isNullPointerConstant(x) ? CastKind.NullToPointer : CastKind.IntegralToPointer, pt));
    return binaryNode(op, conv(left), conv(right), pt, int, span);
  }
  cx.report('C1205', `invalid operands to binary expression (${quoted(left.type)} and ${quoted(right.type)})`, opSpan, e.origin);
  return errorNode(span);
}

function toPointer(e: TExpr, t: CType): TExpr {
  if (compatible(e.type, t)) return e;
  return cast(e, CastKind.BitCast, t);
}

/**
 * -Wsign-compare, as clang decides it: the comparison converts a signed operand to unsigned, that
 * operand is not a constant, and its value range (int-range.ts) may be negative.
 */
function warnSignCompare(cx: SemaContext, left: TExpr, right: TExpr, common: CType, span: Span, e: BinaryExpr): void {
  const ck = intKindOf(common);
  if (ck === undefined || INT_INFO[ck].signed) return;
  const signedPromoted = (x: TExpr): boolean => {
    const pk = intKindOf(promotedType(x) ?? x.type);
    return pk !== undefined && INT_INFO[pk].signed;
  };
  const ls = signedPromoted(left);
  const rs = signedPromoted(right);
  if (ls === rs) return;
  const signedOne = ls ? left : right;
  if (signedOne.value !== undefined) return;
  if (intRange(signedOne).nonNegative) return;
  cx.report('C1501', `comparison of integers of different signs: ${quoted(lvalueType(e.left, left))} and ${quoted(lvalueType(e.right, right))}`, cx.operatorSpan(e.left.span, e.right.span, e.op) ?? span, e.origin);
}

/** The type clang names for an operand in messages: the lvalue's declared type (qualifiers included). */
function lvalueType(_ast: BinaryExpr['left'], t: TExpr): CType {
  let x = t;
  while (x.kind === 'Cast' && !x.explicit && (x.cast === 'LValueToRValue' || x.cast === 'ArrayToPointerDecay')) x = x.operand;
  return x.type;
}

// ---- assignment -----------------------------------------------------------------------------------------

export function checkAssign(cx: SemaContext, e: AssignExpr): TExpr {
  const span = e.span;
  const target = checkExpr(cx, e.target);
  const value = checkRValue(cx, e.value);
  if (target.kind === 'Error' || value.kind === 'Error') return errorNode(span, target.type);
  const opSpan = cx.operatorSpan(e.target.span, e.value.span, e.op) ?? span;
  if (!checkModifiable(cx, target, opSpan)) return errorNode(span, target.type);
  if (cx.unevaluated === 0) markModified(target);
  const type = unqualified(target.type);
  if (e.op === '=') {
    const v = convertAssign(cx, value, target.type, 'assign', opSpan);
    return { kind: 'Assign', target, rhs: v, type, category: 'rvalue', span };
  }
  const op = e.op.slice(0, -1) as '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '&' | '^' | '|';
  const invalid = (): TExpr => {
    cx.report('C1205', `invalid operands to binary expression (${quoted(target.type)} and ${quoted(value.type)})`, opSpan, e.origin);
    return errorNode(span, type);
  };
  if ((op === '+' || op === '-') && isPointer(target.type)) {
    if (!isInteger(value.type)) return invalid();
    const size = elementSize(cx, target.type, span);
    if (size === undefined) return errorNode(span, type);
    return { kind: 'CompoundAssign', op, target, rhs: offsetOperand(value), computationType: type, elemSize: size, type, category: 'rvalue', span };
  }
  const intOnly = op === '%' || op === '<<' || op === '>>' || op === '&' || op === '^' || op === '|';
  if (intOnly ? !(isInteger(target.type) && isInteger(value.type)) : !(isArithmetic(target.type) && isArithmetic(value.type))) return invalid();
  const loaded = rvalue(cx, target);
  if (op === '<<' || op === '>>') {
    const ct = promotedType(loaded)!;
    return { kind: 'CompoundAssign', op, target, rhs: promote(value), computationType: ct, type, category: 'rvalue', span };
  }
  const ct = usualArithmeticType(loaded, value);
  if ((op === '/' || op === '%') && value.value === 0n) {
    cx.report('C1506', `${op === '/' ? 'division' : 'remainder'} by zero is undefined`, opSpan, e.value.origin);
  }
  return { kind: 'CompoundAssign', op, target, rhs: convertArith(promote(value), ct), computationType: ct, type, category: 'rvalue', span };
}

// ---- ?: and , ---------------------------------------------------------------------------------------------

export function checkConditional(cx: SemaContext, e: ConditionalExpr): TExpr {
  const span = e.span;
  let cond = condition(cx, checkExpr(cx, e.cond), e.cond.span, (t) => `used type ${t} where arithmetic or pointer type is required`);
  let then: TExpr;
  if (e.then === undefined) {
    // GNU `a ?: b`: a is evaluated once, tested, and is the result when non-zero
    const id = cx.id();
    const shared: TExpr = { kind: 'Shared', id, expr: cond, type: cond.type, category: 'rvalue', span: cond.span };
    if (cond.value !== undefined) shared.value = cond.value;
    cond = shared;
    then = { ...shared };
  } else {
    then = checkRValue(cx, e.then);
  }
  const els = checkRValue(cx, e.else);
  if (cond.kind === 'Error' || then.kind === 'Error' || els.kind === 'Error') return errorNode(span);
  const type = conditionalType(cx, then, els, span, e);
  if (type === undefined) return errorNode(span);
  const conv = (x: TExpr): TExpr => {
    if (isVoid(type)) return x;
    if (isArithmetic(type)) return convertArith(promote(x), type);
    if (isPointer(type)) {
      if (isPointer(x.type)) return compatible(x.type, type) ? x : cast(x, CastKind.BitCast, type);
      return cast(x, isNullPointerConstant(x) ? CastKind.NullToPointer : CastKind.IntegralToPointer, type);
    }
    return x;
  };
  const t = conv(then);
  const f = conv(els);
  const out: TExpr = { kind: 'Conditional', cond, then: t, else: f, type, category: 'rvalue', span };
  if (cond.value !== undefined) {
    const chosen = cond.value !== 0n ? t : f;
    if (chosen.value !== undefined) out.value = chosen.value;
  }
  return out;
}

function conditionalType(cx: SemaContext, a: TExpr, b: TExpr, span: Span, e: ConditionalExpr): CType | undefined {
  if (isArithmetic(a.type) && isArithmetic(b.type)) return usualArithmeticType(a, b);
  if (isVoid(a.type) && isVoid(b.type)) return voidType();
  if (resolve(a.type).kind === 'record' && compatible(a.type, b.type, true)) return unqualified(a.type);
  const ap = isPointer(a.type);
  const bp = isPointer(b.type);
  if (ap && bp) {
    const x = (resolve(a.type) as { pointee: CType }).pointee;
    const y = (resolve(b.type) as { pointee: CType }).pointee;
    const q = qualsOf(x) | qualsOf(y);
    if (isNullPointerConstant(b)) return a.type;
    if (isNullPointerConstant(a)) return b.type;
    if (isVoid(x) || isVoid(y)) return pointerTo(voidType(q & (Qual.Const | Qual.Volatile)));
    if (compatible(unqualified(x), unqualified(y), true)) return pointerTo(withQuals(unqualified(x), q));
    cx.report('C1504', `pointer type mismatch (${quoted(a.type)} and ${quoted(b.type)})`, span, e.origin);
    return pointerTo(voidType());
  }
  if (ap && isNullPointerConstant(b)) return a.type;
  if (bp && isNullPointerConstant(a)) return b.type;
  if ((ap && isInteger(b.type)) || (bp && isInteger(a.type))) {
    cx.report('C1504', `pointer/integer type mismatch in conditional expression (${quoted(a.type)} and ${quoted(b.type)})`, span, e.origin);
    return ap ? a.type : b.type;
  }
  if (!isScalar(a.type) || !isScalar(b.type)) {
    cx.report('C1205', `incompatible operand types (${quoted(a.type)} and ${quoted(b.type)})`, span, e.origin);
    return undefined;
  }
  cx.report('C1205', `incompatible operand types (${quoted(a.type)} and ${quoted(b.type)})`, span, e.origin);
  return undefined;
}

export function checkComma(cx: SemaContext, e: CommaExpr): TExpr {
  const exprs = e.exprs.map((x, i) => (i === e.exprs.length - 1 ? checkRValue(cx, x) : checkExpr(cx, x)));
  const last = exprs[exprs.length - 1]!;
  if (exprs.some((x) => x.kind === 'Error')) return errorNode(e.span, last.type);
  return { kind: 'Comma', exprs, type: last.type, category: 'rvalue', span: e.span };
}

