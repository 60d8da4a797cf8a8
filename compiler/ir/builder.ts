// The IR construction API for front ends: a ModuleBuilder holds declarations (maps, globals) and
// functions; a FuncBuilder appends instructions at an insertion point with a current source span (like
// an IRBuilder with a debug location). Operand types are checked as instructions are built; misuse is a
// front-end bug and throws InternalError.
//
// How a front end expresses common C constructs:
//  - locals: `alloca` + `load`/`store`; mem2reg turns them into SSA values.
//  - `(void *)(long)ctx->data`: load the u32 field from the ctx pointer (`load(T.i32, ctx, {offset})`),
//    `zext` to i64, `inttoptr` to `ptr<any>`; the provenance pass turns it into a `packet` pointer.
//  - packet bounds check `if ((void *)(eth + 1) > data_end)`: `ptradd(eth, 14)` then
//    `cmp('ugt', p, dataEnd)` and `condbr` — a plain compare of (packet base + constant) against the
//    packet-end value; bounds-check coalescing recognises exactly this shape (also ult/uge/ule, either
//    operand order).
//  - helper calls: `callHelper(id, args, retType)`; map arguments are `mapRef(name)` (declare the map
//    with `declareMap`); `bpf_tail_call` is helper 12; callbacks pass `funcRef(name)`.
//  - global data: `declareGlobal({symbol, section, size, init?, readonly?})` and `globalRef(sym, off)`;
//    `const volatile` knobs are `readonly` globals read with volatile loads.
//  - functions: entry programs get `section` (the SEC() name) and are global; `inline: 'always'` for
//    `__always_inline`, `'never'` for `__noinline`; static functions may be inlined when small.
//  - `__sync_fetch_and_add(p, v)` is `atomic('add', p, v, {fetch: true})` (an unused result becomes a
//    plain atomic add); memcpy/memset/memmove with constant sizes are `memcpy`/`memset` instructions,
//    expanded later with the widest accesses the pointer kinds allow.
//  - `switch` takes the cases as they are; compare trees are chosen at code generation.
//  - every instruction gets the span set by `at(span)`; pass the front end's spans (with offset and
//    length) so backend diagnostics can underline the source.
import { InternalError } from '../../runtime/errors.js';
import type {
  AtomicOp,
  BinOp,
  Block,
  Callee,
  CastOp,
  CmpPred,
  Const,
  Func,
  GlobalDecl,
  Inst,
  InlineHint,
  Linkage,
  Module,
  Param,
  PhiInst,
  Span,
  SwitchCase,
  Term,
  Value,
  Width,
} from './nodes.js';
import { isInst } from './nodes.js';
import { T, bitsOf, intType, isInt, isPtr, normInt, ptrType, type IntBits, type IntType, type PtrKind, type Type, type ValueType } from './types.js';

export interface FuncOptions {
  params: { name?: string; type: ValueType }[];
  ret: Type;
  linkage?: Linkage;
  section?: string;
  inline?: InlineHint;
  span: Span;
}

/** Builds a Module. */
export class ModuleBuilder {
  readonly module: Module = { funcs: [], maps: [], globals: [] };

  declareMap(name: string): void {
    if (!this.module.maps.some((m) => m.name === name)) this.module.maps.push({ name });
  }
  declareGlobal(decl: GlobalDecl): void {
    if (!this.module.globals.some((g) => g.symbol === decl.symbol)) this.module.globals.push(decl);
  }
  /** Creates a function with an empty entry block and returns a builder positioned in it. */
  func(name: string, opts: FuncOptions): FuncBuilder {
    const fb = FuncBuilder.create(name, opts);
    this.module.funcs.push(fb.func);
    return fb;
  }
}

export interface LoadOptions {
  offset?: number;
  /** Memory width in bytes; defaults to the result type's size. */
  width?: Width;
  signed?: boolean;
  volatile?: boolean;
  align?: number;
}
export interface StoreOptions {
  offset?: number;
  width?: Width;
  volatile?: boolean;
  align?: number;
}

