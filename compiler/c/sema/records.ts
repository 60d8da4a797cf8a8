// Struct, union and enum definitions (C11 §6.7.2.1–6.7.2.2): members with their types, bit-field widths
// and attributes, anonymous members, flexible array members, duplicate-name checks and the layout
// (layout.ts); enumerators with their values, the enum's underlying type and the constants' types.
// Also the tag rules (C11 §6.7.2.3): which declaration `struct s` names or declares in which scope.
// In: ast RecordSpec/EnumSpec and the declaration being completed; out: the RecordDecl/EnumDecl filled
// in, enumerator symbols in the current scope, diagnostics.
import type { EnumSpec, RecordSpec } from '../ast.js';
import { emptyAttributes, readAttributes, type DeclAttributes } from './attributes.js';
import { attributeEnv, checkIntConstant, checkStaticAssert } from './check-expr.js';
import { quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { declaratorType, specifierType } from './decl-types.js';
import { enumConstantKind, enumUnderlying, layoutRecord, type LayoutProblem } from './layout.js';
import type { EnumConstSymbol } from './symbols.js';
import {
  INT_INFO, intKindOf, intType, isComplete, resolve, type CType, type EnumDecl, type IntKind, type RecordField,
  type RecordDecl,
} from './types.js';

function mergeAttrs(a: DeclAttributes): DeclAttributes {
  return { ...a, btfDeclTags: [...a.btfDeclTags], btfTypeTags: [...a.btfTypeTags], names: [...a.names] };
}

/** Names a record makes visible as members, including those of its anonymous members. */
function memberNames(fields: readonly RecordField[], out: Set<string>): void {
  for (const f of fields) {
    if (f.name !== undefined) out.add(f.name);
    else if (f.bitWidth === undefined) {
      const r = resolve(f.type);
      if (r.kind === 'record' && r.decl.fields) memberNames(r.decl.fields, out);
    }
  }
}

export function defineRecord(cx: SemaContext, rd: RecordDecl, spec: RecordSpec): void {
  rd.beingDefined = true;
  const attrs = readAttributes(spec.attributes, emptyAttributes(), attributeEnv(cx));
  rd.packed = attrs.packed;
  if (attrs.aligned !== undefined) rd.alignAttr = attrs.aligned;
  if (attrs.preserveAccessIndex || cx.underPreservePragma(spec.span)) rd.preserveAccessIndex = true;
  const pack = cx.packAt(spec.span);
  if (pack !== undefined) rd.maxFieldAlign = pack;
  const fields: RecordField[] = [];
  const names = new Set<string>();
  const addName = (name: string, span: RecordField['span']): void => {
    if (names.has(name)) cx.report('C1202', `duplicate member '${name}'`, span);
    names.add(name);
  };
  for (const m of spec.members ?? []) {
    if (m.kind === 'StaticAssert') {
      checkStaticAssert(cx, m);
      continue;
    }
    if (m.specifiers.storage.length > 0) {
      cx.report('C1220', `type name does not allow storage class to be specified`, m.specifiers.span, m.specifiers.origin);
    }
    const spec0 = specifierType(cx, m.specifiers);
    if (m.declarators.length === 0) {
      const r = resolve(spec0.type);
      const ts = m.specifiers.typeSpecifiers[0];
      if (r.kind === 'record' && ts?.kind === 'RecordSpec' && ts.name === undefined && ts.members !== undefined) {
        const f: RecordField = { type: spec0.type, span: m.span, packed: spec0.attributes.packed };
        if (spec0.attributes.aligned !== undefined) f.alignAttr = spec0.attributes.aligned;
        fields.push(f);
        const inner = new Set<string>();
        memberNames(r.decl.fields ?? [], inner);
        for (const n of inner) addName(n, m.span);
      } else {
        cx.report('C1512', 'declaration does not declare anything', m.span, m.origin);
      }
      continue;
    }
    for (const fd of m.declarators) {
      let type: CType = spec0.type;
      let attributes = mergeAttrs(spec0.attributes);
      let vlaSpan;
      if (fd.declarator) {
        const d = declaratorType(cx, spec0.type, fd.declarator, attributes);
        type = d.type;
        attributes = d.attributes;
        vlaSpan = d.vlaSpan;
      }
      attributes = readAttributes(fd.attributes, attributes, attributeEnv(cx));
      const name = fd.declarator?.name;
      const span = fd.declarator?.nameSpan ?? fd.span;
      if (vlaSpan) cx.report('C1303', 'fields must have a constant size: variable length array in structure', vlaSpan);
      const f: RecordField = { type, span, packed: attributes.packed };
      if (name !== undefined) {
        f.name = name;
        addName(name, span);
      }
      const align = Math.max(attributes.aligned ?? 0, spec0.alignas ?? 0);
      if (align > 0) f.alignAttr = align;
      const r = resolve(type);
      if (fd.bitWidth !== undefined) {
        const w = checkIntConstant(cx, fd.bitWidth, 'bit-field width');
        const k = intKindOf(type);
        if (k === undefined) {
          cx.report('C1215', `bit-field '${name ?? '(anonymous)'}' has non-integral type ${quoted(type)}`, span, fd.origin);
          continue;
        }
        const bits = INT_INFO[k].size * 8;
        let width = w === undefined ? 1 : Number(w);
        if (w !== undefined && w < 0n) {
          cx.report('C1215', `bit-field '${name ?? '(anonymous)'}' has negative width (${w})`, span, fd.bitWidth.origin);
          width = 1;
        } else if (w !== undefined && (w > BigInt(bits) || (k === '_Bool' && w > 1n))) {
          const limit = k === '_Bool' ? 1 : bits;
          cx.report('C1215', `width of bit-field '${name ?? '(anonymous)'}' (${w} bits) exceeds the width of its type (${limit} bit${limit === 1 ? '' : 's'})`, span, fd.bitWidth.origin);
          width = k === '_Bool' ? 1 : bits;
        } else if (w === 0n && name !== undefined) {
          cx.report('C1215', `named bit-field '${name}' has zero width`, span, fd.origin);
          width = 1;
        }
        f.bitWidth = width;
        fields.push(f);
        continue;
      }
      if (name === undefined) {
        cx.report('C1512', 'declaration does not declare anything', fd.span, fd.origin);
        continue;
      }
      if (r.kind === 'function') {
        cx.report('C1228', `field '${name}' declared as a function`, span, fd.origin);
        continue;
      }
      if (!isComplete(type) && !(r.kind === 'array' && r.length === undefined && !r.vla)) {
        cx.report('C1204', `field has incomplete type ${quoted(type)}`, span, fd.origin);
        continue;
      }
      fields.push(f);
    }
  }
  const problems: LayoutProblem[] = [];
  rd.fields = fields;
  rd.layout = layoutRecord({
    tag: rd.tag, fields, packed: rd.packed,
    ...(rd.alignAttr !== undefined ? { alignAttr: rd.alignAttr } : {}),
    ...(rd.maxFieldAlign !== undefined ? { maxFieldAlign: rd.maxFieldAlign } : {}),
  }, problems);
  for (const p of problems) cx.report('C1228', p.message, fields[p.field]!.span);
  rd.beingDefined = false;
}

export function defineEnum(cx: SemaContext, ed: EnumDecl, spec: EnumSpec): void {
  const attrs = readAttributes(spec.attributes, emptyAttributes(), attributeEnv(cx));
  ed.packed = attrs.packed;
  let next = 0n;
  const syms: EnumConstSymbol[] = [];
  for (const e of spec.enumerators ?? []) {
    let v = next;
    if (e.value !== undefined) {
      const x = checkIntConstant(cx, e.value, 'enumerator value');
      if (x !== undefined) v = x;
    }
    if (v >= 1n << 64n || v < -(1n << 63n)) {
      cx.report('C1230', `enumerator value ${v} is not representable in 64 bits`, e.span, e.origin);
      v = BigInt.asIntN(64, v);
    }
    const prev = cx.scope.ordinary.get(e.name);
    if (prev !== undefined) cx.report('C1202', `redefinition of enumerator '${e.name}'`, e.span, e.origin);
    // during the body an enumerator has type int when its value fits (else a wide type, as clang)
    const kind = enumConstantKind(v, v < 0n ? 'long' : 'unsigned long');
    const sym: EnumConstSymbol = { kind: 'enum-const', name: e.name, span: e.span, id: cx.id(), value: v, type: intType(kind), enumDecl: ed };
    cx.scope.ordinary.set(e.name, sym);
    syms.push(sym);
    ed.constants.push({ name: e.name, value: v });
    next = v + 1n;
  }
  ed.underlying = enumUnderlying(syms.map((s) => s.value), ed.packed);
  for (const s of syms) s.type = intType(enumConstantKind(s.value, ed.underlying));
  ed.complete = true;
}

// ---- tags ------------------------------------------------------------------------------------------

/** The scope tags declared here go to (tags in a parameter list are given the enclosing scope). */
function tagScope(cx: SemaContext) {
  let s = cx.scope;
  while (s.kind === 'prototype' && s.parent) s = s.parent;
  return s;
}

export function recordType(cx: SemaContext, s: RecordSpec, standalone: boolean): CType {
  const here = tagScope(cx);
  if (s.members !== undefined) {
    let decl = s.name !== undefined ? here.tags.get(s.name) : undefined;
    if (decl !== undefined && (decl.kind !== 'record' || decl.decl.tag !== s.tag)) {
      cx.report('C1202', `use of '${s.name}' with tag type that does not match previous declaration`, s.span, s.origin);
      decl = undefined;
    }
    let rd = decl?.kind === 'record' ? decl.decl : undefined;
    if (rd !== undefined && (rd.fields !== undefined || rd.beingDefined)) {
      cx.report('C1202', `redefinition of '${s.name}'`, cx.nameIn(s.span, s.name!) ?? s.span, s.origin);
      rd = undefined;
    }
    if (rd === undefined) {
      rd = { tag: s.tag, id: cx.id(), span: s.span, packed: false };
      if (s.name !== undefined) {
        rd.name = s.name;
        here.tags.set(s.name, { kind: 'record', decl: rd });
      }
      cx.records.push(rd);
    } else {
      rd.span = s.span;
    }
    defineRecord(cx, rd, s);
    return { kind: 'record', decl: rd, quals: 0 };
  }
  // a reference (or a forward declaration `struct s;`)
  const name = s.name ?? '';
  const found = standalone ? here.tags.get(name) : cx.scope.lookupTag(name);
  if (found !== undefined) {
    if (found.kind === 'record' && found.decl.tag === s.tag) return { kind: 'record', decl: found.decl, quals: 0 };
    cx.report('C1202', `use of '${name}' with tag type that does not match previous declaration`, s.span, s.origin);
  }
  const rd = { tag: s.tag, name, id: cx.id(), span: s.span, packed: false };
  here.tags.set(name, { kind: 'record', decl: rd });
  cx.records.push(rd);
  return { kind: 'record', decl: rd, quals: 0 };
}

export function enumType(cx: SemaContext, s: EnumSpec, standalone: boolean): CType {
  const here = tagScope(cx);
  if (s.enumerators !== undefined) {
    const prev = s.name !== undefined ? here.tags.get(s.name) : undefined;
    let ed = prev?.kind === 'enum' ? prev.decl : undefined;
    if (prev !== undefined && prev.kind !== 'enum') {
      cx.report('C1202', `use of '${s.name}' with tag type that does not match previous declaration`, s.span, s.origin);
    }
    if (ed !== undefined && ed.complete) {
      cx.report('C1202', `redefinition of '${s.name}'`, cx.nameIn(s.span, s.name!) ?? s.span, s.origin);
      ed = undefined;
    }
    if (ed === undefined) {
      ed = { id: cx.id(), span: s.span, complete: false, underlying: 'unsigned int', constants: [], packed: false };
      if (s.name !== undefined) {
        ed.name = s.name;
        here.tags.set(s.name, { kind: 'enum', decl: ed });
      }
      cx.enums.push(ed);
    }
    defineEnum(cx, ed, s);
    return { kind: 'enum', decl: ed, quals: 0 };
  }
  const name = s.name ?? '';
  const found = standalone ? here.tags.get(name) : cx.scope.lookupTag(name);
  if (found !== undefined) {
    if (found.kind === 'enum') return { kind: 'enum', decl: found.decl, quals: 0 };
    cx.report('C1202', `use of '${name}' with tag type that does not match previous declaration`, s.span, s.origin);
  }
  // GNU: a forward-declared enum (incomplete until defined)
  const ed = { name, id: cx.id(), span: s.span, complete: false, underlying: 'unsigned int' as IntKind, constants: [], packed: false };
  here.tags.set(name, { kind: 'enum', decl: ed });
  cx.enums.push(ed);
  return { kind: 'enum', decl: ed, quals: 0 };
}
