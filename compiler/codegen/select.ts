// Instruction selection: SSA IR → machine IR over virtual registers (mir.ts). Per IR instruction:
// two-address arithmetic (`v = a; v op= b`, copies left to the coalescer), immediates for constants,
// stack objects addressed as r10 + frame offset, compares fused into the conditional jump that uses
// them (JMP32 at cpu ≥ v3 for ≤ 32-bit values, `jset` for `(x & m) != 0` at v4), 32-bit ALU (`w` registers)
// for ≤ 32-bit values at cpu ≥ v3, calls with the r1–r5 / r0 convention, phis as parallel copies on
// the incoming edges (critical edges split). Tracks which registers hold zero-extended values so that
// widening costs nothing when the producer already zero-extends (loads, alu32, be16 …).
import { InternalError } from '../../runtime/errors.js';
import type { JmpCond } from '../../runtime/isa/index.js';
import type { Diagnostic } from '../diagnostics/index.js';
import type { Block, CmpPred, Func, Inst, Module, PhiInst, Span, Value } from '../ir/index.js';
import { constantKey, funcDominators, maskOf, userMap, type IntBits } from '../ir/index.js';
import { backendError } from './diagnostics.js';
import { FP, imm, isReg, newVreg, type FrameRef, type Imm, type MBlock, type MFunc, type MInst, type Operand, type Reg } from './mir.js';
import { computeClean } from './clean.js';
import { ALU, INVERT, JCC, SWAP, V2_CONDS } from './conds.js';
import { selectAtomic, selectCall } from './calls.js';
import { sequentialize } from './copies.js';

export type Cpu = 1 | 2 | 3 | 4;

export interface SelectOptions {
  mcpu: Cpu;
}

const SIGNED_PREDS = new Set<CmpPred>(['slt', 'sle', 'sgt', 'sge']);
const fitsS32 = (v: bigint): boolean => v >= -0x80000000n && v <= 0x7fffffffn;

function bitsOf(v: Value): IntBits {
  return v.type.kind === 'int' ? v.type.bits : 64;
}

export class Selector {
  readonly mf: MFunc;
  readonly diags: Diagnostic[] = [];
  private readonly vreg = new Map<Value, Reg>();
  private readonly clean: Map<Value, boolean>;
  private readonly first = new Map<Block, MBlock>();
  private readonly last = new Map<Block, MBlock>();
  private readonly allocaSlot = new Map<Inst, number>();
  private readonly fused = new Set<Inst>();
  /** `and` instructions folded into a `jset` branch. */
  private readonly jsetAnds = new Set<Inst>();
  readonly users: ReturnType<typeof userMap>;
  private cur!: MBlock;
  span: Span;
  private nextBlockId = 0;
  /**
   * Zero-extended copies made so far, with the IR block that made each: reused in that block and in
   * the blocks it dominates, so a bounds check and the use it guards see one register (at cpu v1/v2 a
   * second zero extension would be a fresh, unbounded value to the verifier).
   */
  private zextCache = new Map<Value, { reg: Reg; block: Block }[]>();
  /** Sign-extended copies, reused the same way (keyed by value and target width). */
  private sextCache = new Map<Value, { reg: Reg; block: Block; to: 32 | 64 }[]>();
  /** Constants and addresses materialised so far, with the IR block that materialised them. */
  private constCache = new Map<string, { reg: Reg; block: Block }[]>();
  private dom!: ReturnType<typeof funcDominators>;
  private irBlock!: Block;

  constructor(
    private readonly f: Func,
    private readonly module: Module,
    readonly opts: SelectOptions,
  ) {
    this.span = f.span;
    this.mf = { name: f.name, blocks: [], vregs: new Map(), nextVreg: 16, frame: [], span: f.span };
    this.users = userMap(f);
    this.clean = computeClean(f, opts.mcpu);
  }

  get alu32(): boolean {
    return this.opts.mcpu >= 3;
  }

  private newBlock(): MBlock {
    const b: MBlock = { id: this.nextBlockId++, insts: [], term: null, depth: 0 };
    this.mf.blocks.push(b);
    return b;
  }
  emit(i: MInst): void {
    this.cur.insts.push(i);
  }
  error(code: 'B2003' | 'B2005', msg: string): void {
    this.diags.push(backendError(code, msg, this.span));
  }