/** Appends instructions to one function. */
export class FuncBuilder {
  readonly func: Func;
  private block: Block;
  private span: Span;

  private constructor(func: Func) {
    this.func = func;
    this.block = func.blocks[0] as Block;
    this.span = func.span;
  }

  static create(name: string, opts: FuncOptions): FuncBuilder {
    const func: Func = {
      name,
      params: [],
      ret: opts.ret,
      blocks: [],
      linkage: opts.linkage ?? (opts.section !== undefined ? 'global' : 'static'),
      section: opts.section,
      inline: opts.inline ?? 'auto',
      span: opts.span,
      nextId: 0,
    };
    func.params = opts.params.map((p, index): Param => ({ kind: 'param', id: func.nextId++, index, type: p.type, name: p.name }));
    func.blocks.push({ id: func.nextId++, name: 'entry', insts: [], term: null });
    return new FuncBuilder(func);
  }

  /** Wraps an existing function (e.g. in a pass), positioned at the end of its entry block. */
  static on(func: Func): FuncBuilder {
    return new FuncBuilder(func);
  }

  get entry(): Block {
    return this.func.blocks[0] as Block;
  }
  get current(): Block {
    return this.block;
  }
  param(i: number): Param {
    const p = this.func.params[i];
    if (!p) throw new InternalError(`function ${this.func.name} has no parameter ${i}`);
    return p;
  }

  /** A new (empty) block appended to the function. */
  newBlock(name?: string): Block {
    const b: Block = { id: this.func.nextId++, name, insts: [], term: null };
    this.func.blocks.push(b);
    return b;
  }
  /** Continues appending at the end of `b`. */
  setBlock(b: Block): this {
    this.block = b;
    return this;
  }
  /** Sets the span of the instructions built from now on. */
  at(span: Span): this {
    this.span = span;
    return this;
  }
  /** True when the current block already has its terminator. */
  get terminated(): boolean {
    return this.block.term !== null;
  }

  // ---- constants -------------------------------------------------------------------------------
  int(type: IntType, v: bigint | number): Const {
    return { kind: 'const', type, value: normInt(BigInt(v), type.bits) };
  }
  i1(v: boolean | number): Const {
    return this.int(T.i1, v ? 1 : 0);
  }
  i8(v: bigint | number): Const {
    return this.int(T.i8, v);
  }
  i16(v: bigint | number): Const {
    return this.int(T.i16, v);
  }
  i32(v: bigint | number): Const {
    return this.int(T.i32, v);
  }
  i64(v: bigint | number): Const {
    return this.int(T.i64, v);
  }
  null(kind: PtrKind = 'any'): Const {
    return { kind: 'const', type: ptrType(kind), value: 0n };
  }
  undef(type: ValueType): Const {
    return { kind: 'undef', type };
  }
  mapRef(name: string): Const {
    return { kind: 'mapref', type: T.ptr.map, name };
  }
  globalRef(symbol: string, offset = 0): Const {
    return { kind: 'globalref', type: T.ptr.global, symbol, offset };
  }
  funcRef(name: string): Const {
    return { kind: 'funcref', type: T.ptr.func, name };
  }

