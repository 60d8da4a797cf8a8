// The VM's internal operation codes: what the predecoder (program.ts) turns each RFC 9669 instruction
// into, and what the interpreter and the code generator dispatch on. One value per distinct behaviour
// (e.g. sdiv is its own op, not div with off=1); the operand source of ALU, jump and store ops is
// carried separately (OPK: the second operand is the immediate, otherwise register src).
//
// Op word layout in Program.op:  bits 0-7 = OP value, bit 8 = OPK (immediate operand).

export const OPK = 0x100;

export const OP = {
  // control
  INVALID: 0, // not a valid instruction (non-strict load): faults when reached
  END_OF_CODE: 1, // sentinel after the last slot: control flow fell off the program
  LDDW_HI: 2, // second slot of ld_imm64: faults if reached by a jump (non-strict load)
  // ALU64: dst = dst op operand (operand: K = imm sign-extended to 64 bits, X = src)
  ADD64: 10, SUB64: 11, MUL64: 12, DIV64: 13, SDIV64: 14, OR64: 15, AND64: 16, LSH64: 17, RSH64: 18,
  NEG64: 19, MOD64: 20, SMOD64: 21, XOR64: 22, MOV64: 23, ARSH64: 24,
  MOVSX8_64: 25, MOVSX16_64: 26, MOVSX32_64: 27, BSWAP16: 28, BSWAP32: 29, BSWAP64: 30,
  // ALU (32-bit): dst = zero-extend(u32(dst) op u32(operand))
  ADD32: 40, SUB32: 41, MUL32: 42, DIV32: 43, SDIV32: 44, OR32: 45, AND32: 46, LSH32: 47, RSH32: 48,
  NEG32: 49, MOD32: 50, SMOD32: 51, XOR32: 52, MOV32: 53, ARSH32: 54, MOVSX8_32: 55, MOVSX16_32: 56,
  LE16: 57, LE32: 58, LE64: 59, BE16: 60, BE32: 61, BE64: 62,
  // jumps: off holds the absolute target pc
  JA: 70, JEQ: 71, JGT: 72, JGE: 73, JSET: 74, JNE: 75, JSGT: 76, JSGE: 77, JLT: 78, JLE: 79, JSLT: 80,
  JSLE: 81, JEQ32: 82, JGT32: 83, JGE32: 84, JSET32: 85, JNE32: 86, JSGT32: 87, JSGE32: 88, JLT32: 89,
  JLE32: 90, JSLT32: 91, JSLE32: 92,
  CALL: 93, // helper call, imm = id
  TAIL_CALL: 94, // call 12 (bpf_tail_call), done by the VM
  CALL_LOCAL: 95, // bpf-to-bpf call, off = target pc
  CALLX: 96, // call through register dst (function value or helper id)
  EXIT: 97,
  // loads of immediates: imm = low 32 bits, immHi = high 32 bits
  LDDW: 100,
  LDDW_FUNC: 101, // ld_imm64 BPF_PSEUDO_FUNC: dst = function value of target pc (in off)
  // memory: dst/src registers, off = offset
  LDXB: 110, LDXH: 111, LDXW: 112, LDXDW: 113, LDXSB: 114, LDXSH: 115, LDXSW: 116,
  STB: 117, STH: 118, STW: 119, STDW: 120, // value: K = imm (sign-extended for DW), X = src
  // atomics on *(dst + off) with src; W = 32-bit, DW = 64-bit
  AADD_W: 130, AOR_W: 131, AAND_W: 132, AXOR_W: 133,
  AFADD_W: 134, AFOR_W: 135, AFAND_W: 136, AFXOR_W: 137, AXCHG_W: 138, ACMPXCHG_W: 139,
  AADD_DW: 140, AOR_DW: 141, AAND_DW: 142, AXOR_DW: 143,
  AFADD_DW: 144, AFOR_DW: 145, AFAND_DW: 146, AFXOR_DW: 147, AXCHG_DW: 148, ACMPXCHG_DW: 149,
  // legacy packet loads: r0 = ntoh(*(packet + imm [+ src]))
  LDABSB: 150, LDABSH: 151, LDABSW: 152, LDINDB: 153, LDINDH: 154, LDINDW: 155,
} as const;
export type OpCode = (typeof OP)[keyof typeof OP];

/** Reverse table for debugging output. */
export const OP_NAME: ReadonlyMap<number, string> = new Map(Object.entries(OP).map(([k, v]) => [v, k]));
