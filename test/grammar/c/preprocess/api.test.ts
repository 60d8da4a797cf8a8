// preprocess() options and outputs: include search order (quoted, -I, compiler headers, system, bundled),
// #include_next into the bundled headers, -D/-U, -mcpu and -O predefined macros (checked against
// clang-16 -dM), the shared cache, token origins (expansionLoc / fileLoc / originChain), pragma tokens.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../../../../compiler/source.js';
import {
  createPreprocessCache, expansionLoc, fileLoc, memoryFileSystem, originChain, predefinedMacros, preprocess, printTokens,
  type PreprocessOptions,
} from '../../../../grammar/c/preprocess/index.js';
import { CLANG } from '../../../helpers/tools.js';
import { clangAvailable, clangMacroTable } from './helpers.js';

const run = (src: string, opts: PreprocessOptions = {}) => preprocess(createSourceFile('main.c', src), opts);
const text = (src: string, opts: PreprocessOptions = {}): string => run(src, opts).tokens.map((t) => t.text).join(' ');

describe('include search', () => {
  const fs = memoryFileSystem({
    'a.h': 'main_dir',
    'inc1/a.h': 'inc1',
    'inc1/b.h': '#include "c.h"\nfrom_b',
    'inc1/c.h': 'inc1_c',
    'inc2/b.h': 'inc2_b',
    'inc2/c.h': 'inc2_c',
    '/usr/include/linux/if_ether.h': 'system_before\n#include_next <linux/if_ether.h>\nETH_P_IP',
    '/usr/include/sys.h': 'system_header',
    'inc1/sys.h': 'user_sys',
  });
  const opts: PreprocessOptions = { fs, includeDirs: ['inc1', 'inc2'] };

  it('looks beside the includer first for "…", then -I, then system, then bundled', () => {
    expect(text('#include "a.h"', opts)).toBe('main_dir');
    expect(text('#include <a.h>', opts)).toBe('inc1');
    expect(text('#include <b.h>', opts)).toBe('inc1_c from_b');
    expect(text('#include <sys.h>', opts)).toBe('user_sys');
    expect(text('#include <sys.h>', { fs })).toBe('system_header');
    const chained = run('#include <linux/if_ether.h>', opts).tokens.map((t) => t.text);
    expect([chained[0], chained.at(-1)]).toEqual(['system_before', '0x0800']);
    expect(run('#include <linux/if_ether.h>', opts).includes).toEqual(['/usr/include/linux/if_ether.h', '<bundled>/linux/if_ether.h', '<bundled>/linux/types.h', '<bundled>/asm/types.h', '<bundled>/linux/posix_types.h', '<bundled>/linux/stddef.h']);
  });

  it('uses only the bundled headers with nostdinc, and none with bundled: false', () => {
    expect(run('#include <linux/bpf.h>\nXDP_PASS BPF_F_CURRENT_CPU', { nostdinc: true }).includes[0]).toBe('<bundled>/linux/bpf.h');
    expect(run('#include <stdint.h>\nUINT16_MAX', { fs, nostdinc: true }).tokens.at(-1)!.text).toBe('65535');
    const r = run('#include <linux/bpf.h>', { nostdinc: true, bundled: false });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['C1012', "'linux/bpf.h' file not found"]]);
  });

  it('answers __has_include from the same search', () => {
    expect(text('__has_include(<linux/bpf.h>) __has_include("a.h") __has_include(<nope.h>) __has_include_next(<b.h>)', opts)).toBe('1 1 0 1');
    expect(text('#if __has_include(<linux/bpf.h>)\nyes\n#endif', { bundled: false, nostdinc: true })).toBe('');
  });

  it('limits include depth', () => {
    const deep = memoryFileSystem({ 'r.h': '#include "r.h"\n' });
    const r = run('#include "r.h"', { fs: deep, maxIncludeDepth: 10 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['C1013']);
  });
});

