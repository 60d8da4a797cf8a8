// Where the time of `ebpfc run`'s packet path goes, part by part, in steady state (after a warm-up;
// fastest of several rounds, CPU time of this process so a busy machine distorts less):
//   - capture decoding (runtime/pcap) per packet,
//   - context setup per packet (runtime/context trySetup: XDP and TC) on the bench capture's packets,
//   - one helper call per map operation (runtime/helpers + runtime/maps through the VM's helper
//     interface): bench/helper_calls.bpf.c, built now with clang-16, makes 16 calls per run; the run of
//     its call-free program is subtracted,
//   - runner.run per packet for the `run` topic's examples (context, VM, helpers, maps: the packet loop
//     of `ebpfc run` without the command around it).
// `--quick` shortens every measurement.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../runtime/context/index.js';
import { createRunner, loadObject, updateMapHex, type LoadedObject } from '../runtime/loader/index.js';
import { decodeCapture, encodePcap } from '../runtime/pcap/index.js';
import { createVm } from '../runtime/vm/index.js';
import { loadCase, makeTraffic, RUN_EXAMPLES } from './run.js';
import type { BenchContext, BenchModule } from './types.js';

const ROOT = join(import.meta.dirname, '..');
const CALLS = 16;

/** CPU nanoseconds per item of the fastest of `rounds` rounds of `fn` (which handles `items` items). */
function cpuNsPer(items: number, rounds: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, ((c.user + c.system) * 1000) / items);
  }
  return best;
}

const fmt = (ns: number): string => `${ns.toFixed(0).padStart(7)} ns`;

function helperObject(): Uint8Array | string {
  if (spawnSync('clang-16', ['--version'], { stdio: 'ignore' }).status !== 0) return 'no clang-16';
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-bench-helpers-'));
  try {
    const out = join(dir, 'helper_calls.o');
    execFileSync('clang-16', ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c',
      join(import.meta.dirname, 'helper_calls.bpf.c'), '-o', out]);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fillHelperMaps(obj: LoadedObject): void {
  const u32 = (v: number): string => Buffer.from(Uint32Array.of(v).buffer).toString('hex');
  const u64 = (v: number): string => Buffer.from(BigUint64Array.of(BigInt(v)).buffer).toString('hex');
  for (let k = 0; k < 48; k++) updateMapHex(obj, 'hash', u32(k), u64(k));
  for (let k = 0; k < 4; k++) updateMapHex(obj, 'pcpu_hash', u32(k), u64(k).repeat(obj.env.ncpus));
  for (let k = 0; k < 16; k++) updateMapHex(obj, 'lpm', `${u32(24)}0a00${k.toString(16).padStart(2, '0')}00`, u64(k));
  updateMapHex(obj, 'lpm', `${u32(8)}0a000000`, u64(99));
}

async function run(ctx: BenchContext): Promise<void> {
  const quick = ctx.args.includes('--quick');
  const rounds = quick ? 3 : 7;
  const count = quick ? 20_000 : 100_000;

  const xdp = loadCase('xdp_lpm_acl');
  const traffic = makeTraffic(xdp.packets, count);
  const pcap = encodePcap(traffic.packets.map((data, i) => ({ data, timestampNs: 1_700_000_000_000_000_000n + BigInt(i) * 10_000n })));
  ctx.out(`capture decoding (pcap, ${count.toLocaleString('en-US')} packets):  ${fmt(cpuNsPer(count, rounds, () => decodeCapture(pcap)))} per packet\n`);

  const packets = traffic.packets;
  for (const type of ['xdp', 'sched_cls']) {
    const vm = createVm();
    const c = createContext(vm.mem, type);
    const ns = cpuNsPer(packets.length, rounds, () => {
      for (const p of packets) c.trySetup(p);
    });
    ctx.out(`context setup (${type.padEnd(9)}):                    ${fmt(ns)} per packet\n`);
  }

  const hc = helperObject();
  if (typeof hc === 'string') ctx.out(`helper calls: unavailable (${hc})\n`);
  else {
    const obj = loadObject(hc, { cpus: 2 });
    fillHelperMaps(obj);
    const pkt = Uint8Array.from({ length: 64 }, (_, i) => (i * 7) & 0xff);
    const perRun = (name: string): number => {
      const runner = createRunner(obj, obj.program(name));
      const n = quick ? 20_000 : 200_000;
      return cpuNsPer(n, rounds, () => {
        for (let i = 0; i < n; i++) {
          pkt[0] = i & 0xff;
          runner.run(pkt, false);
        }
      });
    };
    const empty = perRun('none');
    ctx.out(`runner.run of a program without calls:       ${fmt(empty)} per run\n`);
    for (const name of ['array_lookup', 'percpu_array_lookup', 'hash_lookup', 'lpm_lookup', 'hash_update', 'percpu_hash_update_full']) {
      ctx.out(`helper call, ${name.padEnd(24)}:       ${fmt((perRun(name) - empty) / CALLS)} per call\n`);
    }
  }

  for (const name of RUN_EXAMPLES) {
    const c = loadCase(name);
    const obj = loadObject(new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/clang', `${name}.o`))), { cpus: 2 });
    for (const u of c.mapUpdates) updateMapHex(obj, u.map, u.key, u.value);
    const runner = createRunner(obj, obj.program(c.prog));
    const t = makeTraffic(c.packets, count).packets;
    const ns = cpuNsPer(t.length, rounds, () => {
      for (const p of t) runner.run(p, false);
    });
    ctx.out(`runner.run, ${name.padEnd(13)} (warm):           ${fmt(ns)} per packet (${Math.round(1e9 / ns).toLocaleString('en-US')} packets/s)\n`);
  }
}

export const runPartsBench: BenchModule = {
  name: 'run-parts',
  description: "the parts of ebpfc run's packet path in steady state: capture decoding, context setup, helper calls, runner.run",
  run,
};
