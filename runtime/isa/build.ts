// Instruction builders for the code generator and tests. In: operation names, registers and immediates.
// Out: Insn slots (ld_imm64 returns two), with opcode and variant fields taken from ISA_TABLE so the table
// stays the single source of truth. Bad arguments (register > 10, immediate out of range) are bugs in the
// caller and throw InternalError.
import { invariant } from '../errors.js';
import { BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_IDX, BPF_PSEUDO_MAP_IDX_VALUE, BPF_PSEUDO_MAP_VALUE, type Insn } from './opcodes.js';
import { ISA_BY_NAME, type AtomicOp, type IsaRow } from './table.js';

export type AluBinOp = 'add' | 'sub' | 'mul' | 'div' | 'sdiv' | 'or' | 'and' | 'lsh' | 'rsh' | 'mod' | 'smod' | 'xor' | 'mov' | 'arsh';
export type JmpCond = 'jeq' | 'jgt' | 'jge' | 'jset' | 'jne' | 'jsgt' | 'jsge' | 'jlt' | 'jle' | 'jslt' | 'jsle';
export type MemSize = 1 | 2 | 4 | 8;

const SFX: Readonly<Record<MemSize, string>> = Object.freeze({ 1: 'b', 2: 'h', 4: 'w', 8: 'dw' });

function rowNamed(name: string): IsaRow {
  const r = ISA_BY_NAME.get(name);
  invariant(r !== undefined, `isa build: no instruction ${name}`);
  return r;
}

function reg(r: number): number {
  invariant(Number.isInteger(r) && r >= 0 && r <= 10, `isa build: bad register ${r}`);
  return r;
}

function s32(v: number): number {
  invariant(Number.isInteger(v) && v >= -0x80000000 && v <= 0xffffffff, `isa build: immediate ${v} does not fit 32 bits`);
  return v | 0;
}

function s16(v: number): number {
  invariant(Number.isInteger(v) && v >= -0x8000 && v <= 0x7fff, `isa build: offset ${v} does not fit 16 bits`);
  return v;
}

/** A slot for row `name` with the given operand fields; variant fields come from the row. */
export function insnOf(name: string, f: Partial<Insn> = {}): Insn {
  const r = rowNamed(name);
  return {
    code: r.code,
    dst: f.dst ?? 0,
    src: r.match.src ?? f.src ?? 0,
    off: r.match.off ?? f.off ?? 0,
    imm: r.match.imm ?? f.imm ?? 0,
  };
}

// ---- arithmetic ----
export const alu64Imm = (op: AluBinOp, dst: number, imm: number): Insn => insnOf(`${op}_imm`, { dst: reg(dst), imm: s32(imm) });
export const alu64Reg = (op: AluBinOp, dst: number, src: number): Insn => insnOf(`${op}_reg`, { dst: reg(dst), src: reg(src) });
export const alu32Imm = (op: AluBinOp, dst: number, imm: number): Insn => insnOf(`${op}32_imm`, { dst: reg(dst), imm: s32(imm) });
export const alu32Reg = (op: AluBinOp, dst: number, src: number): Insn => insnOf(`${op}32_reg`, { dst: reg(dst), src: reg(src) });
export const mov64Imm = (dst: number, imm: number): Insn => alu64Imm('mov', dst, imm);
export const mov64Reg = (dst: number, src: number): Insn => alu64Reg('mov', dst, src);
export const mov32Imm = (dst: number, imm: number): Insn => alu32Imm('mov', dst, imm);
export const mov32Reg = (dst: number, src: number): Insn => alu32Reg('mov', dst, src);
export const neg64 = (dst: number): Insn => insnOf('neg', { dst: reg(dst) });
export const neg32 = (dst: number): Insn => insnOf('neg32', { dst: reg(dst) });
/** dst = (s8|s16|s32) src, 64-bit result. */
export const movsx64 = (dst: number, src: number, bits: 8 | 16 | 32): Insn => insnOf(`movsx${bits}64`, { dst: reg(dst), src: reg(src) });
/** dst = (u32)(s32)(s8|s16) src. */
export const movsx32 = (dst: number, src: number, bits: 8 | 16): Insn => insnOf(`movsx${bits}32`, { dst: reg(dst), src: reg(src) });
/** le16/be32/bswap64 ... */
export const endian = (kind: 'le' | 'be' | 'bswap', dst: number, bits: 16 | 32 | 64): Insn => insnOf(`${kind}${bits}`, { dst: reg(dst) });

