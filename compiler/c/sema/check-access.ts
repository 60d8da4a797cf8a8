// Expression checking, part 3 (C11 §6.5.2.1, §6.5.2.3): subscripts (either operand may be the pointer,
// normalised so `base` is) and member access with `.`/`->`, through anonymous struct/union members as
// chains of Member nodes. In: ast operands; out: TIndex / TMember lvalues (or rvalues of rvalue records).
import type { Expr } from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import { checkExpr, checkRValue, errorNode } from './check-expr.js';
import { quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { convertArith, promote, rvalue } from './convert.js';
import type { FieldRef, TExpr } from './typed-ast.js';
import {
  INT_INFO, intKindOf, intType, isComplete, isFunction, isInteger, isPointer, qualsOf, resolve, sizeOf, unqualified,
  withQuals, type CType, type RecordDecl,
} from './types.js';

/** `base[index]` (C11 §6.5.2.1): either operand may be the pointer. */
export function checkIndex(cx: SemaContext, baseE: Expr, indexE: Expr, span: Span): TExpr {
  let base = checkRValue(cx, baseE);
  let index = checkRValue(cx, indexE);
  if (base.kind === 'Error' || index.kind === 'Error') return errorNode(span);
  if (!isPointer(base.type) && isPointer(index.type)) [base, index] = [index, base];
  const pr = resolve(base.type);
  if (pr.kind !== 'pointer') {
    cx.report('C1211', 'subscripted value is not an array, pointer, or vector', cx.tokenAfter(baseE.span, '[') ?? baseE.span, baseE.origin);
    return errorNode(span);
  }
  if (!isInteger(index.type)) {
    cx.report('C1205', 'array subscript is not an integer', indexE.span, indexE.origin);
    return errorNode(span);
  }
  const elem = pr.pointee;
  if (isFunction(elem) || (!isComplete(elem) && resolve(elem).kind !== 'void')) {
    cx.report('C1204', `subscript of pointer to incomplete type ${quoted(elem)}`, span);
    return errorNode(span);
  }
  const idx = convertArith(promote(index), intType(intKindOf(index.type) !== undefined && INT_INFO[intKindOf(promote(index).type)!].signed ? 'long' : 'unsigned long'));
  return { kind: 'Index', base, index: idx, elemSize: sizeOf(elem) ?? 1, type: elem, category: 'lvalue', span };
}

/** The path to member `name` in a record, through anonymous members; undefined when there is none. */
export function findMember(rd: RecordDecl, name: string): FieldRef[] | undefined {
  const fields = rd.fields;
  const layout = rd.layout;
  if (!fields || !layout) return undefined;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const l = layout.fields[i]!;
    const ref = (): FieldRef => {
      const r: FieldRef = { record: rd, index: i, type: f.type, offset: l.offset, bitOffset: l.bitOffset };
      if (f.name !== undefined) r.name = f.name;
      if (l.bitWidth !== undefined) r.bitWidth = l.bitWidth;
      return r;
    };
    if (f.name === name) return [ref()];
    if (f.name === undefined && f.bitWidth === undefined) {
      const r = resolve(f.type);
      if (r.kind === 'record') {
        const inner = findMember(r.decl, name);
        if (inner) return [ref(), ...inner];
      }
    }
  }
  return undefined;
}

export function checkMember(cx: SemaContext, objectE: Expr, name: string, memberSpan: Span, arrow: boolean, span: Span): TExpr {
  let object = checkExpr(cx, objectE);
  if (object.kind === 'Error') return errorNode(span);
  let recType: CType;
  if (arrow) {
    object = rvalue(cx, object);
    const pr = resolve(object.type);
    const op = cx.tokenAfter(objectE.span, '->') ?? objectE.span;
    if (pr.kind !== 'pointer') {
      const hint = resolve(object.type).kind === 'record' ? "; did you mean to use '.'?" : '';
      cx.report('C1210', `member reference type ${quoted(object.type)} is not a pointer${hint}`, op, objectE.origin);
      return errorNode(span);
    }
    if (resolve(pr.pointee).kind !== 'record') {
      cx.report('C1210', `member reference base type ${quoted(pr.pointee)} is not a structure or union`, op, objectE.origin);
      return errorNode(span);
    }
    recType = pr.pointee;
  } else {
    if (resolve(object.type).kind !== 'record') {
      const hint = isPointer(object.type) ? "; did you mean to use '->'?" : '';
      cx.report('C1210', `member reference base type ${quoted(object.type)} is not a structure or union${hint}`, cx.tokenAfter(objectE.span, '.') ?? objectE.span, objectE.origin);
      return errorNode(span);
    }
    recType = object.type;
  }
  const rec = resolve(recType);
  if (rec.kind !== 'record') return errorNode(span);
  if (rec.decl.layout === undefined) {
    cx.report('C1204', `incomplete definition of type ${quoted(recType)}`, objectE.span, objectE.origin);
    return errorNode(span);
  }
  const path = findMember(rec.decl, name);
  if (path === undefined) {
    cx.report('C1209', `no member named '${name}' in ${quoted(unqualified(rec))}`, memberSpan);
    return errorNode(span);
  }
  let quals = qualsOf(recType);
  const category = arrow ? 'lvalue' : object.category;
  let cur = object;
  path.forEach((field, i) => {
    const type = withQuals(field.type, quals);
    cur = { kind: 'Member', object: cur, field, arrow: arrow && i === 0, implicit: i < path.length - 1, type, category, span: i === path.length - 1 ? span : memberSpan };
    quals = qualsOf(type);
  });
  return cur;
}

