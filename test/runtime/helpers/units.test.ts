// Unit tests of the helper building blocks against published values: the kernel's lfsr113 self-test
// vectors (lib/random32.c, themselves checked against GSL's taus113), the RFC 1071 checksum example,
// csum_partial against a plain one's-complement sum, strtol/strtoul and the printf engine against the
// kernel semantics their files cite, the virtual clock and jiffies.
import { describe, expect, it } from 'vitest';
import {
  bprintf, csumFold, csumPartial, csumReplace2, csumReplace4, csumAdd, HelperEnv, Prandom, strtol, strtoul,
} from '../../../runtime/helpers/index.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const mem = (bytes: Record<number, Uint8Array>) => ({
  read(addr: bigint, len: number): Uint8Array | undefined {
    for (const [a, b] of Object.entries(bytes)) {
      const off = Number(addr) - Number(a);
      if (off >= 0 && off + len <= b.length) return b.slice(off, off + len);
    }
    return undefined;
  },
});

describe('prandom (lfsr113)', () => {
  it('matches the kernel self-test: first value after seeding and warm-up', () => {
    const test1: [number, number][] = [[1, 3484351685], [2, 2623130059], [3, 3125133893], [4, 984847254]];
    for (const [seed, want] of test1) expect(new Prandom(seed).next()).toBe(want);
  });
  it('matches the kernel self-test: the Nth value (GSL taus113 vectors)', () => {
    const test2: [number, number, number][] = [[931557656, 959, 2975593782], [1339693295, 876, 3887776532], [1545556285, 961, 1615538833], [1967883163, 508, 10734624]];
    for (const [seed, n, want] of test2) {
      const g = new Prandom(seed);
      for (let i = 0; i < n - 1; i++) g.next();
      expect(g.next()).toBe(want);
    }
  });
  it('is deterministic per seed and per CPU', () => {
    const a = new HelperEnv({ seed: 5 });
    const b = new HelperEnv({ seed: 5 });
    const xs = [a.random(), a.random(), a.random()];
    expect([b.random(), b.random(), b.random()]).toEqual(xs);
    b.cpu = 1;
    expect(b.random()).not.toBe(xs[0]);
  });
});

