// The predecoder: raw instruction slots (RFC 9669 §3-§5) in, a Program out: flat typed arrays the
// interpreter and the code generator read (internal op, dst, src, offset or absolute jump target,
// immediate low/high words), one entry per slot plus a sentinel after the last one.
//
// Validation: every instruction is checked against RFC 9669 (opcode, reserved fields, cpu version,
// registers, ld_imm64 pairs, jump and call targets inside the program and not into the second slot of
// ld_imm64). In strict mode (the default) the first problem rejects the load with a VmFault of kind
// 'invalid-insn' (runtime/isa's validator decides first, then the VM's own limits below); otherwise the
// offending instruction becomes INVALID and faults only if reached (the predecoder's own checks, which
// a test keeps in agreement with runtime/isa).
//
// ld_imm64 must be linked: src 0 (plain 64-bit immediate) or 4 (BPF_PSEUDO_FUNC, a callback address);
// map and BTF pseudo forms are the loader's to resolve. call src 0 = helper (imm 12 = tail call), src 1
// = bpf-to-bpf call to pc + imm + 1; kfunc calls (src 2) are not supported. callx (0x8d) calls
// through register dst.

import type { Insn } from '../isa/opcodes.js';
import { findIsaErrors } from '../isa/index.js';
import { OP, OPK } from './ops.js';
import { BPF_FUNC_tail_call } from './helpers.js';
import type { SourceLine } from './fault.js';

export type CpuVersion = 1 | 2 | 3 | 4;

/** A line-info record: instructions from `pc` up to the next record's pc come from this source line. */
export interface LineInfo extends SourceLine {
  pc: number;
}

export interface ProgramSource {
  /** the flat, linked program (subprograms appended, calls pc-relative) */
  insns: readonly Insn[];
  name?: string;
  lineInfo?: readonly LineInfo[];
  /** program type (e.g. 'xdp'); informational for helpers */
  progType?: string;
}

export interface DecodeOptions {
  /** highest cpu version accepted (default 4) */
  cpu?: CpuVersion;
  /** reject invalid instructions at load (default) instead of faulting when they are reached */
  strict?: boolean;
}

/** The first problem found in a program: slot index and description. */
export interface DecodeProblem {
  pc: number;
  detail: string;
}

export class Program {
  /** compiled-tier function, created on first use by the VM */
  compiled: unknown = undefined;
  /** instructions executed by runs that started in this program (drives the 'auto' tier) */
  executed = 0;
  /** per-instruction cache of the region id last accessed (memory gate fast path) */
  readonly site: Int32Array;
  constructor(
    readonly id: number,
    readonly name: string,
    readonly insns: readonly Insn[],
    readonly n: number,
    readonly op: Int32Array,
    readonly dst: Uint8Array,
    readonly src: Uint8Array,
    readonly off: Int32Array,
    readonly imm: Int32Array,
    readonly immHi: Int32Array,
    readonly lineInfo: readonly LineInfo[],
    readonly progType: string | undefined,
    /** first problem found when decoded non-strictly */
    readonly problems: readonly DecodeProblem[],
  ) {
    this.site = new Int32Array(n + 1);
  }

  /** The source line of the instruction at `pc`, if line info covers it. */
  sourceAt(pc: number): SourceLine | undefined {
    let best: LineInfo | undefined;
    for (const li of this.lineInfo) {
      if (li.pc <= pc && (best === undefined || li.pc >= best.pc)) best = li;
    }
    if (best === undefined) return undefined;
    const { file, line, col, text } = best;
    return { file, line, ...(col !== undefined ? { col } : {}), ...(text !== undefined ? { text } : {}) };
  }
}

const ALU_OPS64 = [OP.ADD64, OP.SUB64, OP.MUL64, OP.DIV64, OP.OR64, OP.AND64, OP.LSH64, OP.RSH64, OP.NEG64,
  OP.MOD64, OP.XOR64, OP.MOV64, OP.ARSH64];
