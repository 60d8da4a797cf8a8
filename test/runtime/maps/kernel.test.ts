// Differential test: every scenario runs in the kernel (bpf() through scripts/kernel-maps.py, pinned to
// its CPU) and on runtime/maps; return codes, values, get_next_key results and dumps must agree.
// Skipped without root, bpftool's bpffs or python3.
import { describe, expect, it } from 'vitest';
import { canUseKernel, hasTool } from '../../helpers/tools.js';
import { normalize, runKernelAll, runOurs, type ScenarioResult } from './scenario.js';
import { scenarios } from './scenarios.js';

const can = canUseKernel() && hasTool('python3');
const all = scenarios();
let kernel: ScenarioResult[] | undefined;

describe('maps vs the kernel', () => {
  for (const [i, scn] of all.entries()) {
    it.skipIf(!can)(scn.name, () => {
      kernel ??= runKernelAll(all);
      const k = kernel[i]!;
      const ours = runOurs(scn, k.ncpus);
      expect(normalize(scn, ours)).toEqual(normalize(scn, k));
    });
  }
});
