// The eBPF instruction table: one row per distinct encoding of RFC 9669 (plus the cpu-v4 forms and the
// conformance suite's callx), built once and frozen. In: nothing. Out: ISA_TABLE, the row type and the
// enumerations (forms, operations, groups, cpu versions) every other layer (codec, validator, printers,
// assembler, VM, verifier, code generator) keys on.
//
// A row is identified by its opcode byte plus, where one opcode has several meanings, the value of one
// distinguishing field (`match`): src for ld_imm64 pseudos and calls, off for sdiv/smod/movsx, imm for
// byte swaps and atomics. Every other field is either an operand or reserved (must be zero).
//
// cpu version and conformance group follow the RFC 9669 IANA instruction registry (groups) and the
// bpf_conformance suite's per-opcode versions (the suite derives /work/shared/conformance/manifest.tsv from
// them): JLT/JLE/JSLT/JSLE 64-bit are v2; JMP32, atomics and src=1/2 calls are v3; ja32 (gotol), sdiv/smod,
// movsx, ldsx and ALU64 bswap are v4. `llvm16` says whether llvm-objdump-16 (default features) decodes the
// row to the text our disassembler prints; rows it cannot express are checked against a newer LLVM.
import {
  BPF_ABS, BPF_ALU, BPF_ALU64, BPF_ATOMIC, BPF_B, BPF_CALL, BPF_DW, BPF_EXIT, BPF_H, BPF_IMM, BPF_IND,
  BPF_JA, BPF_JMP, BPF_JMP32, BPF_K, BPF_LD, BPF_LDX, BPF_MEM, BPF_MEMSX, BPF_ST, BPF_STX, BPF_W, BPF_X,
} from './opcodes.js';

export const Group = {
  base32: 'base32',
  base64: 'base64',
  atomic32: 'atomic32',
  atomic64: 'atomic64',
  divmul32: 'divmul32',
  divmul64: 'divmul64',
  packet: 'packet',
  callx: 'callx',
} as const;
export type Group = (typeof Group)[keyof typeof Group];
export const ALL_GROUPS: readonly Group[] = Object.freeze(Object.values(Group));

export type CpuVersion = 1 | 2 | 3 | 4;

/** Operand shape of a row: which fields are operands and how the instruction is written. */
export const Form = {
  aluImm: 'alu-imm', // dst op= imm
  aluReg: 'alu-reg', // dst op= src
  neg: 'neg', // dst = -dst
  endian: 'endian', // dst = le16/be32/bswap64 dst (width fixed by imm)
  movsx: 'movsx', // dst = (s8|s16|s32) src (width fixed by off)
  ldImm64: 'ld-imm64', // dst = imm64 (two slots), src = pseudo kind
  ldAbs: 'ld-abs', // r0 = *(size *)skb[imm]
  ldInd: 'ld-ind', // r0 = *(size *)skb[src + imm]
  ldx: 'ldx', // dst = *(size *)(src + off), zero- or sign-extended
  st: 'st', // *(size *)(dst + off) = imm
  stx: 'stx', // *(size *)(dst + off) = src
  atomic: 'atomic', // atomic op on *(size *)(dst + off) with src (op fixed by imm)
  ja: 'ja', // goto +off
  ja32: 'ja32', // gotol +imm
  jmpImm: 'jmp-imm', // if dst op imm goto +off
  jmpReg: 'jmp-reg', // if dst op src goto +off
  call: 'call', // helper call by id (imm)
  callLocal: 'call-local', // bpf-to-bpf call, pc += imm
  callKfunc: 'call-kfunc', // kernel function call by BTF id (imm)
  callx: 'callx', // helper call by id held in register dst
  exit: 'exit',
} as const;
export type Form = (typeof Form)[keyof typeof Form];

export type AluOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'sdiv' | 'or' | 'and' | 'lsh' | 'rsh' | 'neg' | 'mod' | 'smod'
  | 'xor' | 'mov' | 'movsx' | 'arsh' | 'le' | 'be' | 'bswap';
