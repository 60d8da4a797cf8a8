// Pruning of unused system-header declarations (compiler/c/prune.ts, prune-scan.ts): which declarations a
// program keeps (header text and main file written as one preprocessed stream with line markers), that a
// compile with pruning equals the whole-parse compile byte for byte (the whole parse is the reference:
// it reads every declaration), and how much of linux/bpf.h and bpf_helper_defs.h a real program drops.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lexPreprocessed } from '../../../grammar/c/index.js';
import { createPreprocessCache, memoryFileSystem, preprocess, type PreprocessOptions } from '../../../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';
import { headerFileTest, parsePreprocessed, printAst, pruneTokens, systemFileTest, type ParseResult } from '../../../compiler/c/index.js';
import { compileC, type CompileOptions, type CompileResult } from '../../../compiler/index.js';
import { createSourceFile } from '../../../compiler/source.js';

/** The header tokens kept from `header` (file /sys/h.h) for the program `main` (file main.c), as text. */
function kept(header: string, main: string): string {
  const tokens = lexPreprocessed(`# 1 "/sys/h.h"\n${header}\n# 1 "main.c"\n${main}\n`);
  const r = pruneTokens(tokens, { prunable: (f) => f.startsWith('/sys/') });
  expect(r.tokens.filter((t) => t.loc.file === 'main.c').length).toBe(tokens.filter((t) => t.loc.file === 'main.c').length);
  return r.tokens.filter((t) => t.loc.file !== 'main.c').map((t) => t.text).join(' ');
}

/** Compiles `main` against system headers `headers` (under /sys/include) with and without pruning. */
function both(main: string, headers: Record<string, string>, extra: CompileOptions = {}): [CompileResult, CompileResult] {
  const files = Object.fromEntries(Object.entries(headers).map(([k, v]) => [`/sys/include/${k}`, v]));
  const o: CompileOptions = { path: 'main.c', fs: memoryFileSystem(files), systemDirs: ['/sys/include'], emitAst: true, ...extra };
  return [compileC(main, { ...o, prune: false }), compileC(main, o)];
}

function expectSame([whole, pruned]: [CompileResult, CompileResult]): void {
  expect(pruned.diagnostics).toEqual(whole.diagnostics);
  expect(pruned.ast).toBe(whole.ast);
  expect(pruned.object === undefined).toBe(whole.object === undefined);
  if (whole.object) expect(Buffer.from(pruned.object!).equals(Buffer.from(whole.object))).toBe(true);
}

const LICENSE = 'char LICENSE[] __attribute__((section("license"))) = "GPL";\n';

