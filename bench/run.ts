// `ebpfc run` throughput: a 100,000-packet capture (made here with runtime/pcap from the examples'
// traffic, addresses and ports varied) through example programs in the VM — the same path as
// `ebpfc run OBJ --pcap FILE`, capture decoding and the verdict table included — beside the kernel's
// packets/s for the same object, measured in the same run with `bpftool prog run … repeat N` on each
// distinct packet of the capture (weighted by how often it occurs). The kernel figure is its in-kernel
// loop (JIT, no syscall per packet), so it is an upper bound for what the kernel does per packet.
// VM figures are given in wall-clock time and in CPU time of this process (the machine may be busy):
// the whole command (runCli in-process: object and capture decoding, load, packet loop, table) and its
// packet loop alone (runner.run over the decoded capture on a freshly loaded object, as the command's
// loop does it). `npm run bench run-parts` breaks the packet path down further.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../bin/cli.js';
import type { CliIo } from '../bin/io.js';
import { createRunner, loadObject, updateMapHex } from '../runtime/loader/index.js';
import { decodeCapture, encodePcap } from '../runtime/pcap/index.js';
import type { BenchContext, BenchModule } from './types.js';

const ROOT = join(import.meta.dirname, '..');

/** The examples the topic runs. */
export const RUN_EXAMPLES = ['xdp_lpm_acl', 'tc_dscp_mark'] as const;

export interface Case {
  name: string;
  prog: string;
  mapUpdates: { map: string; key: string; value: string }[];
  packets: Uint8Array[];
}

export function loadCase(name: string): Case {
  const t = JSON.parse(readFileSync(join(ROOT, 'examples', `${name}.test.json`), 'utf8')) as {
    prog: string; mapUpdates?: { map: string; key: string; value: string }[]; packets: { hex: string }[];
  };
  return { name, prog: t.prog, mapUpdates: t.mapUpdates ?? [], packets: t.packets.map((p) => new Uint8Array(Buffer.from(p.hex, 'hex'))) };
}

/** A deterministic xorshift generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * `count` packets drawn from `base` (the examples' traffic, malformed packets included): IPv4 packets
 * get a varied last source-address byte and source port, so flows differ while the verdict logic sees
 * the same shapes. Returns the packets and, for the kernel figure, the index of each packet's template.
 */
export function makeTraffic(base: readonly Uint8Array[], count: number): { packets: Uint8Array[]; template: number[] } {
  const rand = rng(0x5eed);
  const packets: Uint8Array[] = [];
  const template: number[] = [];
  for (let i = 0; i < count; i++) {
    const k = Math.floor(rand() * base.length);
    const p = base[k]!.slice();
    const ipv4 = p.length >= 38 && p[12] === 0x08 && p[13] === 0x00 && (p[14]! >> 4) === 4;
    if (ipv4 && i % 2 === 1) {
      p[29] = Math.floor(rand() * 250) + 1; // source address, last byte (checksums are not checked by the programs)
      if ((p[14]! & 0xf) === 5 && (p[23] === 6 || p[23] === 17)) p[35] = Math.floor(rand() * 256); // source port, low byte
    }
    packets.push(p);
    template.push(k);
  }
  return { packets, template };
}

function memIo(files: Map<string, Uint8Array>): CliIo & { out(): string } {
  let out = '';
  return {
    stdout: (t) => void (out += t),
    stderr: () => undefined,
    readFile: (p) => files.get(p) ?? new Uint8Array(readFileSync(p)),
    writeFile: () => undefined,
    readStdin: () => '',
    stderrIsTty: false,
    out: () => out,
  };
}

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