export type JmpOp =
  | 'ja' | 'jeq' | 'jgt' | 'jge' | 'jset' | 'jne' | 'jsgt' | 'jsge' | 'jlt' | 'jle' | 'jslt' | 'jsle'
  | 'call' | 'callx' | 'exit';
export type MemOp = 'lddw' | 'ldabs' | 'ldind' | 'ldx' | 'ldsx' | 'st' | 'stx';
export type AtomicOp = 'add' | 'or' | 'and' | 'xor' | 'xchg' | 'cmpxchg';
export type Op = AluOp | JmpOp | MemOp | AtomicOp;

export type Field = 'dst' | 'src' | 'off' | 'imm';
export type MatchField = 'src' | 'off' | 'imm';

export interface IsaRow {
  /** Unique stable name: the conformance mnemonic, with _imm/_reg where K and X share it. */
  readonly name: string;
  /** The conformance-suite (upstream assembler) mnemonic, e.g. `add32`, `ldxw`, `lock`, `call`. */
  readonly mnemonic: string;
  readonly code: number;
  /** Field values that select this row among rows of the same opcode. */
  readonly match: Readonly<Partial<Record<MatchField, number>>>;
  readonly form: Form;
  readonly op: Op;
  /** Operation width for ALU/JMP rows (ALU/JMP32 = 32); access width in bits for memory rows. */
  readonly width: 32 | 64;
  /** Bytes accessed (memory and atomic rows), or bytes swapped (endian rows); 0 otherwise. */
  readonly size: 0 | 1 | 2 | 4 | 8;
  /** Atomic rows: whether the old value is returned (fetch, xchg, cmpxchg). */
  readonly fetch: boolean;
  readonly cpu: CpuVersion;
  readonly group: Group;
  /** Fields that must be zero. */
  readonly reserved: readonly Field[];
  readonly slots: 1 | 2;
  /** llvm-objdump-16 prints this row exactly as our disassembler does (see the differential test). */
  readonly llvm16: boolean;
}

type RowInit = Omit<IsaRow, 'width' | 'size' | 'fetch' | 'slots' | 'llvm16' | 'match'> &
  Partial<Pick<IsaRow, 'width' | 'size' | 'fetch' | 'slots' | 'llvm16' | 'match'>>;

function row(r: RowInit): IsaRow {
  return Object.freeze({
    width: 64,
    size: 0,
    fetch: false,
    slots: 1,
    llvm16: true,
    ...r,
    match: Object.freeze({ ...(r.match ?? {}) }),
    reserved: Object.freeze([...r.reserved]),
  }) as IsaRow;
}

// ---- ALU / ALU64 ----------------------------------------------------------------------------------
//   opcode = op(4) | source(1: K=0, X=1) | class(3: ALU=4, ALU64=7)
const ALU_OPS: readonly [AluOp, number][] = [
  ['add', 0x00], ['sub', 0x10], ['mul', 0x20], ['div', 0x30], ['or', 0x40], ['and', 0x50], ['lsh', 0x60],
  ['rsh', 0x70], ['mod', 0x90], ['xor', 0xa0], ['mov', 0xb0], ['arsh', 0xc0],
];

