// The program corpus (test/fixtures/corpus: clang-built objects with the kernel's recorded results)
// through the Linux helpers and contexts: every return value, output packet and map must equal the
// kernel's. Runs the reference interpreter, so a difference points at helpers, contexts or the loader
// (the compiled tier is compared with the interpreter by the VM's own tests).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelRun } from '../../helpers/kernel.js';
import { runVm, type DiffCase } from './harness.js';

const DIR = join(import.meta.dirname, '../../fixtures/corpus');
const NAMES = readdirSync(DIR).filter((f) => f.endsWith('.test.json')).map((f) => f.replace(/\.test\.json$/, ''))
  .filter((n) => existsSync(join(DIR, 'clang', `${n}.o`)) && existsSync(join(DIR, `${n}.kernel.json`))).sort();

describe('program corpus vs recorded kernel runs', () => {
  it('has programs', () => expect(NAMES.length).toBeGreaterThan(20));
  for (const name of NAMES) {
    it(name, () => {
      const c = JSON.parse(readFileSync(join(DIR, `${name}.test.json`), 'utf8')) as DiffCase;
      const k = JSON.parse(readFileSync(join(DIR, `${name}.kernel.json`), 'utf8')) as KernelRun;
      // the reference kernel (6.18) allows up to 255 bytes of XDP metadata
      const v = runVm(join(DIR, 'clang', `${name}.o`), { ...c, context: { metaMax: 255 } }, 'interpreter');
      const norm = (r: KernelRun['results']): unknown => r.map((x) => ('error' in x ? { error: true } : x));
      expect(norm(v.results)).toEqual(norm(k.results));
      expect(v.maps).toEqual(k.maps);
    });
  }
});
