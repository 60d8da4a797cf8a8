// C semantics of the lowering, differentially: each fixture of test/fixtures/c-lower/*.bpf.c holds XDP
// programs that read inputs from the packet and write their results into it. Compiled by us and by
// clang-16 -O2 (the committed objects in test/fixtures/c-lower/clang, rebuilt and compared when clang
// is installed), both run on the same seeded random packets (with edge values mixed in: 0, ±1, the
// extremes of each type) and must give the same return values and output packets for every program and
// packet — in the runtime's VM, and in the kernel too when it can be used (both objects loaded with
// bpftool, so the verifier accepts ours, run with BPF_PROG_TEST_RUN, maps compared).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { decodeObject } from '../../../../runtime/index.js';
import { createRunner, loadObject, toHex, type LoadedObject } from '../../../../runtime/loader/index.js';
import { CLANG, hasTool, run } from '../../../helpers/tools.js';
import { createPreprocessCache } from '../../../../grammar/c/preprocess/index.js';
import { compileFile, objectOf } from './compile.js';
import { packets } from './packets.js';
import { kernelAvailable, realMaps, withObjectFile } from './harness.js';
import { runInKernelBatched } from '../../../corpus/batch-kernel.js';
import type { RunCase } from '../../../helpers/kernel.js';

const DIR = join(import.meta.dirname, '../../../fixtures/c-lower');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.bpf.c')).sort();
const PACKETS = 96;

function runAll(obj: LoadedObject, name: string, pkts: Uint8Array[]): string[] {
  const runner = createRunner(obj, obj.program(name));
  return pkts.map((p) => {
    const o = runner.run(p);
    return o.kind === 'ok' ? `${o.retval} ${toHex(o.packet)}` : `${o.kind}: ${o.error}`;
  });
}

function clangObject(file: string): Uint8Array {
  const committed = join(DIR, 'clang', file.replace(/\.bpf\.c$/, '.o'));
  return new Uint8Array(readFileSync(committed));
}

const cache = createPreprocessCache();

describe('C semantics: our code and clang-16 -O2 code agree on random inputs (VM)', () => {
  it.each(FIXTURES)('%s', async (file) => {
    const bytes = clangObject(file);
    const compiled = compileFile(join(DIR, file), { headers: 'bundled', cache });
    const ours = loadObject(objectOf(compiled), { cpus: 2 });
    const theirs = loadObject(bytes, { cpus: 2 });
    const names = compiled.code.functions.filter((f) => f.section !== undefined).map((f) => f.name);
    expect(names.length).toBeGreaterThan(0);
    names.forEach((name, k) => {
      const pkts = packets(0x5eed + k * 7919, PACKETS);
      const a = runAll(ours, name, pkts);
      const b = runAll(theirs, name, pkts);
      for (let i = 0; i < pkts.length; i++) expect(a[i], `${file} ${name} packet ${i} (${toHex(pkts[i] as Uint8Array).slice(0, 96)}…)`).toBe(b[i]);
    });
    if (!kernelAvailable()) return;
    const clangPath = join(DIR, 'clang', file.replace(/\.bpf\.c$/, '.o'));
    await withObjectFile(objectOf(compiled), async (path) => {
      for (const [k, prog] of names.entries()) {
        const c: RunCase = { prog, packets: packets(0x5eed + k * 7919, 40).map((p) => ({ hex: toHex(p) })) };
        const mine = await runInKernelBatched(path, c);
        const clang = await runInKernelBatched(clangPath, c);
        mine.results.forEach((r, i) => expect(r, `kernel: ${file} ${prog} packet ${i}`).toEqual(clang.results[i]));
        expect(realMaps(mine.maps), `kernel: ${file} ${prog} maps`).toEqual(realMaps(clang.maps));
      }
    });
  }, 120_000);
});

describe.skipIf(!hasTool(CLANG))('the committed clang objects are current', () => {
  it.each(FIXTURES)('%s', async (file) => {
    const dir = mkdtempSync(join(tmpdir(), 'ebpfc-clower-'));
    try {
      const obj = join(dir, 'x.o');
      run(CLANG, ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', join(DIR, file), '-o', obj]);
      const fresh = decodeObject(new Uint8Array(readFileSync(obj)));
      const committed = decodeObject(clangObject(file));
      expect(fresh.programs.map((p) => p.insns)).toEqual(committed.programs.map((p) => p.insns));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('every fixture has its object', () => {
    for (const f of FIXTURES) expect(existsSync(join(DIR, 'clang', f.replace(/\.bpf\.c$/, '.o'))), f).toBe(true);
  });
});
