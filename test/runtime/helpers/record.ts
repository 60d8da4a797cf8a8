// Rebuilds the helper/context differential-test objects with clang-16 and records the kernel's results
// (needs root, bpftool, a mounted bpffs):  node --import tsx test/runtime/helpers/record.ts
// For every fixtures/NAME.bpf.c with fixtures/NAME.case.json: writes NAME.o and NAME.kernel.json
// ({results, maps}) next to them.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInKernel } from '../../helpers/kernel.js';
import type { DiffCase } from './harness.js';

const dir = join(import.meta.dirname, 'fixtures');
const only = process.argv[2];
for (const f of readdirSync(dir).filter((x) => x.endsWith('.bpf.c')).sort()) {
  const name = f.replace(/\.bpf\.c$/, '');
  if (only && name !== only) continue;
  const obj = join(dir, `${name}.o`);
  execFileSync('clang-16', ['-O2', '-g', '-target', 'bpf', '-mcpu=v3', '-I/usr/include/x86_64-linux-gnu', '-c', join(dir, f), '-o', obj]);
  const c = JSON.parse(readFileSync(join(dir, `${name}.case.json`), 'utf8')) as DiffCase;
  const run = await runInKernel(obj, c);
  writeFileSync(join(dir, `${name}.kernel.json`), JSON.stringify(run, null, 1) + '\n');
  console.log(`${name}: ${run.results.length} packets, ${Object.keys(run.maps).length} maps`);
}
