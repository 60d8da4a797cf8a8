// Implicit and explicit conversions (C11 §6.3, §6.5.4, §6.5.16.1), made explicit as Cast nodes:
// lvalue-to-rvalue, array/function decay, integer promotions (bit-fields as clang promotes them), the
// usual arithmetic conversions, conversion "as if by assignment" (initialisers, arguments, returns) with
// clang's diagnostics for it, casts, and conditions. In: typed expressions; out: converted expressions.
import type { Span } from '../../diagnostics/index.js';
import { compatible, quoted } from './compat.js';
import { caretOf } from './caret.js';
import type { SemaContext } from './context.js';
import { fitsInt, wrapInt } from './fold.js';
import { CastKind, type TExpr } from './typed-ast.js';
import {
  INT_INFO, Qual, intKindOf, intType, isArithmetic, isBool, isFloating, isInteger, isPointer, isScalar, isSignedInt,
  isVoid, pointerTo, qualsOf, resolve, unqualified, unsignedOf, withQuals, type CType, type IntKind,
} from './types.js';

/** Builds a Cast node; folds the value when the operand has one. */
export function cast(e: TExpr, kind: CastKind, type: CType, explicit = false): TExpr {
  const out: TExpr = { kind: 'Cast', cast: kind, operand: e, explicit, type, category: 'rvalue', span: e.span };
  if (e.origin) out.origin = e.origin;
  const v = foldCast(e, kind, type);
  if (v !== undefined) out.value = v;
  return out;
}

function foldCast(e: TExpr, kind: CastKind, type: CType): bigint | undefined {
  if (kind === 'ArrayToPointerDecay') return addressValue(e);
  if (kind === 'FloatingToIntegral' || kind === 'FloatingToBoolean') {
    const f = floatValue(e);
    if (f === undefined || !Number.isFinite(f)) return undefined;
    if (kind === 'FloatingToBoolean') return f !== 0 ? 1n : 0n;
    const k = intKindOf(type);
    return k === undefined ? undefined : k === '_Bool' ? (f !== 0 ? 1n : 0n) : wrapInt(BigInt(Math.trunc(f)), k);
  }
  if (e.value === undefined) return undefined;
  switch (kind) {
    case 'IntegralCast':
    case 'NoOp': {
      const k = intKindOf(type);
      return k === undefined ? (isPointer(type) ? e.value : undefined) : wrapInt(e.value, k);
    }
    case 'IntegralToBoolean':
    case 'PointerToBoolean':
      return e.value !== 0n ? 1n : 0n;
    case 'IntegralToPointer':
    case 'NullToPointer':
    case 'BitCast':
      return BigInt.asUintN(64, e.value);
    case 'PointerToIntegral': {
      const k = intKindOf(type);
      return k === undefined ? undefined : wrapInt(e.value, k);
    }
    default:
      return undefined;
  }
}

/** The address an lvalue designates when it folds (`&((struct s *)0)->m`, for offsetof-style macros). */
export function addressValue(e: TExpr): bigint | undefined {
  switch (e.kind) {
    case 'Deref': return e.operand.value;
    case 'Member': {
      if (e.arrow) return e.object.value === undefined ? undefined : BigInt.asUintN(64, e.object.value + BigInt(e.field.offset));
      const base = addressValue(e.object);
      return base === undefined ? undefined : BigInt.asUintN(64, base + BigInt(e.field.offset));
    }
    case 'Index':
      if (e.base.value === undefined || e.index.value === undefined) return undefined;
      return BigInt.asUintN(64, e.base.value + e.index.value * BigInt(e.elemSize));
    default:
      return undefined;
  }
}

/**
 * The value of a floating constant expression (literals, casts, unary and binary arithmetic), so that
 * `(int)(1.5 * 4)` or `(_Bool)0.5` fold as in clang; floating point itself never reaches the BPF code.
 */
