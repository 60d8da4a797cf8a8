// Public surface of runtime/isa: the eBPF instruction set (RFC 9669 + cpu v4) as one table, byte
// encode/decode, validation, lookup, instruction builders, disassemblers (LLVM and conformance syntax)
// and the assembler for both syntaxes.
export * from './opcodes.js';
export { Group, ALL_GROUPS, Form, ISA_TABLE, ISA_BY_NAME, LD_IMM64_PSEUDO } from './table.js';
export type { CpuVersion, AluOp, JmpOp, MemOp, AtomicOp, Op, Field, MatchField, IsaRow } from './table.js';
export { IsaError, hexBytes } from './errors.js';
export type { IsaErrorDetail } from './errors.js';
export { decode, decodeInsn, encode, encodeInsn, insnBytes, normalizeInsn } from './codec.js';
export { lookup, isKnownOpcode } from './lookup.js';
export { validate, findIsaErrors, jumpDelta, registerFields } from './validate.js';
export type { ValidateOptions } from './validate.js';
export * from './build.js';
export { printInsn, printRow, disassemble, printProgram, ALU_SYMBOL, JMP_SYMBOL } from './disasm.js';
export type { DisasmOptions, DisasmLine } from './disasm.js';
export {
  printConformanceInsn, printConformanceRow, disassembleConformance, printConformanceProgram,
} from './disasm-conformance.js';
export type { ConformanceDisasmOptions } from './disasm-conformance.js';
export { assemble, detectSyntax } from './asm.js';
export type { AsmSyntax, AsmOptions, AsmLabel, AsmResult, RelocRequest } from './asm.js';
