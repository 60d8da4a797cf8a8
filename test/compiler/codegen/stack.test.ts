// Stack slot sharing: two 256-byte buffers with disjoint lifetimes share their bytes, so the frame
// fits the kernel's 512 bytes (test/fixtures/ir/sharing.ir); checked by running in the VM and by the
// kernel's verifier, and the frame size is reported.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../../compiler/codegen/index.js';
import { optimizeModule, parseModule } from '../../../compiler/ir/index.js';
import { CLANG, canUseKernel, hasTool } from '../../helpers/tools.js';
import { u32 } from '../ir/env.js';
import { runInKernel } from './kernel.js';
import { VmHarness } from './vmrun.js';
import { ModuleBuilder, T } from '../../../compiler/ir/index.js';

const src = readFileSync(new URL('../../fixtures/ir/sharing.ir', import.meta.url), 'utf8');
const pkt = (a: number, b: number): Uint8Array => Uint8Array.from({ length: 20 }, (_, i) => (i === 14 ? a : i === 15 ? b : 0));

describe('stack slot sharing', () => {
  for (const level of [0, 2] as const) {
    it(`-O${level}: disjoint buffers share bytes; results unchanged`, () => {
      const m = parseModule(src, 'sharing.bpf.c');
      optimizeModule(m, { level, validate: true });
      const code = generateModule(m, { mcpu: 3 });
      expect(code.diagnostics).toEqual([]);
      const f = code.functions[0];
      expect(f?.stackSize).toBeLessThanOrEqual(264);
      const maps = { outa: { kind: 'array' as const, keySize: 4, valueSize: 256, maxEntries: 1 }, outb: { kind: 'array' as const, keySize: 4, valueSize: 256, maxEntries: 1 } };
      const h = new VmHarness(code, m, maps);
      for (const [a, b] of [[1, 2], [0xaa, 0x55], [7, 7]]) {
        expect(h.runXdp('share', pkt(a as number, b as number)).r0).toBe(2n);
        expect(h.get('outa', u32(0))).toEqual(new Uint8Array(256).fill(a as number));
        expect(h.get('outb', u32(0))).toEqual(new Uint8Array(256).fill(b as number));
      }
    });
  }

  it.skipIf(!canUseKernel() || !hasTool(CLANG))('the kernel accepts the shared frame and gets the same results', async () => {
    const m = parseModule(src, 'sharing.bpf.c');
    optimizeModule(m, { level: 2, validate: true });
    const code = generateModule(m, { mcpu: 3 });
    const maps = { outa: { type: 'array' as const, keySize: 4, valueSize: 256, maxEntries: 1 }, outb: { type: 'array' as const, keySize: 4, valueSize: 256, maxEntries: 1 } };
    const k = await runInKernel(code, m, maps, 'share', [pkt(0x12, 0x34)]);
    expect(k.results[0]?.r0).toBe(2);
    expect(k.maps.outa?.[0]?.value).toEqual(Array(256).fill(0x12));
    expect(k.maps.outb?.[0]?.value).toEqual(Array(256).fill(0x34));
  });
});


describe('stack slot sharing with many objects', () => {
  it('forty 8-byte keys used one after another share one slot (more than 32 objects: multi-word sets)', () => {
    const mb = new ModuleBuilder();
    mb.declareMap('out');
    const span = { file: 'many.c', line: 1, col: 1 };
    const b = mb.func('many', { params: [{ name: 'ctx', type: T.ptr.ctx }], ret: T.i32, section: 'xdp', span });
    const vals = Array.from({ length: 40 }, (_, k) => b.alloca(8, 8, `v${k}`));
    const key = b.alloca(4, 4, 'key');
    vals.forEach((v, k) => {
      b.store(v, b.i64(1000 + k));
      b.store(key, b.i32(k % 4));
      b.callHelper(2, [b.mapRef('out'), key, v, b.i64(0)], T.i64);
    });
    b.ret(b.i32(2));
    const m = mb.module;
    optimizeModule(m, { level: 2, validate: true });
    const code = generateModule(m, { mcpu: 3 });
    expect(code.diagnostics).toEqual([]);
    expect(code.functions[0]?.stackSize).toBe(16);
    const h = new VmHarness(code, m, { out: { kind: 'array', keySize: 4, valueSize: 8, maxEntries: 4 } });
    expect(h.runXdp('many', new Uint8Array(20)).r0).toBe(2n);
    // the last write to each key wins: k = 36..39
    for (let k = 0; k < 4; k++) expect(new DataView((h.get('out', u32(k)) as Uint8Array).buffer).getBigUint64(0, true)).toBe(BigInt(1036 + k));
  });
});
