// Disassembler in LLVM's BPF syntax. In: instruction slots and options. Out: the text llvm-objdump-16
// prints for each instruction (`r0 = *(u32 *)(r1 + 4)`, `if r3 > r2 goto +14 <LBB0_5>`, `w0 = w1`,
// `r1 = 0 ll`, `lock *(u64 *)(r0 + 0) += r1`), immediates decimal (as `--no-print-imm-hex`) or hex (its
// default). Rows LLVM 16 cannot decode (cpu v4, jset, st, most 32-bit atomics, callx) print as newer LLVM
// (19) does. Where LLVM's text loses information we extend it so the assembler can read it back:
// `ld_pseudo r1, 2, 7, 9` (second-slot immediate), `r0 = *(u8 *)skb[r2 + 12]` (LD_IND offset), and with
// `lossless`, `call pc-1` (bpf-to-bpf) and `call kfunc 5` (kernel function), which LLVM prints as `call N`.
import type { Insn } from './opcodes.js';
import { lookup } from './lookup.js';
import { Form, type IsaRow } from './table.js';
import { fmtAddr, fmtImm, fmtImm64, fmtRel, imm64Of } from './format.js';

export interface DisasmOptions {
  /** Immediates and offsets in hex (llvm-objdump-16's default); decimal otherwise. */
  hex?: boolean;
  /** Spell local and kfunc calls distinctly (`call pc+N`, `call kfunc N`) instead of LLVM's `call N`. */
  lossless?: boolean;
  /** Names a jump target pc; the name is appended as ` <name>`, as llvm-objdump does. */
  symbolize?: (targetPc: number, pc: number) => string | undefined;
}

export interface DisasmLine {
  pc: number;
  /** 1, or 2 for ld_imm64. */
  slots: number;
  text: string;
  row: IsaRow | undefined;
}

export const ALU_SYMBOL: Readonly<Record<string, string>> = Object.freeze({
  add: '+=', sub: '-=', mul: '*=', div: '/=', sdiv: 's/=', or: '|=', and: '&=', lsh: '<<=', rsh: '>>=',
  mod: '%=', smod: 's%=', xor: '^=', mov: '=', arsh: 's>>=',
});

export const JMP_SYMBOL: Readonly<Record<string, string>> = Object.freeze({
  jeq: '==', jgt: '>', jge: '>=', jset: '&', jne: '!=', jsgt: 's>', jsge: 's>=', jlt: '<', jle: '<=',
  jslt: 's<', jsle: 's<=',
});

const SIZE_TYPE: Readonly<Record<number, string>> = Object.freeze({ 1: 'u8', 2: 'u16', 4: 'u32', 8: 'u64' });
const SSIZE_TYPE: Readonly<Record<number, string>> = Object.freeze({ 1: 's8', 2: 's16', 4: 's32' });

/** Text of the instruction at `pc` (which reads pc + 1 for an ld_imm64). Unknown encodings: `<unknown>`. */
export function printInsn(insns: readonly Insn[], pc: number, opts: DisasmOptions = {}): string {
  const insn = insns[pc]!;
  const row = lookup(insn);
  if (row === undefined) return '<unknown>';
  return printRow(insn, row, pc, insns[pc + 1], opts);
}

