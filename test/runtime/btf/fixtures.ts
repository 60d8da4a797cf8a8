// Shared by the BTF tests: the recorded fixtures in test/fixtures/btf (sections clang-16 emitted for
// src/*.bpf.c, and bpftool's dumps of them, made by build.sh) and a live compiler for differential tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLANG, hasTool } from '../../helpers/tools.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/btf/', import.meta.url));
export const SOURCES = join(FIXTURES, 'src');
export const OBJCOPY = 'llvm-objcopy-16';

/** Names of the corpus programs (src/NAME.bpf.c). */
export const NAMES = readdirSync(SOURCES).filter((f) => f.endsWith('.bpf.c')).map((f) => f.slice(0, -'.bpf.c'.length)).sort();

export function fixture(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, file)));
}

export function fixtureText(file: string): string {
  return readFileSync(join(FIXTURES, file), 'utf8');
}

/** clang-16, llvm-objcopy-16 and the uapi/libbpf headers the corpus includes. */
export const canCompile = (): boolean =>
  hasTool(CLANG) && hasTool(OBJCOPY) && existsSync('/usr/include/linux/bpf.h') && existsSync('/usr/include/bpf/bpf_helpers.h');

export interface Compiled {
  obj: string;
  btf: Uint8Array;
  ext: Uint8Array;
}

/**
 * Compiles C source (text, written to DIR/NAME.bpf.c, or a file) with clang-16 (-O2 -g -target bpf) and extracts .BTF and .BTF.ext with
 * llvm-objcopy-16. The object stays in `dir`.
 */
export function compile(dir: string, name: string, source: string | { file: string }): Compiled {
  const obj = join(dir, `${name}.o`);
  const args = ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', '-o', obj];
  let file: string;
  if (typeof source === 'string') {
    file = join(dir, `${name}.bpf.c`);
    writeFileSync(file, source);
  } else {
    file = source.file;
  }
  execFileSync(CLANG, [...args, file], { stdio: ['pipe', 'pipe', 'pipe'] });
  const btf = join(dir, `${name}.btf`);
  const ext = join(dir, `${name}.btf.ext`);
  execFileSync(OBJCOPY, ['--dump-section', `.BTF=${btf}`, '--dump-section', `.BTF.ext=${ext}`, obj, join(dir, `${name}.stripped.o`)]);
  return { obj, btf: new Uint8Array(readFileSync(btf)), ext: new Uint8Array(readFileSync(ext)) };
}

/** A scratch directory removed by the returned function. */
export function scratch(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-btf-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}
