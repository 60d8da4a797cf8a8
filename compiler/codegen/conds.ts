// Mapping tables from IR operations to eBPF operations: ALU opcodes per binary operation, jump
// conditions per compare predicate, and the swapped / inverted conditions used when operands trade
// places or the branch falls through the other way (RFC 9669 §4.1, §4.3; jlt/jle/jslt/jsle are cpu v2).
import type { AluBinOp, JmpCond } from '../../runtime/isa/index.js';
import type { BinOp, CmpPred } from '../ir/index.js';

export const ALU: Record<BinOp, AluBinOp> = {
  add: 'add', sub: 'sub', mul: 'mul', udiv: 'div', sdiv: 'sdiv', urem: 'mod', srem: 'smod', and: 'and', or: 'or', xor: 'xor', shl: 'lsh', lshr: 'rsh', ashr: 'arsh',
};
export const JCC: Record<CmpPred, JmpCond> = {
  eq: 'jeq', ne: 'jne', ugt: 'jgt', uge: 'jge', ult: 'jlt', ule: 'jle', sgt: 'jsgt', sge: 'jsge', slt: 'jslt', sle: 'jsle',
};
/** a C b ⇔ b swap(C) a */
export const SWAP: Record<JmpCond, JmpCond> = {
  jeq: 'jeq', jne: 'jne', jgt: 'jlt', jlt: 'jgt', jge: 'jle', jle: 'jge', jsgt: 'jslt', jslt: 'jsgt', jsge: 'jsle', jsle: 'jsge', jset: 'jset',
};
/** !(a C b) ⇔ a inv(C) b */
export const INVERT: Record<JmpCond, JmpCond | undefined> = {
  jeq: 'jne', jne: 'jeq', jgt: 'jle', jle: 'jgt', jge: 'jlt', jlt: 'jge', jsgt: 'jsle', jsle: 'jsgt', jsge: 'jslt', jslt: 'jsge', jset: undefined,
};
/** Conditions that need cpu v2 (BPF_JLT, JLE, JSLT, JSLE). */
export const V2_CONDS = new Set<JmpCond>(['jlt', 'jle', 'jslt', 'jsle']);

