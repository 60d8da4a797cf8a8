// IR → text (the `--emit-ir` format; parse.ts reads it back). Values and blocks are named from their
// front-end names, made unique, or numbered in order of appearance, so the output does not depend on
// internal ids and is stable. Grammar (one instruction per line, `!line:col` span suffix optional):
//
//   module  := { 'map' '@'name | 'global' '@'sym 'section' str 'size' n ['readonly'] ['init' hex] | func }
//   func    := 'func' '@'name '(' [param {',' param}] ')' '->' type {attr} ['!'span] '{' {block} '}'
//   param   := '%'name ':' type          attr := 'global' | 'static' | 'section' str | 'inline' word
//   block   := label ':' {inst} term
//   inst    := ['%'name '='] op ...      (see printInst for every form)
//   type    := 'i1'|'i8'|'i16'|'i32'|'i64'|'void'|'ptr<'kind'>'
import type { Block, Func, Inst, Module, Span, Term, Value } from './nodes.js';
import { isInst } from './nodes.js';
import { helperName } from './helpers.js';
import { printType, signedOf, type ValueType } from './types.js';

export interface PrintOptions {
  /** Append `!line:col` (or `!"file":line:col`) to every instruction. */
  spans?: boolean;
}

export function printModule(m: Module, opts: PrintOptions = {}): string {
  const out: string[] = [];
  for (const map of m.maps) out.push(`map @${map.name}`);
  for (const g of m.globals) {
    let line = `global @${g.symbol} section ${JSON.stringify(g.section)} size ${g.size}`;
    if (g.readonly) line += ' readonly';
    if (g.init) line += ` init 0x${Array.from(g.init, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    out.push(line);
  }
  if (out.length > 0) out.push('');
  for (const f of m.funcs) out.push(printFunc(f, opts));
  return out.join('\n');
}

/** Assigns unique printable names to the values and blocks of a function. */
export class Namer {
  private readonly used = new Set<string>();
  private readonly values = new Map<Value, string>();
  private readonly blocks = new Map<Block, string>();
  private counter = 0;
  private blockCounter = 0;

  constructor(f: Func) {
    for (const p of f.params) this.values.set(p, this.fresh(p.name));
    for (const b of f.blocks) {
      this.blocks.set(b, this.freshBlock(b.name));
      for (const i of b.insts) if (i.type.kind !== 'void') this.values.set(i, this.fresh(i.name));
    }
  }
  private fresh(raw: string | undefined): string {
    return this.unique(stemOf(raw), '', () => this.counter++);
  }
  private freshBlock(raw: string | undefined): string {
    const stem = stemOf(raw);
    return this.unique(stem !== undefined && /^bb\d*$/.test(stem) ? undefined : stem, ':', () => this.blockCounter++, 'bb');
  }
  /** `stem` itself when free, else `stem.N` (or `<dflt>N` / `N` without a stem). */
  private unique(stem: string | undefined, ns: string, count: () => number, dflt = ''): string {
    if (stem !== undefined && !this.used.has(ns + stem)) {
      this.used.add(ns + stem);
      return stem;
    }
    for (;;) {
      const n = stem !== undefined ? `${stem}.${count()}` : `${dflt}${count()}`;
      if (!this.used.has(ns + n)) {
        this.used.add(ns + n);
        return n;
      }
    }
  }
  block(b: Block): string {
    return this.blocks.get(b) ?? `<dangling block ${b.id}>`;
  }
  value(v: Value): string {
    switch (v.kind) {
      case 'const':
        if (v.type.kind === 'ptr') return v.value === 0n ? 'null' : `${v.value}`;
        return `${signedOf(v.value, v.type.bits)}`;
      case 'mapref':
      case 'funcref':
        return `@${v.name}`;
      case 'globalref':
        return v.offset === 0 ? `@${v.symbol}` : `@${v.symbol}${v.offset > 0 ? '+' : ''}${v.offset}`;
      case 'undef':
        return 'undef';
      default: {
        const n = this.values.get(v);
        return n !== undefined ? `%${n}` : `%<dangling ${isInst(v) ? v.id : v.id}>`;
      }
    }
  }
}

/** A printable name stem: the name without a trailing `.N`; undefined for unusable or numeric names. */
function stemOf(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const stem = name.replace(/\.\d+$/, '');
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(stem) ? stem : undefined;
}

export function printFunc(f: Func, opts: PrintOptions = {}): string {
  const nm = new Namer(f);
  const params = f.params.map((p) => `${nm.value(p)}: ${printType(p.type)}`).join(', ');
  let head = `func @${f.name}(${params}) -> ${printType(f.ret)} ${f.linkage}`;
  if (f.section !== undefined) head += ` section ${JSON.stringify(f.section)}`;
  if (f.inline !== 'auto') head += ` inline ${f.inline}`;
  if (opts.spans) head += ` !${JSON.stringify(f.span.file)}:${f.span.line}:${f.span.col}`;
  const lines = [head + ' {'];
  for (const b of f.blocks) {
    lines.push(`${nm.block(b)}:`);
    for (const i of b.insts) lines.push(`  ${printInst(i, nm)}${spanSuffix(i.span, f, opts)}`);
    lines.push(b.term ? `  ${printTerm(b.term, nm)}${spanSuffix(b.term.span, f, opts)}` : '  <no terminator>');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function spanSuffix(s: Span, f: Func, opts: PrintOptions): string {
  if (!opts.spans) return '';
  return s.file === f.span.file ? `  !${s.line}:${s.col}` : `  !${JSON.stringify(s.file)}:${s.line}:${s.col}`;
}

const t = (v: Value): string => printType(v.type);
const memName = (width: number, signed: boolean): string => `${signed ? 's' : 'u'}${width * 8}`;
const addr = (nm: Namer, p: Value, off: number): string =>
  `[${nm.value(p)}${off === 0 ? '' : off > 0 ? ` + ${off}` : ` - ${-off}`}]`;

export function printInst(i: Inst, nm: Namer): string {
  const lhs = i.type.kind === 'void' ? '' : `${nm.value(i)} = `;
  const v = (x: Value): string => nm.value(x);
  switch (i.kind) {
    case 'bin':
      return `${lhs}${i.op} ${printType(i.type)} ${v(i.a)}, ${v(i.b)}`;
    case 'cmp':
      return `${lhs}cmp ${i.pred} ${t(i.a)} ${v(i.a)}, ${v(i.b)}`;
    case 'cast':
      return `${lhs}${i.op} ${t(i.a)} ${v(i.a)} to ${printType(i.type)}`;
    case 'bswap':
      return `${lhs}bswap ${printType(i.type)} ${v(i.a)}`;
    case 'copy':
      return `${lhs}copy ${printType(i.type)} ${v(i.a)}`;
    case 'ptradd':
      return `${lhs}ptradd ${t(i.base)} ${v(i.base)}, ${v(i.offset)}`;
    case 'ptrdiff':
      return `${lhs}ptrdiff ${t(i.a)} ${v(i.a)}, ${v(i.b)}`;
    case 'alloca':
      return `${lhs}alloca ${i.size}, align ${i.align}`;
    case 'load': {
      const vol = i.volatile ? 'volatile ' : '';
      const al = i.align !== i.width ? `, align ${i.align}` : '';
      return `${lhs}load ${vol}${printType(i.type)}, ${memName(i.width, i.signed)} ${addr(nm, i.ptr, i.offset)}${al}`;
    }
    case 'store': {
      const vol = i.volatile ? 'volatile ' : '';
      const al = i.align !== i.width ? `, align ${i.align}` : '';
      return `store ${vol}${t(i.value)} ${v(i.value)}, ${memName(i.width, false)} ${addr(nm, i.ptr, i.offset)}${al}`;
    }
    case 'atomic': {
      const fetch = i.fetch && i.op !== 'xchg' && i.op !== 'cmpxchg' ? 'fetch ' : '';
      const exp = i.expected ? `, expect ${v(i.expected)}` : '';
      return `${lhs}atomic ${fetch}${i.op} ${t(i.value)} ${v(i.value)}, ${addr(nm, i.ptr, i.offset)}${exp}`;
    }
    case 'call': {
      const callee = i.callee.kind === 'helper' ? `${helperName(i.callee.id)}#${i.callee.id}` : `@${i.callee.name}`;
      return `${lhs}call ${printType(i.type)} ${callee}(${i.args.map((a) => `${t(a)} ${v(a)}`).join(', ')})`;
    }
    case 'memcpy':
      return `${i.move ? 'memmove' : 'memcpy'} ${t(i.dst)} ${v(i.dst)}, ${t(i.src)} ${v(i.src)}, ${i.size}, align ${i.dstAlign} ${i.srcAlign}`;
    case 'memset':
      return `memset ${t(i.dst)} ${v(i.dst)}, ${v(i.value)}, ${i.size}, align ${i.align}`;
    case 'pktload':
      return `${lhs}pktload ${printType(i.type)}, u${i.width * 8} ${t(i.ctx)} ${v(i.ctx)}, ${t(i.offset)} ${v(i.offset)}`;
    case 'phi':
      return `${lhs}phi ${printType(i.type)} ${i.incoming.map((inc) => `[${v(inc.value)}, ${nm.block(inc.block)}]`).join(', ')}`;
    default: {
      const never: never = i;
      return `<unknown ${(never as Inst).kind}>`;
    }
  }
}

export function printTerm(term: Term, nm: Namer): string {
  switch (term.kind) {
    case 'br':
      return `br ${nm.block(term.target)}`;
    case 'condbr':
      return `condbr ${nm.value(term.cond)}, ${nm.block(term.then)}, ${nm.block(term.else)}`;
    case 'switch': {
      const bits = (term.value.type as ValueType).kind === 'int' ? (term.value.type as { bits: 1 | 8 | 16 | 32 | 64 }).bits : 64;
      const cases = term.cases.map((c) => `${signedOf(c.value, bits)}: ${nm.block(c.target)}`).join(', ');
      return `switch ${t(term.value)} ${nm.value(term.value)}, default ${nm.block(term.default)} [${cases}]`;
    }
    case 'ret':
      return term.value ? `ret ${t(term.value)} ${nm.value(term.value)}` : 'ret void';
    case 'unreachable':
      return 'unreachable';
    default: {
      const never: never = term;
      return `<unknown ${(never as Term).kind}>`;
    }
  }
}
