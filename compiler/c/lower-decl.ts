// CST→AST lowering of declarations (C11 §6.7): specifiers, struct/union/enum, attributes, declarators
// (the derived layers listed from the name outward), type names, initialisers, _Static_assert and
// string literals. In: CST nodes of grammar/c's declaration rules; out: ast.ts nodes.
import type { CstNode } from 'chevrotain';
import type {
  AlignAs, Attribute, BuiltinType, BuiltinTypeKeyword, Declaration, DeclSpecifiers, Declarator, DerivedDeclarator,
  Designator, EnumSpec, Enumerator, FieldDecl, FieldDeclarator, FunctionDeclarator, FunctionSpecifier,
  InitDeclarator, Initializer, InitItem, InitList, MemberDecl, ParamDecl, RecordSpec, StaticAssert, StorageClass,
  StringLiteral, TypeName, TypeQualifier, TypeSpecifier,
} from './ast.js';
import { lowerAssignment, lowerConditional, lowerExpression, errorExpr } from './lower-expr.js';
import { inOrder, keywordOf, node, nodes, tok, toks, type LowerContext } from './lower-context.js';
import { decodeStrings } from './literals.js';
import type { CToken } from '../../grammar/c/index.js';

// ---- declarations ------------------------------------------------------------------------------------

/** declaration := Pragma* ( staticAssertDeclaration | declarationSpecifiers [initDeclarator …] ';' ) */
export function lowerDeclaration(cx: LowerContext, n: CstNode): Declaration | StaticAssert | undefined {
  for (const p of toks(n, 'Pragma')) {
    cx.report('C1112', `expected a for, while, or do-while loop to follow '#pragma ${p.image}'`, cx.tokenSpan(p), p);
  }
  const sa = node(n, 'staticAssertDeclaration');
  if (sa) return lowerStaticAssert(cx, sa);
  const specs = node(n, 'declarationSpecifiers');
  if (!specs) return undefined;
  return {
    kind: 'Declaration',
    ...cx.base(n),
    specifiers: lowerSpecifiers(cx, specs),
    declarators: nodes(n, 'initDeclarator').map((d) => lowerInitDeclarator(cx, d)),
  };
}

/** initDeclarator := declarator ['=' initializer] */
export function lowerInitDeclarator(cx: LowerContext, n: CstNode): InitDeclarator {
  return initDeclarator(cx, n, node(n, 'declarator'), node(n, 'initDeclaratorTail'));
}

/** An InitDeclarator from a declarator node and an `initDeclaratorTail` node (`['=' initializer]`). */
export function initDeclarator(cx: LowerContext, whole: CstNode, decl: CstNode | undefined,
  tail: CstNode | undefined): InitDeclarator {
  const declarator = decl ? lowerDeclarator(cx, decl) : emptyDeclarator(cx, whole);
  const initNode = node(tail, 'initializer');
  const out: InitDeclarator = { kind: 'InitDeclarator', ...cx.base(whole), declarator };
  if (initNode) {
    out.init = lowerInitializer(cx, initNode);
    out.span = cx.join(declarator.span, out.init.span);
  } else {
    out.span = declarator.span;
  }
  return out;
}

/** staticAssertDeclaration := '_Static_assert' '(' conditionalExpression [',' StringLiteral+] ')' ';' */
export function lowerStaticAssert(cx: LowerContext, n: CstNode): StaticAssert {
  const cond = node(n, 'conditionalExpression');
  const out: StaticAssert = {
    kind: 'StaticAssert',
    ...cx.base(n),
    condition: cond ? lowerConditional(cx, cond) : errorExpr(cx, n),
  };
  const strs = toks(n, 'StringLiteral');
  if (strs.length > 0) out.message = lowerStringLiteral(cx, strs);
  return out;
}

// ---- specifiers ----------------------------------------------------------------------------------------

const SPECIFIER_KEYS = ['TypeKeyword', 'TypedefName', 'unknownTypeName', 'structOrUnionSpecifier', 'enumSpecifier',
  'typeofSpecifier', 'atomicTypeSpecifier'];

