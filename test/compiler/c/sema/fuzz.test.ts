// Seeded, bounded robustness test of semantic analysis: token-level mutants of self-contained C sources
// (token deletions, duplications, swaps and replacements by other tokens of the same source or by type
// keywords) go through preprocess + parse + check — with `analyzeAfterSyntaxErrors`, so the checker also
// sees the parser's error-recovery nodes. No mutant may make the front end throw: every problem must
// come out as a diagnostic. A failure prints the seed and the mutant.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSourceFile } from '../../../../compiler/source.js';
import { checkC } from '../../../../compiler/c/sema/index.js';
import { emptyFileSystem } from '../../../../grammar/c/preprocess/index.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|[A-Za-z_]\w*|\d[\w.]*|\.\.\.|->|<<=|>>=|[-+*/%&|^!=<>]=|&&|\|\||\+\+|--|<<|>>|\S/g;
const EXTRA = ['int', 'void', 'struct', 'union', 'enum', 'const', 'static', 'char', '*', '&', '(', ')', '{', '}', '[', ']', ';', ',', '=', '0', '1.5', '"s"', 'sizeof', 'typeof', '__builtin_memcpy', 'long', 'unsigned', ':', '...', 'return', 'goto', 'case'];

function mutate(text: string, rnd: () => number): string {
  const toks = text.match(TOKEN) ?? [];
  const code = toks.map((t, i) => ({ t, i })).filter((x) => !/^\s/.test(x.t) && !x.t.startsWith('//') && !x.t.startsWith('/*'));
  const n = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < n && code.length > 0; k++) {
    const pick = code[Math.floor(rnd() * code.length)]!;
    const r = rnd();
    if (r < 0.3) toks[pick.i] = '';
    else if (r < 0.5) toks[pick.i] = `${pick.t} ${pick.t}`;
    else if (r < 0.75) toks[pick.i] = code[Math.floor(rnd() * code.length)]!.t;
    else toks[pick.i] = EXTRA[Math.floor(rnd() * EXTRA.length)]!;
  }
  return toks.join('');
}

const SOURCES = [
  ...readdirSync('test/fixtures/sema/typed').filter((f) => f.endsWith('.c') && !f.includes('.bpf.')).map((f) => join('test/fixtures/sema/typed', f)),
  'test/fixtures/sema/layout/tricky.c',
  'test/fixtures/sema/data/init.c',
  'test/fixtures/sema/asserts/fold.c',
];

function campaign(src: string, count: number): void {
  const text = readFileSync(src, 'utf8');
  const seed = 0x5eed + src.length;
  const rnd = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const m = mutate(text, rnd);
    try {
      const r = checkC(createSourceFile('mutant.c', m), { fs: emptyFileSystem(), nostdinc: true, bundled: false, analyzeAfterSyntaxErrors: true });
      expect(Array.isArray(r.diagnostics)).toBe(true);
    } catch (e) {
      throw new Error(`mutant ${i} of ${src} (seed ${seed}) threw ${(e as Error).stack}\n--- mutant ---\n${m}`);
    }
  }
}

describe('semantic analysis never throws on mutated sources', () => {
  for (const src of SOURCES) it(src, () => campaign(src, 40));
  it('the diagnostics fixtures', () => {
    const dir = 'test/fixtures/diagnostics';
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.c'))) campaign(join(dir, f), 6);
  });
});

describe('deeply nested programs end in a diagnostic, not a stack overflow', () => {
  const run = (text: string) => checkC(createSourceFile('deep.c', text), { fs: emptyFileSystem(), nostdinc: true, bundled: false });
  it('a chain of 5000 additions', () => {
    const r = run(`int x = ${Array(5000).fill('1').join(' + ')};`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['C1307']);
  });
  it('3000 nested parentheses and 1500 nested ifs', () => {
    expect(run(`int f(int a) { return ${'('.repeat(3000)}a${')'.repeat(3000)}; }`).diagnostics.map((d) => d.code)).toEqual(['C1307']);
    expect(run(`int f(int a) { ${'if (a) {'.repeat(1500)} a++; ${'}'.repeat(1500)} return a; }`).diagnostics.map((d) => d.code)).toEqual(['C1307']);
  });
  it('a chain of 500 additions is fine and folds', () => {
    const r = run(`int x = ${Array(500).fill('1').join(' + ')};`);
    expect(r.diagnostics).toEqual([]);
    expect(r.unit!.globals[0]!.data!.bytes[0]! + r.unit!.globals[0]!.data!.bytes[1]! * 256).toBe(500);
  });
});
