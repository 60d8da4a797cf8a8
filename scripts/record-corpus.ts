// Records the kernel's results for every test/fixtures/corpus/<name>.test.json: loads the clang-built
// object (test/fixtures/corpus/clang/<name>.o, from scripts/build-corpus.sh) with bpftool, runs the
// packets on CPU 0 and writes test/fixtures/corpus/<name>.kernel.json {results, maps}. A packet's
// optional `expect` (the verdict the program was written to give, or "error" for a packet test_run
// refuses) and `expectPacket` (the output computed independently by the case script) are checked and any
// difference reported, with a non-zero exit. Needs root, bpftool and bpffs.
// Usage: node --import tsx scripts/record-corpus.ts [--check] [name...]   (--check: compare, write nothing)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInKernel, type RunCase } from '../test/helpers/kernel.js';

type CorpusPacket = { name?: string; hex: string; expect?: number | 'error'; expectPacket?: string };
type CorpusCase = Omit<RunCase, 'packets'> & { packets: CorpusPacket[] };

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'test/fixtures/corpus');
const args = process.argv.slice(2);
const check = args[0] === '--check';
const names = check ? args.slice(1) : args;
const all = readdirSync(dir).filter((f) => f.endsWith('.test.json')).map((f) => f.replace('.test.json', '')).sort();
let bad = 0;
for (const name of names.length ? names : all) {
  const c = JSON.parse(readFileSync(join(dir, `${name}.test.json`), 'utf8')) as CorpusCase;
  const run = await runInKernel(join(dir, 'clang', `${name}.o`), c);
  const text = JSON.stringify(run, null, 1) + '\n';
  c.packets.forEach((p, i) => {
    const r = run.results[i];
    const got = 'error' in r ? 'error' : r.retval;
    if (p.expect !== undefined && p.expect !== got) {
      console.log(`  ${name}: packet ${i} (${p.name ?? '?'}) gave ${got}, written to give ${p.expect}`);
      bad++;
    }
    if (p.expectPacket !== undefined && (!('packet' in r) || r.packet !== p.expectPacket)) {
      console.log(`  ${name}: packet ${i} (${p.name ?? '?'}) output differs from the expected packet`);
      console.log(`    got  ${'packet' in r ? r.packet : '-'}\n    want ${p.expectPacket}`);
      bad++;
    }
  });
  if (check) {
    const old = readFileSync(join(dir, `${name}.kernel.json`), 'utf8');
    if (old !== text) {
      console.log(`  ${name}: kernel results differ from the recorded ones`);
      bad++;
    }
  } else {
    writeFileSync(join(dir, `${name}.kernel.json`), text);
  }
  const errors = run.results.filter((r) => 'error' in r).length;
  console.log(`${name}: ${run.results.length} packets (${errors} refused by the kernel), ${Object.keys(run.maps).length} maps`);
}
if (bad) {
  console.log(`${bad} difference(s)`);
  process.exitCode = 1;
}