  // ---- arithmetic ------------------------------------------------------------------------------
  bin(op: BinOp, a: Value, b: Value, name?: string): Inst {
    const t = a.type;
    if (!isInt(t) || b.type !== t) throw new InternalError(`bin ${op}: operand types ${show(a)} and ${show(b)} differ or are not integers`);
    return this.push({ kind: 'bin', op, a, b, ...this.base(t, name) });
  }
  add(a: Value, b: Value, name?: string): Inst {
    return this.bin('add', a, b, name);
  }
  sub(a: Value, b: Value, name?: string): Inst {
    return this.bin('sub', a, b, name);
  }
  and(a: Value, b: Value, name?: string): Inst {
    return this.bin('and', a, b, name);
  }
  or(a: Value, b: Value, name?: string): Inst {
    return this.bin('or', a, b, name);
  }
  xor(a: Value, b: Value, name?: string): Inst {
    return this.bin('xor', a, b, name);
  }
  shl(a: Value, b: Value, name?: string): Inst {
    return this.bin('shl', a, b, name);
  }
  lshr(a: Value, b: Value, name?: string): Inst {
    return this.bin('lshr', a, b, name);
  }
  mul(a: Value, b: Value, name?: string): Inst {
    return this.bin('mul', a, b, name);
  }
  cmp(pred: CmpPred, a: Value, b: Value, name?: string): Inst {
    const ok = (isInt(a.type) && a.type === b.type) || (isPtr(a.type) && isPtr(b.type));
    if (!ok) throw new InternalError(`cmp ${pred}: incompatible operands ${show(a)}, ${show(b)}`);
    return this.push({ kind: 'cmp', pred, a, b, ...this.base(T.i1, name) });
  }
  cast(op: CastOp, a: Value, to: ValueType, name?: string): Inst {
    checkCast(op, a.type, to);
    return this.push({ kind: 'cast', op, a, ...this.base(to, name) });
  }
  zext(a: Value, bits: IntBits, name?: string): Value {
    return bitsOf(a.type as ValueType) === bits ? a : this.cast('zext', a, intType(bits), name);
  }
  sext(a: Value, bits: IntBits, name?: string): Value {
    return bitsOf(a.type as ValueType) === bits ? a : this.cast('sext', a, intType(bits), name);
  }
  trunc(a: Value, bits: IntBits, name?: string): Value {
    return bitsOf(a.type as ValueType) === bits ? a : this.cast('trunc', a, intType(bits), name);
  }
  inttoptr(a: Value, kind: PtrKind = 'any', name?: string): Inst {
    return this.cast('inttoptr', a, ptrType(kind), name);
  }
  ptrtoint(a: Value, name?: string): Inst {
    return this.cast('ptrtoint', a, T.i64, name);
  }
  retag(a: Value, kind: PtrKind, name?: string): Inst {
    return this.cast('retag', a, ptrType(kind), name);
  }
  bswap(a: Value, name?: string): Inst {
    const t = a.type;
    if (!isInt(t) || (t.bits !== 16 && t.bits !== 32 && t.bits !== 64)) throw new InternalError(`bswap of ${show(a)}`);
    return this.push({ kind: 'bswap', a, ...this.base(t, name) });
  }
  copy(a: Value, name?: string): Inst {
    return this.push({ kind: 'copy', a, ...this.base(a.type, name) });
  }
  /** `base + offset` bytes (offset: i64 value or number). */
  ptradd(base: Value, offset: Value | number | bigint, name?: string): Inst {
    if (!isPtr(base.type)) throw new InternalError(`ptradd on non-pointer ${show(base)}`);
    const off = typeof offset === 'object' ? offset : this.i64(offset);
    if (off.type !== T.i64) throw new InternalError(`ptradd offset must be i64, got ${show(off)}`);
    return this.push({ kind: 'ptradd', base, offset: off, ...this.base(base.type, name) });
  }
  ptrdiff(a: Value, b: Value, name?: string): Inst {
    if (!isPtr(a.type) || !isPtr(b.type)) throw new InternalError('ptrdiff needs two pointers');
    return this.push({ kind: 'ptrdiff', a, b, ...this.base(T.i64, name) });
  }