/** Kernel packets/s over the capture's packet mix, or why it is unavailable. */
function kernelRate(c: Case, obj: string, traffic: { template: number[] }, repeat: number): number | string {
  if (process.getuid?.() !== 0) return 'not root';
  if (!has('bpftool', ['version'])) return 'no bpftool';
  if (spawnSync('mountpoint', ['-q', '/sys/fs/bpf']).status !== 0) return 'no bpffs at /sys/fs/bpf';
  const pin = mkdtempSync('/sys/fs/bpf/ebpfc-bench-run-');
  const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-bench-run-'));
  try {
    execFileSync('bpftool', ['prog', 'loadall', obj, join(pin, 'p'), 'pinmaps', join(pin, 'm')], { stdio: 'pipe' });
    for (const u of c.mapUpdates) {
      execFileSync('bpftool', ['map', 'update', 'pinned', join(pin, 'm', u.map), 'key', 'hex', ...(u.key.match(/../g) ?? []),
        'value', 'hex', ...(u.value.match(/../g) ?? [])], { stdio: 'pipe' });
    }
    const uses = new Map<number, number>();
    for (const k of traffic.template) uses.set(k, (uses.get(k) ?? 0) + 1);
    let totalNs = 0;
    let counted = 0;
    for (const [k, n] of uses) {
      const pkt = c.packets[k]!;
      const f = join(tmp, `p${k}.bin`);
      writeFileSync(f, pkt);
      let out: string;
      try {
        out = execFileSync('taskset', ['-c', '0', 'bpftool', 'prog', 'run', 'pinned', join(pin, 'p', c.prog), 'data_in', f,
          'repeat', String(repeat)], { encoding: 'utf8', stdio: 'pipe' });
      } catch {
        continue; // refused by the test run (e.g. a truncated IPv4 frame for TC): no program time to measure
      }
      const m = /duration \(average\):\s*(\d+)\s*ns/.exec(out);
      if (!m) return `unexpected bpftool output: ${out.trim()}`;
      totalNs += Number(m[1]) * n;
      counted += n;
    }
    return counted === 0 ? 'no packet the kernel runs' : 1e9 / (totalNs / counted);
  } catch (e) {
    return `bpftool failed: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    if (existsSync(pin)) rmSync(pin, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Wall-clock and CPU seconds of `fn`. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = await fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

const rate = (n: number, seconds: number): string => `${Math.round(n / seconds).toLocaleString('en-US').padStart(12)} packets/s`;

async function run(ctx: BenchContext): Promise<void> {
  const quick = ctx.args.includes('--quick');
  const count = quick ? 20_000 : 100_000;
  ctx.out(`node ${process.version}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  for (const name of RUN_EXAMPLES) {
    const c = loadCase(name);
    const obj = join(ROOT, 'test/fixtures/clang', `${name}.o`);
    const traffic = makeTraffic(c.packets, count);
    const pcap = encodePcap(traffic.packets.map((data, i) => ({ data, timestampNs: 1_700_000_000_000_000_000n + BigInt(i) * 10_000n })));
    if (decodeCapture(pcap).packets.length !== count) throw new Error('capture round trip lost packets');
    const pcapPath = join(tmpdir(), `ebpfc-bench-${name}.pcap`);
    const io = memIo(new Map([[pcapPath, pcap]]));
    const argv = ['run', obj, '--prog', c.prog, '--pcap', pcapPath, '--cpus', '2'];
    for (const u of c.mapUpdates) argv.push('--map-update', u.map, u.key, u.value);
    const whole = await timed(() => runCli(argv, io));
    if (whole.value !== 0) throw new Error(`ebpfc run failed (${whole.value}): ${io.out()}`);
    ctx.out(`== ${name}: ebpfc ${argv.slice(0, 4).join(' ')} --pcap (${count.toLocaleString('en-US')} packets, ${(pcap.length / 1e6).toFixed(1)} MB)\n`);
    ctx.out(io.out().split('\n').filter((l) => l.startsWith('  ')).map((l) => `  ${l}\n`).join(''));
    // the packet loop alone: a fresh object (so the program's compiled code starts cold, as in the command)
    const loaded = loadObject(new Uint8Array(readFileSync(obj)), { cpus: 2 });
    for (const u of c.mapUpdates) updateMapHex(loaded, u.map, u.key, u.value);
    const runner = createRunner(loaded, loaded.program(c.prog));
    const decoded = decodeCapture(pcap).packets;
    const loop = await timed(() => {
      for (const p of decoded) runner.run(p.data, false);
    });
    const k = kernelRate(c, obj, traffic, quick ? 10_000 : 100_000);
    ctx.out(`  VM packet loop (runner.run):    ${rate(count, loop.wall)} wall, ${rate(count, loop.cpu)} CPU\n`);
    ctx.out(`  VM whole command (ebpfc run):   ${rate(count, whole.wall)} wall, ${rate(count, whole.cpu)} CPU\n`);
    ctx.out(`  kernel (bpftool prog run, JIT): ${typeof k === 'number' ? rate(1, 1 / k) : `unavailable: ${k}`}\n`);
  }
}

export const runBench: BenchModule = {
  name: 'run',
  description: '100,000-packet capture through examples with ebpfc run, beside the kernel',
  run,
};
