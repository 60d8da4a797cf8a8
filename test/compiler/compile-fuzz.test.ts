// Seeded whole-compiler fuzzing (compile-fuzz.ts): damaged real programs at random -O levels and cpu
// versions end in an object or diagnostics, never an exception. Longer campaigns: npm run bench compile-fuzz.
import { describe, expect, it } from 'vitest';
import { compileCase, fuzzCase } from './compile-fuzz.js';

const RUNS = 100;

describe('compiling damaged programs', () => {
  it(`${RUNS} seeded cases end in an object or diagnostics`, () => {
    const failures: string[] = [];
    let objects = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const c = fuzzCase(seed * 7919);
      const r = compileCase(c);
      if ('failure' in r) failures.push(`seed ${seed * 7919} (${c.path}, -O${c.optLevel} v${c.mcpu}): ${r.failure}`);
      else if (r.outcome === 'object') objects++;
    }
    expect(failures).toEqual([]);
    // the mutations leave many programs valid, so code generation is exercised too
    expect(objects).toBeGreaterThan(RUNS / 5);
  }, 120_000);
});
