// Every example program (examples/*.bpf.c) that clang-16 compiles against the system headers must
// compile to the same instructions and the same BTF against the bundled headers only. The examples are
// compiled in one clang run per header set to keep this quick.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG } from '../../helpers/tools.js';
import { btf, disassembly, haveBpftool, haveClang, INCLUDE_DIR } from './compile.js';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
const sources = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((f) => f.endsWith('.bpf.c')).sort() : [];

/** Compiles every example into `dir` in one clang run; returns the objects of those that compiled. */
function compileAll(dir: string, include: string[]): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  spawnSync(CLANG, ['-target', 'bpf', '-O2', '-g', ...include, '-c', ...sources.map((f) => join(EXAMPLES, f))], { cwd: dir, encoding: 'utf8' });
  const out = new Map<string, string>();
  for (const f of sources) {
    const obj = join(dir, basename(f, '.c') + '.o');
    if (existsSync(obj)) out.set(f, obj);
  }
  return out;
}

describe.skipIf(!haveClang() || !haveBpftool() || sources.length === 0)('examples with the bundled headers', () => {
  it('compile to the same objects as with the system headers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebpfc-examples-'));
    try {
      const sys = compileAll(join(dir, 'system'), ['-idirafter', '/usr/include/x86_64-linux-gnu']);
      const bun = compileAll(join(dir, 'bundled'), ['-nostdinc', '-isystem', INCLUDE_DIR]);
      expect(sys.size).toBeGreaterThan(0);
      const differ: string[] = [];
      for (const [f, obj] of sys) {
        const other = bun.get(f);
        if (!other) differ.push(`${f}: does not compile with the bundled headers`);
        else if (disassembly(other) !== disassembly(obj)) differ.push(`${f}: different instructions`);
        else if (btf(other) !== btf(obj)) differ.push(`${f}: different BTF`);
      }
      expect(differ).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
