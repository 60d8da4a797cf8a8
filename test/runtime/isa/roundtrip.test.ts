// asm∘disasm for every row: our LLVM-syntax text (decimal and hex, lossless) and our conformance-syntax
// text assemble back to the same slots. Also: the default (llvm-objdump-exact) text round-trips for every
// row except the two call forms whose LLVM spelling is shared with helper calls.
import { describe, expect, it } from 'vitest';
import {
  ISA_TABLE, assemble, normalizeInsn, printConformanceRow, printRow, Form, type Insn,
} from '../../../runtime/isa/index.js';
import { samplesOf } from './samples.js';

const norm = (xs: Insn[]): Insn[] => xs.map(normalizeInsn);

describe('asm∘disasm', () => {
  it.each(ISA_TABLE.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    for (const s of samplesOf(row)) {
      const [first, second] = s.slots;
      for (const hex of [false, true]) {
        const text = printRow(first!, row, 0, second, { hex, lossless: true });
        expect(norm(assemble(text, { syntax: 'llvm' }).insns), text).toEqual(norm(s.slots));
        if (row.form !== Form.callLocal && row.form !== Form.callKfunc) {
          const exact = printRow(first!, row, 0, second, { hex });
          expect(norm(assemble(exact, { syntax: 'llvm' }).insns), exact).toEqual(norm(s.slots));
        }
      }
      const conf = printConformanceRow(first!, row, 0, second);
      expect(norm(assemble(conf, { syntax: 'conformance' }).insns), conf).toEqual(norm(s.slots));
    }
  });

  it('prints LLVM-style text for representative encodings', () => {
    const p = (i: Insn, n?: Insn, hex = false): string => printRow(i, lookupRow(i), 0, n, { hex });
    expect(p({ code: 0x61, dst: 0, src: 1, off: 4, imm: 0 })).toBe('r0 = *(u32 *)(r1 + 4)');
    expect(p({ code: 0x2d, dst: 3, src: 2, off: 14, imm: 0 })).toBe('if r3 > r2 goto +14');
    expect(p({ code: 0xdb, dst: 0, src: 1, off: 0, imm: 0 })).toBe('lock *(u64 *)(r0 + 0) += r1');
    expect(p({ code: 0x18, dst: 1, src: 0, off: 0, imm: 0 }, { code: 0, dst: 0, src: 0, off: 0, imm: 0 })).toBe('r1 = 0 ll');
    expect(p({ code: 0x85, dst: 0, src: 0, off: 0, imm: 1 })).toBe('call 1');
    expect(p({ code: 0xbc, dst: 0, src: 1, off: 0, imm: 0 })).toBe('w0 = w1');
    expect(p({ code: 0xdc, dst: 0, src: 0, off: 0, imm: 16 })).toBe('r0 = be16 r0');
    expect(p({ code: 0xc6, dst: 1, src: 0, off: -5, imm: -3 })).toBe('if w1 s< -3 goto -5');
    expect(p({ code: 0x07, dst: 2, src: 0, off: 0, imm: -4 }, undefined, true)).toBe('r2 += -0x4');
    expect(p({ code: 0x05, dst: 0, src: 0, off: 33, imm: 0 }, undefined, true)).toBe('goto +0x21');
  });

  it('appends symbolized jump targets and reads them back', () => {
    const insn: Insn = { code: 0x2d, dst: 3, src: 2, off: 14, imm: 0 };
    const text = printRow(insn, lookupRow(insn), 5, undefined, { symbolize: (t) => (t === 20 ? 'LBB0_5' : undefined) });
    expect(text).toBe('if r3 > r2 goto +14 <LBB0_5>');
    expect(assemble(text).insns).toEqual([insn]);
  });
});

import { lookup } from '../../../runtime/isa/index.js';
function lookupRow(i: Insn) {
  const r = lookup(i);
  if (r === undefined) throw new Error('no row');
  return r;
}
