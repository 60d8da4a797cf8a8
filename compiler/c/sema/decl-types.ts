// Declaration specifiers and declarators → types (C11 §6.7.2–6.7.7): builtin type keyword combinations,
// typedef names, struct/union/enum specifiers (tags, scopes, definitions, layouts), typeof, and the
// derived layers of declarators (pointers, arrays with their constant or variable sizes, functions with
// their adjusted parameter types). In: ast DeclSpecifiers/Declarator/TypeName; out: CTypes (and the
// parameters of a function declarator, for definitions). Errors are reported and a usable type returned.
import type {
  BuiltinType, BuiltinTypeKeyword, DeclSpecifiers, Declarator, EnumSpec, FunctionDeclarator, ParamDecl, RecordSpec,
  TypeName, TypeQualifier, TypeSpecifier,
} from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import { emptyAttributes, readAttributes, type DeclAttributes } from './attributes.js';
import type { SemaContext } from './context.js';
import { checkIntConstant, checkUnevaluated, attributeEnv } from './check-expr.js';
import { quoted } from './compat.js';
import { enumType, recordType } from './records.js';
import {
  Qual, alignOf, arrayOf, floatType, intType, isComplete, isFunction, isInteger, pointerTo, resolve, sizeOf,
  voidType, withQuals, type CType, type IntKind, type ParamType, type Quals,
} from './types.js';

export function qualBits(qs: readonly TypeQualifier[]): Quals {
  let q = 0;
  for (const x of qs) {
    if (x === 'const') q |= Qual.Const;
    else if (x === 'volatile') q |= Qual.Volatile;
    else if (x === 'restrict') q |= Qual.Restrict;
    else q |= Qual.Atomic;
  }
  return q;
}

/** The result of reading declaration specifiers. `auto` marks GNU `__auto_type` (type from the initialiser). */
export interface SpecifierInfo {
  type: CType;
  auto: boolean;
  attributes: DeclAttributes;
  /** `_Alignas` in the specifiers (bytes). */
  alignas?: number;
}

const KEYWORD_KINDS: ReadonlyMap<string, IntKind | 'void' | 'float' | 'double' | 'long double'> = new Map([
  ['void', 'void'],
  ['_Bool', '_Bool'],
  ['char', 'char'],
  ['signed char', 'signed char'],
  ['unsigned char', 'unsigned char'],
  ['short', 'short'], ['signed short', 'short'], ['short int', 'short'], ['signed short int', 'short'],
  ['unsigned short', 'unsigned short'], ['unsigned short int', 'unsigned short'],
  ['int', 'int'], ['signed', 'int'], ['signed int', 'int'],
  ['unsigned', 'unsigned int'], ['unsigned int', 'unsigned int'],
  ['long', 'long'], ['signed long', 'long'], ['long int', 'long'], ['signed long int', 'long'],
  ['unsigned long', 'unsigned long'], ['unsigned long int', 'unsigned long'],
  ['long long', 'long long'], ['signed long long', 'long long'], ['long long int', 'long long'],
  ['signed long long int', 'long long'],
  ['unsigned long long', 'unsigned long long'], ['unsigned long long int', 'unsigned long long'],
  ['__int128', '__int128'], ['signed __int128', '__int128'],
  ['unsigned __int128', 'unsigned __int128'],
  ['float', 'float'], ['double', 'double'], ['long double', 'long double'],
]);

const KEYWORD_ORDER: readonly BuiltinTypeKeyword[] = ['signed', 'unsigned', 'short', 'long', '__int128', 'char', 'int', '_Bool', 'float', 'double', 'void'];

/** The canonical spelling of a multiset of type keywords (`int long unsigned` → `unsigned long int`). */
function keywordKey(words: readonly BuiltinTypeKeyword[]): string {
  const sorted = [...words].sort((a, b) => KEYWORD_ORDER.indexOf(a) - KEYWORD_ORDER.indexOf(b));
  return sorted.join(' ');
}

function specifierName(s: TypeSpecifier): string {
  switch (s.kind) {
    case 'BuiltinType': return s.keyword;
    case 'TypedefName': return s.name;
    case 'RecordSpec': return s.tag;
    case 'EnumSpec': return 'enum';
    case 'TypeofSpec': return 'typeof';
    case 'AtomicTypeSpec': return '_Atomic';
    default: {
      const never: never = s;
      return never;
    }
  }
}

const WIDTHS = new Set(['short', 'long']);
const SIGNS = new Set(['signed', 'unsigned']);