export function floatValue(e: TExpr): number | undefined {
  switch (e.kind) {
    case 'FloatLit':
      return e.float;
    case 'Cast':
      if (e.cast === 'IntegralToFloating') return e.operand.value === undefined ? undefined : Number(isSignedInt(e.operand.type) ? e.operand.value : BigInt.asUintN(64, e.operand.value));
      if (e.cast === 'FloatingCast' || e.cast === 'NoOp' || e.cast === 'LValueToRValue') return e.cast === 'LValueToRValue' ? undefined : roundTo(floatValue(e.operand), e.type);
      return undefined;
    case 'Unary': {
      const v = floatValue(e.operand);
      if (v === undefined) return undefined;
      return e.op === '-' ? -v : e.op === '+' ? v : undefined;
    }
    case 'Binary': {
      if (!isFloating(e.operandType)) return undefined;
      const a = floatValue(e.left);
      const b = floatValue(e.right);
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '+': return roundTo(a + b, e.type);
        case '-': return roundTo(a - b, e.type);
        case '*': return roundTo(a * b, e.type);
        case '/': return roundTo(a / b, e.type);
        default: return undefined;
      }
    }
    default:
      return undefined;
  }
}

function roundTo(v: number | undefined, t: CType): number | undefined {
  if (v === undefined) return undefined;
  const r = resolve(t);
  return r.kind === 'float' && r.float === 'float' ? Math.fround(v) : v;
}

/** The bit-field an rvalue expression reads, if any (for promotions). */
export function bitFieldWidth(e: TExpr): number | undefined {
  let x = e;
  while (x.kind === 'Cast' && x.cast === 'LValueToRValue') x = x.operand;
  if (x.kind === 'Member') return x.field.bitWidth;
  return undefined;
}

/** Registers a string literal's object (when its address is used in evaluated code). */
export function useString(cx: SemaContext, e: TExpr): void {
  if (e.kind !== 'StringLit' || cx.unevaluated > 0 || e.data.objectName !== '') return;
  const n = cx.strings.length;
  e.data.id = n;
  e.data.objectName = n === 0 ? '.L.str' : `.L.str.${n}`;
  cx.strings.push(e.data);
}

/** An array decaying to a pointer exposes its variable's address (a string literal: its object). */
function markArrayUse(cx: SemaContext, e: TExpr): void {
  if (e.kind === 'StringLit') {
    useString(cx, e);
    return;
  }
  let x: TExpr = e;
  while ((x.kind === 'Member' && !x.arrow) || (x.kind === 'Index' && x.base.kind === 'Cast' && x.base.cast === 'ArrayToPointerDecay')) {
    x = x.kind === 'Member' ? x.object : (x.base as { operand: TExpr }).operand;
  }
  if (x.kind === 'VarRef') x.symbol.addressTaken = true;
}

/** Lvalue-to-rvalue conversion and array/function decay (C11 §6.3.2.1). */
export function rvalue(cx: SemaContext, e: TExpr): TExpr {
  const r = resolve(e.type);
  if (r.kind === 'array') {
    if (e.kind === 'Error') return { ...e, type: pointerTo(r.element), category: 'rvalue' };
    if (cx.unevaluated === 0) markArrayUse(cx, e);
    return cast(e, CastKind.ArrayToPointerDecay, pointerTo(r.element));
  }
  if (r.kind === 'function') return cast(e, CastKind.FunctionToPointerDecay, pointerTo(e.type));
  if (e.category === 'lvalue') {
    if (r.kind === 'void') {
      cx.report('C1225', 'incomplete type \'void\' is not assignable or readable', e.span, e.origin);
    }
    const out = cast(e, CastKind.LValueToRValue, unqualified(e.type));
    return out;
  }
  return e;
}

/** The promoted type of an integer rvalue (C11 §6.3.1.1p2), or undefined when not an integer. */
export function promotedType(e: TExpr): CType | undefined {
  const k = intKindOf(e.type);
  if (k === undefined) return undefined;
  const w = bitFieldWidth(e);
  if (w !== undefined) {
    if (w < 32) return intType('int');
    if (w === 32) return intType(INT_INFO[k].signed ? 'int' : 'unsigned int');
    return unqualified(resolve(e.type).kind === 'enum' ? intType(k) : e.type);
  }
  if (INT_INFO[k].rank < INT_INFO.int.rank) return intType('int');
  if (resolve(e.type).kind === 'enum') return intType(k);
  return unqualified(e.type);
}

