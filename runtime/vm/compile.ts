// The compiled tier: translates a predecoded Program into one JavaScript function (built with
// `new Function`) that V8 optimises: registers become local int32 pairs (l0/h0 … l10/h10), every basic
// block becomes a case of a `switch` on the block index inside a loop, constants are folded, and the
// memory gate's fast path is inlined at each access (per-instruction cached region id, as in the
// interpreter; Vm.gate is the shared slow path).
//
// Register halves are int32 numbers at all times, as in the interpreter's Int32Array registers: every
// emitted expression that writes one yields an int32 (| & ^ << >> Math.imul, >>> by at least 1, Int32
// reads). A uint32 there (x >>> 0) would still be stored correctly but compare wrongly (===, signed
// 32-bit jumps, signed division); CompileOptions.checkInt32 makes tests check it after every instruction.
//
// Exactness rules shared with interpreter.ts (the reference): the budget is charged per block on entry;
// when a block does not fit in the remaining budget the run continues in the interpreter, which
// faults at exactly the same instruction. Helper calls end their block, so a callback run by a helper
// sees the same remaining budget in both tiers. Tail calls run the target (in its own compiled
// function) in the same frame and then leave the frame as its exit would. Entries at a pc that is
// not a block start (a callx to a forged function value) continue in the interpreter.
//
// Generated function: (vm, st, pc) => void; runs from pc until the frame it was entered in exits.

import { OP, OPK } from './ops.js';
import type { Program } from './program.js';
import type { RunState, Vm } from './vm.js';
import { FRAME_STRIDE, FUNC_TAG, MAX_CALL_FRAMES } from './constants.js';
import { bswap16, bswap32, mulHi32, sdiv64, smod64, udiv64, umod64 } from './int64.js';
import { exactAddr, interpret } from './interpreter.js';
import { InternalError } from '../errors.js';

export type CompiledFn = ((vm: Vm, st: RunState, pc: number) => void) & { chunks?: number };

function bug(b: number): never {
  throw new InternalError(`compiled code entered at block ${b}, which is not in its chunk`);
}

function notInt32(pc: number, r: number, lo: number, hi: number): never {
  throw new InternalError(`compiled code left r${r} = (${lo}, ${hi}) after pc ${pc}: register halves must be int32`);
}

const RUNTIME = { bswap16, bswap32, mulHi32, sdiv64, smod64, udiv64, umod64, exactAddr, interpret, bug, notInt32 };

const isJump = (o: number): boolean => o >= OP.JA && o <= OP.JSLE32;
const endsBlock = (o: number): boolean =>
  isJump(o) || o === OP.CALL || o === OP.TAIL_CALL || o === OP.CALL_LOCAL || o === OP.CALLX || o === OP.EXIT ||
  o === OP.INVALID || o === OP.LDDW_HI || o === OP.END_OF_CODE;

/**
 * The registers a program can touch: every register named by an instruction, r0-r5 around helper and
 * tail calls, r6-r10 around bpf-to-bpf calls. Only these live in locals; the others stay in the run
 * state untouched, so syncing them would be a no-op.
 */
function usedRegisters(p: Program): number[] {
  const used = new Uint8Array(11);
  used[0] = 1;
  for (let pc = 0; pc < p.n; pc++) {
    const o = p.op[pc]! & 0xff;
    if (o === OP.INVALID || o === OP.LDDW_HI || o === OP.END_OF_CODE) continue;
    used[p.dst[pc]!] = 1;
    used[p.src[pc]!] = 1;
    if (o === OP.CALL || o === OP.TAIL_CALL || o === OP.CALLX) for (let r = 0; r <= 5; r++) used[r] = 1;
    if (o === OP.CALL_LOCAL || o === OP.CALLX || o === OP.TAIL_CALL) for (let r = 6; r <= 10; r++) used[r] = 1;
  }
  return [...used.keys()].filter((r) => used[r] === 1);
}