/** declarationSpecifiers: the specifiers grouped by category, each group in source order. */
export function lowerSpecifiers(cx: LowerContext, n: CstNode): DeclSpecifiers {
  const typeSpecifiers: TypeSpecifier[] = [];
  for (const { key, el } of inOrder(n, SPECIFIER_KEYS)) {
    const spec = lowerTypeSpecifier(cx, key, el as CstNode | CToken);
    if (spec) typeSpecifiers.push(spec);
  }
  return {
    kind: 'DeclSpecifiers',
    ...cx.base(n),
    storage: toks(n, 'StorageClass').map((t) => keywordOf(t) as StorageClass),
    qualifiers: inOrder(n, ['Qualifier', 'Atomic']).map(({ el }) => keywordOf(el as CToken) as TypeQualifier),
    functionSpecifiers: toks(n, 'FunctionSpec').map((t) => keywordOf(t) as FunctionSpecifier),
    alignas: nodes(n, 'alignasSpecifier').map((a) => lowerAlignas(cx, a)),
    attributes: lowerAttributeSpecifiers(cx, nodes(n, 'attributeSpecifier')),
    typeSpecifiers,
  };
}

function lowerTypeSpecifier(cx: LowerContext, key: string, el: CstNode | CToken): TypeSpecifier | undefined {
  switch (key) {
    case 'TypeKeyword': {
      const t = el as CToken;
      const spec: BuiltinType = { kind: 'BuiltinType', ...cx.base(t), keyword: keywordOf(t) as BuiltinTypeKeyword };
      return spec;
    }
    case 'TypedefName':
      return { kind: 'TypedefName', ...cx.base(el as CToken), name: (el as CToken).image };
    case 'unknownTypeName': {
      // parsed as a type so the declaration could be read; it names no typedef in scope
      const t = el as CToken;
      cx.report('C1102', `unknown type name '${t.image}'`, cx.tokenSpan(t), t);
      return { kind: 'TypedefName', ...cx.base(t), name: t.image };
    }
    case 'structOrUnionSpecifier':
      return lowerRecord(cx, el as CstNode);
    case 'enumSpecifier':
      return lowerEnum(cx, el as CstNode);
    case 'typeofSpecifier': {
      const n = el as CstNode;
      const tn = node(n, 'typeName');
      const ex = node(n, 'expression');
      return {
        kind: 'TypeofSpec',
        ...cx.base(n),
        operand: tn ? lowerTypeName(cx, tn) : ex ? lowerExpression(cx, ex) : errorExpr(cx, n),
      };
    }
    case 'atomicTypeSpecifier': {
      const n = el as CstNode;
      const tn = node(n, 'typeName');
      return tn ? { kind: 'AtomicTypeSpec', ...cx.base(n), type: lowerTypeName(cx, tn) } : undefined;
    }
    default:
      return undefined;
  }
}

/** structOrUnionSpecifier := ('struct' | 'union') attributeSpecifier* ( Name [structBody] | structBody ) */
function lowerRecord(cx: LowerContext, n: CstNode): RecordSpec {
  const body = node(n, 'structBody');
  const out: RecordSpec = {
    kind: 'RecordSpec',
    ...cx.base(n),
    tag: tok(n, 'Union') ? 'union' : 'struct',
    attributes: [
      ...lowerAttributeSpecifiers(cx, nodes(n, 'attributeSpecifier')),
      ...lowerAttributeSpecifiers(cx, nodes(body, 'attributeSpecifier')),
    ],
  };
  const name = tok(n, 'Name');
  if (name && name.image !== '') out.name = name.image;
  if (body) {
    const members: MemberDecl[] = [];
    for (const d of nodes(body, 'structDeclaration')) {
      const m = lowerStructDeclaration(cx, d);
      if (m) members.push(m);
    }
    out.members = members;
  }
  return out;
}

