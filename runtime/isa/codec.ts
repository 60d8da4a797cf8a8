// Bytes <-> instruction slots (RFC 9669 §3, little-endian). In: a byte buffer whose length is a multiple
// of 8, or an Insn[] array. Out: the other. Every 8 bytes decode to some slot (decoding never judges
// opcodes; see validate.ts); encoding checks that each field fits its bit width.
//
//   byte:   0        1               2    3    4    5    6    7
//         +--------+-------+-------+---------+-------------------+
//         | opcode |src(4)|dst(4)|  off s16 |      imm s32       |
//         +--------+-------+-------+---------+-------------------+
//   (byte 1: low nibble = dst, high nibble = src)
import { INSN_SIZE, type Insn } from './opcodes.js';
import { IsaError } from './errors.js';

/** Decodes one slot at `offset` of `view`. */
export function decodeInsn(view: DataView, offset: number): Insn {
  const regs = view.getUint8(offset + 1);
  return {
    code: view.getUint8(offset),
    dst: regs & 0x0f,
    src: regs >>> 4,
    off: view.getInt16(offset + 2, true),
    imm: view.getInt32(offset + 4, true),
  };
}

/** Decodes a whole program. Throws IsaError when the length is not a multiple of 8. */
export function decode(bytes: Uint8Array): Insn[] {
  if (bytes.length % INSN_SIZE !== 0) {
    throw new IsaError('decode', `program size ${bytes.length} is not a multiple of ${INSN_SIZE} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length / INSN_SIZE;
  const out = new Array<Insn>(n);
  for (let i = 0; i < n; i++) out[i] = decodeInsn(view, i * INSN_SIZE);
  return out;
}

/** Writes one slot at `offset` of `view`; fields out of range throw IsaError naming `pc`. */
export function encodeInsn(insn: Insn, view: DataView, offset: number, pc = offset / INSN_SIZE): void {
  checkField(insn.code, 0, 0xff, 'code', pc);
  checkField(insn.dst, 0, 0x0f, 'dst', pc);
  checkField(insn.src, 0, 0x0f, 'src', pc);
  // off and imm may be given signed or as their unsigned bit pattern
  checkField(insn.off, -0x8000, 0xffff, 'off', pc);
  checkField(insn.imm, -0x80000000, 0xffffffff, 'imm', pc);
  view.setUint8(offset, insn.code);
  view.setUint8(offset + 1, (insn.src << 4) | insn.dst);
  view.setUint16(offset + 2, insn.off & 0xffff, true);
  view.setUint32(offset + 4, insn.imm >>> 0, true);
}

/** Encodes a program to its little-endian bytes. */
export function encode(insns: readonly Insn[]): Uint8Array {
  const out = new Uint8Array(insns.length * INSN_SIZE);
  const view = new DataView(out.buffer);
  for (let i = 0; i < insns.length; i++) encodeInsn(insns[i]!, view, i * INSN_SIZE, i);
  return out;
}

/** The 8 bytes of one slot (for error messages and listings). */
export function insnBytes(insn: Insn): Uint8Array {
  const out = new Uint8Array(INSN_SIZE);
  const view = new DataView(out.buffer);
  view.setUint8(0, insn.code & 0xff);
  view.setUint8(1, ((insn.src & 0x0f) << 4) | (insn.dst & 0x0f));
  view.setUint16(2, insn.off & 0xffff, true);
  view.setUint32(4, insn.imm >>> 0, true);
  return out;
}

/** Normalises off/imm to their signed values (as decode returns them). */
export function normalizeInsn(insn: Insn): Insn {
  return { code: insn.code, dst: insn.dst, src: insn.src, off: (insn.off << 16) >> 16, imm: insn.imm | 0 };
}

function checkField(v: number, lo: number, hi: number, name: string, pc: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new IsaError('encode', `field ${name} = ${String(v)} does not fit (${lo}..${hi})`, { pc });
  }
}
