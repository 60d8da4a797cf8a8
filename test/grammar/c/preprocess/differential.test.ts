// Differential test of the preprocessor against clang-16 -E -P (skipped without clang): every fixture in
// test/fixtures/preprocess/diff (macro-heavy inputs) and programs (real BPF programs including the system
// uapi and libbpf headers) must give the same token sequence as clang, and leave the same macro table as
// `clang -dM -E` (every #define of every header, compared token by token).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  clangAvailable, clangMacroTable, clangSystemDirs, clangTokens, FIXTURES, firstDifference, ourMacroTable, ours, ourTokens,
  tableDifferences, theirs,
} from './helpers.js';

const sets = ['diff', 'programs'];

describe.each(sets)('%s: same tokens as clang-16 -E -P', (set) => {
  const dir = FIXTURES + set;
  const files = readdirSync(dir).filter((f) => f.endsWith('.c')).sort();
  it.skipIf(!clangAvailable()).each(files)('%s', (name) => {
    const r = ours(dir, name, { systemDirs: clangSystemDirs(), bundled: false });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.span?.file}:${d.span?.line}: ${d.message}`)).toEqual([]);
    const diff = firstDifference(ourTokens(r.tokens), clangTokens(theirs(dir, name)));
    expect(diff).toBeUndefined();
    expect(tableDifferences(ourMacroTable(r.macros), clangMacroTable(theirs(dir, name, ['-dM'])))).toEqual([]);
  });
});