/** structDeclaration := ';' | Pragma | staticAssertDeclaration | declarationSpecifiers [structDeclarator …] ';' */
function lowerStructDeclaration(cx: LowerContext, n: CstNode): MemberDecl | undefined {
  const sa = node(n, 'staticAssertDeclaration');
  if (sa) return lowerStaticAssert(cx, sa);
  const pragma = tok(n, 'Pragma');
  if (pragma) {
    cx.report('C1112', `expected a for, while, or do-while loop to follow '#pragma ${pragma.image}'`,
      cx.tokenSpan(pragma), pragma);
    return undefined;
  }
  const specs = node(n, 'declarationSpecifiers');
  if (!specs) return undefined;
  const field: FieldDecl = {
    kind: 'FieldDecl',
    ...cx.base(n),
    specifiers: lowerSpecifiers(cx, specs),
    declarators: nodes(n, 'structDeclarator').map((d) => lowerStructDeclarator(cx, d)),
  };
  return field;
}

/** structDeclarator := declarator [':' width] attributeSpecifier* | ':' width attributeSpecifier* */
function lowerStructDeclarator(cx: LowerContext, n: CstNode): FieldDeclarator {
  const out: FieldDeclarator = {
    kind: 'FieldDeclarator',
    ...cx.base(n),
    attributes: lowerAttributeSpecifiers(cx, nodes(n, 'attributeSpecifier')),
  };
  const d = node(n, 'declarator');
  if (d) out.declarator = lowerDeclarator(cx, d);
  const w = node(n, 'conditionalExpression');
  if (w) out.bitWidth = lowerConditional(cx, w);
  return out;
}

/** enumSpecifier := 'enum' attributeSpecifier* ( Name [enumBody] | enumBody ) */
function lowerEnum(cx: LowerContext, n: CstNode): EnumSpec {
  const body = node(n, 'enumBody');
  const out: EnumSpec = {
    kind: 'EnumSpec',
    ...cx.base(n),
    attributes: [
      ...lowerAttributeSpecifiers(cx, nodes(n, 'attributeSpecifier')),
      ...lowerAttributeSpecifiers(cx, nodes(body, 'attributeSpecifier')),
    ],
  };
  const name = tok(n, 'Name');
  if (name && name.image !== '') out.name = name.image;
  if (body) out.enumerators = nodes(body, 'enumerator').map((e) => lowerEnumerator(cx, e));
  return out;
}

/** enumerator := Name attributeSpecifier* ['=' conditionalExpression] */
function lowerEnumerator(cx: LowerContext, n: CstNode): Enumerator {
  const out: Enumerator = {
    kind: 'Enumerator',
    ...cx.base(n),
    name: tok(n, 'Name')?.image ?? '',
    attributes: lowerAttributeSpecifiers(cx, nodes(n, 'attributeSpecifier')),
  };
  const v = node(n, 'conditionalExpression');
  if (v) out.value = lowerConditional(cx, v);
  return out;
}

/** alignasSpecifier := '_Alignas' '(' (typeName | conditionalExpression) ')' */
function lowerAlignas(cx: LowerContext, n: CstNode): AlignAs {
  const tn = node(n, 'typeName');
  const ex = node(n, 'conditionalExpression');
  return {
    kind: 'AlignAs',
    ...cx.base(n),
    operand: tn ? lowerTypeName(cx, tn) : ex ? lowerConditional(cx, ex) : errorExpr(cx, n),
  };
}

// ---- attributes ----------------------------------------------------------------------------------------

/** The attributes of a list of `__attribute__((…))` specifiers, in order. */
export function lowerAttributeSpecifiers(cx: LowerContext, specs: readonly CstNode[]): Attribute[] {
  const out: Attribute[] = [];
  for (const s of specs) for (const a of nodes(s, 'attribute')) out.push(lowerAttribute(cx, a));
  return out;
}

/** attribute := (Name | Keyword) ['(' [assignmentExpression (',' assignmentExpression)*] ')'] */
function lowerAttribute(cx: LowerContext, n: CstNode): Attribute {
  const nameTok = tok(n, 'Name') ?? tok(n, 'Keyword');
  const spelling = nameTok?.image ?? '';
  const m = /^__(.+)__$/.exec(spelling);
  return {
    kind: 'Attribute',
    ...cx.base(n),
    name: m ? m[1] : spelling,
    spelling,
    args: nodes(n, 'assignmentExpression').map((e) => lowerAssignment(cx, e)),
  };
}

// ---- declarators -------------------------------------------------------------------------------------

