// Differential test against the kernel: encode(decode(clang object)) must load with bpftool (libbpf) and
// give the same return values, output packets and map contents as the clang object on a few packets.
// Skipped without root, bpftool and bpffs.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeObject, encodeObject, entryPrograms } from '../../../runtime/object/index.js';
import { BPFTOOL, canUseKernel, hasTool, run, withBpffsDir } from '../../helpers/tools.js';
import { bpfObjects } from './fixtures.js';
import { dumpMap } from '../../helpers/kernel.js';


/** A few packets touching what the examples look at: IPv4 UDP/TCP/ICMP, IPv6 UDP, ARP. */
function packets(): Uint8Array[] {
  const ipv4 = (proto: number, l4: number[]): number[] => {
    const total = 20 + l4.length;
    return [0x45, 0x28, total >> 8, total & 0xff, 0, 1, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, ...l4];
  };
  const eth = (type: number): number[] => [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, type >> 8, type & 0xff];
  const udp = (dport: number): number[] => [0x30, 0x39, dport >> 8, dport & 0xff, 0, 16, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];
  const tcp = (dport: number): number[] => [0x30, 0x39, dport >> 8, dport & 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 2, 0xff, 0xff, 0, 0, 0, 0];
  const icmpEcho = [8, 0, 0xf7, 0xfe, 0, 1, 0, 1, 0x61, 0x62, 0x63, 0x64];
  const ipv6 = [0x60, 0, 0, 0, 0, 16, 17, 64, ...new Array<number>(15).fill(0), 1, ...new Array<number>(15).fill(0), 2, ...udp(53)];
  const arp = [0, 1, 8, 0, 6, 4, 0, 1, ...new Array<number>(20).fill(7)];
  return [
    [...eth(0x0800), ...ipv4(17, udp(53))],
    [...eth(0x0800), ...ipv4(6, tcp(22))],
    [...eth(0x0800), ...ipv4(1, icmpEcho)],
    [...eth(0x86dd), ...ipv6],
    [...eth(0x0806), ...arp],
    [...eth(0x0800), ...ipv4(17, udp(53))],
  ].map((p) => new Uint8Array(p));
}

/** bpftool pinned to CPU 0, so per-CPU map values land in a known slot. */
function bpftoolOnCpu0(args: string[]): string {
  return hasTool('taskset') ? run('taskset', ['-c', '0', BPFTOOL, ...args]) : run(BPFTOOL, args);
}

interface Outcome {
  runs: string[];
  maps: Record<string, unknown>;
}

function runObject(objPath: string, pinDir: string, progs: string[], mapNames: string[], work: string): Outcome {
  mkdirSync(pinDir);
  run(BPFTOOL, ['prog', 'loadall', objPath, join(pinDir, 'p'), 'pinmaps', join(pinDir, 'm')]);
  const runs: string[] = [];
  packets().forEach((pkt, i) => {
    const input = join(work, `in${i}.bin`);
    const output = join(work, `out${i}.bin`);
    writeFileSync(input, pkt);
    for (const prog of progs) {
      rmSync(output, { force: true });
      const text = bpftoolOnCpu0(['prog', 'run', 'pinned', join(pinDir, 'p', prog), 'data_in', input, 'data_out', output, 'repeat', '1']);
      const ret = /Return value: (\d+)/.exec(text)?.[1];
      runs.push(`${prog} #${i}: ret ${ret} out ${Buffer.from(readFileSync(output)).toString('hex')}`);
    }
  });
  const maps: Record<string, unknown> = {};
  for (const m of mapNames) {
    if (!readdirSync(join(pinDir, 'm')).includes(m)) continue;
    // the shared dumper sorts hash maps by key and knows the map types bpftool cannot dump
    maps[m] = dumpMap(join(pinDir, 'm', m));
  }
  return { runs, maps };
}

describe.skipIf(!canUseKernel())('encode(decode(clang object)) in the kernel', () => {
  it.each(bpfObjects.filter((p) => !p.endsWith('minimal.o')).map((p) => [basename(p), p]))(
    '%s loads with bpftool and behaves like the clang object',
    async (_, path) => {
      const spec = decodeObject(new Uint8Array(readFileSync(path)));
      const progs = entryPrograms(spec).map((e) => e.fn.name);
      const mapNames = spec.maps.filter((m) => m.type !== 3 && m.type !== 12 && m.type !== 13).map((m) => m.name);
      const work = mkdtempSync(join(tmpdir(), 'ebpfc-kernel-'));
      try {
        // same file name in two directories: libbpf names internal maps after the object file
        mkdirSync(join(work, 'clang'));
        mkdirSync(join(work, 'ours'));
        writeFileSync(join(work, 'clang', 'obj.o'), readFileSync(path));
        writeFileSync(join(work, 'ours', 'obj.o'), encodeObject(spec));
        await withBpffsDir((dir) => {
          const ref = runObject(join(work, 'clang', 'obj.o'), join(dir, 'clang'), progs, mapNames, work);
          const ours = runObject(join(work, 'ours', 'obj.o'), join(dir, 'ours'), progs, mapNames, work);
          expect(ours.runs).toEqual(ref.runs);
          expect(ours.maps).toEqual(ref.maps);
          expect(ref.runs.length).toBeGreaterThan(0);
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
