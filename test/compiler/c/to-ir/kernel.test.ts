// End to end in the Linux kernel (root, bpftool, bpffs; skipped otherwise): every example and corpus
// program compiled by us (front end, lowering, IR pipeline, codegen, object emitter) loads with
// `bpftool prog loadall` — the kernel's verifier accepts it — and on the traffic and map setup of its
// test.json gives the return values, output packets, maps and global variables the kernel recorded for
// the clang-16 -O2 object (kernel.json). The semantic fixtures (test/fixtures/c-lower) run there too,
// our object beside clang's on the same random packets.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPreprocessCache } from '../../../../grammar/c/preprocess/index.js';
import { decodeObject } from '../../../../runtime/index.js';
import { toHex } from '../../../../runtime/loader/index.js';
import type { KernelRun, RunCase } from '../../../helpers/kernel.js';
import { canUseKernel } from '../../../helpers/tools.js';
import { runInKernelBatched } from '../../../corpus/batch-kernel.js';
import { compileFile, objectOf } from './compile.js';
import { dataVars, realMaps, remapCase } from './harness.js';
import { packets } from './packets.js';

const ROOT = join(import.meta.dirname, '../../../..');

/** Possible CPUs ("0-1" → 2): per-CPU values and LRU eviction in the recordings depend on it. */
function possibleCpus(): number {
  try {
    return readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split(',').reduce((n, part) => {
      const [a, b] = part.split('-').map(Number);
      return n + (b === undefined ? 1 : (b as number) - (a as number) + 1);
    }, 0);
  } catch {
    return 0;
  }
}

const kernel = canUseKernel() && possibleCpus() === 2;
const cache = createPreprocessCache();
const tmp = kernel ? mkdtempSync(join(tmpdir(), 'ebpfc-lower-kernel-')) : '';
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function programs(dir: string, objDir: string): [string, string, string][] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.bpf.c'))
    .map((f) => f.slice(0, -'.bpf.c'.length))
    .filter((n) => existsSync(join(ROOT, dir, `${n}.kernel.json`)) && existsSync(join(ROOT, objDir, `${n}.o`)))
    .sort()
    .map((n) => [n, join(ROOT, dir), join(ROOT, objDir, `${n}.o`)]);
}

const ALL = [...programs('examples', 'test/fixtures/clang'), ...programs('test/fixtures/corpus', 'test/fixtures/corpus/clang')];

describe.skipIf(!kernel)('our objects in the kernel give the results recorded for clang-16 -O2 objects', () => {
  it.each(ALL)('%s', async (name, dir, clangObject) => {
    const compiled = compileFile(join(dir, `${name}.bpf.c`), { headers: 'bundled', cache });
    const bytes = objectOf(compiled);
    const path = join(tmp, `${name}.o`);
    writeFileSync(path, bytes);
    const spec = decodeObject(bytes);
    const base = decodeObject(new Uint8Array(readFileSync(clangObject)));
    const c = JSON.parse(readFileSync(join(dir, `${name}.test.json`), 'utf8')) as RunCase;
    const want = JSON.parse(readFileSync(join(dir, `${name}.kernel.json`), 'utf8')) as KernelRun;
    const got = await runInKernelBatched(path, remapCase(c, spec, base));
    want.results.forEach((r, i) => expect(got.results[i], `${name} packet ${i} (${c.packets[i]?.name ?? '?'})`).toEqual(r));
    expect(realMaps(got.maps), `${name} maps`).toEqual(realMaps(want.maps));
    const ours = dataVars(got.maps, spec.data);
    for (const [v, hex] of dataVars(want.maps, base.data)) if (ours.has(v)) expect(ours.get(v), `${name} global ${v}`).toBe(hex);
  }, 60_000);
});

const FIXTURES = join(ROOT, 'test/fixtures/c-lower');

describe.skipIf(!kernel)('semantic fixtures in the kernel: our object and clang-16 -O2 object agree', () => {
  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.bpf.c')).sort())('%s', async (file) => {
    const compiled = compileFile(join(FIXTURES, file), { headers: 'bundled', cache });
    const path = join(tmp, file.replace(/\.bpf\.c$/, '.o'));
    writeFileSync(path, objectOf(compiled));
    const clang = join(FIXTURES, 'clang', file.replace(/\.bpf\.c$/, '.o'));
    const names = compiled.code.functions.filter((f) => f.section !== undefined).map((f) => f.name);
    for (const [k, prog] of names.entries()) {
      const c: RunCase = { prog, packets: packets(0x5eed + k * 7919, 40).map((p) => ({ hex: toHex(p) })) };
      const ours = await runInKernelBatched(path, c);
      const theirs = await runInKernelBatched(clang, c);
      ours.results.forEach((r, i) => expect(r, `${file} ${prog} packet ${i}`).toEqual(theirs.results[i]));
      expect(realMaps(ours.maps), `${file} ${prog} maps`).toEqual(realMaps(theirs.maps));
    }
  }, 120_000);
});