const ALU_OPS32 = [OP.ADD32, OP.SUB32, OP.MUL32, OP.DIV32, OP.OR32, OP.AND32, OP.LSH32, OP.RSH32, OP.NEG32,
  OP.MOD32, OP.XOR32, OP.MOV32, OP.ARSH32];
// jump op (code >> 4) → internal op for 64-bit compares; -1 = not a conditional jump
const JMP_OPS64 = [-1, OP.JEQ, OP.JGT, OP.JGE, OP.JSET, OP.JNE, OP.JSGT, OP.JSGE, -1, -1, OP.JLT, OP.JLE,
  OP.JSLT, OP.JSLE, -1, -1];
const JMP_OPS32 = [-1, OP.JEQ32, OP.JGT32, OP.JGE32, OP.JSET32, OP.JNE32, OP.JSGT32, OP.JSGE32, -1, -1,
  OP.JLT32, OP.JLE32, OP.JSLT32, OP.JSLE32, -1, -1];
const ATOMIC_W: Record<number, number> = {
  0x00: OP.AADD_W, 0x40: OP.AOR_W, 0x50: OP.AAND_W, 0xa0: OP.AXOR_W, 0x01: OP.AFADD_W, 0x41: OP.AFOR_W,
  0x51: OP.AFAND_W, 0xa1: OP.AFXOR_W, 0xe1: OP.AXCHG_W, 0xf1: OP.ACMPXCHG_W,
};
const ATOMIC_DW: Record<number, number> = {
  0x00: OP.AADD_DW, 0x40: OP.AOR_DW, 0x50: OP.AAND_DW, 0xa0: OP.AXOR_DW, 0x01: OP.AFADD_DW, 0x41: OP.AFOR_DW,
  0x51: OP.AFAND_DW, 0xa1: OP.AFXOR_DW, 0xe1: OP.AXCHG_DW, 0xf1: OP.ACMPXCHG_DW,
};
const LDX_MEM: Record<number, number> = { 0x61: OP.LDXW, 0x69: OP.LDXH, 0x71: OP.LDXB, 0x79: OP.LDXDW };
const LDX_MEMSX: Record<number, number> = { 0x81: OP.LDXSW, 0x89: OP.LDXSH, 0x91: OP.LDXSB };
const ST_MEM: Record<number, number> = { 0x62: OP.STW, 0x6a: OP.STH, 0x72: OP.STB, 0x7a: OP.STDW };
const STX_MEM: Record<number, number> = { 0x63: OP.STW, 0x6b: OP.STH, 0x73: OP.STB, 0x7b: OP.STDW };
const LD_PKT: Record<number, number> = { 0x20: OP.LDABSW, 0x28: OP.LDABSH, 0x30: OP.LDABSB, 0x40: OP.LDINDW,
  0x48: OP.LDINDH, 0x50: OP.LDINDB };

interface Decoded {
  op: number;
  /** target pc for jumps/calls/pseudo-func (absolute), or memory offset */
  off: number;
  imm: number;
  immHi: number;
  cpu: CpuVersion;
}

class Reject {
  constructor(readonly detail: string) {}
}