describe('what is kept', () => {
  it('an enum constant keeps its enum; unused enums go', () => {
    const h = kept('enum { A = 1, B = 2 };\nenum color { RED, GREEN };\nenum { UNUSED_C = 7 };', 'int f(void) { return B; }');
    expect(h).toBe('enum { A = 1 , B = 2 } ;');
  });

  it('a typedef chain is kept whole, unrelated typedefs go', () => {
    const h = kept('typedef unsigned int u32;\ntypedef u32 v32;\ntypedef v32 w32;\ntypedef int unused_t;', 'w32 x;');
    expect(h).toBe('typedef unsigned int u32 ; typedef u32 v32 ; typedef v32 w32 ;');
  });

  it('the types of a used struct are kept, also those declared inside its body', () => {
    const header = 'struct inner { int x; };\nstruct outer { struct inner in; struct nested { int y; } n; };\nstruct lonely { int z; };';
    expect(kept(header, 'struct outer o;')).toBe('struct inner { int x ; } ; struct outer { struct inner in ; struct nested { int y ; } n ; } ;');
    // a tag declared in a struct body belongs to the file scope: naming it keeps the enclosing struct
    expect(kept(header, 'struct nested *p;')).toContain('struct outer {');
    expect(kept(header, 'int lonely;')).toBe('struct lonely { int z ; } ;'); // one name space for tags and identifiers
  });

  it('a function pointer typedef keeps the types of its parameters; parameter names declare nothing', () => {
    const header = 'typedef int (*handler_t)(struct pkt *p, int len);\nstruct pkt { int n; };\nstruct other { int m; };\nint take(int map_key);';
    expect(kept(header, 'handler_t h;')).toBe('typedef int ( * handler_t ) ( struct pkt * p , int len ) ; struct pkt { int n ; } ;');
    expect(kept(header, 'int map_key;')).toBe('');
  });

  it('a tag in a parameter list is not a file-scope declaration; a tag already declared is a reference', () => {
    expect(kept('void take(struct pp *p);\nstruct pp;', 'struct pp *x;')).toBe('struct pp ;');
    const h = kept('struct s;\nstruct s *make(void);\nstruct s { int a; };', 'struct s v;');
    expect(h).toBe('struct s ; struct s { int a ; } ;');
    // without an earlier declaration, `struct t *` in a return type declares t (file scope)
    expect(kept('struct t *make(void);', 'struct t *q;')).toBe('struct t * make ( void ) ;');
  });

  it('declarations with an effect of their own are kept; static objects and functions nothing uses go', () => {
    const header = [
      'int global_counter;', // a tentative definition with external linkage: emitted
      'static int state;',
      'static long (*bpf_thing)(void *p) = (void *) 99;',
      'static int q = 3;',
      'static int *r = &q;', // the initializer names q: kept (and so q)
      'static inline int quiet(void) { return 1; }',
      'static inline const char *named(void) { return "x"; }', // string literals are numbered in order
      'static int __attribute__((section("xdp"))) prog(void) { return 2; }', // a program: emitted
      'extern int ext;',
      'int proto(int a);',
    ].join('\n');
    const h = kept(header, 'int main_var;');
    expect(h).toContain('int global_counter ;');
    expect(h).toContain('static int * r = & q ;');
    expect(h).toContain('static int q = 3 ;');
    expect(h).toContain('named');
    expect(h).toContain('prog');
    for (const gone of ['state', 'bpf_thing', 'quiet', 'ext', 'proto']) expect(h).not.toContain(gone);
  });

  it('what the scanner cannot read with certainty is kept', () => {
    // an unknown type name (the parser reports it), a stray token, an unbalanced bracket
    expect(kept('mystery_t x;', 'int y;')).toBe('mystery_t x ;');
    expect(kept('int a @;', 'int y;')).toBe('int a @ ;');
    expect(kept('int b );', 'int y;')).toBe('int b ) ;');
  });

  it('a declaration that a header begins and the program ends is kept', () => {
    expect(kept('struct s', '{ int a; } v;')).toBe('struct s');
    expect(kept('typedef int unused_t; int f(int x', ') { return x; }')).toBe('int f ( int x');
  });

  it('chunks of files that are not system headers are all kept', () => {
    const tokens = lexPreprocessed('# 1 "inc/h.h"\ntypedef int unused_t;\nenum { X };\n# 1 "main.c"\nint y;\n');
    const r = pruneTokens(tokens, { prunable: (f) => f.startsWith('/sys/') });
    expect(r.tokens).toBe(tokens);
  });

  it('the names the compiler looks up itself are seeds', () => {
    const header = 'struct xdp_md { int data; };\nstruct unused { int u; };';
    expect(kept(header, 'int y;')).toBe('struct xdp_md { int data ; } ;');
    const tokens = lexPreprocessed(`# 1 "/sys/h.h"\n${header}\n# 1 "main.c"\nint y;\n`);
    expect(pruneTokens(tokens, { prunable: (f) => f.startsWith('/sys/'), seeds: [] }).tokens.filter((t) => t.loc.file !== 'main.c')).toEqual([]);
  });
});

describe('any token stream', () => {
  it('is pruned without an exception, keeping order and every token outside system headers', () => {
    const header = readFileSync('compiler/include/linux/bpf.h', 'utf8').slice(0, 60_000);
    const base = lexPreprocessed(`# 1 "/sys/h.h"\n${header}\n# 1 "main.c"\nint f(struct xdp_md *c) { return c->data + BPF_ANY; }\n`);
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 150; round++) {
      // delete, duplicate or move a few tokens (brackets and ';' among them)
      const tokens = [...base];
      for (let k = 0; k < 1 + rand(6); k++) {
        const i = rand(tokens.length);
        const op = rand(3);
        if (op === 0) tokens.splice(i, 1);
        else if (op === 1) tokens.splice(i, 0, { ...tokens[rand(tokens.length)]! });
        else tokens.splice(rand(tokens.length), 0, ...tokens.splice(i, 1));
      }
      const r = pruneTokens(tokens, { prunable: (f) => f.startsWith('/sys/') });
      const index = new Map(tokens.map((t, i) => [t, i]));
      let last = -1;
      for (const t of r.tokens) {
        const i = index.get(t)!;
        expect(i).toBeGreaterThanOrEqual(last);
        last = i;
      }
      expect(r.tokens.filter((t) => t.loc.file === 'main.c').length).toBe(tokens.filter((t) => t.loc.file === 'main.c').length);
    }
  });
});