/**
 * declarator := pointer* ( Name | '(' attributeSpecifier* declarator ')' ) suffix* [asmLabel] attributeSpecifier*
 * (abstractDeclarator has the same shape). The derived layers, from the name outward, are the nested
 * declarator's, then the suffixes left to right, then the pointers right to left.
 */
export function lowerDeclarator(cx: LowerContext, n: CstNode): Declarator {
  const nested = node(n, 'declarator') ?? node(n, 'abstractDeclarator');
  const inner = nested ? lowerDeclarator(cx, nested) : undefined;
  const derived: DerivedDeclarator[] = inner ? [...inner.derived] : [];
  for (const { key, el } of inOrder(n, ['arraySuffix', 'functionSuffix'])) {
    derived.push(key === 'arraySuffix' ? lowerArraySuffix(cx, el as CstNode) : lowerFunctionSuffix(cx, el as CstNode));
  }
  const pointers = nodes(n, 'pointer');
  for (let i = pointers.length - 1; i >= 0; i--) {
    const p = pointers[i];
    derived.push({
      kind: 'Pointer',
      ...cx.base(p),
      qualifiers: inOrder(p, ['Qualifier', 'Atomic']).map(({ el }) => keywordOf(el as CToken) as TypeQualifier),
      attributes: lowerAttributeSpecifiers(cx, nodes(p, 'attributeSpecifier')),
    });
  }
  const out: Declarator = {
    kind: 'Declarator',
    ...cx.base(n),
    derived,
    attributes: [...(inner?.attributes ?? []), ...lowerAttributeSpecifiers(cx, nodes(n, 'attributeSpecifier'))],
  };
  const nameTok = tok(n, 'Name');
  if (nameTok && nameTok.image !== '') {
    out.name = nameTok.image;
    out.nameSpan = cx.tokenSpan(nameTok);
  } else if (inner?.name !== undefined) {
    out.name = inner.name;
    if (inner.nameSpan) out.nameSpan = inner.nameSpan;
  }
  const label = node(n, 'asmLabel');
  if (label) out.asmLabel = lowerStringLiteral(cx, toks(label, 'StringLiteral'));
  else if (inner?.asmLabel) out.asmLabel = inner.asmLabel;
  return out;
}

/** A declarator with no name and no layers, placed just after `after` (e.g. the specifiers of `int`). */
export function emptyDeclarator(cx: LowerContext, after: CstNode): Declarator {
  return { kind: 'Declarator', span: cx.pointAfter(after), derived: [], attributes: [] };
}

/** An abstract declarator that may have consumed nothing (then it is a point after `specs`). */
function abstractDeclarator(cx: LowerContext, d: CstNode | undefined, specs: CstNode | undefined,
  parent: CstNode): Declarator {
  if (d !== undefined && !cx.isEmpty(d)) return lowerDeclarator(cx, d);
  return emptyDeclarator(cx, specs ?? parent);
}

/** arraySuffix := '[' ('static' | Qualifier | '_Atomic')* [ '*' | assignmentExpression ] ']' */
function lowerArraySuffix(cx: LowerContext, n: CstNode): DerivedDeclarator {
  const size = node(n, 'assignmentExpression');
  const out: DerivedDeclarator = {
    kind: 'Array',
    ...cx.base(n),
    star: tok(n, 'Star') !== undefined,
    isStatic: tok(n, 'Static') !== undefined,
    qualifiers: inOrder(n, ['Qualifier', 'Atomic']).map(({ el }) => keywordOf(el as CToken) as TypeQualifier),
  };
  if (size) out.size = lowerAssignment(cx, size);
  return out;
}

/** functionSuffix := '(' [ parameterDeclaration (',' parameterDeclaration)* [',' '...'] ] ')' */
function lowerFunctionSuffix(cx: LowerContext, n: CstNode): FunctionDeclarator {
  const params: ParamDecl[] = nodes(n, 'parameterDeclaration').map((p) => {
    const specs = node(p, 'declarationSpecifiers');
    const d = node(p, 'abstractDeclarator');
    return {
      kind: 'ParamDecl',
      ...cx.base(p),
      specifiers: specs ? lowerSpecifiers(cx, specs) : emptySpecifiers(cx, p),
      declarator: abstractDeclarator(cx, d, specs, p),
    };
  });
  const variadic = tok(n, 'Ellipsis') !== undefined;
  return { kind: 'Function', ...cx.base(n), params, variadic, prototype: params.length > 0 || variadic };
}

