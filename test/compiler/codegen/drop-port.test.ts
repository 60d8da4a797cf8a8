import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../../compiler/codegen/index.js';
import { optimizeModule, parseModule } from '../../../compiler/ir/index.js';
import { ipv4Packet, u16 } from '../ir/env.js';
import { VmHarness } from './vmrun.js';
import { canUseKernel, hasTool, CLANG } from '../../helpers/tools.js';
import { runInKernel } from './kernel.js';

const source = readFileSync(new URL('../../fixtures/ir/drop_port.ir', import.meta.url), 'utf8');

/** The verdict of the drop_port program, written directly from its C source. */
function expected(p: Uint8Array, blocked: Set<number>): number {
  if (p.length < 14) return 1;
  if (!(p[12] === 0x08 && p[13] === 0x00)) return 2;
  if (p.length < 34) return 1;
  if (p[23] !== 17) return 2;
  const l4 = 14 + ((p[14] as number) & 15) * 4;
  if (l4 + 8 > p.length) return 1;
  const port = ((p[l4 + 2] as number) << 8) | (p[l4 + 3] as number);
  return blocked.has(port) ? 1 : 2;
}

const PACKETS: Uint8Array[] = [
  new Uint8Array(10),
  ipv4Packet({ ethType: 0x0806 }),
  ipv4Packet({ len: 20 }),
  ipv4Packet({ proto: 6, dport: 53 }),
  ipv4Packet({ proto: 17, dport: 53 }),
  ipv4Packet({ proto: 17, dport: 80 }),
  ipv4Packet({ proto: 17, dport: 53, ihl: 6 }),
  ipv4Packet({ proto: 17, dport: 53, len: 14 + 20 + 6 }),
  ipv4Packet({ proto: 17, dport: 53, ihl: 15, len: 80 }),
];

describe('codegen: drop_port in the VM', () => {
  for (const level of [0, 1, 2] as const) {
    for (const mcpu of [1, 2, 3, 4] as const) {
      it(`-O${level} -mcpu=v${mcpu}`, () => {
        const m = parseModule(source, 'drop_port.bpf.c');
        optimizeModule(m, { level, validate: true });
        const code = generateModule(m, { mcpu });
        expect(code.diagnostics).toEqual([]);
        const h = new VmHarness(code, m, { blocked: { kind: "hash", keySize: 2, valueSize: 8, maxEntries: 16 } });
        h.set('blocked', u16(53), new Uint8Array(8));
        let drops = 0;
        for (const p of PACKETS) {
          const want = expected(p, new Set([53]));
          const r = h.runXdp('prog', p);
          expect(r.r0).toBe(BigInt(want));
          const l4 = p.length >= 34 ? 14 + ((p[14] as number) & 15) * 4 : 0;
          if (want === 1 && p.length >= l4 + 8 && p[23] === 17 && p[12] === 8 && p[13] === 0) drops++;
          expect(r.packet).toEqual(p);
        }
        const cnt = h.get('blocked', u16(53)) as Uint8Array;
        expect(new DataView(cnt.buffer).getBigUint64(0, true)).toBe(BigInt(drops));
      });
    }
  }
});


describe('codegen: drop_port in the kernel', () => {
  for (const level of [0, 2] as const) {
    for (const mcpu of [1, 3] as const) {
      it.skipIf(!canUseKernel() || !hasTool(CLANG))(`-O${level} -mcpu=v${mcpu}: the verifier accepts it and it gives the expected verdicts`, async () => {
        const m = parseModule(source, 'drop_port.bpf.c');
        optimizeModule(m, { level, validate: true });
        const code = generateModule(m, { mcpu });
        expect(code.diagnostics).toEqual([]);
        // BPF_PROG_TEST_RUN refuses XDP frames shorter than an Ethernet header
        const packets = PACKETS.filter((p) => p.length >= 14);
        const k = await runInKernel(code, m, { blocked: { type: 'hash', keySize: 2, valueSize: 8, maxEntries: 16 } }, 'prog', packets, [
          { map: 'blocked', key: u16(53), value: new Uint8Array(8) },
        ]);
        let drops = 0;
        packets.forEach((p, i) => {
          const want = expected(p, new Set([53]));
          expect(k.results[i]?.r0).toBe(want);
          expect(k.results[i]?.packet).toEqual(p);
          const l4 = p.length >= 34 ? 14 + ((p[14] as number) & 15) * 4 : 0;
          if (want === 1 && p.length >= l4 + 8 && p[23] === 17 && p[12] === 8 && p[13] === 0) drops++;
        });
        expect(k.maps.blocked).toEqual([{ key: [53, 0], value: [drops, 0, 0, 0, 0, 0, 0, 0] }]);
      });
    }
  }
});
