// BPF_PROG_TEST_RUN's context rules against the kernel (fixtures/ctx_in.kernel.json, recorded by
// record-ctx.ts): which ctx_in values XDP, TC and socket filters accept (EINVAL / ENODEV / E2BIG
// otherwise), the fields programs then see, the packet out (XDP from data_meta, fragments included
// when data_end leaves some of the packet to them) and ctx_out — all equal to the kernel's.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canUseKernel } from '../../helpers/tools.js';
import { runCtxKernel, runCtxVm, type CtxCase, type CtxResult } from './ctx-run.js';

const DIR = join(import.meta.dirname, 'fixtures');
const OBJ = join(DIR, 'ctx_in.o');
const CASES = JSON.parse(readFileSync(join(DIR, 'ctx_in.cases.json'), 'utf8')) as CtxCase[];
function compare(v: CtxResult[], k: CtxResult[]): void {
  CASES.forEach((c, i) => expect(v[i], c.name).toEqual(k[i]));
}

describe('ctx_in / ctx_out vs kernel', () => {
  it('recorded', () => {
    const k = JSON.parse(readFileSync(join(DIR, 'ctx_in.kernel.json'), 'utf8')) as CtxResult[];
    expect(k.filter((r) => 'error' in r).length).toBeGreaterThan(5);
    compare(runCtxVm(OBJ, CASES), k);
  });
  it.skipIf(!canUseKernel())('live', async () => {
    compare(runCtxVm(OBJ, CASES), await runCtxKernel(OBJ, CASES));
  });
});