/** Integer promotion of an rvalue (other types unchanged). */
export function promote(e: TExpr): TExpr {
  const p = promotedType(e);
  if (p === undefined) return e;
  const from = intKindOf(e.type);
  const to = intKindOf(p);
  if (from === to && resolve(e.type).kind === 'int' && e.type.quals === 0 && bitFieldWidth(e) === undefined) return e;
  return cast(e, from === to ? CastKind.NoOp : CastKind.IntegralCast, p);
}

/** The common type of the usual arithmetic conversions (C11 §6.3.1.8), for promoted integer kinds. */
export function commonIntKind(a: IntKind, b: IntKind): IntKind {
  if (a === b) return a;
  const ia = INT_INFO[a];
  const ib = INT_INFO[b];
  if (ia.signed === ib.signed) return ia.rank >= ib.rank ? a : b;
  const [u, s] = ia.signed ? [b, a] : [a, b];
  if (INT_INFO[u].rank >= INT_INFO[s].rank) return u;
  if (INT_INFO[s].size > INT_INFO[u].size) return s;
  return unsignedOf(s);
}

/** The type the usual arithmetic conversions give two arithmetic rvalues (promoted or not). */
export function usualArithmeticType(a: TExpr, b: TExpr): CType {
  if (isFloating(a.type) || isFloating(b.type)) {
    const fa = resolve(a.type);
    const fb = resolve(b.type);
    const rank = (t: typeof fa) => (t.kind === 'float' ? ['float', 'double', 'long double'].indexOf(t.float) : -1);
    return unqualified(rank(fa) >= rank(fb) ? fa : fb);
  }
  const pa = intKindOf(promotedType(a)!)!;
  const pb = intKindOf(promotedType(b)!)!;
  return intType(commonIntKind(pa, pb));
}

/** Converts an arithmetic rvalue to arithmetic type `to` (an implicit conversion). */
export function convertArith(e: TExpr, to: CType, explicit = false): TExpr {
  const from = e.type;
  const toR = resolve(to);
  if (toR.kind === 'int' && toR.int === '_Bool') {
    if (isBool(from)) return e;
    return cast(e, isFloating(from) ? CastKind.FloatingToBoolean : CastKind.IntegralToBoolean, to, explicit);
  }
  if (isFloating(to)) {
    return cast(e, isFloating(from) ? CastKind.FloatingCast : CastKind.IntegralToFloating, to, explicit);
  }
  if (isFloating(from)) return cast(e, CastKind.FloatingToIntegral, to, explicit);
  const fr = resolve(from);
  const tr = resolve(to);
  const sameCanonical = (fr.kind === 'int' && tr.kind === 'int' && fr.int === tr.int)
    || (fr.kind === 'enum' && tr.kind === 'enum' && fr.decl === tr.decl);
  if (sameCanonical && bitFieldWidth(e) === undefined) return explicit ? cast(e, CastKind.NoOp, to, true) : e;
  return cast(e, CastKind.IntegralCast, to, explicit);
}

/** Whether `e` is a null pointer constant (C11 §6.3.2.3p3). */
export function isNullPointerConstant(e: TExpr): boolean {
  if (e.value !== 0n) return false;
  if (isInteger(e.type)) return true;
  // (void *)0
  let x = e;
  while (x.kind === 'Cast' && (x.cast === 'NoOp' || x.cast === 'IntegralToPointer' || x.cast === 'NullToPointer')) {
    if (!isVoidPointerExact(x.type)) return false;
    x = x.operand;
    if (isInteger(x.type)) return true;
  }
  return false;
}

function isVoidPointerExact(t: CType): boolean {
  const r = resolve(t);
  return r.kind === 'pointer' && resolve(r.pointee).kind === 'void' && qualsOf(r.pointee) === 0;
}

export type ConversionContext = 'assign' | 'init' | 'arg' | 'return';

