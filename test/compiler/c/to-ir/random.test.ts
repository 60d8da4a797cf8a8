// Differential fuzzing of the lowering (bounded, seeded): random C expression programs (randexpr.ts:
// every integer type, promotions, conversions, shifts, unsigned division, comparisons, ?:, && ||) and
// random statement programs (if/else, loops with break/continue, unrolled or not, do-while, switches
// with fall-through), without undefined behaviour, compiled by clang-16 -O2 and by us, run in the VM on
// the same random packets; every output word must agree. Skipped without clang.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunner, loadObject, toHex } from '../../../../runtime/loader/index.js';
import { createPreprocessCache } from '../../../../grammar/c/preprocess/index.js';
import { CLANG, hasTool, run } from '../../../helpers/tools.js';
import { compileFile, objectOf } from './compile.js';
import { packets } from './packets.js';
import { ExprGen, StmtGen } from './randexpr.js';

const PROGRAMS = 5;
const FUNCS = 3;
const cache = createPreprocessCache();
const dir = hasTool(CLANG) ? mkdtempSync(join(tmpdir(), 'ebpfc-randexpr-')) : '';
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTool(CLANG))('random expressions: our code agrees with clang-16 -O2 in the VM', () => {
  it.each(Array.from({ length: PROGRAMS }, (_, i) => i + 1))('seed %i', (seed) => {
    copyFileSync(join(import.meta.dirname, '../../../fixtures/c-lower/common.h'), join(dir, 'common.h'));
    const gen = new ExprGen(seed * 2654435761);
    const sgen = new StmtGen(seed * 40503);
    const names = Array.from({ length: FUNCS }, (_, k) => `rand_${seed}_${k}`);
    const stmtNames = Array.from({ length: FUNCS }, (_, k) => `stmts_${seed}_${k}`);
    const src = ['#include "common.h"', '', ...names.map((n) => gen.program(n, 24, 4)), ...stmtNames.map((n) => sgen.stmtProgram(n))].join('\n');
    const file = join(dir, `rand${seed}.bpf.c`);
    const obj = join(dir, `rand${seed}.o`);
    writeFileSync(file, src);
    run(CLANG, ['-O2', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-w', '-c', file, '-o', obj]);
    const bytes = new Uint8Array(readFileSync(obj));
    const compiled = compileFile(file, { headers: 'bundled', cache });
    const ours = loadObject(objectOf(compiled));
    const theirs = loadObject(bytes);
    const pkts = packets(seed, 48);
    for (const name of [...names, ...stmtNames]) {
      const a = createRunner(ours, ours.program(name));
      const b = createRunner(theirs, theirs.program(name));
      pkts.forEach((p, i) => {
        const x = a.run(p);
        const y = b.run(p);
        const show = (o: typeof x): string => (o.kind === 'ok' ? `${o.retval} ${toHex(o.packet).slice(128)}` : `${o.kind} ${o.error}`);
        if (show(x) !== show(y)) {
          // name the first differing output and its expression
          const xs = show(x).split(' ')[1] ?? '';
          const ys = show(y).split(' ')[1] ?? '';
          let k = 0;
          while (k < 24 && xs.slice(k * 16, k * 16 + 16) === ys.slice(k * 16, k * 16 + 16)) k++;
          const line = src.split('\n').find((l) => l.includes(`out[${k}] =`) && src.indexOf(l) > src.indexOf(`int ${name}(`));
          expect(show(x), `${name} packet ${i}, out[${k}]: ${line?.trim()}`).toBe(show(y));
        }
      });
    }
  });
});
