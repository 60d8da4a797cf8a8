// Objects with static storage (globals, static locals, file-scope compound literals): their initial bytes
// (little-endian, bit-fields in place, everything not initialised zero), the relocations their address
// constants need (`&handle_ipv4` in a `.maps` values array, `char *p = "str"`), and the section clang
// places them in: the `section` attribute, else `.rodata` for const objects, `.bss` for all-zero ones,
// `.data` otherwise (C11 §6.6p7–9 address and arithmetic constants). In: a VarSymbol with its checked
// initialiser; out: StaticData, or a C1229 diagnostic for a non-constant initialiser element.
import type { Span } from '../../diagnostics/index.js';
import { quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { useString } from './check-expr.js';
import { caretOf } from './caret.js';
import { storeBits, storeLE } from './fold.js';
import type { DataSection, FunctionSymbol, VarSymbol } from './symbols.js';
import type { StringData, TExpr, TInitializer } from './typed-ast.js';
import { Qual, alignOf, qualsOf, resolve, sizeOf, type CType } from './types.js';

/** What an address constant points at. */
export type RelocTarget =
  | { kind: 'var'; symbol: VarSymbol }
  | { kind: 'function'; symbol: FunctionSymbol }
  | { kind: 'string'; data: StringData };

/** A 64-bit absolute address at `offset` (R_BPF_64_ABS64): target + addend (the addend is also stored in place). */
export interface DataReloc {
  offset: number;
  size: 8;
  target: RelocTarget;
  addend: number;
}

export interface StaticData {
  section: DataSection;
  bytes: Uint8Array;
  relocations: DataReloc[];
  align: number;
}

/** The value of a constant expression for a static initialiser: a number or an address. */
export type ConstValue = { kind: 'int'; value: bigint } | { kind: 'addr'; target: RelocTarget; addend: bigint };

/** Evaluates an address or arithmetic constant (C11 §6.6p7–9); undefined when it is not one. */
export function evalConstant(cx: SemaContext, e: TExpr): ConstValue | undefined {
  if (e.value !== undefined) return { kind: 'int', value: e.value };
  switch (e.kind) {
    case 'AddrOf':
      return addressOf(cx, e.operand);
    case 'Cast':
      switch (e.cast) {
        case 'ArrayToPointerDecay':
        case 'FunctionToPointerDecay':
          return addressOf(cx, e.operand);
        case 'BitCast':
        case 'NoOp':
        case 'IntegralToPointer':
        case 'NullToPointer':
          return evalConstant(cx, e.operand);
        case 'PointerToIntegral': {
          const v = evalConstant(cx, e.operand);
          return v?.kind === 'addr' && (sizeOf(e.type) ?? 0) < 8 ? undefined : v;
        }
        default:
          return undefined;
      }
    case 'PtrArith': {
      const p = evalConstant(cx, e.pointer);
      const o = e.offset.value;
      if (p === undefined || o === undefined) return undefined;
      const delta = o * BigInt(e.elemSize) * (e.op === '+' ? 1n : -1n);
      return p.kind === 'int' ? { kind: 'int', value: BigInt.asUintN(64, p.value + delta) } : { ...p, addend: p.addend + delta };
    }
    case 'Conditional': {
      if (e.cond.value === undefined) return undefined;
      return evalConstant(cx, e.cond.value !== 0n ? e.then : e.else);
    }
    default:
      return undefined;
  }
}

/** The address of an lvalue with static storage duration. */
function addressOf(cx: SemaContext, e: TExpr): ConstValue | undefined {
  switch (e.kind) {
    case 'VarRef': {
      const s = e.symbol;
      if (s.storage === 'local' || s.storage === 'param') return undefined;
      return { kind: 'addr', target: { kind: 'var', symbol: s }, addend: 0n };
    }
    case 'FuncRef':
      return { kind: 'addr', target: { kind: 'function', symbol: e.symbol }, addend: 0n };
    case 'StringLit':
      useString(cx, e);
      return { kind: 'addr', target: { kind: 'string', data: e.data }, addend: 0n };
    case 'CompoundLiteral':
      return e.object ? { kind: 'addr', target: { kind: 'var', symbol: e.object }, addend: 0n } : undefined;
    case 'Member': {
      const base = e.arrow ? evalConstant(cx, e.object) : addressOf(cx, e.object);
      return offsetBy(base, BigInt(e.field.offset));
    }
    case 'Index': {
      const base = evalConstant(cx, e.base);
      if (e.index.value === undefined) return undefined;
      return offsetBy(base, e.index.value * BigInt(e.elemSize));
    }
    case 'Deref':
      return evalConstant(cx, e.operand);
    default:
      return undefined;
  }
}

function offsetBy(v: ConstValue | undefined, d: bigint): ConstValue | undefined {
  if (v === undefined) return undefined;
  return v.kind === 'int' ? { kind: 'int', value: BigInt.asUintN(64, v.value + d) } : { ...v, addend: v.addend + d };
}

/** Lays out the initial bytes of a static object and decides its section. */
export function encodeStatic(cx: SemaContext, sym: VarSymbol): StaticData {
  const size = sizeOf(sym.type) ?? 0;
  const bytes = new Uint8Array(size + flexibleExtra(sym.init, sym.type));
  const relocations: DataReloc[] = [];
  if (sym.init) encodeInit(cx, sym.init, bytes, 0, relocations);
  const align = Math.max(alignOf(sym.type) ?? 1, sym.attributes.aligned ?? 1);
  return { section: placeSection(sym, bytes, relocations), bytes, relocations, align };
}

/** Bytes a GNU static initialiser of a flexible array member adds after the struct. */
function flexibleExtra(init: TInitializer | undefined, t: CType): number {
  const r = resolve(t);
  if (init?.kind !== 'InitRecord' || r.kind !== 'record' || !r.decl.layout?.flexible) return 0;
  const last = init.fields.find((f) => f.field.index === r.decl.fields!.length - 1);
  if (last === undefined) return 0;
  const elem = resolve(last.field.type);
  if (elem.kind !== 'array') return 0;
  const esize = sizeOf(elem.element) ?? 0;
  const n = last.init.kind === 'InitArray' ? last.init.elements.reduce((m, x) => Math.max(m, x.index + x.count), 0)
    : last.init.kind === 'InitString' ? last.init.bytes.length / Math.max(1, esize) : 0;
  return Math.max(0, last.field.offset + n * esize - (r.decl.layout.size));
}

function placeSection(sym: VarSymbol, bytes: Uint8Array, relocs: readonly DataReloc[]): DataSection {
  if (sym.attributes.section) return sym.attributes.section.name;
  if (qualsOf(sym.type) & Qual.Const) return '.rodata';
  if (relocs.length === 0 && bytes.every((b) => b === 0)) return '.bss';
  return '.data';
}

function encodeInit(cx: SemaContext, init: TInitializer, out: Uint8Array, offset: number, relocs: DataReloc[]): void {
  switch (init.kind) {
    case 'InitString':
      out.set(init.bytes.subarray(0, Math.max(0, Math.min(init.bytes.length, out.length - offset))), offset);
      return;
    case 'InitArray': {
      const r = resolve(init.type);
      const esize = r.kind === 'array' ? sizeOf(r.element) ?? 0 : 0;
      for (const el of init.elements) {
        for (let i = 0; i < el.count; i++) encodeInit(cx, el.init, out, offset + (el.index + i) * esize, relocs);
      }
      return;
    }
    case 'InitRecord':
      for (const f of init.fields) {
        if (f.field.bitWidth !== undefined) {
          const v = scalarValue(cx, f.init, relocs, -1);
          if (v !== undefined) storeBits(out, offset * 8 + f.field.bitOffset, f.field.bitWidth, v);
        } else {
          encodeInit(cx, f.init, out, offset + f.field.offset, relocs);
        }
      }
      return;
    case 'InitExpr': {
      const r = resolve(init.type);
      if (r.kind === 'record' || r.kind === 'array') {
        let e = init.expr;
        while (e.kind === 'Cast' && e.cast === 'LValueToRValue') e = e.operand;
        if (e.kind === 'CompoundLiteral') {
          encodeInit(cx, e.init, out, offset, relocs);
          return;
        }
        notConstant(cx, init.expr.span);
        return;
      }
      const size = sizeOf(init.type) ?? 0;
      const v = scalarValue(cx, init, relocs, offset);
      if (v !== undefined && offset + size <= out.length) storeLE(out, offset, size, v);
      return;
    }
    default: {
      const never: never = init;
      return never;
    }
  }
}

/** The bits of a scalar initialiser; an address becomes a relocation (its addend stored in place). */
function scalarValue(cx: SemaContext, init: TInitializer, relocs: DataReloc[], offset: number): bigint | undefined {
  if (init.kind !== 'InitExpr') {
    notConstant(cx, init.span);
    return undefined;
  }
  if (init.expr.kind === 'Error') return undefined;
  const c = evalConstant(cx, init.expr);
  if (c === undefined) {
    if (init.expr.kind === 'FloatLit' || (init.expr.kind === 'Cast' && init.expr.operand.kind === 'FloatLit')) return undefined;
    notConstant(cx, caretOf(cx, init.expr));
    return undefined;
  }
  if (c.kind === 'int') return c.value;
  if (offset < 0 || (sizeOf(init.type) ?? 0) !== 8) {
    cx.report('C1229', `initializer element is not a compile-time constant (an address does not fit in ${quoted(init.type)})`, init.expr.span, init.expr.origin);
    return undefined;
  }
  relocs.push({ offset, size: 8, target: c.target, addend: Number(c.addend) });
  return c.addend;
}

function notConstant(cx: SemaContext, span: Span): void {
  cx.report('C1229', 'initializer element is not a compile-time constant', span);
}
