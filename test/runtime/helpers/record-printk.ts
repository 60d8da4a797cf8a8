// Records what bpf_trace_printk writes to the kernel's trace buffer for fixtures/printk.bpf.c (root):
//   node --import tsx test/runtime/helpers/record-printk.ts        → fixtures/printk.kernel.json
// tracefs is mounted on a private temporary directory for the read and unmounted afterwards; the
// program's lines are found by the nonce in the packet.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kernelPrintk } from './printk-kernel.js';

const dir = join(import.meta.dirname, 'fixtures');
const obj = join(dir, 'printk.o');
execFileSync('clang-16', ['-O2', '-g', '-target', 'bpf', '-mcpu=v3', '-I/usr/include/x86_64-linux-gnu', '-c', join(dir, 'printk.bpf.c'), '-o', obj]);
const nonce = (Date.now() & 0x7fffffff) >>> 0;
const lines = await kernelPrintk(obj, nonce);
writeFileSync(join(dir, 'printk.kernel.json'), JSON.stringify({ nonce, lines }, null, 1) + '\n');
console.log(`${lines.length} lines`);
