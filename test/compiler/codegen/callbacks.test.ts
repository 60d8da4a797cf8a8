// Callbacks (bpf_loop with a function address, a BPF_PSEUDO_FUNC relocation) and tail calls (helper
// 12 through a prog array) from test/fixtures/ir/callbacks.ir, in the VM and in the kernel.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../../compiler/codegen/index.js';
import { optimizeModule, parseModule } from '../../../compiler/ir/index.js';
import { CLANG, canUseKernel, hasTool } from '../../helpers/tools.js';
import { u32 } from '../ir/env.js';
import { runInKernel } from './kernel.js';
import { VmHarness } from './vmrun.js';

const src = readFileSync(new URL('../../fixtures/ir/callbacks.ir', import.meta.url), 'utf8');
const pkt = (n: number | undefined): Uint8Array => Uint8Array.from({ length: n === undefined ? 14 : 20 }, (_, i) => (i === 14 ? (n as number) : 0));
/** sum of 3i for i < min(n, 50) */
const expected = (n: number): bigint => BigInt(3 * ((Math.min(n, 50) * (Math.min(n, 50) - 1)) / 2));
const le64 = (b: Uint8Array): bigint => new DataView(b.buffer, b.byteOffset).getBigUint64(0, true);
const CASES: [number | undefined, bigint][] = [[undefined, 0n], [0, 0n], [1, 0n], [10, expected(10)], [50, expected(50)], [200, expected(200)]];

describe('callbacks and tail calls', () => {
  for (const level of [0, 2] as const) {
    it(`VM -O${level}: bpf_loop runs the callback, the empty tail call falls through`, () => {
      const m = parseModule(src, 'callbacks.bpf.c');
      optimizeModule(m, { level, validate: true });
      const code = generateModule(m, { mcpu: 3 });
      expect(code.diagnostics).toEqual([]);
      const h = new VmHarness(code, m, { out: { kind: 'array', keySize: 4, valueSize: 8, maxEntries: 4 }, jumps: { kind: 'prog_array', keySize: 4, valueSize: 4, maxEntries: 4 } });
      for (const [n, want] of CASES) {
        expect(h.runXdp('looper', pkt(n)).r0).toBe(2n);
        expect(le64(h.get('out', u32(0)) as Uint8Array)).toBe(want);
      }
      expect(h.runXdp('tailer', pkt(1)).r0).toBe(2n);
    });
  }

  it.skipIf(!canUseKernel() || !hasTool(CLANG))('kernel -O2: verified (callback needs func_info) and same results', async () => {
    const m = parseModule(src, 'callbacks.bpf.c');
    optimizeModule(m, { level: 2, validate: true });
    const code = generateModule(m, { mcpu: 3 });
    const maps = { out: { type: 'array' as const, keySize: 4, valueSize: 8, maxEntries: 4 }, jumps: { type: 'prog_array' as const, keySize: 4, valueSize: 4, maxEntries: 4 } };
    for (const [n, want] of CASES.filter(([n]) => n !== undefined)) {
      const k = await runInKernel(code, m, maps, ['looper', 'tailer'], [pkt(n)]);
      expect(k.byEntry.looper?.[0]?.r0).toBe(2);
      expect(k.byEntry.tailer?.[0]?.r0).toBe(2);
      expect(le64(Uint8Array.from(k.maps.out?.[0]?.value ?? []))).toBe(want);
    }
  });
});
