// Differential test of expression types, conversions and constant folding: fixtures of _Static_assert
// that clang-16 -target bpf accepts (test/fixtures/sema/asserts) must pass our front end without a
// diagnostic, and fixtures where every assertion is false (asserts-false) must fail exactly once per
// assertion, for us and for clang. Types are compared with __builtin_types_compatible_p(typeof(e), T).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLANG, hasTool } from '../../../helpers/tools.js';
import { checkFile, formatted } from './helpers.js';

const TRUE_DIR = 'test/fixtures/sema/asserts';
const FALSE_DIR = 'test/fixtures/sema/asserts-false';
const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.c')).sort();

function clang(path: string): { status: number | null; stderr: string } {
  const r = spawnSync(CLANG, ['-target', 'bpf', '-fsyntax-only', '-ferror-limit=0', '-I/usr/include/x86_64-linux-gnu', path], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('static assertions that hold', () => {
  for (const f of files(TRUE_DIR)) {
    const path = join(TRUE_DIR, f);
    it(`${f}: no diagnostics`, () => {
      const r = checkFile(path);
      expect(formatted(r, true)).toBe('');
      expect(r.unit).toBeDefined();
    });
    it.skipIf(!hasTool(CLANG))(`${f}: clang-16 accepts it`, () => {
      expect(clang(path).status).toBe(0);
    });
  }
});

describe('static assertions that fail', () => {
  for (const f of files(FALSE_DIR)) {
    const path = join(FALSE_DIR, f);
    const count = readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('_Static_assert(')).length;
    it(`${f}: each of the ${count} assertions fails`, () => {
      const r = checkFile(path);
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.code).filter((c) => c !== 'C1221')).toEqual([]);
      expect(errors.map((d) => d.span!.line)).toEqual(
        readFileSync(path, 'utf8').split('\n').flatMap((l, i) => (l.startsWith('_Static_assert(') ? [i + 1] : [])),
      );
    });
    it.skipIf(!hasTool(CLANG))(`${f}: clang-16 fails each assertion too`, () => {
      const { stderr } = clang(path);
      expect(stderr.split('\n').filter((l) => l.includes('error: static assertion failed')).length).toBe(count);
    });
  }
});
