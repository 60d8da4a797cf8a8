// The compiler's public API (compiler/index.ts compileC): options reach their stage (-O levels, -mcpu,
// -D, line info, the emitted IR / assembly / AST only when asked, per-stage timings with a clock); it
// never throws on any input; and every example compiled at -O0 and -O1 and at each -mcpu gives, in the
// VM, the kernel's recorded results of clang-16's object — and in the kernel too (root and bpftool), at
// every level: -O0 code keeps every variable in its stack slot, in 8-byte aligned slots where the
// verifier keeps their bounds (clang-16 -O0 objects of most examples do not verify).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileC, createPreprocessCache } from '../../compiler/index.js';
import { nodeFileSystem } from '../../grammar/c/preprocess/node-fs.js';
import { BPF_ALU, BPF_JMP32 } from '../../runtime/isa/index.js';
import { decodeObject } from '../../runtime/object/index.js';
import { runInKernelBatched } from '../corpus/batch-kernel.js';
import { canUseKernel } from '../helpers/tools.js';
import { EXAMPLES, caseForOurs, compareRuns, vmRun } from './e2e/harness.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SRC = `
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#ifndef LIMIT
#define LIMIT 64
#endif
SEC("xdp")
int limit(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	return len > LIMIT ? XDP_DROP : XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
`;

const compile = (o: Parameters<typeof compileC>[1] = {}): ReturnType<typeof compileC> => compileC(SRC, { path: 'limit.bpf.c', nostdinc: true, ...o });
/** Instruction classes used, BPF_END (a BPF_ALU-class byte swap every cpu version has) left out. */
const classes = (obj: Uint8Array): Set<number> => new Set(decodeObject(obj).programs.flatMap((p) => p.insns.filter((i) => (i.code & 0xf7) !== (BPF_ALU | 0xd0)).map((i) => i.code & 0x07 /* BPF_CLASS */)));

describe('compileC', () => {
  it('compiles with defaults and gives no text outputs unless asked', () => {
    const r = compile();
    expect(r.object).toBeInstanceOf(Uint8Array);
    expect(r.diagnostics).toEqual([]);
    expect([r.ir, r.asm, r.ast]).toEqual([undefined, undefined, undefined]);
    expect(r.timings).toEqual({});
  });

  it('gives the optimised IR, the listing and the typed AST when asked', () => {
    const r = compile({ emitIr: true, emitAsm: true, emitAst: true, objectName: 'limit.o' });
    expect(r.ir).toContain('func @limit(');
    expect(r.asm).toContain('limit.o:\tfile format elf64-bpf');
    expect(r.asm).toContain('; \treturn len > LIMIT ? XDP_DROP : XDP_PASS;');
    expect(r.ast).toContain('limit');
  });

  it('passes -D to the preprocessor', () => {
    const a = compile({ emitIr: true });
    const b = compile({ emitIr: true, defines: ['LIMIT=1500'] });
    expect(a.ir).toContain('64');
    expect(b.ir).toContain('1500');
  });

  it('selects the instruction set with mcpu: v1 has no 32-bit arithmetic or JMP32, v3 uses them', () => {
    const src = readFileSync(EXAMPLES().find((p) => p.name === 'xdp_drop_port')!.source, 'utf8');
    const build = (mcpu: 1 | 3): Set<number> => classes(compileC(src, { path: 'xdp_drop_port.bpf.c', nostdinc: true, mcpu }).object as Uint8Array);
    const v1 = build(1);
    expect(v1.has(BPF_ALU) || v1.has(BPF_JMP32)).toBe(false);
    const v3 = build(3);
    expect(v3.has(BPF_ALU) || v3.has(BPF_JMP32)).toBe(true);
  });

  it('times every stage with a clock', () => {
    let t = 0;
    const r = compile({ clock: () => (t += 1) });
    expect(Object.keys(r.timings).sort()).toEqual(['checks', 'codegen', 'emit', 'encode', 'frontEnd', 'lower', 'optimize']);
  });

  it('never throws on any input: arbitrary bytes give diagnostics', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const alphabet = 'int char struct { } ( ) ; * & [ ] = + - < > SEC("xdp") return if while for 0x1f "s" \\n #define';
    const words = alphabet.split(' ');
    for (let i = 0; i < 40; i++) {
      const text = Array.from({ length: 30 }, () => (rnd() & 1 ? words[rnd() % words.length] : String.fromCharCode(32 + (rnd() % 95)))).join(' ');
      const r = compileC(text, { path: 'junk.c', nostdinc: true });
      if (!r.object) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    }
  });
});

describe('examples at other optimisation levels and cpu versions', () => {
  const cache = createPreprocessCache();
  const fs = nodeFileSystem();
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-levels-'));
  const variants = [{ optLevel: 0, mcpu: 3 }, { optLevel: 1, mcpu: 1 }, { optLevel: 2, mcpu: 2 }, { optLevel: 2, mcpu: 4 }] as const;
  const examples = EXAMPLES();
  const cases = examples.flatMap((p, i) => [{ p, v: variants[i % variants.length]! }, { p, v: variants[(i + 1) % variants.length]! }]);

  it.each(cases.map((c) => [`${c.p.name} -O${c.v.optLevel} -mcpu=v${c.v.mcpu}`, c] as const))('%s', async (label, { p, v }) => {
    const r = compileC(readFileSync(p.source, 'utf8'), { path: p.source, fs, cache, ...v });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const object = r.object as Uint8Array;
    const spec = r.spec!;
    const c = caseForOurs(p.case, p.clang, spec);
    compareRuns(p, vmRun(object, c), spec, false);
    if (!canUseKernel()) return;
    const path = join(dir, `${label.replace(/\W+/g, '_')}.o`);
    writeFileSync(path, object);
    try {
      compareRuns(p, await runInKernelBatched(path, c), spec, true);
    } finally {
      rmSync(path, { force: true });
    }
  }, 120_000);
});