/** Decodes one instruction (and the next slot for ld_imm64); returns a Reject for invalid input. */
function decodeOne(insns: readonly Insn[], pc: number): Decoded | Reject {
  const x = insns[pc]!;
  const { code, dst, src, off, imm } = x;
  const cls = code & 7;
  if (dst > 10 || src > 10) return new Reject(`bad register (dst r${dst}, src r${src})`);
  const zero = (fields: [string, number][]): Reject | undefined => {
    for (const [name, v] of fields) if (v !== 0) return new Reject(`reserved field ${name} is ${v}, must be 0`);
    return undefined;
  };
  const ok = (op: number, o: number, i: number, ih: number, cpu: CpuVersion): Decoded => ({ op, off: o, imm: i, immHi: ih, cpu });
  switch (cls) {
    case 0x04: // BPF_ALU
    case 0x07: { // BPF_ALU64
      const is64 = cls === 0x07;
      const opn = code >> 4;
      const isX = (code & 0x08) !== 0;
      if (opn === 0x0d) { // BPF_END
        if (imm !== 16 && imm !== 32 && imm !== 64) return new Reject(`byte swap width ${imm} (must be 16, 32 or 64)`);
        const r = zero([['src', src], ['off', off]]);
        if (r) return r;
        if (is64) {
          if (isX) return new Reject('ALU64 BPF_END with BPF_X source is undefined');
          return ok(imm === 16 ? OP.BSWAP16 : imm === 32 ? OP.BSWAP32 : OP.BSWAP64, 0, 0, 0, 4);
        }
        const op = isX ? (imm === 16 ? OP.BE16 : imm === 32 ? OP.BE32 : OP.BE64) : imm === 16 ? OP.LE16 : imm === 32 ? OP.LE32 : OP.LE64;
        return ok(op, 0, 0, 0, 1);
      }
      if (opn > 0x0c) return new Reject(`unknown ALU operation 0x${(opn << 4).toString(16)}`);
      let op: number = (is64 ? ALU_OPS64 : ALU_OPS32)[opn]!;
      if (opn === 0x08) { // NEG: K only, everything else zero
        if (isX) return new Reject('BPF_NEG with BPF_X source is undefined');
        const r = zero([['src', src], ['off', off], ['imm', imm]]);
        return r ?? ok(op, 0, 0, 0, 1);
      }
      let cpu: CpuVersion = 1;
      if (opn === 0x03 || opn === 0x09) { // DIV, MOD: off 0 unsigned, 1 signed (v4)
        if (off === 1) {
          op = opn === 0x03 ? (is64 ? OP.SDIV64 : OP.SDIV32) : is64 ? OP.SMOD64 : OP.SMOD32;
          cpu = 4;
        } else if (off !== 0) return new Reject(`offset ${off} of div/mod must be 0 or 1`);
      } else if (opn === 0x0b && isX && off !== 0) { // MOVSX
        if (off === 8) op = is64 ? OP.MOVSX8_64 : OP.MOVSX8_32;
        else if (off === 16) op = is64 ? OP.MOVSX16_64 : OP.MOVSX16_32;
        else if (off === 32 && is64) op = OP.MOVSX32_64;
        else return new Reject(`movsx offset ${off} is undefined`);
        cpu = 4;
      } else if (off !== 0) return new Reject(`reserved field off is ${off}, must be 0`);
      if (isX) {
        const r = zero([['imm', imm]]);
        return r ?? ok(op, 0, 0, 0, cpu);
      }
      const r = zero([['src', src]]);
      return r ?? ok(op | OPK, 0, imm, imm >> 31, cpu);
    }
    case 0x05: // BPF_JMP
    case 0x06: { // BPF_JMP32
      const is32 = cls === 0x06;
      const opn = code >> 4;
      const isX = (code & 0x08) !== 0;
      if (opn === 0x00) { // JA
        if (isX) return new Reject('BPF_JA with BPF_X source is undefined');
        if (is32) { // gotol: imm is the offset
          const r = zero([['dst', dst], ['src', src], ['off', off]]);
          return r ?? ok(OP.JA, pc + imm + 1, 0, 0, 4);
        }
        const r = zero([['dst', dst], ['src', src], ['imm', imm]]);
        return r ?? ok(OP.JA, pc + off + 1, 0, 0, 1);
      }
      if (opn === 0x08) { // CALL
        if (is32) return new Reject('BPF_JMP32 | BPF_CALL is undefined');
        if (isX) { // callx
          const r = zero([['src', src], ['off', off], ['imm', imm]]);
          return r ?? ok(OP.CALLX, 0, 0, 0, 1);
        }
        if (src === 0) {
          const r = zero([['dst', dst], ['off', off]]);
          return r ?? ok(imm === BPF_FUNC_tail_call ? OP.TAIL_CALL : OP.CALL, 0, imm, 0, 1);
        }
        if (src === 1) {
          const r = zero([['dst', dst], ['off', off]]);
          return r ?? ok(OP.CALL_LOCAL, pc + imm + 1, 0, 0, 3);
        }
        if (src === 2) return new Reject('kfunc calls (call src 2) are not supported');
        return new Reject(`call with src ${src} is undefined`);
      }
      if (opn === 0x09) { // EXIT
        if (is32 || isX) return new Reject('exit must be BPF_JMP | BPF_EXIT | BPF_K');
        const r = zero([['dst', dst], ['src', src], ['off', off], ['imm', imm]]);
        return r ?? ok(OP.EXIT, 0, 0, 0, 1);
      }
      const op = (is32 ? JMP_OPS32 : JMP_OPS64)[opn]!;
      if (op < 0) return new Reject(`unknown jump operation 0x${(opn << 4).toString(16)}`);
      const cpu: CpuVersion = is32 ? 3 : opn >= 0x0a ? 2 : 1;
      if (isX) {
        const r = zero([['imm', imm]]);
        return r ?? ok(op, pc + off + 1, 0, 0, cpu);
      }
      const r = zero([['src', src]]);
      return r ?? ok(op | OPK, pc + off + 1, imm, imm >> 31, cpu);
    }
    case 0x00: { // BPF_LD
      if (code === 0x18) {
        const next = insns[pc + 1];
        if (next === undefined) return new Reject('ld_imm64 is missing its second slot');
        if (next.code !== 0 || next.dst !== 0 || next.src !== 0 || next.off !== 0) {
          return new Reject('second slot of ld_imm64 must have code, registers and offset 0');
        }
        const r = zero([['off', off]]);
        if (r) return r;
        if (src === 0) return ok(OP.LDDW, 0, imm, next.imm, 1);
        if (src === 4) {
          if (next.imm !== 0) return new Reject('BPF_PSEUDO_FUNC ld_imm64 must have high immediate 0');
          return ok(OP.LDDW_FUNC, pc + imm + 1, 0, 0, 1);
        }
        if (src <= 6) return new Reject(`unresolved ld_imm64 pseudo source ${src}: the loader must relocate it`);
        return new Reject(`ld_imm64 with src ${src} is undefined`);
      }
      const op = LD_PKT[code];
      if (op === undefined) return new Reject(`unknown BPF_LD opcode 0x${code.toString(16)}`);
      const r = (code & 0xe0) === 0x20 ? zero([['dst', dst], ['src', src], ['off', off]]) : zero([['dst', dst], ['off', off]]);
      return r ?? ok(op, 0, imm, 0, 1);
    }
    case 0x01: { // BPF_LDX
      const op = LDX_MEM[code] ?? LDX_MEMSX[code];
      if (op === undefined) return new Reject(`unknown BPF_LDX opcode 0x${code.toString(16)}`);
      const r = zero([['imm', imm]]);
      return r ?? ok(op, off, 0, 0, LDX_MEM[code] === undefined ? 4 : 1);
    }
    case 0x02: { // BPF_ST
      const op = ST_MEM[code];
      if (op === undefined) return new Reject(`unknown BPF_ST opcode 0x${code.toString(16)}`);
      const r = zero([['src', src]]);
      return r ?? ok(op | OPK, off, imm, imm >> 31, 1);
    }
    case 0x03: { // BPF_STX
      const op = STX_MEM[code];
      if (op !== undefined) {
        const r = zero([['imm', imm]]);
        return r ?? ok(op, off, 0, 0, 1);
      }
      if (code === 0xc3 || code === 0xdb) {
        const aop = (code === 0xc3 ? ATOMIC_W : ATOMIC_DW)[imm];
        if (aop === undefined) return new Reject(`unknown atomic operation imm 0x${(imm >>> 0).toString(16)}`);
        return ok(aop, off, 0, 0, 3);
      }
      return new Reject(`unknown BPF_STX opcode 0x${code.toString(16)}`);
    }
  }
  return new Reject(`unknown opcode 0x${code.toString(16)}`);
}