/**
 * The type a list of type keywords names (C11 §6.7.2p2), with clang's diagnostics for lists that name
 * none: a second width/sign/base keyword ("cannot combine with previous 'short' declaration specifier"),
 * a width or sign on a type that has none ("'long char' is invalid", "'float' cannot be signed or
 * unsigned").
 */
function keywordsKind(cx: SemaContext, words: readonly BuiltinType[], specs: DeclSpecifiers): IntKind | 'void' | 'float' | 'double' | 'long double' {
  let width: BuiltinType[] = [];
  let sign: BuiltinType | undefined;
  let base: BuiltinType | undefined;
  for (const w of words) {
    const k = w.keyword;
    let prev: BuiltinType | undefined;
    if (WIDTHS.has(k)) {
      if (width.length === 0 || (k === 'long' && width.length === 1 && width[0]!.keyword === 'long')) width = [...width, w];
      else prev = width[width.length - 1];
    } else if (SIGNS.has(k)) {
      if (sign === undefined) sign = w;
      else prev = sign;
    } else if (base === undefined) {
      base = w;
    } else {
      prev = base;
    }
    if (prev !== undefined) {
      const prevText = prev === width[width.length - 1] && width.length === 2 ? 'long long' : prev.keyword;
      cx.report('C1203', `cannot combine with previous '${prevText}' declaration specifier`, w.span, specs.origin);
      return 'int';
    }
  }
  const b = base?.keyword;
  if (sign !== undefined && (b === 'void' || b === 'float' || b === 'double' || b === '_Bool')) {
    cx.report('C1203', `'${b}' cannot be signed or unsigned`, sign.span, specs.origin);
    return b === 'void' ? 'void' : b === '_Bool' ? '_Bool' : b;
  }
  const w = width.map((x) => x.keyword).join(' ');
  if (w !== '' && b !== undefined && b !== 'int' && !(w === 'long' && b === 'double')) {
    cx.report('C1203', `'${w} ${b}' is invalid`, (width[0]!.span.offset < base!.span.offset ? width[0]! : base!).span, specs.origin);
    return b === 'void' ? 'void' : b === 'char' ? 'char' : b === '_Bool' ? '_Bool' : b === 'float' || b === 'double' ? b : b === '__int128' ? '__int128' : 'int';
  }
  const k = KEYWORD_KINDS.get(keywordKey(words.map((x) => x.keyword)));
  if (k === undefined) {
    cx.report('C1203', `cannot combine type specifiers '${words.map((x) => x.keyword).join(' ')}'`, specs.span, specs.origin);
    return 'int';
  }
  return k;
}

/** Reads declaration specifiers: the base type (with qualifiers) and the declaration's attributes. */
export function specifierType(cx: SemaContext, specs: DeclSpecifiers, standalone = false): SpecifierInfo {
  const attributes = readAttributes(specs.attributes, emptyAttributes(), attributeEnv(cx));
  const quals = qualBits(specs.qualifiers);
  let alignas: number | undefined;
  for (const a of specs.alignas) {
    const v = a.operand.kind === 'TypeName'
      ? alignOfTypeName(cx, a.operand)
      : (() => {
        const x = checkIntConstant(cx, a.operand, "'_Alignas' argument");
        return x === undefined ? undefined : Number(x);
      })();
    if (v !== undefined && v > 0) alignas = Math.max(alignas ?? 0, v);
  }
  const words: BuiltinType[] = [];
  const others: TypeSpecifier[] = [];
  for (const s of specs.typeSpecifiers) {
    if (s.kind === 'BuiltinType') words.push(s);
    else others.push(s);
  }
  let type: CType | undefined;
  let auto = false;
  if (others.length > 1 || (others.length === 1 && words.length > 0)) {
    const second = others.length > 1 ? others[1]! : others[0]!;
    const first = words[0] ?? others[0]!;
    cx.report('C1203', `cannot combine with previous '${specifierName(first)}' declaration specifier`, second.span, specs.origin);
  }
  if (others.length > 0) {
    type = otherSpecifierType(cx, others[0]!, standalone && specs.storage.length === 0 && words.length === 0);
  } else if (words.some((w) => w.keyword === '__auto_type')) {
    auto = true;
    type = intType('int');
  } else if (words.some((w) => w.keyword === '_Complex')) {
    cx.report('C1302', '_Complex types are not supported for the BPF target', specs.span, specs.origin);
    type = floatType('double');
  } else if (words.length === 0) {
    cx.report('C1203', "type specifier missing, defaults to 'int'; ISO C99 and later do not support implicit int", specs.span, specs.origin);
    type = intType('int');
  } else {
    const k = keywordsKind(cx, words, specs);
    if (k === 'void') type = voidType();
    else if (k === 'float' || k === 'double' || k === 'long double') type = floatType(k);
    else type = intType(k);
  }
  if (quals & Qual.Atomic) cx.report('C1307', "'_Atomic' is not supported for the BPF target", specs.span, specs.origin);
  const out: SpecifierInfo = { type: withQuals(type, quals & ~Qual.Atomic), auto, attributes };
  if (alignas !== undefined) out.alignas = alignas;
  return out;
}

