// C parser speed: the preprocessed token stream of linux/bpf.h + bpf/bpf_helpers.h (+ bpf_endian.h and
// the network uapi headers) is converted, parsed to a CST and lowered to the AST; prints the token count
// and the median time of each step over repeated runs (the parser instance is built once, on first use,
// and that first parse is reported separately). Uses the system headers when present, else the bundled.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseC } from '../compiler/c/index.js';
import { createSourceFile } from '../compiler/source.js';
import { convertTokens, parseCst } from '../grammar/c/index.js';
import { preprocess } from '../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../grammar/c/preprocess/node-fs.js';
import type { BenchContext, BenchModule } from './types.js';

const INPUTS: Record<string, string[]> = {
  'bpf.h + bpf_helpers.h': ['linux/bpf.h', 'bpf/bpf_helpers.h'],
  'bpf.h + helpers + endian + net uapi': ['linux/bpf.h', 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h', 'linux/if_ether.h',
    'linux/ip.h', 'linux/ipv6.h', 'linux/tcp.h', 'linux/udp.h', 'linux/pkt_cls.h'],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function run(ctx: BenchContext): Promise<void> {
  const system = existsSync('/usr/include/linux/bpf.h') && existsSync('/usr/include/bpf/bpf_helpers.h');
  ctx.out(`headers: ${system ? 'system (/usr/include)' : 'bundled'}; load average ${loadavg()[0].toFixed(1)}\n`);
  let first = true;
  for (const [name, headers] of Object.entries(INPUTS)) {
    const text = headers.map((h) => `#include <${h}>\n`).join('');
    const pp = preprocess(createSourceFile('bench.c', text), system ? { fs: nodeFileSystem() } : { nostdinc: true });
    if (pp.diagnostics.some((d) => d.severity === 'error')) {
      ctx.out(`${name}: preprocessing failed, skipped\n`);
      continue;
    }
    if (first) {
      const t0 = performance.now();
      parseC(pp.tokens);
      ctx.out(`first parse (builds the grammar, cold JIT): ${(performance.now() - t0).toFixed(1)} ms\n`);
      first = false;
    }
    const conv: number[] = [];
    const cst: number[] = [];
    const whole: number[] = [];
    const cpu: number[] = [];
    let tokens = 0;
    for (let i = 0; i < 30; i++) {
      const a = performance.now();
      const toks = convertTokens(pp.tokens);
      const b = performance.now();
      parseCst(toks);
      const c = performance.now();
      const u0 = process.cpuUsage();
      const r = parseC(pp.tokens);
      const u1 = process.cpuUsage(u0);
      const d = performance.now();
      if (r.diagnostics.length > 0) throw new Error(`${name}: unexpected diagnostics`);
      tokens = toks.length;
      conv.push(b - a);
      cst.push(c - b);
      whole.push(d - c);
      cpu.push((u1.user + u1.system) / 1000);
    }
    // wall time suffers when other processes share the CPU; CPU time (this process, GC threads included) less so
    ctx.out(`${name}: ${tokens} tokens; median of 30: convert ${median(conv).toFixed(1)} ms, ` +
      `CST ${median(cst).toFixed(1)} ms, parseC (convert + CST + AST) ${median(whole).toFixed(1)} ms wall, ` +
      `${median(cpu).toFixed(1)} ms CPU (${((tokens / median(whole)) / 1000).toFixed(2)} M tokens/s wall)\n`);
  }
}

export const cParseBench: BenchModule = {
  name: 'c-parse',
  description: 'C parser: tokens → CST → AST for linux/bpf.h + bpf_helpers.h',
  run,
};
