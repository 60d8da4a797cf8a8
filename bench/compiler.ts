// `npm run bench compiler [-- --quick] [-- --only=NAME] [-- --fresh-all]`: the whole compiler beside
// clang-16 -O2 on every example and corpus program (C source → object), measured in the same run:
//  - instructions: code slots of all code sections of the object (ld_imm64 counts 2), ours and clang's;
//  - verified_insns: what the kernel's verifier processed to accept each object, summed over its
//    programs (read from `bpftool -d prog loadall`'s load log, see verifiedInsns), when root, bpftool
//    and bpffs are there;
//  - compile time, in-process, median of N compiles in a warm process (parser built, JIT warm):
//      "uncached"  every compile reads, lexes and preprocesses all its headers again, and parses the
//                  header declarations the program reaches (compiler/c/prune.ts, as `ebpfc compile`);
//      "cached"    compiles share a cache (createPreprocessCache()), as a compile server would: headers
//                  are lexed once, and the preprocessed and parsed include prefix of the program is
//                  restored (after re-reading every header it depends on and comparing it);
//    beside clang-16's whole-process time (median of N runs of `clang-16 -O2 -g -target bpf -c`), wall
//    and CPU (ours: this process's CPU time, GC threads included; clang's: its children's CPU time).
//  - fresh process: the first compile in a new Node process, grammar construction and cold JIT included
//    (module loading, through tsx here, reported apart): for a sample of programs, or all with --fresh-all.
// Then the geometric means and the programs above 1.3× clang's instruction count. Targets: geomean
// instruction count ≤ 1.0× clang, none above 1.3×, in-process (warm) compile time below clang's
// whole-process time; the fresh-process figure is what a one-shot `ebpfc compile` costs beyond startup.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileC, createPreprocessCache } from '../compiler/index.js';
import { nodeFileSystem } from '../grammar/c/preprocess/node-fs.js';
import { decodeObject } from '../runtime/object/index.js';
import type { BenchContext, BenchModule } from './types.js';

const root = new URL('..', import.meta.url).pathname;

interface Program {
  name: string;
  source: string;
  clangObject: string;
  progType?: string;
}