/** Block starts: every pc control can arrive at other than by falling through. */
function leaders(p: Program): Uint8Array {
  const lead = new Uint8Array(p.n + 1);
  lead[0] = 1;
  lead[p.n] = 1;
  for (let pc = 0; pc < p.n; pc++) {
    const o = p.op[pc]! & 0xff;
    if (isJump(o) || o === OP.CALL_LOCAL || o === OP.LDDW_FUNC) lead[p.off[pc]!] = 1;
    if (endsBlock(o)) lead[pc + 1] = 1;
    if (o === OP.LDDW || o === OP.LDDW_FUNC) pc++;
  }
  // a jump into the second slot of ld_imm64 (non-strict load) starts a block there; the ld_imm64 then
  // ends its own block so that execution after it continues at pc + 2
  for (let pc = 0; pc + 1 < p.n; pc++) {
    const o = p.op[pc]! & 0xff;
    if ((o === OP.LDDW || o === OP.LDDW_FUNC) && lead[pc + 1]) lead[pc + 2] = 1;
  }
  return lead;
}

/** Source characters per chunk function: V8 optimises functions of up to 60 KiB of bytecode only. */
const CHUNK_CHARS = 12_000;

export interface CompileOptions {
  /** source characters per chunk function (default CHUNK_CHARS; tests use tiny chunks) */
  chunkChars?: number;
  /**
   * Tests: after every instruction that writes registers, check that each written half is still an
   * int32 (what the interpreter's Int32Array registers hold) and throw InternalError otherwise.
   */
  checkInt32?: boolean;
}

/** Compiles `p` to a JavaScript function. */
export function compileProgram(p: Program, opts: CompileOptions = {}): CompiledFn {
  const chunkChars = opts.chunkChars ?? CHUNK_CHARS;
  const lead = leaders(p);
  const blockOf = new Int32Array(p.n + 1).fill(-1);
  const starts: number[] = [];
  for (let pc = 0; pc <= p.n; pc++) {
    if (lead[pc]) {
      blockOf[pc] = starts.length;
      starts.push(pc);
    }
  }
  const nb = starts.length;
  const regs = usedRegisters(p);
  const SYNC_OUT = regs.map((i) => `L[${i}]=l${i};H[${i}]=h${i};`).join('');
  const SYNC_IN = regs.map((i) => `l${i}=L[${i}];h${i}=H[${i}];`).join('');
  const endOf = (b: number): number => (b + 1 < nb ? starts[b + 1]! : p.n + 1);
  // pass 1: block sizes, then contiguous chunks of blocks small enough for V8 to optimise
  const check = opts.checkInt32 === true;
  const sizer = new Gen(p, blockOf, undefined, SYNC_OUT, SYNC_IN, check);
  const chunkOf = new Int32Array(nb);
  let chunks = 1;
  let acc = 0;
  for (let b = 0; b < nb; b++) {
    const len = sizer.block(b, starts[b]!, endOf(b)).length;
    if (acc > 0 && acc + len > chunkChars) {
      chunks++;
      acc = 0;
    }
    chunkOf[b] = chunks - 1;
    acc += len;
  }
  // pass 2: each chunk a function (vm, st, b, base) → next block, -1 when the entry frame exited, or
  // -2 - pc to continue in the interpreter at pc
  const g = new Gen(p, blockOf, chunkOf, SYNC_OUT, SYNC_IN, check);
  const fns: string[] = [];
  for (let c = 0, b = 0; c < chunks; c++) {
    const cases: string[] = [];
    for (; b < nb && chunkOf[b] === c; b++) cases.push(g.block(b, starts[b]!, endOf(b)));
    fns.push(`function chunk${c}(vm, st, b, base) {
  const L = st.L, H = st.H, t = st.t, fr = st.fr, frProg = st.frProg, mem = vm.mem, stackTop = vm.stackTop;
  let u8 = mem.u8, dv = mem.dv, rS = mem.rStart, rR = mem.rEndR, rW = mem.rEndW, rRW = mem.rEndRW;
  let ${regs.map((i) => `l${i} = L[${i}], h${i} = H[${i}]`).join(', ')};
  let budget = st.budget;
  let a = 0, r = 0, x = 0, y = 0, fb = 0, pc = 0;
  for (;;) {
    switch (b) {
${cases.join('\n')}
      default:
        return bug(b);
    }
  }
}`);
  }
  const call = chunks === 1 ? 'chunk0(vm, st, b, base)' : 'CHUNKS[chunkOf[b]](vm, st, b, base)';
  const body = `
"use strict";
const {bswap16, bswap32, mulHi32, sdiv64, smod64, udiv64, umod64, exactAddr, interpret, bug, notInt32} = RT;
${fns.join('\n')}
const CHUNKS = [${fns.map((_, c) => `chunk${c}`).join(', ')}];
return function ${safeName(p.name)}(vm, st, pc) {
  const base = st.depth;
  let b = pc >= 0 && pc < blockOf.length ? blockOf[pc] : -1;
  if (b < 0) return interpret(vm, st, prog, pc, base);
  for (;;) {
    b = ${call};
    if (b >= 0) continue;
    if (b !== -1) interpret(vm, st, prog, -2 - b, base);
    return;
  }
};`;
  const factory = new Function('RT', 'prog', 'site', 'blockOf', 'chunkOf', body) as (
    rt: typeof RUNTIME, prog: Program, site: Int32Array, blockOf: Int32Array, chunkOf: Int32Array) => CompiledFn;
  const fn = factory(RUNTIME, p, p.site, blockOf, chunkOf);
  fn.chunks = chunks;
  return fn;
}

