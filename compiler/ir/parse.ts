// Text → IR: reads the format printed by print.ts (grammar at the top of print.ts), so that tests can
// write functions as text and passes can be checked on golden dumps. Errors are EbpfcError("ir parse")
// naming the line.
import { EbpfcError } from '../../runtime/errors.js';
import { checkCast } from './builder.js';
import type { AtomicOp, BinOp, Block, Callee, CastOp, CmpPred, Func, Inst, Module, Span, Term, Value, Width } from './nodes.js';
import { ATOMIC_OPS, BIN_OPS, CAST_OPS, CMP_PREDS } from './nodes.js';
import { replaceUses } from './operands.js';
import { PtrKind, T, intType, normInt, ptrType, type IntBits, type Type, type ValueType } from './types.js';
import { lex, type Tok } from './parse-lex.js';

const MEM: Record<string, { width: Width; signed: boolean }> = {
  u8: { width: 1, signed: false },
  u16: { width: 2, signed: false },
  u32: { width: 4, signed: false },
  u64: { width: 8, signed: false },
  s8: { width: 1, signed: true },
  s16: { width: 2, signed: true },
  s32: { width: 4, signed: true },
};

class Parser {
  private pos = 0;
  private readonly mod: Module = { funcs: [], maps: [], globals: [] };
  // per function
  private func!: Func;
  private locals = new Map<string, Value>();
  private forward = new Map<string, Value>();
  private blocks = new Map<string, Block>();
  private defined = new Set<Block>();

  constructor(private readonly toks: Tok[], private readonly file: string) {}

  private peek(o = 0): Tok | undefined {
    return this.toks[this.pos + o];
  }
  private err(msg: string): never {
    const t = this.peek() ?? this.toks[this.toks.length - 1];
    throw new EbpfcError('ir parse', `line ${t ? t.line : 0}: ${msg}`);
  }
  private next(): Tok {
    const t = this.toks[this.pos++];
    if (!t) this.err('unexpected end of input');
    return t as Tok;
  }
  private is(v: string, o = 0): boolean {
    const t = this.peek(o);
    return t !== undefined && (t.k === 'p' || t.k === 'id') && t.v === v;
  }
  private eat(v: string): boolean {
    if (this.is(v)) {
      this.pos++;
      return true;
    }
    return false;
  }
  private expect(v: string): void {
    if (!this.eat(v)) this.err(`expected '${v}', found '${this.peek()?.v ?? 'end of input'}'`);
  }
  private ident(): string {
    const t = this.next();
    if (t.k !== 'id') this.err(`expected a word, found '${t.v}'`);
    return t.v;
  }
  private num(): bigint {
    const t = this.next();
    if (t.k !== 'num') this.err(`expected a number, found '${t.v}'`);
    return t.v.startsWith('-') ? -BigInt(t.v.slice(1)) : BigInt(t.v);
  }
  private int(): number {
    return Number(this.num());
  }

  parseModule(): Module {
    while (this.peek()) {
      const w = this.ident();
      if (w === 'map') {
        const t = this.next();
        if (t.k !== 'global') this.err('expected @name');
        this.mod.maps.push({ name: t.v });
      } else if (w === 'global') {
        const t = this.next();
        if (t.k !== 'global') this.err('expected @name');
        this.expect('section');
        const s = this.next();
        if (s.k !== 'str') this.err('expected a section string');
        this.expect('size');
        const g: Module['globals'][number] = { symbol: t.v, section: s.v, size: this.int() };
        if (this.eat('readonly')) g.readonly = true;
        if (this.eat('init')) {
          const h = this.next();
          const hex = h.v.replace(/^0x/, '');
          g.init = Uint8Array.from(hex.match(/../g) ?? [], (x) => parseInt(x, 16));
        }
        this.mod.globals.push(g);
      } else if (w === 'func') {
        this.mod.funcs.push(this.parseFunc());
      } else this.err(`unexpected '${w}' at top level`);
    }
    return this.mod;
  }

