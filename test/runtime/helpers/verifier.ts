// Asks the running kernel's verifier about raw instruction sequences (through verifier-probe.c, built
// with clang-16 for the host): whether each program loads, and the verifier's reason when it does not.
// Used by the recording scripts of the helper-availability and context-access fixtures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROG_TYPE = { socket_filter: 1, sched_cls: 3, xdp: 6 } as const;

/** One instruction as 16 hex digits (little-endian 8-byte encoding). */
export function insnHex(code: number, dst: number, src: number, off: number, imm: number): string {
  const b = Buffer.alloc(8);
  b[0] = code;
  b[1] = (src << 4) | dst;
  b.writeInt16LE(off, 2);
  b.writeInt32LE(imm, 4);
  return b.toString('hex');
}

export interface VerifierAnswer {
  ok: boolean;
  errno?: number;
  reason?: string;
}

/** Loads each program ([prog type, instruction hex]) and returns the verifier's answers in order. */
export function askVerifier(progs: readonly [number, string][]): VerifierAnswer[] {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-vprobe-'));
  try {
    const exe = join(dir, 'verifier-probe');
    execFileSync('clang-16', ['-O2', '-I/usr/include/x86_64-linux-gnu', join(import.meta.dirname, 'verifier-probe.c'), '-o', exe]);
    const out = execFileSync(exe, [], { input: progs.map(([t, h]) => `${t} ${h}\n`).join(''), encoding: 'utf8', maxBuffer: 64 << 20 });
    return out.trimEnd().split('\n').map((l) => {
      if (l === 'ok') return { ok: true };
      const m = /^err (\d+) ?(.*)$/.exec(l);
      return { ok: false, errno: Number(m?.[1] ?? 0), reason: m?.[2] ?? l };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
