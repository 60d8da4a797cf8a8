// test/fixtures/ir/features.ir — bounded loops, switch lowering, five-argument calls, spills around
// helper calls, global data (.rodata const volatile, .data, .bss), atomics — compiled at every level
// and cpu version (64-bit atomics, fetching ones included, exist at every version, as clang-16 emits
// them), run in the VM and in the kernel against models written here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateModule, type Cpu } from '../../../compiler/codegen/index.js';
import { optimizeModule, parseModule, type Module } from '../../../compiler/ir/index.js';
import { CLANG, canUseKernel, hasTool } from '../../helpers/tools.js';
import { ipv4Packet, u32 } from '../ir/env.js';
import { runInKernel } from './kernel.js';
import { VmHarness } from './vmrun.js';

const src = readFileSync(new URL('../../fixtures/ir/features.ir', import.meta.url), 'utf8');

const PROGS = ['loop_sum', 'classify', 'calls', 'pressure', 'globals', 'atomics', 'ctxfield'] as const;

function packets(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const base = ipv4Packet({ proto: 17, len: 60 });
  for (const b14 of [0, 2, 3, 4, 7, 8, 9, 16, 25, 31, 32, 100, 200, 201, 255]) {
    const p = base.slice();
    p[14] = b14;
    for (let i = 15; i < p.length; i++) p[i] = (i * 37 + b14) & 0xff;
    out.push(p);
  }
  out.push(ipv4Packet({ len: 14 }));
  out.push(ipv4Packet({ len: 20 }));
  out.push(ipv4Packet({ proto: 6, len: 200 }));
  return out;
}

const M64 = (1n << 64n) - 1n;

/** What `out` holds after running every program on every packet, in order, per program. */
function model(pkts: Uint8Array[]): { out: bigint[]; counter: bigint; hist: bigint[] } {
  const out: bigint[] = Array(8).fill(0n);
  let counter = 10n;
  const hist = [0n, 0n, 0n, 0n];
  const mix5 = (a: bigint, b: bigint, c: bigint, d: bigint, e: number): bigint =>
    ((((a * 31n) & M64) ^ b) + c - ((d & 0xffffn) << 3n) + BigInt(e)) & M64;
  for (const p of pkts) {
    // loop_sum
    let s = 0n;
    for (let i = 0; i < Math.min(64, p.length); i++) s += BigInt(p[i] as number);
    out[0] = s;
    // classify
    if (p.length < 15) out[1] = 1n;
    else {
      const x = p[14] as number;
      out[1] = x <= 3 ? 10n : x === 7 ? 20n : x === 9 ? 30n : x >= 16 && x <= 31 ? 40n : x === 100 ? 50n : x === 200 || x === 201 ? 60n : 99n;
    }
    // calls
    if (p.length < 24) out[2] = 0n;
    else {
      const len = BigInt(p.length);
      const m1 = mix5(len, BigInt(p[14] as number), BigInt(p[15] as number), BigInt(((p[16] as number) << 8) | (p[17] as number)), p[18] as number);
      out[2] = mix5(m1, len, BigInt(p[20] as number), 7n, p[21] as number);
    }
    // pressure
    if (p.length < 26) out[3] = 0n;
    else {
      let t = 0n;
      for (let k = 0; k < 12; k++) t += BigInt(k + 1) * BigInt(p[14 + k] as number);
      out[3] = t;
    }
    // globals
    counter += 3n;
    if (p.length >= 15) {
      const idx = (p[14] as number) & 3;
      hist[idx] = (hist[idx] as bigint) + 1n;
      out[4] = counter * 1000n + (hist[idx] as bigint) * 10n + 7n;
    }
    // atomics
    const x0 = out[5] as bigint;
    const v = x0;
    const old2 = x0 + 5n;
    const ok = x0 + 100n;
    out[5] = ((7n | 256n) & ~1n) ^ 0xff00n;
    out[6] = v * 1000000n + old2 * 1000n + ok;
    // ctxfield: BPF_PROG_TEST_RUN (and the VM's XDP environment) run on ifindex 1, queue 0
    out[7] = 1n;
  }
  return { out, counter, hist };
}

const le64 = (b: Uint8Array, off = 0): bigint => new DataView(b.buffer, b.byteOffset).getBigUint64(off, true);

function compile(level: 0 | 1 | 2, mcpu: Cpu): { m: Module; code: ReturnType<typeof generateModule> } {
  const m = parseModule(src, 'features.bpf.c');
  optimizeModule(m, { level, validate: true });
  const code = generateModule(m, { mcpu });
  return { m, code };
}

describe('codegen features in the VM', () => {
  for (const level of [0, 1, 2] as const) {
    for (const mcpu of [1, 2, 3, 4] as const) {
      it(`-O${level} -mcpu=v${mcpu}`, () => {
        const { m, code } = compile(level, mcpu);
        expect(code.diagnostics).toEqual([]);
        const h = new VmHarness(code, m, { out: { kind: 'array', keySize: 4, valueSize: 8, maxEntries: 8 } });
        const pk = packets();
        for (const p of pk) for (const name of PROGS) expect(h.runXdp(name, p).r0).toBe(2n);
        const want = model(pk);
        const got = Array.from({ length: 8 }, (_, k) => le64(h.get('out', u32(k)) as Uint8Array));
        expect(got).toEqual(want.out);
        expect(le64(h.globalBytes('counter'))).toBe(want.counter);
        const hist = h.globalBytes('hist');
        expect([0, 8, 16, 24].map((o) => le64(hist, o))).toEqual(want.hist);
      });
    }
  }
});

describe('codegen features in the kernel', () => {
  for (const [level, mcpu] of [[2, 3], [0, 3], [1, 4], [2, 1]] as const) {
    it.skipIf(!canUseKernel() || !hasTool(CLANG))(`-O${level} -mcpu=v${mcpu}: every program verified, results as the model`, async () => {
      const { m, code } = compile(level, mcpu);
      expect(code.diagnostics).toEqual([]);
      const pk = packets().filter((p) => p.length >= 14);
      // each program runs over all packets in turn; programs touch disjoint outputs (the globals only
      // through `globals`), so the final state equals the model's interleaved run
      const k = await runInKernel(code, m, { out: { type: 'array', keySize: 4, valueSize: 8, maxEntries: 8 } }, [...PROGS], pk);
      for (const name of PROGS) expect(k.byEntry[name]?.every((r) => r.r0 === 2)).toBe(true);
      const results = Array.from({ length: 8 }, (_, i) => le64(Uint8Array.from((k.maps.out?.[i] as { value: number[] }).value)));
      expect(results).toEqual(model(pk).out);
    });
  }
});
