// bpf_trace_printk output against the kernel's trace buffer (fixtures/printk.kernel.json, recorded by
// record-printk.ts from Linux 6.18; live when root can mount tracefs): the VM's trace lines, after
// ebpfc's `bpf_trace_printk: ` prefix, are the kernel's messages — flags, widths, %s, %c, %pI4/%pi4,
// 64-bit conversions, %% and a trailing newline; more than three arguments go through bpf_trace_vprintk.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canUseKernel } from '../../helpers/tools.js';
import { runVm } from './harness.js';
import { kernelPrintk, nonceFrame } from './printk-kernel.js';

const OBJ = join(import.meta.dirname, 'fixtures/printk.o');

function vmLines(nonce: number): string[] {
  const run = runVm(OBJ, { prog: 'printk', packets: [{ hex: nonceFrame(nonce) }] });
  expect(run.results).toEqual([{ retval: 2, packet: nonceFrame(nonce) }]);
  return run.trace.map((l) => l.replace(/^bpf_trace_printk: /, ''));
}

describe('trace_printk vs the kernel trace buffer', () => {
  it('recorded', () => {
    const k = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/printk.kernel.json'), 'utf8')) as { nonce: number; lines: string[] };
    expect(k.lines.length).toBe(13);
    expect(vmLines(k.nonce)).toEqual(k.lines);
  });
  it.skipIf(!canUseKernel())('live', async () => {
    const nonce = (Date.now() ^ 0x5a5a5a5a) >>> 0;
    expect(vmLines(nonce)).toEqual(await kernelPrintk(OBJ, nonce));
  });
});
