// `ebpfc compile` (cli-contract.md): writes the object (which `ebpfc run` then runs as the kernel ran
// clang's), honours -I/-D/-O/--mcpu/-g0/--emit-ir/--emit-asm/--emit-ast, prints diagnostics in the
// contract's format on stderr and exits 1 on errors without writing the object, refuses .p4 sources
// and bad flags with exit 1.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { decodeObject } from '../../runtime/object/index.js';
import type { KernelRun, RunCase } from '../helpers/kernel.js';
import { memoryIo } from '../helpers/io.js';
import { CLANG, hasTool } from '../helpers/tools.js';

const ROOT = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-compile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const COUNTER = join(ROOT, 'examples/xdp_counter.bpf.c');

describe('ebpfc compile', () => {
  it('compiles an example whose object runs as the kernel ran clang\'s', async () => {
    const out = join(tmp, 'counter.o');
    const r = await cli('compile', COUNTER, '-o', out);
    expect(r).toEqual({ code: 0, out: '', err: '' });
    const c = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_counter.test.json'), 'utf8')) as RunCase;
    const k = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_counter.kernel.json'), 'utf8')) as KernelRun;
    const run = await cli('run', out, '--prog', c.prog, '--cpus', '2', '--json', ...c.packets.flatMap((p) => ['--packet', p.hex]));
    expect(run.code).toBe(0);
    // refusals compare as refusals (the kernel's message is bpftool's, the VM's names the rule)
    const shape = (r: Record<string, unknown>): unknown => ('error' in r ? 'refused' : r);
    expect(run.out.trimEnd().split('\n').map((l) => shape(JSON.parse(l) as Record<string, unknown>))).toEqual(k.results.map((x) => shape(x)));
  });

  it('writes the IR, the listing and the AST it is asked for', async () => {
    const [o, ir, asm, ast] = ['c.o', 'c.ir', 'c.s', 'c.ast'].map((f) => join(tmp, f)) as [string, string, string, string];
    const r = await cli('compile', COUNTER, '-o', o, '--emit-ir', ir, '--emit-asm', asm, '--emit-ast', ast);
    expect(r.code).toBe(0);
    expect(readFileSync(ir, 'utf8')).toContain('func @xdp_count(');
    const listing = readFileSync(asm, 'utf8');
    expect(listing).toContain(`${o}:\tfile format elf64-bpf`);
    expect(listing).toContain('<xdp_count>:');
    expect(listing).toContain('R_BPF_64_64\tproto_stats');
    expect(readFileSync(ast, 'utf8')).toContain('xdp_count');
  });

  it('-g0 leaves line info out; -O0 and --mcpu v1 change the code', async () => {
    const [a, b, c] = ['g.o', 'g0.o', 'o0.o'].map((f) => join(tmp, f)) as [string, string, string];
    expect((await cli('compile', COUNTER, '-o', a)).code).toBe(0);
    expect((await cli('compile', COUNTER, '-o', b, '-g0')).code).toBe(0);
    expect((await cli('compile', COUNTER, '-o', c, '-O0', '--mcpu', 'v1')).code).toBe(0);
    const [sa, sb, sc] = [a, b, c].map((f) => decodeObject(new Uint8Array(readFileSync(f))));
    expect(sa!.programs[0]!.lineInfo.length).toBeGreaterThan(0);
    expect(sb!.programs[0]!.lineInfo).toEqual([]);
    expect(sc!.programs[0]!.insns.length).toBeGreaterThan(sa!.programs[0]!.insns.length);
  });

  it('finds headers with -I and defines macros with -D', async () => {
    const inc = join(tmp, 'inc');
    mkdirSync(inc, { recursive: true });
    writeFileSync(join(inc, 'verdict.h'), '#define VERDICT XDP_DROP\n');
    const src = join(tmp, 'v.bpf.c');
    writeFileSync(src, '#include <linux/bpf.h>\n#include <verdict.h>\n__attribute__((section("xdp"))) int v(struct xdp_md *c) { return VERDICT + EXTRA; }\nchar LICENSE[] __attribute__((section("license"))) = "GPL";\n');
    const out = join(tmp, 'v.o');
    const r = await cli('compile', src, '-o', out, '-I', inc, '-D', 'EXTRA=1');
    expect(r).toMatchObject({ code: 0, err: '' });
    const run = await cli('run', out, '--json', '--packet', '00'.repeat(60));
    expect(JSON.parse(run.out.split('\n')[0]!)).toMatchObject({ retval: 2 });
  });

  it('prints diagnostics in the contract format and exits 1 without an object', async () => {
    const src = join(ROOT, 'test/fixtures/compile-diags/null-deref.c');
    const out = join(tmp, 'bad.o');
    const r = await cli('compile', src, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/null-deref\.c:18:3: error\[B2102\]: dereference of the result of bpf_map_lookup_elem/);
    expect(r.err).toContain('\t*value += 1;'.replace('\t', '        '));
    expect(existsSync(out)).toBe(false);
  });

  it('refuses P4 sources, a missing -o and bad flags with exit 1', async () => {
    const p4 = await cli('compile', 'prog.p4', '-o', join(tmp, 'p.o'));
    expect(p4.code).toBe(1);
    expect(p4.err).toContain('the P4 front end is not available yet');
    expect((await cli('compile', COUNTER)).err).toContain('no output file given');
    expect((await cli('compile', COUNTER, '-o', join(tmp, 'x.o'), '--mcpu', 'v9')).code).toBe(1);
    expect((await cli('compile', COUNTER, '-o', join(tmp, 'x.o'), '-O7')).code).toBe(1);
    const missing = await cli('compile', join(tmp, 'nope.c'), '-o', join(tmp, 'x.o'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read");
  });

  it('--no-prune parses every header declaration: a broken one nothing uses is reported, as clang-16 reports it', async () => {
    const dir = join(tmp, 'noprune');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'mine.h'), 'typedef unsigned int u32;\nint broken(int a b);\n');
    const src = join(dir, 'p.bpf.c');
    writeFileSync(src, '#include "mine.h"\n__attribute__((section("xdp"))) int prog(void *ctx) { u32 v = 2; return v; }\n' +
      'char LICENSE[] __attribute__((section("license"))) = "GPL";\n');
    const dflt = await cli('compile', src, '-o', join(dir, 'p.o'));
    expect(dflt).toMatchObject({ code: 0, err: '' });
    const whole = await cli('compile', src, '--no-prune', '-o', join(dir, 'q.o'));
    expect(whole.code).toBe(1);
    expect(whole.err).toMatch(new RegExp(`${join(dir, 'mine.h')}:2:\\d+: error\\[C1100\\]: expected '\\)'`));
    if (hasTool(CLANG)) {
      const r = spawnSync(CLANG, ['-O2', '-target', 'bpf', '-c', src, '-o', join(dir, 'c.o')], { encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/mine\.h:2:\d+: error: expected '\)'/);
    }
  });
});