describe('checksums', () => {
  it('RFC 1071 example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2', () => {
    const b = Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
    // the checksum field holds ~0xddf2 = 22 0d, i.e. 0x0d22 as a little-endian u16
    expect(csumFold(csumPartial(b, 0))).toBe(0x0d22);
  });
  it('csum_partial equals a plain end-around-carry sum of 32-bit words (mod 2^32-1)', () => {
    let x = 12345;
    const rnd = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
    for (let n = 0; n < 300; n += 7) {
      const b = Uint8Array.from({ length: n }, rnd);
      let s = 0;
      for (let i = 0; i < n; i += 4) s = csumAdd(s, (b[i]! | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0);
      expect(csumPartial(b, 0) % 0xffffffff).toBe(s % 0xffffffff);
    }
  });
  it('csum_replace2/4 keep the checksum of a header valid (RFC 1624)', () => {
    // IPv4 header 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7 (checksum b861)
    const hdr = Uint8Array.from([0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0, 1, 0xc0, 0xa8, 0, 0xc7]);
    const le16 = (o: number): number => hdr[o]! | (hdr[o + 1]! << 8);
    const le32 = (o: number): number => (hdr[o]! | (hdr[o + 1]! << 8) | (hdr[o + 2]! << 16) | (hdr[o + 3]! << 24)) >>> 0;
    const put16 = (o: number, v: number): void => { hdr[o] = v & 0xff; hdr[o + 1] = v >> 8; };
    const check = (): number => { const c = le16(10); put16(10, 0); const f = csumFold(csumPartial(hdr, 0)); put16(10, c); return f; };
    expect(check()).toBe(le16(10));
    const oldTtl = le16(8);
    const newTtl = oldTtl - 1;
    put16(10, csumReplace2(le16(10), oldTtl, newTtl));
    put16(8, newTtl);
    expect(le16(10)).toBe(check());
    const oldDst = le32(16);
    const newDst = 0x0d0c0b0a;
    put16(10, csumReplace4(le16(10), oldDst, newDst));
    hdr.set([0x0a, 0x0b, 0x0c, 0x0d], 16);
    expect(le16(10)).toBe(check());
  });
});

describe('strtol / strtoul', () => {
  it('follows __bpf_strtoull', () => {
    expect(strtol(enc(' -123abc'), 0n)).toEqual([5, -123n]);
    expect(strtol(enc('0x1fz'), 0n)).toEqual([4, 31n]);
    expect(strtol(enc('0xz'), 0n)).toEqual([1, 0n]);
    expect(strtol(enc('0xz'), 16n)).toEqual([-22, 0n]);
    expect(strtol(enc('077'), 0n)).toEqual([3, 63n]);
    expect(strtol(enc('-9223372036854775808'), 10n)).toEqual([20, -9223372036854775808n]);
    expect(strtol(enc('9223372036854775808'), 10n)).toEqual([-34, 0n]);
    expect(strtoul(enc('18446744073709551615'), 10n)).toEqual([20, 18446744073709551615n]);
    expect(strtoul(enc('18446744073709551616'), 10n)).toEqual([-34, 0n]);
    expect(strtoul(enc('-1'), 10n)).toEqual([-22, 0n]);
    expect(strtol(enc('   '), 0n)).toEqual([-22, 0n]);
    expect(strtol(enc('12'), 7n)).toEqual([-22, 0n]);
    expect(strtol(enc('12'), 0x2an)).toEqual([-22, 0n]);
    expect(strtol(new Uint8Array(0), 0n)).toEqual([-22, 0n]);
  });
});

describe('printf engine (bpf_bprintf_prepare + bstr_printf)', () => {
  const run = (fmt: string, args: bigint[], m = mem({})): string | number => bprintf(enc(fmt + '\0'), args, m);
  it('formats integers with flags and widths', () => {
    expect(run('%d %i %u %x %X', [-5n, 7n, -1n, 255n, 255n])).toBe('-5 7 4294967295 ff FF');
    expect(run('%ld %llu %llx', [-5n, -1n, 0x1234n])).toBe('-5 18446744073709551615 1234');
    expect(run('[%5d|%-5d|%05d|%+d|% d]', [42n, 42n, -42n, 42n, 42n])).toBe('[   42|42   |-0042|+42| 42]');
    expect(run('%%|%c|%3c', [0x41n, 0x42n])).toBe('%|A|  B');
  });
  it('reads strings and addresses fault-safe', () => {
    const m = mem({ 0x1000: enc('hi\0'), 0x2000: Uint8Array.from([192, 168, 1, 4]) });
    expect(run('%s/%s.', [0x1000n, 0x9999n], m)).toBe('hi/.');
    expect(run('%pI4 %pi4', [0x2000n, 0x2000n], m)).toBe('192.168.1.4 192.168.001.004');
    expect(run('%pI4', [0x9999n], m)).toBe('0.0.0.0');
    expect(run('%p %px', [0x10n, 0xabcn])).toBe('0000000000000010 0000000000000abc');
  });
  it('refuses what the kernel refuses', () => {
    expect(run('%d %d', [1n])).toBe(-22);
    expect(run('%.3d', [1n])).toBe(-22);
    expect(run('%q', [1n])).toBe(-22);
    expect(run('%hd', [1n])).toBe(-22);
    expect(run('%sx', [0n])).toBe(-22);
    expect(run('tab\there', [])).toBe('tab\there');
    expect(bprintf(enc('no nul'), [], mem({}))).toBe(-22);
    expect(bprintf(Uint8Array.from([0x80, 0]), [], mem({}))).toBe(-22);
  });
  it('copies strings into 512 bytes of argument room: truncated, then -ENOSPC', () => {
    const long = enc('x'.repeat(400) + '\0');
    const m = mem({ 0x1000: long });
    expect(run('%s|%s', [0x1000n, 0x1000n], m)).toBe('x'.repeat(400) + '|' + 'x'.repeat(110));
    expect(run('%s%s%s', [0x1000n, 0x1000n, 0x1000n], m)).toBe(-28);
  });
});

describe('virtual clock', () => {
  it('advances by the step on every read; jiffies start at INITIAL_JIFFIES', () => {
    const e = new HelperEnv({ startNs: 100n, stepNs: 10n, hz: 1000 });
    expect([e.readClock(), e.readClock()]).toEqual([100n, 110n]);
    expect(e.jiffiesAt(0n)).toBe(BigInt(2 ** 32 - 300 * 1000));
    expect(e.jiffiesAt(1_000_000_000n) - e.jiffiesAt(0n)).toBe(1000n);
  });
});
