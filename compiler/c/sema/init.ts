// Initialisers (C11 §6.7.9): scalars, braced lists with brace elision, designators (`.a.b`, `[3]`, GNU
// `[0 ... 3]` ranges and `a: v`), later initialisations overriding earlier ones, string literals for
// character arrays, arrays of unknown size completed from their initialiser. In: the object's type and
// the ast Initializer; out: a fully designated TInitializer (anything it does not name is zero).
// Limitation: a designator reaching into one element of an earlier range initialiser (`[0 ... 3] =
// {1, 2}, [1].b = 5`) re-initialises that whole element.
import type { Designator, Initializer, InitList } from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import { checkExpr, checkIntConstant, findMember } from './check-expr.js';
import { compatible, quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { convertAssign, rvalue } from './convert.js';
import type { FieldRef, TExpr, TInitializer } from './typed-ast.js';
import {
  arrayOf, intKindOf, isScalar, resolve, sizeOf, unqualified, type CType, type RecordDecl,
} from './types.js';

interface Entry {
  index: number;
  count: number;
  value: TInitializer | Agg;
}
interface ArrayAgg {
  kind: 'array';
  type: CType;
  elem: CType;
  /** undefined: an array of unknown size (top level only). */
  length?: number;
  entries: Entry[];
  maxIndex: number;
  span: Span;
}
interface RecordAgg {
  kind: 'record';
  type: CType;
  decl: RecordDecl;
  values: (TInitializer | Agg | undefined)[];
  span: Span;
}
type Agg = ArrayAgg | RecordAgg;

function isAgg(v: TInitializer | Agg | undefined): v is Agg {
  return v !== undefined && (v.kind === 'array' || v.kind === 'record');
}

function newAgg(t: CType, span: Span): Agg | undefined {
  const r = resolve(t);
  if (r.kind === 'array') {
    const a: ArrayAgg = { kind: 'array', type: t, elem: r.element, entries: [], maxIndex: -1, span };
    if (r.length !== undefined) a.length = r.length;
    return a;
  }
  if (r.kind === 'record' && r.decl.fields) return { kind: 'record', type: t, decl: r.decl, values: r.decl.fields.map(() => undefined), span };
  return undefined;
}

/** Whether `t` is an array of a character type (string literals may initialise it). */
function charArrayElem(t: CType): CType | undefined {
  const r = resolve(t);
  if (r.kind !== 'array') return undefined;
  const k = intKindOf(r.element);
  return k !== undefined && resolve(r.element).kind === 'int' ? r.element : undefined;
}

// ---- positions -------------------------------------------------------------------------------------

function firstPos(a: Agg): number {
  return a.kind === 'array' ? 0 : nextField(a.decl, -1);
}

function nextField(rd: RecordDecl, i: number): number {
  const fs = rd.fields ?? [];
  let j = i + 1;
  while (j < fs.length && fs[j]!.name === undefined && fs[j]!.bitWidth !== undefined) j++;
  return j;
}

function advance(a: Agg, pos: number): number {
  if (a.kind === 'array') return pos + 1;
  if (a.decl.tag === 'union') return a.values.length;
  return nextField(a.decl, pos);
}

function atEnd(a: Agg, pos: number): boolean {
  if (a.kind === 'array') return a.length !== undefined && pos >= a.length;
  return pos >= a.values.length;
}

function typeAt(a: Agg, pos: number): CType {
  return a.kind === 'array' ? a.elem : a.decl.fields![pos]!.type;
}

function getAt(a: Agg, pos: number): TInitializer | Agg | undefined {
  if (a.kind === 'record') return a.values[pos];
  const e = a.entries.find((x) => pos >= x.index && pos < x.index + x.count);
  return e?.value;
}

function setRange(a: ArrayAgg, index: number, count: number, value: TInitializer | Agg): void {
  const end = index + count;
  const out: Entry[] = [];
  for (const e of a.entries) {
    const eEnd = e.index + e.count;
    if (eEnd <= index || e.index >= end) {
      out.push(e);
      continue;
    }
    if (e.index < index) out.push({ index: e.index, count: index - e.index, value: e.value });
    if (eEnd > end) out.push({ index: end, count: eEnd - end, value: e.value });
  }
  out.push({ index, count, value });
  out.sort((x, y) => x.index - y.index);
  a.entries = out;
  a.maxIndex = Math.max(a.maxIndex, end - 1);
}

function setAt(a: Agg, pos: number, value: TInitializer | Agg, count = 1): void {
  if (a.kind === 'array') {
    setRange(a, pos, count, value);
    return;
  }
  if (a.decl.tag === 'union') a.values.fill(undefined);
  a.values[pos] = value;
}

/** The sub-aggregate at `pos`: the one there, a finished initialiser reopened, or a new one. */
function childAgg(a: Agg, pos: number, span: Span): Agg | undefined {
  const cur = getAt(a, pos);
  if (a.kind === 'array' && cur !== undefined) {
    // one element of a range initialiser gets its own copy before it is changed
    const e = a.entries.find((x) => pos >= x.index && pos < x.index + x.count)!;
    if (e.count > 1) {
      const copy = isAgg(cur) ? cloneAgg(cur) : reopen(cur);
      if (copy === undefined) return undefined;
      setAt(a, pos, copy);
      return copy;
    }
  }
  if (isAgg(cur)) return cur;
  const sub = (cur !== undefined ? reopen(cur) : undefined) ?? newAgg(typeAt(a, pos), span);
  if (sub === undefined) return undefined;
  setAt(a, pos, sub);
  return sub;
}

/** A finished braced initialiser turned back into an aggregate under construction (for `.a = {…}, .a.b = 1`). */
function reopen(init: TInitializer): Agg | undefined {
  switch (init.kind) {
    case 'InitRecord': {
      const a = newAgg(init.type, init.span);
      if (a?.kind !== 'record') return undefined;
      for (const f of init.fields) a.values[f.field.index] = f.init;
      return a;
    }
    case 'InitArray': {
      const a = newAgg(init.type, init.span);
      if (a?.kind !== 'array') return undefined;
      for (const e of init.elements) setRange(a, e.index, e.count, e.init);
      return a;
    }
    case 'InitString': {
      const a = newAgg(init.type, init.span);
      if (a?.kind !== 'array') return undefined;
      const unit = sizeOf(a.elem) ?? 1;
      for (let i = 0; i * unit < init.bytes.length; i++) {
        let v = 0n;
        for (let b = unit - 1; b >= 0; b--) v = (v << 8n) | BigInt(init.bytes[i * unit + b] ?? 0);
        const expr: TExpr = { kind: 'IntLit', type: unqualified(a.elem), category: 'rvalue', span: init.span, value: v };
        setRange(a, i, 1, { kind: 'InitExpr', type: a.elem, expr, span: init.span });
      }
      return a;
    }
    case 'InitExpr':
      return undefined;
    default: {
      const never: never = init;
      return never;
    }
  }
}

function cloneAgg(a: Agg): Agg {
  if (a.kind === 'record') return { ...a, values: a.values.map((v) => (isAgg(v) ? cloneAgg(v) : v)) };
  return { ...a, entries: a.entries.map((e) => ({ ...e, value: isAgg(e.value) ? cloneAgg(e.value) : e.value })) };
}

// ---- the list walk --------------------------------------------------------------------------------------

interface Frame {
  agg: Agg;
  pos: number;
}

/** Checks an initialiser for an object of type `t`. */
export function checkInitializer(cx: SemaContext, t: CType, init: Initializer, isStatic: boolean, at?: Span): TInitializer {
  if (init.kind !== 'InitList') return initFromChecked(cx, t, checkExpr(cx, init), init.span, at);
  // a string literal for a character array may be enclosed in braces (C11 §6.7.9p14)
  const only = init.items.length === 1 ? init.items[0]! : undefined;
  if (only && only.designators.length === 0 && only.value.kind === 'StringLiteral' && charArrayElem(t) !== undefined) {
    return initFromChecked(cx, t, checkExpr(cx, only.value), init.span);
  }
  const agg = newAgg(t, init.span);
  if (agg === undefined) {
    // braces around a scalar: `int x = { 5 };` (`{}` is zero, as GNU C and C23)
    if (!isScalar(t)) {
      cx.report('C1216', `cannot initialize a value of type ${quoted(t)} with an initializer list`, init.span, init.origin);
      return zeroScalar(t, init.span);
    }
    if (init.items.length === 0) return zeroScalar(t, init.span);
    if (init.items.length > 1) cx.report('C1503', 'excess elements in scalar initializer', init.items[1]!.span, init.items[1]!.origin);
    const first = init.items[0]!;
    if (first.designators.length > 0) cx.report('C1216', `designator in initializer for scalar type ${quoted(t)}`, first.span, first.origin);
    return checkInitializer(cx, t, first.value, isStatic);
  }
  fillList(cx, agg, init, isStatic);
  return finish(agg);
}

function zeroScalar(t: CType, span: Span): TInitializer {
  const zero: TExpr = { kind: 'IntLit', type: unqualified(t), category: 'rvalue', span, value: 0n };
  return { kind: 'InitExpr', type: t, expr: zero, span };
}

function fillList(cx: SemaContext, top: Agg, list: InitList, isStatic: boolean): void {
  if (top.kind === 'record' && top.values.length === 0 && list.items.length > 0) {
    cx.report('C1503', 'excess elements in struct initializer', list.items[0]!.span, list.items[0]!.origin);
    return;
  }
  let stack: Frame[] = [{ agg: top, pos: firstPos(top) }];
  for (const item of list.items) {
    let count = 1;
    if (item.designators.length > 0) {
      const r = designate(cx, top, item.designators);
      if (r === undefined) continue;
      stack = r.stack;
      count = r.count;
    }
    place(cx, stack, item.value, isStatic, count);
  }
}

/** Follows designators from `top`; returns the frame stack positioned at the designated subobject. */
function designate(cx: SemaContext, top: Agg, ds: readonly Designator[]): { stack: Frame[]; count: number } | undefined {
  const stack: Frame[] = [{ agg: top, pos: 0 }];
  let count = 1;
  for (let i = 0; i < ds.length; i++) {
    const d = ds[i]!;
    const frame = stack[stack.length - 1]!;
    const a = frame.agg;
    if (d.kind === 'FieldDesignator') {
      if (a.kind !== 'record') {
        cx.report('C1216', `field designator '${d.name}' does not refer to any field in type ${quoted(a.type)}`, cx.nameIn(d.span, d.name) ?? d.span, d.origin);
        return undefined;
      }
      const path = findMember(a.decl, d.name);
      if (path === undefined) {
        cx.report('C1216', `field designator '${d.name}' does not refer to any field in type ${quoted(a.type)}`, cx.nameIn(d.span, d.name) ?? d.span, d.origin);
        return undefined;
      }
      // through anonymous members: each step a frame
      for (let j = 0; j < path.length; j++) {
        const f = stack[stack.length - 1]!;
        f.pos = path[j]!.index;
        if (j < path.length - 1) {
          const sub = childAgg(f.agg, f.pos, d.span);
          if (sub === undefined) return undefined;
          stack.push({ agg: sub, pos: 0 });
        }
      }
    } else {
      if (a.kind !== 'array') {
        cx.report('C1216', `array designator cannot initialize non-array type ${quoted(a.type)}`, d.span, d.origin);
        return undefined;
      }
      const lo = checkIntConstant(cx, d.index, 'array designator index');
      const hi = d.last === undefined ? lo : checkIntConstant(cx, d.last, 'array designator index');
      if (lo === undefined || hi === undefined) return undefined;
      if (lo < 0n || (a.length !== undefined && hi >= BigInt(a.length))) {
        cx.report('C1216', `array designator index (${lo < 0n ? lo : hi}) exceeds array bounds (${a.length ?? 0})`, (lo < 0n || d.last === undefined ? d.index : d.last).span, d.origin);
        return undefined;
      }
      if (hi < lo) {
        cx.report('C1216', `array designator range [${lo}, ${hi}] is empty`, d.span, d.origin);
        return undefined;
      }
      if (hi > 1n << 24n) {
        cx.report('C1216', `array designator index ${hi} is too large`, d.span, d.origin);
        return undefined;
      }
      frame.pos = Number(lo);
      if (i === ds.length - 1) count = Number(hi - lo) + 1;
    }
    if (i < ds.length - 1) {
      const f = stack[stack.length - 1]!;
      const sub = childAgg(f.agg, f.pos, d.span);
      if (sub === undefined) {
        cx.report('C1216', `designator into non-aggregate type ${quoted(typeAt(f.agg, f.pos))}`, ds[i + 1]!.span, ds[i + 1]!.origin);
        return undefined;
      }
      stack.push({ agg: sub, pos: 0 });
    }
  }
  return { stack, count };
}

/** Puts one initialiser at the stack's current position (descending by brace elision), then advances. */
function place(cx: SemaContext, stack: Frame[], value: Initializer, isStatic: boolean, count: number): void {
  let checked: TExpr | undefined;
  for (;;) {
    const frame = stack[stack.length - 1]!;
    if (atEnd(frame.agg, frame.pos)) {
      if (stack.length === 1) {
        const what = frame.agg.kind === 'array' ? 'array' : frame.agg.decl.tag;
        cx.report('C1503', `excess elements in ${what} initializer`, value.span, value.origin);
        return;
      }
      stack.pop();
      const up = stack[stack.length - 1]!;
      up.pos = advance(up.agg, up.pos);
      continue;
    }
    const sub = typeAt(frame.agg, frame.pos);
    if (value.kind === 'InitList') {
      setAt(frame.agg, frame.pos, checkInitializer(cx, sub, value, isStatic), count);
      frame.pos = advance(frame.agg, frame.pos + count - 1);
      return;
    }
    checked ??= checkExpr(cx, value);
    const r = resolve(sub);
    const isString = checked.kind === 'StringLit' && charArrayElem(sub) !== undefined;
    const wholeRecord = r.kind === 'record' && compatible(unqualified(checked.type), unqualified(sub), true);
    if ((r.kind === 'array' || r.kind === 'record') && !isString && !wholeRecord && checked.kind !== 'Error') {
      const child = newAgg(sub, value.span);
      if (child === undefined || (child.kind === 'record' && child.values.length === 0)) {
        cx.report('C1216', `initializer for incomplete type ${quoted(sub)}`, value.span, value.origin);
        return;
      }
      setAt(frame.agg, frame.pos, child, count);
      stack.push({ agg: child, pos: firstPos(child) });
      continue;
    }
    setAt(frame.agg, frame.pos, initFromChecked(cx, sub, checked, value.span), count);
    frame.pos = advance(frame.agg, frame.pos + count - 1);
    return;
  }
}

/** An initialiser that is a single (already checked) expression. */
export function initFromChecked(cx: SemaContext, t: CType, e: TExpr, span: Span, at?: Span): TInitializer {
  const elem = charArrayElem(t);
  const r = resolve(t);
  if (e.kind === 'StringLit' && elem !== undefined && r.kind === 'array') {
    const unit = sizeOf(elem) ?? 1;
    const litUnit = sizeOf((resolve(e.type) as { element: CType }).element) ?? 1;
    if (unit !== litUnit) {
      cx.report('C1216', `initializing ${quoted(t)} with a string literal of type ${quoted(e.type)}`, span, e.origin);
    }
    const n = e.data.bytes.length / litUnit; // code units incl. the terminator
    if (r.length !== undefined && n - 1 > r.length) {
      cx.report('C1503', 'initializer-string for char array is too long', span, e.origin);
    }
    const len = r.length === undefined ? n : Math.min(n, r.length);
    return { kind: 'InitString', type: r.length === undefined ? arrayOf(r.element, n) : t, bytes: e.data.bytes.slice(0, len * litUnit), literal: e, span };
  }
  if (r.kind === 'array') {
    if (e.kind !== 'Error') cx.report('C1216', `array initializer must be an initializer list${elem !== undefined ? ' or string literal' : ''}`, span, e.origin);
    return { kind: 'InitArray', type: t, elements: [], span };
  }
  const v = convertAssign(cx, rvalue(cx, e), t, 'init', at ?? span);
  return { kind: 'InitExpr', type: t, expr: v, span };
}

function finish(a: Agg): TInitializer {
  if (a.kind === 'array') {
    const length = a.length ?? a.maxIndex + 1;
    const type = a.length === undefined ? arrayOf((resolve(a.type) as { element: CType }).element, length) : a.type;
    return {
      kind: 'InitArray',
      type,
      elements: a.entries.map((e) => ({ index: e.index, count: e.count, init: isAgg(e.value) ? finish(e.value) : e.value })),
      span: a.span,
    };
  }
  const fields: { field: FieldRef; init: TInitializer }[] = [];
  a.values.forEach((v, i) => {
    if (v === undefined) return;
    const f = a.decl.fields![i]!;
    const l = a.decl.layout!.fields[i]!;
    const field: FieldRef = { record: a.decl, index: i, type: f.type, offset: l.offset, bitOffset: l.bitOffset };
    if (f.name !== undefined) field.name = f.name;
    if (l.bitWidth !== undefined) field.bitWidth = l.bitWidth;
    fields.push({ field, init: isAgg(v) ? finish(v) : v });
  });
  return { kind: 'InitRecord', type: a.type, fields, span: a.span };
}

/** `T x[] = init`: the array type with its length taken from the initialiser. */
export function completeArrayType(t: CType, init: TInitializer | undefined): CType {
  const r = resolve(t);
  if (r.kind !== 'array' || r.length !== undefined || init === undefined) return t;
  if (init.kind === 'InitArray' || init.kind === 'InitString') return init.type;
  return t;
}