/** clang's wording for a conversion between unrelated types. */
function incompatible(ctx: ConversionContext, to: CType, from: CType): string {
  const t = quoted(to);
  const f = quoted(from);
  switch (ctx) {
    case 'assign': return `assigning to ${t} from incompatible type ${f}`;
    case 'init': return `initializing ${t} with an expression of incompatible type ${f}`;
    case 'arg': return `passing ${f} to parameter of incompatible type ${t}`;
    case 'return': return `returning ${f} from a function with incompatible result type ${t}`;
    default: {
      const never: never = ctx;
      return never;
    }
  }
}

function describe(ctx: ConversionContext, to: CType, from: CType): string {
  const t = `${quoted(to)}`;
  const f = `${quoted(from)}`;
  switch (ctx) {
    case 'assign': return `assigning to ${t} from ${f}`;
    case 'init': return `initializing ${t} with an expression of type ${f}`;
    case 'arg': return `passing ${f} to parameter of type ${t}`;
    case 'return': return `returning ${f} from a function with result type ${t}`;
    default: {
      const never: never = ctx;
      return never;
    }
  }
}

/**
 * Converts rvalue `e` to `to` as if by assignment (C11 §6.5.16.1), reporting what clang reports:
 * errors for int↔pointer and struct mismatches, warnings for incompatible pointer types, discarded
 * qualifiers and constants that change value.
 */
export function convertAssign(cx: SemaContext, e: TExpr, to: CType, ctx: ConversionContext, span: Span = e.span): TExpr {
  const target = unqualified(to);
  if (e.kind === 'Error') return { ...e, type: target };
  const from = e.type;
  if (isArithmetic(target) && isArithmetic(from)) {
    const out = convertArith(e, target);
    warnConstantChange(cx, e, target);
    return out;
  }
  const tr = resolve(target);
  if (tr.kind === 'pointer') {
    if (isPointer(from)) return convertPointer(cx, e, target, ctx, span);
    if (isNullPointerConstant(e)) return cast(e, CastKind.NullToPointer, target);
    if (isInteger(from)) {
      cx.report('C1207', `incompatible integer to pointer conversion ${describe(ctx, target, from)}`, span, e.origin);
      return cast(e, CastKind.IntegralToPointer, target);
    }
  }
  if (tr.kind === 'int' && tr.int === '_Bool' && isPointer(from)) return cast(e, CastKind.PointerToBoolean, target);
  if (isInteger(target) && isPointer(from)) {
    cx.report('C1207', `incompatible pointer to integer conversion ${describe(ctx, target, from)}`, span, e.origin);
    return cast(e, CastKind.PointerToIntegral, target);
  }
  if (tr.kind === 'record' && compatible(target, from, true)) return e.type === target ? e : { ...e, type: target };
  if (tr.kind === 'void' && isVoid(from)) return e;
  cx.report('C1207', incompatible(ctx, target, from), span, e.origin);
  return { kind: 'Error', type: target, category: 'rvalue', span: e.span };
}

function convertPointer(cx: SemaContext, e: TExpr, to: CType, ctx: ConversionContext, span: Span): TExpr {
  const fp = resolve(resolve(e.type).kind === 'pointer' ? (resolve(e.type) as { pointee: CType }).pointee : e.type);
  const tp = resolve((resolve(to) as { pointee: CType }).pointee);
  const fq = qualsOf(fp);
  const tq = qualsOf(tp);
  if ((fq & ~tq & (Qual.Const | Qual.Volatile | Qual.Restrict)) !== 0) {
    cx.report('C1505', `${describe(ctx, to, e.type)} discards qualifiers`, span, e.origin);
  } else if (fp.kind !== 'void' && tp.kind !== 'void' && !compatible(fp, tp, true)) {
    if (!(isNullPointerConstant(e))) {
      cx.report('C1504', `incompatible pointer types ${describe(ctx, to, e.type)}`, span, e.origin);
    }
  }
  if (compatible(e.type, to)) return e;
  return cast(e, compatible(e.type, to, true) ? CastKind.NoOp : CastKind.BitCast, to);
}

