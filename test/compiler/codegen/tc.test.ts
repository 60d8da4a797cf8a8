// examples/tc_dscp_mark.bpf.c (test/fixtures/ir/tc_dscp_mark.ir): a TC program that stores into its
// __sk_buff context (mark, priority: the verifier only allows BPF_STX there, never BPF_ST) and calls
// helpers that change packet data. Run in the VM and in the kernel (ctx_out shows mark and priority)
// against a model of the C program.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateModule, type Cpu } from '../../../compiler/codegen/index.js';
import { optimizeModule, parseModule } from '../../../compiler/ir/index.js';
import { decodeObject } from '../../../runtime/object/index.js';
import { CLANG, canUseKernel, hasTool } from '../../helpers/tools.js';
import { ipv4Packet, u32 } from '../ir/env.js';
import { runInKernel } from './kernel.js';
import { VmHarness } from './vmrun.js';
import { interpret, IrMemory, printModule } from '../../../compiler/ir/index.js';

const src = readFileSync(new URL('../../fixtures/ir/tc_dscp_mark.ir', import.meta.url), 'utf8');

function model(input: Uint8Array, counts: Map<number, bigint>): { r0: number; packet: Uint8Array; mark: number; priority: number } {
  const p = input.slice();
  const ok = { r0: 0, packet: p, mark: 0, priority: 0 };
  if (p.length < 14 || p[12] !== 0x08 || p[13] !== 0x00 || p.length < 34) return ok;
  if (p[22] === 0) return { ...ok, r0: 2 };
  const tos = p[15] as number;
  const dscp = tos >> 2;
  counts.set(dscp, (counts.get(dscp) ?? 0n) + 1n);
  if (dscp === 46 && p[26] === 10) {
    const newTos = tos & 3;
    const add = (a: number, b: number): number => {
      const r = (a + b) & 0xffff;
      return (r + (r < b ? 1 : 0)) & 0xffff;
    };
    const sum = (p[24] as number) | ((p[25] as number) << 8);
    let x = add(~sum & 0xffff, ~(tos << 8) & 0xffff);
    x = add(x, newTos << 8);
    const nsum = ~x & 0xffff;
    p[24] = nsum & 0xff;
    p[25] = nsum >> 8;
    p[15] = newTos;
  }
  return { r0: 0, packet: p, mark: dscp, priority: dscp >> 3 };
}

function packets(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const [tos, src0, ttl] of [[0xb8, 10, 64], [0xb8, 11, 64], [0xb9, 10, 1], [0x20, 10, 64], [0x00, 192, 9], [0xb8, 10, 0]]) {
    const p = ipv4Packet({ proto: 17, len: 60 });
    p[15] = tos as number;
    p[22] = ttl as number;
    p[24] = 0x5a;
    p[25] = 0xc3;
    p[26] = src0 as number;
    out.push(p);
  }
  out.push(ipv4Packet({ ethType: 0x86dd, len: 60 }));
  out.push(ipv4Packet({ len: 30 }));
  return out;
}

describe('examples: tc_dscp_mark', () => {
  for (const level of [0, 2] as const) {
    for (const mcpu of [1, 3] as Cpu[]) {
      it(`VM -O${level} -mcpu=v${mcpu}`, () => {
        const m = parseModule(src, 'tc_dscp_mark.bpf.c');
        optimizeModule(m, { level, validate: true });
        const code = generateModule(m, { mcpu });
        expect(code.diagnostics).toEqual([]);
        const h = new VmHarness(code, m, { dscp_count: { kind: 'array', keySize: 4, valueSize: 8, maxEntries: 64 } });
        const counts = new Map<number, bigint>();
        for (const p of packets()) {
          const want = model(p, counts);
          const r = h.runSkb('tc_mark', p);
          expect(r.r0).toBe(BigInt(want.r0));
          expect(r.packet).toEqual(want.packet);
          if (want.r0 === 0 && want.mark) {
            const dv = new DataView(r.ctx.buffer);
            expect([dv.getUint32(8, true), dv.getUint32(32, true)]).toEqual([want.mark, want.priority]);
          }
        }
        for (const [d, n] of counts) expect(new DataView((h.get('dscp_count', u32(d)) as Uint8Array).buffer).getBigUint64(0, true)).toBe(n);
      });
    }
  }

  it('-O2 -mcpu=v3 is no larger than clang-16 -O2', () => {
    const m = parseModule(src, 'tc_dscp_mark.bpf.c');
    optimizeModule(m, { level: 2 });
    const code = generateModule(m, { mcpu: 3 });
    const clang = decodeObject(new Uint8Array(readFileSync(new URL('../../fixtures/clang/tc_dscp_mark.o', import.meta.url))));
    const theirs = clang.programs.reduce((n, p) => n + p.insns.length, 0);
    expect(code.functions.reduce((n, f) => n + f.insns.length, 0)).toBeLessThanOrEqual(theirs);
  });

  for (const [level, mcpu] of [[2, 3], [0, 1]] as const) {
    it.skipIf(!canUseKernel() || !hasTool(CLANG))(`kernel -O${level} -mcpu=v${mcpu}: verified; verdicts, packets, mark and priority as the model`, async () => {
      const m = parseModule(src, 'tc_dscp_mark.bpf.c');
      optimizeModule(m, { level, validate: true });
      const code = generateModule(m, { mcpu });
      // the kernel's skb test run wants a whole IPv4 header behind an IPv4 ethertype
      const pk = packets().filter((p) => !(p[12] === 0x08 && p[13] === 0x00 && p.length < 34));
      const k = await runInKernel(code, m, { dscp_count: { type: 'array', keySize: 4, valueSize: 8, maxEntries: 64 } }, 'tc_mark', pk, [], { ctxIn: new Uint8Array(192) });
      const counts = new Map<number, bigint>();
      pk.forEach((p, i) => {
        const want = model(p, counts);
        const r = k.results[i];
        expect(r?.r0).toBe(want.r0);
        expect(r?.packet).toEqual(want.packet);
        const dv = new DataView((r?.ctx as Uint8Array).buffer);
        expect([dv.getUint32(8, true), dv.getUint32(32, true)]).toEqual([want.mark, want.priority]);
      });
    });
  }
});

