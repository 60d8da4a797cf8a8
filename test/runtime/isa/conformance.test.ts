// The conformance suite's programs: every `-- asm` program assembles (and validates), the one with a
// `-- raw` twin assembles to exactly those bytes, every program survives disasm∘asm in both syntaxes, and
// the 15 non-unused negative files are refused (by our assembler with the suite's message where the
// suite gives one, or by the .data reader or at run time where the file tests the runner itself).
import { describe, expect, it } from 'vitest';
import {
  IsaError, assemble, encode, findIsaErrors, printConformanceProgram, printProgram, normalizeInsn,
} from '../../../runtime/isa/index.js';
import { readDataDir, rawBytes } from './conformance-data.js';

const tests = readDataDir('tests');

describe('conformance tests/*.data', () => {
  it('has 313 programs, all with an asm section', () => {
    expect(tests.length).toBe(313);
    expect(tests.every((t) => t.asm !== undefined)).toBe(true);
  });

  it('assembles lddw.data to its raw twin', () => {
    const withRaw = tests.filter((t) => t.raw !== undefined);
    expect(withRaw.map((t) => t.name)).toEqual(['lddw.data']);
    for (const t of withRaw) expect(encode(assemble(t.asm!).insns)).toEqual(rawBytes(t.raw!));
  });

  it.each(tests.map((t) => [t.name, t] as const))('%s assembles and round-trips', (_n, t) => {
    const { insns, syntax } = assemble(t.asm!);
    expect(syntax).toBe('conformance');
    expect(findIsaErrors(insns)).toEqual([]);
    const bytes = encode(insns);
    const conf = printConformanceProgram(insns);
    expect(encode(assemble(conf, { syntax: 'conformance' }).insns)).toEqual(bytes);
    for (const hex of [false, true]) {
      const llvm = printProgram(insns, { hex, lossless: true });
      expect(encode(assemble(llvm, { syntax: 'llvm' }).insns.map(normalizeInsn))).toEqual(bytes);
    }
  });
});

describe('conformance negative/*.data (not unused-*)', () => {
  const negatives = new Map(readDataDir('negative').filter((f) => !f.name.startsWith('unused-')).map((f) => [f.name, f]));
  const asmError = (name: string): IsaError => {
    const f = negatives.get(name)!;
    try {
      assemble(f.asm!);
    } catch (e) {
      if (e instanceof IsaError) return e;
      throw e;
    }
    throw new Error(`${name} assembled`);
  };

  it('has 15 files', () => expect(negatives.size).toBe(15));

  it.each([
    ['invalid_imm32_dec_range.data', 'asm: 1:12: immediate 2147483648 does not fit in 32 bits'],
    ['invalid_imm32_hex_range.data', 'asm: 1:12: immediate 0x100000000 does not fit in 32 bits'],
    ['invalid_label.data', 'asm: 1:4: Invalid label: NOT_A_LABEL'],
    ['invalid_lock.data', 'asm: 1:1: Invalid number of operands for lock'],
    ['invalid_lock2.data', 'asm: 1:1: Invalid number of operands for lock'],
    ['invalid_mnemonic.data', 'asm: 1:1: Invalid mnemonic: ldxq'],
    ['invalid_offset.data', 'asm: 1:11: Failed to decode register and offset: %r1'],
    ['invalid_offset_range.data', 'asm: 1:15: offset 0x10000 does not fit in 16 bits'],
    ['invalid_operand_count.data', 'asm: 1:1: Invalid number of operands for mnemonic: lddw'],
    ['invalid_register.data', 'asm: 1:9: Invalid register: %r50'],
  ])('%s is rejected by the assembler', (name, message) => {
    const e = asmError(name);
    expect(e.message).toBe(message);
    // where the file names the expected error, ours starts with it
    const want = negatives.get(name)!.error;
    if (want) expect(e.detail.startsWith(want)).toBe(true);
  });

  it('empty.data and empty_instructions.data hold no program', () => {
    for (const n of ['empty.data', 'empty_instructions.data']) {
      const f = negatives.get(n)!;
      expect(f.asm === undefined && f.raw === undefined, n).toBe(true);
    }
  });

  it('invalid_unknown_directive.data is refused by the .data reader', () => {
    expect(negatives.get('invalid_unknown_directive.data')!.unknownDirective).toBe('-- Unknown directive');
  });

  it('error.data and incorrect_return_value_high_bits.data are valid programs (they test the runner)', () => {
    // error.data expects the run to fail with "Invalid", incorrect_return_value_high_bits.data expects a
    // wrong r0: both are refused at run time by result comparison, not by the instruction set
    for (const n of ['error.data', 'incorrect_return_value_high_bits.data']) {
      expect(findIsaErrors(assemble(negatives.get(n)!.asm!).insns), n).toEqual([]);
    }
  });
});
