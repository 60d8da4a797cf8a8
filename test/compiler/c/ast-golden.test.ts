// Golden AST dumps (compiler/c/print-ast.ts) for small C files that cover every construct of the
// grammar: test/fixtures/c-ast/NAME.c → NAME.ast. Each fixture must parse without any diagnostic, and
// clang-16 must accept it as well (skipped without clang), so the goldens describe valid C.
// spans.c is printed with spans and macro origins.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printAst } from '../../../compiler/c/index.js';
import { CLANG, hasTool, run } from '../../helpers/tools.js';
import { golden, parseFixture } from './golden.js';

const DIR = join(import.meta.dirname, '../../fixtures/c-ast');
const files = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

describe('C AST goldens', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(10));

  for (const f of files) {
    it(`${f}`, () => {
      const r = parseFixture(join(DIR, f));
      expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      const text = printAst(r.ast, { spans: f === 'spans.c' });
      const want = golden(join(DIR, f.replace(/\.c$/, '.ast')), text);
      if (want !== undefined) expect(text).toBe(want);
    });

    it.skipIf(!hasTool(CLANG))(`${f} is valid C for clang-16`, () => {
      // x86-64 target: the BPF target rejects _Thread_local, which the fixtures parse
      run(CLANG, ['-fsyntax-only', '-std=gnu11', '-Wno-everything', join(DIR, f)]);
    });
  }
});
