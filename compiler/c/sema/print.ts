// Prints a TypedUnit as stable, indented text (golden tests, `ebpfc compile --emit-ast`): records with
// their layouts, globals with section and bytes, maps, programs, and each function's typed body, one
// node per line — kind, details, `: type` (typedefs shown as clang does, `__u32 (aka unsigned int)`),
// `lvalue` for lvalues and `= value` for folded constants:
//
//   function xdp_count(struct xdp_md *ctx) -> int  section=xdp
//     Return @57:5
//       Cast IntegralCast : int = 2
//         EnumRef XDP_PASS : unsigned int = 2
//
// By default only declarations written in the main file are listed (headers define hundreds).
// In: a TypedUnit; out: text ending in a newline.
import type { Span } from '../../diagnostics/index.js';
import { quoteUnits } from '../print-ast.js';
import type { TypedUnit } from './analyze.js';
import { canonical, typeToString } from './compat.js';
import type { FunctionSymbol, VarSymbol } from './symbols.js';
import type { TExpr, TInitializer, TStmt } from './typed-ast.js';
import { type CType, type RecordDecl } from './types.js';

export interface PrintTypedOptions {
  /** Print spans as `@line:col` (default true). */
  spans?: boolean;
  /** Also list records, typedefs and globals declared in included files (default false). */
  headers?: boolean;
  /** The main file (default: the unit's). */
  mainFile?: string;
}

export function typeText(t: CType): string {
  const s = typeToString(t);
  const c = typeToString(canonical(t));
  return s === c ? s : `${s} (aka ${c})`;
}

export function printTypedUnit(unit: TypedUnit, opts: PrintTypedOptions = {}): string {
  const lines: string[] = [];
  const main = opts.mainFile ?? unit.file;
  const mine = (s: Span) => opts.headers === true || s.file === main;
  const withSpans = opts.spans !== false;
  const at = (s: Span) => (withSpans ? ` @${s.file === main ? '' : `${s.file}:`}${s.line}:${s.col}` : '');
  const emit = (depth: number, text: string) => lines.push(`${'  '.repeat(depth)}${text}`);

  for (const r of unit.records) if (mine(r.span) && r.fields) printRecord(r, emit, at);
  for (const e of unit.enums) {
    if (!mine(e.span) || !e.complete) continue;
    emit(0, `enum ${e.name ?? '(anonymous)'} : ${e.underlying}${at(e.span)}`);
    for (const c of e.constants) emit(1, `${c.name} = ${c.value}`);
  }
  for (const t of unit.typedefs) if (mine(t.span)) emit(0, `typedef ${t.name} = ${typeText(t.type)}${at(t.span)}`);
  for (const g of unit.globals) if (mine(g.span)) printGlobal(g, emit, at);
  for (const h of unit.helpers) if (mine(h.span)) emit(0, `helper ${h.name} = #${h.helperId} : ${typeText(h.type)}`);
  for (const s of unit.strings) emit(0, `string ${s.objectName} ${quoteUnits([...s.bytes])} : ${typeText(s.type)}`);
  for (const m of unit.maps) {
    const f: string[] = [];
    if (m.type !== undefined) f.push(`type=${m.type}`);
    if (m.keySize !== undefined) f.push(`key_size=${m.keySize}${m.keyType ? ` (${typeToString(m.keyType)})` : ''}`);
    if (m.valueSize !== undefined) f.push(`value_size=${m.valueSize}${m.valueType ? ` (${typeToString(m.valueType)})` : ''}`);
    if (m.maxEntries !== undefined) f.push(`max_entries=${m.maxEntries}`);
    if (m.mapFlags !== undefined) f.push(`map_flags=${m.mapFlags}`);
    if (m.pinning !== undefined) f.push(`pinning=${m.pinning}`);
    if (m.numaNode !== undefined) f.push(`numa_node=${m.numaNode}`);
    if (m.mapExtra !== undefined) f.push(`map_extra=${m.mapExtra}`);
    if (m.inner) f.push(`inner=(type=${m.inner.type ?? '?'} key_size=${m.inner.keySize ?? '?'} value_size=${m.inner.valueSize ?? '?'} max_entries=${m.inner.maxEntries ?? '?'})`);
    if (m.valuesArePrograms) f.push('values=programs');
    emit(0, `map ${m.name} ${f.join(' ')}`);
    for (const v of m.values) emit(1, `[${v.index}] = ${v.kind === 'prog' ? 'program' : 'map'} ${v.symbol.name}`);
  }
  for (const p of unit.programs) emit(0, `program ${p.function.name} section="${p.section}"${p.ctxType ? ` ctx=${typeText(p.ctxType)}` : ''}`);
  if (unit.license !== undefined) emit(0, `license "${unit.license}"`);
  for (const f of unit.functions) if (mine(f.span)) new FunctionPrinter(emit, at).function(f);
  return lines.join('\n') + '\n';
}

