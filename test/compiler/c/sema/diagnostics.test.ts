// Golden semantic diagnostics: each test/fixtures/diagnostics/NAME.c gives exactly the diagnostics in
// NAME.expected, formatted as the CLI prints them (location, code, message, source line, caret).
// The first line of each fixture says what clang-16 -target bpf -fsyntax-only does with it:
//   [clang: error]            it fails, with errors at exactly our places and with our messages;
//   [clang: warning -Wflag…]  it succeeds, warning at exactly our places with our messages;
//   [clang: accepts]          it succeeds: the rule is the kernel's (recursion, ≤ 5 arguments, floats,
//                             VLAs, map definitions libbpf rejects…), checked by us only.
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

const DIR = 'test/fixtures/diagnostics';
const files = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

function check(path: string): CheckResult {
  return checkC(createSourceFile(basename(path), readFileSync(path, 'utf8')), { fs: emptyFileSystem(), nostdinc: true, bundled: false });
}

function golden(path: string, actual: string): string | undefined {
  if (process.env.UPDATE_GOLDENS === '1') {
    writeFileSync(path, actual);
    return undefined;
  }
  if (!existsSync(path)) throw new Error(`missing golden ${path}: run with UPDATE_GOLDENS=1, then review it`);
  return readFileSync(path, 'utf8');
}

/** `line:col: severity: message` of each diagnostic of clang's output. */
function clangDiagnostics(path: string, flags: string[]): { status: number | null; lines: string[] } {
  const r = spawnSync(CLANG, ['-target', 'bpf', '-fsyntax-only', '-ferror-limit=0', ...flags, path], { encoding: 'utf8', cwd: DIR });
  const lines = r.stderr.split('\n').flatMap((l) => {
    const m = /^[^:]+:(\d+):(\d+): (error|warning): (.*?)(?: \[-W[^\]]+\])?$/.exec(l);
    return m ? [`${m[1]}:${m[2]}: ${m[3]}: ${m[4]}`] : [];
  });
  return { status: r.status, lines: lines.sort() };
}

describe('semantic diagnostics goldens', () => {
  it('the front end has at least 60 malformed inputs with golden diagnostics', () => {
    const count = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.c')).length : 0);
    const total = files.length + count('test/fixtures/c-parse-errors') + count('test/fixtures/preprocess/errors');
    expect(total).toBeGreaterThanOrEqual(60);
  });

  for (const f of files) {
    const path = join(DIR, f);
    const head = readFileSync(path, 'utf8').split('\n', 1)[0]!;
    const mode = /\[clang: (error|warning|accepts)([^\]]*)\]/.exec(head);
    it(f, () => {
      expect(mode).not.toBeNull();
      const r = check(path);
      const text = formatDiagnostics(r.diagnostics, sourceLookup(r.files));
      expect(r.diagnostics.length).toBeGreaterThan(0);
      expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(mode![1] !== 'warning');
      const want = golden(join(DIR, f.replace(/\.c$/, '.expected')), text);
      if (want !== undefined) expect(text).toBe(want);
    });

    it.skipIf(!hasTool(CLANG) || mode === null)(`${f}: clang-16 agrees`, () => {
      const kind = mode![1]!;
      const flags = mode![2]!.trim().split(/\s+/).filter((x) => x !== '');
      const clang = clangDiagnostics(f, flags);
      const ours = check(path).diagnostics.map((d) => `${d.span!.line}:${d.span!.col}: ${d.severity}: ${d.message}`).sort();
      if (kind === 'accepts') {
        expect(clang.status).toBe(0);
      } else {
        expect(clang.status).toBe(kind === 'error' ? 1 : 0);
        expect(ours).toEqual(clang.lines);
      }
    });
  }
});