// ---- legacy packet loads (LD_ABS / LD_IND) ----------------------------------------------------------


describe('legacy packet loads', () => {
  const ldSrc = readFileSync(new URL('../../fixtures/ir/socket_ldabs.ir', import.meta.url), 'utf8');
  /** The model: what the C code computes, 0 when a load falls outside the packet. */
  const model = (p: Uint8Array): number => {
    if (p.length < 1 || (p[0] as number) >> 4 !== 4) return 0;
    const off = ((p[0] as number) & 15) * 4 + 2;
    if (off + 2 > p.length || p.length < 16) return 0;
    const port = ((p[off] as number) << 8) | (p[off + 1] as number);
    return ((port === 80 ? 1 : 0) << 4 | ((p[15] as number) & 1)) + 2;
  };
  const pkts = [
    Uint8Array.from([0x45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 5, 0, 0, 0, 0, 0, 0, 0, 80]),
    Uint8Array.from([0x45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 81]),
    Uint8Array.from([0x46, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 5, 0, 0, 0, 0, 0, 0, 0, 80]),
    Uint8Array.from([0x65, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 5, 0, 0, 0, 0, 0, 0, 0, 80]),
    Uint8Array.from([0x4f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 5]),
    Uint8Array.from([0x45, 0, 0]),
  ];

  it('the front end\'s bpf_skb_load_bytes idiom becomes LD_ABS / LD_IND, with the same results', () => {
    const m = parseModule(ldSrc, 'ldabs.bpf.c');
    optimizeModule(m, { level: 2, validate: true });
    const text = printModule(m);
    expect(text).not.toMatch(/bpf_skb_load_bytes/);
    expect(text.match(/pktload/g)?.length).toBe(3);
    const code = generateModule(m, { mcpu: 3 });
    expect(code.diagnostics).toEqual([]);
    const insns = code.functions[0]?.insns ?? [];
    expect(insns.filter((i) => i.code === 0x30 || i.code === 0x20).length).toBe(2); // ldabsb, ldabsw
    expect(insns.filter((i) => i.code === 0x48).length).toBe(1); // ldindh
    const h = new VmHarness(code, m, {});
    for (const p of pkts) {
      expect(h.runSkb('ldabs', p).r0, `packet ${Array.from(p.slice(0, 2))}`).toBe(BigInt(model(p)));
      // the IR interpreter agrees (skb: data at ctx + 76, data_end at ctx + 80)
      const mem = new IrMemory();
      const d = mem.alloc(p.length || 1, 'pkt', p);
      const ctx = mem.alloc(192, 'skb');
      mem.write(BigInt(ctx + 76), 4, BigInt(d));
      mem.write(BigInt(ctx + 80), 4, BigInt(d + p.length));
      expect(interpret(m, 'ldabs', [BigInt(ctx)], { mem, helpers: new Map(), maps: new Map(), globals: new Map() })).toBe(BigInt(model(p)));
    }
  });

  it.skipIf(!canUseKernel() || !hasTool(CLANG))('the kernel accepts LD_ABS / LD_IND with the ctx in r6 and agrees', async () => {
    const m = parseModule(ldSrc, 'ldabs.bpf.c');
    optimizeModule(m, { level: 2, validate: true });
    const code = generateModule(m, { mcpu: 3 });
    // socket filters see the packet from the network header: the kernel's test run starts after ETH_HLEN,
    // so the IPv4 bytes go behind an Ethernet header with the IPv4 ethertype
    const eth = (p: Uint8Array): Uint8Array => Uint8Array.from([...new Uint8Array(12), 0x08, 0x00, ...p]);
    const pk = pkts.filter((p) => p.length >= 20).map(eth);
    const k = await runInKernel(code, m, {}, 'ldabs', pk);
    pk.forEach((p, i) => expect(k.results[i]?.r0).toBe(model(p.slice(14))));
  });
});