type Emit = (depth: number, text: string) => void;
type At = (s: Span) => string;

function printRecord(r: RecordDecl, emit: Emit, at: At): void {
  const l = r.layout!;
  const attrs = `${r.packed ? ' packed' : ''}${r.alignAttr !== undefined ? ` aligned(${r.alignAttr})` : ''}${r.preserveAccessIndex ? ' preserve_access_index' : ''}${r.maxFieldAlign !== undefined ? ` pack(${r.maxFieldAlign})` : ''}`;
  emit(0, `${r.tag} ${r.name ?? '(anonymous)'} size=${l.size} align=${l.align}${attrs}${at(r.span)}`);
  r.fields!.forEach((f, i) => {
    const fl = l.fields[i]!;
    const pos = fl.bitWidth !== undefined ? `bits=${fl.bitOffset}:${fl.bitWidth}` : `offset=${fl.offset}`;
    emit(1, `${f.name ?? '(anonymous)'} : ${typeText(f.type)} ${pos}`);
  });
}

function printGlobal(g: VarSymbol, emit: Emit, at: At): void {
  const d = g.data;
  const sec = d ? ` section=${d.section} size=${d.bytes.length} align=${d.align}` : '';
  emit(0, `${g.storage === 'static-local' ? 'static-local' : 'global'} ${g.objectName} : ${typeText(g.type)} ${g.linkage}${sec}${at(g.span)}`);
  if (d && d.bytes.some((b) => b !== 0)) emit(1, `bytes ${[...d.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  for (const r of d?.relocations ?? []) {
    const t = r.target.kind === 'string' ? r.target.data.objectName : r.target.symbol.name;
    emit(1, `reloc +${r.offset} -> ${r.target.kind} ${t}${r.addend !== 0 ? ` + ${r.addend}` : ''}`);
  }
}

/**
 * Prints one function's typed body. Local names are numbered in order of appearance (`x#1`, `x#2`),
 * so a dump does not depend on how many symbols the headers declared.
 */
class FunctionPrinter {
  private readonly names = new Map<number, number>();

  constructor(
    private readonly emit: Emit,
    private readonly at: At,
  ) {}

  private local(s: { name: string; id: number }): string {
    let n = this.names.get(s.id);
    if (n === undefined) this.names.set(s.id, (n = this.names.size + 1));
    return `${s.name}#${n}`;
  }

  function(f: FunctionSymbol): void {
    const def = f.definition!;
    const params = def.params.map((p) => typeToString(p.type, p.name)).join(', ');
    const attrs: string[] = [];
    if (f.linkage === 'internal') attrs.push('static');
    if (f.attributes.section) attrs.push(`section=${f.attributes.section.name}`);
    if (f.attributes.alwaysInline) attrs.push('always_inline');
    if (f.attributes.noinline) attrs.push('noinline');
    this.emit(0, `function ${f.name}(${params}) -> ${typeText(f.type.returns)}${attrs.length ? '  ' + attrs.join(' ') : ''}${this.at(def.span)}`);
    for (const p of def.params) this.emit(1, `param ${this.local(p)} : ${typeText(p.type)}`);
    for (const s of def.body.items) this.stmt(s, 1);
  }

  stmt(s: TStmt, d: number): void {
    const { emit, at } = this;
    const sub = (x: TStmt | undefined, label?: string) => {
      if (!x) return;
      if (label) emit(d + 1, `${label}:`);
      this.stmt(x, label ? d + 2 : d + 1);
    };
    const ex = (x: TExpr | undefined, label?: string) => {
      if (x) this.expr(x, d + 1, label);
    };
    switch (s.kind) {
      case 'Compound':
        emit(d, `Compound${at(s.span)}`);
        for (const i of s.items) this.stmt(i, d + 1);
        return;
      case 'Decl':
        emit(d, `Decl${at(s.span)}`);
        for (const v of s.vars) {
          emit(d + 1, `var ${this.local(v.symbol)} : ${typeText(v.symbol.type)}${v.symbol.addressTaken ? ' address-taken' : ''}`);
          if (v.init) this.init(v.init, d + 2);
        }
        return;
      case 'Expr':
        emit(d, `ExprStmt${at(s.span)}`);
        ex(s.expr);
        return;
      case 'If':
        emit(d, `If${at(s.span)}`);
        ex(s.cond, 'cond');
        sub(s.then, 'then');
        sub(s.else, 'else');
        return;
      case 'Switch':
        emit(d, `Switch cases=${s.cases.length}${s.default ? ' default' : ''}${at(s.span)}`);
        ex(s.cond, 'cond');
        sub(s.body);
        return;
      case 'Case':
        emit(d, `Case ${s.low}${s.high !== s.low ? ` ... ${s.high}` : ''}${at(s.span)}`);
        sub(s.body);
        return;
      case 'Default':
        emit(d, `Default${at(s.span)}`);
        sub(s.body);
        return;
      case 'While':
      case 'DoWhile':
        emit(d, `${s.kind}${s.pragmas.map((p) => ` [pragma ${p.text}]`).join('')}${at(s.span)}`);
        ex(s.cond, 'cond');
        sub(s.body, 'body');
        return;
      case 'For':
        emit(d, `For${s.pragmas.map((p) => ` [pragma ${p.text}]`).join('')}${at(s.span)}`);
        sub(s.init, 'init');
        ex(s.cond, 'cond');
        ex(s.step, 'step');
        sub(s.body, 'body');
        return;
      case 'Goto':
        emit(d, `Goto ${s.label.name}${at(s.span)}`);
        return;
      case 'Label':
        emit(d, `Label ${s.label.name}${at(s.span)}`);
        sub(s.body);
        return;
      case 'Continue':
      case 'Break':
      case 'Error':
        emit(d, `${s.kind}${at(s.span)}`);
        return;
      case 'Return':
        emit(d, `Return${at(s.span)}`);
        ex(s.value);
        return;
      case 'Asm':
        emit(d, `Asm ${quoteUnits([...s.template].map((c) => c.charCodeAt(0)))}${at(s.span)}`);
        for (const o of s.outputs) this.expr(o.expr, d + 1, `out "${o.constraint}"`);
        for (const o of s.inputs) this.expr(o.expr, d + 1, `in "${o.constraint}"`);
        return;
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  init(i: TInitializer, d: number, label = ''): void {
    const l = label === '' ? '' : `${label}: `;
    switch (i.kind) {
      case 'InitExpr':
        this.expr(i.expr, d, label === '' ? undefined : label);
        return;
      case 'InitString':
        this.emit(d, `${l}InitString ${quoteUnits([...i.bytes])} : ${typeText(i.type)}`);
        return;
      case 'InitArray':
        this.emit(d, `${l}InitArray : ${typeText(i.type)}`);
        for (const e of i.elements) this.init(e.init, d + 1, e.count === 1 ? `[${e.index}]` : `[${e.index} ... ${e.index + e.count - 1}]`);
        return;
      case 'InitRecord':
        this.emit(d, `${l}InitRecord : ${typeText(i.type)}`);
        for (const f of i.fields) this.init(f.init, d + 1, `.${f.field.name ?? `(anonymous ${f.field.index})`}`);
        return;
      default: {
        const never: never = i;
        return never;
      }
    }
  }

  private head(e: TExpr): string {
    switch (e.kind) {
      case 'VarRef': {
        const s = e.symbol;
        const local = s.storage === 'local' || s.storage === 'param' || s.storage === 'static-local';
        return `VarRef ${local ? this.local(s) : s.objectName} (${s.storage})`;
      }
      case 'FuncRef': return `FuncRef ${e.symbol.name}`;
      case 'EnumRef': return `EnumRef ${e.symbol.name}`;
      case 'IntLit': return 'IntLit';
      case 'FloatLit': return `FloatLit ${e.float}`;
      case 'StringLit': return `StringLit ${quoteUnits([...e.data.bytes.subarray(0, e.data.bytes.length - 1)])}${e.data.objectName ? ` ${e.data.objectName}` : ''}`;
      case 'Unary': return `Unary ${e.op}`;
      case 'AddrOf': return 'AddrOf';
      case 'Deref': return 'Deref';
      case 'IncDec': return `IncDec ${e.prefix ? 'prefix' : 'postfix'} ${e.op} step=${e.step}`;
      case 'Binary': return `Binary ${e.op} [${typeToString(e.operandType)}]`;
      case 'Logical': return `Logical ${e.op}`;
      case 'PtrArith': return `PtrArith ${e.op} elem=${e.elemSize}`;
      case 'PtrDiff': return `PtrDiff elem=${e.elemSize}`;
      case 'Assign': return 'Assign';
      case 'CompoundAssign': return `CompoundAssign ${e.op}= [${typeToString(e.computationType)}]${e.elemSize !== undefined ? ` elem=${e.elemSize}` : ''}`;
      case 'Conditional': return 'Conditional';
      case 'Shared': return `Shared ${this.local({ name: 'value', id: -e.id })}`;
      case 'Comma': return 'Comma';
      case 'Cast': return `Cast ${e.cast}${e.explicit ? ' explicit' : ''}`;
      case 'Call': return `Call${e.direct ? ` ${e.direct.name}` : ''}${e.calleeHelperId !== undefined ? ` helper=${e.calleeHelperId}` : ''}`;
      case 'BuiltinCall': return `BuiltinCall ${e.name}${e.typeArg ? ` <${typeToString(e.typeArg)}>` : ''}`;
      case 'Member': {
        const f = e.field;
        const pos = f.bitWidth !== undefined ? `bits=${f.bitOffset}:${f.bitWidth}` : `offset=${f.offset}`;
        return `Member ${e.arrow ? '->' : '.'}${f.name ?? '(anonymous)'} ${pos}${e.implicit ? ' implicit' : ''}`;
      }
      case 'Index': return `Index elem=${e.elemSize}`;
      case 'Constant': return `Constant ${e.from}${e.operandType ? ` <${typeToString(e.operandType)}>` : ''}`;
      case 'CompoundLiteral': return `CompoundLiteral${e.object ? ` ${e.object.objectName}` : ''}`;
      case 'StmtExpr': return 'StmtExpr';
      case 'Error': return 'Error';
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  expr(e: TExpr, d: number, label?: string): void {
    const value = e.value !== undefined ? ` = ${e.value}` : '';
    this.emit(d, `${label ? `${label}: ` : ''}${this.head(e)} : ${typeText(e.type)}${e.category === 'lvalue' ? ' lvalue' : ''}${value}${this.at(e.span)}`);
    const k = (x: TExpr | undefined, l?: string) => x && this.expr(x, d + 1, l);
    switch (e.kind) {
      case 'Unary': case 'AddrOf': case 'Deref': case 'IncDec': case 'Cast':
        k(e.operand);
        return;
      case 'Binary': case 'Logical': case 'PtrDiff':
        k(e.left);
        k(e.right);
        return;
      case 'PtrArith':
        k(e.pointer);
        k(e.offset);
        return;
      case 'Assign': case 'CompoundAssign':
        k(e.target);
        k(e.rhs);
        return;
      case 'Conditional':
        k(e.cond, 'cond');
        k(e.then, 'then');
        k(e.else, 'else');
        return;
      case 'Shared':
        k(e.expr);
        return;
      case 'Comma':
        for (const x of e.exprs) k(x);
        return;
      case 'Call':
        k(e.callee, 'callee');
        for (const a of e.args) k(a);
        return;
      case 'BuiltinCall':
        for (const a of e.args) k(a);
        return;
      case 'Member':
        k(e.object);
        return;
      case 'Index':
        k(e.base);
        k(e.index);
        return;
      case 'CompoundLiteral':
        this.init(e.init, d + 1);
        return;
      case 'StmtExpr':
        for (const s of e.body) this.stmt(s, d + 1);
        k(e.result, 'result');
        return;
      default:
        return;
    }
  }
}