function programs(dir: string, objDir: string): Program[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.bpf.c'))
    .map((f) => f.slice(0, -'.bpf.c'.length))
    .filter((n) => existsSync(join(root, objDir, `${n}.o`)))
    .sort()
    .map((name) => {
      const testJson = join(root, dir, `${name}.test.json`);
      const progType = existsSync(testJson) ? (JSON.parse(readFileSync(testJson, 'utf8')) as { progType?: string }).progType : undefined;
      return { name, source: join(root, dir, `${name}.bpf.c`), clangObject: join(root, objDir, `${name}.o`), ...(progType ? { progType } : {}) };
    });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const geomean = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const slots = (obj: Uint8Array): number => decodeObject(obj).programs.reduce((n, p) => n + p.insns.length, 0);

function canUseKernel(): boolean {
  if (process.getuid?.() !== 0) return false;
  if (spawnSync('bpftool', ['version'], { stdio: 'ignore' }).status !== 0) return false;
  return spawnSync('mountpoint', ['-q', '/sys/fs/bpf']).status === 0;
}

/**
 * The kernel's verified_insns summed over the object's programs, or 'rejected'. bpftool 7.1's `prog
 * show` does not print the field, so it is read from the verifier's own count in the load log
 * ("processed N insns", the same env->insn_processed the kernel stores as verified_insns), which
 * `bpftool -d` prints for every program it loads.
 */
function verifiedInsns(objPath: string, progType: string | undefined): number | string {
  const dir = mkdtempSync('/sys/fs/bpf/ebpfc-bench-');
  try {
    const args = ['-d', 'prog', 'loadall', objPath, join(dir, 'p'), ...(progType ? ['type', progType] : [])];
    const load = spawnSync('bpftool', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (load.status !== 0) return 'rejected';
    let total = 0;
    for (const m of `${load.stdout}${load.stderr}`.matchAll(/^processed (\d+) insns \(limit/gm)) total += Number(m[1]);
    return total;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Time {
  wall: number;
  cpu: number;
}

const CLANG_ARGS = ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c'];

/** clang-16's whole-process time: wall from here, CPU from bash's `times` (its children's user + sys). */
function clangTime(src: string, runs: number): Time {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync('bash', ['-c', 'clang-16 "$@" >/dev/null 2>&1; times', 'bash', ...CLANG_ARGS, src, '-o', '/dev/null'],
      { encoding: 'utf8' });
    walls.push(performance.now() - t0);
    const m = /\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s/.exec(r.stdout);
    if (m) cpus.push((Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000);
  }
  return { wall: median(walls), cpu: cpus.length > 0 ? median(cpus) : NaN };
}

/** Median wall and CPU time of `runs` calls of `f` (this process's CPU time). */
function timeOf(runs: number, f: () => void): Time {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    walls.push(performance.now() - t0);
    const u = process.cpuUsage(u0);
    cpus.push((u.user + u.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

interface Fresh {
  /** Importing the compiler's modules (through tsx: TypeScript is transpiled on the way). */
  load: number;
  /** The first compile (grammar construction, cold JIT), wall and CPU. */
  first: Time;
}

/** The first compile of `src` in a new Node process. */
function freshTime(src: string): Fresh | undefined {
  const script = `
    const t0 = performance.now();
    const { compileC } = await import(${JSON.stringify(join(root, 'compiler/index.ts'))});
    const { nodeFileSystem } = await import(${JSON.stringify(join(root, 'grammar/c/preprocess/node-fs.ts'))});
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(process.argv[1], 'utf8');
    const t1 = performance.now();
    const u0 = process.cpuUsage();
    const r = compileC(text, { path: process.argv[1], fs: nodeFileSystem() });
    const u = process.cpuUsage(u0);
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ ok: r.object !== undefined, load: t1 - t0, wall: t2 - t1, cpu: (u.user + u.system) / 1000 }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, src], { encoding: 'utf8', cwd: root });
  try {
    const o = JSON.parse(r.stdout) as { ok: boolean; load: number; wall: number; cpu: number };
    return o.ok ? { load: o.load, first: { wall: o.wall, cpu: o.cpu } } : undefined;
  } catch {
    return undefined;
  }
}

const fmt = (x: number | string | undefined, w: number, digits = 0): string =>
  (x === undefined ? '-' : typeof x === 'string' ? x : x.toFixed(digits)).padStart(w);

async function run(ctx: BenchContext): Promise<void> {
  const quick = ctx.args.includes('--quick');
  const runs = quick ? 3 : 9;
  const only = ctx.args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const freshAll = ctx.args.includes('--fresh-all');
  const kernel = canUseKernel();
  const haveClang = spawnSync('clang-16', ['--version'], { stdio: 'ignore' }).status === 0;
  const fs = nodeFileSystem();
  const shared = createPreprocessCache();
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-bench-compiler-'));
  const list = [...programs('examples', 'test/fixtures/clang'), ...programs('test/fixtures/corpus', 'test/fixtures/corpus/clang')].filter((p) => !only || p.name === only);
  const freshEvery = freshAll ? 1 : Math.max(1, Math.floor(list.length / 6));
  ctx.out(`${list.length} programs; compile times: median of ${runs}, wall (CPU); load average ${loadavg()[0].toFixed(1)}; ` +
    `verified_insns ${kernel ? 'from the kernel' : 'not measured (needs root, bpftool, bpffs)'}\n`);
  ctx.out(`${'program'.padEnd(22)} ${'insns'.padStart(6)} ${'clang'.padStart(6)} ${'ratio'.padStart(6)}  ${'verified'.padStart(9)} ${'clang'.padStart(9)} ${'ratio'.padStart(6)}  ` +
    `${'uncached ms'.padStart(14)} ${'cached ms'.padStart(14)} ${'clang ms'.padStart(14)} ${'fresh ms'.padStart(8)}\n`);
  // warm-up: the first compiles of a process run cold code (JIT tiers); the fresh-process column covers them
  const warm = list[0];
  if (warm !== undefined) for (let i = 0; i < 5; i++) compileC(readFileSync(warm.source, 'utf8'), { path: warm.source, fs });
  const insnRatios: number[] = [];
  const verRatios: number[] = [];
  const ratios = { uncached: [] as number[], cached: [] as number[], uncachedCpu: [] as number[], cachedCpu: [] as number[],
    fresh: [] as number[], freshCpu: [] as number[] };
  const loads: number[] = [];
  const over: string[] = [];
  const both = (t: Time | undefined, w: number): string => (t === undefined ? '-' : `${t.wall.toFixed(1)} (${t.cpu.toFixed(1)})`).padStart(w);
  try {
    for (const [index, p] of list.entries()) {
      const text = readFileSync(p.source, 'utf8');
      const first = compileC(text, { path: p.source, fs, cache: shared });
      if (!first.object) {
        ctx.out(`${p.name.padEnd(22)} does not compile\n`);
        continue;
      }
      compileC(text, { path: p.source, fs }); // warm-up of the uncached path
      const uncached = timeOf(runs, () => compileC(text, { path: p.source, fs }));
      const cached = timeOf(runs, () => compileC(text, { path: p.source, fs, cache: shared }));
      const clangObj = new Uint8Array(readFileSync(p.clangObject));
      const ours = slots(first.object);
      const theirs = slots(clangObj);
      insnRatios.push(ours / theirs);
      if (ours / theirs > 1.3) over.push(`${p.name} (${(ours / theirs).toFixed(2)}×)`);
      let vo: number | string | undefined;
      let vc: number | string | undefined;
      if (kernel) {
        const path = join(dir, `${p.name}.o`);
        writeFileSync(path, first.object);
        vo = verifiedInsns(path, p.progType);
        vc = verifiedInsns(p.clangObject, p.progType);
        if (typeof vo === 'number' && typeof vc === 'number' && vc > 0) verRatios.push(vo / vc);
      }
      const ct = haveClang ? clangTime(p.source, runs) : undefined;
      const fresh = index % freshEvery === 0 ? freshTime(p.source) : undefined;
      if (fresh !== undefined) loads.push(fresh.load);
      if (ct !== undefined) {
        ratios.uncached.push(uncached.wall / ct.wall);
        ratios.cached.push(cached.wall / ct.wall);
        ratios.uncachedCpu.push(uncached.cpu / ct.cpu);
        ratios.cachedCpu.push(cached.cpu / ct.cpu);
        if (fresh !== undefined) {
          ratios.fresh.push(fresh.first.wall / ct.wall);
          ratios.freshCpu.push(fresh.first.cpu / ct.cpu);
        }
      }
      const vr = typeof vo === 'number' && typeof vc === 'number' && vc > 0 ? vo / vc : undefined;
      ctx.out(`${p.name.padEnd(22)} ${fmt(ours, 6)} ${fmt(theirs, 6)} ${fmt(ours / theirs, 6, 2)}  ${fmt(vo, 9)} ${fmt(vc, 9)} ${fmt(vr, 6, 2)}  ` +
        `${both(uncached, 14)} ${both(cached, 14)} ${both(ct, 14)} ${fmt(fresh?.first.wall, 8, 0)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (insnRatios.length === 0) return;
  ctx.out(`\ngeometric mean, ours / clang-16 -O2 over ${insnRatios.length} programs:\n`);
  ctx.out(`  instructions      ${geomean(insnRatios).toFixed(3)}  (target ≤ 1.0; max ${Math.max(...insnRatios).toFixed(2)})\n`);
  if (verRatios.length > 0) ctx.out(`  verified_insns    ${geomean(verRatios).toFixed(3)}\n`);
  if (ratios.uncached.length > 0) {
    const g = (xs: number[]): string => geomean(xs).toFixed(3);
    ctx.out(`  compile time, in-process in a warm process vs clang's whole process (target < 1):\n`);
    ctx.out(`    uncached        ${g(ratios.uncached)} wall, ${g(ratios.uncachedCpu)} CPU\n`);
    ctx.out(`    cached headers  ${g(ratios.cached)} wall, ${g(ratios.cachedCpu)} CPU\n`);
  }
  if (ratios.fresh.length > 0) {
    ctx.out(`  compile time, first compile in a fresh process (grammar construction, cold JIT) over ${ratios.fresh.length} programs: ` +
      `${geomean(ratios.fresh).toFixed(2)} wall, ${geomean(ratios.freshCpu).toFixed(2)} CPU; module loading before it (tsx) ` +
      `${median(loads).toFixed(0)} ms\n`);
  }
  ctx.out(over.length === 0 ? '  no program above 1.3× clang\'s instructions\n' : `  above 1.3× clang's instructions: ${over.join(', ')}\n`);
}

export const compilerBench: BenchModule = {
  name: 'compiler',
  description: 'whole compiler beside clang-16 -O2: instructions, verified_insns, compile time (examples and corpus)',
  run,
};
