// A longer whole-compiler fuzzing campaign than the test suite's (same mutations and checks, from
// test/compiler/compile-fuzz.ts): N seeded cases (default 3,000; `--fuzz-n=N`, `--fuzz-seed=S`), each a
// damaged example or corpus program compiled at a random -O level and cpu version. Prints the outcome
// counts and every failure with the seed that reproduces it.
import { compileCase, fuzzCase } from '../test/compiler/compile-fuzz.js';
import type { BenchContext, BenchModule } from './types.js';

function arg(ctx: BenchContext, name: string, dflt: number): number {
  const a = ctx.args.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? dflt : Number(a.slice(name.length + 3));
}

async function run(ctx: BenchContext): Promise<void> {
  const n = arg(ctx, 'fuzz-n', 3000);
  const seed = arg(ctx, 'fuzz-seed', 1);
  let objects = 0;
  let diagnostics = 0;
  let failures = 0;
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const s = seed + i * 7919;
    const c = fuzzCase(s);
    const r = compileCase(c);
    if ('failure' in r) {
      failures++;
      ctx.out(`  failure: seed ${s} (${c.path}, -O${c.optLevel} v${c.mcpu}): ${r.failure}\n`);
    } else if (r.outcome === 'object') objects++;
    else diagnostics++;
  }
  const secs = (Date.now() - t0) / 1000;
  ctx.out(`  ${n} cases in ${secs.toFixed(1)} s: ${objects} objects, ${diagnostics} rejected with diagnostics, ${failures} failures\n`);
}

export const compileFuzzBench: BenchModule = {
  name: 'compile-fuzz',
  description: 'long whole-compiler fuzzing campaign (damaged programs at every -O level and cpu version)',
  run,
};