function emptySpecifiers(cx: LowerContext, at: CstNode): DeclSpecifiers {
  return {
    kind: 'DeclSpecifiers', ...cx.base(at), storage: [], qualifiers: [], functionSpecifiers: [], alignas: [],
    attributes: [], typeSpecifiers: [],
  };
}

/** typeName := declarationSpecifiers abstractDeclarator (a declarator name is reported: C1113). */
export function lowerTypeName(cx: LowerContext, n: CstNode): TypeName {
  const specs = node(n, 'declarationSpecifiers');
  const d = node(n, 'abstractDeclarator');
  const declarator = abstractDeclarator(cx, d, specs, n);
  if (declarator.name !== undefined) {
    const message = `unexpected name '${declarator.name}' in a type name`;
    cx.report('C1113', message, declarator.nameSpan ?? declarator.span, d);
  }
  return {
    kind: 'TypeName',
    ...cx.base(n),
    specifiers: specs ? lowerSpecifiers(cx, specs) : emptySpecifiers(cx, n),
    declarator,
  };
}

// ---- initialisers --------------------------------------------------------------------------------------

/** initializer := initializerList | assignmentExpression */
export function lowerInitializer(cx: LowerContext, n: CstNode): Initializer {
  const list = node(n, 'initializerList');
  if (list) return lowerInitList(cx, list);
  const e = node(n, 'assignmentExpression');
  return e ? lowerAssignment(cx, e) : errorExpr(cx, n);
}

/** initializerList := '{' [initializerItem (',' initializerItem)* [',']] '}' */
export function lowerInitList(cx: LowerContext, n: CstNode): InitList {
  return { kind: 'InitList', ...cx.base(n), items: nodes(n, 'initializerItem').map((i) => lowerInitItem(cx, i)) };
}

/** initializerItem := [ designator+ '=' | Name ':' ] initializer */
function lowerInitItem(cx: LowerContext, n: CstNode): InitItem {
  const designators: Designator[] = [];
  const gnu = tok(n, 'Name');
  if (gnu) designators.push({ kind: 'FieldDesignator', ...cx.base(gnu), name: gnu.image });
  for (const d of nodes(n, 'designator')) {
    const name = tok(d, 'Name');
    if (tok(d, 'Dot')) {
      designators.push({ kind: 'FieldDesignator', ...cx.base(d), name: name?.image ?? '' });
      continue;
    }
    const [first, last] = nodes(d, 'conditionalExpression');
    const index = first ? lowerConditional(cx, first) : errorExpr(cx, d);
    const idx: Designator = { kind: 'IndexDesignator', ...cx.base(d), index };
    if (last) idx.last = lowerConditional(cx, last);
    designators.push(idx);
  }
  const init = node(n, 'initializer');
  return { kind: 'InitItem', ...cx.base(n), designators, value: init ? lowerInitializer(cx, init) : errorExpr(cx, n) };
}

// ---- string literals -------------------------------------------------------------------------------------

/** Adjacent string literal tokens → one StringLiteral (decoding problems are reported: C1109/C1110). */
export function lowerStringLiteral(cx: LowerContext, parts: readonly CToken[]): StringLiteral {
  const problems: Parameters<typeof decodeStrings>[1] = [];
  const texts = parts.map((p) => p.image);
  const { prefix, value } = decodeStrings(texts, problems);
  for (const p of problems) {
    const span = cx.spanInToken(parts[p.part], p.offset, 2);
    cx.report(p.severity === 'warning' ? 'C1110' : 'C1109', p.message, span, parts[p.part]);
  }
  const first = parts[0];
  const last = parts[parts.length - 1];
  const base = first ? cx.base(first) : { span: cx.endSpan() };
  if (first && last) base.span = cx.join(cx.tokenSpan(first), cx.tokenSpan(last));
  return { kind: 'StringLiteral', ...base, prefix, value, parts: texts };
}
