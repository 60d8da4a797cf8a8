// runtime/pcap unit tests: round trips of pcap (both byte orders, µs/ns) and pcapng, snaplen
// truncation, typed errors naming the broken record or block, and a seeded mutation fuzz in which every
// input either decodes or fails with a PcapError.
import { describe, expect, it } from 'vitest';
import {
  LINKTYPE,
  PcapError,
  decodeCapture,
  decodePcap,
  encodePcap,
  encodePcapng,
  type PacketToWrite,
} from '../../../runtime/pcap/index.js';

function packets(n: number, seed = 1): PacketToWrite[] {
  const out: PacketToWrite[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const len = 14 + (x % 200);
    const data = new Uint8Array(len).map((_, k) => (k * 7 + i) & 0xff);
    out.push({ data, timestampNs: 1_700_000_000_000_000_000n + BigInt(i) * 1_234_567_891n });
  }
  return out;
}

describe('pcap round trip', () => {
  for (const littleEndian of [true, false])
    for (const nanosecond of [true, false])
      it(`${littleEndian ? 'LE' : 'BE'} ${nanosecond ? 'ns' : 'µs'}`, () => {
        const ps = packets(20);
        const bytes = encodePcap(ps, { littleEndian, nanosecond, linkType: LINKTYPE.LINKTYPE_RAW });
        const cap = decodeCapture(bytes);
        expect(cap.format).toBe('pcap');
        expect(cap.littleEndian).toBe(littleEndian);
        expect(cap.interfaces).toEqual([{ linkType: 101, snaplen: 262144, tsUnitsPerSecond: nanosecond ? 1_000_000_000n : 1_000_000n }]);
        expect(cap.packets.map((p) => p.data)).toEqual(ps.map((p) => p.data));
        expect(cap.packets.map((p) => p.timestampNs)).toEqual(ps.map((p) => (nanosecond ? p.timestampNs! : (p.timestampNs! / 1000n) * 1000n)));
        // encoding what was decoded gives the same bytes
        expect(encodePcap(cap.packets, { littleEndian, nanosecond, linkType: 101 })).toEqual(bytes);
      });

  it('truncates to snaplen and keeps the original length', () => {
    const bytes = encodePcap([{ data: new Uint8Array(100).fill(7) }], { snaplen: 64 });
    const p = decodePcap(bytes).packets[0]!;
    expect(p.data.length).toBe(64);
    expect(p.originalLength).toBe(100);
  });
});

describe('pcapng round trip', () => {
  for (const le of [true, false])
    it(le ? 'LE' : 'BE', () => {
      const ps = packets(12).map((p, i) => ({ ...p, interfaceId: i % 2 }));
      const bytes = encodePcapng([{ linkType: 1 }, { linkType: 113, snaplen: 9000 }], ps, le);
      const cap = decodeCapture(bytes);
      expect(cap.format).toBe('pcapng');
      expect(cap.littleEndian).toBe(le);
      expect(cap.interfaces.map((i) => [i.linkType, i.snaplen, i.tsUnitsPerSecond])).toEqual([
        [1, 0, 1_000_000_000n],
        [113, 9000, 1_000_000_000n],
      ]);
      expect(cap.packets.map((p) => [p.interfaceId, p.timestampNs, p.data])).toEqual(ps.map((p) => [p.interfaceId, p.timestampNs, p.data]));
    });
});

describe('pcap errors', () => {
  const ps = packets(3);
  const good = encodePcap(ps);
  const rec2 = 24 + 16 + ps[0]!.data.length;

  it('names the truncated record', () => {
    const cut = good.slice(0, good.length - 5);
    expect(() => decodePcap(cut)).toThrow(PcapError);
    expect(() => decodePcap(cut)).toThrow(/^pcap: record 3 at offset \d+: data: truncated/);
    expect(() => decodePcap(good.slice(0, rec2 + 3))).toThrow(`pcap: record 2 at offset ${rec2}: header: truncated (needs 16 bytes at offset ${rec2}, 3 left)`);
  });

  it('rejects bad magic, short headers and absurd lengths', () => {
    expect(() => decodeCapture(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/not a pcap or pcapng file/);
    expect(() => decodeCapture(new Uint8Array(2))).toThrow(/too short/);
    expect(() => decodePcap(good.slice(0, 10))).toThrow(/pcap file header: truncated/);
    const big = good.slice();
    new DataView(big.buffer).setUint32(24 + 8, 0x7fffffff, true);
    expect(() => decodePcap(big)).toThrow(/record 1 at offset 24: captured length 2147483647 exceeds/);
  });

  it('rejects pcapng blocks with bad lengths or undefined interfaces', () => {
    const ng = encodePcapng([{ linkType: 1 }], [{ data: new Uint8Array(10) }]);
    const badLen = ng.slice();
    new DataView(badLen.buffer).setUint32(badLen.length - 4, 12, true);
    expect(() => decodeCapture(badLen)).toThrow(/block 3 at offset \d+: trailing block length/);
    const badIf = ng.slice();
    const epbOff = ng.length - (12 + 20 + 12);
    new DataView(badIf.buffer).setUint32(epbOff + 8, 5, true);
    expect(() => decodeCapture(badIf)).toThrow(/interface 5 is not defined/);
    expect(() => decodeCapture(ng.slice(0, ng.length - 2))).toThrow(PcapError);
  });
});

describe('fuzz', () => {
  it('seeded mutations give a capture or a PcapError, nothing else', () => {
    const seeds = [
      encodePcap(packets(5), { nanosecond: true }),
      encodePcap(packets(5), { littleEndian: false }),
      encodePcapng([{ linkType: 1 }, { linkType: 101 }], packets(5).map((p, i) => ({ ...p, interfaceId: i & 1 }))),
      encodePcapng([{ linkType: 1 }], packets(4), false),
    ];
    let state = 0x9e3779b9;
    const rnd = (n: number): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
    let decoded = 0;
    let errors = 0;
    for (let iter = 0; iter < 4000; iter++) {
      const base = seeds[iter % seeds.length]!;
      let b = base.slice();
      const muts = 1 + rnd(4);
      for (let m = 0; m < muts; m++) {
        const kind = rnd(4);
        if (kind === 0 && b.length) b[rnd(b.length)] = rnd(256);
        else if (kind === 1) b = b.slice(0, rnd(b.length + 1));
        else if (kind === 2 && b.length >= 4) {
          const o = rnd(b.length - 3);
          new DataView(b.buffer).setUint32(o, [0, 0xffffffff, 0x7fffffff, 12, 16, rnd(1 << 16)][rnd(6)]!, rnd(2) === 0);
        } else {
          const extra = new Uint8Array(rnd(40)).map(() => rnd(256));
          const nb = new Uint8Array(b.length + extra.length);
          nb.set(b);
          nb.set(extra, b.length);
          b = nb;
        }
      }
      try {
        decodeCapture(b);
        decoded++;
      } catch (e) {
        if (!(e instanceof PcapError)) throw new Error(`iteration ${iter}: ${String(e)}`);
        errors++;
      }
    }
    expect(decoded).toBeGreaterThan(100);
    expect(errors).toBeGreaterThan(100);
  });
});
