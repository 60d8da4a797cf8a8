// Helpers and contexts against the kernel: small C programs (fixtures/*.bpf.c, built by clang-16) call
// helpers with edge-case inputs and leave results in maps and packets; the kernel's results
// (BPF_PROG_TEST_RUN through bpftool, recorded by record.ts as fixtures/*.kernel.json) must equal the
// VM's — return values, output packets and every map — in both tiers. With root and bpftool the
// kernel is also run live.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canUseKernel } from '../../helpers/tools.js';
import { runInKernel, type KernelRun } from '../../helpers/kernel.js';
import { runVm, type DiffCase } from './harness.js';

const DIR = join(import.meta.dirname, 'fixtures');
const NAMES = readdirSync(DIR).filter((f) => f.endsWith('.case.json')).map((f) => f.replace(/\.case\.json$/, '')).sort();
const load = (name: string): DiffCase => JSON.parse(readFileSync(join(DIR, `${name}.case.json`), 'utf8')) as DiffCase;

/** Kernel errors are bpftool messages; the VM's are ours: compare only that both failed. */
function normalize(run: KernelRun): unknown {
  return { results: run.results.map((r) => ('error' in r ? { error: true } : r)), maps: run.maps };
}

describe('helpers and contexts vs kernel (recorded)', () => {
  for (const name of NAMES) {
    it(name, () => {
      const c = load(name);
      const recorded = JSON.parse(readFileSync(join(DIR, `${name}.kernel.json`), 'utf8')) as KernelRun;
      expect(recorded.results.length).toBe(c.packets.length);
      for (const tier of ['interpreter', 'compiled'] as const) {
        const vm = runVm(join(DIR, `${name}.o`), c, tier);
        expect(normalize(vm), tier).toEqual(normalize(recorded));
      }
    });
  }
});

describe('helpers and contexts vs kernel (live)', () => {
  for (const name of NAMES) {
    it.skipIf(!canUseKernel())(name, async () => {
      const c = load(name);
      const live = await runInKernel(join(DIR, `${name}.o`), c);
      expect(normalize(runVm(join(DIR, `${name}.o`), c))).toEqual(normalize(live));
    });
  }
});
