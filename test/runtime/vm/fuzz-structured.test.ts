// The compiled tier against the reference interpreter on structured random programs (fuzz-structured.ts):
// loops with multi-predecessor headers, bpf-to-bpf calls and helper calls, programs large enough to be
// split into several chunk functions, then split at every block and at random sizes, and runs whose
// budget ends inside a loop (the compiled tier hands over to the interpreter mid-run). Outcomes (r0,
// instruction count or fault) and all writable memory must agree; compiled with checkInt32, the
// generated code must also keep every register half an int32 after every instruction.
import { describe, expect, it } from 'vitest';
import { BIG_BUDGET, compareTiers } from './fuzz-structured.js';

describe('compiled tier on structured programs (loops, calls, chunk splits)', () => {
  it('agrees with the interpreter with the default chunk size (programs of several chunk functions)', () => {
    const s = compareTiers(0x100b5, 60, 60, (rnd) => ({ checkInt32: rnd() < 0.5 }), () => BIG_BUDGET);
    expect(s.mismatches.slice(0, 2)).toEqual([]);
    expect(s.results).toBe(s.programs);
    expect(s.looped).toBeGreaterThan(s.programs / 2);
    expect(s.split).toBeGreaterThan(s.programs / 2);
  });

  it('agrees with the interpreter when every block is its own chunk, or chunks of random size', () => {
    const s = compareTiers(0x5b1175, 150, 8, (rnd) => ({ chunkChars: rnd() < 0.5 ? 1 : 200 + Math.floor(rnd() * 3000), checkInt32: true }), () => BIG_BUDGET);
    expect(s.mismatches.slice(0, 2)).toEqual([]);
    expect(s.results).toBe(s.programs);
    expect(s.looped).toBeGreaterThan(s.programs / 2);
    expect(s.split).toBeGreaterThan(s.programs * 0.9);
  });

  it('agrees with the interpreter when the budget runs out inside a loop', () => {
    const s = compareTiers(0xb0d6e7, 150, 8, (rnd) => ({ ...(rnd() < 0.5 ? {} : { chunkChars: 1 }), checkInt32: rnd() < 0.5 }),
      (rnd, full) => 1 + Math.floor(rnd() * Math.max(1, full)));
    expect(s.mismatches.slice(0, 2)).toEqual([]);
  });
});