function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_$]/g, '_');
  return 'bpf_' + (s.length > 0 ? s.slice(0, 64) : 'prog');
}

class Gen {
  private rest = 0;
  /** chunk of the block being generated */
  private chunk = 0;
  constructor(
    private readonly p: Program,
    private readonly blockOf: Int32Array,
    /** chunk of each block (undefined while sizing: every jump is taken as chunk-local) */
    private readonly chunkOf: Int32Array | undefined,
    private readonly SYNC_OUT: string,
    private readonly SYNC_IN: string,
    /** CompileOptions.checkInt32 */
    private readonly checkInt32 = false,
  ) {}

  private local(block: number): boolean {
    return this.chunkOf === undefined || this.chunkOf[block] === this.chunk;
  }

  private bl(pc: number): string {
    const s = this.p.src[pc]!;
    return (this.p.op[pc]! & OPK) !== 0 ? String(this.p.imm[pc]!) : `l${s}`;
  }
  private bh(pc: number): string {
    const s = this.p.src[pc]!;
    return (this.p.op[pc]! & OPK) !== 0 ? String(this.p.immHi[pc]!) : `h${s}`;
  }
  /** Continues at the block of `target`: in this chunk, or by returning it to the driver. */
  private goto(target: number): string {
    const tb = this.blockOf[target]!;
    if (this.local(tb)) return `b = ${tb}; continue;`;
    return `{ ${this.SYNC_OUT} st.budget = budget; return ${tb}; }`;
  }

  /** Continues at the dynamic pc in `pc` (a return address or a callx target). */
  private gotoDynamic(): string {
    if (this.chunkOf === undefined) return 'b = blockOf[pc]; continue;';
    return `b = blockOf[pc]; if (b >= 0 && chunkOf[b] === ${this.chunk}) continue;
        ${this.SYNC_OUT} st.budget = budget; return b >= 0 ? b : -2 - pc;`;
  }

  block(b: number, start: number, end: number): string {
    const p = this.p;
    const out: string[] = [];
    const pcs: number[] = [];
    let next = start;
    while (next < end) {
      pcs.push(next);
      const o = p.op[next]! & 0xff;
      next += o === OP.LDDW || o === OP.LDDW_FUNC ? 2 : 1;
    }
    if (this.chunkOf !== undefined) this.chunk = this.chunkOf[b]!;
    out.push(`      case ${b}: {`);
    if (start < p.n) {
      out.push(`        if (budget < ${pcs.length}) { ${this.SYNC_OUT} st.budget = budget; interpret(vm, st, prog, ${start}, base); return -1; }`);
      out.push(`        budget -= ${pcs.length};`);
    }
    let falls = true;
    for (let i = 0; i < pcs.length; i++) {
      const pc = pcs[i]!;
      const o = p.op[pc]! & 0xff;
      // instructions of the block after this one (refunded when a legacy packet load ends the function)
      this.rest = pcs.length - 1 - i;
      out.push(`        ${this.insn(pc)}`);
      if (this.checkInt32) out.push(`        ${this.int32Check(pc)}`);
      if (o === OP.JA || o === OP.EXIT || o === OP.CALL_LOCAL || o === OP.INVALID || o === OP.LDDW_HI ||
          o === OP.END_OF_CODE) falls = false;
    }
    // falling through: the next case is the block at `next` (blocks are emitted in pc order)
    if (falls && next <= p.n && (this.blockOf[next] !== b + 1 || !this.local(b + 1))) out.push(`        ${this.goto(next)}`);
    out.push('      }');
    return out.join('\n');
  }

