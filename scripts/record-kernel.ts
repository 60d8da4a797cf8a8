// Records the kernel's results for every examples/<name>.test.json: loads the clang-built object
// (test/fixtures/clang/<name>.o) with bpftool, runs the packets on CPU 0 and writes
// examples/<name>.kernel.json {results, maps}. Needs root, bpftool and a mounted bpffs.
// Usage: node --import tsx scripts/record-kernel.ts [name...]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInKernel, type RunCase } from '../test/helpers/kernel.js';

const root = new URL('..', import.meta.url).pathname;
const names = process.argv.slice(2);
const all = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.test.json')).map((f) => f.replace('.test.json', ''));
for (const name of names.length ? names : all) {
  const c = JSON.parse(readFileSync(join(root, 'examples', `${name}.test.json`), 'utf8')) as RunCase;
  const run = await runInKernel(join(root, 'test/fixtures/clang', `${name}.o`), c);
  writeFileSync(join(root, 'examples', `${name}.kernel.json`), JSON.stringify(run, null, 1) + '\n');
  const errors = run.results.filter((r) => 'error' in r).length;
  console.log(`${name}: ${run.results.length} packets (${errors} refused by the kernel), ${Object.keys(run.maps).length} maps`);
}