/**
 * Predecodes `source` into a Program with the given id. Returns the Program, or in strict mode the
 * first problem (the caller turns it into a VmFault).
 */
export function decodeProgram(source: ProgramSource, id: number, opts: DecodeOptions = {}): Program | DecodeProblem {
  const cpu = opts.cpu ?? 4;
  const strict = opts.strict ?? true;
  const insns = source.insns;
  const n = insns.length;
  const op = new Int32Array(n + 1);
  const dst = new Uint8Array(n + 1);
  const src = new Uint8Array(n + 1);
  const off = new Int32Array(n + 1);
  const imm = new Int32Array(n + 1);
  const immHi = new Int32Array(n + 1);
  const problems: DecodeProblem[] = [];
  const isHalf = new Uint8Array(n + 1);
  const fail = (pc: number, detail: string): DecodeProblem | undefined => {
    problems.push({ pc, detail });
    op[pc] = OP.INVALID;
    return strict ? { pc, detail } : undefined;
  };
  if (n === 0 && strict) return { pc: 0, detail: 'empty program' };
  if (strict) {
    // runtime/isa is the reference for what is a valid instruction; its messages name the row
    const errs = findIsaErrors(insns, { cpu }, 1);
    if (errs.length > 0) return { pc: errs[0]!.pc ?? 0, detail: errs[0]!.detail };
  }
  for (let pc = 0; pc < n; pc++) {
    const d = decodeOne(insns, pc);
    const x = insns[pc]!;
    dst[pc] = x.dst & 15;
    src[pc] = x.src & 15;
    if (d instanceof Reject) {
      const p = fail(pc, d.detail);
      if (p) return p;
      continue;
    }
    if (d.cpu > cpu) {
      const p = fail(pc, `instruction needs cpu v${d.cpu} (selected v${cpu})`);
      if (p) return p;
      continue;
    }
    op[pc] = d.op;
    off[pc] = d.off;
    imm[pc] = d.imm;
    immHi[pc] = d.immHi;
    if (d.op === OP.LDDW || d.op === OP.LDDW_FUNC) {
      isHalf[pc + 1] = 1;
      op[pc + 1] = OP.LDDW_HI;
      pc++;
    }
  }
  op[n] = OP.END_OF_CODE;
  // control-flow targets: inside the program, not into the second slot of ld_imm64
  for (let pc = 0; pc < n; pc++) {
    const o = op[pc]! & 0xff;
    const isJump = (o >= OP.JA && o <= OP.JSLE32) || o === OP.CALL_LOCAL || o === OP.LDDW_FUNC;
    if (!isJump) continue;
    const t = off[pc]!;
    let bad: string | undefined;
    if (t < 0 || t >= n) bad = `${o === OP.CALL_LOCAL ? 'call' : o === OP.LDDW_FUNC ? 'function reference' : 'jump'} target ${t} is outside the program (0..${n - 1})`;
    else if (isHalf[t]) bad = `target ${t} is the second slot of ld_imm64`;
    if (bad !== undefined) {
      if (strict) return { pc, detail: bad };
      problems.push({ pc, detail: bad });
      // non-strict: the jump goes to the sentinel, which faults when reached
      off[pc] = n;
    }
  }
  return new Program(id, source.name ?? 'prog', insns, n, op, dst, src, off, imm, immHi,
    [...(source.lineInfo ?? [])].sort((a, b) => a.pc - b.pc), source.progType, problems);
}
