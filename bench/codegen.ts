// Back-end figures: for every IR fixture (test/fixtures/ir/*.ir, the IR a C front end produces for a
// program) the -O2 -mcpu=v3 instruction count — beside clang-16 -O2's for the same C source where the
// fixture has one in test/fixtures/clang — and the median in-process time of optimisation + code
// generation; then the same for synthetic functions of growing size (scaling), and clang-16's whole-
// process compile time of the example C files for reference (when clang-16 is installed).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateModule } from '../compiler/codegen/index.js';
import { ModuleBuilder, T, optimizeModule, parseModule, type Module, type Value } from '../compiler/ir/index.js';
import { decodeObject } from '../runtime/object/index.js';
import type { BenchContext, BenchModule } from './types.js';

const root = new URL('..', import.meta.url).pathname;
const irDir = join(root, 'test/fixtures/ir');
const clangDir = join(root, 'test/fixtures/clang');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

function timeCompile(build: () => Module, runs: number): { ms: number; slots: number } {
  let slots = 0;
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const m = build();
    const t0 = performance.now();
    optimizeModule(m, { level: 2 });
    const code = generateModule(m, { mcpu: 3 });
    const dt = performance.now() - t0;
    if (i >= 2) times.push(dt);
    slots = code.functions.reduce((n, f) => n + f.insns.length, 0);
  }
  return { ms: median(times), slots };
}

function clangSlots(name: string): number | undefined {
  const path = join(clangDir, `${name}.o`);
  if (!existsSync(path)) return undefined;
  const spec = decodeObject(new Uint8Array(readFileSync(path)));
  return spec.programs.reduce((n, p) => n + p.insns.length, 0);
}

/** A parser-like function: `n` bounds-checked header fields, arithmetic on them, a map update each 8. */
function synthetic(n: number): Module {
  const mb = new ModuleBuilder();
  mb.declareMap('m');
  const span = { file: 'synthetic', line: 1, col: 1 };
  const b = mb.func('big', { params: [{ name: 'ctx', type: T.ptr.ctx }], ret: T.i32, section: 'xdp', span });
  const key = b.alloca(4, 4, 'key');
  const data = b.load(T.ptr.packet, b.param(0), { width: 4 });
  const end = b.load(T.ptr.packet_end, b.param(0), { offset: 4, width: 4 });
  const fail = b.newBlock('fail');
  let acc: Value = b.i32(0);
  for (let k = 0; k < n; k++) {
    const ok = b.newBlock();
    const c = b.cmp('ugt', b.ptradd(data, 2 * k + 2), end);
    b.condbr(c, fail, ok);
    b.setBlock(ok);
    const v = b.zext(b.load(T.i16, data, { offset: 2 * k, align: 1 }), 32);
    acc = b.xor(b.add(acc, v), b.shl(v, b.i32(k % 7)));
    if (k % 8 === 7) {
      b.store(key, acc);
      const p = b.callHelper(1, [b.mapRef('m'), key], T.ptr.map_value_or_null);
      const hit = b.newBlock();
      const next = b.newBlock();
      b.condbr(b.cmp('eq', p, b.null('map_value_or_null')), next, hit);
      b.setBlock(hit);
      b.atomic('add', p, b.i64(1));
      b.br(next);
      b.setBlock(next);
    }
  }
  b.ret(b.and(acc, b.i32(3)));
  b.setBlock(fail);
  b.ret(b.i32(1));
  return mb.module;
}

async function run(ctx: BenchContext): Promise<void> {
  const runs = ctx.args.includes('--quick') ? 3 : 15;
  ctx.out('fixture                 ours  clang  ratio   compile ms (opt+codegen, median)\n');
  const ratios: number[] = [];
  for (const f of readdirSync(irDir).filter((x) => x.endsWith('.ir')).sort()) {
    const name = f.replace(/\.ir$/, '');
    const text = readFileSync(join(irDir, f), 'utf8');
    const { ms, slots } = timeCompile(() => parseModule(text, name), runs);
    const c = clangSlots(name);
    const ratio = c ? slots / c : undefined;
    if (ratio) ratios.push(ratio);
    ctx.out(`${name.padEnd(22)} ${String(slots).padStart(5)}  ${c === undefined ? '    -' : String(c).padStart(5)}  ${ratio ? ratio.toFixed(2).padStart(5) : '    -'}   ${ms.toFixed(2)}\n`);
  }
  if (ratios.length > 0) {
    const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
    ctx.out(`geometric mean of ours/clang over ${ratios.length} programs: ${geo.toFixed(3)}\n`);
  }
  ctx.out('\nsynthetic parser functions (scaling):\n');
  for (const n of [16, 64, 256, 1024]) {
    const { ms, slots } = timeCompile(() => synthetic(n), Math.max(3, Math.floor(runs / 3)));
    ctx.out(`  ${String(n).padStart(5)} fields: ${String(slots).padStart(6)} slots, ${ms.toFixed(1)} ms\n`);
  }
  const clang = spawnSync('clang-16', ['--version'], { stdio: 'ignore' });
  if (clang.status === 0) {
    ctx.out('\nclang-16 -O2 -g -target bpf, whole process, median of 5:\n');
    for (const ex of readdirSync(join(root, 'examples')).filter((x) => x.endsWith('.bpf.c')).sort()) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        spawnSync('clang-16', ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', join(root, 'examples', ex), '-o', '/dev/null'], { stdio: 'ignore' });
        times.push(performance.now() - t0);
      }
      ctx.out(`  ${ex.padEnd(26)} ${median(times).toFixed(1)} ms\n`);
    }
  }
}

export const codegenBench: BenchModule = {
  name: 'codegen',
  description: 'back end: instruction counts beside clang-16 -O2, optimisation + code generation time',
  run,
};
