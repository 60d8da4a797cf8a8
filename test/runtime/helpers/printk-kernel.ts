// Runs fixtures/printk.o in the kernel with a packet carrying `nonce` and returns the messages its
// bpf_trace_printk calls left in the trace buffer (tracefs mounted on a private temporary directory).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInKernel } from '../../helpers/kernel.js';

export function nonceFrame(nonce: number): string {
  const b = Buffer.alloc(64);
  b.writeUInt32LE(nonce, 12);
  return b.toString('hex');
}

export async function kernelPrintk(obj: string, nonce: number): Promise<string[]> {
  await runInKernel(obj, { prog: 'printk', packets: [{ hex: nonceFrame(nonce) }] });
  const mnt = mkdtempSync(join(tmpdir(), 'ebpfc-tracefs-'));
  execFileSync('mount', ['-t', 'tracefs', 'nodev', mnt]);
  try {
    const marker = `bpf_trace_printk: ${nonce >>> 0} `;
    return readFileSync(join(mnt, 'trace'), 'utf8').split('\n').filter((l) => l.includes(marker))
      .map((l) => l.slice(l.indexOf(marker) + 'bpf_trace_printk: '.length));
  } finally {
    execFileSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
}

