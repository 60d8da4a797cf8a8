// Machine IR: eBPF instructions over virtual registers, in blocks, between instruction selection and
// encoding. Registers 0–10 are the physical r0–r10; numbers ≥ FIRST_VREG are virtual. Arithmetic is
// two-address like the ISA (`dst op= src`). Stack addresses are symbolic (`FrameRef`: a frame object
// plus a byte offset) until the frame is laid out. Terminators: jump, conditional branch, exit.
// Also: the uses/defs of every instruction (with the calling convention's clobbers) and a printer.
import { InternalError } from '../../runtime/errors.js';
import type { AluBinOp, JmpCond, MemSize } from '../../runtime/isa/index.js';
import type { Span } from '../ir/index.js';

export type Reg = number;
export const FP = 10;
export const FIRST_VREG = 16;
export const ARG_REGS = [1, 2, 3, 4, 5] as const;
/** r0–r5: clobbered by every call. */
export const CALLER_SAVED = [0, 1, 2, 3, 4, 5] as const;

/** A byte offset into a frame object (alloca or spill slot), resolved by the frame layout. */
export interface FrameRef {
  readonly kind: 'frame';
  readonly slot: number;
  readonly add: number;
}
export interface ImmVal {
  readonly kind: 'imm';
  readonly value: number;
}
export type Imm = ImmVal | FrameRef;
export type Operand = Reg | Imm;

export const imm = (value: number): ImmVal => ({ kind: 'imm', value });
export const isReg = (o: Operand): o is Reg => typeof o === 'number';

/** A relocation request carried by ld_imm64 or call. */
export type RelocRef =
  | { readonly kind: 'map'; readonly name: string }
  | { readonly kind: 'data'; readonly symbol: string; readonly offset: number }
  | { readonly kind: 'callback'; readonly func: string };

export type MInst =
  | { op: 'alu'; w: 32 | 64; alu: AluBinOp; dst: Reg; src: Operand; span: Span }
  | { op: 'mov'; w: 32 | 64; dst: Reg; src: Operand; span: Span }
  | { op: 'neg'; w: 32 | 64; dst: Reg; span: Span }
  | { op: 'movsx'; w: 32 | 64; bits: 8 | 16 | 32; dst: Reg; src: Reg; span: Span }
  | { op: 'end'; kind: 'le' | 'be' | 'bswap'; bits: 16 | 32 | 64; dst: Reg; span: Span }
  | { op: 'ld64'; dst: Reg; value: bigint; span: Span }
  | { op: 'ldref'; dst: Reg; ref: RelocRef; span: Span }
  | { op: 'ldx'; size: MemSize; sx: boolean; dst: Reg; base: Reg; off: Operand; span: Span }
  | { op: 'st'; size: MemSize; base: Reg; off: Operand; value: number; span: Span }
  | { op: 'stx'; size: MemSize; base: Reg; off: Operand; src: Reg; span: Span }
  | {
      op: 'atomic';
      size: 4 | 8;
      aop: 'add' | 'or' | 'and' | 'xor' | 'xchg' | 'cmpxchg';
      fetch: boolean;
      base: Reg;
      off: Operand;
      src: Reg;
      span: Span;
    }
  | { op: 'call'; target: { kind: 'helper'; id: number } | { kind: 'func'; name: string }; nargs: number; span: Span }
  /** BPF_LD_ABS (src null) / BPF_LD_IND: r0 = ntoh(packet[src + imm]); needs the ctx in r6, clobbers r1-r5. */
  | { op: 'ldpkt'; size: 1 | 2 | 4; src: Reg | null; imm: number; span: Span };

export type MTerm =
  | { kind: 'jmp'; target: MBlock; span: Span }
  | { kind: 'br'; w: 32 | 64; cond: JmpCond; a: Reg; b: Operand; then: MBlock; else: MBlock; span: Span }
  | { kind: 'exit'; span: Span };

export interface MBlock {
  id: number;
  insts: MInst[];
  term: MTerm | null;
  /** Loop nesting depth (for spill costs). */
  depth: number;
}

export interface VRegInfo {
  /** Holds a pointer (never used with 32-bit ALU ops; spilled as 8 bytes like everything else). */
  ptr: boolean;
  /** Defined once by these instructions, which can be re-emitted instead of spilling (constant,
   *  ld_imm64, frame address r10 + k). */
  remat?: MInst[];
}