function aluRows(): IsaRow[] {
  const rows: IsaRow[] = [];
  for (const cls of [BPF_ALU, BPF_ALU64]) {
    const w32 = cls === BPF_ALU;
    const sfx = w32 ? '32' : '';
    const base: Group = w32 ? Group.base32 : Group.base64;
    const divmul: Group = w32 ? Group.divmul32 : Group.divmul64;
    for (const [op, bits] of ALU_OPS) {
      const isDivMul = op === 'mul' || op === 'div' || op === 'mod';
      const group = isDivMul ? divmul : base;
      const signedVariant = op === 'div' || op === 'mod';
      const movVariant = op === 'mov';
      // off distinguishes div/sdiv and mod/smod (K and X) and mov/movsx (X only)
      const immByOff = signedVariant;
      const regByOff = signedVariant || movVariant;
      rows.push(row({
        name: `${op}${sfx}_imm`, mnemonic: `${op}${sfx}`, code: cls | BPF_K | bits,
        match: immByOff ? { off: 0 } : {}, form: Form.aluImm, op, width: w32 ? 32 : 64,
        cpu: 1, group, reserved: immByOff ? ['src'] : ['src', 'off'],
      }));
      rows.push(row({
        name: `${op}${sfx}_reg`, mnemonic: `${op}${sfx}`, code: cls | BPF_X | bits,
        match: regByOff ? { off: 0 } : {}, form: Form.aluReg, op, width: w32 ? 32 : 64,
        cpu: 1, group, reserved: regByOff ? ['imm'] : ['off', 'imm'],
      }));
      if (signedVariant) {
        const sop: AluOp = op === 'div' ? 'sdiv' : 'smod';
        rows.push(row({
          name: `${sop}${sfx}_imm`, mnemonic: `${sop}${sfx}`, code: cls | BPF_K | bits, match: { off: 1 },
          form: Form.aluImm, op: sop, width: w32 ? 32 : 64, cpu: 4, group, reserved: ['src'], llvm16: false,
        }));
        rows.push(row({
          name: `${sop}${sfx}_reg`, mnemonic: `${sop}${sfx}`, code: cls | BPF_X | bits, match: { off: 1 },
          form: Form.aluReg, op: sop, width: w32 ? 32 : 64, cpu: 4, group, reserved: ['imm'], llvm16: false,
        }));
      }
      if (movVariant) {
        // movsx: off = 8/16/32 source bits; ALU (32-bit) only has 8 and 16
        for (const bitsFrom of w32 ? [8, 16] : [8, 16, 32]) {
          rows.push(row({
            name: `movsx${bitsFrom}${w32 ? '32' : '64'}`, mnemonic: `movsx${bitsFrom}${w32 ? '32' : '64'}`,
            code: cls | BPF_X | bits, match: { off: bitsFrom }, form: Form.movsx, op: 'movsx', width: w32 ? 32 : 64,
            size: (bitsFrom / 8) as 1 | 2 | 4, cpu: 4, group: base, reserved: ['imm'], llvm16: false,
          }));
        }
      }
    }
    // neg: RFC 9669 lists both 0x84 and 0x87 in base32
    rows.push(row({
      name: `neg${sfx}`, mnemonic: `neg${sfx}`, code: cls | BPF_K | 0x80, form: Form.neg, op: 'neg',
      width: w32 ? 32 : 64, cpu: 1, group: Group.base32, reserved: ['src', 'off', 'imm'],
    }));
  }
  // byte swaps: ALU|K = le, ALU|X = be, ALU64|K = bswap (v4); imm = 16/32/64
  const ends: [AluOp, number, CpuVersion][] = [
    ['le', BPF_ALU | BPF_K | 0xd0, 1], ['be', BPF_ALU | BPF_X | 0xd0, 1], ['bswap', BPF_ALU64 | BPF_K | 0xd0, 4],
  ];
  for (const [op, code, cpu] of ends) {
    for (const bits of [16, 32, 64]) {
      rows.push(row({
        name: `${op}${bits}`, mnemonic: `${op}${bits}`, code, match: { imm: bits }, form: Form.endian, op,
        width: bits === 64 ? 64 : 32, size: (bits / 8) as 2 | 4 | 8, cpu, group: bits === 64 ? Group.base64 : Group.base32,
        reserved: ['src', 'off'], llvm16: cpu < 4,
      }));
    }
  }
  return rows;
}

// ---- JMP / JMP32 ----------------------------------------------------------------------------------
//   opcode = op(4) | source(1) | class(3: JMP=5, JMP32=6)
const JMP_OPS: readonly [JmpOp, number, CpuVersion][] = [
  ['jeq', 0x10, 1], ['jgt', 0x20, 1], ['jge', 0x30, 1], ['jset', 0x40, 1], ['jne', 0x50, 1], ['jsgt', 0x60, 1],
  ['jsge', 0x70, 1], ['jlt', 0xa0, 2], ['jle', 0xb0, 2], ['jslt', 0xc0, 2], ['jsle', 0xd0, 2],
];

