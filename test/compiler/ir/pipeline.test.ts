import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpret, optimizeModule, parseModule, printModule, validateModule, type Module } from '../../../compiler/ir/index.js';
import { ipv4Packet, u16, xdpEnv } from './env.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/ir/${name}`, import.meta.url), 'utf8');

/** The verdict of the drop_port program, written directly from its C source. */
function expectedDropPort(p: Uint8Array, blocked: Set<number>): number {
  if (p.length < 14) return 1;
  if (!(p[12] === 0x08 && p[13] === 0x00)) return 2;
  if (p.length < 34) return 1;
  if (p[23] !== 17) return 2;
  const l4 = 14 + ((p[14] as number) & 15) * 4;
  if (l4 + 8 > p.length) return 1;
  const port = ((p[l4 + 2] as number) << 8) | (p[l4 + 3] as number);
  return blocked.has(port) ? 1 : 2;
}

const PACKETS: [string, Uint8Array][] = [
  ['short frame', new Uint8Array(10)],
  ['ARP', ipv4Packet({ ethType: 0x0806 })],
  ['truncated IPv4', ipv4Packet({ len: 20 })],
  ['TCP', ipv4Packet({ proto: 6, dport: 53 })],
  ['UDP 53', ipv4Packet({ proto: 17, dport: 53 })],
  ['UDP 80', ipv4Packet({ proto: 17, dport: 80 })],
  ['UDP 53, options', ipv4Packet({ proto: 17, dport: 53, ihl: 6 })],
  ['truncated UDP', ipv4Packet({ proto: 17, dport: 53, len: 14 + 20 + 6 })],
  ['ihl 15 beyond packet', ipv4Packet({ proto: 17, dport: 53, ihl: 15, len: 80 })],
];

function runDropPort(m: Module, pkt: Uint8Array): { verdict: bigint; count: bigint | undefined } {
  const x = xdpEnv(pkt, { blocked: { kind: 'hash', keySize: 2, valueSize: 8, maxEntries: 16 } });
  // block port 53 with a zero counter
  const key = x.env.mem.alloc(2, 'k', u16(53));
  const val = x.env.mem.alloc(8, 'v');
  (x.env.helpers.get(2) as (a: bigint[], e: typeof x.env) => bigint)([x.env.maps.get('blocked') as bigint, BigInt(key), BigInt(val), 0n], x.env);
  const verdict = interpret(m, 'prog', [x.ctx], x.env);
  const v = x.lookup('blocked', u16(53));
  const count = v ? new DataView(v.buffer).getBigUint64(0, true) : undefined;
  return { verdict, count };
}

describe('optimisation pipeline', () => {
  for (const level of [0, 1, 2] as const) {
    it(`-O${level} keeps the drop_port program's behaviour on every packet`, () => {
      const m = parseModule(fixture('drop_port.ir'), 'drop_port.bpf.c');
      expect(validateModule(m)).toEqual([]);
      const opt = parseModule(fixture('drop_port.ir'), 'drop_port.bpf.c');
      optimizeModule(opt, { level, validate: true });
      for (const [name, pkt] of PACKETS) {
        const want = expectedDropPort(pkt, new Set([53]));
        const before = runDropPort(m, pkt);
        const after = runDropPort(opt, pkt);
        expect(before.verdict, `${name} (unoptimised)`).toBe(BigInt(want));
        expect(after.verdict, `${name} (-O${level})`).toBe(BigInt(want));
        expect(after.count, name).toBe(before.count);
      }
    });
  }

  it('-O2 promotes every local, types the packet pointers and coalesces nothing it must not', () => {
    const m = parseModule(fixture('drop_port.ir'), 'drop_port.bpf.c');
    optimizeModule(m, { level: 2, validate: true });
    const text = printModule(m);
    expect(text).not.toMatch(/alloca 8/); // pointer locals promoted; `port` stays (its address goes to a helper)
    expect(text).toMatch(/alloca 2/);
    expect(text).toMatch(/load ptr<packet>, u32 \[%ctx\]/);
    expect(text).toMatch(/load ptr<packet_end>, u32 \[%ctx \+ 4\]/);
    expect(text).not.toMatch(/ptr<any>/);
    // the protocol checks sit between the bounds checks, so they may not be merged: three checks remain
    expect(text.match(/cmp ugt ptr<packet>/g)?.length).toBe(3);
  });
});