  /** CompileOptions.checkInt32: the registers instruction `pc` may write hold int32 halves. */
  private int32Check(pc: number): string {
    const o = this.p.op[pc]! & 0xff;
    if (isJump(o) || o === OP.CALL_LOCAL || o === OP.EXIT || o === OP.END_OF_CODE || o === OP.INVALID || o === OP.LDDW_HI) return '';
    const regs = new Set([this.p.dst[pc]!, this.p.src[pc]!, 0]);
    return [...regs].map((r) => `if ((l${r} | 0) !== l${r} || (h${r} | 0) !== h${r}) notInt32(${pc}, ${r}, l${r}, h${r});`).join(' ');
  }

  private mem(pc: number, baseReg: number, size: number, ends: string, need: number): string {
    const off = this.p.off[pc]!;
    const addr = `a = (h${baseReg} === 0 && l${baseReg} >= 0) ? l${baseReg} + ${off} : exactAddr(l${baseReg}, h${baseReg}, ${off});`;
    return `${addr} r = site[${pc}]; if (a < rS[r] || a + ${size} > ${ends}[r]) site[${pc}] = vm.gate(prog, ${pc}, a, ${size}, ${need}, l${baseReg}, h${baseReg}, ${off});`;
  }

  private exitCode(): string {
    return `if (st.depth === base) { ${this.SYNC_OUT} st.budget = budget; return -1; }
        fb = (--st.depth) * ${FRAME_STRIDE}; l6 = fr[fb + 1]; h6 = fr[fb + 2]; l7 = fr[fb + 3]; h7 = fr[fb + 4];
        l8 = fr[fb + 5]; h8 = fr[fb + 6]; l9 = fr[fb + 7]; h9 = fr[fb + 8]; l10 = fr[fb + 9]; h10 = fr[fb + 10];
        pc = fr[fb]; ${this.gotoDynamic()}`;
  }

  private pushFrame(pc: number, retPc: number): string {
    return `if (st.depth + 1 >= ${MAX_CALL_FRAMES}) throw vm.fault(prog, ${pc}, 'call-depth', 'more than ${MAX_CALL_FRAMES} nested call frames');
        fb = st.depth * ${FRAME_STRIDE}; fr[fb] = ${retPc}; fr[fb + 1] = l6; fr[fb + 2] = h6; fr[fb + 3] = l7; fr[fb + 4] = h7;
        fr[fb + 5] = l8; fr[fb + 6] = h8; fr[fb + 7] = l9; fr[fb + 8] = h9; fr[fb + 9] = l10; fr[fb + 10] = h10;
        frProg[st.depth] = prog; st.depth++; if (st.depth > st.maxDepth) st.maxDepth = st.depth;
        l10 = stackTop[st.depth]; h10 = 0;`;
  }

  private helperCall(pc: number, id: string): string {
    return `L[1]=l1;H[1]=h1;L[2]=l2;H[2]=h2;L[3]=l3;H[3]=h3;L[4]=l4;H[4]=h4;L[5]=l5;H[5]=h5;
        st.budget = budget; vm.callHelper(prog, ${pc}, ${id}); budget = st.budget; l0 = L[0]; h0 = H[0];
        u8 = mem.u8; dv = mem.dv; rS = mem.rStart; rR = mem.rEndR; rW = mem.rEndW; rRW = mem.rEndRW;`;
  }

  private tailCall(pc: number): string {
    return `${this.SYNC_OUT} st.budget = budget; x = 0;
        { const tgt = vm.tailCall(prog, ${pc});
          if (tgt !== undefined) {
            vm.exec(tgt, 0, st.tier); budget = st.budget; ${this.SYNC_IN} x = 1;
            u8 = mem.u8; dv = mem.dv; rS = mem.rStart; rR = mem.rEndR; rW = mem.rEndW; rRW = mem.rEndRW;
          } }
        if (x === 1) { ${this.exitCode()} }`;
  }

