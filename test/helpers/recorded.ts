// The programs with recorded kernel runs: each NAME.test.json (traffic and map setup) beside its
// NAME.kernel.json (what the kernel did with clang's object, scripts/record-kernel.ts) and the clang-built
// object. Used by the replay and tier tests.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
/** The recordings were made on a kernel with 2 possible CPUs. */
export const RECORDED_CPUS = 2;

export interface Recorded {
  name: string;
  /** NAME.bpf.c beside the JSON files. */
  source: string;
  object: string;
  testJson: string;
  kernelJson: string;
}

/** The cases in `casesDir` (relative to the repository) with both JSON files and an object in `objDir`. */
export function recorded(casesDir: string, objDir: string): Recorded[] {
  const dir = join(ROOT, casesDir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.kernel.json'))
    .map((f) => f.slice(0, -'.kernel.json'.length))
    .filter((n) => existsSync(join(dir, `${n}.test.json`)) && existsSync(join(ROOT, objDir, `${n}.o`)))
    .sort()
    .map((name) => ({
      name, source: join(dir, `${name}.bpf.c`), object: join(ROOT, objDir, `${name}.o`), testJson: join(dir, `${name}.test.json`), kernelJson: join(dir, `${name}.kernel.json`),
    }));
}

export const RECORDED_EXAMPLES = recorded('examples', 'test/fixtures/clang');
export const RECORDED_CORPUS = recorded('test/fixtures/corpus', 'test/fixtures/corpus/clang');

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
