// Uses of uninitialized locals (C1513, compiler/c/sema/uninit.ts): each test/fixtures/uninit/NAME.c gives
// exactly the C1513 warnings of NAME.expected (formatted as the CLI prints them, with the note at the
// declaration), and, when clang-16 is installed, warnings at exactly the places and with the messages of
// clang-16 -target bpf -Wuninitialized (its -Wsometimes-uninitialized reports are not ours to give).
// Goldens are written with UPDATE_GOLDENS=1 and reviewed by hand before they are committed.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLANG, hasTool } from '../../../helpers/tools.js';
import { createSourceFile } from '../../../../compiler/source.js';
import { checkC, type CheckResult } from '../../../../compiler/c/sema/index.js';
import { emptyFileSystem } from '../../../../grammar/c/preprocess/index.js';
import { formatDiagnostics, sourceLookup } from '../../../../compiler/diagnostics/index.js';

const DIR = 'test/fixtures/uninit';
const files = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

function check(text: string, path = 'test.c'): CheckResult {
  return checkC(createSourceFile(path, text), { fs: emptyFileSystem(), nostdinc: true, bundled: false });
}

const uninit = (r: CheckResult) => r.diagnostics.filter((d) => d.code === 'C1513');
const places = (r: CheckResult) => uninit(r).map((d) => `${d.span!.line}:${d.span!.col}: ${d.message}`).sort();

/** `line:col: message` of each -Wuninitialized warning clang-16 gives for `file` in DIR. */
function clangPlaces(file: string): string[] {
  const r = spawnSync(CLANG, ['-target', 'bpf', '-fsyntax-only', '-Wuninitialized', file], { encoding: 'utf8', cwd: DIR });
  expect(r.status).toBe(0);
  return r.stderr.split('\n').flatMap((l) => {
    const m = /^[^:]+:(\d+):(\d+): warning: (.*) \[-Wuninitialized\]$/.exec(l);
    return m ? [`${m[1]}:${m[2]}: ${m[3]}`] : [];
  }).sort();
}

describe('C1513 uninitialized uses: fixtures', () => {
  for (const f of files) {
    const path = join(DIR, f);
    const text = readFileSync(path, 'utf8');
    it(`${f}: golden`, () => {
      const r = check(text, basename(path));
      expect(r.failed).toBe(false);
      const actual = formatDiagnostics(uninit(r), sourceLookup(r.files));
      const golden = join(DIR, f.replace(/\.c$/, '.expected'));
      if (process.env.UPDATE_GOLDENS === '1') writeFileSync(golden, actual);
      else if (!existsSync(golden)) throw new Error(`missing golden ${golden}: run with UPDATE_GOLDENS=1, then review it`);
      else expect(actual).toBe(readFileSync(golden, 'utf8'));
    });
    it.skipIf(!hasTool(CLANG))(`${f}: clang-16 -Wuninitialized agrees`, () => {
      expect(places(check(text, basename(path)))).toEqual(clangPlaces(f));
    });
  }
});

describe('C1513 uninitialized uses', () => {
  const one = (body: string) => places(check(`int f(int c, int *q) { ${body} }\n`));

  it('reports the first always-uninitialized read of each variable, once', () => {
    expect(one('int a; int b = a; return a + b;')).toEqual(["1:39: variable 'a' is uninitialized when used here"]);
  });

  it('notes where to initialize the variable', () => {
    const d = uninit(check('int f(void)\n{\n\tint *p;\n\treturn *p;\n}\n'))[0]!;
    expect(d.notes).toEqual([{ message: "initialize the variable 'p' to silence this warning", span: expect.objectContaining({ line: 3, col: 8 }) }]);
  });

  it('is silent for initialized, assigned, address-taken and out-parameter variables', () => {
    expect(one('int a = 1; return a;')).toEqual([]);
    expect(one('int a; a = c; return a;')).toEqual([]);
    expect(one('int a; int *p = &a; return a;')).toEqual([]);
    expect(one('int a; __builtin_memcpy(&a, q, 4); return a;')).toEqual([]);
    expect(one('int a; if (c) a = 1; else a = 2; return a;')).toEqual([]);
    expect(one('int a; switch (c) { case 1: a = 1; break; default: a = 2; } return a;')).toEqual([]);
  });

  it('is silent for statics, globals, parameters, arrays, structs and unevaluated uses', () => {
    expect(places(check('int g; int f(int c) { static int s; return s + g + c; }\n'))).toEqual([]);
    expect(one('int a[2]; return a[0];')).toEqual([]);
    expect(places(check('struct s { int x; }; int f(void) { struct s v; return v.x; }\n'))).toEqual([]);
    expect(one('int a; return sizeof(a) + sizeof(typeof(a));')).toEqual([]);
  });

  it('gives no always-uninitialized report for reads uninitialized on some paths only', () => {
    expect(one('int a; if (c) a = 1; return a;')).toEqual([]);
    expect(one('int a; for (int i = 0; i < c; i++) { if (i) c += a; a = i; } return 0;')).toEqual([]);
    expect(one('int a; L: if (c--) { a = c; goto L; } return a;')).toEqual([]);
  });

  it('follows loops, gotos and short-circuit conditions', () => {
    expect(one('int a; while (c) { c = a; } return 0;')).toEqual(["1:47: variable 'a' is uninitialized when used here"]);
    expect(one('int a; if (c && (a = 1)) return a; return 0;')).toEqual([]);
    expect(one('int a; if (c || (a = 1)) return a; return 0;')).toEqual([]);
    expect(one('int a; if (!(c && (a = 1))) return 0; return a;')).toEqual([]);
    expect(one('int a; goto L; a = 1; L: return a;')).toEqual(["1:56: variable 'a' is uninitialized when used here"]);
  });

  it('skips code that constant conditions and noreturn calls make unreachable', () => {
    expect(one('int a; if (0) return a; return 0;')).toEqual([]);
    expect(one('int a; while (1) { if (c) { a = 1; break; } } return a;')).toEqual([]);
    expect(one('int a; __builtin_unreachable(); return a;')).toEqual([]);
    expect(one('int a; switch (2) { case 1: return a; default: return 0; }')).toEqual([]);
  });
});
