// Detection of the reference tools used by differential tests (clang-16, llvm-objdump-16, bpftool, a
// kernel that accepts bpf()). Tests use these with `it.skipIf(!…)` so they skip cleanly where a tool or
// privilege is missing and run in CI, where .ci/run installs the tools.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';

const cache = new Map<string, boolean>();

/** True when `cmd` runs (looked up on PATH). */
export function hasTool(cmd: string): boolean {
  let v = cache.get(cmd);
  if (v === undefined) {
    const r = spawnSync(cmd, ['--version'], { stdio: 'ignore' });
    v = r.error === undefined && r.status === 0;
    cache.set(cmd, v);
  }
  return v;
}

export const CLANG = 'clang-16';
export const OBJDUMP = 'llvm-objdump-16';
export const READELF = 'llvm-readelf-16';
export const BPFTOOL = 'bpftool';

/** True when we are root, bpftool exists and a bpffs is mounted at /sys/fs/bpf. */
export function canUseKernel(): boolean {
  let v = cache.get('#kernel');
  if (v === undefined) {
    v = false;
    if (process.getuid?.() === 0 && hasBpftool()) {
      const r = spawnSync('mountpoint', ['-q', '/sys/fs/bpf']);
      v = r.status === 0;
    }
    cache.set('#kernel', v);
  }
  return v;
}

function hasBpftool(): boolean {
  const r = spawnSync(BPFTOOL, ['version'], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

/** Runs `fn` with a private directory under /sys/fs/bpf that is removed afterwards, whatever happens. */
export async function withBpffsDir<T>(fn: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync('/sys/fs/bpf/ebpfc-test-');
  try {
    return await fn(dir);
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a command and returns stdout; throws with stderr on failure. */
export function run(cmd: string, args: string[], input?: string | Uint8Array): string {
  return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}
