// `ebpfc run` output: per-packet verdict names, the JSON lines of the command-line contract, captures
// (summary table, --out pcap), --repeat, --trace with source lines and --dump-maps through BTF. Expected
// packets and return values come from the kernel's recorded runs (examples/*.kernel.json).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { verdictName } from '../../bin/run-format.js';
import { BPF_PROG_TYPE } from '../../runtime/object/index.js';
import { decodeCapture, encodePcap, encodePcapng } from '../../runtime/pcap/index.js';
import type { KernelRun, RunCase } from '../helpers/kernel.js';
import { memoryIo } from '../helpers/io.js';

const ROOT = join(import.meta.dirname, '../..');
const ECHO = join(ROOT, 'test/fixtures/clang/xdp_icmp_echo.o');
const echoCase = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_icmp_echo.test.json'), 'utf8')) as RunCase;
const echoKernel = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_icmp_echo.kernel.json'), 'utf8')) as KernelRun;
const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const hexOf = (i: number): string => echoCase.packets[i]!.hex;

describe('ebpfc run', () => {
  it('prints one JSON object per packet, as the contract says, matching the kernel', async () => {
    const args = echoCase.packets.flatMap((p) => ['--packet', p.hex]);
    const r = await cli('run', ECHO, '--json', ...args);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(echoKernel.results.length);
    lines.forEach((l, i) => {
      const k = echoKernel.results[i]!;
      if ('error' in k) expect(Object.keys(l)).toEqual(['error']);
      else expect(l).toEqual(k);
    });
  });

  it('names verdicts and shows changed packets in its human output', async () => {
    const r = await cli('run', ECHO, '--packet', hexOf(0), '--packet', hexOf(2), '--packet', '0011');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('xdp_icmp_echo (xdp, section xdp): 3 packets on CPU 0 of 1');
    const reply = (echoKernel.results[0] as { packet: string }).packet;
    expect(lines[1]).toBe(`  #1  XDP_TX         ${hexOf(0).length / 2} → ${reply.length / 2} bytes, changed: ${reply.slice(0, 128)}`);
    expect(lines[2]).toBe(`  #2  XDP_PASS       ${hexOf(2).length / 2} bytes`);
    expect(lines[3]).toBe('  #3  test run refused: xdp context: packet of 2 bytes is shorter than an Ethernet header (the kernel\'s test run fails with EINVAL)');
  });

  it('runs a capture: summary table and the packets after the run in a pcap (--out)', async () => {
    const packets = echoCase.packets.map((p, i) => ({ data: new Uint8Array(Buffer.from(p.hex, 'hex')), timestampNs: 1_000_000_000n * BigInt(i + 1) }));
    const io = memoryIo();
    const inPath = join(tmp, 'in.pcapng');
    const outPath = join(tmp, 'out.pcap');
    io.writeFile(inPath, encodePcapng([{ linkType: 1 }], packets.map((p) => ({ ...p, interfaceId: 0 }))));
    const code = await runCli(['run', ECHO, '--pcap', inPath, '--out', outPath], io);
    expect(code).toBe(0);
    const expected = new Map<string, number>();
    for (const k of echoKernel.results) {
      const label = 'error' in k ? 'refused by the test run' : verdictName(BPF_PROG_TYPE.BPF_PROG_TYPE_XDP, k.retval);
      expected.set(label, (expected.get(label) ?? 0) + 1);
    }
    const table = io.out().split('\n').filter((l) => /^ {2}\S/.test(l) && !/runs in|wrote/.test(l));
    expect(table[0]).toMatch(/^ {2}verdict\s+packets\s+%$/);
    const rows = new Map(table.slice(1).map((l) => {
      const m = /^ {2}(.+?)\s{2,}([\d,]+)\s+([\d.]+)$/.exec(l)!;
      return [m[1]!, Number(m[2]!.replace(/,/g, ''))] as const;
    }));
    expect(rows).toEqual(expected);
    expect(io.out()).toMatch(/packets\/s/);
    const out = decodeCapture(new Uint8Array(readFileSync(outPath)));
    const ran = echoKernel.results.flatMap((k, i) => ('error' in k ? [] : [{ hex: k.packet, ts: packets[i]!.timestampNs }]));
    expect(out.packets.map((p) => Buffer.from(p.data).toString('hex'))).toEqual(ran.map((x) => x.hex));
    expect(out.packets.map((p) => p.timestampNs)).toEqual(ran.map((x) => x.ts));
  });

  it('writes XDP frames without their metadata to --out and --json, which gives the metadata as `meta`', async () => {
    const c = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_ipip_encap.test.json'), 'utf8')) as RunCase;
    const k = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_ipip_encap.kernel.json'), 'utf8')) as KernelRun;
    const kernelOut = (k.results[0] as { packet: string }).packet;
    expect(kernelOut.slice(0, 8)).toBe('0df0edfe'); // the 4 metadata bytes the program wrote (0xfeedf00d)
    const outPath = join(tmp, 'encap.pcap');
    const r = await cli('run', join(ROOT, 'test/fixtures/clang/xdp_ipip_encap.o'), '--json', '--packet', c.packets[0]!.hex, '--out', outPath);
    const kr = k.results[0] as { retval: number; packet: string };
    expect(JSON.parse(r.out)).toEqual({ retval: kr.retval, packet: kernelOut.slice(8), meta: kernelOut.slice(0, 8) });
    const frames = decodeCapture(new Uint8Array(readFileSync(outPath))).packets;
    expect(frames.map((p) => Buffer.from(p.data).toString('hex'))).toEqual([kernelOut.slice(8)]);
  });

  it('reports the last of --repeat runs', async () => {
    const r = await cli('run', ECHO, '--json', '--repeat', '3', '--packet', hexOf(0));
    expect(JSON.parse(r.out)).toEqual(echoKernel.results[0]);
  });

  it('traces instructions with registers and source lines', async () => {
    const r = await cli('run', ECHO, '--trace', '--packet', hexOf(0));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toContain('# packet 1');
    expect(lines.some((l) => /^; registers: r1=0x[0-9a-f]+ r10=0x[0-9a-f]+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^; .*xdp_icmp_echo\.bpf\.c:\d+ {2}\S/.test(l))).toBe(true);
    expect(lines.some((l) => /^xdp_icmp_echo\+0: r0 = 2 +r0=0x2$/.test(l))).toBe(true);
    expect(lines.some((l) => /^xdp_icmp_echo\+\d+: exit +→ return 3$/.test(l))).toBe(true);
  });

  it('keeps stdout to the JSON lines when --json and --trace are combined (the trace goes to stderr)', async () => {
    const r = await cli('run', ECHO, '--trace', '--json', '--packet', hexOf(0));
    expect(JSON.parse(r.out)).toEqual(echoKernel.results[0]);
    expect(r.err).toMatch(/^# packet 1\n; registers: /);
  });

  it('prints the maps of an object without any (and with --json an empty maps line)', async () => {
    expect((await cli('run', ECHO, '--dump-maps', '--json', '--packet', hexOf(0))).out.trimEnd().split('\n').pop()).toBe('{"maps":{}}');
  });

  it('prints maps through BTF and bpf_printk lines on stderr', async () => {
    const c = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_global_data.test.json'), 'utf8')) as RunCase;
    const r = await cli('run', join(ROOT, 'test/fixtures/clang/xdp_global_data.o'), '--dump-maps', ...c.packets.flatMap((p) => ['--packet', p.hex]));
    expect(r.code).toBe(0);
    // the kernel's final .bss is 16000000 00000000 | 12000000 03000000 00000000 01000000 | 11000000 00000000
    expect(r.out).toContain('.bss (global data, key 4 B, value 32 B, max_entries 1): 1 entry\n' +
      '  {.total_packets = 22, .size_class = {18, 3, 0, 1}, .short_packets = 17}\n');
    expect(r.out).toContain('  {.min_len = 60, .sample_every = 4, .xdp_global.____fmt = "short packet: %u bytes"}\n');
    const short = c.packets.map((p) => p.hex.length / 2).filter((n) => n >= 14 && n < 60);
    expect(r.err).toBe(short.map((n) => `bpf_trace_printk: short packet: ${n} bytes\n`).join(''));
  });

  it('reads classic pcap too', async () => {
    const inPath = join(tmp, 'in.pcap');
    memoryIo().writeFile(inPath, encodePcap([{ data: new Uint8Array(Buffer.from(hexOf(0), 'hex')) }]));
    const r = await cli('run', ECHO, '--pcap', inPath);
    expect(r.out).toMatch(/^ {2}XDP_TX\s+1\s+100\.0$/m);
  });
});