  // ---- memory ----------------------------------------------------------------------------------
  /** A stack object; allocas are placed at the start of the entry block whatever the insertion point. */
  alloca(size: number, align: number, name?: string): Inst {
    if (!(size > 0) || !Number.isInteger(size)) throw new InternalError(`alloca of size ${size}`);
    const inst: Inst = { kind: 'alloca', size, align, ...this.base(T.ptr.stack, name) };
    const entry = this.entry;
    let at = 0;
    while (at < entry.insts.length && (entry.insts[at] as Inst).kind === 'alloca') at++;
    entry.insts.splice(at, 0, inst);
    inst.block = entry;
    return inst;
  }
  load(type: ValueType, ptr: Value, opts: LoadOptions = {}, name?: string): Inst {
    if (!isPtr(ptr.type)) throw new InternalError(`load through non-pointer ${show(ptr)}`);
    const width = opts.width ?? (bitsOf(type) / 8 as Width);
    if (width * 8 > bitsOf(type) && !isPtr(type)) throw new InternalError(`load of ${width} bytes into ${show(ptr)} type too narrow`);
    return this.push({
      kind: 'load',
      ptr,
      offset: opts.offset ?? 0,
      width,
      signed: opts.signed ?? false,
      volatile: opts.volatile ?? false,
      align: opts.align ?? width,
      ...this.base(type, name),
    });
  }
  store(ptr: Value, value: Value, opts: StoreOptions = {}): Inst {
    if (!isPtr(ptr.type)) throw new InternalError(`store through non-pointer ${show(ptr)}`);
    const vt = value.type as ValueType;
    const width = opts.width ?? (bitsOf(vt) / 8 as Width);
    if (vt.kind === 'int' && vt.bits === 1) throw new InternalError('store of an i1: zext it first');
    return this.push({
      kind: 'store',
      ptr,
      value,
      offset: opts.offset ?? 0,
      width,
      volatile: opts.volatile ?? false,
      align: opts.align ?? width,
      ...this.base(T.void),
    });
  }
  /** Atomic RMW; `fetch` returns the old value. For cmpxchg pass `expected` (result = old value). */
  atomic(op: AtomicOp, ptr: Value, value: Value, opts: { offset?: number; fetch?: boolean; expected?: Value } = {}): Inst {
    const t = value.type;
    if (!isInt(t) || (t.bits !== 32 && t.bits !== 64)) throw new InternalError(`atomic ${op} of ${show(value)}`);
    const fetch = op === 'xchg' || op === 'cmpxchg' ? true : (opts.fetch ?? false);
    if (op === 'cmpxchg' && !opts.expected) throw new InternalError('cmpxchg needs expected');
    return this.push({
      kind: 'atomic',
      op,
      fetch,
      ptr,
      offset: opts.offset ?? 0,
      width: (t.bits / 8) as 4 | 8,
      value,
      expected: opts.expected ?? null,
      ...this.base(fetch ? t : T.void),
    });
  }
  memcpy(dst: Value, src: Value, size: number, opts: { dstAlign?: number; srcAlign?: number; move?: boolean } = {}): Inst {
    if (!isPtr(dst.type) || !isPtr(src.type)) throw new InternalError('memcpy needs pointers');
    return this.push({
      kind: 'memcpy',
      dst,
      src,
      size,
      dstAlign: opts.dstAlign ?? 1,
      srcAlign: opts.srcAlign ?? 1,
      move: opts.move ?? false,
      ...this.base(T.void),
    });
  }
  memset(dst: Value, value: Value, size: number, align = 1): Inst {
    if (!isPtr(dst.type) || value.type !== T.i8) throw new InternalError('memset needs a pointer and an i8');
    return this.push({ kind: 'memset', dst, value, size, align, ...this.base(T.void) });
  }

  /** Legacy packet load (LD_ABS/LD_IND) of `width` bytes at `offset` of the skb `ctx`, host order. */
  pktload(type: IntType, ctx: Value, offset: Value, width: 1 | 2 | 4, name?: string): Inst {
    if (!isPtr(ctx.type) || !isInt(offset.type)) throw new InternalError('pktload needs the ctx pointer and an integer offset');
    return this.push({ kind: 'pktload', ctx, offset, width, ...this.base(type, name) });
  }

