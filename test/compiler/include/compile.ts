// Shared by the bundled-header tests: compiling C with clang-16 against either the system headers or
// only the bundled ones, and reading back what the object holds (code, BTF, .data bytes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLANG, OBJDUMP, BPFTOOL, hasTool } from '../../helpers/tools.js';

export const INCLUDE_DIR = new URL('../../../compiler/include', import.meta.url).pathname;
export const haveClang = (): boolean => hasTool(CLANG) && hasTool(OBJDUMP) && hasTool('llvm-objcopy-16');
export const haveBpftool = (): boolean => spawnSync(BPFTOOL, ['version'], { stdio: 'ignore' }).status === 0;

export type HeaderSet = 'system' | 'bundled';

export interface Compiled {
  ok: boolean;
  stderr: string;
  /** Path of the object when ok (inside a directory removed by `dispose`). */
  object: string;
  dispose(): void;
}

/** Compiles `source` with clang-16 (-O2 -g) for `target`, against the system or the bundled headers. */
export function compile(source: string, headers: HeaderSet, extra: string[] = [], target = 'bpf'): Compiled {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-hdr-'));
  const src = join(dir, 'x.c');
  const object = join(dir, 'x.o');
  writeFileSync(src, source);
  const inc = headers === 'system' ? ['-idirafter', '/usr/include/x86_64-linux-gnu'] : ['-nostdinc', '-isystem', INCLUDE_DIR];
  const r = spawnSync(CLANG, ['-target', target, '-O2', '-g', ...inc, ...extra, '-c', src, '-o', object], { encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr, object, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function disassembly(object: string): string {
  const r = spawnSync(OBJDUMP, ['-d', '-r', '--no-show-raw-insn', object], { encoding: 'utf8' });
  return r.stdout.split('\n').slice(2).join('\n');
}

export function btf(object: string): string {
  const r = spawnSync(BPFTOOL, ['btf', 'dump', 'file', object], { encoding: 'utf8' });
  return r.stdout;
}

export function dataSection(object: string): Uint8Array {
  const out = object + '.data';
  spawnSync('llvm-objcopy-16', ['-O', 'binary', '--only-section=.data', object, out]);
  return new Uint8Array(readFileSync(out));
}

/** Line numbers (1-based) of the errors clang reported in its input file x.c. */
export function errorLines(stderr: string): number[] {
  return [...stderr.matchAll(/x\.c:(\d+):\d+: error/g)].map((m) => Number(m[1]));
}
