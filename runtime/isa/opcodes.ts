// eBPF instruction encoding constants (RFC 9669 §3-§5), spelled as in the kernel's uapi headers, and the
// raw instruction slot type shared by every layer.
//
// One instruction slot is 8 bytes, little-endian:
//
//   63            32 31        16 15   12 11    8 7           0
//  +----------------+------------+-------+-------+-------------+
//  |      imm       |   offset   |  src  |  dst  |   opcode    |
//  +----------------+------------+-------+-------+-------------+
//   signed 32         signed 16    4 bits  4 bits   8 bits
//
// opcode = class (low 3 bits) | ... ; ld_imm64 (0x18) spans two slots, the second holding the high
// 32 bits of the immediate in its imm field with every other field zero.

/** One raw 8-byte instruction slot. `off` and `imm` are signed. */
export interface Insn {
  code: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
}

// instruction classes (RFC 9669 §3.3)
export const BPF_LD = 0x00;
export const BPF_LDX = 0x01;
export const BPF_ST = 0x02;
export const BPF_STX = 0x03;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
export const BPF_JMP32 = 0x06;
export const BPF_ALU64 = 0x07;

// source operand (arithmetic and jump instructions)
export const BPF_K = 0x00;
export const BPF_X = 0x08;

// arithmetic operations (high 4 bits of the opcode)
export const BPF_ADD = 0x00;
export const BPF_SUB = 0x10;
export const BPF_MUL = 0x20;
export const BPF_DIV = 0x30;
export const BPF_OR = 0x40;
export const BPF_AND = 0x50;
export const BPF_LSH = 0x60;
export const BPF_RSH = 0x70;
export const BPF_NEG = 0x80;
export const BPF_MOD = 0x90;
export const BPF_XOR = 0xa0;
export const BPF_MOV = 0xb0;
export const BPF_ARSH = 0xc0;
export const BPF_END = 0xd0;

// byte-order source for BPF_END in class ALU (BPF_TO_LE uses the K bit position, BPF_TO_BE the X bit);
// in class ALU64, BPF_END with source 0 is the unconditional bswap (cpu v4)
export const BPF_TO_LE = 0x00;
export const BPF_TO_BE = 0x08;

// jump operations
export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_JNE = 0x50;
export const BPF_JSGT = 0x60;
export const BPF_JSGE = 0x70;
export const BPF_CALL = 0x80;
export const BPF_EXIT = 0x90;
export const BPF_JLT = 0xa0;
export const BPF_JLE = 0xb0;
export const BPF_JSLT = 0xc0;
export const BPF_JSLE = 0xd0;

// load/store size (bits 3-4)
export const BPF_W = 0x00;
export const BPF_H = 0x08;
export const BPF_B = 0x10;
export const BPF_DW = 0x18;

// load/store mode (bits 5-7)
export const BPF_IMM = 0x00;
export const BPF_ABS = 0x20;
export const BPF_IND = 0x40;
export const BPF_MEM = 0x60;
export const BPF_MEMSX = 0x80;
export const BPF_ATOMIC = 0xc0;

// atomic operations (imm field of BPF_STX | BPF_ATOMIC)
export const BPF_FETCH = 0x01;
export const BPF_XCHG = 0xe0 | BPF_FETCH;
export const BPF_CMPXCHG = 0xf0 | BPF_FETCH;

// ld_imm64 src_reg pseudo values (RFC 9669 §5.4)
export const BPF_PSEUDO_MAP_FD = 1;
export const BPF_PSEUDO_MAP_VALUE = 2;
export const BPF_PSEUDO_BTF_ID = 3;
export const BPF_PSEUDO_FUNC = 4;
export const BPF_PSEUDO_MAP_IDX = 5;
export const BPF_PSEUDO_MAP_IDX_VALUE = 6;

// call src_reg values
export const BPF_PSEUDO_CALL = 1;
export const BPF_PSEUDO_KFUNC_CALL = 2;

export const BPF_LD_IMM64 = BPF_LD | BPF_IMM | BPF_DW; // 0x18

export const INSN_SIZE = 8;
export const MAX_BPF_REG = 11; // r0..r10
export const BPF_REG_FP = 10;

export const bpfClass = (code: number): number => code & 0x07;
export const bpfOp = (code: number): number => code & 0xf0;
export const bpfSrc = (code: number): number => code & 0x08;
export const bpfSize = (code: number): number => code & 0x18;
export const bpfMode = (code: number): number => code & 0xe0;