function jmpRows(): IsaRow[] {
  const rows: IsaRow[] = [];
  for (const cls of [BPF_JMP, BPF_JMP32]) {
    const w32 = cls === BPF_JMP32;
    for (const [op, bits, cpu] of JMP_OPS) {
      const common = {
        mnemonic: `${op}${w32 ? '32' : ''}`, op, width: (w32 ? 32 : 64) as 32 | 64,
        cpu: (w32 ? 3 : cpu) as CpuVersion, group: w32 ? Group.base32 : Group.base64,
        llvm16: op !== 'jset',
      };
      rows.push(row({ ...common, name: `${common.mnemonic}_imm`, code: cls | BPF_K | bits, form: Form.jmpImm, reserved: ['src'] }));
      rows.push(row({ ...common, name: `${common.mnemonic}_reg`, code: cls | BPF_X | bits, form: Form.jmpReg, reserved: ['imm'] }));
    }
  }
  rows.push(row({
    name: 'ja', mnemonic: 'ja', code: BPF_JMP | BPF_JA, form: Form.ja, op: 'ja', cpu: 1, group: Group.base32,
    reserved: ['dst', 'src', 'imm'],
  }));
  rows.push(row({
    name: 'ja32', mnemonic: 'ja32', code: BPF_JMP32 | BPF_JA, form: Form.ja32, op: 'ja', width: 32, cpu: 4,
    group: Group.base32, reserved: ['dst', 'src', 'off'], llvm16: false,
  }));
  // calls: src selects helper (0), bpf-to-bpf (1), kfunc (2). The kernel uses off of a kfunc call as an
  // fd_array index for module BTF, so it is an operand there rather than reserved.
  const call = BPF_JMP | BPF_CALL;
  rows.push(row({ name: 'call', mnemonic: 'call', code: call, match: { src: 0 }, form: Form.call, op: 'call', cpu: 1, group: Group.base32, reserved: ['dst', 'off'] }));
  rows.push(row({ name: 'call_local', mnemonic: 'call', code: call, match: { src: 1 }, form: Form.callLocal, op: 'call', cpu: 3, group: Group.base32, reserved: ['dst', 'off'] }));
  rows.push(row({ name: 'call_kfunc', mnemonic: 'call', code: call, match: { src: 2 }, form: Form.callKfunc, op: 'call', cpu: 3, group: Group.base32, reserved: ['dst'] }));
  rows.push(row({ name: 'callx', mnemonic: 'call', code: call | BPF_X, form: Form.callx, op: 'callx', cpu: 1, group: Group.callx, reserved: ['src', 'off', 'imm'], llvm16: false }));
  rows.push(row({ name: 'exit', mnemonic: 'exit', code: BPF_JMP | BPF_EXIT, form: Form.exit, op: 'exit', cpu: 1, group: Group.base32, reserved: ['dst', 'src', 'off', 'imm'] }));
  return rows;
}

// ---- loads and stores -----------------------------------------------------------------------------
//   opcode = mode(3) | size(2: W=0, H=1, B=2, DW=3) | class(3)
const SIZES: readonly [string, number, 1 | 2 | 4 | 8][] = [['b', BPF_B, 1], ['h', BPF_H, 2], ['w', BPF_W, 4], ['dw', BPF_DW, 8]];

/** ld_imm64 pseudo kinds (src field), named as in the conformance-syntax `lddw` extension. */
export const LD_IMM64_PSEUDO: readonly (readonly [number, string])[] = Object.freeze([
  [0, ''], [1, 'map_fd'], [2, 'map_value'], [3, 'btf_id'], [4, 'func'], [5, 'map_idx'], [6, 'map_idx_value'],
].map((p) => Object.freeze(p as [number, string])));