  // ---- calls -----------------------------------------------------------------------------------
  callHelper(id: number, args: Value[], ret: Type, name?: string): Inst {
    return this.call({ kind: 'helper', id }, args, ret, name);
  }
  callFunc(fn: string, args: Value[], ret: Type, name?: string): Inst {
    return this.call({ kind: 'func', name: fn }, args, ret, name);
  }
  private call(callee: Callee, args: Value[], ret: Type, name?: string): Inst {
    return this.push({ kind: 'call', callee, args, ...this.base(ret, name) });
  }

  // ---- phis and terminators --------------------------------------------------------------------
  /** A phi at the start of the current block. */
  phi(type: ValueType, incoming: [Value, Block][] = [], name?: string): PhiInst {
    const inst: PhiInst = { kind: 'phi', incoming: incoming.map(([value, block]) => ({ value, block })), ...this.base(type, name) };
    let at = 0;
    while (at < this.block.insts.length && (this.block.insts[at] as Inst).kind === 'phi') at++;
    this.block.insts.splice(at, 0, inst);
    inst.block = this.block;
    return inst;
  }
  addIncoming(phi: PhiInst, value: Value, block: Block): void {
    phi.incoming.push({ value, block });
  }
  br(target: Block): void {
    this.term({ kind: 'br', target, span: this.span });
  }
  condbr(cond: Value, then: Block, els: Block): void {
    if (cond.type !== T.i1) throw new InternalError(`condbr on ${show(cond)}: needs an i1`);
    this.term({ kind: 'condbr', cond, then, else: els, span: this.span });
  }
  switch(value: Value, cases: [bigint | number, Block][], dflt: Block): void {
    const t = value.type;
    if (!isInt(t)) throw new InternalError('switch on a non-integer');
    const cs: SwitchCase[] = cases.map(([v, target]) => ({ value: normInt(BigInt(v), t.bits), target }));
    this.term({ kind: 'switch', value, cases: cs, default: dflt, span: this.span });
  }
  ret(value?: Value): void {
    this.term({ kind: 'ret', value: value ?? null, span: this.span });
  }
  unreachable(): void {
    this.term({ kind: 'unreachable', span: this.span });
  }

  private term(t: Term): void {
    if (this.block.term) throw new InternalError(`block ${this.block.name ?? this.block.id} already terminated`);
    this.block.term = t;
  }
  private base(type: Type, name?: string): { id: number; type: Type; span: Span; block: Block | null; name?: string } {
    const b: { id: number; type: Type; span: Span; block: Block | null; name?: string } = { id: this.func.nextId++, type, span: this.span, block: null };
    if (name !== undefined) b.name = name;
    return b;
  }
  private push<I extends Inst>(inst: I): I {
    if (this.block.term) throw new InternalError(`appending to terminated block ${this.block.name ?? this.block.id}`);
    this.block.insts.push(inst);
    inst.block = this.block;
    return inst;
  }
}

function show(v: Value): string {
  return `${v.kind}:${v.type.kind === 'int' ? `i${v.type.bits}` : v.type.kind === 'ptr' ? `ptr<${v.type.to}>` : 'void'}${isInst(v) ? `#${v.id}` : ''}`;
}

/** Checks the operand and result types of a cast. */
export function checkCast(op: CastOp, from: Type, to: Type): void {
  const bad = (): never => {
    throw new InternalError(`invalid cast ${op} from ${from.kind} to ${to.kind}`);
  };
  switch (op) {
    case 'zext':
    case 'sext':
      if (!isInt(from) || !isInt(to) || from.bits >= to.bits) bad();
      return;
    case 'trunc':
      if (!isInt(from) || !isInt(to) || from.bits <= to.bits) bad();
      return;
    case 'inttoptr':
      if (from !== T.i64 || !isPtr(to)) bad();
      return;
    case 'ptrtoint':
      if (!isPtr(from) || to !== T.i64) bad();
      return;
    case 'retag':
      if (!isPtr(from) || !isPtr(to)) bad();
      return;
    default: {
      const never: never = op;
      throw new InternalError(`unknown cast ${String(never)}`);
    }
  }
}