describe('systemFileTest', () => {
  it('system directories and the bundled roots, not -I directories, not the main file', () => {
    const sys = systemFileTest({ includeDirs: ['/usr/include/mine', 'inc'] }, '/usr/include/main.c');
    expect(sys('/usr/include/linux/bpf.h')).toBe(true);
    expect(sys('/usr/include/x86_64-linux-gnu/asm/types.h')).toBe(true);
    expect(sys('/usr/include/bpf/../linux/types.h')).toBe(true);
    expect(sys('<bundled>/linux/bpf.h')).toBe(true);
    expect(sys('<resource>/stdint.h')).toBe(true);
    expect(sys('/usr/include/mine/x.h')).toBe(false);
    expect(sys('/usr/include/main.c')).toBe(false);
    expect(sys('inc/x.h')).toBe(false);
    expect(sys('/usr/include2/x.h')).toBe(false);
    // -I . holds the relative paths only
    const dot = systemFileTest({ includeDirs: ['.'] });
    expect(dot('/usr/include/linux/bpf.h')).toBe(true);
    expect(dot('<bundled>/linux/bpf.h')).toBe(true);
    expect(dot('./x.h')).toBe(false);
    expect(dot('sub/x.h')).toBe(false);
    const none = systemFileTest({ nostdinc: true, bundled: false });
    expect(none('/usr/include/linux/bpf.h')).toBe(false);
    expect(none('<bundled>/linux/bpf.h')).toBe(false);
  });
});

describe('headerFileTest', () => {
  it('every file but the main one', () => {
    const h = headerFileTest('./src/main.c');
    expect(h('src/main.c')).toBe(false);
    expect(h('src/../src/main.c')).toBe(false);
    expect(h('src/vmlinux.h')).toBe(true);
    expect(h('/usr/include/linux/bpf.h')).toBe(true);
    expect(h('<bundled>/linux/bpf.h')).toBe(true);
  });
});

describe('headers of the program\'s own (quoted, -I)', () => {
  const header = 'typedef unsigned int u32;\nstruct used { u32 a; };\nstruct unused { u32 b; };\n' +
    'static inline int twice(int x) { return 2 * x; }\nint broken(int a b);\n';
  const main = '#include "mine.h"\n__attribute__((section("xdp"))) int prog(void *ctx) { struct used u = { 3 }; return twice(u.a); }\n' + LICENSE;
  const opts: CompileOptions = { path: 'main.c', fs: memoryFileSystem({ 'mine.h': header }), nostdinc: true, emitAst: true };

  it('are pruned by default: the same object as the whole parse, without what nothing reaches', () => {
    const whole = compileC(main, { ...opts, prune: false });
    const pruned = compileC(main, opts);
    // the whole parse reports the declaration nothing uses, as clang would; pruning drops it
    expect(whole.diagnostics.map((d) => d.code)).toContain('C1100');
    expect(pruned.diagnostics).toEqual([]);
    const fixed = compileC(main, { ...opts, prune: false,
      fs: memoryFileSystem({ 'mine.h': header.replace('int broken(int a b);\n', '') }) });
    expect(fixed.diagnostics).toEqual([]);
    expect(Buffer.from(pruned.object!).equals(Buffer.from(fixed.object!))).toBe(true);
    const pp = preprocess(createSourceFile('main.c', main), { fs: memoryFileSystem({ 'mine.h': header }), nostdinc: true });
    const kept = pruneTokens(pp.tokens, { prunable: headerFileTest('main.c') }).tokens.map((t) => t.text);
    expect(kept).toContain('twice');
    expect(kept).not.toContain('unused');
    expect(kept).not.toContain('broken');
  });

  it("are kept whole with prune: 'system'", () => {
    const r = compileC(main, { ...opts, prune: 'system' });
    expect(r.diagnostics.map((d) => d.code)).toContain('C1100');
  });
});