export interface FrameObject {
  size: number;
  align: number;
  /** Spill slot (8 bytes) rather than an alloca. */
  spill: boolean;
  name?: string;
  /** Where the object is declared (allocas). */
  span?: Span;
  /** Index of the frame object whose bytes this one shares (lifetimes never overlap). */
  sharedWith?: number;
  /** Resolved offset from r10 (negative), set by the frame layout. */
  offset?: number;
}

export interface MFunc {
  name: string;
  blocks: MBlock[];
  vregs: Map<Reg, VRegInfo>;
  nextVreg: number;
  frame: FrameObject[];
  span: Span;
}

export function newVreg(f: MFunc, info: VRegInfo = { ptr: false }): Reg {
  const r = f.nextVreg++;
  f.vregs.set(r, info);
  return r;
}

export function mSuccessors(t: MTerm | null): MBlock[] {
  if (!t) return [];
  switch (t.kind) {
    case 'jmp':
      return [t.target];
    case 'br':
      return t.then === t.else ? [t.then] : [t.then, t.else];
    case 'exit':
      return [];
    default: {
      const never: never = t;
      throw new InternalError(`mSuccessors: ${(never as MTerm).kind}`);
    }
  }
}

const regsOf = (o: Operand): Reg[] => (isReg(o) ? [o] : []);

/** Registers read by an instruction. */
export function usesOf(i: MInst): Reg[] {
  switch (i.op) {
    case 'alu':
      return [i.dst, ...regsOf(i.src)];
    case 'mov':
      return regsOf(i.src);
    case 'neg':
    case 'end':
      return [i.dst];
    case 'movsx':
      return [i.src];
    case 'ld64':
    case 'ldref':
      return [];
    case 'ldx':
      return [i.base];
    case 'st':
      return [i.base];
    case 'stx':
      return [i.base, i.src];
    case 'atomic':
      return i.aop === 'cmpxchg' ? [i.base, i.src, 0] : [i.base, i.src];
    case 'call':
      return ARG_REGS.slice(0, i.nargs);
    case 'ldpkt':
      return i.src === null ? [6] : [6, i.src];
    default: {
      const never: never = i;
      throw new InternalError(`usesOf: ${(never as MInst).op}`);
    }
  }
}

/** Registers written by an instruction (calls: every caller-saved register). */
export function defsOf(i: MInst): Reg[] {
  switch (i.op) {
    case 'alu':
    case 'mov':
    case 'neg':
    case 'movsx':
    case 'end':
    case 'ld64':
    case 'ldref':
    case 'ldx':
      return [i.dst];
    case 'st':
    case 'stx':
      return [];
    case 'atomic':
      if (i.aop === 'cmpxchg') return [0];
      return i.fetch ? [i.src] : [];
    case 'call':
    case 'ldpkt':
      return [...CALLER_SAVED];
    default: {
      const never: never = i;
      throw new InternalError(`defsOf: ${(never as MInst).op}`);
    }
  }
}

export function termUses(t: MTerm): Reg[] {
  switch (t.kind) {
    case 'jmp':
      return [];
    case 'br':
      return [t.a, ...regsOf(t.b)];
    case 'exit':
      return [0];
    default: {
      const never: never = t;
      throw new InternalError(`termUses: ${(never as MTerm).kind}`);
    }
  }
}

/** A register-to-register 64-bit move (a coalescing candidate). */
export function isCopy(i: MInst): i is MInst & { op: 'mov'; src: Reg } {
  return i.op === 'mov' && i.w === 64 && isReg(i.src);
}

/** Rewrites every register of `i` through `f` (uses and defs alike). */
export function mapRegs(i: MInst, f: (r: Reg) => Reg): void {
  const o = (x: Operand): Operand => (isReg(x) ? f(x) : x);
  switch (i.op) {
    case 'alu':
    case 'mov':
      i.dst = f(i.dst);
      i.src = o(i.src);
      return;
    case 'neg':
    case 'end':
    case 'ld64':
    case 'ldref':
      i.dst = f(i.dst);
      return;
    case 'movsx':
      i.dst = f(i.dst);
      i.src = f(i.src);
      return;
    case 'ldx':
      i.dst = f(i.dst);
      i.base = f(i.base);
      return;
    case 'st':
      i.base = f(i.base);
      return;
    case 'stx':
    case 'atomic':
      i.base = f(i.base);
      i.src = f(i.src);
      return;
    case 'call':
      return;
    case 'ldpkt':
      if (i.src !== null) i.src = f(i.src);
      return;
    default: {
      const never: never = i;
      throw new InternalError(`mapRegs: ${(never as MInst).op}`);
    }
  }
}

