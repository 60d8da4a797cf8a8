// runtime/pcap against independent references: capture files written by python3's struct module from
// the pcap/pcapng specifications (make_captures.py, which also describes their expected contents), and
// tcpdump/libpcap reading those files and ours, and rewriting captures. Skipped when the tool is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture, encodePcap, type Capture } from '../../../runtime/pcap/index.js';
import { hasTool } from '../../helpers/tools.js';

interface Described {
  file: string;
  tcpdump: boolean;
  linktypes: number[];
  packets: { ts_ns: number | string; orig: number; data: string; iface: number }[];
}

const hasPython = hasTool('python3');
const hasTcpdump = spawnSync('tcpdump', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'ebpfc-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function described(): Described[] {
  if (!hasPython) return [];
  const script = fileURLToPath(new URL('./make_captures.py', import.meta.url));
  // ts_ns values exceed 2^53: quote them before JSON.parse
  const out = spawnSync('python3', [script, dir], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.replace(/"ts_ns": (\d+)/g, '"ts_ns": "$1"')) as Described[];
}
const files = described();

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** tcpdump -r FILE -tt (nanoseconds) -xx: [timestamp ns, captured bytes hex] per packet. */
function tcpdumpRead(file: string): [bigint, string][] {
  const r = spawnSync('tcpdump', ['-r', file, '-nn', '-tt', '--time-stamp-precision=nano', '-xx'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const out: [bigint, string][] = [];
  for (const line of r.stdout.split('\n')) {
    const ts = /^(\d+)\.(\d{9}) /.exec(line);
    if (ts) out.push([BigInt(ts[1]!) * 1_000_000_000n + BigInt(ts[2]!), '']);
    const hx = /^\s+0x[0-9a-f]+:\s+((?:[0-9a-f]{2,4} ?)+)/.exec(line);
    if (hx && out.length) out[out.length - 1]![1] += hx[1]!.replace(/\s/g, '');
  }
  return out;
}

function ours(file: string): Capture {
  return decodeCapture(new Uint8Array(readFileSync(join(dir, file))));
}

describe('captures written with python struct per the specifications', () => {
  it.skipIf(!hasPython)('were generated', () => expect(files.length).toBeGreaterThanOrEqual(7));
  for (const f of files) {
    it(f.file, () => {
      const cap = ours(f.file);
      expect(cap.interfaces.map((i) => i.linkType)).toEqual(f.linktypes);
      expect(cap.packets.map((p) => ({ ts_ns: p.timestampNs.toString(), orig: p.originalLength, data: hex(p.data), iface: p.interfaceId }))).toEqual(
        f.packets.map((p) => ({ ...p, ts_ns: String(p.ts_ns) })),
      );
    });
  }
});

describe('tcpdump (libpcap) as reference', () => {
  for (const f of files.filter((x) => x.tcpdump)) {
    it.skipIf(!hasTcpdump)(`reads ${f.file} as we do`, () => {
      const cap = ours(f.file);
      expect(cap.packets.map((p) => [p.timestampNs, hex(p.data)])).toEqual(tcpdumpRead(join(dir, f.file)));
    });
  }

  for (const [le, nano] of [[true, false], [false, true], [true, true]] as const) {
    it.skipIf(!hasTcpdump)(`reads what we write (${le ? 'LE' : 'BE'}, ${nano ? 'ns' : 'µs'})`, () => {
      const ps = [0, 1, 2, 3].map((i) => ({
        data: new Uint8Array(40 + i * 13).map((_, k) => (k * 5 + i) & 0xff),
        timestampNs: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_123_457n,
      }));
      const file = join(dir, `ours-${le}-${nano}.pcap`);
      writeFileSync(file, encodePcap(ps, { littleEndian: le, nanosecond: nano }));
      const scale = nano ? 1n : 1000n;
      expect(tcpdumpRead(file)).toEqual(ps.map((p) => [(p.timestampNs / scale) * scale, hex(p.data)]));
    });
  }

  it.skipIf(!hasTcpdump || !hasPython)('libpcap rewrites of the reference captures decode to the same packets', () => {
    for (const f of files.filter((x) => x.tcpdump && x.packets.length)) {
      const out = join(dir, `rewritten-${f.file}.pcap`);
      const r = spawnSync('tcpdump', ['-r', join(dir, f.file), '-w', out, '--time-stamp-precision=nano']);
      expect(r.status).toBe(0);
      const a = ours(f.file);
      const b = decodeCapture(new Uint8Array(readFileSync(out)));
      expect(b.format).toBe('pcap');
      expect(b.packets.map((p) => [p.timestampNs, hex(p.data), p.originalLength])).toEqual(
        a.packets.map((p) => [p.timestampNs, hex(p.data), p.originalLength]),
      );
    }
  });
});