describe('compiles equal the whole parse', () => {
  it('a helper used only through a macro (bpf_printk) is kept', () => {
    const main = '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n' +
      'SEC("xdp") int prog(struct xdp_md *ctx) { bpf_printk("len %d", ctx->data_end - ctx->data); return XDP_PASS; }\n' + LICENSE;
    const r = both(main, {}, { nostdinc: true });
    expectSame(r);
    expect(r[1].object).toBeDefined();
    const pp = preprocess(createSourceFile('main.c', main), { nostdinc: true });
    const pruned = pruneTokens(pp.tokens, { prunable: systemFileTest({ nostdinc: true }, 'main.c') }).tokens;
    expect(pruned.some((t) => t.text === 'bpf_trace_printk' && t.loc.file.endsWith('bpf_helper_defs.h'))).toBe(true);
    expect(pruned.some((t) => t.text === 'bpf_map_lookup_elem')).toBe(false);
  });

  it('a pruned-away declaration that would not parse does not matter', () => {
    const headers = { 'odd.h': 'typedef int ok_t;\nint broken(int a b);\n' };
    const main = '#include <odd.h>\n__attribute__((section("xdp"))) int prog(void *ctx) { ok_t v = 2; return v; }\n' + LICENSE;
    const [whole, pruned] = both(main, headers);
    expect(whole.diagnostics.map((d) => d.code)).toContain('C1100');
    expect(pruned.diagnostics).toEqual([]);
    expect(pruned.object).toBeDefined();
    // used, it is parsed and reported as in the whole parse
    expectSame(both(main.replace('return v;', 'return broken(v);'), headers));
  });

  it('a restored include prefix keeps the declarations the pruned whole parse keeps', () => {
    const headers = { 'h.h': 'typedef unsigned int u32;\ntypedef u32 unused_t;\nenum { K = 4, L };\nstruct s { u32 a; };\nstruct t { int b; };\n' };
    const fs = memoryFileSystem(Object.fromEntries(Object.entries(headers).map(([k, v]) => [`/sys/include/${k}`, v])));
    const opts = { fs, systemDirs: ['/sys/include'], cache: createPreprocessCache() };
    const main = createSourceFile('main.c', '#include <h.h>\nint f(void) { struct s v = { K }; return v.a; }\n');
    const prune = { prunable: systemFileTest(opts, 'main.c') };
    const names = (r: ParseResult) => printAst(r.ast, { spans: false });
    const expected = names(parsePreprocessed(preprocess(main, { ...opts, cache: undefined }), { prune }));
    expect(expected).not.toContain('unused_t');
    expect(expected).not.toContain('struct t');
    for (const hit of [false, true]) {
      const pp = preprocess(main, opts);
      expect(pp.prefix?.hit).toBe(hit);
      expect(names(parsePreprocessed(pp, { prune }))).toBe(expected);
      expect(names(parsePreprocessed(pp))).toContain('unused_t');
    }
  });

  it('syntax and semantic errors in the program are reported as by the whole parse', () => {
    const headers = { 'h.h': 'typedef unsigned int u32;\nenum { K = 4 };\nstruct s { u32 a; };\n' };
    expectSame(both('#include <h.h>\nint f(void) { u32 x = ; return K; }\n', headers));
    expectSame(both('#include <h.h>\nint f(void) { struct s v; return v.b + K; }\n', headers));
    expectSame(both('#include <h.h>\nint f(void) { return undeclared_thing; }\n', headers));
  });

  it("a subprogram's context struct comes from the header even when the program never names it", () => {
    const main = '#include <linux/bpf.h>\n' +
      'static __attribute__((noinline)) int sub(void *ctx) { return *(int *)ctx; }\n' +
      '__attribute__((section("xdp"))) int prog(void *ctx) { return sub(ctx); }\n' + LICENSE;
    const r = both(main, {}, { nostdinc: true });
    expectSame(r);
    // the full definition of struct xdp_md (its member names) is in the BTF of the subprogram's parameter
    expect(Buffer.from(r[1].object!).includes('data_end')).toBe(true);
  });
});

describe('a real program drops most of the headers', () => {
  const SYSTEM = existsSync('/usr/include/linux/bpf.h') && existsSync('/usr/include/bpf/bpf_helpers.h');
  const cases: [string, PreprocessOptions][] = [['bundled', { nostdinc: true }], ['system', { fs: nodeFileSystem() }]];
  for (const [name, opts] of cases) {
    it.skipIf(name === 'system' && !SYSTEM)(`examples/xdp_counter.bpf.c with the ${name} headers`, () => {
      const path = 'examples/xdp_counter.bpf.c';
      const pp = preprocess(createSourceFile(path, readFileSync(path, 'utf8')), opts);
      const r = pruneTokens(pp.tokens, { prunable: systemFileTest(opts, path) });
      const stats = (suffix: string) => [...r.files].find(([f]) => f.endsWith(suffix))?.[1];
      const bpf = stats('/linux/bpf.h')!;
      const helpers = stats('/bpf/bpf_helper_defs.h')!;
      expect(bpf.chunks).toBeGreaterThan(50);
      expect(bpf.kept / bpf.chunks).toBeLessThan(0.15);
      expect(helpers.chunks).toBeGreaterThan(150);
      expect(helpers.kept / helpers.chunks).toBeLessThan(0.1);
      expect(r.tokens.length / pp.tokens.length).toBeLessThan(0.2);
    });
  }
});