  private parseType(): Type {
    const w = this.ident();
    switch (w) {
      case 'i1':
      case 'i8':
      case 'i16':
      case 'i32':
      case 'i64':
        return intType(Number(w.slice(1)) as IntBits);
      case 'void':
        return T.void;
      case 'ptr': {
        this.expect('<');
        const k = this.ident();
        this.expect('>');
        if (!(k in PtrKind)) this.err(`unknown pointer kind '${k}'`);
        return ptrType(k as PtrKind);
      }
      default:
        return this.err(`unknown type '${w}'`);
    }
  }
  private valueType(): ValueType {
    const t = this.parseType();
    if (t.kind === 'void') this.err('void is not a value type');
    return t as ValueType;
  }

  private parseSpan(): Span | undefined {
    if (!this.eat('!')) return undefined;
    let file = this.func ? this.func.span.file : this.file;
    if (this.peek()?.k === 'str') {
      file = this.next().v;
      this.expect(':');
    }
    const line = this.int();
    this.expect(':');
    const col = this.int();
    return { file, line, col };
  }

  private parseFunc(): Func {
    const nameTok = this.next();
    if (nameTok.k !== 'global') this.err('expected @name after func');
    this.locals = new Map();
    this.forward = new Map();
    this.blocks = new Map();
    this.defined = new Set();
    const f: Func = {
      name: nameTok.v,
      params: [],
      ret: T.void,
      blocks: [],
      linkage: 'static',
      inline: 'auto',
      span: { file: this.file, line: nameTok.line, col: nameTok.col },
      nextId: 0,
    };
    this.func = f;
    this.expect('(');
    while (!this.eat(')')) {
      const p = this.next();
      if (p.k !== 'local') this.err('expected %param');
      this.expect(':');
      const param = { kind: 'param' as const, id: f.nextId++, index: f.params.length, type: this.valueType(), name: p.v };
      f.params.push(param);
      this.define(p.v, param);
      this.eat(',');
    }
    this.expect('->');
    f.ret = this.parseType();
    for (;;) {
      if (this.eat('global')) f.linkage = 'global';
      else if (this.eat('static')) f.linkage = 'static';
      else if (this.eat('section')) {
        const s = this.next();
        if (s.k !== 'str') this.err('expected a section string');
        f.section = s.v;
      } else if (this.eat('inline')) {
        const w = this.ident();
        if (w !== 'always' && w !== 'never' && w !== 'auto') this.err(`bad inline hint '${w}'`);
        f.inline = w;
      } else break;
    }
    const span = this.parseSpan();
    if (span) f.span = span;
    this.expect('{');
    let cur: Block | null = null;
    while (!this.eat('}')) {
      if (this.peek()?.k === 'id' && this.is(':', 1)) {
        const label = this.ident();
        this.expect(':');
        if (cur && !cur.term) this.err(`block before '${label}' has no terminator`);
        cur = this.blockRef(label);
        if (this.defined.has(cur)) this.err(`block '${label}' defined twice`);
        this.defined.add(cur);
        f.blocks.push(cur);
        continue;
      }
      if (!cur) this.err('instruction outside a block');
      const c = cur as Block;
      if (c.term) this.err('instruction after the terminator');
      const term = this.tryTerm();
      if (term) {
        c.term = term;
        continue;
      }
      const inst = this.parseInst();
      inst.block = c;
      c.insts.push(inst);
    }
    for (const [name, b] of this.blocks) if (!this.defined.has(b)) this.err(`block '${name}' used but not defined`);
    for (const [name] of this.forward) if (!this.locals.has(name)) this.err(`value %${name} used but not defined`);
    const repl = new Map<Value, Value>();
    for (const [name, ph] of this.forward) repl.set(ph, this.locals.get(name) as Value);
    replaceUses(f, repl);
    return f;
  }

  private blockRef(label: string): Block {
    let b = this.blocks.get(label);
    if (!b) {
      const stem = label.replace(/\.\d+$/, '');
      b = { id: this.func.nextId++, name: /^bb\d*$/.test(stem) ? undefined : stem, insts: [], term: null };
      this.blocks.set(label, b);
    }
    return b;
  }
  private blockTok(): Block {
    return this.blockRef(this.ident());
  }

