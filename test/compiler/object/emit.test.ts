// Object emission details, on small sources (bundled headers): the same input gives the same bytes;
// decodeObject reads back what was emitted; relocations follow clang's conventions (reference §1.5:
// global variables and global functions by their symbol, static ones through their section with the
// offset in the instruction, maps by name); string literals share one `.rodata` (no `.rodata.str1.1`
// map per literal kind); -g0 drops line info but keeps func info; no license, no license section;
// addresses in global data are refused with B2008. Relocation types and symbols are read back with
// llvm-readelf-16 where installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileC, createPreprocessCache, type CompileOptions } from '../../../compiler/index.js';
import { canonicalizeObject, decodeObject, type ObjectSpec } from '../../../runtime/object/index.js';
import { READELF, hasTool } from '../../helpers/tools.js';

const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-emit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SRC = `
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

__u64 total;
static __u32 seen[4];
const volatile __u32 limit = 100;

static __attribute__((noinline)) __u32 bucket(__u32 len)
{
	return len > limit ? 3 : len >> 5 & 3;
}

__attribute__((noinline)) int global_len(struct xdp_md *ctx)
{
	return ctx ? ctx->data_end - ctx->data : 0;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 b = bucket(global_len(ctx));
	__u64 *c = bpf_map_lookup_elem(&counts, &b);

	if (c)
		__sync_fetch_and_add(c, 1);
	seen[b]++;
	total++;
	if (b == 3)
		bpf_printk("big packet %u", b);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;

const compile = (src: string, o: CompileOptions = {}): ReturnType<typeof compileC> => compileC(src, { path: 'emit.bpf.c', nostdinc: true, ...o });

function must(r: ReturnType<typeof compileC>): { object: Uint8Array; spec: ObjectSpec } {
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r as { object: Uint8Array; spec: ObjectSpec };
}

describe('object emission', () => {
  const r = must(compile(SRC));
  const spec = decodeObject(r.object);
  const prog = spec.programs.find((p) => p.name === 'xdp')!;
  const text = spec.programs.find((p) => p.name === '.text')!;

  it('gives the same bytes for the same input, whatever was compiled before', () => {
    const other = compile('#include <linux/bpf.h>\nint x; __attribute__((section("tc"))) int f(struct __sk_buff *s) { return s->len + x; }', { path: 'other.bpf.c' });
    expect(other.object).toBeDefined();
    const again = must(compile(SRC, { cache: createPreprocessCache() }));
    expect(Buffer.from(again.object).equals(Buffer.from(r.object))).toBe(true);
  });

  it('reads back as emitted (decodeObject of the bytes is the canonical form of the spec)', () => {
    // the decoded string table also holds the .BTF.ext strings (file names, source lines)
    const types = (s: ObjectSpec): unknown => ({ ...s, btf: s.btf?.types });
    expect(types(spec)).toEqual(types(canonicalizeObject(r.spec)));
  });

  it('places subprograms in .text and the entry in its section, with clang\'s symbol linkage', () => {
    expect(spec.programs.map((p) => p.name)).toEqual(['.text', 'xdp']);
    expect(text.functions.map((f) => [f.name, f.linkage])).toEqual([['bucket', 'static'], ['global_len', 'global']]);
    expect(prog.functions.map((f) => [f.name, f.linkage])).toEqual([['prog', 'global']]);
  });

  it('relocates as clang does: global symbols by name, statics through their section', () => {
    const calls = prog.relocations.filter((x) => x.kind === 'call');
    expect(calls.map((c) => ({ symbol: c.symbol, section: c.section }))).toEqual(
      expect.arrayContaining([{ symbol: 'global_len', section: '.text' }, { symbol: undefined, section: '.text' }]),
    );
    const data = prog.relocations.filter((x) => x.kind === 'data');
    const seen = spec.data.find((d) => d.name === '.bss')!.variables.find((v) => v.name === 'seen')!;
    expect(seen.linkage).toBe('static');
    const total = spec.data.find((d) => d.name === '.bss')!.variables.find((v) => v.name === 'total')!;
    expect(data.find((x) => x.kind === 'data' && x.symbol === 'total')).toMatchObject({ section: '.bss', addend: total.offset });
    const toSeen = data.find((x) => x.kind === 'data' && x.addend === seen.offset && x.section === '.bss');
    expect(toSeen).toBeDefined();
    expect(toSeen && 'symbol' in toSeen ? toSeen.symbol : undefined).toBeUndefined();
    expect(prog.relocations.filter((x) => x.kind === 'map')).toEqual([expect.objectContaining({ map: 'counts' })]);
  });

  it('keeps string literals and const volatile data in one .rodata', () => {
    expect(spec.data.map((d) => d.name).sort()).toEqual(['.bss', '.rodata']);
    const ro = spec.data.find((d) => d.name === '.rodata')!;
    expect(Buffer.from(ro.bytes!).includes(Buffer.from('big packet %u\0'))).toBe(true);
    expect(ro.variables.map((v) => v.name)).toContain('limit');
  });

  it('writes func info for every function and line info from the source', () => {
    for (const p of spec.programs) {
      expect(p.funcInfo.map((f) => f.offset)).toEqual(p.functions.map((f) => f.offset));
      for (const f of p.functions) expect(p.lineInfo.some((l) => l.offset === f.offset)).toBe(true);
    }
    const lines = SRC.split('\n');
    for (const l of prog.lineInfo) expect(l.source).toBe(lines[l.line - 1]);
    expect(prog.lineInfo.map((l) => l.source)).toContain('\tseen[b]++;');
  });

  it('-g0 drops line info, keeps func info and BTF', () => {
    const g0 = decodeObject(must(compile(SRC, { debugLines: false })).object);
    for (const p of g0.programs) {
      expect(p.lineInfo).toEqual([]);
      expect(p.funcInfo.length).toBe(p.functions.length);
    }
    expect(g0.btf).toBeDefined();
  });

  it('marks __weak functions STB_WEAK and hidden ones STV_HIDDEN, as clang does', () => {
    const src = '#include <linux/bpf.h>\n__attribute__((noinline, visibility("hidden"))) int hid(int x) { return x * 3; }\n__attribute__((noinline, weak)) int wk(int x) { return x + 1; }\n__attribute__((section("xdp"))) int f(struct xdp_md *c) { return (hid(c->rx_queue_index) + wk(1)) & 3; }\n';
    const s = decodeObject(must(compile(src)).object);
    const text = s.programs.find((p) => p.name === '.text')!;
    expect(text.functions.map((f) => [f.name, f.linkage, f.hidden])).toEqual([['hid', 'global', true], ['wk', 'weak', false]]);
  });

  it('writes no license section when the source has none', () => {
    const s = decodeObject(must(compile('#include <linux/bpf.h>\n__attribute__((section("xdp"))) int f(struct xdp_md *c) { return 2; }')).object);
    expect(s.license).toBeUndefined();
  });

  it('refuses addresses in global data (B2008)', () => {
    const bad = compile('int a; int *pa = &a;\n__attribute__((section("xdp"))) int f(void *c) { return *pa; }');
    expect(bad.object).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.code)).toContain('B2008');
  });

  it.skipIf(!hasTool(READELF))('uses only R_BPF_64_64 and R_BPF_64_32, against the symbols clang would use', () => {
    const f = join(tmp, 'emit.o');
    writeFileSync(f, r.object);
    const out = spawnSync(READELF, ['-r', f], { encoding: 'utf8' }).stdout;
    const rows = out.split('\n').filter((l) => /R_BPF/.test(l)).map((l) => l.trim().split(/\s+/));
    expect(new Set(rows.map((x) => x[2]))).toEqual(new Set(['R_BPF_64_64', 'R_BPF_64_32']));
    const targets = rows.map((x) => `${x[2]} ${x[4]}`);
    expect(targets).toEqual(expect.arrayContaining(['R_BPF_64_32 .text', 'R_BPF_64_32 global_len', 'R_BPF_64_64 counts', 'R_BPF_64_64 total', 'R_BPF_64_64 .bss', 'R_BPF_64_64 .rodata', 'R_BPF_64_64 limit']));
  });
});
