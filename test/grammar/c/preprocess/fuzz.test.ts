// Seeded fuzzing: fixture files with random deletions, insertions of directive fragments, duplicated
// and swapped lines, and random token soups must preprocess to tokens plus diagnostics — never an
// exception, never a hang, and every diagnostic carries a catalogued code and a valid location.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDiagnosticCode } from '../../../../compiler/diagnostics/index.js';
import { createSourceFile } from '../../../../compiler/source.js';
import { createPreprocessCache, memoryFileSystem, preprocess, type PreprocessOptions } from '../../../../grammar/c/preprocess/index.js';
import { FIXTURES, fsIn } from './helpers.js';
import { rng } from './random.js';

const FRAGMENTS = [
  '#if ', '#if 1\n', '#if 0\n', '#ifdef X\n', '#ifndef ', '#elif ', '#elif 1\n', '#else\n', '#endif\n', '#elifdef Y\n',
  '#define ', '#define X(', '#define F(x) #x ## x\n', '#define G(...) __VA_ARGS__ , ## __VA_ARGS__\n', '#undef ',
  '#include ', '#include "', '#include <', '#include_next <x.h>\n', '#line 0\n', '#line 7 "f"\n', '# 9 "m.c" 2\n',
  '#pragma ', '#pragma once\n', '#pragma push_macro("X")\n', '#pragma pop_macro("X")\n', '#error e\n', '#warning w\n',
  '_Pragma(', '_Pragma("unroll")', '__VA_OPT__(', '__VA_ARGS__', 'defined(', 'defined ', '__has_include(', '__has_builtin(',
  '__COUNTER__', '__LINE__', '__FILE__', '##', '#', '(', ')', ',', '"', "'", '/*', '*/', '//', '\\\n', '\n', ' ', 'X', 'F(',
  'G(1,', '0x', '1.e+', "'\\", 'u8"', '%:', '<:', '...', '?', ':', '<<', '>>', '-1', '18446744073709551616',
];

function mutate(text: string, r: ReturnType<typeof rng>): string {
  let s = text;
  const n = 1 + r.int(8);
  for (let i = 0; i < n; i++) {
    const at = r.int(s.length + 1);
    switch (r.int(5)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + 1 + r.int(40));
        break;
      case 1:
      case 2:
        s = s.slice(0, at) + r.pick(FRAGMENTS) + s.slice(at);
        break;
      case 3: {
        const lines = s.split('\n');
        const k = r.int(lines.length);
        lines.splice(r.int(lines.length), 0, lines[k]!);
        s = lines.join('\n');
        break;
      }
      default: {
        const lines = s.split('\n');
        const a = r.int(lines.length);
        const b = r.int(lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join('\n');
      }
    }
  }
  return s;
}

function soup(r: ReturnType<typeof rng>): string {
  let s = '';
  const n = 5 + r.int(60);
  for (let i = 0; i < n; i++) s += r.pick(FRAGMENTS) + (r.next() < 0.3 ? '\n' : ' ');
  return s;
}

function check(name: string, text: string, opts: PreprocessOptions): void {
  const t0 = performance.now();
  let r;
  try {
    r = preprocess(createSourceFile(name, text), opts);
  } catch (e) {
    throw new Error(`preprocess threw on input:\n${text}\n----\n${String(e)}`);
  }
  expect(performance.now() - t0).toBeLessThan(5000);
  expect(Array.isArray(r.tokens)).toBe(true);
  for (const d of r.diagnostics) {
    expect(isDiagnosticCode(d.code)).toBe(true);
    if (d.span) {
      expect(d.span.line).toBeGreaterThanOrEqual(1);
      expect(d.span.col).toBeGreaterThanOrEqual(1);
    }
  }
}

describe('preprocessor fuzzing', () => {
  const sources: [string, string][] = [];
  for (const set of ['diff', 'errors', 'programs']) {
    const dir = join(FIXTURES, set);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.c')).sort()) sources.push([dir, f]);
  }

  it('mutated fixtures give only diagnostics', () => {
    const r = rng(7);
    const cache = createPreprocessCache();
    for (let i = 0; i < 240; i++) {
      const [dir, f] = sources[i % sources.length]!;
      const text = mutate(readFileSync(join(dir, f), 'utf8'), r);
      check(f, text, { fs: fsIn(dir), cache, maxTokens: 200_000 });
    }
  });

  it('random directive soups give only diagnostics', () => {
    const r = rng(11);
    for (let i = 0; i < 400; i++) check('soup.c', soup(r), { bundled: false, maxTokens: 200_000 });
  });

  it('stops exponential expansion with a diagnostic', () => {
    let src = '#define a0 x x\n';
    for (let i = 1; i < 40; i++) src += `#define a${i} a${i - 1} a${i - 1}\n`;
    src += 'a39\n';
    const r = preprocess(createSourceFile('exp.c', src), { bundled: false, maxTokens: 100_000 });
    expect(r.diagnostics.map((d) => d.code)).toContain('C1044');
  });

  it('stops a file that includes itself twice (fatal at the depth limit)', () => {
    const fs = memoryFileSystem({ 'twice.h': '#include "twice.h"\n#include "twice.h"\nx\n' });
    const r = preprocess(createSourceFile('main.c', '#include "twice.h"\n'), { fs, bundled: false });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['C1013']);
  });

  it('survives deeply nested macro arguments', () => {
    const src = `#define f(x) x\n${'f('.repeat(800)}1${')'.repeat(800)}\n`;
    const r = preprocess(createSourceFile('deep.c', src), { bundled: false });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['C1044']);
  });
});