function otherSpecifierType(cx: SemaContext, s: TypeSpecifier, standalone: boolean): CType {
  switch (s.kind) {
    case 'TypedefName': {
      const sym = cx.lookup(s.name);
      if (sym?.kind === 'typedef') return { kind: 'typedef', decl: sym, quals: 0 };
      if (s.name === '__builtin_va_list') return pointerTo(voidType());
      if (s.name === '__int128_t') return intType('__int128');
      if (s.name === '__uint128_t') return intType('unsigned __int128');
      cx.report('C1203', `unknown type name '${s.name}'`, s.span, s.origin);
      return intType('int');
    }
    case 'RecordSpec':
      return recordType(cx, s, standalone);
    case 'EnumSpec':
      return enumType(cx, s, standalone);
    case 'TypeofSpec': {
      if (s.operand.kind === 'TypeName') return typeNameType(cx, s.operand);
      const e = checkUnevaluated(cx, s.operand);
      if (e.kind === 'Member' && e.field.bitWidth !== undefined) {
        cx.report('C1224', "invalid application of 'typeof' to bit-field", s.span, s.origin);
      }
      return e.type;
    }
    case 'AtomicTypeSpec':
      cx.report('C1307', "'_Atomic' is not supported for the BPF target", s.span, s.origin);
      return typeNameType(cx, s.type);
    case 'BuiltinType':
      return intType('int');
    default: {
      const never: never = s;
      return never;
    }
  }
}

// ---- declarators ---------------------------------------------------------------------------------------

/** A parameter of a function declarator, as a definition needs it. */
export interface ParamInfo {
  name?: string;
  span: Span;
  type: CType;
  attributes: DeclAttributes;
}

export interface DeclaratorResult {
  type: CType;
  /** The parameters of the function layer nearest the name (for function definitions). */
  params?: ParamInfo[];
  /** Attributes written in the declarator (they apply to the declared entity). */
  attributes: DeclAttributes;
  /** A variable length array layer was met (an error for BPF; reported by the caller). */
  vlaSpan?: Span;
}

/** Applies a declarator's derived layers to `base` (see ast.ts for their order). */
export function declaratorType(cx: SemaContext, base: CType, d: Declarator, attrs?: DeclAttributes): DeclaratorResult {
  const attributes = readAttributes(d.attributes, attrs ?? emptyAttributes(), attributeEnv(cx));
  const out: DeclaratorResult = { type: base, attributes };
  let t = base;
  for (let i = d.derived.length - 1; i >= 0; i--) {
    const layer = d.derived[i]!;
    switch (layer.kind) {
      case 'Pointer':
        t = pointerTo(t, qualBits(layer.qualifiers) & ~Qual.Atomic);
        break;
      case 'Array': {
        const elem = resolve(t);
        if (elem.kind === 'function') {
          cx.report('C1228', `'${d.name ?? 'type name'}' declared as array of functions of type ${quoted(t)}`, layer.span, layer.origin);
          t = pointerTo(t);
        } else if (!isComplete(t) && !(elem.kind === 'array' && elem.vla)) {
          cx.report('C1204', `array has incomplete element type ${quoted(t)}`, layer.span, layer.origin);
        }
        if (layer.star) {
          t = arrayOf(t, undefined, true);
          out.vlaSpan ??= layer.span;
        } else if (layer.size === undefined) {
          t = arrayOf(t);
        } else {
          const e = checkUnevaluated(cx, layer.size, true);
          if (e.kind === 'Error') {
            t = arrayOf(t, 1);
          } else if (!isInteger(e.type)) {
            cx.report('C1214', `size of array has non-integer type ${quoted(e.type)}`, layer.size.span, layer.size.origin);
            t = arrayOf(t, 1);
          } else if (e.value === undefined) {
            t = arrayOf(t, undefined, true);
            out.vlaSpan ??= layer.size.span;
          } else {
            const n = e.value;
            const esize = sizeOf(t) ?? 1;
            if (n < 0n) {
              cx.report('C1214', `'${d.name ?? 'array'}' declared as an array with a negative size`, layer.size.span, layer.size.origin);
              t = arrayOf(t, 1);
            } else if (n * BigInt(Math.max(1, esize)) > 0x7fffffffn) {
              cx.report('C1214', `array is too large (${n} elements)`, layer.size.span, layer.size.origin);
              t = arrayOf(t, 1);
            } else {
              t = arrayOf(t, Number(n));
            }
          }
        }
        // qualifiers in [] only mean something for parameters (adjusted below)
        if (layer.qualifiers.length > 0 && t.kind === 'array') t = { ...t, paramQuals: qualBits(layer.qualifiers) };
        break;
      }
      case 'Function': {
        const r = resolve(t);
        if (r.kind === 'function') cx.report('C1228', `function cannot return function type ${quoted(t)}`, layer.span, layer.origin);
        else if (r.kind === 'array') cx.report('C1228', `function cannot return array type ${quoted(t)}`, layer.span, layer.origin);
        const params = functionParams(cx, layer);
        t = {
          kind: 'function',
          returns: r.kind === 'function' || r.kind === 'array' ? pointerTo(r.kind === 'array' ? r.element : t) : t,
          params: params.map((p): ParamType => (p.name === undefined ? { type: p.type } : { name: p.name, type: p.type })),
          variadic: layer.variadic,
          prototype: layer.prototype,
          quals: 0,
        };
        if (i === 0) out.params = params;
        break;
      }
      default: {
        const never: never = layer;
        return never;
      }
    }
  }
  out.type = t;
  return out;
}

