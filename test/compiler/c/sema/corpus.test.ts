// The front end (preprocess + parse + semantic analysis) over every program of examples/ and of the
// program corpus (test/fixtures/corpus), with the system headers and with the bundled headers: no
// errors, and the BPF facts present (at least one program and a license). A program that includes a
// header the set does not provide is skipped (the bundled set, and compiler headers such as stddef.h).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkFile, errorsOf, missingHeader, type HeaderSet } from './helpers.js';

const programs = [
  ...readdirSync('examples').filter((f) => f.endsWith('.bpf.c')).sort().map((f) => join('examples', f)),
  ...(existsSync('test/fixtures/corpus') ? readdirSync('test/fixtures/corpus').filter((f) => f.endsWith('.bpf.c')).sort().map((f) => join('test/fixtures/corpus', f)) : []),
];

for (const headers of ['system', 'bundled'] as HeaderSet[]) {
  describe(`front end over the program corpus with the ${headers} headers`, () => {
    it('has programs', () => expect(programs.length).toBeGreaterThanOrEqual(6));
    for (const p of programs) {
      const missing = missingHeader(p, headers);
      it.skipIf(missing !== undefined)(`${p}${missing ? ` (needs <${missing}>)` : ''}`, () => {
        const r = checkFile(p, headers);
        expect(errorsOf(r)).toBe('');
        expect(r.unit!.programs.length).toBeGreaterThan(0);
        expect(r.unit!.license).toBeDefined();
      });
    }
  });
}
