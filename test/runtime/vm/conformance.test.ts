// The eBPF ISA conformance suite (/work/shared/conformance, from bpf_conformance): all 313 tests at cpu
// v4 with every group, in both VM tiers, and the negative cases: every `unused-*` encoding (a reserved
// field set) is rejected at load, and every other negative file fails the way the suite means it to.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '../../../runtime/isa/index.js';
import { VmFault, createVm } from '../../../runtime/vm/index.js';
import { parseConformanceData, unusedRawBytes } from './conformance-data.js';
import { programOf, runCase } from './conformance-run.js';

const DIR = join(import.meta.dirname, '../../../../shared/conformance');
const TESTS = readdirSync(join(DIR, 'tests')).filter((f) => f.endsWith('.data')).sort();
const NEGATIVE = readdirSync(join(DIR, 'negative')).filter((f) => f.endsWith('.data')).sort();

describe('conformance suite', () => {
  it('has all 313 tests', () => {
    expect(TESTS.length).toBe(313);
  });

  for (const file of TESTS) {
    const c = parseConformanceData(file, readFileSync(join(DIR, 'tests', file), 'utf8'));
    it(file, () => {
      expect(c.skip).toBeUndefined();
      expect(c.result).toBeDefined();
      const insns = programOf(c);
      for (const tier of ['interpreter', 'compiled', 'chunked'] as const) {
        expect(runCase(insns, c.mem, tier), tier).toBe(c.result);
      }
    });
  }
});

describe('conformance negative cases', () => {
  const unused = NEGATIVE.filter((f) => f.startsWith('unused-'));
  it('has 45 unused-field encodings and 15 others', () => {
    expect(unused.length).toBe(45);
    expect(NEGATIVE.length - unused.length).toBe(15);
  });

  for (const file of unused) {
    it(`${file}: rejected at load`, () => {
      const insns = decode(unusedRawBytes(readFileSync(join(DIR, 'negative', file), 'utf8')));
      expect(insns.length).toBeGreaterThan(0);
      const vm = createVm();
      let err: unknown;
      try {
        vm.load({ insns, name: file });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(VmFault);
      expect((err as VmFault).kind).toBe('invalid-insn');
      expect((err as VmFault).message).toMatch(/reserved|undefined|unknown/);
    });
  }

  // how each of the other negative files must fail
  const ASM_ERROR = ['invalid_imm32_dec_range', 'invalid_imm32_hex_range', 'invalid_label', 'invalid_lock',
    'invalid_lock2', 'invalid_mnemonic', 'invalid_offset', 'invalid_offset_range', 'invalid_operand_count',
    'invalid_register'];
  const SKIPPED = ['empty', 'invalid_unknown_directive'];
  for (const file of NEGATIVE.filter((f) => !f.startsWith('unused-'))) {
    const base = file.replace(/\.data$/, '');
    const c = parseConformanceData(file, readFileSync(join(DIR, 'negative', file), 'utf8'));
    it(`${file}: fails`, () => {
      if (SKIPPED.includes(base)) {
        expect(c.skip).toBeDefined();
        return;
      }
      expect(c.skip).toBeUndefined();
      if (ASM_ERROR.includes(base)) {
        expect(() => programOf(c)).toThrow();
        return;
      }
      const insns = programOf(c);
      if (base === 'empty_instructions') {
        expect(insns.length).toBe(0);
        expect(() => createVm().load({ insns, name: base })).toThrow(VmFault);
        return;
      }
      // the program runs, but not as the file claims: a result mismatch (incorrect_return_value_high_bits)
      // or success where an error is expected (error.data: `or %r0, %r10` is a valid instruction)
      expect(['incorrect_return_value_high_bits', 'error']).toContain(base);
      for (const tier of ['interpreter', 'compiled'] as const) {
        const r0 = runCase(insns, c.mem, tier);
        if (c.result !== undefined) expect(r0).not.toBe(c.result);
        else expect(c.error).toBeDefined();
      }
    });
  }
});
