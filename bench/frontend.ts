// C front-end speed: preprocess + parse + semantic analysis of a program that includes linux/bpf.h and
// bpf/bpf_helpers.h (examples/xdp_counter.bpf.c, which also includes the Ethernet/IP headers and
// bpf_endian.h), in a warm process: uncached (every run reads and preprocesses all headers and parses
// the header declarations the program reaches, as compileC does: compiler/c/prune.ts), uncached without
// pruning (every declaration parsed) and cached (a preprocess cache shared between runs, as a long-lived
// compiler keeps it: the include prefix is restored and its parsed declarations reused, those the program
// does not reach left out). Prints the median wall and CPU time of each stage over repeated runs, the
// total against the 100 ms target, and the same for every program of examples/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { headerFileTest, parsePreprocessed } from '../compiler/c/index.js';
import { analyzeC } from '../compiler/c/sema/index.js';
import { createSourceFile, type SourceFile } from '../compiler/source.js';
import { createPreprocessCache, preprocess, type PreprocessOptions } from '../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../grammar/c/preprocess/node-fs.js';
import type { BenchContext, BenchModule } from './types.js';

const MAIN = 'examples/xdp_counter.bpf.c';
const RUNS = 25;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

interface Stages {
  pp: number;
  parse: number;
  sema: number;
  total: number;
  cpu: number;
}

function once(src: SourceFile, opts: PreprocessOptions, prune: boolean): Stages {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const pp = preprocess(src, opts);
  const t1 = performance.now();
  const parsed = parsePreprocessed(pp, prune ? { prune: { prunable: headerFileTest(src.path) } } : {});
  const t2 = performance.now();
  const sema = analyzeC(parsed.ast, { mainFile: src.path });
  const t3 = performance.now();
  const u = process.cpuUsage(u0);
  if (sema.failed || parsed.diagnostics.length > 0) throw new Error(`${src.path}: the front end reported errors`);
  return { pp: t1 - t0, parse: t2 - t1, sema: t3 - t2, total: t3 - t0, cpu: (u.user + u.system) / 1000 };
}

function measure(src: SourceFile, opts: PreprocessOptions, runs: number, prune = true): Stages {
  for (let i = 0; i < 3; i++) once(src, opts, prune); // warm-up: builds the grammar, fills the header cache, JIT
  const all: Stages[] = [];
  for (let i = 0; i < runs; i++) all.push(once(src, opts, prune));
  const pick = (k: keyof Stages) => median(all.map((s) => s[k]));
  return { pp: pick('pp'), parse: pick('parse'), sema: pick('sema'), total: pick('total'), cpu: pick('cpu') };
}

async function run(ctx: BenchContext): Promise<void> {
  const system = existsSync('/usr/include/linux/bpf.h') && existsSync('/usr/include/bpf/bpf_helpers.h');
  const base: PreprocessOptions = system ? { fs: nodeFileSystem() } : { nostdinc: true };
  const cached: PreprocessOptions = { ...base, cache: createPreprocessCache() };
  ctx.out(`headers: ${system ? 'system (/usr/include)' : 'bundled'}; load average ${loadavg()[0].toFixed(1)} ` +
    '(wall times grow with the load; CPU time less so)\n');
  const src = createSourceFile(MAIN, readFileSync(MAIN, 'utf8'));
  for (const [name, opts, prune] of [['uncached', base, true], ['uncached, no pruning', base, false], ['cached', cached, true]] as const) {
    const s = measure(src, opts, RUNS, prune);
    ctx.out(`${MAIN} ${name}: median of ${RUNS}: preprocess ${s.pp.toFixed(1)} ms, parse ${s.parse.toFixed(1)} ms, ` +
      `check ${s.sema.toFixed(1)} ms; total ${s.total.toFixed(1)} ms wall, ${s.cpu.toFixed(1)} ms CPU ` +
      `(target < 100 ms: ${s.total < 100 ? 'met' : 'not met'})\n`);
  }
  for (const f of readdirSync('examples').filter((x) => x.endsWith('.bpf.c')).sort()) {
    const path = `examples/${f}`;
    if (path === MAIN) continue;
    try {
      const file = createSourceFile(path, readFileSync(path, 'utf8'));
      const u = measure(file, base, 5);
      const c = measure(file, cached, 5);
      ctx.out(`  ${path}: total ${u.total.toFixed(1)} ms uncached (check ${u.sema.toFixed(1)} ms), ${c.total.toFixed(1)} ms cached\n`);
    } catch (e) {
      ctx.out(`  ${path}: skipped (${(e as Error).message})\n`);
    }
  }
}

export const frontendBench: BenchModule = {
  name: 'frontend',
  description: 'C front end: preprocess + parse + semantic analysis of a program with linux/bpf.h and bpf_helpers.h',
  run,
};
