// Differential test against LLVM. For every table row (a few operand variations each): llvm-mc-16
// disassembles our bytes to exactly our text (decimal and `--print-imm-hex`), and assembles our text to
// our bytes, for the rows LLVM 16 knows (row.llvm16); for the other rows we check that LLVM 16 indeed
// cannot print them as we do, and compare with llvm-mc-19 (cpu v4) when it is installed.
//
// What LLVM cannot express at all, so is left out of the comparison (each is covered by our own
// round-trip tests): an ld_imm64 pseudo with a non-zero second-slot immediate (LLVM's `ld_pseudo` drops
// it), LD_IND with a non-zero immediate (LLVM prints `skb[r2]` and drops it), and assembling a local or
// kfunc call from `call N` (LLVM reads that as a helper call: in LLVM text those calls are symbolic).
// Known LLVM 16 divergences, recorded through row.llvm16 = false: callx (LLVM 16 takes the register from
// imm, the RFC/conformance encoding and LLVM 19 from dst), 32-bit fetch atomics (LLVM 16 decodes
// `c3 .. imm 0x01` as a plain add), jset, st, and everything of cpu v4.
import { describe, expect, it } from 'vitest';
import { ISA_TABLE, Form, encode, printRow, type IsaRow } from '../../../runtime/isa/index.js';
import { hasTool } from '../../helpers/tools.js';
import { samplesOf, type Sample } from './samples.js';
import { mcAssemble, mcDisassemble } from './llvm-mc.js';

const MC16 = 'llvm-mc-16';
const MC19 = 'llvm-mc-19';

function expressible(s: Sample): boolean {
  const [a, b] = s.slots;
  if (s.row.form === Form.ldImm64 && a!.src !== 0 && b!.imm !== 0) return false;
  if (s.row.form === Form.ldInd && a!.imm !== 0) return false;
  return true;
}
const symbolicCall = (r: IsaRow): boolean => r.form === Form.callLocal || r.form === Form.callKfunc;

const samples = ISA_TABLE.flatMap((r) => samplesOf(r, 4)).filter(expressible);
const ours = (s: Sample, hex: boolean): string => printRow(s.slots[0]!, s.row, 0, s.slots[1], { hex });
const hexOf = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe.skipIf(!hasTool(MC16))('llvm-mc-16', () => {
  it('covers every row', () => {
    expect(new Set(samples.map((s) => s.row.name)).size).toBe(ISA_TABLE.length);
  });

  for (const hex of [false, true]) {
    it(`disassembles our bytes to our text (${hex ? 'hex' : 'decimal'})`, () => {
      const got = mcDisassemble(MC16, samples.map((s) => encode(s.slots)), hex ? ['--print-imm-hex'] : []);
      const mismatches: string[] = [];
      const differs = new Set<string>();
      samples.forEach((s, i) => {
        const mine = ours(s, hex);
        const theirs = got[i];
        if (theirs !== mine) differs.add(s.row.name);
        if (s.row.llvm16 && theirs !== mine) {
          mismatches.push(`${s.row.name} ${hexOf(encode(s.slots))}: ours '${mine}', llvm-mc-16 '${theirs ?? '<invalid>'}'`);
        }
      });
      expect(mismatches).toEqual([]);
      // rows marked as beyond LLVM 16 really are (some sample prints differently or not at all)
      const wronglyMarked = ISA_TABLE.filter((r) => !r.llvm16 && !differs.has(r.name)).map((r) => r.name);
      expect(wronglyMarked).toEqual([]);
    });
  }

  it('assembles our text to our bytes (LLVM 16 cannot parse ld_pseudo and the fetch/xchg/cmpxchg forms)', () => {
    const list = samples.filter((s) => s.row.llvm16 && !symbolicCall(s.row));
    const got = mcAssemble(MC16, list.map((s) => ours(s, false)));
    const mismatches: string[] = [];
    list.forEach((s, i) => {
      const g = got[i]!;
      const want = hexOf(encode(s.slots));
      if (llvm16ParserGap(s.row)) {
        if (typeof g !== 'string') mismatches.push(`${ours(s, false)}: expected llvm-mc-16 to reject it`);
      } else if (typeof g === 'string' || hexOf(g) !== want) {
        mismatches.push(`${ours(s, false)}: want ${want}, llvm-mc-16 ${typeof g === 'string' ? g : hexOf(g)}`);
      }
    });
    expect(mismatches).toEqual([]);
  });
});

/** Rows whose text LLVM 16 prints but its assembler does not parse (LLVM 19's does). */
function llvm16ParserGap(r: IsaRow): boolean {
  return (r.form === Form.ldImm64 && r.match.src !== 0) || (r.form === Form.atomic && r.size === 8 && r.fetch);
}

describe.skipIf(!hasTool(MC19))('llvm-mc-19 (rows LLVM 16 cannot express or parse)', () => {
  const list = samples.filter((s) => !s.row.llvm16 || llvm16ParserGap(s.row));
  for (const hex of [false, true]) {
    it(`disassembles our bytes to our text (${hex ? 'hex' : 'decimal'})`, () => {
      const got = mcDisassemble(MC19, list.map((s) => encode(s.slots)), hex ? ['--print-imm-hex'] : []);
      const mismatches = list.flatMap((s, i) =>
        got[i] === ours(s, hex) ? [] : [`${s.row.name} ${hexOf(encode(s.slots))}: ours '${ours(s, hex)}', llvm-mc-19 '${got[i] ?? '<invalid>'}'`]);
      expect(mismatches).toEqual([]);
    });
  }
  it('assembles our text to our bytes', () => {
    const got = mcAssemble(MC19, list.map((s) => ours(s, false)));
    const mismatches = list.flatMap((s, i) => {
      const g = got[i]!;
      const want = hexOf(encode(s.slots));
      return typeof g !== 'string' && hexOf(g) === want ? [] : [`${ours(s, false)}: want ${want}, llvm-mc-19 ${typeof g === 'string' ? g : hexOf(g)}`];
    });
    expect(mismatches).toEqual([]);
  });
});
