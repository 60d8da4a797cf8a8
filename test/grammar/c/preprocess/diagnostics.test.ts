// Golden diagnostics for malformed directives and macro invocations (test/fixtures/preprocess/errors):
// our formatted output must equal <name>.expected, and every diagnostic clang-16 -E gives for the same
// file (same severity, same line and column) must be among ours — at our primary location or at one of
// our "in expansion of macro" notes, since we print the spelling location first as GCC does while clang
// prints the outermost file location first. Set UPDATE_GOLDEN=1 to rewrite the .expected files.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, sourceLookup, type Diagnostic } from '../../../../compiler/diagnostics/index.js';
import { CLANG } from '../../../helpers/tools.js';
import { clangAvailable, FIXTURES, ours } from './helpers.js';

const dir = join(FIXTURES, 'errors');

/** Follow-on errors clang gives after the first error of a line; we report each construct once. */
const CLANG_ONLY: Record<string, string[]> = {
  'feature-test-errors.c': ['error 1:22', 'error 7:20', 'error 7:24'],
};
const files = readdirSync(dir).filter((f) => f.endsWith('.c')).sort();

function run(name: string): { diags: Diagnostic[]; text: string } {
  const r = ours(dir, name, { bundled: false, systemDirs: [], maxIncludeDepth: 200 });
  return { diags: r.diagnostics, text: formatDiagnostics(r.diagnostics, sourceLookup(r.files)) };
}

/** clang's primary diagnostics up to its first fatal error: "severity line:col" for the main file. */
function clangDiagnostics(name: string): string[] {
  const r = spawnSync(CLANG, ['-target', 'bpf', '-E', '-fno-caret-diagnostics', name, '-o', '/dev/null'], { cwd: dir, encoding: 'utf8' });
  const out: string[] = [];
  for (const line of r.stderr.split('\n')) {
    const m = /^([^:]+):(\d+):(\d+): (fatal error|error|warning): /.exec(line);
    if (!m || m[1] !== name) continue;
    out.push(`${m[4] === 'warning' ? 'warning' : 'error'} ${m[2]}:${m[3]}`);
  }
  return out;
}

describe('preprocessor diagnostics', () => {
  it.each(files)('%s matches its golden file', (name) => {
    const { text } = run(name);
    const golden = join(dir, name.replace(/\.c$/, '.expected'));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    expect(existsSync(golden)).toBe(true);
    expect(text).toBe(readFileSync(golden, 'utf8'));
    expect(text).not.toBe('');
  });

  it.skipIf(!clangAvailable()).each(files)('%s: clang-16 reports nothing we do not', (name) => {
    const { diags } = run(name);
    const places = new Set<string>();
    for (const d of diags) {
      // unterminated literals are errors here (clang -E only warns; its compiler then fails on them)
      const severity = d.code === 'C1002' || d.code === 'C1003' ? 'warning' : d.severity;
      for (const s of [d.span, ...d.notes.map((n) => n.span)]) if (s && s.file === name) places.add(`${severity} ${s.line}:${s.col}`);
    }
    const missing = clangDiagnostics(name).filter((c) => !places.has(c) && !CLANG_ONLY[name]?.includes(c));
    expect(missing).toEqual([]);
  });
});
