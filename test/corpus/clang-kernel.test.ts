// Keeps the program corpus (test/fixtures/corpus) honest. Everywhere: every program has its cases, its
// recorded kernel results and its clang object, and the recorded results agree with what each case was
// written to give (`expect` verdicts and `expectPacket` outputs computed independently by
// scripts/corpus_cases). With root and bpftool: each clang object is run again in the kernel (bpftool
// batch mode, once per program) and must reproduce the recorded kernel.json exactly — on a kernel with
// the recorded number of possible CPUs, since per-CPU values and LRU eviction depend on it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KernelRun, RunCase } from '../helpers/kernel.js';
import { canUseKernel } from '../helpers/tools.js';
import { runInKernelBatched } from './batch-kernel.js';

type CorpusPacket = { name?: string; hex: string; expect?: number | 'error'; expectPacket?: string };
type CorpusCase = Omit<RunCase, 'packets'> & { packets: CorpusPacket[] };

const dir = new URL('../fixtures/corpus/', import.meta.url).pathname;
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.bpf.c'))
  .map((f) => f.slice(0, -'.bpf.c'.length))
  .sort();
const load = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

/** Possible CPUs of this machine (/sys/devices/system/cpu/possible, e.g. "0-1"), 0 when unknown. */
function possibleCpus(): number {
  try {
    const text = readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim();
    return text.split(',').reduce((n, part) => {
      const [a, b] = part.split('-').map(Number);
      return n + (b === undefined ? 1 : b - a + 1);
    }, 0);
  } catch {
    return 0;
  }
}

/** CPUs the fixtures were recorded with: the length of the per-CPU value lists in a per-CPU map dump. */
const RECORDED_CPUS = (load<KernelRun>('xdp_percpu_stats.kernel.json').maps.by_proto[0][1] as string[]).length;
const kernel = canUseKernel() && possibleCpus() === RECORDED_CPUS;

describe('program corpus', () => {
  it(`has at least 45 programs, each with cases, recorded results and a clang object (recorded on ${RECORDED_CPUS} CPUs)`, () => {
    expect(names.length).toBeGreaterThanOrEqual(45);
    for (const n of names) {
      for (const f of [`${n}.test.json`, `${n}.kernel.json`, `clang/${n}.o`]) expect(existsSync(join(dir, f)), f).toBe(true);
    }
  });

  for (const name of names) {
    it(`${name}: recorded results match the verdicts and packets the cases were written for`, () => {
      const c = load<CorpusCase>(`${name}.test.json`);
      const run = load<KernelRun>(`${name}.kernel.json`);
      expect(run.results).toHaveLength(c.packets.length);
      c.packets.forEach((p, i) => {
        const r = run.results[i];
        const label = `${name} packet ${i} (${p.name ?? '?'})`;
        if (p.expect !== undefined) expect('error' in r ? 'error' : r.retval, label).toBe(p.expect);
        if (p.expectPacket !== undefined) expect('packet' in r ? r.packet : undefined, label).toBe(p.expectPacket);
      });
    });
  }

  for (const name of names) {
    it.skipIf(!kernel)(`${name}: the clang object still gives the recorded results in the kernel`, async () => {
      const c = load<CorpusCase>(`${name}.test.json`);
      const run = await runInKernelBatched(join(dir, 'clang', `${name}.o`), c);
      expect(run).toEqual(load<KernelRun>(`${name}.kernel.json`));
    });
  }
});
