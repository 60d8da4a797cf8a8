// Golden syntax diagnostics: each test/fixtures/c-parse-errors/NAME.c gives exactly the diagnostics in
// NAME.diag (formatted as the CLI prints them: location, code, message, source line, caret), and the
// parse goes on after each error. clang-16 must reject each fixture too (skipped without clang).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, sourceLookup } from '../../../compiler/diagnostics/index.js';
import { CLANG, hasTool } from '../../helpers/tools.js';
import { spawnSync } from 'node:child_process';
import { golden, parseFixture } from './golden.js';

const DIR = join(import.meta.dirname, '../../fixtures/c-parse-errors');
const files = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

describe('C syntax diagnostics goldens', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(8));

  for (const f of files) {
    it(`${f}`, () => {
      const r = parseFixture(join(DIR, f));
      expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      const text = formatDiagnostics(r.diagnostics, sourceLookup(r.files));
      const want = golden(join(DIR, f.replace(/\.c$/, '.diag')), text);
      if (want !== undefined) expect(text).toBe(want);
    });

    it.skipIf(!hasTool(CLANG))(`${f} is rejected by clang-16 too, which places each missing bracket where we do`, () => {
      const r = spawnSync(CLANG, ['-fsyntax-only', '-target', 'bpf', join(DIR, f)], { encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      // a missing ')' / ']' / '}' that both report on one line is at the same column (their recovery
      // differs after the first error of a statement, so each may report lines the other does not)
      const theirs = new Map([...r.stderr.matchAll(/:(\d+):(\d+): error: (expected '[)\]}]')/g)].map((m) => [`${m[1]} ${m[3]}`, Number(m[2])]));
      let compared = 0;
      for (const d of parseFixture(join(DIR, f)).diagnostics) {
        const col = theirs.get(`${d.span?.line} ${d.message}`);
        if (col === undefined) continue;
        expect(`${d.span!.line}:${d.span!.col} ${d.message}`).toBe(`${d.span!.line}:${col} ${d.message}`);
        compared++;
      }
      if (f === 'brackets.c') expect(compared).toBe(3);
    });
  }
});
