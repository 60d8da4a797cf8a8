// The built CLI (dist/, made by `npm install`): from a shell it compiles an example and runs the object as
// the kernel ran clang's (examples/*.kernel.json), and it loads Chevrotain's one-file build (scripts/postbuild.mjs), not the
// package's module tree. Skipped when dist/ has not been built.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KernelRun, RunCase } from '../helpers/kernel.js';

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/bin/ebpfc.js');
const BUILT = existsSync(CLI);
const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-dist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function ebpfc(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
}

describe.skipIf(!BUILT)('the built CLI', () => {
  it('imports the vendored Chevrotain build, which exists', () => {
    const parser = readFileSync(join(ROOT, 'dist/grammar/c/parser-base.js'), 'utf8');
    expect(parser).toContain("from '../../vendor/chevrotain.mjs'");
    expect(existsSync(join(ROOT, 'dist/vendor/chevrotain.mjs'))).toBe(true);
  });

  it('compiles an example and runs it as the kernel ran clang\'s object', () => {
    const out = join(tmp, 'counter.o');
    const r = ebpfc('compile', 'examples/xdp_counter.bpf.c', '-o', out);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const c = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_counter.test.json'), 'utf8')) as RunCase;
    const k = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_counter.kernel.json'), 'utf8')) as KernelRun;
    const run = ebpfc('run', out, '--prog', c.prog, '--cpus', '2', '--json', ...c.packets.flatMap((p) => ['--packet', p.hex]));
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const shape = (x: Record<string, unknown>): unknown => ('error' in x ? 'refused' : x);
    expect(lines.map(shape)).toEqual(k.results.map((x) => shape(x as Record<string, unknown>)));
  });
});