  /** Width of the ALU operation for a value of type `v`. */
  private wOf(v: Value): 32 | 64 {
    return v.type.kind === 'int' && v.type.bits <= 32 && this.alu32 ? 32 : 64;
  }

  run(): MFunc {
    const f = this.f;
    this.dom = funcDominators(f);
    // frame objects for allocas
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (i.kind === 'alloca') {
          this.allocaSlot.set(i, this.mf.frame.length);
          this.mf.frame.push({ size: i.size, align: i.align, spill: false, name: i.name, span: i.span });
        }
      }
    }
    // compares fused into the conditional branches that use them: a compare used only by branches
    // (in any block) is re-done at each of them rather than materialised as 0/1 — its operands are
    // available there, and a NULL check stays on the pointer's own register, as the verifier wants
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (i.kind !== 'cmp') continue;
        const us = this.users.get(i) ?? [];
        if (us.length > 0 && us.every((u) => !('id' in u) && u.kind === 'condbr')) this.fused.add(i);
      }
    }
    // `(x & m) != 0` as one `jset` — at cpu v4 only: LLVM 16's BPF decoder (llvm-objdump-16) knows no
    // JSET (nor BPF_ST), and clang-16 emits neither
    for (const b of f.blocks) {
      const t = b.term;
      if (t && t.kind === 'condbr' && t.cond.kind === 'cmp' && t.cond.block === b) {
        const us = this.users.get(t.cond) ?? [];
        const c = t.cond;
        const a = c.a;
        if (this.opts.mcpu >= 4 && us.length === 1 && (c.pred === 'eq' || c.pred === 'ne') && c.b.kind === 'const' && c.b.value === 0n && a.kind === 'bin' && a.op === 'and' && a.block === b && (this.users.get(a) ?? []).length === 1) {
          this.jsetAnds.add(a);
        }
      }
    }
    for (const b of f.blocks) {
      const mb = this.newBlock();
      this.first.set(b, mb);
    }
    // parameters arrive in r1..r5
    this.cur = this.first.get(f.blocks[0] as Block) as MBlock;
    f.params.forEach((p, k) => {
      const v = newVreg(this.mf, { ptr: p.type.kind === 'ptr' });
      this.vreg.set(p, v);
      // (more than 5 parameters is reported by the driver; the extra ones get a placeholder)
      this.emit({ op: 'mov', w: 64, dst: v, src: k < 5 ? k + 1 : imm(0), span: f.span });
    });
    for (const b of f.blocks) {
      if (b !== f.blocks[0]) this.cur = this.first.get(b) as MBlock;
      this.irBlock = b;
      for (const i of b.insts) {
        this.span = i.span;
        this.select(i);
      }
      this.last.set(b, this.cur);
      this.selectTerm(b);
    }
    this.placePhiCopies();
    return this.mf;
  }

  // ---- values -------------------------------------------------------------------------------------

  /** The register holding `v` (constants and addresses are materialised at the current point). */
  reg(v: Value): Reg {
    const r = this.vreg.get(v);
    if (r !== undefined) return r;
    // constants, addresses of maps/globals/functions and stack addresses are materialised once per
    // block (rematerialisable: the allocator re-creates them instead of spilling)
    const key = constKey(v);
    if (key !== undefined) {
      // reuse a copy made in this block or in a block that dominates it (the allocator
      // rematerialises it rather than spill it if registers run short)
      const seen = this.constCache.get(key) ?? [];
      const hit = seen.find((e) => e.block === this.irBlock || this.dom.dominates(e.block, this.irBlock));
      if (hit !== undefined) return hit.reg;
      const d = this.materialise(v);
      seen.push({ reg: d, block: this.irBlock });
      this.constCache.set(key, seen);
      return d;
    }
    return this.materialise(v);
  }

  private materialise(v: Value): Reg {
    switch (v.kind) {
      case 'const':
      case 'undef': {
        const value = v.kind === 'const' ? v.value : 0n;
        const d = newVreg(this.mf, { ptr: v.type.kind === 'ptr' });
        this.emitConst(d, value, bitsOf(v));
        return d;
      }
      case 'mapref':
      case 'globalref':
      case 'funcref': {
        const d = newVreg(this.mf, { ptr: true });
        const ref = v.kind === 'mapref' ? { kind: 'map' as const, name: v.name } : v.kind === 'globalref' ? { kind: 'data' as const, symbol: v.symbol, offset: v.offset } : { kind: 'callback' as const, func: v.name };
        const mi: MInst = { op: 'ldref', dst: d, ref, span: this.span };
        this.emit(mi);
        (this.mf.vregs.get(d) as { remat?: MInst[] }).remat = [mi];
        return d;
      }
      case 'alloca': {
        const d = newVreg(this.mf, { ptr: true });
        this.emitFrameAddr(d, this.frameRef(v, 0));
        return d;
      }
      default:
        throw new InternalError(`select: value used before its definition in @${this.f.name} (${v.kind})`);
    }
  }

  private emitFrameAddr(d: Reg, ref: FrameRef): void {
    const a: MInst = { op: 'mov', w: 64, dst: d, src: FP, span: this.span };
    const b: MInst = { op: 'alu', w: 64, alu: 'add', dst: d, src: ref, span: this.span };
    this.emit(a);
    this.emit(b);
    (this.mf.vregs.get(d) as { remat?: MInst[] }).remat = [a, b];
  }

  private emitConst(d: Reg, value: bigint, bits: IntBits, remat = true): void {
    let mi: MInst;
    const s = BigInt.asIntN(64, value);
    if (bits <= 32 && this.alu32) mi = { op: 'mov', w: 32, dst: d, src: imm(Number(BigInt.asIntN(32, value))), span: this.span };
    else if (fitsS32(s)) mi = { op: 'mov', w: 64, dst: d, src: imm(Number(s)), span: this.span };
    else mi = { op: 'ld64', dst: d, value: BigInt.asUintN(64, value), span: this.span };
    this.emit(mi);
    const info = this.mf.vregs.get(d);
    if (remat && info) info.remat = [mi];
  }

  frameRef(alloca: Value, add: number): FrameRef {
    const slot = this.allocaSlot.get(alloca as Inst);
    if (slot === undefined) throw new InternalError('select: not an alloca');
    return { kind: 'frame', slot, add };
  }

  /** True when the register of `v` holds zext(v) to 64 bits. */
  isClean(v: Value): boolean {
    // constants are materialised with their exact unsigned value (mov32, or mov/ld_imm64)
    if (v.kind === 'const' || v.kind === 'undef') return true;
    if (v.type.kind === 'ptr' || bitsOf(v) === 64) return true;
    return this.clean.get(v) ?? false;
  }

  /** A register holding `v` zero-extended to 64 bits. */
  regClean(v: Value): Reg {
    if (this.isClean(v)) return this.reg(v);
    const seen = this.zextCache.get(v) ?? [];
    const hit = seen.find((e) => e.block === this.irBlock || this.dom.dominates(e.block, this.irBlock));
    if (hit !== undefined) return hit.reg;
    const bits = bitsOf(v);
    const src = this.reg(v);
    const d = newVreg(this.mf);
    if (bits === 32) {
      if (this.alu32) this.emit({ op: 'mov', w: 32, dst: d, src, span: this.span });
      else {
        this.emit({ op: 'mov', w: 64, dst: d, src, span: this.span });
        this.emit({ op: 'alu', w: 64, alu: 'lsh', dst: d, src: imm(32), span: this.span });
        this.emit({ op: 'alu', w: 64, alu: 'rsh', dst: d, src: imm(32), span: this.span });
      }
    } else {
      const w = this.alu32 ? 32 : 64;
      this.emit({ op: 'mov', w, dst: d, src, span: this.span });
      this.emit({ op: 'alu', w, alu: 'and', dst: d, src: imm(Number(maskOf(bits))), span: this.span });
    }
    seen.push({ reg: d, block: this.irBlock });
    this.zextCache.set(v, seen);
    return d;
  }

  /** A register holding `v` sign-extended to `to` bits (32 or 64). */
  regSext(v: Value, to: 32 | 64): Reg {
    const bits = bitsOf(v);
    if (bits >= to) return this.reg(v);
    const seen = this.sextCache.get(v) ?? [];
    const hit = seen.find((e) => e.to === to && (e.block === this.irBlock || this.dom.dominates(e.block, this.irBlock)));
    if (hit !== undefined) return hit.reg;
    const src = this.reg(v);
    const d = newVreg(this.mf);
    seen.push({ reg: d, block: this.irBlock, to });
    this.sextCache.set(v, seen);
    if (this.opts.mcpu >= 4 && (bits === 8 || bits === 16 || bits === 32)) {
      this.emit({ op: 'movsx', w: to, bits: bits as 8 | 16 | 32, dst: d, src, span: this.span });
      return d;
    }
    const w = to === 32 ? 32 : 64;
    const sh = (to === 32 ? 32 : 64) - bits;
    this.emit({ op: 'mov', w: 64, dst: d, src, span: this.span });
    this.emit({ op: 'alu', w, alu: 'lsh', dst: d, src: imm(sh), span: this.span });
    this.emit({ op: 'alu', w, alu: 'arsh', dst: d, src: imm(sh), span: this.span });
    return d;
  }

  /** `v` as an immediate (when it fits the instruction's 32-bit field at width `w`) or a register. */
  private operand(v: Value, w: 32 | 64, needClean: boolean): Operand {
    if (v.kind === 'const') {
      if (w === 32) return imm(Number(BigInt.asIntN(32, v.value)));
      const s = bitsOf(v) === 64 || v.type.kind === 'ptr' ? BigInt.asIntN(64, v.value) : v.value;
      if (fitsS32(s)) return imm(Number(s));
    }
    return needClean ? this.regClean(v) : this.reg(v);
  }

  define(v: Inst, r: Reg): void {
    this.vreg.set(v, r);
  }

  // ---- instructions -------------------------------------------------------------------------------

  private select(i: Inst): void {
    if (this.jsetAnds.has(i)) return;
    switch (i.kind) {
      case 'bin':
        return this.selectBin(i);
      case 'cmp':
        if (!this.fused.has(i)) this.selectSetcc(i);
        return;
      case 'cast':
        return this.selectCast(i);
      case 'bswap': {
        const d = newVreg(this.mf);
        this.emit({ op: 'mov', w: 64, dst: d, src: this.reg(i.a), span: this.span });
        this.emit({ op: 'end', kind: 'be', bits: bitsOf(i) as 16 | 32 | 64, dst: d, span: this.span });
        this.define(i, d);
        return;
      }
      case 'copy':
        this.define(i, this.reg(i.a));
        return;
      case 'ptradd': {
        const d = newVreg(this.mf, { ptr: true });
        if (i.base.kind === 'alloca' && i.offset.kind === 'const' && fitsS32(BigInt.asIntN(64, i.offset.value))) {
          this.emitFrameAddr(d, this.frameRef(i.base, Number(BigInt.asIntN(64, i.offset.value))));
        } else {
          this.emit({ op: 'mov', w: 64, dst: d, src: this.reg(i.base), span: this.span });
          this.emit({ op: 'alu', w: 64, alu: 'add', dst: d, src: this.operand(i.offset, 64, true), span: this.span });
        }
        this.define(i, d);
        return;
      }
      case 'ptrdiff': {
        const d = newVreg(this.mf);
        this.emit({ op: 'mov', w: 64, dst: d, src: this.reg(i.a), span: this.span });
        this.emit({ op: 'alu', w: 64, alu: 'sub', dst: d, src: this.reg(i.b), span: this.span });
        this.define(i, d);
        return;
      }
      case 'alloca':
        return; // a frame object; its address is materialised where used
      case 'load':
        return this.selectLoad(i);
      case 'store':
        return this.selectStore(i);
      case 'atomic':
        return selectAtomic(this, i);
      case 'call':
        return selectCall(this, i);
      case 'phi': {
        const d = newVreg(this.mf, { ptr: i.type.kind === 'ptr' });
        this.define(i, d);
        return;
      }
      case 'memcpy':
      case 'memset':
        throw new InternalError('select: memcpy/memset must be expanded before selection');
      case 'pktload':
        return this.selectPktLoad(i);
      default: {
        const never: never = i;
        throw new InternalError(`select: ${(never as Inst).kind}`);
      }
    }
  }

  /** Base register and offset operand of a memory access at `ptr + off`. */
  address(ptr: Value, off: number): { base: Reg; off: Operand } {
    let p = ptr;
    let o = off;
    // fold constant pointer arithmetic into the offset field (this also keeps every ctx access on the
    // unmodified ctx register, which the verifier requires, even without the optimiser)
    while (p.kind === 'ptradd' && p.offset.kind === 'const') {
      const total = o + Number(BigInt.asIntN(64, p.offset.value));
      if (total < -0x8000 || total > 0x7fff) break;
      o = total;
      p = p.base;
    }
    if (o < -0x8000 || o > 0x7fff) return this.farAddress(p, o);
    if (p.kind === 'alloca') return { base: FP, off: this.frameRef(p, o) };
    return { base: this.reg(p), off: imm(o) };
  }

  /**
   * `p + o` for an offset the instruction's 16-bit field cannot hold (a constant index far past the end
   * of an object, which C lets a program write): the address is computed, the access made at offset 0.
   */
  private farAddress(p: Value, o: number): { base: Reg; off: Operand } {
    let base: Reg;
    if (p.kind === 'alloca') {
      base = newVreg(this.mf, { ptr: true });
      this.emitFrameAddr(base, this.frameRef(p, 0));
    } else base = this.reg(p);
    const d = newVreg(this.mf, { ptr: true });
    this.emit({ op: 'mov', w: 64, dst: d, src: base, span: this.span });
    let add: Operand = imm(o);
    if (!fitsS32(BigInt(o))) {
      const c = newVreg(this.mf);
      this.emitConst(c, BigInt(o), 64);
      add = c;
    }
    this.emit({ op: 'alu', w: 64, alu: 'add', dst: d, src: add, span: this.span });
    return { base: d, off: imm(0) };
  }

  private selectBin(i: Inst & { kind: 'bin' }): void {
    const bits = bitsOf(i);
    const w = this.wOf(i);
    const op = i.op;
    if ((op === 'udiv' || op === 'sdiv' || op === 'urem' || op === 'srem') && i.b.kind === 'const' && BigInt.asUintN(bits, i.b.value) === 0n) {
      // x / 0 = 0 and x % 0 = x (RFC 9669); the verifier rejects a division by the constant 0
      if (op === 'udiv' || op === 'sdiv') {
        const d = newVreg(this.mf);
        this.emit({ op: 'mov', w: 64, dst: d, src: imm(0), span: this.span });
        this.define(i, d);
      } else this.define(i, this.regClean(i.a)); // (clean.ts counts remainders as zero-extended)
      return;
    }
    if ((op === 'sdiv' || op === 'srem') && this.opts.mcpu < 4) {
      this.error('B2005', `signed ${op === 'sdiv' ? 'division' : 'remainder'} needs -mcpu=v4 (make the operands unsigned or divide by a power of two)`);
    }
    // operand requirements
    const full = w === 64 ? bits === 64 : bits === 32; // the op sees exactly the value's bits
    let a: Reg;
    if (!full && (op === 'udiv' || op === 'urem' || op === 'lshr')) a = this.regClean(i.a);
    else if (!full && (op === 'sdiv' || op === 'srem' || op === 'ashr')) a = this.regSext(i.a, w);
    else a = this.reg(i.a);
    let b: Operand;
    const shift = op === 'shl' || op === 'lshr' || op === 'ashr';
    if (shift && i.b.kind === 'const') {
      b = imm(Number(i.b.value & BigInt(bits - 1)));
    } else if (shift && bits < w) {
      // the IR masks shift amounts to the value's width; the machine masks to the register width
      const m = newVreg(this.mf);
      this.emit({ op: 'mov', w, dst: m, src: this.reg(i.b), span: this.span });
      this.emit({ op: 'alu', w, alu: 'and', dst: m, src: imm(bits - 1), span: this.span });
      b = m;
    } else if (!full && (op === 'udiv' || op === 'urem')) b = this.operand(i.b, w, true);
    else if (op === 'sdiv' || op === 'srem') b = i.b.kind === 'const' ? (this.signedImm(i.b, w) ?? this.regSext(i.b, w)) : full ? this.reg(i.b) : this.regSext(i.b, w);
    else b = this.operand(i.b, w, false);
    if (!isReg(b) && w === 64 && b.kind === 'imm' && (op === 'udiv' || op === 'urem') && b.value < 0) b = this.regClean(i.b);
    const d = newVreg(this.mf);
    this.emit({ op: 'mov', w: 64, dst: d, src: a, span: this.span });
    this.emit({ op: 'alu', w, alu: ALU[op], dst: d, src: b, span: this.span });
    this.define(i, d);
  }

  /** LD_ABS / LD_IND: the ctx goes to r6 (the instruction's implicit operand), the value comes in r0. */
  private selectPktLoad(i: Inst & { kind: 'pktload' }): void {
    let off = i.offset;
    let k = 0n;
    if (off.kind === 'bin' && off.op === 'add' && off.b.kind === 'const') {
      k = BigInt.asIntN(bitsOf(off), off.b.value);
      off = off.a;
    }
    const src = off.kind === 'const' ? null : this.regClean(off);
    if (off.kind === 'const') k += BigInt.asIntN(bitsOf(off), off.value);
    this.emit({ op: 'mov', w: 64, dst: 6, src: this.reg(i.ctx), span: this.span });
    this.emit({ op: 'ldpkt', size: i.width, src, imm: Number(BigInt.asIntN(32, k)), span: this.span });
    const d = newVreg(this.mf);
    this.emit({ op: 'mov', w: 64, dst: d, src: 0, span: this.span });
    this.define(i, d);
  }

  /** Materialises an i1 from a compare: d = 1; if (a C b) skip; d = 0. */
  private selectSetcc(i: Inst & { kind: 'cmp' }): void {
    const d = newVreg(this.mf);
    const yes = this.newBlock();
    const no = this.newBlock();
    const join = this.newBlock();
    this.emitBranch(i, yes, no);
    this.cur = yes;
    this.emit({ op: 'mov', w: 64, dst: d, src: imm(1), span: this.span });
    this.cur.term = { kind: 'jmp', target: join, span: this.span };
    this.cur = no;
    this.emit({ op: 'mov', w: 64, dst: d, src: imm(0), span: this.span });
    this.cur.term = { kind: 'jmp', target: join, span: this.span };
    this.cur = join;
    this.define(i, d);
  }

  private selectCast(i: Inst & { kind: 'cast' }): void {
    switch (i.op) {
      case 'zext':
        this.define(i, this.regClean(i.a));
        return;
      case 'sext': {
        const to = bitsOf(i);
        if (bitsOf(i.a) === 1) {
          // i1 → 0 / -1
          const d = newVreg(this.mf);
          this.emit({ op: 'mov', w: 64, dst: d, src: this.regClean(i.a), span: this.span });
          this.emit({ op: 'neg', w: to <= 32 && this.alu32 ? 32 : 64, dst: d, span: this.span });
          this.define(i, d);
          return;
        }
        this.define(i, this.regSext(i.a, to === 64 ? 64 : this.alu32 ? 32 : 64));
        return;
      }
      case 'trunc': {
        if (bitsOf(i) === 1) {
          const d = newVreg(this.mf);
          this.emit({ op: 'mov', w: 64, dst: d, src: this.reg(i.a), span: this.span });
          this.emit({ op: 'alu', w: this.alu32 ? 32 : 64, alu: 'and', dst: d, src: imm(1), span: this.span });
          this.define(i, d);
          return;
        }
        this.define(i, this.reg(i.a));
        return;
      }
      case 'inttoptr':
      case 'ptrtoint':
      case 'retag':
        this.define(i, this.reg(i.a));
        return;
      default: {
        const never: never = i.op;
        throw new InternalError(`select: cast ${String(never)}`);
      }
    }
  }

  private selectLoad(i: Inst & { kind: 'load' }): void {
    const { base, off } = this.address(i.ptr, i.offset);
    const d = newVreg(this.mf, { ptr: i.type.kind === 'ptr' });
    const bits = bitsOf(i);
    if (i.signed && i.width < 8) {
      if (this.opts.mcpu >= 4) {
        this.emit({ op: 'ldx', size: i.width, sx: true, dst: d, base, off, span: this.span });
        this.define(i, d);
        return;
      }
      this.emit({ op: 'ldx', size: i.width, sx: false, dst: d, base, off, span: this.span });
      const sh = (bits === 64 || !this.alu32 ? 64 : 32) - i.width * 8;
      const w = bits === 64 || !this.alu32 ? 64 : 32;
      this.emit({ op: 'alu', w, alu: 'lsh', dst: d, src: imm(sh), span: this.span });
      this.emit({ op: 'alu', w, alu: 'arsh', dst: d, src: imm(sh), span: this.span });
      this.define(i, d);
      return;
    }
    this.emit({ op: 'ldx', size: i.width, sx: false, dst: d, base, off, span: this.span });
    this.define(i, d);
  }

  private selectStore(i: Inst & { kind: 'store' }): void {
    const { base, off } = this.address(i.ptr, i.offset);
    const toCtx = i.ptr.type.kind === 'ptr' && i.ptr.type.to === 'ctx';
    // store-immediate (BPF_ST) at v4 only, as for jset above
    if (i.value.kind === 'const' && !toCtx && this.opts.mcpu >= 4) {
      const v = i.value.value;
      const low = i.width === 8 ? BigInt.asIntN(64, v) : BigInt.asIntN(32, BigInt.asUintN(i.width * 8, v));
      if (fitsS32(low)) {
        this.emit({ op: 'st', size: i.width, base, off, value: Number(low), span: this.span });
        return;
      }
    }
    this.emit({ op: 'stx', size: i.width, base, off, src: this.reg(i.value), span: this.span });
  }

  // ---- terminators --------------------------------------------------------------------------------

  private selectTerm(b: Block): void {
    const t = b.term;
    if (!t) throw new InternalError(`select: block without terminator in @${this.f.name}`);
    this.span = t.span;
    switch (t.kind) {
      case 'br':
        this.cur.term = { kind: 'jmp', target: this.first.get(t.target) as MBlock, span: t.span };
        return;
      case 'condbr': {
        const yes = this.first.get(t.then) as MBlock;
        const no = this.first.get(t.else) as MBlock;
        if (t.cond.kind === 'const') {
          this.cur.term = { kind: 'jmp', target: t.cond.value !== 0n ? yes : no, span: t.span };
          return;
        }
        if (t.cond.kind === 'cmp' && this.fused.has(t.cond)) {
          this.emitBranch(t.cond, yes, no);
          return;
        }
        this.cur.term = { kind: 'br', w: 64, cond: 'jne', a: this.regClean(t.cond), b: imm(0), then: yes, else: no, span: t.span };
        return;
      }
      case 'ret': {
        if (t.value) {
          const v = t.value;
          if (v.kind === 'const' || v.kind === 'undef') this.emitConst(0, v.kind === 'const' ? v.value : 0n, bitsOf(v), false);
          else this.emit({ op: 'mov', w: 64, dst: 0, src: this.regClean(v), span: t.span });
        } else this.emit({ op: 'mov', w: 64, dst: 0, src: imm(0), span: t.span });
        this.cur.term = { kind: 'exit', span: t.span };
        return;
      }
      case 'switch':
      case 'unreachable':
        throw new InternalError(`select: ${t.kind} must be lowered before selection`);
      default: {
        const never: never = t;
        throw new InternalError(`select: terminator ${(never as { kind: string }).kind}`);
      }
    }
  }

  /** Ends the current block with a jump on `c` to `yes`, else `no`. */
  private emitBranch(c: Inst & { kind: 'cmp' }, yes: MBlock, no: MBlock): void {
    let a = c.a;
    let b = c.b;
    let pred = c.pred;
    if (a.kind === 'const' && b.kind !== 'const') {
      [a, b] = [b, a];
      pred = ({ eq: 'eq', ne: 'ne', ult: 'ugt', ugt: 'ult', ule: 'uge', uge: 'ule', slt: 'sgt', sgt: 'slt', sle: 'sge', sge: 'sle' } as const)[pred];
    }
    const signed = SIGNED_PREDS.has(pred);
    const bits = bitsOf(a);
    const jmp32 = this.opts.mcpu >= 3 && a.type.kind === 'int' && bits <= 32;
    const w: 32 | 64 = jmp32 ? 32 : 64;
    // (x & m) != 0  →  jset x, m
    if (a.kind === 'bin' && this.jsetAnds.has(a)) {
      const m = this.operand(a.b, w, false);
      const x = this.reg(a.a);
      this.cur.term = pred === 'ne'
        ? { kind: 'br', w, cond: 'jset', a: x, b: m, then: yes, else: no, span: this.span }
        : { kind: 'br', w, cond: 'jset', a: x, b: m, then: no, else: yes, span: this.span };
      return;
    }
    const needFull = !jmp32 ? bits < 64 : bits < 32;
    let ra: Reg;
    let rb: Operand;
    if (needFull && signed) {
      ra = this.regSext(a, w);
      rb = b.kind === 'const' ? this.signedImm(b, w) ?? this.regSext(b, w) : this.regSext(b, w);
    } else if (needFull) {
      ra = this.regClean(a);
      rb = this.operand(b, w, true);
    } else {
      ra = this.reg(a);
      rb = this.operand(b, w, false);
    }
    let cond = JCC[pred];
    let then = yes;
    let els = no;
    if (this.opts.mcpu < 2 && V2_CONDS.has(cond)) {
      if (isReg(rb)) {
        [ra, rb] = [rb, ra];
        cond = SWAP[cond];
      } else {
        cond = INVERT[cond] as JmpCond;
        [then, els] = [els, then];
      }
    }
    this.cur.term = { kind: 'br', w, cond, a: ra, b: rb, then, else: els, span: this.span };
  }

  private signedImm(c: Value & { kind: 'const' }, w: 32 | 64): Imm | undefined {
    const s = BigInt.asIntN(bitsOf(c), c.value);
    if (w === 32 || fitsS32(s)) return imm(Number(BigInt.asIntN(32, s)));
    return undefined;
  }

  // ---- phis ---------------------------------------------------------------------------------------

  private placePhiCopies(): void {
    for (const b of this.f.blocks) {
      const phis = b.insts.filter((i): i is PhiInst => i.kind === 'phi');
      if (phis.length === 0) continue;
      const target = this.first.get(b) as MBlock;
      const preds = new Set<Block>();
      for (const p of phis) for (const inc of p.incoming) preds.add(inc.block);
      for (const p of preds) {
        let at = this.last.get(p) as MBlock;
        const t = at.term;
        if (t && t.kind === 'br') {
          // critical edge: a block of its own for the copies
          const mid = this.newBlock();
          mid.term = { kind: 'jmp', target, span: t.span };
          if (t.then === target) t.then = mid;
          if (t.else === target) t.else = mid;
          at = mid;
        }
        this.cur = at;
        const moves: { dst: Reg; src: Value }[] = [];
        for (const phi of phis) {
          const inc = phi.incoming.find((x) => x.block === p);
          if (!inc) continue;
          this.span = phi.span;
          moves.push({ dst: this.vreg.get(phi) as Reg, src: inc.value });
        }
        this.parallelCopy(moves);
      }
    }
  }

  /** Emits the copies dst_i ← src_i as if simultaneous (sources read before any destination is written). */
  private parallelCopy(moves: { dst: Reg; src: Value }[]): void {
    const regMoves: { dst: Reg; src: Reg }[] = [];
    const late: { dst: Reg; src: Value }[] = [];
    for (const m of moves) {
      const r = this.vreg.get(m.src);
      if (r === undefined) late.push(m); // constants and addresses: written after the register moves
      else regMoves.push({ dst: m.dst, src: r });
    }
    const temp = (like: Reg): Reg => newVreg(this.mf, { ptr: this.mf.vregs.get(like)?.ptr ?? false });
    for (const m of sequentialize(regMoves, temp)) this.emit({ op: 'mov', w: 64, dst: m.dst, src: m.src, span: this.span });
    for (const m of late) {
      const v = m.src;
      if (v.kind === 'const' || v.kind === 'undef') this.emitConst(m.dst, v.kind === 'const' ? v.value : 0n, bitsOf(v), false);
      else if (v.kind === 'mapref') this.emit({ op: 'ldref', dst: m.dst, ref: { kind: 'map', name: v.name }, span: this.span });
      else if (v.kind === 'globalref') this.emit({ op: 'ldref', dst: m.dst, ref: { kind: 'data', symbol: v.symbol, offset: v.offset }, span: this.span });
      else if (v.kind === 'funcref') this.emit({ op: 'ldref', dst: m.dst, ref: { kind: 'callback', func: v.name }, span: this.span });
      else if (v.kind === 'alloca') {
        this.emit({ op: 'mov', w: 64, dst: m.dst, src: FP, span: this.span });
        this.emit({ op: 'alu', w: 64, alu: 'add', dst: m.dst, src: this.frameRef(v, 0), span: this.span });
      } else throw new InternalError(`select: phi input defined nowhere in @${this.f.name}`);
    }
  }
}

/** A key identifying a constant or address operand (undefined for computed values). */
function constKey(v: Value): string | undefined {
  return v.kind === 'alloca' ? `a:${v.id}` : constantKey(v);
}

/** Selects machine code for one (prepared) IR function. */
export function selectFunc(f: Func, m: Module, opts: SelectOptions): { mf: MFunc; diags: Diagnostic[] } {
  const s = new Selector(f, m, opts);
  const mf = s.run();
  return { mf, diags: s.diags };
}