  private insn(pc: number): string {
    const p = this.p;
    const w = p.op[pc]!;
    const o = w & 0xff;
    const k = (w & OPK) !== 0;
    const d = p.dst[pc]!;
    const s = p.src[pc]!;
    const BL = this.bl(pc);
    const BH = this.bh(pc);
    const D = `l${d}`;
    const DH = `h${d}`;
    const T = p.off[pc]!;
    const cj = (cond: string): string => `if (${cond}) { ${this.goto(T)} }`;
    const u = (e: string): string => `(${e} >>> 0)`;
    switch (o) {
      case OP.ADD64:
        return `x = (${D} + ${BL}) | 0; ${DH} = (${DH} + ${BH} + ((x >>> 0) < (${D} >>> 0) ? 1 : 0)) | 0; ${D} = x;`;
      case OP.SUB64:
        return `x = (${D} - ${BL}) | 0; ${DH} = (${DH} - ${BH} - ((${D} >>> 0) < (${BL} >>> 0) ? 1 : 0)) | 0; ${D} = x;`;
      case OP.MUL64:
        return `x = Math.imul(${D}, ${BL}); ${DH} = (mulHi32(${D}, ${BL}) + Math.imul(${D}, ${BH}) + Math.imul(${DH}, ${BL})) | 0; ${D} = x;`;
      case OP.DIV64: case OP.SDIV64: case OP.MOD64: case OP.SMOD64: {
        const fn = o === OP.DIV64 ? 'udiv64' : o === OP.SDIV64 ? 'sdiv64' : o === OP.MOD64 ? 'umod64' : 'smod64';
        const call = `${fn}(t, ${D}, ${DH}, ${BL}, ${BH}); ${D} = t[0]; ${DH} = t[1];`;
        const isDiv = o === OP.DIV64 || o === OP.SDIV64;
        if (k) return p.imm[pc] === 0 ? (isDiv ? `${D} = 0; ${DH} = 0;` : '') : call;
        return isDiv ? `if ((${BL} | ${BH}) === 0) { ${D} = 0; ${DH} = 0; } else { ${call} }` : `if ((${BL} | ${BH}) !== 0) { ${call} }`;
      }
      case OP.OR64: return `${D} |= ${BL}; ${DH} |= ${BH};`;
      case OP.AND64: return `${D} &= ${BL}; ${DH} &= ${BH};`;
      case OP.XOR64: return `${D} ^= ${BL}; ${DH} ^= ${BH};`;
      case OP.LSH64: case OP.RSH64: case OP.ARSH64: {
        const body = (n: string): [string, string] => {
          // [code for n >= 32, code for 0 < n < 32]
          if (o === OP.LSH64) return [`${DH} = ${D} << (${n} - 32); ${D} = 0;`, `${DH} = (${DH} << ${n}) | (${D} >>> (32 - ${n})); ${D} = ${D} << ${n};`];
          // x >>> 0 is a uint32, not an int32: a shift by exactly 32 needs the | 0
          if (o === OP.RSH64) return [`${D} = ${n === '32' ? DH : `(${DH} >>> (${n} - 32)) | 0`}; ${DH} = 0;`, `${D} = (${D} >>> ${n}) | (${DH} << (32 - ${n})); ${DH} = ${DH} >>> ${n};`];
          return [`${D} = ${DH} >> (${n} - 32); ${DH} = ${DH} >> 31;`, `${D} = (${D} >>> ${n}) | (${DH} << (32 - ${n})); ${DH} = ${DH} >> ${n};`];
        };
        if (k) {
          const n = p.imm[pc]! & 63;
          const [hi, lo] = body(String(n));
          return n === 0 ? '' : n >= 32 ? hi : lo;
        }
        const [hi, lo] = body('y');
        return `y = ${BL} & 63; if (y >= 32) { ${hi} } else if (y !== 0) { ${lo} }`;
      }
      case OP.NEG64: return `${DH} = (~${DH} + (${D} === 0 ? 1 : 0)) | 0; ${D} = -${D} | 0;`;
      case OP.MOV64: return `${D} = ${BL}; ${DH} = ${BH};`;
      case OP.MOVSX8_64: return `${D} = (${BL} << 24) >> 24; ${DH} = ${D} >> 31;`;
      case OP.MOVSX16_64: return `${D} = (${BL} << 16) >> 16; ${DH} = ${D} >> 31;`;
      case OP.MOVSX32_64: return `${D} = ${BL}; ${DH} = ${D} >> 31;`;
      case OP.BSWAP16: case OP.BE16: return `${D} = bswap16(${D}); ${DH} = 0;`;
      case OP.BSWAP32: case OP.BE32: return `${D} = bswap32(${D}); ${DH} = 0;`;
      case OP.BSWAP64: case OP.BE64: return `x = ${D}; ${D} = bswap32(${DH}); ${DH} = bswap32(x);`;
      case OP.LE16: return `${D} &= 0xffff; ${DH} = 0;`;
      case OP.LE32: return `${DH} = 0;`;
      case OP.LE64: return '';
      case OP.ADD32: return `${D} = (${D} + ${BL}) | 0; ${DH} = 0;`;
      case OP.SUB32: return `${D} = (${D} - ${BL}) | 0; ${DH} = 0;`;
      case OP.MUL32: return `${D} = Math.imul(${D}, ${BL}); ${DH} = 0;`;
      case OP.DIV32: return `${D} = (${BL}) === 0 ? 0 : (${u(D)} / ${u(BL)}) | 0; ${DH} = 0;`;
      case OP.SDIV32: return `${D} = (${BL}) === 0 ? 0 : (${D} / (${BL})) | 0; ${DH} = 0;`;
      case OP.MOD32: return `if ((${BL}) !== 0) ${D} = (${u(D)} % ${u(BL)}) | 0; ${DH} = 0;`;
      case OP.SMOD32: return `if ((${BL}) !== 0) ${D} = (${D} % (${BL})) | 0; ${DH} = 0;`;
      case OP.OR32: return `${D} |= ${BL}; ${DH} = 0;`;
      case OP.AND32: return `${D} &= ${BL}; ${DH} = 0;`;
      case OP.XOR32: return `${D} ^= ${BL}; ${DH} = 0;`;
      case OP.LSH32: return k ? `${D} <<= ${p.imm[pc]! & 31}; ${DH} = 0;` : `${D} <<= (${BL} & 31); ${DH} = 0;`;
      case OP.RSH32: return k ? `${D} >>>= ${p.imm[pc]! & 31}; ${D} |= 0; ${DH} = 0;` : `${D} = ${D} >>> (${BL} & 31) | 0; ${DH} = 0;`;
      case OP.ARSH32: return k ? `${D} >>= ${p.imm[pc]! & 31}; ${DH} = 0;` : `${D} >>= (${BL} & 31); ${DH} = 0;`;
      case OP.NEG32: return `${D} = -${D} | 0; ${DH} = 0;`;
      case OP.MOV32: return `${D} = ${BL}; ${DH} = 0;`;
      case OP.MOVSX8_32: return `${D} = (${BL} << 24) >> 24; ${DH} = 0;`;
      case OP.MOVSX16_32: return `${D} = (${BL} << 16) >> 16; ${DH} = 0;`;
      // jumps
      case OP.JA: return this.goto(T);
      case OP.JEQ: return cj(`${D} === ${BL} && ${DH} === ${BH}`);
      case OP.JNE: return cj(`${D} !== ${BL} || ${DH} !== ${BH}`);
      case OP.JSET: return cj(`(${D} & ${BL}) !== 0 || (${DH} & ${BH}) !== 0`);
      case OP.JGT: return cj(`${u(DH)} > ${u(BH)} || (${DH} === ${BH} && ${u(D)} > ${u(BL)})`);
      case OP.JGE: return cj(`${u(DH)} > ${u(BH)} || (${DH} === ${BH} && ${u(D)} >= ${u(BL)})`);
      case OP.JLT: return cj(`${u(DH)} < ${u(BH)} || (${DH} === ${BH} && ${u(D)} < ${u(BL)})`);
      case OP.JLE: return cj(`${u(DH)} < ${u(BH)} || (${DH} === ${BH} && ${u(D)} <= ${u(BL)})`);
      case OP.JSGT: return cj(`${DH} > ${BH} || (${DH} === ${BH} && ${u(D)} > ${u(BL)})`);
      case OP.JSGE: return cj(`${DH} > ${BH} || (${DH} === ${BH} && ${u(D)} >= ${u(BL)})`);
      case OP.JSLT: return cj(`${DH} < ${BH} || (${DH} === ${BH} && ${u(D)} < ${u(BL)})`);
      case OP.JSLE: return cj(`${DH} < ${BH} || (${DH} === ${BH} && ${u(D)} <= ${u(BL)})`);
      case OP.JEQ32: return cj(`${D} === ${BL}`);
      case OP.JNE32: return cj(`${D} !== ${BL}`);
      case OP.JSET32: return cj(`(${D} & ${BL}) !== 0`);
      case OP.JGT32: return cj(`${u(D)} > ${u(BL)}`);
      case OP.JGE32: return cj(`${u(D)} >= ${u(BL)}`);
      case OP.JLT32: return cj(`${u(D)} < ${u(BL)}`);
      case OP.JLE32: return cj(`${u(D)} <= ${u(BL)}`);
      case OP.JSGT32: return cj(`${D} > ${BL}`);
      case OP.JSGE32: return cj(`${D} >= ${BL}`);
      case OP.JSLT32: return cj(`${D} < ${BL}`);
      case OP.JSLE32: return cj(`${D} <= ${BL}`);
      // calls
      case OP.CALL: return this.helperCall(pc, String(p.imm[pc]!));
      case OP.TAIL_CALL: return this.tailCall(pc);
      case OP.CALL_LOCAL: return `${this.pushFrame(pc, pc + 1)} ${this.goto(T)}`;
      case OP.CALLX:
        return `x = vm.funcTarget(prog, ${D}, ${DH});
        if (x >= 0) { ${this.pushFrame(pc, pc + 1)} pc = x; ${this.gotoDynamic()} }
        if (${DH} !== 0 || ${D} < 0) throw vm.fault(prog, ${pc}, 'bad-call', 'callx target r${d} = 0x' + (${DH} >>> 0).toString(16) + (${D} >>> 0).toString(16).padStart(8, '0') + ' is neither a function of this program nor a helper id');
        if (${D} === 12) { ${this.tailCall(pc)} } else { ${this.helperCall(pc, D)} }`;
      case OP.EXIT: return this.exitCode();
      case OP.LDDW: return `${D} = ${p.imm[pc]!}; ${DH} = ${p.immHi[pc]!};`;
      case OP.LDDW_FUNC: return `${D} = ${T}; ${DH} = ${(FUNC_TAG | p.id) | 0};`;
      // loads
      case OP.LDXB: return `${this.mem(pc, s, 1, 'rR', 1)} ${D} = u8[a]; ${DH} = 0;`;
      case OP.LDXSB: return `${this.mem(pc, s, 1, 'rR', 1)} ${D} = (u8[a] << 24) >> 24; ${DH} = ${D} >> 31;`;
      case OP.LDXH: return `${this.mem(pc, s, 2, 'rR', 1)} ${D} = dv.getUint16(a, true); ${DH} = 0;`;
      case OP.LDXSH: return `${this.mem(pc, s, 2, 'rR', 1)} ${D} = dv.getInt16(a, true); ${DH} = ${D} >> 31;`;
      case OP.LDXW: return `${this.mem(pc, s, 4, 'rR', 1)} ${D} = dv.getInt32(a, true); ${DH} = 0;`;
      case OP.LDXSW: return `${this.mem(pc, s, 4, 'rR', 1)} ${D} = dv.getInt32(a, true); ${DH} = ${D} >> 31;`;
      case OP.LDXDW: return `${this.mem(pc, s, 8, 'rR', 1)} ${D} = dv.getInt32(a, true); ${DH} = dv.getInt32(a + 4, true);`;
      // stores
      case OP.STB: return `${this.mem(pc, d, 1, 'rW', 2)} u8[a] = ${BL};`;
      case OP.STH: return `${this.mem(pc, d, 2, 'rW', 2)} dv.setUint16(a, ${BL}, true);`;
      case OP.STW: return `${this.mem(pc, d, 4, 'rW', 2)} dv.setInt32(a, ${BL}, true);`;
      case OP.STDW: return `${this.mem(pc, d, 8, 'rW', 2)} dv.setInt32(a, ${BL}, true); dv.setInt32(a + 4, ${BH}, true);`;
      // atomics
      case OP.AADD_W: case OP.AOR_W: case OP.AAND_W: case OP.AXOR_W: case OP.AFADD_W: case OP.AFOR_W:
      case OP.AFAND_W: case OP.AFXOR_W: case OP.AXCHG_W: case OP.ACMPXCHG_W:
        return `${this.mem(pc, d, 4, 'rRW', 3)} x = dv.getInt32(a, true); ${this.atomicW(o, s)}`;
      case OP.AADD_DW: case OP.AOR_DW: case OP.AAND_DW: case OP.AXOR_DW: case OP.AFADD_DW: case OP.AFOR_DW:
      case OP.AFAND_DW: case OP.AFXOR_DW: case OP.AXCHG_DW: case OP.ACMPXCHG_DW:
        return `${this.mem(pc, d, 8, 'rRW', 3)} x = dv.getInt32(a, true); y = dv.getInt32(a + 4, true); ${this.atomicDW(o, s)}`;
      // legacy packet loads
      case OP.LDABSB: case OP.LDABSH: case OP.LDABSW: case OP.LDINDB: case OP.LDINDH: case OP.LDINDW: {
        const size = o === OP.LDABSB || o === OP.LDINDB ? 1 : o === OP.LDABSH || o === OP.LDINDH ? 2 : 4;
        const kx = o >= OP.LDINDB ? `(${p.imm[pc]!} + l${s}) | 0` : String(p.imm[pc]!);
        const read = size === 1 ? 'u8[a]' : size === 2 ? '(u8[a] << 8) | u8[a + 1]' : 'dv.getInt32(a, false)';
        return `{ const pkt = st.packet; if (pkt === undefined || !pkt.live) throw vm.noPacketFault(prog, ${pc});
        x = ${kx};
        if (x < 0 || x + ${size} > pkt.end - pkt.start) { l0 = 0; h0 = 0; budget += ${this.rest}; ${this.exitCode()} }
        a = pkt.start + x; l0 = ${read}; h0 = 0; }`;
      }
      case OP.END_OF_CODE: return `throw vm.endFault(prog, ${pc});`;
      case OP.LDDW_HI:
      case OP.INVALID:
        return `throw vm.invalidFault(prog, ${pc});`;
      default:
        throw new InternalError(`compile: unhandled op ${o} at pc ${pc}`);
    }
  }

