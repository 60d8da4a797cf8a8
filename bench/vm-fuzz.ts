// A longer VM fuzzing campaign than the test suite's (same generator and checks, from
// test/runtime/vm/fuzz-harness.ts): N seeded random programs (default 1,000,000; `--fuzz-n=N`,
// `--fuzz-seed=S`) through the interpreter with canaries checked after every run, and every 20th also
// through the compiled tier, compared on result, fault and memory. Prints the outcome counts.
import {
  INPUT_BYTES, checkCanaries, createWorld, fillInputs, genProgram, initialRegs, loadOnly, rng, runOne, setCanaries,
} from '../test/runtime/vm/fuzz-harness.js';
import type { BenchContext, BenchModule } from './types.js';

function arg(ctx: BenchContext, name: string, dflt: number): number {
  const a = ctx.args.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? dflt : Number(a.slice(name.length + 3));
}

async function run(ctx: BenchContext): Promise<void> {
  const n = arg(ctx, 'fuzz-n', 1_000_000);
  const seed = arg(ctx, 'fuzz-seed', 0xbe4c4);
  const every = 20;
  const rnd = rng(seed);
  const interp = createWorld('interpreter', 500);
  const comp = createWorld('compiled', 500);
  setCanaries(interp);
  setCanaries(comp);
  const kinds = new Map<string, number>();
  const input = new Uint8Array(INPUT_BYTES);
  let compared = 0;
  let mismatches = 0;
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const insns = genProgram(rnd, 24);
    for (let j = 0; j < input.length; j++) input[j] = Math.floor(rnd() * 256);
    const regs = initialRegs(interp, rnd);
    fillInputs(interp, input);
    const compare = i % every === 0;
    const a = runOne(interp, insns, regs, `p${i}`, compare);
    const k = a.result.startsWith('fault') ? a.result.split(' ')[1]! : 'result';
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
    if (checkCanaries(interp) >= 0) throw new Error(`program ${i} (interpreter) wrote outside its regions: ${JSON.stringify(insns)}`);
    if (!compare) loadOnly(comp, insns, `p${i}`);
    if (compare) {
      fillInputs(comp, input);
      const b = runOne(comp, insns, regs, `p${i}`);
      if (checkCanaries(comp) >= 0) throw new Error(`program ${i} (compiled) wrote outside its regions: ${JSON.stringify(insns)}`);
      compared++;
      if (a.result !== b.result || a.memory !== b.memory) {
        mismatches++;
        ctx.out(`  MISMATCH program ${i}: interpreter ${a.result}, compiled ${b.result}: ${JSON.stringify(insns)}\n`);
      }
    }
  }
  const secs = (Date.now() - t0) / 1000;
  const counts = [...kinds].sort((x, y) => y[1] - x[1]).map(([k, c]) => `${k} ${c}`).join(', ');
  ctx.out(`  ${n} programs (seed ${seed}) in ${secs.toFixed(1)} s: ${counts}\n`);
  ctx.out(`  canaries intact after every run; ${compared} compared across tiers, ${mismatches} mismatches\n`);
  if (mismatches > 0) process.exitCode = 1;
}

export const vmFuzzBench: BenchModule = {
  name: 'vm-fuzz',
  description: 'long VM fuzzing campaign (interpreter vs compiled tier, canaries)',
  run,
};
