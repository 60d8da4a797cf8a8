// validate: each structural rule rejects with an IsaError naming pc, bytes and the problem; the 45
// negative/unused-* encodings of the conformance suite (a reserved field set) are all rejected; every
// table row's samples and every conformance test program are accepted.
import { describe, expect, it } from 'vitest';
import {
  ISA_TABLE, IsaError, assemble, decode, findIsaErrors, validate, mov64Imm, exit, ldImm64, ja, call,
  callLocal, gotol, alu64Imm, type Insn,
} from '../../../runtime/isa/index.js';
import { readDataDir, rawBytes } from './conformance-data.js';
import { samplesOf } from './samples.js';

const EXIT: Insn = exit();
const sdivImm = (dst: number, imm: number): Insn => alu64Imm('sdiv', dst, imm);

function errorOf(insns: Insn[], opts = {}): IsaError {
  try {
    validate(insns, opts);
  } catch (e) {
    if (e instanceof IsaError) return e;
    throw e;
  }
  throw new Error('validate accepted the program');
}

describe('validate', () => {
  it('accepts every row (operands in range, jumps made to land)', () => {
    for (const row of ISA_TABLE) {
      for (const s of samplesOf(row)) {
        const prog = [...s.slots, EXIT];
        // point jumps and local calls at the exit
        const rel = prog.length - 1 - 1;
        if (['ja', 'jmp-imm', 'jmp-reg'].includes(row.form)) prog[0]!.off = rel;
        if (row.form === 'ja32' || row.form === 'call-local') prog[0]!.imm = rel;
        expect(findIsaErrors(prog), row.name).toEqual([]);
      }
    }
  });

  it('names pc, bytes and problem', () => {
    const e = errorOf([mov64Imm(0, 0), { code: 0x61, dst: 0, src: 10, off: -4, imm: 1 }, EXIT]);
    expect(e.pc).toBe(1);
    expect(e.message).toBe('isa: pc 1 (61 a0 fc ff 01 00 00 00): ldxw: reserved field imm is 1, must be 0');
  });

  it('rejects unknown opcodes and variants', () => {
    expect(errorOf([{ code: 0x8c, dst: 0, src: 0, off: 0, imm: 0 }]).message).toMatch(/pc 0 .*: unknown opcode 0x8c$/);
    expect(errorOf([{ code: 0x34, dst: 0, src: 0, off: 2, imm: 1 }, EXIT]).message).toBe('isa: pc 0 (34 00 02 00 01 00 00 00): opcode 0x34: off is 2, must be one of 0 (div32_imm), 1 (sdiv32_imm)');
    expect(errorOf([{ code: 0x18, dst: 0, src: 7, off: 0, imm: 1 }, { code: 0, dst: 0, src: 0, off: 0, imm: 0 }, EXIT]).detail).toMatch(/^opcode 0x18: src is 7, must be one of 0 \(lddw\), 1 \(lddw_map_fd\)/);
  });

  it('rejects bad registers', () => {
    expect(errorOf([{ code: 0xb7, dst: 11, src: 0, off: 0, imm: 0 }, EXIT]).detail).toBe('mov_imm: invalid register dst = r11 (r0..r10)');
    expect(errorOf([{ code: 0xbf, dst: 1, src: 15, off: 0, imm: 0 }, EXIT]).detail).toBe('mov_reg: invalid register src = r15 (r0..r10)');
  });

  it('checks the ld_imm64 second slot', () => {
    const [a, b] = ldImm64(1, 0x1122334455667788n);
    expect(errorOf([a]).detail).toBe('lddw: missing the second slot of the 64-bit immediate');
    const e = errorOf([a, { ...b, code: 0x18 }, EXIT]);
    expect(e.pc).toBe(1);
    expect(e.detail).toBe('lddw: second slot must have code, dst, src and off zero');
    expect(errorOf([a, { ...b, dst: 1 }, EXIT]).pc).toBe(1);
    expect(findIsaErrors([a, b, EXIT])).toEqual([]);
  });

  it('checks jump and call targets', () => {
    expect(errorOf([ja(1), EXIT]).detail).toBe('ja: target 2 (+1) is outside the program (0..1)');
    expect(errorOf([ja(-2), EXIT]).detail).toBe('ja: target -1 (-2) is outside the program (0..1)');
    const [a, b] = ldImm64(1, 5);
    expect(errorOf([ja(1), a, b, EXIT]).detail).toBe('ja: target 2 is the middle of an ld_imm64');
    expect(errorOf([gotol(5), EXIT]).detail).toMatch(/^ja32: target 6/);
    expect(errorOf([callLocal(3), EXIT]).detail).toMatch(/^call_local: target 4/);
    expect(findIsaErrors([ja(0), EXIT])).toEqual([]);
    expect(findIsaErrors([callLocal(-1), EXIT])).toEqual([]); // self-call, as in an unrelocated object
  });

  it('enforces the selected cpu version and groups', () => {
    expect(errorOf([sdivImm(1, 3), EXIT], { cpu: 3 }).detail).toBe('sdiv_imm needs cpu v4, but v3 is selected');
    expect(findIsaErrors([sdivImm(1, 3), EXIT], { cpu: 4 })).toEqual([]);
    expect(errorOf([{ code: 0x8d, dst: 2, src: 0, off: 0, imm: 0 }, EXIT], { groups: ['base32', 'base64'] }).detail)
      .toBe('callx is in conformance group callx, which is not enabled');
    expect(errorOf([call(1), mov64Imm(0, 1), EXIT], { groups: ['base32'] }).detail).toMatch(/^mov_imm is in conformance group base64/);
  });

  it('reports every problem with findIsaErrors, in pc order', () => {
    const errs = findIsaErrors([ja(5), { code: 0x99, dst: 0, src: 0, off: 0, imm: 0 }, { ...EXIT, dst: 1 }]);
    expect(errs.map((e) => e.pc)).toEqual([0, 1, 2]);
  });

  it('accepts every conformance test program', () => {
    for (const f of readDataDir('tests')) {
      const { insns } = assemble(f.asm!, { syntax: 'conformance' });
      expect(findIsaErrors(insns), f.name).toEqual([]);
    }
  });
});

describe('conformance negative/unused-* encodings', () => {
  const files = readDataDir('negative').filter((f) => f.name.startsWith('unused-'));
  it('has 45 of them', () => expect(files.length).toBe(45));
  it.each(files.map((f) => [f.name, f] as const))('%s is rejected', (name, f) => {
    const insns = decode(rawBytes(f.raw!));
    const errs = findIsaErrors(insns);
    expect(errs.length).toBe(1);
    expect(errs[0]!.pc).toBe(0);
    // the file name says which field is set: unused-<insn>-<field>.data
    const field = /-(dst|src|offset|imm)\.data$/.exec(name)![1]!.replace('offset', 'off');
    // a reserved field, or the field that selects the variant (mov/movsx, div/sdiv) with a value no row has
    expect(errs[0]!.detail).toMatch(new RegExp(`reserved field ${field} is|: ${field} is \\d+, must be one of`));
  });
});
