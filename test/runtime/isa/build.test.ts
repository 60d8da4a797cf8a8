// Builders: each produces the slot the assembler produces for the same instruction text (whose bytes the
// LLVM differential test ties to llvm-mc), and bad arguments are InternalErrors.
import { describe, expect, it } from 'vitest';
import * as b from '../../../runtime/isa/index.js';
import { InternalError } from '../../../runtime/errors.js';

const asm = (t: string): b.Insn[] => b.assemble(t, { syntax: 'llvm' }).insns;

describe('builders', () => {
  it.each<[b.Insn | b.Insn[], string]>([
    [b.mov64Imm(1, -5), 'r1 = -5'],
    [b.mov32Reg(2, 3), 'w2 = w3'],
    [b.alu64Reg('arsh', 4, 5), 'r4 s>>= r5'],
    [b.alu32Imm('smod', 4, 7), 'w4 s%= 7'],
    [b.neg64(6), 'r6 = -r6'],
    [b.neg32(6), 'w6 = -w6'],
    [b.movsx64(1, 2, 32), 'r1 = (s32)r2'],
    [b.movsx32(1, 2, 16), 'w1 = (s16)w2'],
    [b.endian('be', 0, 16), 'r0 = be16 r0'],
    [b.endian('bswap', 0, 64), 'r0 = bswap64 r0'],
    [b.ldImm64(1, 0x1122334455667788n), 'r1 = 1234605616436508552 ll'],
    [b.ldImm64(1, -1), 'r1 = -1 ll'],
    [b.ldMapFd(1, 7), 'ld_pseudo r1, 1, 7'],
    [b.ldMapValue(2, 7, 16), 'ld_pseudo r2, 2, 7, 16'],
    [b.ldMapIdx(1, 3), 'ld_pseudo r1, 5, 3'],
    [b.ldMapIdxValue(1, 3, 8), 'ld_pseudo r1, 6, 3, 8'],
    [b.ldAbs(2, 12), 'r0 = *(u16 *)skb[12]'],
    [b.ldInd(1, 3, -4), 'r0 = *(u8 *)skb[r3 - 4]'],
    [b.ldx(4, 0, 1, 4), 'r0 = *(u32 *)(r1 + 4)'],
    [b.ldsx(1, 0, 10, -1), 'r0 = *(s8 *)(r10 - 1)'],
    [b.st(8, 10, -8, 42), '*(u64 *)(r10 - 8) = 42'],
    [b.stx(2, 10, 1, -2), '*(u16 *)(r10 - 2) = r1'],
    [b.atomic(8, 'add', 0, 1, 0), 'lock *(u64 *)(r0 + 0) += r1'],
    [b.atomic(4, 'xor', 0, 1, 8, true), 'w1 = atomic_fetch_xor((u32 *)(r0 + 8), w1)'],
    [b.atomic(8, 'cmpxchg', 3, 4, 0), 'r0 = cmpxchg_64(r3 + 0, r0, r4)'],
    [b.atomic(4, 'xchg', 3, 4, 0), 'w4 = xchg32_32(r3 + 0, w4)'],
    [b.ja(-1), 'goto -1'],
    [b.gotol(100000), 'gotol +100000'],
    [b.jmpImm('jsle', 1, -3, 2), 'if r1 s<= -3 goto +2'],
    [b.jmpReg('jset', 1, 2, 2), 'if r1 & r2 goto +2'],
    [b.jmp32Imm('jne', 1, 0, 2), 'if w1 != 0 goto +2'],
    [b.jmp32Reg('jlt', 1, 2, -2), 'if w1 < w2 goto -2'],
    [b.call(1), 'call 1'],
    [b.callLocal(5), 'call pc+5'],
    [b.callKfunc(1234), 'call kfunc 1234'],
    [b.callx(2), 'callx r2'],
    [b.exit(), 'exit'],
  ])('%j = %s', (built, text) => {
    expect([built].flat()).toEqual(asm(text));
  });

  it('rejects bad arguments as internal errors', () => {
    expect(() => b.mov64Imm(11, 0)).toThrow(InternalError);
    expect(() => b.ldx(4, 0, 1, 40000)).toThrow(InternalError);
    expect(() => b.alu64Imm('add', 0, 2 ** 33)).toThrow(InternalError);
    expect(() => b.insnOf('no_such_insn')).toThrow(InternalError);
  });
});