  private atomicW(o: number, s: number): string {
    const v = `l${s}`;
    const fetch = `l${s} = x; h${s} = 0;`;
    switch (o) {
      case OP.AADD_W: return `dv.setInt32(a, (x + ${v}) | 0, true);`;
      case OP.AOR_W: return `dv.setInt32(a, x | ${v}, true);`;
      case OP.AAND_W: return `dv.setInt32(a, x & ${v}, true);`;
      case OP.AXOR_W: return `dv.setInt32(a, x ^ ${v}, true);`;
      case OP.AFADD_W: return `dv.setInt32(a, (x + ${v}) | 0, true); ${fetch}`;
      case OP.AFOR_W: return `dv.setInt32(a, x | ${v}, true); ${fetch}`;
      case OP.AFAND_W: return `dv.setInt32(a, x & ${v}, true); ${fetch}`;
      case OP.AFXOR_W: return `dv.setInt32(a, x ^ ${v}, true); ${fetch}`;
      case OP.AXCHG_W: return `dv.setInt32(a, ${v}, true); ${fetch}`;
      default: return `if (x === l0) dv.setInt32(a, ${v}, true); l0 = x; h0 = 0;`;
    }
  }

  private atomicDW(o: number, s: number): string {
    const vl = `l${s}`;
    const vh = `h${s}`;
    const store = (lo: string, hi: string): string => `dv.setInt32(a, ${lo}, true); dv.setInt32(a + 4, ${hi}, true);`;
    const fetch = `l${s} = x; h${s} = y;`;
    const add = `fb = (x + ${vl}) | 0; ${store('fb', `(y + ${vh} + ((fb >>> 0) < (x >>> 0) ? 1 : 0)) | 0`)}`;
    switch (o) {
      case OP.AADD_DW: return add;
      case OP.AOR_DW: return store(`x | ${vl}`, `y | ${vh}`);
      case OP.AAND_DW: return store(`x & ${vl}`, `y & ${vh}`);
      case OP.AXOR_DW: return store(`x ^ ${vl}`, `y ^ ${vh}`);
      case OP.AFADD_DW: return `${add} ${fetch}`;
      case OP.AFOR_DW: return `${store(`x | ${vl}`, `y | ${vh}`)} ${fetch}`;
      case OP.AFAND_DW: return `${store(`x & ${vl}`, `y & ${vh}`)} ${fetch}`;
      case OP.AFXOR_DW: return `${store(`x ^ ${vl}`, `y ^ ${vh}`)} ${fetch}`;
      case OP.AXCHG_DW: return `${store(vl, vh)} ${fetch}`;
      default: return `if (x === l0 && y === h0) { ${store(vl, vh)} } l0 = x; h0 = y;`;
    }
  }
}
