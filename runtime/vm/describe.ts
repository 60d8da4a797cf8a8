// Instruction text for fault messages. In: the program's raw slots and a pc. Out: the instruction in
// llvm-objdump syntax (runtime/isa's disassembler) followed by its raw bytes, e.g.
// `r0 = *(u32 *)(r1 + 4) (61 10 04 00 00 00 00 00)`; never throws.

import type { Insn } from '../isa/opcodes.js';
import { printInsn } from '../isa/disasm.js';

function rawBytes(x: Insn): string {
  const b = [x.code & 0xff, ((x.src & 15) << 4) | (x.dst & 15), x.off & 0xff, (x.off >> 8) & 0xff,
    x.imm & 0xff, (x.imm >>> 8) & 0xff, (x.imm >>> 16) & 0xff, (x.imm >>> 24) & 0xff];
  return b.map((v) => v.toString(16).padStart(2, '0')).join(' ');
}

/** Disassembly plus raw bytes of the instruction at `pc`. */
export function insnText(insns: readonly Insn[], pc: number): string {
  const x = insns[pc];
  if (x === undefined) return '<no instruction>';
  let text: string;
  try {
    text = printInsn(insns, pc, { lossless: true });
  } catch {
    text = '<unknown>';
  }
  return `${text} (${rawBytes(x)})`;
}