  private define(name: string, v: Value): void {
    if (this.locals.has(name)) this.err(`value %${name} defined twice`);
    this.locals.set(name, v);
  }

  /** An operand of type `type`: a local, a literal, null, undef or @ref. */
  private operand(type: ValueType): Value {
    const t = this.next();
    switch (t.k) {
      case 'local': {
        const v = this.locals.get(t.v) ?? this.forward.get(t.v);
        if (v) return v;
        const ph: Value = { kind: 'undef', type };
        this.forward.set(t.v, ph);
        return ph;
      }
      case 'num': {
        const n = t.v.startsWith('-') ? -BigInt(t.v.slice(1)) : BigInt(t.v);
        if (type.kind === 'ptr') return { kind: 'const', type, value: n };
        return { kind: 'const', type, value: normInt(n, type.bits) };
      }
      case 'global': {
        const name = t.v;
        if (this.mod.maps.some((m) => m.name === name)) return { kind: 'mapref', type: T.ptr.map, name };
        const g = this.mod.globals.find((x) => x.symbol === name);
        if (g || type === T.ptr.global) {
          let offset = 0;
          if (this.eat('+')) offset = this.int();
          else if (this.peek()?.k === 'num' && this.peek()?.v.startsWith('-')) offset = this.int();
          return { kind: 'globalref', type: T.ptr.global, symbol: name, offset };
        }
        if (type === T.ptr.map) return { kind: 'mapref', type: T.ptr.map, name };
        return { kind: 'funcref', type: T.ptr.func, name };
      }
      case 'id':
        if (t.v === 'null') return { kind: 'const', type: type.kind === 'ptr' ? type : T.ptr.any, value: 0n };
        if (t.v === 'undef') return { kind: 'undef', type };
        if (t.v === 'true' || t.v === 'false') return { kind: 'const', type: T.i1, value: t.v === 'true' ? 1n : 0n };
        return this.err(`unexpected '${t.v}' as an operand`);
      default:
        return this.err(`unexpected '${t.v}' as an operand`);
    }
  }
  private typedOperand(): Value {
    const ty = this.valueType();
    return this.operand(ty);
  }
  private address(): { ptr: Value; offset: number } {
    this.expect('[');
    const ptr = this.operand(T.ptr.any);
    let offset = 0;
    if (this.eat('+')) offset = this.int();
    else if (this.peek()?.k === 'num') offset = this.int();
    else if (this.is('-')) this.err('use + -N');
    this.expect(']');
    return { ptr, offset };
  }
  private mem(): { width: Width; signed: boolean } {
    const w = this.ident();
    const m = MEM[w];
    if (!m) this.err(`unknown memory width '${w}'`);
    return m as { width: Width; signed: boolean };
  }

  private tryTerm(): Term | null {
    const t = this.peek();
    if (!t || t.k !== 'id') return null;
    const span = (): Span => this.parseSpan() ?? this.func.span;
    switch (t.v) {
      case 'br': {
        this.pos++;
        const target = this.blockTok();
        return { kind: 'br', target, span: span() };
      }
      case 'condbr': {
        this.pos++;
        const cond = this.operand(T.i1);
        this.expect(',');
        const then = this.blockTok();
        this.expect(',');
        const els = this.blockTok();
        return { kind: 'condbr', cond, then, else: els, span: span() };
      }
      case 'switch': {
        this.pos++;
        const ty = this.valueType();
        if (ty.kind !== 'int') this.err('switch on a pointer');
        const value = this.operand(ty);
        this.expect(',');
        this.expect('default');
        const dflt = this.blockTok();
        this.expect('[');
        const cases: { value: bigint; target: Block }[] = [];
        while (!this.eat(']')) {
          const v = normInt(this.num(), (ty as { bits: IntBits }).bits);
          this.expect(':');
          cases.push({ value: v, target: this.blockTok() });
          this.eat(',');
        }
        return { kind: 'switch', value, cases, default: dflt, span: span() };
      }
      case 'ret': {
        this.pos++;
        if (this.eat('void')) return { kind: 'ret', value: null, span: span() };
        const value = this.typedOperand();
        return { kind: 'ret', value, span: span() };
      }
      case 'unreachable':
        this.pos++;
        return { kind: 'unreachable', span: span() };
      default:
        return null;
    }
  }