// ---- 64-bit immediates and legacy packet loads ----
/** dst = value (two slots); `pseudo` is the src field (BPF_PSEUDO_*), `next` overrides the high word. */
export function ldImm64(dst: number, value: bigint | number, pseudo = 0): [Insn, Insn] {
  const v = BigInt.asUintN(64, BigInt(value));
  invariant(pseudo >= 0 && pseudo <= 6, `isa build: bad ld_imm64 pseudo ${pseudo}`);
  const lo = Number(v & 0xffffffffn) | 0;
  const hi = Number(v >> 32n) | 0;
  return [{ code: 0x18, dst: reg(dst), src: pseudo, off: 0, imm: lo }, { code: 0, dst: 0, src: 0, off: 0, imm: hi }];
}
export const ldMapFd = (dst: number, fd: number): [Insn, Insn] => ldImm64(dst, BigInt(fd >>> 0), BPF_PSEUDO_MAP_FD);
export const ldMapValue = (dst: number, fd: number, off: number): [Insn, Insn] =>
  ldImm64(dst, (BigInt(off >>> 0) << 32n) | BigInt(fd >>> 0), BPF_PSEUDO_MAP_VALUE);
export const ldMapIdx = (dst: number, idx: number): [Insn, Insn] => ldImm64(dst, BigInt(idx >>> 0), BPF_PSEUDO_MAP_IDX);
export const ldMapIdxValue = (dst: number, idx: number, off: number): [Insn, Insn] =>
  ldImm64(dst, (BigInt(off >>> 0) << 32n) | BigInt(idx >>> 0), BPF_PSEUDO_MAP_IDX_VALUE);
export const ldAbs = (size: 1 | 2 | 4, imm: number): Insn => insnOf(`ldabs${SFX[size]}`, { imm: s32(imm) });
export const ldInd = (size: 1 | 2 | 4, src: number, imm: number): Insn => insnOf(`ldind${SFX[size]}`, { src: reg(src), imm: s32(imm) });

// ---- memory ----
export const ldx = (size: MemSize, dst: number, src: number, off: number): Insn =>
  insnOf(`ldx${SFX[size]}`, { dst: reg(dst), src: reg(src), off: s16(off) });
/** Sign-extending load (cpu v4). */
export const ldsx = (size: 1 | 2 | 4, dst: number, src: number, off: number): Insn =>
  insnOf(`ldxs${SFX[size]}`, { dst: reg(dst), src: reg(src), off: s16(off) });
export const st = (size: MemSize, dst: number, off: number, imm: number): Insn =>
  insnOf(`st${SFX[size]}`, { dst: reg(dst), off: s16(off), imm: s32(imm) });
export const stx = (size: MemSize, dst: number, src: number, off: number): Insn =>
  insnOf(`stx${SFX[size]}`, { dst: reg(dst), src: reg(src), off: s16(off) });
/** Atomic op on *(size *)(dst + off) with src; `fetch` for add/or/and/xor (xchg and cmpxchg always fetch). */
export function atomic(size: 4 | 8, op: AtomicOp, dst: number, src: number, off: number, fetch = false): Insn {
  const w = size === 4 ? '32' : '';
  const name = op === 'xchg' || op === 'cmpxchg' ? `lock_${op}${w}` : `lock_${fetch ? 'fetch_' : ''}${op}${w}`;
  return insnOf(name, { dst: reg(dst), src: reg(src), off: s16(off) });
}

// ---- control flow ----
export const ja = (off: number): Insn => insnOf('ja', { off: s16(off) });
/** JMP32 | JA: 32-bit displacement in imm (cpu v4). */
export const gotol = (imm: number): Insn => insnOf('ja32', { imm: s32(imm) });
export const jmpImm = (op: JmpCond, dst: number, imm: number, off: number): Insn =>
  insnOf(`${op}_imm`, { dst: reg(dst), imm: s32(imm), off: s16(off) });
export const jmpReg = (op: JmpCond, dst: number, src: number, off: number): Insn =>
  insnOf(`${op}_reg`, { dst: reg(dst), src: reg(src), off: s16(off) });
export const jmp32Imm = (op: JmpCond, dst: number, imm: number, off: number): Insn =>
  insnOf(`${op}32_imm`, { dst: reg(dst), imm: s32(imm), off: s16(off) });
export const jmp32Reg = (op: JmpCond, dst: number, src: number, off: number): Insn =>
  insnOf(`${op}32_reg`, { dst: reg(dst), src: reg(src), off: s16(off) });
/** Helper call by id. */
export const call = (id: number): Insn => insnOf('call', { imm: s32(id) });
/** bpf-to-bpf call, target = pc + 1 + rel. */
export const callLocal = (rel: number): Insn => insnOf('call_local', { imm: s32(rel) });
/** Kernel function call by BTF id (`off` = fd_array index of module BTF, 0 for vmlinux). */
export const callKfunc = (btfId: number, off = 0): Insn => insnOf('call_kfunc', { imm: s32(btfId), off: s16(off) });
export const callx = (r: number): Insn => insnOf('callx', { dst: reg(r) });
export const exit = (): Insn => insnOf('exit');
