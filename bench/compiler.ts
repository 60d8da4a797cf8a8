// `npm run bench compiler [-- --quick] [-- --only=NAME]`: the whole compiler beside clang-16 -O2 on every
// example and corpus program (C source → object), measured in the same run:
//  - instructions: code slots of all code sections of the object (ld_imm64 counts 2), ours and clang's;
//  - verified_insns: what the kernel's verifier processed to accept each object, summed over its
//    programs (read from `bpftool -d prog loadall`'s load log, see verifiedInsns), when root, bpftool
//    and bpffs are there;
//  - compile time: ebpfc in-process (median of N compiles in a warm process; "cold" reads and lexes the
//    headers every time, "cached" shares a preprocessor cache between compiles, as a compile server
//    would) beside clang-16's whole-process time (median of N runs of `clang-16 -O2 -g -target bpf -c`).
// Then the geometric means and the programs above 1.3× clang's instruction count. Targets: geomean
// instruction count ≤ 1.0× clang, none above 1.3×, in-process compile time below clang's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

function clangTime(src: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync('clang-16', ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', '/dev/null'], { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return median(times);
}

const fmt = (x: number | string | undefined, w: number, digits = 0): string =>
  (x === undefined ? '-' : typeof x === 'string' ? x : x.toFixed(digits)).padStart(w);

async function run(ctx: BenchContext): Promise<void> {
  const quick = ctx.args.includes('--quick');
  const runs = quick ? 3 : 9;
  const only = ctx.args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const kernel = canUseKernel();
  const haveClang = spawnSync('clang-16', ['--version'], { stdio: 'ignore' }).status === 0;
  const fs = nodeFileSystem();
  const shared = createPreprocessCache();
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-bench-compiler-'));
  const list = [...programs('examples', 'test/fixtures/clang'), ...programs('test/fixtures/corpus', 'test/fixtures/corpus/clang')].filter((p) => !only || p.name === only);
  ctx.out(`${list.length} programs; compile times: median of ${runs}; verified_insns ${kernel ? 'from the kernel' : 'not measured (needs root, bpftool, bpffs)'}\n`);
  ctx.out(`${'program'.padEnd(22)} ${'insns'.padStart(6)} ${'clang'.padStart(6)} ${'ratio'.padStart(6)}  ${'verified'.padStart(9)} ${'clang'.padStart(9)} ${'ratio'.padStart(6)}  ${'cold ms'.padStart(8)} ${'cached'.padStart(7)} ${'clang ms'.padStart(9)}\n`);
  const insnRatios: number[] = [];
  const verRatios: number[] = [];
  const coldRatios: number[] = [];
  const cachedRatios: number[] = [];
  const over: string[] = [];
  try {
    for (const p of list) {
      const text = readFileSync(p.source, 'utf8');
      const first = compileC(text, { path: p.source, fs, cache: shared });
      if (!first.object) {
        ctx.out(`${p.name.padEnd(22)} does not compile\n`);
        continue;
      }
      const cold: number[] = [];
      const cached: number[] = [];
      for (let i = 0; i < runs; i++) {
        let t0 = performance.now();
        compileC(text, { path: p.source, fs });
        cold.push(performance.now() - t0);
        t0 = performance.now();
        compileC(text, { path: p.source, fs, cache: shared });
        cached.push(performance.now() - t0);
      }
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
      const coldMs = median(cold);
      const cachedMs = median(cached);
      if (ct !== undefined) {
        coldRatios.push(coldMs / ct);
        cachedRatios.push(cachedMs / ct);
      }
      const vr = typeof vo === 'number' && typeof vc === 'number' && vc > 0 ? vo / vc : undefined;
      ctx.out(`${p.name.padEnd(22)} ${fmt(ours, 6)} ${fmt(theirs, 6)} ${fmt(ours / theirs, 6, 2)}  ${fmt(vo, 9)} ${fmt(vc, 9)} ${fmt(vr, 6, 2)}  ${fmt(coldMs, 8, 1)} ${fmt(cachedMs, 7, 1)} ${fmt(ct, 9, 1)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (insnRatios.length === 0) return;
  ctx.out(`\ngeometric mean, ours / clang-16 -O2 over ${insnRatios.length} programs:\n`);
  ctx.out(`  instructions      ${geomean(insnRatios).toFixed(3)}  (target ≤ 1.0; max ${Math.max(...insnRatios).toFixed(2)})\n`);
  if (verRatios.length > 0) ctx.out(`  verified_insns    ${geomean(verRatios).toFixed(3)}\n`);
  if (coldRatios.length > 0) {
    ctx.out(`  compile time      ${geomean(coldRatios).toFixed(3)} cold, ${geomean(cachedRatios).toFixed(3)} with cached headers (in-process vs clang's whole process; target < 1)\n`);
  }
  ctx.out(over.length === 0 ? '  no program above 1.3× clang\'s instructions\n' : `  above 1.3× clang's instructions: ${over.join(', ')}\n`);
}

export const compilerBench: BenchModule = {
  name: 'compiler',
  description: 'whole compiler beside clang-16 -O2: instructions, verified_insns, compile time (examples and corpus)',
  run,
};
