// C front-end speed: preprocess + parse + semantic analysis of a program that includes linux/bpf.h and
// bpf/bpf_helpers.h (examples/xdp_counter.bpf.c, which also includes the Ethernet/IP headers and
// bpf_endian.h), in-process and warm (a preprocess cache shared between runs, as a long-lived compiler
// keeps it). Prints the median wall and CPU time of each stage over repeated runs, the total against
// the 100 ms target, and the same for every program of examples/ (total only).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseC } from '../compiler/c/index.js';
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

function once(src: SourceFile, opts: PreprocessOptions): Stages {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const pp = preprocess(src, opts);
  const t1 = performance.now();
  const parsed = parseC(pp.tokens);
  const t2 = performance.now();
  const sema = analyzeC(parsed.ast, { mainFile: src.path });
  const t3 = performance.now();
  const u = process.cpuUsage(u0);
  if (sema.failed || parsed.diagnostics.length > 0) throw new Error(`${src.path}: the front end reported errors`);
  return { pp: t1 - t0, parse: t2 - t1, sema: t3 - t2, total: t3 - t0, cpu: (u.user + u.system) / 1000 };
}

function measure(src: SourceFile, opts: PreprocessOptions, runs: number): Stages {
  once(src, opts); // warm-up: builds the grammar, fills the header cache, JIT
  const all: Stages[] = [];
  for (let i = 0; i < runs; i++) all.push(once(src, opts));
  const pick = (k: keyof Stages) => median(all.map((s) => s[k]));
  return { pp: pick('pp'), parse: pick('parse'), sema: pick('sema'), total: pick('total'), cpu: pick('cpu') };
}

async function run(ctx: BenchContext): Promise<void> {
  const system = existsSync('/usr/include/linux/bpf.h') && existsSync('/usr/include/bpf/bpf_helpers.h');
  const opts: PreprocessOptions = system ? { fs: nodeFileSystem(), cache: createPreprocessCache() } : { nostdinc: true, cache: createPreprocessCache() };
  ctx.out(`headers: ${system ? 'system (/usr/include)' : 'bundled'}; load average ${loadavg()[0].toFixed(1)} ` +
    '(wall times grow with the load; CPU time less so)\n');
  const src = createSourceFile(MAIN, readFileSync(MAIN, 'utf8'));
  const s = measure(src, opts, RUNS);
  ctx.out(`${MAIN}: median of ${RUNS}: preprocess ${s.pp.toFixed(1)} ms, parse ${s.parse.toFixed(1)} ms, ` +
    `check ${s.sema.toFixed(1)} ms; total ${s.total.toFixed(1)} ms wall, ${s.cpu.toFixed(1)} ms CPU ` +
    `(target < 100 ms: ${s.total < 100 ? 'met' : 'not met'})\n`);
  for (const f of readdirSync('examples').filter((x) => x.endsWith('.bpf.c')).sort()) {
    const path = `examples/${f}`;
    if (path === MAIN) continue;
    try {
      const t = measure(createSourceFile(path, readFileSync(path, 'utf8')), opts, 5);
      ctx.out(`  ${path}: total ${t.total.toFixed(1)} ms (check ${t.sema.toFixed(1)} ms)\n`);
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
