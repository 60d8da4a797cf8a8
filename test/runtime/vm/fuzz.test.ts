// Seeded fuzzing of the VM: random programs (mostly well-formed instructions of every ISA row with
// random registers, offsets, immediates and jumps, plus random slots) on random memory. Every run must
// end with a result or a VmFault, no byte outside the mapped regions may change (canaries fill every
// gap), and the compiled tier must agree with the reference interpreter on every outcome and on memory.
import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../runtime/vm/compile.js';
import {
  INPUT_BYTES, checkCanaries, createWorld, fillInputs, genProgram, initialRegs, loadOnly, rng, runOne, setCanaries,
} from './fuzz-harness.js';

const PROGRAMS = 100_000;
/** programs also run by the compiled tier (compiling costs ~0.1 ms each; the bench runs more) */
const COMPARED = 3_000;
const BUDGET = 200;

describe('VM fuzzing', () => {
  it(`${PROGRAMS} random programs end in a result or a VmFault and stay inside their regions; ${COMPARED} agree across tiers`, () => {
    const rnd = rng(0x5eed);
    const interp = createWorld('interpreter', BUDGET);
    const comp = createWorld('compiled', BUDGET);
    expect(comp.rw.start).toBe(interp.rw.start);
    expect(comp.xdp.ctx.start).toBe(interp.xdp.ctx.start);
    setCanaries(interp);
    setCanaries(comp);
    const kinds = new Map<string, number>();
    const mismatches: string[] = [];
    const input = new Uint8Array(INPUT_BYTES);
    for (let i = 0; i < PROGRAMS; i++) {
      const insns = genProgram(rnd, 16);
      for (let j = 0; j < input.length; j++) input[j] = Math.floor(rnd() * 256);
      const regs = initialRegs(interp, rnd);
      fillInputs(interp, input);
      const compare = i % Math.floor(PROGRAMS / COMPARED) === 0;
      const a = runOne(interp, insns, regs, `p${i}`, compare);
      const k = a.result.startsWith('fault') ? a.result.split(' ')[1]! : 'result';
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
      const bad = checkCanaries(interp);
      if (bad >= 0) throw new Error(`program ${i} (interpreter) changed unmapped byte 0x${bad.toString(16)}: ${JSON.stringify(insns)}`);
      // function values (ld_imm64 BPF_PSEUDO_FUNC) carry the program id: keep the ids in step
      if (!compare) loadOnly(comp, insns, `p${i}`);
      if (compare) {
        fillInputs(comp, input);
        const b = runOne(comp, insns, regs, `p${i}`);
        const bad2 = checkCanaries(comp);
        if (bad2 >= 0) throw new Error(`program ${i} (compiled) changed unmapped byte 0x${bad2.toString(16)}: ${JSON.stringify(insns)}`);
        if (a.result !== b.result || a.memory !== b.memory) {
          mismatches.push(`program ${i}: interpreter ${a.result} mem ${a.memory}, compiled ${b.result} mem ${b.memory}: ${JSON.stringify(insns)}`);
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // the programs reach every kind of ending (not just load rejections)
    for (const k of ['result', 'invalid-insn', 'unmapped', 'budget']) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(100);
    expect(kinds.get('permission') ?? 0).toBeGreaterThan(0);
    expect(kinds.get('ctx-access') ?? 0).toBeGreaterThan(0);
  });
});

describe('compiled tier split into chunks', () => {
  it('agrees with the interpreter when every block is its own chunk function', () => {
    const rnd = rng(0xc4c4);
    const interp = createWorld('interpreter', BUDGET);
    const comp = createWorld('compiled', BUDGET);
    const input = new Uint8Array(INPUT_BYTES);
    const mismatches: string[] = [];
    let multi = 0;
    for (let i = 0; i < 1000; i++) {
      const insns = genProgram(rnd, 24);
      for (let j = 0; j < input.length; j++) input[j] = Math.floor(rnd() * 256);
      const regs = initialRegs(interp, rnd);
      fillInputs(interp, input);
      fillInputs(comp, input);
      const a = runOne(interp, insns, regs, `c${i}`);
      const b = runOne(comp, insns, regs, `c${i}`, true, (p) => {
        const fn = compileProgram(p, { chunkChars: 1, checkInt32: true });
        if ((fn.chunks ?? 0) > 3) multi++;
        return fn;
      });
      if (a.result !== b.result || a.memory !== b.memory) mismatches.push(`program ${i}: ${a.result} vs ${b.result}: ${JSON.stringify(insns)}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(multi).toBeGreaterThan(300);
  });
});
