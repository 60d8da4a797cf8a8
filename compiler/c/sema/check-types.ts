// Expression checking, part 4: operands that are types — sizeof and _Alignof (C11 §6.5.3.4),
// __builtin_offsetof (C11 §7.19), compound literals (§6.5.2.5) and _Generic (§6.5.1.1).
// In: ast nodes; out: TConstant values, TCompoundLiteral, or the selected association's expression.
import type { Expr } from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import { checkExpr, checkIntConstant, checkUnevaluated, errorNode } from './check-expr.js';
import { findMember } from './check-access.js';
import { compatible, quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { addGlobalObject } from './declarations.js';
import { typeNameType } from './decl-types.js';
import { checkInitializer, completeArrayType } from './init.js';
import type { TExpr } from './typed-ast.js';
import { alignOf, intType, isComplete, isFunction, resolve, sizeOf, unqualified, type CType } from './types.js';

// ---- sizeof, _Alignof, offsetof ------------------------------------------------------------------------

export function sizeofType(cx: SemaContext, t: CType, span: Span, what: 'sizeof' | 'alignof'): TExpr {
  const r = resolve(t);
  const name = what === 'sizeof' ? 'sizeof' : '_Alignof';
  let v: number | undefined;
  if (r.kind === 'array' && r.vla) {
    cx.report('C1303', `'${name}' of a variable length array is not supported in BPF programs`, span);
    return errorNode(span, intType('unsigned long'));
  }
  if (r.kind === 'function' || r.kind === 'void') v = 1; // GNU extension
  else v = what === 'sizeof' ? sizeOf(t) : alignOf(t);
  if (v === undefined) {
    cx.report('C1224', `invalid application of '${name}' to an incomplete type ${quoted(t)}`, span);
    return errorNode(span, intType('unsigned long'));
  }
  return { kind: 'Constant', from: what, operandType: t, type: intType('unsigned long'), category: 'rvalue', span, value: BigInt(v) };
}

export function checkOffsetof(cx: SemaContext, e: Extract<Expr, { kind: 'BuiltinOffsetof' }>): TExpr {
  let t = typeNameType(cx, e.type);
  let offset = 0n;
  for (const step of e.path) {
    const r = resolve(t);
    if (step.kind === 'Field') {
      if (r.kind !== 'record' || r.decl.layout === undefined) {
        cx.report('C1224', `offsetof requires a complete struct or union type, not ${quoted(t)}`, step.span);
        return errorNode(e.span, intType('unsigned long'));
      }
      const path = findMember(r.decl, step.name);
      if (path === undefined) {
        cx.report('C1209', `no member named '${step.name}' in ${quoted(t)}`, step.span);
        return errorNode(e.span, intType('unsigned long'));
      }
      const last = path[path.length - 1]!;
      if (last.bitWidth !== undefined) {
        cx.report('C1224', `cannot compute offset of bit-field '${step.name}'`, step.span);
        return errorNode(e.span, intType('unsigned long'));
      }
      for (const f of path) offset += BigInt(f.offset);
      t = last.type;
    } else {
      if (r.kind !== 'array') {
        cx.report('C1224', `offsetof subscript on a non-array type ${quoted(t)}`, step.span);
        return errorNode(e.span, intType('unsigned long'));
      }
      const i = checkIntConstant(cx, step.index, 'offsetof array index');
      if (i === undefined) return errorNode(e.span, intType('unsigned long'));
      offset += i * BigInt(sizeOf(r.element) ?? 0);
      t = r.element;
    }
  }
  return { kind: 'Constant', from: 'offsetof', type: intType('unsigned long'), category: 'rvalue', span: e.span, value: BigInt.asUintN(64, offset) };
}

// ---- compound literals, _Generic -----------------------------------------------------------------------

export function checkCompoundLiteral(cx: SemaContext, tn: Extract<Expr, { kind: 'CompoundLiteral' }>['type'], initE: Extract<Expr, { kind: 'CompoundLiteral' }>['init'], span: Span): TExpr {
  let t = typeNameType(cx, tn);
  if (isFunction(t)) {
    cx.report('C1216', 'compound literal of function type', span);
    return errorNode(span);
  }
  const init = checkInitializer(cx, t, initE, cx.fn === undefined);
  t = completeArrayType(t, init);
  if (!isComplete(t)) {
    cx.report('C1204', `compound literal has incomplete type ${quoted(t)}`, span);
    return errorNode(span);
  }
  const out: TExpr = { kind: 'CompoundLiteral', init, type: t, category: 'lvalue', span };
  if (cx.fn === undefined) {
    const n = cx.compoundLiterals++;
    out.object = addGlobalObject(cx, n === 0 ? '.compoundliteral' : `.compoundliteral.${n}`, t, init, span);
  }
  return out;
}

export function checkGeneric(cx: SemaContext, e: Extract<Expr, { kind: 'GenericSelection' }>): TExpr {
  const c = checkUnevaluated(cx, e.controlling, true);
  const ct = unqualified(c.type);
  let chosen: Expr | undefined;
  let def: Expr | undefined;
  for (const a of e.associations) {
    if (a.type === undefined) {
      def = a.value;
      continue;
    }
    const t = typeNameType(cx, a.type);
    if (chosen === undefined && compatible(ct, t)) chosen = a.value;
  }
  const pick = chosen ?? def;
  if (pick === undefined) {
    cx.report('C1205', `controlling expression type ${quoted(ct)} not compatible with any generic association type`, e.controlling.span, e.controlling.origin);
    return errorNode(e.span);
  }
  for (const a of e.associations) if (a.value !== pick) checkUnevaluated(cx, a.value);
  return checkExpr(cx, pick);
}

