// Expression checking, part 1 (C11 §6.5.1–6.5.4): the dispatcher, identifiers, constants, string
// literals, member access (through anonymous members), subscripts, unary operators, sizeof/_Alignof,
// casts, compound literals, statement expressions, _Generic and the type-only builtins. Binary
// operators, assignments and `?:` are in check-binary.ts; calls and builtins in check-call.ts.
// In: ast Expr; out: TExpr with types, value categories, explicit conversions and folded values.
import type { Expr, StaticAssert, StringLiteral } from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import type { AttributeEnv } from './attributes.js';
import { checkAssign, checkBinary, checkComma, checkConditional } from './check-binary.js';
import { checkCall } from './check-call.js';
import { checkIndex, checkMember } from './check-access.js';
import { checkCompoundLiteral, checkGeneric, checkOffsetof, sizeofType } from './check-types.js';
export { findMember } from './check-access.js';
import { caretOf } from './caret.js';
import { compatible, quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { addressValue, condition, explicitCast, promote, rvalue, useString } from './convert.js';
export { useString } from './convert.js';
import { typeNameType } from './decl-types.js';
import { wrapInt } from './fold.js';

import { checkBlockItems } from './stmt.js';

import { type StringData, type TExpr, type TStringLit } from './typed-ast.js';
import {
  INT_INFO, Qual, arrayOf, intKindOf, intType, isArithmetic, isComplete, isFloating, isFunction, isInteger, isScalar,
  qualsOf, resolve, sizeOf, unqualified, type CType, type RecordDecl,
} from './types.js';

export function errorNode(span: Span, type: CType = intType('int')): TExpr {
  return { kind: 'Error', type, category: 'rvalue', span };
}

/** How deeply expressions may nest (clang's bracket depth is 256; a chain of 1000 `+` is rarer still). */
export const MAX_NESTING = 1000;

/** Checks an expression; lvalues stay lvalues (callers convert with rvalue()). */
export function checkExpr(cx: SemaContext, e: Expr): TExpr {
  if (cx.depth >= MAX_NESTING) {
    if (!cx.tooDeep) cx.report('C1307', `expression nested too deeply (more than ${MAX_NESTING} levels)`, e.span, e.origin);
    cx.tooDeep = true;
    return errorNode(e.span);
  }
  cx.depth++;
  try {
    const out = checkExprInner(cx, e);
    if (e.origin && out.origin === undefined) out.origin = e.origin;
    return out;
  } finally {
    cx.depth--;
  }
}

/** Checks an expression and converts it to an rvalue (loads, decay). */
export function checkRValue(cx: SemaContext, e: Expr): TExpr {
  return rvalue(cx, checkExpr(cx, e));
}

/** Checks an expression that is not evaluated (sizeof, typeof, array sizes…). */
export function checkUnevaluated(cx: SemaContext, e: Expr, asRValue = false): TExpr {
  cx.unevaluated++;
  try {
    return asRValue ? checkRValue(cx, e) : checkExpr(cx, e);
  } finally {
    cx.unevaluated--;
  }
}

/** An integer constant expression (C11 §6.6p6): its value, or undefined after an error. */
export function checkIntConstant(cx: SemaContext, e: Expr, what: string): bigint | undefined {
  const t = checkUnevaluated(cx, e, true);
  if (t.kind === 'Error') return undefined;
  if (!isInteger(t.type)) {
    cx.report('C1213', `integer constant expression must have integer type, not ${quoted(t.type)}`, e.span, e.origin);
    return undefined;
  }
  if (t.value === undefined) {
    cx.report('C1213', 'expression is not an integer constant expression', caretOf(cx, t), e.origin);
    return undefined;
  }
  return t.value;
}

export function checkStaticAssert(cx: SemaContext, sa: StaticAssert): void {
  const v = checkIntConstant(cx, sa.condition, 'static assertion expression');
  if (v === 0n) {
    const msg = sa.message ? `: ${String.fromCharCode(...sa.message.value)}` : '';
    const text = cx.textOf(sa.condition.span);
    const why = text !== '' && sa.condition.origin === undefined ? ` due to requirement '${text}'` : '';
    cx.report('C1221', `static assertion failed${why}${msg}`, sa.span, sa.origin);
  }
}

/** The attribute reader's view of the checker (one per context). */
export function attributeEnv(cx: SemaContext): AttributeEnv {
  cx.attributeEnv ??= {
    intConstant: (e, what) => checkIntConstant(cx, e, what),
    error: (span, message) => cx.report('C1226', message, span),
    warn: (span, message) => cx.report('C1508', message, span),
  };
  return cx.attributeEnv;
}

function checkExprInner(cx: SemaContext, e: Expr): TExpr {
  switch (e.kind) {
    case 'Identifier': return checkIdentifier(cx, e.name, e.span);
    case 'IntegerLiteral': return checkIntegerLiteral(cx, e.value, e.base, e.unsigned, e.longs, e.span);
    case 'FloatLiteral':
      return { kind: 'FloatLit', float: e.value, type: { kind: 'float', float: e.suffix === 'f' ? 'float' : e.suffix === 'l' ? 'long double' : 'double', quals: 0 }, category: 'rvalue', span: e.span };
    case 'CharLiteral': {
      const k = e.prefix === 'u' ? 'unsigned short' : e.prefix === 'U' ? 'unsigned int' : e.prefix === 'u8' ? 'unsigned char' : 'int';
      // a plain one-character constant is a (signed, on BPF) char converted to int: '\xff' == -1
      const v = e.prefix === '' && e.value >= 0x80 && e.value <= 0xff ? e.value - 0x100 : e.value;
      return { kind: 'IntLit', type: intType(k), category: 'rvalue', span: e.span, value: wrapInt(BigInt(v), k) };
    }
    case 'StringLiteral': return stringLiteral(cx, e);
    case 'UnaryExpr': return checkUnary(cx, e.op, e.operand, e.span);
    case 'PostfixExpr': return checkIncDec(cx, e.op, false, e.operand, e.span);
    case 'BinaryExpr': return checkBinary(cx, e);
    case 'AssignExpr': return checkAssign(cx, e);
    case 'ConditionalExpr': return checkConditional(cx, e);
    case 'CommaExpr': return checkComma(cx, e);
    case 'CastExpr': {
      const to = typeNameType(cx, e.type);
      const operand = checkRValue(cx, e.operand);
      if (isFloating(to) && cx.unevaluated === 0 && operand.value === undefined && !isFloating(operand.type)) {
        cx.report('C1302', 'floating point is not supported in BPF programs', e.span, e.origin);
      }
      const out = explicitCast(cx, operand, to, e.span);
      return { ...out, span: e.span };
    }
    case 'CallExpr': return checkCall(cx, e);
    case 'IndexExpr': return checkIndex(cx, e.base, e.index, e.span);
    case 'MemberExpr': return checkMember(cx, e.object, e.member, e.memberSpan, e.arrow, e.span);
    case 'SizeofExpr': {
      const t = checkUnevaluated(cx, e.operand);
      if (t.kind === 'Member' && t.field.bitWidth !== undefined) {
        const paren = cx.tokenAfter({ ...e.span, length: 6 }, '(');
        const at = paren !== undefined && paren.offset < e.operand.span.offset ? paren : e.operand.span;
        cx.report('C1224', "invalid application of 'sizeof' to bit-field", at, e.origin);
        return errorNode(e.span, intType('unsigned long'));
      }
      return sizeofType(cx, t.type, e.span, 'sizeof');
    }
    case 'SizeofType': return sizeofType(cx, typeNameType(cx, e.type), e.span, 'sizeof');
    case 'AlignofExpr': return sizeofType(cx, checkUnevaluated(cx, e.operand).type, e.span, 'alignof');
    case 'AlignofType': return sizeofType(cx, typeNameType(cx, e.type), e.span, 'alignof');
    case 'CompoundLiteral': return checkCompoundLiteral(cx, e.type, e.init, e.span);
    case 'StmtExpr': {
      if (cx.fn === undefined) {
        cx.report('C1217', 'statement expression not allowed at file scope', e.span, e.origin);
        return errorNode(e.span);
      }
      return cx.inScope('block', () => {
        const body = checkBlockItems(cx, e.body.items);
        const last = body[body.length - 1];
        if (last?.kind === 'Expr' && last.expr !== undefined) {
          body.pop();
          const result = rvalue(cx, last.expr);
          return { kind: 'StmtExpr', body, result, type: result.type, category: 'rvalue', span: e.span } as TExpr;
        }
        return { kind: 'StmtExpr', body, type: { kind: 'void', quals: 0 }, category: 'rvalue', span: e.span } as TExpr;
      });
    }
    case 'GenericSelection': return checkGeneric(cx, e);
    case 'BuiltinOffsetof': return checkOffsetof(cx, e);
    case 'BuiltinVaArg':
      cx.report('C1307', 'variadic arguments (__builtin_va_arg) are not supported for the BPF target', e.span, e.origin);
      return errorNode(e.span, typeNameType(cx, e.type));
    case 'BuiltinTypesCompatible': {
      const a = typeNameType(cx, e.left);
      const b = typeNameType(cx, e.right);
      const v = compatible(unqualified(a), unqualified(b), true) ? 1n : 0n;
      return { kind: 'Constant', from: 'types_compatible_p', type: intType('int'), category: 'rvalue', span: e.span, value: v };
    }
    case 'ErrorExpr': return errorNode(e.span);
    default: {
      const never: never = e;
      return never;
    }
  }
}

// ---- primary expressions ------------------------------------------------------------------------------

function checkIdentifier(cx: SemaContext, name: string, span: Span): TExpr {
  const sym = cx.lookup(name);
  if (sym === undefined) {
    cx.report('C1200', `use of undeclared identifier '${name}'`, span);
    return errorNode(span);
  }
  switch (sym.kind) {
    case 'var':
      if (cx.unevaluated === 0 && isFloating(sym.type)) {
        cx.report('C1302', 'floating point is not supported in BPF programs', span);
      }
      if (cx.unevaluated === 0 && sym.storage === 'extern') cx.externUses.push({ symbol: sym, span });
      return { kind: 'VarRef', symbol: sym, type: sym.type, category: 'lvalue', span };
    case 'function':
      if (cx.unevaluated === 0 && cx.fn !== undefined) {
        cx.edges.push({ caller: cx.fn.symbol, callee: sym, span, indirect: true });
      }
      return { kind: 'FuncRef', symbol: sym, type: sym.type, category: 'rvalue', span };
    case 'enum-const':
      return { kind: 'EnumRef', symbol: sym, type: sym.type, category: 'rvalue', span, value: sym.value };
    case 'typedef':
      cx.report('C1205', `unexpected type name '${name}': expected expression`, span);
      return errorNode(span);
    default: {
      const never: never = sym;
      return never;
    }
  }
}

/** The type of an integer constant (C11 §6.4.4.1p5, with clang's fallback to unsigned long long). */
function checkIntegerLiteral(cx: SemaContext, value: bigint, base: number, unsigned: boolean, longs: number, span: Span): TExpr {
  const decimal = base === 10;
  const candidates: Parameters<typeof intType>[0][] = [];
  if (!unsigned) {
    if (longs === 0) candidates.push('int');
    if (longs === 0 && !decimal) candidates.push('unsigned int');
    if (longs <= 1) candidates.push('long');
    if (longs <= 1 && !decimal) candidates.push('unsigned long');
    candidates.push('long long');
    if (!decimal) candidates.push('unsigned long long');
  } else {
    if (longs === 0) candidates.push('unsigned int');
    if (longs <= 1) candidates.push('unsigned long');
    candidates.push('unsigned long long');
  }
  for (const k of candidates) {
    const info = INT_INFO[k];
    const max = info.signed ? (1n << BigInt(info.size * 8 - 1)) - 1n : (1n << BigInt(info.size * 8)) - 1n;
    if (value <= max) return { kind: 'IntLit', type: intType(k), category: 'rvalue', span, value };
  }
  if (value <= (1n << 64n) - 1n) {
    // clang: "integer literal is too large to be represented in a signed integer type, interpreting as unsigned"
    return { kind: 'IntLit', type: intType('unsigned long long'), category: 'rvalue', span, value };
  }
  cx.report('C1230', 'integer literal is too large to be represented in any integer type', span);
  return { kind: 'IntLit', type: intType('unsigned long long'), category: 'rvalue', span, value: BigInt.asUintN(64, value) };
}

function stringLiteral(cx: SemaContext, s: StringLiteral): TStringLit {
  const unit = s.prefix === '' || s.prefix === 'u8' ? 1 : s.prefix === 'u' ? 2 : 4;
  const elem = s.prefix === '' ? 'char' : s.prefix === 'u8' ? 'char' : s.prefix === 'u' ? 'unsigned short' : s.prefix === 'U' ? 'unsigned int' : 'int';
  const n = s.value.length + 1;
  const bytes = new Uint8Array(n * unit);
  s.value.forEach((u, i) => {
    for (let b = 0; b < unit; b++) bytes[i * unit + b] = (u >>> (8 * b)) & 0xff;
  });
  const type = arrayOf(intType(elem), n);
  const data: StringData = { id: 0, bytes, type, objectName: '' };
  return { kind: 'StringLit', data, type, category: 'lvalue', span: s.span };
}

// ---- unary operators ------------------------------------------------------------------------------------

/** The variable an lvalue designates storage in (through `.member` and array elements), if any. */
function baseVariable(e: TExpr): TExpr {
  let x = e;
  for (;;) {
    if (x.kind === 'Member' && !x.arrow) x = x.object;
    else if (x.kind === 'Index' && x.base.kind === 'Cast' && x.base.cast === 'ArrayToPointerDecay') x = x.base.operand;
    else return x;
  }
}

export function markAddressTaken(e: TExpr): void {
  const x = baseVariable(e);
  if (x.kind === 'VarRef') x.symbol.addressTaken = true;
}

export function markModified(e: TExpr): void {
  const x = baseVariable(e);
  if (x.kind === 'VarRef') x.symbol.modified = true;
}

function checkUnary(cx: SemaContext, op: '&' | '*' | '+' | '-' | '~' | '!' | '++' | '--', operandE: Expr, span: Span): TExpr {
  switch (op) {
    case '++':
    case '--':
      return checkIncDec(cx, op, true, operandE, span);
    case '&': {
      const o = checkExpr(cx, operandE);
      if (o.kind === 'Error') return errorNode(span);
      if (o.kind === 'FuncRef' || (o.kind === 'Deref' && isFunction(o.type))) {
        return { kind: 'AddrOf', operand: o, type: { kind: 'pointer', pointee: o.type, quals: 0 }, category: 'rvalue', span };
      }
      if (o.category !== 'lvalue') {
        cx.report('C1206', `cannot take the address of an rvalue of type ${quoted(o.type)}`, span, operandE.origin);
        return errorNode(span);
      }
      if (o.kind === 'Member' && o.field.bitWidth !== undefined) {
        cx.report('C1206', `address of bit-field requested`, span, operandE.origin);
        return errorNode(span);
      }
      if (cx.unevaluated === 0) {
        markAddressTaken(o);
        useString(cx, o);
      }
      const out: TExpr = { kind: 'AddrOf', operand: o, type: { kind: 'pointer', pointee: o.type, quals: 0 }, category: 'rvalue', span };
      const v = addressValue(o);
      if (v !== undefined) out.value = v;
      return out;
    }
    case '*': {
      const o = checkRValue(cx, operandE);
      if (o.kind === 'Error') return errorNode(span);
      const pr = resolve(o.type);
      if (pr.kind !== 'pointer') {
        cx.report('C1205', `indirection requires pointer operand (${quoted(o.type)} invalid)`, span, operandE.origin);
        return errorNode(span);
      }
      const category = isFunction(pr.pointee) ? 'rvalue' : 'lvalue';
      return { kind: 'Deref', operand: o, type: pr.pointee, category, span };
    }
    case '+':
    case '-':
    case '~': {
      const o = checkRValue(cx, operandE);
      if (o.kind === 'Error') return errorNode(span);
      const okType = op === '~' ? isInteger(o.type) : isArithmetic(o.type);
      if (!okType) {
        cx.report('C1205', `invalid argument type ${quoted(o.type)} to unary expression`, span, operandE.origin);
        return errorNode(span);
      }
      const p = promote(o);
      const out: TExpr = { kind: 'Unary', op, operand: p, type: p.type, category: 'rvalue', span };
      const k = intKindOf(p.type);
      if (p.value !== undefined && k !== undefined) {
        out.value = op === '+' ? p.value : op === '-' ? wrapInt(-p.value, k) : wrapInt(~p.value, k);
      }
      return out;
    }
    case '!': {
      const raw = rvalue(cx, checkExpr(cx, operandE));
      if (raw.kind !== 'Error' && !isScalar(raw.type)) {
        cx.report('C1205', `invalid argument type ${quoted(raw.type)} to unary expression`, span, operandE.origin);
        return errorNode(span);
      }
      const o = raw;
      const out: TExpr = { kind: 'Unary', op, operand: o, type: intType('int'), category: 'rvalue', span };
      if (o.value !== undefined) out.value = o.value === 0n ? 1n : 0n;
      return out;
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** Whether `e` may be assigned to (C11 §6.3.2.1p1); reports why not. */
export function checkModifiable(cx: SemaContext, e: TExpr, span: Span): boolean {
  if (e.kind === 'Error') return false;
  if (e.category !== 'lvalue') {
    cx.report('C1206', 'expression is not assignable', span, e.origin);
    return false;
  }
  const r = resolve(e.type);
  if (r.kind === 'array') {
    cx.report('C1206', `array type ${quoted(e.type)} is not assignable`, span, e.origin);
    return false;
  }
  if (qualsOf(e.type) & Qual.Const) {
    const what = e.kind === 'VarRef' ? `variable '${e.symbol.name}' with const-qualified type` : `read-only location`;
    cx.report('C1206', `cannot assign to ${what} ${quoted(e.type)}`, span, e.origin);
    return false;
  }
  if (!isComplete(e.type)) {
    cx.report('C1204', `incomplete type ${quoted(e.type)} is not assignable`, span, e.origin);
    return false;
  }
  if (r.kind === 'record' && hasConstMember(r.decl)) {
    cx.report('C1206', `cannot assign to a value of type ${quoted(e.type)} with a const-qualified member`, span, e.origin);
    return false;
  }
  return true;
}

function hasConstMember(rd: RecordDecl): boolean {
  return (rd.fields ?? []).some((f) => (qualsOf(f.type) & Qual.Const) !== 0 || (resolve(f.type).kind === 'record' && hasConstMember((resolve(f.type) as { decl: RecordDecl }).decl)));
}

function checkIncDec(cx: SemaContext, op: '++' | '--', prefix: boolean, operandE: Expr, span: Span): TExpr {
  const o = checkExpr(cx, operandE);
  if (o.kind === 'Error') return errorNode(span);
  const at = prefix ? span : (cx.tokenAfter(operandE.span, op) ?? span);
  if (!checkModifiable(cx, o, at)) return errorNode(span);
  if (!isScalar(o.type)) {
    cx.report('C1205', `cannot ${op === '++' ? 'increment' : 'decrement'} value of type ${quoted(o.type)}`, operandE.span, operandE.origin);
    return errorNode(span);
  }
  let step = 1n;
  const pr = resolve(o.type);
  if (pr.kind === 'pointer') {
    if (isFunction(pr.pointee) || (!isComplete(pr.pointee) && resolve(pr.pointee).kind !== 'void')) {
      cx.report('C1204', `arithmetic on a pointer to an incomplete type ${quoted(pr.pointee)}`, operandE.span, operandE.origin);
      return errorNode(span);
    }
    step = BigInt(sizeOf(pr.pointee) ?? 1);
  }
  if (cx.unevaluated === 0) markModified(o);
  return { kind: 'IncDec', op, prefix, operand: o, step, type: unqualified(o.type), category: 'rvalue', span };
}