function memRows(): IsaRow[] {
  const rows: IsaRow[] = [];
  for (const [src, kind] of LD_IMM64_PSEUDO) {
    rows.push(row({
      name: kind ? `lddw_${kind}` : 'lddw', mnemonic: 'lddw', code: BPF_LD | BPF_IMM | BPF_DW, match: { src },
      form: Form.ldImm64, op: 'lddw', size: 8, cpu: 1, group: Group.base64, reserved: ['off'], slots: 2,
    }));
  }
  for (const [sfx, sz, size] of SIZES) {
    if (size !== 8) {
      rows.push(row({
        name: `ldabs${sfx}`, mnemonic: `ldabs${sfx}`, code: BPF_LD | BPF_ABS | sz, form: Form.ldAbs, op: 'ldabs',
        width: 32, size, cpu: 1, group: Group.packet, reserved: ['dst', 'src', 'off'],
      }));
      rows.push(row({
        name: `ldind${sfx}`, mnemonic: `ldind${sfx}`, code: BPF_LD | BPF_IND | sz, form: Form.ldInd, op: 'ldind',
        width: 32, size, cpu: 1, group: Group.packet, reserved: ['dst', 'off'],
      }));
      rows.push(row({
        name: `ldxs${sfx}`, mnemonic: `ldxs${sfx}`, code: BPF_LDX | BPF_MEMSX | sz, form: Form.ldx, op: 'ldsx',
        size, cpu: 4, group: Group.base32, reserved: ['imm'], llvm16: false,
      }));
    }
    const group = size === 8 ? Group.base64 : Group.base32;
    const width = size === 8 ? 64 : 32;
    rows.push(row({ name: `ldx${sfx}`, mnemonic: `ldx${sfx}`, code: BPF_LDX | BPF_MEM | sz, form: Form.ldx, op: 'ldx', width, size, cpu: 1, group, reserved: ['imm'] }));
    rows.push(row({ name: `st${sfx}`, mnemonic: `st${sfx}`, code: BPF_ST | BPF_MEM | sz, form: Form.st, op: 'st', width, size, cpu: 1, group, reserved: ['src'], llvm16: false }));
    rows.push(row({ name: `stx${sfx}`, mnemonic: `stx${sfx}`, code: BPF_STX | BPF_MEM | sz, form: Form.stx, op: 'stx', width, size, cpu: 1, group, reserved: ['imm'] }));
  }
  // atomics: STX | ATOMIC | W/DW, imm = op (BPF_ADD, BPF_OR, ...) | BPF_FETCH, or XCHG (0xe1) / CMPXCHG (0xf1)
  const atomics: [AtomicOp, number, boolean][] = [
    ['add', 0x00, false], ['add', 0x01, true], ['or', 0x40, false], ['or', 0x41, true], ['and', 0x50, false],
    ['and', 0x51, true], ['xor', 0xa0, false], ['xor', 0xa1, true], ['xchg', 0xe1, true], ['cmpxchg', 0xf1, true],
  ];
  for (const [sz, size] of [[BPF_W, 4], [BPF_DW, 8]] as const) {
    const w = size === 4 ? '32' : '';
    for (const [op, imm, fetch] of atomics) {
      const plain = op === 'xchg' || op === 'cmpxchg';
      rows.push(row({
        name: `lock_${plain || !fetch ? '' : 'fetch_'}${op}${w}`, mnemonic: 'lock', code: BPF_STX | BPF_ATOMIC | sz,
        match: { imm }, form: Form.atomic, op, width: size === 4 ? 32 : 64, size, fetch, cpu: 3,
        group: size === 4 ? Group.atomic32 : Group.atomic64, reserved: [],
        // llvm-objdump-16 decodes every 64-bit atomic, but of the 32-bit ones only `lock ... += r`
        llvm16: size === 8 || imm === 0,
      }));
    }
  }
  return rows;
}

/** Every instruction encoding, in a stable order (ALU, JMP, memory). */
export const ISA_TABLE: readonly IsaRow[] = Object.freeze([...aluRows(), ...jmpRows(), ...memRows()]);

/** Rows by stable name. */
export const ISA_BY_NAME: ReadonlyMap<string, IsaRow> = new Map(ISA_TABLE.map((r) => [r.name, r]));