/** The parameters of a function declarator, read in a prototype scope and adjusted (C11 §6.7.6.3p7–8). */
function functionParams(cx: SemaContext, f: FunctionDeclarator): ParamInfo[] {
  if (isVoidList(f.params)) return [];
  return cx.inScope('prototype', () => f.params.map((p) => paramInfo(cx, p)));
}

function isVoidList(ps: readonly ParamDecl[]): boolean {
  if (ps.length !== 1) return false;
  const p = ps[0]!;
  const s = p.specifiers;
  return p.declarator.name === undefined && p.declarator.derived.length === 0 && s.qualifiers.length === 0
    && s.typeSpecifiers.length === 1 && s.typeSpecifiers[0]!.kind === 'BuiltinType'
    && s.typeSpecifiers[0]!.keyword === 'void';
}

function paramInfo(cx: SemaContext, p: ParamDecl): ParamInfo {
  for (const sc of p.specifiers.storage) {
    if (sc !== 'register') cx.report('C1220', 'invalid storage class specifier in function declarator', p.specifiers.span, p.specifiers.origin);
  }
  const spec = specifierType(cx, p.specifiers);
  const d = declaratorType(cx, spec.type, p.declarator, spec.attributes);
  const span = p.declarator.nameSpan ?? p.span;
  if (d.vlaSpan) cx.report('C1303', 'variable length arrays are not supported in BPF programs', d.vlaSpan);
  let type = d.type;
  const r = resolve(type);
  if (r.kind === 'array') {
    type = pointerTo(r.element, r.paramQuals ?? 0);
  } else if (r.kind === 'function') {
    type = pointerTo(type);
  } else if (r.kind === 'void') {
    cx.report('C1228', "'void' must be the first and only parameter if specified", span, p.origin);
    type = intType('int');
  }
  const out: ParamInfo = { span, type, attributes: d.attributes };
  if (p.declarator.name !== undefined) {
    out.name = p.declarator.name;
    const prev = cx.scope.ordinary.get(out.name);
    if (prev !== undefined) cx.report('C1202', `redefinition of parameter '${out.name}'`, span, p.origin);
    // a placeholder so that later parameters see the name (e.g. `int n, char a[n]`)
    cx.scope.ordinary.set(out.name, {
      kind: 'var', name: out.name, span, id: cx.id(), storage: 'param', linkage: 'none', type,
      attributes: d.attributes, addressTaken: false, defined: true, objectName: out.name,
    });
  }
  return out;
}

/** The type named by a type name (casts, sizeof, compound literals, typeof…). */
export function typeNameType(cx: SemaContext, tn: TypeName): CType {
  const spec = specifierType(cx, tn.specifiers);
  const d = declaratorType(cx, spec.type, tn.declarator, spec.attributes);
  if (d.vlaSpan) cx.report('C1303', 'variable length arrays are not supported in BPF programs', d.vlaSpan);
  return d.type;
}

function alignOfTypeName(cx: SemaContext, tn: TypeName): number | undefined {
  const t = typeNameType(cx, tn);
  const a = isFunction(t) ? undefined : alignOf(t);
  if (a === undefined) cx.report('C1224', `invalid application of '_Alignas' to an incomplete type ${quoted(t)}`, tn.span, tn.origin);
  return a;
}