describe('command-line macros and predefined macros', () => {
  it('applies -D then -U', () => {
    expect(text('FOO BAR F(3) GONE', { defines: ['FOO', 'BAR=2 + 1', 'F(x)=x*x', 'GONE=9'], undefines: ['GONE'] })).toBe('1 2 + 1 3 * 3 GONE');
  });

  it('defines __BPF_CPU_VERSION__ and the feature macros per -mcpu, and __OPTIMIZE__ per -O', () => {
    const probe = '__BPF_CPU_VERSION__ __BPF_FEATURE_JMP_EXT __BPF_FEATURE_JMP32 __BPF_FEATURE_ALU32 __BPF_FEATURE_LDSX __BPF_FEATURE_ST __OPTIMIZE__ __NO_INLINE__';
    expect(text(probe, { mcpu: 'v1' })).toBe('1 __BPF_FEATURE_JMP_EXT __BPF_FEATURE_JMP32 __BPF_FEATURE_ALU32 __BPF_FEATURE_LDSX __BPF_FEATURE_ST 1 __NO_INLINE__');
    expect(text(probe, { mcpu: 'v2' })).toBe('2 1 __BPF_FEATURE_JMP32 __BPF_FEATURE_ALU32 __BPF_FEATURE_LDSX __BPF_FEATURE_ST 1 __NO_INLINE__');
    expect(text(probe)).toBe('3 1 1 1 __BPF_FEATURE_LDSX __BPF_FEATURE_ST 1 __NO_INLINE__');
    expect(text(probe, { mcpu: 'v4', optimize: false })).toBe('4 1 1 1 1 1 __OPTIMIZE__ 1');
    expect(text(probe, { mcpu: 'probe' })).toMatch(/^0 /);
    expect(text('__bpf__ __BPF__', { predefined: false })).toBe('__bpf__ __BPF__');
  });

  it('takes __DATE__ and __TIME__ from the date option', () => {
    expect(text('__DATE__ __TIME__')).toBe('"Jan  1 1970" "00:00:00"');
    expect(text('__DATE__ __TIME__', { date: new Date(Date.UTC(2024, 2, 9, 7, 5, 3)) })).toBe('"Mar  9 2024" "07:05:03"');
  });

  it.skipIf(!clangAvailable()).each([
    ['v1', true],
    ['v2', true],
    ['v3', false],
  ] as const)('predefines what clang-16 -target bpf -mcpu=%s (optimize %s) predefines', (mcpu, optimize) => {
    const r = spawnSync(CLANG, ['-target', 'bpf', `-mcpu=${mcpu}`, optimize ? '-O2' : '-O0', '-dM', '-E', '-x', 'c', '/dev/null'], { encoding: 'utf8' });
    const clang = clangMacroTable(r.stdout);
    const ours = new Map(predefinedMacros(mcpu, optimize).map(([k, v]) => [k, clangMacroTable(`#define ${k} ${v}`).get(k)!]));
    const own = /^(__VERSION__|__clang_version__|__BPF_CPU_VERSION__|__BPF_FEATURE_\w+)$/;
    expect([...clang].filter(([k, v]) => !own.test(k) && ours.get(k) !== v)).toEqual([]);
    expect([...ours.keys()].filter((k) => !own.test(k) && !clang.has(k))).toEqual([]);
  });
});

describe('outputs', () => {
  it('reuses lexed files through a shared cache', () => {
    const cache = createPreprocessCache();
    const a = run('#include <linux/bpf.h>\nXDP_PASS', { nostdinc: true, cache });
    const size = cache.files.size;
    const b = run('#include <linux/bpf.h>\nXDP_PASS', { nostdinc: true, cache });
    expect(size).toBeGreaterThan(3);
    expect(cache.files.size).toBe(size);
    expect(b.tokens.map((t) => t.text)).toEqual(a.tokens.map((t) => t.text));
  });

  it('records where each token was spelled and which expansions produced it', () => {
    const src = '#define INNER(a) (a + one)\n#define OUTER(b) INNER(b)\nx = OUTER(y);\n';
    const r = run(src, { predefined: false });
    const byText = (s: string) => r.tokens.find((t) => t.text === s)!;
    const one = byText('one');
    expect([one.loc.line, one.loc.col]).toEqual([1, 23]);
    expect(originChain(one).map((o) => [o.macro, o.loc.line, o.loc.col])).toEqual([['INNER', 2, 18], ['OUTER', 3, 5]]);
    expect([expansionLoc(one).line, expansionLoc(one).col]).toEqual([3, 5]);
    expect([fileLoc(one).line, fileLoc(one).col]).toEqual([3, 5]);
    const y = byText('y');
    expect([y.loc.line, y.loc.col]).toEqual([3, 11]);
    expect(y.origin?.argument).toBeDefined();
    expect([fileLoc(y).line, fileLoc(y).col]).toEqual([3, 11]);
    expect([expansionLoc(y).line, expansionLoc(y).col]).toEqual([3, 5]);
    expect(byText('x').origin).toBeUndefined();
  });

  it('turns loop pragmas into pragma tokens with expanded arguments, and records every pragma', () => {
    const r = run('#define N 4\n#pragma unroll N\nfor(;;);\n_Pragma("GCC diagnostic push")\n#pragma clang loop unroll_count(N)\n#pragma once\n', { predefined: false });
    const pragmas = r.tokens.filter((t) => t.kind === 'pragma');
    expect(pragmas.map((p) => [p.text, p.pragmaTokens!.map((t) => t.text).join(' ')])).toEqual([
      ['unroll N', 'unroll 4'],
      ['clang loop unroll_count(N)', 'clang loop unroll_count ( 4 )'],
    ]);
    expect(r.pragmas.map((p) => p.text)).toEqual(['unroll N', 'GCC diagnostic push', 'clang loop unroll_count(N)', 'once']);
    expect(printTokens(r.tokens)).toBe('#pragma unroll N\nfor(;;);\n#pragma clang loop unroll_count(N)\n');
  });

  it('saves and restores macros with push_macro and pop_macro', () => {
    expect(text('#define X 1\n#pragma push_macro("X")\n#undef X\n#define X 2\nX\n#pragma pop_macro("X")\nX', { predefined: false })).toBe('2 1');
  });
});
