// The include-prefix cache (grammar/c/preprocess/prefix.ts): a run restored from a snapshot produces
// exactly what a run without a cache produces (tokens with their locations and origins, macros, files,
// includes, pragmas, diagnostics), and no snapshot is used when anything it depends on changed: a
// header's text, a file appearing earlier on the search path, -D/-U, the include order, the main path.
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../../../../compiler/source.js';
import {
  createPreprocessCache, preprocess, type FileSystem, type PreprocessOptions, type PreprocessResult,
} from '../../../../grammar/c/preprocess/index.js';

/** A file system whose files can be changed between runs. */
function mutableFs(files: Record<string, string>): FileSystem & { files: Map<string, string> } {
  const map = new Map(Object.entries(files));
  return { files: map, readFile: (p) => map.get(p), exists: (p) => map.has(p) };
}

/** Everything a run hands on, as comparable data. */
function outcome(r: PreprocessResult): unknown {
  return {
    tokens: r.tokens.map((t) => ({ ...t })),
    macros: [...r.macros].map(([k, m]) => [k, m.body.map((t) => t.text).join(' '), m.params, m.loc]),
    files: [...r.files.keys()],
    includes: r.includes,
    pragmas: r.pragmas.map((p) => [p.text, p.loc]),
    diagnostics: r.diagnostics,
  };
}

const HEADERS = {
  'inc/a.h': '#pragma once\n#define A_VALUE 1\ntypedef int a_t;\n#define CALL(x) f(x, __COUNTER__)\n#pragma GCC diagnostic push\n',
  'inc/b.h': '#ifndef B_H\n#define B_H\n#ifdef WITH_B\nint with_b;\n#else\nint without_b;\n#endif\n#if __has_include(<c.h>)\nint has_c;\n#endif\nCALL(1);\n#endif\n',
};

const MAIN = '#include <a.h>\n#include <b.h>\n#define LOCAL 3\n\nint x = A_VALUE + LOCAL; CALL(2); int line = __LINE__;\n';

describe('include-prefix cache', () => {
  const run = (fs: FileSystem, cache?: ReturnType<typeof createPreprocessCache>, extra: PreprocessOptions = {}, src = MAIN, path = 'main.c') =>
    preprocess(createSourceFile(path, src), { fs, includeDirs: ['inc', 'inc2'], cache, ...extra });

  it('restores a prefix to exactly what reading it produces', () => {
    const fs = mutableFs(HEADERS);
    const cache = createPreprocessCache();
    const plain = run(fs);
    const first = run(fs, cache);
    const second = run(fs, cache);
    expect(first.prefix?.hit).toBe(false);
    expect(second.prefix?.hit).toBe(true);
    expect(second.prefix?.snapshot.tokens.length).toBe(first.tokens.findIndex((t) => t.text === 'x') - 1);
    expect(outcome(first)).toEqual(outcome(plain));
    expect(outcome(second)).toEqual(outcome(plain));
    // __COUNTER__ goes on from where the prefix left it
    expect(second.tokens.filter((t) => t.kind === 'number').map((t) => t.text)).toEqual(['1', '0', '1', '3', '2', '1', '5']);
  });

  it('is not used after a header changed, or a file appeared earlier on the search path', () => {
    const fs = mutableFs(HEADERS);
    const cache = createPreprocessCache();
    run(fs, cache);
    fs.files.set('inc/b.h', HEADERS['inc/b.h'].replace('without_b', 'changed_b'));
    const changed = run(fs, cache);
    expect(changed.prefix?.hit).toBe(false);
    expect(changed.tokens.map((t) => t.text)).toContain('changed_b');
    expect(outcome(changed)).toEqual(outcome(run(fs)));
    expect(run(fs, cache).prefix?.hit).toBe(true);
    // a c.h where __has_include looks, and an a.h in front of inc/ on the search path
    fs.files.set('inc2/c.h', '');
    const probed = run(fs, cache);
    expect(probed.prefix?.hit).toBe(false);
    expect(probed.tokens.map((t) => t.text)).toContain('has_c');
    fs.files.set('first/a.h', '#define A_VALUE 7\n');
    const shadowed = run(fs, cache, { includeDirs: ['first', 'inc', 'inc2'] });
    expect(shadowed.tokens.map((t) => t.text)).toContain('7');
    expect(outcome(shadowed)).toEqual(outcome(run(fs, undefined, { includeDirs: ['first', 'inc', 'inc2'] })));
  });

  it('keys prefixes by -D/-U, the include order, the prefix text and the main path', () => {
    const fs = mutableFs(HEADERS);
    const cache = createPreprocessCache();
    run(fs, cache);
    const defined = run(fs, cache, { defines: ['WITH_B'] });
    expect(defined.prefix?.hit).toBe(false);
    expect(defined.tokens.map((t) => t.text)).toContain('with_b');
    expect(run(fs, cache, { defines: ['WITH_B'], undefines: ['WITH_B'] }).tokens.map((t) => t.text)).toContain('without_b');
    const swapped = '#include <b.h>\n#include <a.h>\n' + MAIN.split('\n').slice(2).join('\n');
    const r = run(fs, cache, {}, swapped);
    expect(r.prefix?.hit).toBe(false);
    expect(outcome(r)).toEqual(outcome(run(fs, undefined, {}, swapped)));
    expect(run(fs, cache, {}, MAIN, 'other.c').prefix?.hit).toBe(false);
    expect(run(fs, cache, {}, MAIN.replace('LOCAL 3', 'LOCAL 4')).prefix?.hit).toBe(false);
    expect(run(fs, cache, {}, MAIN.replace('LOCAL + ', 'LOCAL - ')).prefix?.hit).toBe(true);
  });

  it('stores no prefix that reported something, reached the main file or left a conditional open', () => {
    const cache = createPreprocessCache();
    const warn = mutableFs({ 'inc/w.h': '#define A 1\n#define A 2\n' });
    expect(run(warn, cache, {}, '#include <w.h>\nint a;\n').prefix).toBeUndefined();
    expect(run(warn, cache, {}, '#include <w.h>\nint a;\n').prefix).toBeUndefined();
    const self = mutableFs({ 'inc/s.h': '#ifndef ONCE\n#define ONCE\n#include "main.c"\n#endif\n', 'main.c': '' });
    const src = '#include <s.h>\nint s;\n';
    expect(run(self, cache, {}, src).prefix).toBeUndefined();
    const open = mutableFs({ 'inc/o.h': '#if 1\nint o;\n' });
    expect(run(open, cache, {}, '#include <o.h>\n#endif\nint p;\n').prefix).toBeUndefined();
    expect(cache.prefixes.size).toBe(0);
  });

  it('needs no cache and stores nothing without one', () => {
    const r = run(mutableFs(HEADERS));
    expect(r.prefix).toBeUndefined();
  });
});