/** Text of one decoded instruction whose row is known. `next` is the second slot of an ld_imm64. */
export function printRow(insn: Insn, row: IsaRow, pc: number, next: Insn | undefined, opts: DisasmOptions = {}): string {
  const hex = opts.hex ?? false;
  const R = row.width === 32 && row.form !== Form.endian ? 'w' : 'r';
  const d = `${R}${insn.dst}`;
  const s = `${R}${insn.src}`;
  const target = (rel: number): string => {
    const name = opts.symbolize?.(pc + 1 + rel, pc);
    return fmtRel(rel, hex) + (name !== undefined ? ` <${name}>` : '');
  };
  switch (row.form) {
    case Form.aluImm:
      return `${d} ${ALU_SYMBOL[row.op]} ${fmtImm(insn.imm, hex)}`;
    case Form.aluReg:
      return `${d} ${ALU_SYMBOL[row.op]} ${s}`;
    case Form.neg:
      return `${d} = -${d}`;
    case Form.endian:
      return `${d} = ${row.op}${row.size * 8} ${d}`;
    case Form.movsx:
      return `${d} = (s${row.size * 8})${s}`;
    case Form.ldImm64: {
      const hi = next?.imm ?? 0;
      if (insn.src === 0) return `r${insn.dst} = ${fmtImm64(imm64Of(insn.imm, hi), hex)} ll`;
      // LLVM prints the pseudo immediates unsigned
      const extra = hi !== 0 ? `, ${fmtImm(hi >>> 0, hex)}` : '';
      return `ld_pseudo\tr${insn.dst}, ${fmtImm(insn.src, hex)}, ${fmtImm(insn.imm >>> 0, hex)}${extra}`;
    }
    case Form.ldAbs:
      return `r0 = *(${SIZE_TYPE[row.size]} *)skb[${fmtImm(insn.imm, hex)}]`;
    case Form.ldInd: {
      const k = insn.imm === 0 ? '' : ` ${insn.imm < 0 ? '-' : '+'} ${fmtImm(Math.abs(insn.imm), hex)}`;
      return `r0 = *(${SIZE_TYPE[row.size]} *)skb[r${insn.src}${k}]`;
    }
    case Form.ldx: {
      const t = row.op === 'ldsx' ? SSIZE_TYPE[row.size] : SIZE_TYPE[row.size];
      return `r${insn.dst} = *(${t} *)(${fmtAddr(insn.src, insn.off, hex)})`;
    }
    case Form.st:
      return `*(${SIZE_TYPE[row.size]} *)(${fmtAddr(insn.dst, insn.off, hex)}) = ${fmtImm(insn.imm, hex)}`;
    case Form.stx:
      return `*(${SIZE_TYPE[row.size]} *)(${fmtAddr(insn.dst, insn.off, hex)}) = r${insn.src}`;
    case Form.atomic:
      return printAtomic(insn, row, hex);
    case Form.ja:
      return `goto ${target(insn.off)}`;
    case Form.ja32:
      return `gotol ${target(insn.imm)}`;
    case Form.jmpImm:
      return `if ${d} ${JMP_SYMBOL[row.op]} ${fmtImm(insn.imm, hex)} goto ${target(insn.off)}`;
    case Form.jmpReg:
      return `if ${d} ${JMP_SYMBOL[row.op]} ${s} goto ${target(insn.off)}`;
    case Form.call:
      return `call ${fmtImm(insn.imm, hex)}`;
    case Form.callLocal:
      return opts.lossless ? `call pc${fmtRel(insn.imm, hex)}` : `call ${fmtImm(insn.imm, hex)}`;
    case Form.callKfunc: {
      if (!opts.lossless) return `call ${fmtImm(insn.imm, hex)}`;
      return `call kfunc ${fmtImm(insn.imm, hex)}` + (insn.off !== 0 ? `, ${fmtImm(insn.off, hex)}` : '');
    }
    case Form.callx:
      return `callx r${insn.dst}`;
    case Form.exit:
      return 'exit';
    default: {
      const never: never = row.form;
      return never;
    }
  }
}

function printAtomic(insn: Insn, row: IsaRow, hex: boolean): string {
  const addr = fmtAddr(insn.dst, insn.off, hex);
  const t = SIZE_TYPE[row.size];
  const w32 = row.size === 4;
  // llvm-objdump-16 decodes the 32-bit non-fetch add with r registers; the other 32-bit forms use w
  const R = w32 && !(row.op === 'add' && !row.fetch) ? 'w' : 'r';
  const s = `${R}${insn.src}`;
  switch (row.op) {
    case 'xchg':
      return `${s} = ${w32 ? 'xchg32_32' : 'xchg_64'}(${addr}, ${s})`;
    case 'cmpxchg':
      return `${R}0 = ${w32 ? 'cmpxchg32_32' : 'cmpxchg_64'}(${addr}, ${R}0, ${s})`;
    default:
      if (row.fetch) return `${s} = atomic_fetch_${row.op}((${t} *)(${addr}), ${s})`;
      return `lock *(${t} *)(${addr}) ${ALU_SYMBOL[row.op]} ${s}`;
  }
}

/** Walks a program, one line per instruction (ld_imm64 takes two slots). */
export function disassemble(insns: readonly Insn[], opts: DisasmOptions = {}): DisasmLine[] {
  const out: DisasmLine[] = [];
  for (let pc = 0; pc < insns.length; ) {
    const row = lookup(insns[pc]!);
    const slots = row?.slots === 2 && pc + 1 < insns.length ? 2 : 1;
    out.push({ pc, slots, row, text: row ? printRow(insns[pc]!, row, pc, insns[pc + 1], opts) : '<unknown>' });
    pc += slots;
  }
  return out;
}

/** The program as text, one instruction per line. */
export function printProgram(insns: readonly Insn[], opts: DisasmOptions = {}): string {
  return disassemble(insns, opts).map((l) => l.text + '\n').join('');
}
