// Type compatibility and composite types (C11 §6.2.7), and C spelling of types for messages and dumps.
// In: CTypes; out: booleans, a composite type, or text such as `unsigned int *const` or
// `struct iphdr *` (typedef names kept where the type was written with them, as clang prints them).
import { INT_INFO, qualsText, resolve, type CType, type FunctionType, type Quals } from './types.js';

/**
 * Whether two types are compatible (C11 §6.2.7): same qualifiers; integers of the same kind (an enum is
 * compatible with its underlying type); pointers to compatible types; arrays of compatible elements with
 * equal known lengths; functions with compatible returns and parameters; the same struct/union/enum.
 */
export function compatible(a: CType, b: CType, ignoreQuals = false): boolean {
  const x = resolve(a);
  const y = resolve(b);
  if (!ignoreQuals && x.kind !== 'array' && y.kind !== 'array' && x.quals !== y.quals) return false;
  if (x.kind === 'enum' && y.kind === 'int') return x.decl.underlying === y.int;
  if (x.kind === 'int' && y.kind === 'enum') return y.decl.underlying === x.int;
  switch (x.kind) {
    case 'void':
      return y.kind === 'void';
    case 'int':
      return y.kind === 'int' && x.int === y.int;
    case 'float':
      return y.kind === 'float' && x.float === y.float;
    case 'pointer':
      return y.kind === 'pointer' && compatible(x.pointee, y.pointee);
    case 'array':
      if (y.kind !== 'array') return false;
      if (x.length !== undefined && y.length !== undefined && !x.vla && !y.vla && x.length !== y.length) return false;
      return compatible(x.element, y.element, ignoreQuals);
    case 'function':
      return y.kind === 'function' && functionsCompatible(x, y);
    case 'record':
      return y.kind === 'record' && x.decl === y.decl;
    case 'enum':
      return y.kind === 'enum' && x.decl === y.decl;
    default: {
      const never: never = x;
      return never;
    }
  }
}

function functionsCompatible(x: FunctionType, y: FunctionType): boolean {
  if (!compatible(x.returns, y.returns)) return false;
  if (x.prototype && y.prototype) {
    if (x.variadic !== y.variadic || x.params.length !== y.params.length) return false;
    return x.params.every((p, i) => compatible(p.type, y.params[i]!.type, true));
  }
  // one without a prototype: the other's parameters must survive default promotions; accept leniently
  const proto = x.prototype ? x : y.prototype ? y : undefined;
  if (proto === undefined) return true;
  return !proto.variadic;
}

/** The composite of two compatible types (C11 §6.2.7p3): known array lengths and prototypes win. */
export function composite(a: CType, b: CType): CType {
  const x = resolve(a);
  const y = resolve(b);
  if (x.kind === 'array' && y.kind === 'array') {
    if (x.length === undefined && y.length !== undefined) return b;
    return a;
  }
  if (x.kind === 'function' && y.kind === 'function') {
    if (!x.prototype && y.prototype) return b;
    return a;
  }
  return a;
}

// ---- printing ------------------------------------------------------------------------------------------

/** The C spelling of `t`, optionally declaring `name` (`int (*name)[4]`). */
export function typeToString(t: CType, name = ''): string {
  return declare(t, name).trim();
}

function withQ(q: Quals, s: string): string {
  const qt = qualsText(q);
  return qt === '' ? s : `${qt} ${s}`;
}

function declare(t: CType, inner: string): string {
  switch (t.kind) {
    case 'void':
      return join(withQ(t.quals, 'void'), inner);
    case 'int':
      return join(withQ(t.quals, t.int), inner);
    case 'float':
      return join(withQ(t.quals, t.float), inner);
    case 'typedef':
      return join(withQ(t.quals, t.decl.name), inner);
    case 'record':
      return join(withQ(t.quals, `${t.decl.tag} ${t.decl.name ?? anonName(t.decl.tag, t.decl.span)}`), inner);
    case 'enum':
      return join(withQ(t.quals, `enum ${t.decl.name ?? anonName('enum', t.decl.span)}`), inner);
    case 'pointer': {
      const q = qualsText(t.quals);
      const star = q === '' ? `*${inner}` : `*${q}${inner === '' ? '' : ' '}${inner}`;
      const needParens = t.pointee.kind === 'array' || t.pointee.kind === 'function';
      return declare(t.pointee, needParens ? `(${star})` : star);
    }
    case 'array': {
      const len = t.vla ? '*' : t.length === undefined ? '' : String(t.length);
      return declare(t.element, `${inner}[${len}]`);
    }
    case 'function': {
      const params = t.params.map((p) => typeToString(p.type));
      if (t.variadic) params.push('...');
      const list = t.prototype ? (params.length === 0 ? 'void' : params.join(', ')) : '';
      return declare(t.returns, `${inner}(${list})`);
    }
    default: {
      const never: never = t;
      return never;
    }
  }
}

function join(base: string, inner: string): string {
  if (inner === '') return base;
  return inner.startsWith('[') ? `${base}${inner}` : `${base} ${inner}`;
}

function anonName(what: string, span: { file: string; line: number; col: number }): string {
  return `(unnamed ${what} at ${span.file}:${span.line}:${span.col})`;
}

/** The canonical spelling (typedefs resolved): `unsigned int` for `__u32`. */
export function canonicalTypeString(t: CType): string {
  return typeToString(canonical(t));
}

/** `t` with every typedef replaced by what it names, at every level. */
export function canonical(t: CType): CType {
  const r = resolve(t);
  switch (r.kind) {
    case 'pointer':
      return { ...r, pointee: canonical(r.pointee) };
    case 'array':
      return { ...r, element: canonical(r.element) };
    case 'function':
      return { ...r, returns: canonical(r.returns), params: r.params.map((p) => ({ ...p, type: canonical(p.type) })) };
    default:
      return r;
  }
}

/** Whether a type name is an integer kind that fits in 64 bits (what BPF registers hold). */
export function intFitsRegister(t: CType): boolean {
  const r = resolve(t);
  const k = r.kind === 'int' ? r.int : r.kind === 'enum' ? r.decl.underlying : undefined;
  return k !== undefined && INT_INFO[k].size <= 8;
}

/** A type quoted for a message as clang does it: `'__u32' (aka 'unsigned int')` when sugar hides it. */
export function quoted(t: CType): string {
  const s = typeToString(t);
  const c = typeToString(canonical(t));
  return s === c ? `'${s}'` : `'${s}' (aka '${c}')`;
}
