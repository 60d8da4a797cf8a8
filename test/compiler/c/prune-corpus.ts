// Shared by prune-corpus-system.test.ts and prune-corpus-bundled.test.ts (two files, so that they run in
// parallel): every program of examples/ and of the program corpus (test/fixtures/corpus) compiled with
// header pruning (compiler/c/prune.ts) and without, with no cache (so both parse the whole token stream),
// and pruned with a cache shared by all programs (the parsed include prefix restored and its declarations
// pruned; each program twice): the objects must be byte-identical, the diagnostics and the typed AST
// (--emit-ast) identical. The unpruned compile is the reference: it parses every declaration of every
// header.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileC, createPreprocessCache, type CompileOptions, type CompileResult } from '../../../compiler/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';
import { missingHeader, type HeaderSet } from './sema/helpers.js';

const programs = [
  ...readdirSync('examples').filter((f) => f.endsWith('.bpf.c')).sort().map((f) => join('examples', f)),
  ...readdirSync('test/fixtures/corpus').filter((f) => f.endsWith('.bpf.c')).sort().map((f) => join('test/fixtures/corpus', f)),
];

export function pruneCorpusTests(headers: HeaderSet, available: boolean): void {
  describe(`pruned and whole parses give the same compile, ${headers} headers`, () => {
    const cache = createPreprocessCache();
    it('has programs', () => expect(programs.length).toBeGreaterThanOrEqual(60));
    for (const src of programs) {
      const missing = available ? missingHeader(src, headers) : 'the system headers';
      it.skipIf(missing !== undefined)(`${src}${missing ? ` (needs <${missing}>)` : ''}`, () => {
        const text = readFileSync(src, 'utf8');
        const base: CompileOptions = headers === 'system' ? { path: src, fs: nodeFileSystem() } : { path: src, nostdinc: true };
        const whole = compileC(text, { ...base, prune: false, emitAst: true });
        expect(whole.object).toBeDefined();
        const same = (pruned: CompileResult): void => {
          expect(pruned.diagnostics).toEqual(whole.diagnostics);
          expect(pruned.ast).toBe(whole.ast);
          expect(Buffer.from(pruned.object ?? []).equals(Buffer.from(whole.object ?? []))).toBe(true);
        };
        same(compileC(text, { ...base, emitAst: true }));
        same(compileC(text, { ...base, emitAst: true, cache }));
        same(compileC(text, { ...base, emitAst: true, cache }));
      });
    }
  });
}
