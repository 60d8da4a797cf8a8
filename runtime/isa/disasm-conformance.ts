// Disassembler in the syntax of the bpf_conformance suite's assembler (/work/shared/conformance `-- asm`
// sections). In: instruction slots. Out: `add32 %r0, 1`, `ldxw %r0, [%r1+4]`, `lddw %r0, 0x1122334455667788`,
// `jne %r0, 15, +3`, `call local +3`, `lock fetch add32 [%r10-4], %r1`, `movsx832 %r0, %r1`, ... Numbers
// follow the suite's own disassembler: negative and small immediates decimal, others unsigned hex.
// Extensions for encodings the suite cannot write: `lddw %r1, map_value 7, 9` (ld_imm64 pseudos, with
// an optional second-slot immediate), `ldabsw 12` / `ldindw %r2, 12` (legacy packet loads, uBPF's
// spelling), `call runtime 5, 1` (kfunc with a non-zero off).
import type { Insn } from './opcodes.js';
import { lookup } from './lookup.js';
import { Form, LD_IMM64_PSEUDO, type IsaRow } from './table.js';
import { fmtConfImm, fmtConfMem, imm64Of } from './format.js';
import type { DisasmLine } from './disasm.js';

export interface ConformanceDisasmOptions {
  /** Names a jump or local-call target pc; the name replaces the `+N` displacement. */
  symbolize?: (targetPc: number, pc: number) => string | undefined;
}

/** Text of the instruction at `pc` in conformance syntax; unknown encodings print as `unknown 0xNN`. */
export function printConformanceInsn(insns: readonly Insn[], pc: number, opts: ConformanceDisasmOptions = {}): string {
  const insn = insns[pc]!;
  const row = lookup(insn);
  if (row === undefined) return `unknown 0x${insn.code.toString(16).padStart(2, '0')}`;
  return printConformanceRow(insn, row, pc, insns[pc + 1], opts);
}

export function printConformanceRow(
  insn: Insn, row: IsaRow, pc: number, next: Insn | undefined, opts: ConformanceDisasmOptions = {},
): string {
  const d = `%r${insn.dst}`;
  const s = `%r${insn.src}`;
  const target = (rel: number): string => opts.symbolize?.(pc + 1 + rel, pc) ?? (rel < 0 ? `${rel}` : `+${rel}`);
  const mn = row.mnemonic;
  switch (row.form) {
    case Form.aluImm:
      return `${mn} ${d}, ${fmtConfImm(insn.imm)}`;
    case Form.aluReg:
    case Form.movsx:
      return `${mn} ${d}, ${s}`;
    case Form.neg:
    case Form.endian:
      return `${mn} ${d}`;
    case Form.ldImm64: {
      const hi = next?.imm ?? 0;
      if (insn.src === 0) return `lddw ${d}, 0x${imm64Of(insn.imm, hi).toString(16)}`;
      const kind = LD_IMM64_PSEUDO[insn.src]![1];
      return `lddw ${d}, ${kind} ${fmtConfImm(insn.imm)}` + (hi !== 0 ? `, ${fmtConfImm(hi)}` : '');
    }
    case Form.ldAbs:
      return `${mn} ${fmtConfImm(insn.imm)}`;
    case Form.ldInd:
      return `${mn} ${s}, ${fmtConfImm(insn.imm)}`;
    case Form.ldx:
      return `${mn} ${d}, ${fmtConfMem(insn.src, insn.off)}`;
    case Form.st:
      return `${mn} ${fmtConfMem(insn.dst, insn.off)}, ${fmtConfImm(insn.imm)}`;
    case Form.stx:
      return `${mn} ${fmtConfMem(insn.dst, insn.off)}, ${s}`;
    case Form.atomic: {
      const w = row.size === 4 ? '32' : '';
      const fetch = row.fetch && row.op !== 'xchg' && row.op !== 'cmpxchg' ? 'fetch ' : '';
      return `lock ${fetch}${row.op}${w} ${fmtConfMem(insn.dst, insn.off)}, ${s}`;
    }
    case Form.ja:
      return `ja ${target(insn.off)}`;
    case Form.ja32:
      return `ja32 ${target(insn.imm)}`;
    case Form.jmpImm:
      return `${mn} ${d}, ${fmtConfImm(insn.imm)}, ${target(insn.off)}`;
    case Form.jmpReg:
      return `${mn} ${d}, ${s}, ${target(insn.off)}`;
    case Form.call:
      return `call ${fmtConfImm(insn.imm)}`;
    case Form.callLocal:
      return `call local ${target(insn.imm)}`;
    case Form.callKfunc:
      return `call runtime ${fmtConfImm(insn.imm)}` + (insn.off !== 0 ? `, ${insn.off}` : '');
    case Form.callx:
      return `call ${d}`;
    case Form.exit:
      return 'exit';
    default: {
      const never: never = row.form;
      return never;
    }
  }
}

/** Walks a program in conformance syntax, one line per instruction. */
export function disassembleConformance(insns: readonly Insn[], opts: ConformanceDisasmOptions = {}): DisasmLine[] {
  const out: DisasmLine[] = [];
  for (let pc = 0; pc < insns.length; ) {
    const insn = insns[pc]!;
    const row = lookup(insn);
    const slots = row?.slots === 2 && pc + 1 < insns.length ? 2 : 1;
    const text = row ? printConformanceRow(insn, row, pc, insns[pc + 1], opts) : printConformanceInsn(insns, pc, opts);
    out.push({ pc, slots, row, text });
    pc += slots;
  }
  return out;
}

export function printConformanceProgram(insns: readonly Insn[], opts: ConformanceDisasmOptions = {}): string {
  return disassembleConformance(insns, opts).map((l) => l.text + '\n').join('');
}
