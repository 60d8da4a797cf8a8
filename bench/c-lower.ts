// C compile figures: every example (examples/*.bpf.c) and corpus program (test/fixtures/corpus/*.bpf.c)
// through the front end, the lowering to IR, the -O2 pipeline and code generation at -mcpu=v3 (and v1
// with `--v1`): instruction slots beside the clang-16 -O2 object's (committed in test/fixtures/clang and
// test/fixtures/corpus/clang), the ratio, the geometric mean and the largest ratio, and the time of the
// lowering itself. Read-only headers are lexed once (a shared preprocessor cache).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkC } from '../compiler/c/sema/index.js';
import { lowerToIr } from '../compiler/c/to-ir/index.js';
import { generateModule } from '../compiler/codegen/index.js';
import { optimizeModule } from '../compiler/ir/index.js';
import { createSourceFile } from '../compiler/source.js';
import { createPreprocessCache } from '../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../grammar/c/preprocess/node-fs.js';
import { decodeObject } from '../runtime/object/index.js';
import type { BenchContext, BenchModule } from './types.js';

const root = new URL('..', import.meta.url).pathname;

function programs(): { name: string; source: string; clang: string }[] {
  const out: { name: string; source: string; clang: string }[] = [];
  for (const [dir, objDir] of [['examples', 'test/fixtures/clang'], ['test/fixtures/corpus', 'test/fixtures/corpus/clang']] as const) {
    for (const f of readdirSync(join(root, dir)).filter((x) => x.endsWith('.bpf.c')).sort()) {
      const name = f.slice(0, -'.bpf.c'.length);
      const clang = join(root, objDir, `${name}.o`);
      if (existsSync(clang)) out.push({ name, source: join(root, dir, f), clang });
    }
  }
  return out;
}

export const cLowerBench: BenchModule = {
  name: 'c-lower',
  description: 'C programs: instruction slots beside clang-16 -O2, lowering time',
  async run(ctx: BenchContext): Promise<void> {
    const mcpu = ctx.args.includes('--v1') ? 1 : 3;
    const cache = createPreprocessCache();
    const fs = nodeFileSystem();
    let logSum = 0;
    let n = 0;
    let worst = { name: '', ratio: 0 };
    let lowerMs = 0;
    ctx.out(`${'program'.padEnd(24)} ${'ours'.padStart(6)} ${'clang'.padStart(6)}  ratio   (-O2 -mcpu=v${mcpu}; clang-16 -O2 default cpu)\n`);
    for (const p of programs()) {
      const r = checkC(createSourceFile(p.source, readFileSync(p.source, 'utf8')), { fs, cache, mcpu: `v${mcpu}` });
      const clang = decodeObject(new Uint8Array(readFileSync(p.clang))).programs.reduce((s, x) => s + x.insns.length, 0);
      if (r.failed || !r.unit) {
        ctx.out(`${p.name.padEnd(24)} front end failed\n`);
        continue;
      }
      const t0 = performance.now();
      const l = lowerToIr(r.unit, { mcpu });
      lowerMs += performance.now() - t0;
      if (l.failed) {
        ctx.out(`${p.name.padEnd(24)} lowering failed: ${l.diagnostics[0]?.message ?? ''}\n`);
        continue;
      }
      optimizeModule(l.module, { level: 2 });
      const code = generateModule(l.module, { mcpu });
      if (code.diagnostics.some((d) => d.severity === 'error')) {
        ctx.out(`${p.name.padEnd(24)} codegen failed: ${code.diagnostics[0]?.message ?? ''}\n`);
        continue;
      }
      const ours = code.functions.reduce((s, f) => s + f.insns.length, 0);
      const ratio = ours / clang;
      logSum += Math.log(ratio);
      n++;
      if (ratio > worst.ratio) worst = { name: p.name, ratio };
      ctx.out(`${p.name.padEnd(24)} ${String(ours).padStart(6)} ${String(clang).padStart(6)}  ${ratio.toFixed(2)}\n`);
    }
    ctx.out(`geomean ${Math.exp(logSum / Math.max(1, n)).toFixed(3)} over ${n} programs; largest ${worst.ratio.toFixed(2)} (${worst.name}); lowering ${lowerMs.toFixed(0)} ms in all\n`);
  },
};
