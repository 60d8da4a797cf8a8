// Declarations (C11 §6.7, §6.9): typedefs, file-scope objects and functions with their linkage and
// redeclaration rules (§6.2.2, §6.2.7), tentative definitions, block-scope automatic, static and extern
// declarations, function definitions with their parameters, labels and the BPF limits that show at a
// definition (argument count, floating point), and BPF helper pointers (`static T (*name)(…) = (void *)
// N;`). In: ast declarations; out: symbols in scope, collected globals/functions, TDeclStmt for blocks.
import type { Declaration, FunctionDefinition, InitDeclarator, StringLiteral } from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import { emptyAttributes, stringArg, type DeclAttributes } from './attributes.js';
import { compatible, composite, quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { declaratorType, specifierType, type ParamInfo, type SpecifierInfo } from './decl-types.js';
import { checkExpr } from './check-expr.js';
import { rvalue } from './convert.js';
import { checkInitializer, completeArrayType, initFromChecked } from './init.js';
import { checkBlockItems, containsReturn, mayFallThrough } from './stmt.js';
import type { FunctionSymbol, Linkage, TypedefSymbol, VarSymbol } from './symbols.js';
import { checkUninitialized } from './uninit.js';
import type { TDeclStmt, TInitializer } from './typed-ast.js';
import {
  isComplete, isFloating, isFunctionPointer, isInteger, isVoid, resolve, unqualified, type CType, type FunctionType,
} from './types.js';

function mergeAttributes(into: DeclAttributes, from: DeclAttributes): void {
  if (from.section) into.section = from.section;
  into.alwaysInline ||= from.alwaysInline;
  into.noinline ||= from.noinline;
  into.packed ||= from.packed;
  if (from.aligned !== undefined) into.aligned = Math.max(into.aligned ?? 0, from.aligned);
  into.used ||= from.used;
  into.unused ||= from.unused;
  into.weak ||= from.weak;
  into.noreturn ||= from.noreturn;
  into.preserveAccessIndex ||= from.preserveAccessIndex;
  if (from.visibility) into.visibility = from.visibility;
  into.btfDeclTags.push(...from.btfDeclTags.filter((t) => !into.btfDeclTags.includes(t)));
  into.names.push(...from.names);
}

function copyAttributes(a: DeclAttributes): DeclAttributes {
  return { ...a, btfDeclTags: [...a.btfDeclTags], btfTypeTags: [...a.btfTypeTags], names: [...a.names] };
}

/** Reports a float type where the BPF target cannot have one. */
function checkNoFloat(cx: SemaContext, t: CType, span: Span, what: string): void {
  const r = resolve(t);
  const inner = r.kind === 'array' ? resolve(r.element) : r;
  if (isFloating(inner)) cx.report('C1302', `floating point ${what} is not supported in BPF programs`, span);
}

// ---- file scope -------------------------------------------------------------------------------------------

export function checkFileDeclaration(cx: SemaContext, d: Declaration): void {
  const storage = d.specifiers.storage;
  const standalone = d.declarators.length === 0;
  const spec = specifierType(cx, d.specifiers, standalone);
  if (storage.length > 1) cx.report('C1220', 'cannot combine storage class specifiers', d.specifiers.span, d.specifiers.origin);
  const sc = storage[0];
  if ((sc === 'auto' || sc === 'register') && d.declarators.length > 0) {
    const first = d.declarators[0]!.declarator;
    cx.report('C1220', `illegal storage class on file-scoped variable`, first.nameSpan ?? d.specifiers.span, d.specifiers.origin);
  }
  if (sc === '_Thread_local') cx.report('C1307', 'thread-local storage is not supported for the BPF target', d.specifiers.span, d.specifiers.origin);
  if (standalone) {
    warnEmptyDeclaration(cx, d);
    return;
  }
  for (const id of d.declarators) {
    const r = declaratorType(cx, spec.type, id.declarator, copyAttributes(spec.attributes));
    const name = id.declarator.name;
    const span = id.declarator.nameSpan ?? id.span;
    if (name === undefined) continue;
    if (r.vlaSpan) cx.report('C1303', 'variable length array declaration not allowed at file scope', span);
    if (sc === 'typedef') {
      declareTypedef(cx, name, r.type, r.attributes, span, id);
      continue;
    }
    if (resolve(r.type).kind === 'function') {
      if (id.init) cx.report('C1216', `illegal initializer (only variables can be initialized)`, id.init.span, id.init.origin);
      declareFunction(cx, name, resolve(r.type) as FunctionType, sc === 'static' ? 'internal' : 'external', r.attributes, span, d.specifiers.functionSpecifiers.includes('inline'), id.declarator.asmLabel);
      continue;
    }
    declareFileObject(cx, name, r.type, sc, r.attributes, span, id, spec);
  }
}

function warnEmptyDeclaration(cx: SemaContext, d: Declaration): void {
  const ts = d.specifiers.typeSpecifiers;
  const tagged = ts.some((t) => (t.kind === 'RecordSpec' && (t.name !== undefined || t.members !== undefined)) || (t.kind === 'EnumSpec'));
  if (!tagged) cx.report('C1512', 'declaration does not declare anything', d.span, d.origin);
}

export function declareTypedef(cx: SemaContext, name: string, type: CType, attrs: DeclAttributes, span: Span, id: InitDeclarator): void {
  if (id.init) cx.report('C1216', `illegal initializer in a typedef`, id.init.span, id.init.origin);
  const prev = cx.scope.ordinary.get(name);
  if (prev !== undefined) {
    if (prev.kind !== 'typedef') {
      cx.report('C1202', `redefinition of '${name}' as different kind of symbol`, span, id.origin, [{ message: 'previous definition is here', span: prev.span }]);
    } else if (!compatible(prev.type, type)) {
      cx.report('C1202', `typedef redefinition with different types (${quoted(type)} vs ${quoted(prev.type)})`, span, id.origin, [{ message: 'previous definition is here', span: prev.span }]);
    }
    return;
  }
  const sym: TypedefSymbol = { kind: 'typedef', name, span, id: cx.id(), type };
  if (attrs.aligned !== undefined) sym.alignAttr = attrs.aligned;
  cx.scope.ordinary.set(name, sym);
  cx.typedefs.push(sym);
}

export function declareFunction(
  cx: SemaContext, name: string, type: FunctionType, linkage: Linkage, attrs: DeclAttributes, span: Span, inline: boolean,
  asmLabel?: StringLiteral,
): FunctionSymbol {
  const sym = declareFunctionSymbol(cx, name, type, linkage, attrs, span, inline);
  const label = stringArg(asmLabel);
  if (label !== undefined) {
    sym.asmLabel = label;
    // `unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");`
    if (label.startsWith('llvm.bpf.')) sym.builtin = label;
  }
  return sym;
}

function declareFunctionSymbol(
  cx: SemaContext, name: string, type: FunctionType, linkage: Linkage, attrs: DeclAttributes, span: Span, inline: boolean,
): FunctionSymbol {
  const file = cx.fileScope;
  const prev = cx.scope.lookup(name) ?? file.ordinary.get(name);
  if (prev !== undefined && (cx.scope.ordinary.has(name) || prev.kind === 'function')) {
    if (prev.kind !== 'function') {
      if (cx.scope.ordinary.has(name)) {
        cx.report('C1202', `redefinition of '${name}' as different kind of symbol`, span, undefined, [{ message: 'previous definition is here', span: prev.span }]);
      }
    } else {
      if (!prev.implicit && !compatible(prev.type, type)) {
        cx.report('C1202', `conflicting types for '${name}'`, span, undefined, [{ message: 'previous declaration is here', span: prev.span }]);
      } else if (prev.linkage === 'external' && linkage === 'internal' && !prev.implicit) {
        cx.report('C1202', `static declaration of '${name}' follows non-static declaration`, span, undefined, [{ message: 'previous declaration is here', span: prev.span }]);
      }
      if (!prev.implicit || compatible(prev.type, type)) prev.type = resolve(composite(prev.type, type)) as FunctionType;
      else prev.type = type;
      prev.implicit = false;
      prev.inlineKeyword ||= inline;
      mergeAttributes(prev.attributes, attrs);
      cx.scope.ordinary.set(name, prev);
      return prev;
    }
  }
  checkNoFloat(cx, type.returns, span, 'return type');
  const sym: FunctionSymbol = { kind: 'function', name, span, id: cx.id(), type, linkage, attributes: attrs, implicit: false, inlineKeyword: inline };
  cx.scope.ordinary.set(name, sym);
  if (cx.scope !== file && !file.ordinary.has(name)) file.ordinary.set(name, sym);
  return sym;
}

function declareFileObject(
  cx: SemaContext, name: string, type0: CType, sc: string | undefined, attrs: DeclAttributes, span: Span, id: InitDeclarator,
  spec: SpecifierInfo,
): void {
  let type = type0;
  const prev = cx.fileScope.ordinary.get(name);
  let sym: VarSymbol;
  const linkage: Linkage = sc === 'static' ? 'internal' : 'external';
  if (prev !== undefined && prev.kind !== 'var') {
    cx.report('C1202', `redefinition of '${name}' as different kind of symbol`, span, id.origin, [{ message: 'previous definition is here', span: prev.span }]);
    return;
  }
  if (prev !== undefined) {
    sym = prev;
    if (!compatible(prev.type, type, false)) {
      cx.report('C1202', `redefinition of '${name}' with a different type: ${quoted(type)} vs ${quoted(prev.type)}`, span, id.origin, [{ message: 'previous definition is here', span: prev.span }]);
    } else {
      sym.type = composite(prev.type, type);
    }
    if (prev.linkage === 'internal' && sc === undefined) {
      cx.report('C1202', `non-static declaration of '${name}' follows static declaration`, span, id.origin, [{ message: 'previous declaration is here', span: prev.span }]);
    } else if (prev.linkage === 'external' && sc === 'static') {
      cx.report('C1202', `static declaration of '${name}' follows non-static declaration`, span, id.origin, [{ message: 'previous declaration is here', span: prev.span }]);
    }
    mergeAttributes(sym.attributes, attrs);
  } else {
    sym = {
      kind: 'var', name, span, id: cx.id(), storage: 'extern', linkage, type, attributes: attrs,
      addressTaken: false, defined: false, objectName: name,
    };
    cx.fileScope.ordinary.set(name, sym);
    cx.globals.push(sym);
  }
  if (spec.alignas !== undefined) sym.attributes.aligned = Math.max(sym.attributes.aligned ?? 0, spec.alignas);
  if (sc !== 'extern' || id.init) {
    if (sym.defined && id.init && sym.init) {
      cx.report('C1202', `redefinition of '${name}'`, span, id.origin, [{ message: 'previous definition is here', span: sym.span }]);
    }
    sym.defined = true;
    sym.storage = 'global';
  }
  if (sc === 'extern' && id.init) cx.report('C1512', `'extern' variable has an initializer`, span, id.origin);
  checkNoFloat(cx, sym.type, span, 'variable');
  if (id.init) {
    const init = checkInitializer(cx, sym.type, id.init, true, span);
    sym.init = init;
    sym.type = completeArrayType(sym.type, init);
    detectHelper(sym, init);
  }
  type = sym.type;
  // a tentative definition may be completed later in the unit (checked at its end)
  if (id.init && !isComplete(type)) cx.report('C1204', `variable has incomplete type ${quoted(type)}`, span, id.origin);
  else if (isVoid(type) && sc !== 'extern') cx.report('C1204', `variable has incomplete type 'void'`, span, id.origin);
}

/**
 * `static long (*bpf_map_update_elem)(void *map, …) = (void *) 2;`: a static pointer-to-function
 * variable initialised with an integer constant cast to a pointer names BPF helper 2.
 */
function detectHelper(sym: VarSymbol, init: TInitializer): void {
  if (sym.linkage !== 'internal' || !isFunctionPointer(sym.type) || init.kind !== 'InitExpr') return;
  let e = init.expr;
  if (e.value === undefined) return;
  let fromInteger = false;
  while (e.kind === 'Cast') {
    if (isInteger(e.operand.type)) fromInteger = true;
    e = e.operand;
  }
  if (!fromInteger || init.expr.value! <= 0n || init.expr.value! > 0x7fffffffn) return;
  sym.helperId = Number(init.expr.value);
}

/** A global object made by the compiler (file-scope compound literals). */
export function addGlobalObject(cx: SemaContext, objectName: string, type: CType, init: TInitializer, span: Span): VarSymbol {
  const sym: VarSymbol = {
    kind: 'var', name: objectName, span, id: cx.id(), storage: 'global', linkage: 'internal', type, attributes: emptyAttributes(),
    addressTaken: true, defined: true, objectName, init,
  };
  cx.globals.push(sym);
  return sym;
}

// ---- block scope -----------------------------------------------------------------------------------------

export function checkLocalDeclaration(cx: SemaContext, d: Declaration): TDeclStmt | undefined {
  const fn = cx.fn!;
  const storage = d.specifiers.storage;
  const standalone = d.declarators.length === 0;
  const spec = specifierType(cx, d.specifiers, standalone);
  if (storage.length > 1) cx.report('C1220', 'cannot combine storage class specifiers', d.specifiers.span, d.specifiers.origin);
  const sc = storage[0];
  if (sc === '_Thread_local') cx.report('C1307', 'thread-local storage is not supported for the BPF target', d.specifiers.span, d.specifiers.origin);
  if (standalone) {
    warnEmptyDeclaration(cx, d);
    return undefined;
  }
  const vars: TDeclStmt['vars'] = [];
  for (const id of d.declarators) {
    const r = declaratorType(cx, spec.type, id.declarator, copyAttributes(spec.attributes));
    const name = id.declarator.name;
    const span = id.declarator.nameSpan ?? id.span;
    if (name === undefined) continue;
    if (sc === 'typedef') {
      if (r.vlaSpan) cx.report('C1303', 'variable length arrays are not supported in BPF programs', r.vlaSpan);
      declareTypedef(cx, name, r.type, r.attributes, span, id);
      continue;
    }
    if (resolve(r.type).kind === 'function') {
      if (sc === 'static') cx.report('C1220', `function declared in block scope cannot have 'static' storage class`, span, id.origin);
      declareFunction(cx, name, resolve(r.type) as FunctionType, 'external', r.attributes, span, false, id.declarator.asmLabel);
      continue;
    }
    if (sc === 'extern') {
      const file = cx.fileScope.ordinary.get(name);
      if (file?.kind === 'var') {
        cx.scope.ordinary.set(name, file);
      } else {
        const sym: VarSymbol = {
          kind: 'var', name, span, id: cx.id(), storage: 'extern', linkage: 'external', type: r.type, attributes: r.attributes,
          addressTaken: false, defined: false, objectName: name,
        };
        cx.scope.ordinary.set(name, sym);
        cx.fileScope.ordinary.set(name, sym);
        cx.globals.push(sym);
      }
      continue;
    }
    const prev = cx.scope.ordinary.get(name);
    if (prev !== undefined) {
      cx.report('C1202', `redefinition of '${name}'`, span, id.origin, [{ message: 'previous definition is here', span: prev.span }]);
    }
    if (r.vlaSpan) cx.report('C1303', 'variable length arrays are not supported in BPF programs', r.vlaSpan);
    checkNoFloat(cx, r.type, span, 'variable');
    const isStatic = sc === 'static';
    const sym: VarSymbol = {
      kind: 'var', name, span, id: cx.id(), storage: isStatic ? 'static-local' : 'local', linkage: 'none', type: r.type,
      attributes: r.attributes, owner: fn.symbol, addressTaken: false, defined: true, objectName: name,
    };
    if (spec.alignas !== undefined) sym.attributes.aligned = Math.max(sym.attributes.aligned ?? 0, spec.alignas);
    if (spec.auto) {
      if (!id.init || id.init.kind === 'InitList') {
        cx.report('C1216', `'__auto_type' declaration of '${name}' needs a single expression initializer`, span, id.origin);
      }
    }
    // the name is in scope in its own initialiser (C11 §6.2.1p7)
    cx.scope.ordinary.set(name, sym);
    if (id.init) {
      let init: TInitializer;
      if (spec.auto && id.init.kind !== 'InitList') {
        const e = checkExpr(cx, id.init);
        sym.type = unqualified(rvalue(cx, e).type);
        init = initFromChecked(cx, sym.type, e, id.init.span);
      } else {
        init = checkInitializer(cx, sym.type, id.init, isStatic, span);
      }
      sym.type = completeArrayType(sym.type, init);
      sym.init = init;
    }
    if (!isComplete(sym.type)) {
      const r2 = resolve(sym.type);
      if (!(r2.kind === 'array' && r2.vla)) cx.report('C1204', `variable has incomplete type ${quoted(sym.type)}`, span, id.origin);
    }
    if (isStatic) {
      const base = `${fn.symbol.name}.${name}`;
      const n = cx.staticLocalNames.get(base) ?? 0;
      cx.staticLocalNames.set(base, n + 1);
      sym.objectName = n === 0 ? base : `${base}.${n}`;
      cx.globals.push(sym);
      continue;
    }
    fn.locals.push(sym);
    const v: TDeclStmt['vars'][number] = { symbol: sym };
    if (sym.init) v.init = sym.init;
    vars.push(v);
  }
  return { kind: 'Decl', vars, span: d.span };
}

// ---- function definitions ----------------------------------------------------------------------------

export function checkFunctionDefinition(cx: SemaContext, f: FunctionDefinition): void {
  const storage = f.specifiers.storage;
  const sc = storage[0];
  if (sc !== undefined && sc !== 'static' && sc !== 'extern') {
    cx.report('C1220', `illegal storage class on function`, f.specifiers.span, f.specifiers.origin);
  }
  const spec = specifierType(cx, f.specifiers);
  const r = declaratorType(cx, spec.type, f.declarator, copyAttributes(spec.attributes));
  const name = f.declarator.name ?? '';
  const span = f.declarator.nameSpan ?? f.span;
  const fr = resolve(r.type);
  if (fr.kind !== 'function') return; // the parser reported it (C1114)
  const sym = declareFunction(cx, name, fr, sc === 'static' ? 'internal' : 'external', r.attributes, span, f.specifiers.functionSpecifiers.includes('inline'));
  if (sym.definition !== undefined) {
    cx.report('C1202', `redefinition of '${name}'`, span, f.origin, [{ message: 'previous definition is here', span: sym.definition.span }]);
    return;
  }
  if (!fr.prototype && fr.params.length === 0 && f.declarator.derived[0]?.kind === 'Function' && f.declarator.derived[0].params.length > 0) {
    cx.report('C1307', 'old-style (K&R) function definitions are not supported', span, f.origin);
  }
  const params = r.params ?? [];
  const returns = fr.returns;
  if (!isVoid(returns) && !isComplete(returns)) {
    cx.report('C1204', `incomplete result type ${quoted(returns)} in function definition`, span, f.origin);
  }
  const max = cx.options.maxArguments ?? 5;
  if (params.length > max && !sym.attributes.alwaysInline) {
    cx.report('C1301', `function '${name}' has ${params.length} parameters; BPF functions take at most ${max} (only always_inline functions may take more)`, span, f.origin);
  }
  cx.fn = { symbol: sym, returns, labels: new Map(), locals: [], breakables: [], switches: [] };
  cx.push('function');
  const paramSyms = params.map((p) => declareParam(cx, sym, p));
  const items = checkBlockItems(cx, f.body.items);
  cx.pop();
  const fn = cx.fn;
  cx.fn = undefined;
  for (const l of fn.labels.values()) {
    if (!l.defined) cx.report('C1219', `use of undeclared label '${l.name}'`, l.span);
  }
  const body = { kind: 'Compound' as const, items, span: f.body.span };
  if (!isVoid(returns) && name !== 'main' && mayFallThrough(body)) {
    const some = containsReturn(body);
    cx.report('C1509', `non-void function does not return a value${some ? ' in all control paths' : ''}`, cx.lastCharSpan(f.body.span));
  }
  if (!cx.hasErrors()) checkUninitialized(cx, sym, body);
  sym.definition = { params: paramSyms, body, locals: fn.locals, labels: [...fn.labels.values()], span };
  cx.functions.push(sym);
}

function declareParam(cx: SemaContext, owner: FunctionSymbol, p: ParamInfo): VarSymbol {
  const sym: VarSymbol = {
    kind: 'var', name: p.name ?? '', span: p.span, id: cx.id(), storage: 'param', linkage: 'none', type: p.type,
    attributes: p.attributes, owner, addressTaken: false, defined: true, objectName: p.name ?? '',
  };
  checkNoFloat(cx, p.type, p.span, 'parameter');
  if (!isComplete(p.type) && p.name !== undefined) {
    cx.report('C1204', `variable has incomplete type ${quoted(p.type)}`, p.span);
  }
  if (p.name !== undefined) {
    if (cx.scope.ordinary.has(p.name)) cx.report('C1202', `redefinition of parameter '${p.name}'`, p.span);
    cx.scope.ordinary.set(p.name, sym);
  }
  return sym;
}
