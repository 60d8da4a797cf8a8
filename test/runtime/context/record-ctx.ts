// Builds fixtures/ctx_in.o with clang-16 and records the kernel's answers to the ctx_in cases (root):
//   node --import tsx test/runtime/context/record-ctx.ts      → fixtures/ctx_in.kernel.json
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCtxKernel, type CtxCase } from './ctx-run.js';

const dir = join(import.meta.dirname, 'fixtures');
const obj = join(dir, 'ctx_in.o');
execFileSync('clang-16', ['-O2', '-g', '-target', 'bpf', '-mcpu=v3', '-I/usr/include/x86_64-linux-gnu', '-c', join(dir, 'ctx_in.bpf.c'), '-o', obj]);
const cases = JSON.parse(readFileSync(join(dir, 'ctx_in.cases.json'), 'utf8')) as CtxCase[];
const results = await runCtxKernel(obj, cases);
writeFileSync(join(dir, 'ctx_in.kernel.json'), JSON.stringify(results, null, 1) + '\n');
console.log(`${results.length} cases`);
