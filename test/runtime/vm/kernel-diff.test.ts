// VM vs kernel on the same objects and packets: map-free XDP programs built by clang-16 (parse_bench
// ×1, with checksum, ×64; an arithmetic mix writing 64-bit results into the packet; an in-place packet
// rewriter) run on 188 packets (the examples' packets, the bench packet, seeded random frames). The
// kernel's results (BPF_PROG_TEST_RUN through bpftool, recorded by fixtures/diff/record.ts) are
// compared everywhere; with root and bpftool the kernel is also run live and compared. Return values
// and the output packets must be identical, in both tiers. (Examples that need maps and helpers run
// through the loader, which builds on this.)
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeObject } from '../../../runtime/object/index.js';
import { createVm, createXdpEnv, VmFault } from '../../../runtime/vm/index.js';
import type { Tier } from '../../../runtime/vm/index.js';
import { canUseKernel } from '../../helpers/tools.js';
import { runInKernel, type PacketResult } from '../../helpers/kernel.js';
import { DIFF_PROGRAMS } from './fixtures/diff/programs.js';

const DIR = join(import.meta.dirname, 'fixtures/diff');
const PACKETS = JSON.parse(readFileSync(join(DIR, 'packets.json'), 'utf8')) as { name: string; hex: string }[];

/** Runs every packet through the VM, one loaded instance per program, in order. */
function runVm(objPath: string, tier: Tier): PacketResult[] {
  const spec = decodeObject(new Uint8Array(readFileSync(objPath)));
  const sec = spec.programs.find((p) => p.name === 'xdp');
  if (sec === undefined) throw new Error(`${objPath}: no xdp section`);
  const vm = createVm({ tier });
  const prog = vm.load({ insns: sec.insns, name: sec.functions[0]?.name ?? 'xdp' });
  const env = createXdpEnv(vm.mem);
  return PACKETS.map((p) => {
    const bytes = Uint8Array.from(Buffer.from(p.hex, 'hex'));
    // BPF_PROG_TEST_RUN refuses XDP frames shorter than an Ethernet header
    if (bytes.length < 14) return { error: 'EINVAL' };
    env.setPacket(bytes);
    try {
      const r = vm.run(prog, { r1: env.ctx.start });
      return { retval: Number(r.r0 & 0xffffffffn), packet: Buffer.from(env.packetBytes()).toString('hex') };
    } catch (e) {
      if (e instanceof VmFault) return { error: e.message };
      throw e;
    }
  });
}

function compare(vm: PacketResult[], kernel: PacketResult[], indexes = kernel.map((_, i) => i)): string[] {
  const diffs: string[] = [];
  kernel.forEach((k, j) => {
    const i = indexes[j]!;
    const v = vm[i]!;
    const same = 'error' in k ? 'error' in v : !('error' in v) && v.retval === k.retval && v.packet === k.packet;
    if (!same && diffs.length < 5) diffs.push(`${PACKETS[i]!.name}: vm ${JSON.stringify(v)} kernel ${JSON.stringify(k)}`);
  });
  return diffs;
}

describe('VM vs kernel (recorded)', () => {
  for (const p of DIFF_PROGRAMS) {
    it(p.name, () => {
      const recorded = (JSON.parse(readFileSync(join(DIR, `${p.name}.kernel.json`), 'utf8')) as { results: PacketResult[] }).results;
      expect(recorded.length).toBe(PACKETS.length);
      expect(recorded.filter((r) => 'retval' in r).length).toBeGreaterThan(150);
      for (const tier of ['interpreter', 'compiled'] as const) {
        expect(compare(runVm(join(DIR, `${p.name}.o`), tier), recorded), tier).toEqual([]);
      }
    });
  }
});

describe('VM vs kernel (live)', () => {
  for (const p of DIFF_PROGRAMS) {
    it.skipIf(!canUseKernel())(p.name, async () => {
      // every third packet (one bpftool process per packet; the recorded test covers them all)
      const obj = join(DIR, `${p.name}.o`);
      const indexes = PACKETS.map((_, i) => i).filter((i) => i % 3 === 0);
      const live = await runInKernel(obj, { prog: p.prog, packets: indexes.map((i) => PACKETS[i]!) });
      expect(live.results.filter((r) => 'retval' in r).length).toBeGreaterThan(50);
      expect(compare(runVm(obj, 'compiled'), live.results, indexes)).toEqual([]);
    });
  }
});
