// Sample encodings for every ISA_TABLE row: a few operand variations per row (registers, offsets,
// immediates at their extremes), each a complete instruction (two slots for ld_imm64). Used by the
// round-trip and LLVM differential tests.
import { Form, registerFields, type Insn, type IsaRow } from '../../../runtime/isa/index.js';

export interface Sample {
  row: IsaRow;
  slots: Insn[];
}

const DST = [1, 10, 0, 5];
const SRC = [2, 9, 0, 7];
const OFF = [-8, 0, 0x7fff, -0x8000, 3];
const JMP_OFF = [3, -3, 0, 0x7fff, -0x8000];
const IMM = [-5, 0, 0x7fffffff, -0x80000000, 77];
const HI = [0, 1, -1, 0x12345678];

export function samplesOf(row: IsaRow, count = 4): Sample[] {
  const regs = new Set(registerFields(row));
  const free = (f: 'off' | 'imm'): boolean => !row.reserved.includes(f) && row.match[f] === undefined;
  const isJump = row.form === Form.ja || row.form === Form.jmpImm || row.form === Form.jmpReg;
  const out: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const insn: Insn = {
      code: row.code,
      dst: regs.has('dst') ? DST[i % DST.length]! : 0,
      src: row.match.src ?? (regs.has('src') ? SRC[i % SRC.length]! : 0),
      off: row.match.off ?? (free('off') ? (isJump ? JMP_OFF : row.form === Form.callKfunc ? [0, 3] : OFF)[i % (isJump ? JMP_OFF.length : row.form === Form.callKfunc ? 2 : OFF.length)]! : 0),
      imm: row.match.imm ?? (free('imm') ? IMM[i % IMM.length]! : 0),
    };
    if (row.form === Form.ja32 || row.form === Form.callLocal) insn.imm = JMP_OFF[i % JMP_OFF.length]!;
    const slots = [insn];
    if (row.slots === 2) slots.push({ code: 0, dst: 0, src: 0, off: 0, imm: HI[i % HI.length]! });
    out.push({ row, slots });
  }
  // drop duplicates (rows with few free fields)
  const seen = new Set<string>();
  return out.filter((s) => {
    const k = JSON.stringify(s.slots);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
