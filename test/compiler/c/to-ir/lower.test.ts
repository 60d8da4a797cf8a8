// The shapes the lowering promises (verifier-friendly by construction) and its diagnostics: ctx fields
// loaded with their exact width, packet bounds checks in the `ptradd; cmp; condbr` form the bounds pass
// and the verifier recognise, memcpy of a MAC address in wide moves, unused atomics without fetch,
// `#pragma unroll` loops without a back edge, wide case ranges as range tests, `const volatile` globals
// loaded every time, string literals merged, constant statics folded; unsupported constructs reported
// as diagnostics, never as exceptions.
import { describe, expect, it } from 'vitest';
import { checkC } from '../../../../compiler/c/sema/index.js';
import { lowerToIr, type Cpu } from '../../../../compiler/c/to-ir/index.js';
import { generateModule } from '../../../../compiler/codegen/index.js';
import { optimizeModule, packetCheck, printFunc, reversePostorder, funcGraph, validateModule, type Block, type Func, type Inst, type Module } from '../../../../compiler/ir/index.js';
import { createSourceFile } from '../../../../compiler/source.js';
import { createPreprocessCache } from '../../../../grammar/c/preprocess/index.js';

const cache = createPreprocessCache();
const HEAD = '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n';

function lower(src: string, mcpu: Cpu = 3): { module: Module; diagnostics: string[] } {
  const r = checkC(createSourceFile('t.bpf.c', HEAD + src), { nostdinc: true, cache });
  if (r.failed || !r.unit) throw new Error(`front end: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  const l = lowerToIr(r.unit, { mcpu });
  return { module: l.module, diagnostics: l.diagnostics.map((d) => `${d.code}: ${d.message}`) };
}

function optimized(src: string, mcpu: Cpu = 3): Module {
  const { module, diagnostics } = lower(src, mcpu);
  expect(diagnostics).toEqual([]);
  expect(validateModule(module)).toEqual([]);
  optimizeModule(module, { level: 2, validate: true });
  return module;
}

const fn = (m: Module, name: string): Func => m.funcs.find((f) => f.name === name) as Func;
const insts = (f: Func): Inst[] => f.blocks.flatMap((b) => b.insts);

describe('shapes', () => {
  it('loads ctx fields with their exact width from the ctx pointer', () => {
    const { module } = lower('SEC("xdp") int f(struct xdp_md *ctx) { return ctx->data_end - ctx->data + ctx->rx_queue_index; }');
    const loads = insts(fn(module, 'f')).filter((i): i is Inst & { kind: 'load' } => i.kind === 'load' && i.width === 4);
    expect(loads.map((l) => l.offset).sort((a, b) => a - b)).toEqual([0, 4, 16]);
    const m = optimized('SEC("xdp") int f(struct xdp_md *ctx) { void *d = (void *)(long)ctx->data, *e = (void *)(long)ctx->data_end; return e - d; }');
    const ptrLoads = insts(fn(m, 'f')).filter((i) => i.kind === 'load');
    expect(ptrLoads.map((i) => `${(i as Inst & { kind: 'load' }).width} ${i.type.kind === 'ptr' ? i.type.to : 'int'}`).sort()).toEqual(['4 packet', '4 packet_end']);
  });

  it('emits packet bounds checks as ptradd + compare + branch', () => {
    const m = optimized(`
      struct eth { unsigned char d[6], s[6]; unsigned short proto; };
      SEC("xdp") int f(struct xdp_md *ctx) {
        void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
        struct eth *eth = data;
        if ((void *)(eth + 1) > end) return 1;
        return eth->proto;
      }`);
    const checks = fn(m, 'f').blocks.map((b: Block) => packetCheck(b)).filter((c) => c !== undefined);
    expect(checks.map((c) => c.bytes)).toEqual([14]);
  });

  it('copies a MAC address with wide moves, not byte by byte', () => {
    const m = optimized(`
      SEC("xdp") int f(struct xdp_md *ctx) {
        void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
        unsigned char mac[6];
        if (data + 14 > end) return 0;
        __builtin_memcpy(mac, data, 6);
        __builtin_memcpy(data, data + 6, 6);
        __builtin_memcpy(data + 6, mac, 6);
        return 2;
      }`);
    const widths = insts(fn(m, 'f')).filter((i) => i.kind === 'store').map((i) => (i as Inst & { kind: 'store' }).width);
    expect(widths.length).toBeLessThanOrEqual(6);
    const code = generateModule(m, { mcpu: 3 });
    expect(code.functions[0]!.insns.length).toBeLessThanOrEqual(20);
  });

  it('uses non-fetching atomics when the result is unused (so cpu v1 works)', () => {
    const src = `
      struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, long); } m SEC(".maps");
      SEC("xdp") int f(struct xdp_md *ctx) {
        int k = 0; long *v = bpf_map_lookup_elem(&m, &k);
        if (v) __sync_fetch_and_add(v, 1);
        return 2;
      }`;
    const atomics = insts(fn(lower(src, 1).module, 'f')).filter((i) => i.kind === 'atomic');
    expect(atomics.map((a) => (a as Inst & { kind: 'atomic' }).fetch)).toEqual([false]);
    const code = generateModule(optimized(src, 1), { mcpu: 1 });
    expect(code.diagnostics).toEqual([]);
    const used = lower(src.replace('if (v) __sync_fetch_and_add(v, 1);', 'if (v) return __sync_fetch_and_add(v, 1);'), 1);
    expect(insts(fn(used.module, 'f')).filter((i) => i.kind === 'atomic').map((a) => (a as Inst & { kind: 'atomic' }).fetch)).toEqual([true]);
  });

  it('fully unrolls #pragma unroll and small constant-trip loops', () => {
    for (const pragma of ['#pragma unroll', '']) {
      const m = optimized(`
        SEC("xdp") int f(struct xdp_md *ctx) {
          unsigned char *p = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
          int s = 0, i;
          if (p + 8 > end) return 0;
          ${pragma}
          for (i = 0; i < 8; i++) s += p[i] * i;
          return s;
        }`);
      const f = fn(m, 'f');
      const order = reversePostorder(funcGraph(f));
      const pos = new Map(order.map((b, k) => [b, k]));
      const back = f.blocks.some((b) => (b.term?.kind === 'br' ? [b.term.target] : b.term?.kind === 'condbr' ? [b.term.then, b.term.else] : []).some((s) => (pos.get(s) ?? 0) <= (pos.get(b) ?? 0)));
      expect(back, pragma || 'no pragma').toBe(false);
    }
  });

  it('keeps loops with a data-dependent trip count as loops', () => {
    const m = optimized(`
      SEC("xdp") int f(struct xdp_md *ctx) {
        unsigned char *p = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
        int s = 0;
        for (unsigned i = 0; i < 64 && p + i + 1 <= end; i++) s += p[i];
        return s;
      }`);
    expect(printFunc(fn(m, 'f'))).toMatch(/phi/);
  });

  it('tests wide case ranges with two compares and lists small ones', () => {
    const { module } = lower(`
      SEC("xdp") int f(struct xdp_md *ctx) {
        switch (ctx->rx_queue_index) { case 1 ... 3: return 1; case 100 ... 100000: return 2; default: return 0; }
      }`);
    const text = printFunc(fn(module, 'f'));
    expect(text).toMatch(/cmp uge i32 %\d+, 100\b/);
    expect(text).toMatch(/cmp ule i32 %\d+, 100000\b/);
    expect(text).toMatch(/switch i32 %\d+, default [\w.]+ \[1: [\w.]+, 2: [\w.]+, 3: [\w.]+\]/);
  });

  it('loads const volatile globals every time and folds plain const ones', () => {
    const { module } = lower(`
      const volatile int knob = 1;
      static const int table[2] = { 5, 7 };
      SEC("xdp") int f(struct xdp_md *ctx) { return knob + knob + table[1]; }`);
    const loads = insts(fn(module, 'f')).filter((i) => i.kind === 'load') as (Inst & { kind: 'load' })[];
    expect(loads.map((l) => l.volatile)).toEqual([true, true]);
    expect(module.globals.find((g) => g.symbol === 'knob')).toMatchObject({ section: '.rodata', readonly: true });
  });

  it('merges identical string literals into one .rodata pool', () => {
    const { module } = lower(`
      static long (*trace)(const char *fmt, unsigned int n, ...) = (void *) 6;
      SEC("xdp") int f(struct xdp_md *ctx) { trace("hi", 3); trace("hi", 3); trace("other", 6); return 2; }`);
    const pool = module.globals.filter((g) => g.section === '.rodata');
    expect(pool).toHaveLength(1);
    expect(Buffer.from(pool[0]!.init!).toString('latin1')).toBe('hi\0other\0');
  });

  it('drops stores to statics nothing reads', () => {
    const { module } = lower('static int last; SEC("xdp") int f(struct xdp_md *ctx) { last = ctx->ingress_ifindex; return 2; }');
    expect(insts(fn(module, 'f')).some((i) => i.kind === 'store' && i.ptr.kind === 'globalref')).toBe(false);
    expect(module.globals).toEqual([]);
  });
});

describe('diagnostics, not exceptions', () => {
  const cases: [string, string, string][] = [
    ['inline assembly', 'SEC("xdp") int f(struct xdp_md *c) { asm volatile("r0 = 1"); return 2; }', 'C1307'],
    ['a variable-size memcpy', 'SEC("xdp") int f(struct xdp_md *c) { char a[8], b[8]; __builtin_memcpy(a, b, c->data & 7); return a[0]; }', 'C1307'],
    ['a call through a function pointer', 'static int g(int x) { return x; } SEC("xdp") int f(struct xdp_md *c) { int (*p)(int) = g; return p(1); }', 'C1307'],
    ['a 2-byte atomic', 'SEC("xdp") int f(struct xdp_md *c) { short s = 1; __sync_fetch_and_add(&s, 1); return s; }', 'C1307'],
    ['a CO-RE builtin', 'struct s { int a; }; SEC("xdp") int f(struct xdp_md *c) { struct s x = {1}; return __builtin_preserve_field_info(x.a, 0); }', 'C1307'],
    ['six parameters of a global function', 'int g(int a, int b, int c, int d, int e, int f) { return a + f; } SEC("xdp") int f(struct xdp_md *c) { return g(1, 2, 3, 4, 5, 6); }', 'C1301'],
    ['an undefined function', 'int g(int); SEC("xdp") int f(struct xdp_md *c) { return g(1); }', 'C1304'],
    ['a 128-bit integer', 'SEC("xdp") int f(struct xdp_md *c) { __int128 x = c->rx_queue_index; x *= 3; return (int)x; }', 'C1307'],
    ['a nand atomic', 'SEC("xdp") int f(struct xdp_md *c) { int x = 1; __sync_fetch_and_nand(&x, 3); return x; }', 'C1307'],
  ];
  it.each(cases)('%s', (_what, src, code) => {
    const r = checkC(createSourceFile('t.bpf.c', HEAD + src), { nostdinc: true, cache });
    if (r.failed || !r.unit) {
      // rejected earlier by the front end: still a diagnostic
      expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      return;
    }
    const l = lowerToIr(r.unit, {});
    expect(l.failed).toBe(true);
    expect(l.diagnostics.map((d) => d.code)).toContain(code);
    expect(l.diagnostics.every((d) => d.span !== undefined)).toBe(true);
  });
});