/** clang's -Wconstant-conversion: an integer constant that the conversion changes. */
function warnConstantChange(cx: SemaContext, e: TExpr, to: CType): void {
  if (e.value === undefined || !isInteger(e.type) || !isInteger(to)) return;
  const k = intKindOf(to)!;
  if (k === '_Bool') return;
  if (fitsInt(e.value, unsignedOf(k)) || fitsInt(e.value, signedOf(k))) return;
  const wrapped = wrapInt(e.value, k);
  cx.report('C1502', `implicit conversion from ${quoted(e.type)} to ${quoted(to)} changes value from ${e.value} to ${wrapped}`, caretOf(cx, e), e.origin);
}

function signedOf(k: IntKind): IntKind {
  switch (unsignedOf(k)) {
    case 'unsigned char': return 'signed char';
    case 'unsigned short': return 'short';
    case 'unsigned int': return 'int';
    case 'unsigned long': return 'long';
    case 'unsigned long long': return 'long long';
    case 'unsigned __int128': return '__int128';
    default: return k;
  }
}

/** An explicit cast `(to) e` (C11 §6.5.4); `e` is already an rvalue. */
export function explicitCast(cx: SemaContext, e: TExpr, to: CType, span: Span): TExpr {
  const target = unqualified(to);
  const tr = resolve(target);
  if (e.kind === 'Error') return { ...e, type: target };
  if (tr.kind === 'void') return cast(e, CastKind.ToVoid, target, true);
  const from = e.type;
  if (tr.kind === 'record' && tr.decl.tag === 'union') {
    const match = tr.decl.fields?.some((f) => compatible(f.type, from, true));
    if (match) return cast(e, CastKind.ToUnion, target, true);
  }
  if (!isScalar(target)) {
    if (compatible(target, from, true)) return { ...e, type: target };
    cx.report('C1223', `used type ${quoted(to)} where arithmetic or pointer type is required`, span, e.origin);
    return { kind: 'Error', type: target, category: 'rvalue', span };
  }
  if (!isScalar(from)) {
    cx.report('C1223', `operand of type ${quoted(from)} where arithmetic or pointer type is required`, e.span, e.origin);
    return { kind: 'Error', type: target, category: 'rvalue', span };
  }
  if (isArithmetic(target) && isArithmetic(from)) {
    return convertArith(e, target, true);
  }
  if (tr.kind === 'pointer') {
    if (isPointer(from)) return cast(e, compatible(from, target) ? CastKind.NoOp : CastKind.BitCast, target, true);
    if (isFloating(from)) {
      cx.report('C1223', `operand of type ${quoted(from)} cannot be cast to a pointer type`, span, e.origin);
      return { kind: 'Error', type: target, category: 'rvalue', span };
    }
    return cast(e, isNullPointerConstant(e) ? CastKind.NullToPointer : CastKind.IntegralToPointer, target, true);
  }
  // pointer → arithmetic
  if (isBool(target)) return cast(e, CastKind.PointerToBoolean, target, true);
  if (isFloating(target)) {
    cx.report('C1223', `pointer cannot be cast to type ${quoted(to)}`, span, e.origin);
    return { kind: 'Error', type: target, category: 'rvalue', span };
  }
  const out = cast(e, CastKind.PointerToIntegral, target, true);
  return out;
}

/**
 * A condition (if, loops, `?:`, `&&`, `||`): a scalar rvalue. `message` words the error for a
 * non-scalar (given its quoted type), reported at `at`.
 */
export function condition(cx: SemaContext, e: TExpr, at: Span, message: (type: string) => string): TExpr {
  const v = rvalue(cx, e);
  if (v.kind !== 'Error' && !isScalar(v.type)) {
    cx.report('C1205', message(quoted(v.type)), at, e.origin);
    return { kind: 'Error', type: intType('int'), category: 'rvalue', span: e.span };
  }
  return v;
}

/** clang's message for a statement condition that is not a scalar. */
export const statementCondition = (t: string): string => `statement requires expression of scalar type (${t} invalid)`;

/** Whether converting a value of type `from` to `to` is a no-op in representation. */
export function sameRepresentation(from: CType, to: CType): boolean {
  return compatible(withQuals(from, 0), withQuals(to, 0), true);
}
