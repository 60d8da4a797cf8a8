// The bundled headers as a whole: bundled.ts embeds exactly compiler/include/**/*.h; each header
// preprocesses (ebpfc) and compiles (clang-16) on its own with nothing but the bundled headers; and the
// real BPF programs of test/fixtures/preprocess/programs give the same object — same instructions, same
// BTF — whether clang compiles them against the system headers, against the bundled headers, or from
// ebpfc's own preprocessed output with the bundled headers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_HEADERS } from '../../../compiler/include/index.js';
import { createSourceFile } from '../../../compiler/source.js';
import { preprocess, printTokens } from '../../../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';
// @ts-expect-error a plain .mjs script without type declarations
import { OUTPUT, renderBundled } from '../../../scripts/gen-bundled-headers.mjs';
import { CLANG } from '../../helpers/tools.js';
import { btf, compile, disassembly, haveBpftool, haveClang, INCLUDE_DIR } from './compile.js';

const NAMES = Object.keys(BUNDLED_HEADERS).sort();
const PROGRAMS = new URL('../../fixtures/preprocess/programs/', import.meta.url).pathname;
const programs = readdirSync(PROGRAMS).filter((f) => f.endsWith('.c')).sort();
/** Headers that, like their originals, expect their includer to have provided the uapi types. */
const PRELUDE: Record<string, string> = {
  'bpf/bpf_helpers.h': '#include <linux/bpf.h>\n',
  'bpf/bpf_helper_defs.h': '#include <linux/bpf.h>\n',
  'bpf/bpf_tracing.h': '#include <linux/bpf.h>\n#include <linux/ptrace.h>\n',
  'bpf/bpf_endian.h': '#include <linux/types.h>\n',
};

function defines(text: string): string[] {
  const m = /^\/\/ pp-args:(.*)$/m.exec(text.split('\n')[0] ?? '');
  return m ? m[1]!.trim().split(/\s+/).filter((a) => a.startsWith('-D')) : [];
}

describe('bundled headers', () => {
  it('bundled.ts is generated from the current .h files', () => {
    expect(renderBundled()).toBe(readFileSync(OUTPUT, 'utf8'));
    expect(NAMES).toContain('linux/bpf.h');
    expect(NAMES).toContain('bpf/bpf_helper_defs.h');
  });

  it.each(NAMES)('%s preprocesses alone with only the bundled headers', (name) => {
    const src = `${PRELUDE[name] ?? ''}#include <${name}>\n`;
    const r = preprocess(createSourceFile('alone.c', src), { nostdinc: true });
    expect(r.diagnostics).toEqual([]);
    // top-level files are the compiler headers, found under <resource>; the rest under <bundled>
    expect(r.includes).toContain(`${name.includes('/') ? '<bundled>' : '<resource>'}/${name}`);
  });

  it.skipIf(!haveClang())('every header compiles alone with clang-16 -Wall and only the bundled headers', () => {
    // one clang run for all headers: each gets its own translation unit
    const dir = mkdtempSync(join(tmpdir(), 'ebpfc-alone-'));
    try {
      const files = NAMES.map((name, i) => {
        const f = join(dir, `h${i}.c`);
        writeFileSync(f, `${PRELUDE[name] ?? ''}#include <${name}>\nint __unused_marker;\n`);
        return f;
      });
      const r = spawnSync(CLANG, ['-target', 'bpf', '-O2', '-Wall', '-nostdinc', '-isystem', INCLUDE_DIR, '-fsyntax-only', ...files], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(programs)('%s preprocesses with only the bundled headers', (name) => {
    const text = readFileSync(join(PROGRAMS, name), 'utf8');
    const r = preprocess(createSourceFile(name, text), { nostdinc: true, defines: defines(text).map((d) => d.slice(2)) });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.includes.every((p) => p.startsWith('<bundled>/') || p.startsWith('<resource>/'))).toBe(true);
  });

  it.skipIf(!haveClang() || !haveBpftool()).each(programs)('%s: same object from system headers, bundled headers and ebpfc -E', (name) => {
    const text = readFileSync(join(PROGRAMS, name), 'utf8');
    const flags = defines(text);
    const ours = preprocess(createSourceFile(name, text), { fs: nodeFileSystem(), nostdinc: true, defines: flags.map((d) => d.slice(2)) });
    const sys = compile(text, 'system', flags);
    const bun = compile(text, 'bundled', flags);
    const pre = compile(printTokens(ours.tokens), 'bundled', ['-Wno-everything']);
    try {
      expect(sys.stderr).toBe('');
      expect(bun.stderr).toBe('');
      expect(pre.ok).toBe(true);
      const code = disassembly(sys.object);
      expect(code).toContain('exit');
      expect(disassembly(bun.object)).toBe(code);
      expect(disassembly(pre.object)).toBe(code);
      const types = btf(sys.object);
      expect(btf(bun.object)).toBe(types);
      expect(btf(pre.object)).toBe(types);
    } finally {
      sys.dispose();
      bun.dispose();
      pre.dispose();
    }
  });
});