export function mapTermRegs(t: MTerm, f: (r: Reg) => Reg): void {
  if (t.kind === 'br') {
    t.a = f(t.a);
    if (isReg(t.b)) t.b = f(t.b);
  }
}

// ---------------------------------------------------------------------------------------------------
// Printer (for debugging and golden tests of selection)

export function regName(r: Reg, w: 32 | 64 = 64): string {
  if (r < FIRST_VREG) return `${w === 32 ? 'w' : 'r'}${r}`;
  return `${w === 32 ? 'w' : 'v'}${r}`;
}

function opnd(o: Operand, w: 32 | 64 = 64): string {
  if (isReg(o)) return regName(o, w);
  return o.kind === 'imm' ? `${o.value}` : `fp[${o.slot}]${o.add ? `+${o.add}` : ''}`;
}

const ALU_SYM: Record<AluBinOp, string> = {
  add: '+=', sub: '-=', mul: '*=', div: '/=', sdiv: 's/=', or: '|=', and: '&=', lsh: '<<=', rsh: '>>=', mod: '%=', smod: 's%=', xor: '^=', mov: '=', arsh: 's>>=',
};
const JMP_SYM: Record<JmpCond, string> = {
  jeq: '==', jne: '!=', jgt: '>', jge: '>=', jlt: '<', jle: '<=', jsgt: 's>', jsge: 's>=', jslt: 's<', jsle: 's<=', jset: '&',
};

export function printMInst(i: MInst): string {
  switch (i.op) {
    case 'alu':
      return `${regName(i.dst, i.w)} ${ALU_SYM[i.alu]} ${opnd(i.src, i.w)}`;
    case 'mov':
      return `${regName(i.dst, i.w)} = ${opnd(i.src, i.w)}`;
    case 'neg':
      return `${regName(i.dst, i.w)} = -${regName(i.dst, i.w)}`;
    case 'movsx':
      return `${regName(i.dst, i.w)} = (s${i.bits})${regName(i.src, i.w)}`;
    case 'end':
      return `${regName(i.dst)} = ${i.kind}${i.bits} ${regName(i.dst)}`;
    case 'ld64':
      return `${regName(i.dst)} = ${i.value} ll`;
    case 'ldref':
      return `${regName(i.dst)} = ${i.ref.kind === 'map' ? `map ${i.ref.name}` : i.ref.kind === 'data' ? `data ${i.ref.symbol}+${i.ref.offset}` : `func ${i.ref.func}`} ll`;
    case 'ldx':
      return `${regName(i.dst)} = *(${i.sx ? 's' : 'u'}${i.size * 8} *)(${regName(i.base)} + ${opnd(i.off)})`;
    case 'st':
      return `*(u${i.size * 8} *)(${regName(i.base)} + ${opnd(i.off)}) = ${i.value}`;
    case 'stx':
      return `*(u${i.size * 8} *)(${regName(i.base)} + ${opnd(i.off)}) = ${regName(i.src, i.size === 8 ? 64 : 32)}`;
    case 'atomic':
      return `lock ${i.fetch ? 'fetch ' : ''}${i.aop} *(u${i.size * 8} *)(${regName(i.base)} + ${opnd(i.off)}), ${regName(i.src)}`;
    case 'call':
      return `call ${i.target.kind === 'helper' ? i.target.id : i.target.name} (${i.nargs} args)`;
    case 'ldpkt':
      return `r0 = *(u${i.size * 8} *)skb[${i.src === null ? '' : `${regName(i.src)} + `}${i.imm}]`;
    default: {
      const never: never = i;
      return `<${(never as MInst).op}>`;
    }
  }
}

export function printMFunc(f: MFunc): string {
  const out = [`${f.name}:`];
  for (const b of f.blocks) {
    out.push(`bb${b.id}:`);
    for (const i of b.insts) out.push(`  ${printMInst(i)}`);
    const t = b.term;
    if (!t) out.push('  <no terminator>');
    else if (t.kind === 'jmp') out.push(`  goto bb${t.target.id}`);
    else if (t.kind === 'exit') out.push('  exit');
    else out.push(`  if ${regName(t.a, t.w)} ${JMP_SYM[t.cond]} ${opnd(t.b, t.w)} goto bb${t.then.id} else bb${t.else.id}`);
  }
  return out.join('\n') + '\n';
}
