// Golden compile diagnostics: each test/fixtures/compile-diags/NAME.c, compiled by compileC with the
// bundled headers, gives exactly the diagnostics in NAME.expected (formatted as `ebpfc compile` prints
// them) and no object. UPDATE_GOLDEN=1 rewrites the expected files.
// Each fixture's first line says what the reference does with it, and that is checked too:
//   [kernel: rejects, "TEXT"] — the kernel refuses clang-16's object with TEXT in its log, and refuses
//                              ebpfc's object built with the verifier-aware checks turned off (when
//                              ebpfc builds one): the checks report what the verifier would reject;
//   [clang: rejects, "TEXT"]  — clang-16 fails with TEXT;
//   [clang: accepts]          — clang-16 compiles it (a limit of ebpfc's, reported as such).
// And the other way round: each test/fixtures/compile-ok/NAME.c ([kernel: accepts]) is close to what
// the verifier-aware checks look for but acceptable — it compiles without any diagnostic, and the kernel
// loads both ebpfc's object and clang-16's.
// A kernel rejection that takes the verifier its full 1,000,000 instructions ("BPF program is too
// large": tens of seconds, the log retry included) is confirmed only with EBPFC_SLOW_TESTS=1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileC, formatDiagnostics, sourceLookup } from '../../compiler/index.js';
import { BPFTOOL, CLANG, canUseKernel, hasTool, withBpffsDir } from '../helpers/tools.js';

const DIR = join(import.meta.dirname, '../fixtures/compile-diags');
const files = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();
const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-diags-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Reference {
  who: 'kernel' | 'clang';
  rejects: boolean;
  text?: string;
}

function reference(src: string): Reference {
  const m = /\[(kernel|clang): (rejects|accepts)(?:, "(.*)")?\]/.exec(src.split('\n')[0] ?? '');
  if (!m) throw new Error('fixture without a [kernel: …] or [clang: …] note on its first line');
  return { who: m[1] as 'kernel' | 'clang', rejects: m[2] === 'rejects', ...(m[3] !== undefined ? { text: m[3] } : {}) };
}

function clang(src: string, out: string): { status: number | null; stderr: string } {
  const r = spawnSync(CLANG, ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', out], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

async function kernelLoad(obj: string): Promise<{ status: number | null; log: string }> {
  return withBpffsDir((dir) => {
    const r = spawnSync(BPFTOOL, ['prog', 'loadall', obj, join(dir, 'p')], { encoding: 'utf8', maxBuffer: 256 << 20 });
    return { status: r.status, log: `${r.stdout}${r.stderr}` };
  });
}

describe('compile diagnostics (golden)', () => {
  it('has the fixtures of every check', () => {
    const codes = files.map((f) => readFileSync(join(DIR, f.replace(/\.c$/, '.expected')), 'utf8').match(/\[([A-Z]\d{4})\]/)?.[1]);
    for (const c of ['B2001', 'C1301', 'C1300', 'C1307', 'B2101', 'B2102', 'B2103', 'B2104']) expect(codes).toContain(c);
  });

  for (const f of files) {
    const path = join(DIR, f);
    const src = readFileSync(path, 'utf8');
    const ref = reference(src);

    it(`${f}: diagnostics`, () => {
      const r = compileC(src, { path: f, nostdinc: true });
      const text = formatDiagnostics(r.diagnostics, sourceLookup(r.files));
      const golden = join(DIR, f.replace(/\.c$/, '.expected'));
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, 'utf8'));
      expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      expect(r.object).toBeUndefined();
    });

    if (ref.who === 'clang') {
      it.skipIf(!hasTool(CLANG))(`${f}: clang-16 ${ref.rejects ? 'rejects' : 'accepts'} it`, () => {
        const r = clang(path, join(tmp, `${f}.o`));
        if (!ref.rejects) expect(r.status).toBe(0);
        else {
          expect(r.status).not.toBe(0);
          expect(r.stderr).toContain(ref.text);
        }
      });
      continue;
    }

    const slow = ref.text === 'BPF program is too large' && !process.env.EBPFC_SLOW_TESTS;
    it.skipIf(!hasTool(CLANG) || !canUseKernel() || slow)(`${f}: the kernel rejects clang-16's object`, async () => {
      const obj = join(tmp, `${f}.clang.o`);
      expect(clang(path, obj).status).toBe(0);
      const k = await kernelLoad(obj);
      expect(k.status).not.toBe(0);
      expect(k.log).toContain(ref.text);
    }, 120_000);

    it.skipIf(!canUseKernel() || slow)(`${f}: the kernel rejects ebpfc's object built without the checks`, async () => {
      const r = compileC(src, { path: f, nostdinc: true, verifierChecks: false });
      if (!r.object) return; // the front end or the code generator refuses it by itself
      const obj = join(tmp, `${f}.ours.o`);
      writeFileSync(obj, r.object);
      const k = await kernelLoad(obj);
      expect(k.status).not.toBe(0);
      expect(k.log).toContain(ref.text);
    }, 120_000);
  }
});

const OK_DIR = join(import.meta.dirname, '../fixtures/compile-ok');

describe('near misses of the verifier-aware checks', () => {
  for (const f of readdirSync(OK_DIR).filter((x) => x.endsWith('.c')).sort()) {
    const path = join(OK_DIR, f);
    const src = readFileSync(path, 'utf8');
    it(`${f}: compiles without diagnostics`, () => {
      expect(reference(src)).toEqual({ who: 'kernel', rejects: false });
      const r = compileC(src, { path: f, nostdinc: true });
      expect(formatDiagnostics(r.diagnostics, sourceLookup(r.files))).toBe('');
      expect(r.object).toBeDefined();
    });

    it.skipIf(!hasTool(CLANG) || !canUseKernel())(`${f}: the kernel loads ebpfc's object and clang-16's`, async () => {
      const ours = join(tmp, `${f}.ok.ours.o`);
      writeFileSync(ours, compileC(src, { path: f, nostdinc: true }).object as Uint8Array);
      const theirs = join(tmp, `${f}.ok.clang.o`);
      expect(clang(path, theirs).status).toBe(0);
      for (const obj of [ours, theirs]) {
        const k = await kernelLoad(obj);
        expect(k.status, k.log.slice(-2000)).toBe(0);
      }
    }, 120_000);
  }
});
