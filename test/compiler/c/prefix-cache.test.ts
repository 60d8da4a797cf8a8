// The include-prefix cache through the front end: parsePreprocessed (the prefix's declarations parsed
// once, the rest in the file scope they left) gives the AST and diagnostics parseC gives for the whole
// token stream, also when the main file uses the headers' typedefs, hides them, completes a declaration
// a header left open, or has syntax errors; and whole compiles with a shared cache (restored prefixes)
// produce the same objects, ASTs and diagnostics as compiles without one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseC, parsePreprocessed, printAst } from '../../../compiler/c/index.js';
import { compileC, createPreprocessCache, type CompileOptions } from '../../../compiler/index.js';
import { createSourceFile } from '../../../compiler/source.js';
import { memoryFileSystem, preprocess } from '../../../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';

const fs = memoryFileSystem({
  'inc/types.h': '#pragma once\ntypedef unsigned int u32;\ntypedef struct pair { u32 a, b; } pair_t;\n#define MK(x) ((pair_t){ x, x })\nenum { ONE = 1 };\n',
  'inc/fn.h': 'static inline u32 first(pair_t p) { return p.a; }\ntypedef u32 hidden_t;\n',
  'inc/open.h': 'struct open\n',
});

function both(src: string): { whole: unknown; cached: unknown[] } {
  const cache = createPreprocessCache();
  const opts = { fs, includeDirs: ['inc'], cache };
  const show = (r: ReturnType<typeof parseC>) => ({ ast: printAst(r.ast, { spans: true }), span: r.ast.span,
    diagnostics: r.diagnostics });
  const main = createSourceFile('main.c', src);
  const whole = show(parseC(preprocess(main, { fs, includeDirs: ['inc'] }).tokens));
  const cached = [0, 1].map(() => {
    const pp = preprocess(main, opts);
    return { ...show(parsePreprocessed(pp)), hit: pp.prefix?.hit };
  });
  return { whole, cached };
}

describe('parsePreprocessed', () => {
  it('parses the rest in the scope the headers left', () => {
    const src = '#include <types.h>\n#include <fn.h>\nu32 x = ONE;\nint f(void) { int hidden_t = 2; pair_t p = MK(hidden_t); return first(p); }\nhidden_t y;\n';
    const { whole, cached } = both(src);
    expect((whole as { diagnostics: unknown[] }).diagnostics).toEqual([]);
    expect(cached).toEqual([{ ...(whole as object), hit: false }, { ...(whole as object), hit: true }]);
  });

  it('reports syntax errors after the prefix as the whole parse does', () => {
    const src = '#include <types.h>\nu32 x = ;\npair_t y\nint z = MK(1;\n';
    const { whole, cached } = both(src);
    expect((whole as { diagnostics: unknown[] }).diagnostics.length).toBeGreaterThan(0);
    expect(cached).toEqual([{ ...(whole as object), hit: false }, { ...(whole as object), hit: true }]);
  });

  it('parses the whole stream when a header leaves a declaration open', () => {
    const src = '#include <types.h>\n#include <open.h>\n{ u32 a; } o;\n';
    const { whole, cached } = both(src);
    expect((whole as { diagnostics: unknown[] }).diagnostics).toEqual([]);
    expect(cached).toEqual([{ ...(whole as object), hit: false }, { ...(whole as object), hit: true }]);
  });
});

describe('compiles with a shared cache', () => {
  const root = join(import.meta.dirname, '../../..');
  const system = existsSync('/usr/include/linux/bpf.h') && existsSync('/usr/include/bpf/bpf_helpers.h');
  const base: CompileOptions = system ? { fs: nodeFileSystem() } : { nostdinc: true };
  const cache = createPreprocessCache();
  for (const name of ['xdp_counter', 'socket_dns_snap']) {
    it(`${name}: same object, AST and diagnostics as without the cache`, () => {
      const path = join(root, 'examples', `${name}.bpf.c`);
      const text = readFileSync(path, 'utf8');
      const show = (o: CompileOptions) => {
        const r = compileC(text, { ...base, path, emitAst: true, ...o });
        return { object: r.object, ast: r.ast, diagnostics: r.diagnostics, files: [...r.files.keys()] };
      };
      const plain = show({});
      expect(plain.object).toBeDefined();
      expect(show({ cache })).toEqual(plain);
      expect(show({ cache })).toEqual(plain);
      expect(show({ cache, defines: ['UNUSED_FLAG'] })).toEqual(show({ defines: ['UNUSED_FLAG'] }));
    });
  }
});
