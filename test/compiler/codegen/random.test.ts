// Seeded random differential test of the whole back end: random functions over i8/i16/i32/i64 values
// (every binary operation, compares, casts, byte swaps, stack loads and stores, diamonds with phis,
// helper-free calls) are run in the IR interpreter (the definition of IR semantics) and, after the
// optimiser and code generation at every -O level and cpu version, in runtime/vm. Results must agree.
import { describe, expect, it } from 'vitest';
import { generateModule, type Cpu } from '../../../compiler/codegen/index.js';
import { IrMemory, interpret, optimizeModule, printModule, validateModule, type Module } from '../../../compiler/ir/index.js';
import { genModule } from './randprog.js';
import { cloneModule } from '../../../compiler/ir/clone.js';
import { VmHarness } from './vmrun.js';

function interp(m: Module, args: bigint[]): bigint {
  return interpret(m, 'f', args, { mem: new IrMemory(), helpers: new Map(), maps: new Map(), globals: new Map() });
}

const INPUTS: bigint[][] = [
  [0n, 0n, 0n],
  [1n, 2n, 3n],
  [0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn],
  [0x123456789abcdefn, 0xfedcba9876543210n, 0x80n],
  [0xffn, 0xffffn, 0xffffffffn],
  [0x80000000n, 0x7fffffffn, 0xffff8000n],
];

describe('back end: random programs agree with the IR interpreter', () => {
  const seeds = Array.from({ length: Number(process.env.RANDOM_SEEDS ?? 40) }, (_, i) => 1000 + i * 7919);
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      for (const mcpu of [1, 2, 3, 4] as Cpu[]) {
        const m = genModule(seed, mcpu === 4);
        expect(validateModule(m)).toEqual([]);
        const want = INPUTS.map((a) => interp(m, a));
        for (const level of [0, 1, 2] as const) {
          const opt = cloneModule(m);
          optimizeModule(opt, { level, validate: true });
          const ir = INPUTS.map((a) => interp(opt, a));
          expect(ir, `optimised IR at -O${level}\n${printModule(opt)}`).toEqual(want);
          const code = generateModule(opt, { mcpu });
          expect(code.diagnostics).toEqual([]);
          const h = new VmHarness(code, opt, {});
          const got = INPUTS.map((a) => h.run('f', a));
          expect(got, `-O${level} -mcpu=v${mcpu}\n${printModule(opt)}`).toEqual(want);
        }
      }
    });
  }
});
