// The predecoder's own validity checks (used for non-strict loads) agree with runtime/isa's validator
// on every table row, on every row with each reserved field set, and on random slots at every cpu
// version; the only differences allowed are the VM's own limits (unlinked ld_imm64 pseudo sources and
// kfunc calls are valid instructions the VM cannot run).
import { describe, expect, it } from 'vitest';
import { ISA_TABLE, findIsaErrors, lookup } from '../../../runtime/isa/index.js';
import type { Insn } from '../../../runtime/isa/index.js';
import { decodeProgram } from '../../../runtime/vm/program.js';
import type { CpuVersion } from '../../../runtime/vm/index.js';
import { OP } from '../../../runtime/vm/ops.js';

const EXIT: Insn = { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 };

function program(x: Insn, secondImm = 0): Insn[] {
  const second: Insn = x.code === 0x18 ? { code: 0, dst: 0, src: 0, off: 0, imm: secondImm } : EXIT;
  return [x, second, EXIT, EXIT];
}

/** Valid instructions the VM refuses: unlinked ld_imm64 pseudos, kfunc calls, bad callback references. */
function vmOnlyLimit(x: Insn, secondImm = 0): boolean {
  const row = lookup(x);
  if (row === undefined) return false;
  if (row.name === 'call_kfunc') return true;
  if (row.code !== 0x18) return false;
  if (x.src === 4) {
    // BPF_PSEUDO_FUNC: target pc + imm + 1 must be an instruction start of program() (pc 2 or 3)
    const target = 1 + x.imm;
    return secondImm !== 0 || (target !== 2 && target !== 3);
  }
  return x.src !== 0;
}

function agree(insns: Insn[], cpu: CpuVersion): { isa: boolean; vm: boolean } {
  const isa = findIsaErrors(insns, { cpu }).length === 0;
  const p = decodeProgram({ insns }, 0, { cpu, strict: false });
  if (!('problems' in p)) throw new Error('non-strict decode returned a problem');
  return { isa, vm: p.problems.length === 0 };
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('predecoder agrees with runtime/isa', () => {
  it('accepts every table row (except the VM-only limits) and maps it to an op', () => {
    for (const row of ISA_TABLE) {
      const x: Insn = { code: row.code, dst: 1, src: 2, off: 0, imm: 0, ...row.match };
      for (const f of row.reserved) x[f] = 0;
      if (row.form === 'ja32' || row.form === 'call-local') x.imm = 0;
      if (row.name === 'lddw_func') x.imm = 1;
      const insns = program(x);
      const r = agree(insns, 4);
      expect(r.isa, row.name).toBe(true);
      expect(r.vm, row.name).toBe(!vmOnlyLimit(x));
      if (r.vm) {
        const p = decodeProgram({ insns }, 0, { strict: true });
        expect('op' in p && p.op[0] !== OP.INVALID, row.name).toBe(true);
      }
    }
  });

  it('rejects every row with a reserved field set', () => {
    for (const row of ISA_TABLE) {
      for (const f of row.reserved) {
        const x: Insn = { code: row.code, dst: 1, src: 2, off: 0, imm: 0, ...row.match };
        for (const g of row.reserved) x[g] = 0;
        x[f] = 1;
        const r = agree(program(x), 4);
        expect(r, `${row.name} with ${f} = 1`).toEqual({ isa: false, vm: false });
      }
    }
  });

  it('agrees on 50,000 random slots at cpu v1..v4', () => {
    const rnd = rng(12345);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const OFFS = [0, 0, 0, 1, 8, 16, 32, -1, 2];
    const IMMS = [0, 0, 1, 12, 16, 32, 64, 0x01, 0x40, 0x41, 0x50, 0xa1, 0xe1, 0xf1, -1, 0x7fffffff];
    let disagreements = 0;
    const seen: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const x: Insn = {
        code: Math.floor(rnd() * 256),
        dst: rnd() < 0.9 ? Math.floor(rnd() * 11) : Math.floor(rnd() * 16),
        src: rnd() < 0.5 ? 0 : rnd() < 0.9 ? Math.floor(rnd() * 11) : Math.floor(rnd() * 16),
        off: rnd() < 0.8 ? pick(OFFS) : (Math.floor(rnd() * 65536) - 32768),
        imm: rnd() < 0.8 ? pick(IMMS) : (Math.floor(rnd() * 4294967296) | 0),
      };
      const cpu = (1 + Math.floor(rnd() * 4)) as CpuVersion;
      const secondImm = rnd() < 0.8 ? 0 : 5;
      const r = agree(program(x, secondImm), cpu);
      const expectedVm = r.isa && !vmOnlyLimit(x, secondImm);
      if (r.vm !== expectedVm) {
        disagreements++;
        if (seen.length < 10) seen.push(`${JSON.stringify(x)} cpu v${cpu}: isa ${r.isa}, vm ${r.vm}`);
      }
    }
    expect(seen).toEqual([]);
    expect(disagreements).toBe(0);
  });
});
