// C parser speed: the preprocessed token stream of linux/bpf.h + bpf/bpf_helpers.h (+ bpf_endian.h and
// the network uapi headers) is converted, parsed to a CST and lowered to the AST; prints the token count
// and the median time of each step over repeated runs (the parser instance is built once, on first use,
// and that first parse is reported separately). Uses the system headers when present, else the bundled.
// When bpftool and the kernel's BTF are there, also parses once a CO-RE program's vmlinux.h (generated
// now by `bpftool btf dump file /sys/kernel/btf/vmlinux format c`): time and heap.
import { execFileSync } from 'node:child_process';
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
  vmlinux(ctx);
}

function vmlinux(ctx: BenchContext): void {
  let text: string;
  try {
    text = execFileSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'],
      { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    ctx.out('vmlinux.h: skipped (needs bpftool and /sys/kernel/btf/vmlinux)\n');
    return;
  }
  const pp = preprocess(createSourceFile('vmlinux.h', text), { nostdinc: true });
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const r = parseC(pp.tokens);
  const wall = performance.now() - t0;
  const u1 = process.cpuUsage(u0);
  ctx.out(`vmlinux.h: ${pp.tokens.length} tokens, ${r.ast.decls.length} declarations, ${r.diagnostics.length} ` +
    `diagnostics; parseC ${wall.toFixed(0)} ms wall, ${((u1.user + u1.system) / 1000).toFixed(0)} ms CPU, ` +
    `heap after ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB\n`);
}

export const cParseBench: BenchModule = {
  name: 'c-parse',
  description: 'C parser: tokens → CST → AST for linux/bpf.h + bpf_helpers.h',
  run,
};