  private parseInst(): Inst {
    let name: string | undefined;
    if (this.peek()?.k === 'local' && this.is('=', 1)) {
      name = this.next().v;
      this.pos++;
    }
    const op = this.ident();
    const f = this.func;
    const base = (type: Type): { id: number; type: Type; span: Span; block: null; name?: string } => {
      const b: { id: number; type: Type; span: Span; block: null; name?: string } = { id: f.nextId++, type, span: f.span, block: null };
      const stem = name?.replace(/\.\d+$/, '');
      if (stem !== undefined && !/^\d+$/.test(stem)) b.name = stem;
      return b;
    };
    let inst: Inst;
    if ((BIN_OPS as readonly string[]).includes(op)) {
      const ty = this.valueType();
      const a = this.operand(ty);
      this.expect(',');
      const b = this.operand(ty);
      inst = { kind: 'bin', op: op as BinOp, a, b, ...base(ty) };
    } else if ((CAST_OPS as readonly string[]).includes(op)) {
      const a = this.typedOperand();
      this.expect('to');
      const to = this.valueType();
      try {
        checkCast(op as CastOp, a.type, to);
      } catch {
        this.err(`invalid ${op} to ${to.kind}`);
      }
      inst = { kind: 'cast', op: op as CastOp, a, ...base(to) };
    } else {
      switch (op) {
        case 'cmp': {
          const pred = this.ident();
          if (!(CMP_PREDS as readonly string[]).includes(pred)) this.err(`unknown predicate '${pred}'`);
          const ty = this.valueType();
          const a = this.operand(ty);
          this.expect(',');
          const b = this.operand(ty);
          inst = { kind: 'cmp', pred: pred as CmpPred, a, b, ...base(T.i1) };
          break;
        }
        case 'bswap':
        case 'copy': {
          const ty = this.valueType();
          const a = this.operand(ty);
          inst = op === 'bswap' ? { kind: 'bswap', a, ...base(ty) } : { kind: 'copy', a, ...base(ty) };
          break;
        }
        case 'ptradd': {
          const ty = this.valueType();
          const b = this.operand(ty);
          this.expect(',');
          const off = this.operand(T.i64);
          inst = { kind: 'ptradd', base: b, offset: off, ...base(ty) };
          break;
        }
        case 'ptrdiff': {
          const ty = this.valueType();
          const a = this.operand(ty);
          this.expect(',');
          const b = this.operand(ty);
          inst = { kind: 'ptrdiff', a, b, ...base(T.i64) };
          break;
        }
        case 'alloca': {
          const size = this.int();
          this.expect(',');
          this.expect('align');
          inst = { kind: 'alloca', size, align: this.int(), ...base(T.ptr.stack) };
          break;
        }
        case 'load': {
          const vol = this.eat('volatile');
          const ty = this.valueType();
          this.expect(',');
          const m = this.mem();
          const a = this.address();
          let align: number = m.width;
          if (this.eat(',')) {
            this.expect('align');
            align = this.int();
          }
          inst = { kind: 'load', ptr: a.ptr, offset: a.offset, width: m.width, signed: m.signed, volatile: vol, align, ...base(ty) };
          break;
        }
        case 'store': {
          const vol = this.eat('volatile');
          const value = this.typedOperand();
          this.expect(',');
          const m = this.mem();
          const a = this.address();
          let align: number = m.width;
          if (this.eat(',')) {
            this.expect('align');
            align = this.int();
          }
          inst = { kind: 'store', ptr: a.ptr, offset: a.offset, width: m.width, value, volatile: vol, align, ...base(T.void) };
          break;
        }
        case 'atomic': {
          const fetchKw = this.eat('fetch');
          const aop = this.ident();
          if (!(ATOMIC_OPS as readonly string[]).includes(aop)) this.err(`unknown atomic op '${aop}'`);
          const value = this.typedOperand();
          this.expect(',');
          const a = this.address();
          let expected: Value | null = null;
          if (this.eat(',')) {
            this.expect('expect');
            expected = this.operand(value.type as ValueType);
          }
          const fetch = fetchKw || aop === 'xchg' || aop === 'cmpxchg';
          const width = (value.type as { bits: number }).bits / 8;
          if (width !== 4 && width !== 8) this.err('atomic needs i32 or i64');
          inst = { kind: 'atomic', op: aop as AtomicOp, fetch, ptr: a.ptr, offset: a.offset, width: width as 4 | 8, value, expected, ...base(fetch ? value.type : T.void) };
          break;
        }
        case 'call': {
          const ret = this.parseType();
          const ct = this.next();
          let callee: Callee;
          if (ct.k === 'global') callee = { kind: 'func', name: ct.v };
          else if (ct.k === 'id') {
            this.expect('#');
            callee = { kind: 'helper', id: this.int() };
          } else return this.err('expected a callee');
          this.expect('(');
          const args: Value[] = [];
          while (!this.eat(')')) {
            args.push(this.typedOperand());
            this.eat(',');
          }
          inst = { kind: 'call', callee, args, ...base(ret) };
          break;
        }
        case 'memcpy':
        case 'memmove': {
          const dst = this.typedOperand();
          this.expect(',');
          const src = this.typedOperand();
          this.expect(',');
          const size = this.int();
          this.expect(',');
          this.expect('align');
          const da = this.int();
          const sa = this.int();
          inst = { kind: 'memcpy', dst, src, size, dstAlign: da, srcAlign: sa, move: op === 'memmove', ...base(T.void) };
          break;
        }
        case 'memset': {
          const dst = this.typedOperand();
          this.expect(',');
          const value = this.operand(T.i8);
          this.expect(',');
          const size = this.int();
          this.expect(',');
          this.expect('align');
          inst = { kind: 'memset', dst, value, size, align: this.int(), ...base(T.void) };
          break;
        }
        case 'pktload': {
          const ty = this.valueType();
          this.expect(',');
          const m = this.mem();
          if (m.signed || m.width === 8) this.err('pktload reads u8, u16 or u32');
          const ctx = this.typedOperand();
          this.expect(',');
          const offset = this.typedOperand();
          inst = { kind: 'pktload', ctx, offset, width: m.width as 1 | 2 | 4, ...base(ty) };
          break;
        }
        case 'phi': {
          const ty = this.valueType();
          const incoming: { block: Block; value: Value }[] = [];
          while (this.eat('[')) {
            const value = this.operand(ty);
            this.expect(',');
            const block = this.blockTok();
            this.expect(']');
            incoming.push({ value, block });
            if (!this.eat(',')) break;
          }
          inst = { kind: 'phi', incoming, ...base(ty) };
          break;
        }
        default:
          return this.err(`unknown instruction '${op}'`);
      }
    }
    if (name !== undefined) {
      if (inst.type.kind === 'void') this.err(`%${name} = on an instruction without a result`);
      this.define(name, inst);
    } else if (inst.type.kind !== 'void') this.err(`${op} result needs a name`);
    const sp = this.parseSpan();
    if (sp) inst.span = sp;
    return inst;
  }
}

/** Parses a module in the text format of print.ts. */
export function parseModule(text: string, file = '<ir>'): Module {
  return new Parser(lex(text), file).parseModule();
}

/** Parses text holding exactly one function (declarations allowed before it). */
export function parseFunc(text: string, file = '<ir>'): Func {
  const m = parseModule(text, file);
  if (m.funcs.length !== 1) throw new EbpfcError('ir parse', `expected one function, found ${m.funcs.length}`);
  return m.funcs[0] as Func;
}
