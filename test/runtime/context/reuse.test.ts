// A context reused packet after packet must behave as a fresh one: setup() clears only the part of the
// packet slot earlier runs may have written (windows, metadata, moved packets), so a program that grows
// the packet into the head room, the metadata area or the tail room after a run that wrote there must
// still find what a brand-new context holds. Each step runs on one long-lived context and on a fresh
// context in the same VM; return values and data_out must agree. (The TC helpers zero what they expose
// themselves, so there the test guards the rest of the per-run state; XDP's adjust_head / adjust_meta
// show the slot as it is.)
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../runtime/isa/index.js';
import { createVm, type Program, type Vm } from '../../../runtime/vm/index.js';
import { createContext, followPacket, type ProgramContext } from '../../../runtime/context/index.js';
import { createLinuxHelpers, helperId, HelperEnv } from '../../../runtime/helpers/index.js';

const id = (name: string): number => helperId(name)!;

/** Stores 0xaa… over the first 48 bytes from data (when the packet is that long), then `tail`. */
const scribble = (tail: string): string => `
  r6 = r1
  r7 = *(u32 *)(r1 + DATA)
  r8 = *(u32 *)(r1 + END)
  r1 = r7
  r1 += 48
  if r1 > r8 goto +7
  r2 = -6148914691236517206 ll
  *(u64 *)(r7 + 0) = r2
  *(u64 *)(r7 + 8) = r2
  *(u64 *)(r7 + 16) = r2
  *(u64 *)(r7 + 24) = r2
  *(u64 *)(r7 + 32) = r2
  *(u64 *)(r7 + 40) = r2
  r1 = r6
  ${tail}
  r0 = 2
  exit`;

const XDP_PROGS = {
  /** head room, metadata and tail room brought into the packet */
  grow: `
    r6 = r1
    r2 = -64
    call ${id('xdp_adjust_head')}
    r1 = r6
    r2 = -32
    call ${id('xdp_adjust_meta')}
    r1 = r6
    r2 = 200
    call ${id('xdp_adjust_tail')}
    r0 = 2
    exit`,
  /** writes, then gives up the front of the packet */
  scribbleShrink: scribble(`r2 = 14\n  call ${id('xdp_adjust_head')}`),
  /** writes only */
  scribble: scribble(''),
  /** moves data into the head room, then writes there */
  growScribble: `
    r6 = r1
    r2 = -64
    call ${id('xdp_adjust_head')}
    r1 = r6
  ` + scribble('').replace('r6 = r1', ''),
};

const TC_PROGS = {
  grow: `
    r6 = r1
    r2 = 32
    r3 = 0
    call ${id('skb_change_head')}
    r1 = r6
    r2 = 16
    r3 = 1
    r4 = 0
    call ${id('skb_adjust_room')}
    r1 = r6
    r2 = *(u32 *)(r6 + 0)
    r2 += 100
    r3 = 0
    call ${id('skb_change_tail')}
    r0 = 0
    exit`,
  scribbleShrink: scribble(`r2 = -20\n  r3 = 1\n  r4 = 0\n  call ${id('skb_adjust_room')}`),
  scribble: scribble(''),
  growScribble: `
    r6 = r1
    r2 = 64
    r3 = 0
    call ${id('skb_change_head')}
    r1 = r6
  ` + scribble('').replace('r6 = r1', ''),
};

interface Rig {
  vm: Vm;
  progs: Record<string, Program>;
  env: HelperEnv;
}

function rig(progType: string, progs: Record<string, string>, data: number, end: number): Rig {
  const vm = createVm({ helpers: createLinuxHelpers(), tier: 'interpreter' });
  const env = new HelperEnv();
  env.progType = progType;
  const loaded: Record<string, Program> = {};
  for (const [name, asm] of Object.entries(progs)) {
    loaded[name] = vm.load({ insns: assemble(asm.replaceAll('DATA', String(data)).replaceAll('END', String(end))).insns, name });
  }
  return { vm, progs: loaded, env };
}

function runOn(r: Rig, ctx: ProgramContext, prog: string, packet: Uint8Array, ctxIn?: Uint8Array): { r0: bigint; dataOut: string } {
  ctx.setup(packet, ctxIn);
  r.env.ctx = ctx;
  const { r0 } = r.vm.run(r.progs[prog]!, { r1: ctx.r1, env: r.env, packet: ctx.packet });
  return { r0, dataOut: Buffer.from(ctx.result().dataOut).toString('hex') };
}

/** Deterministic packets: an Ethernet/IPv4 header and `n` bytes of 0xff-ish payload. */
function packet(n: number, fill: number): Uint8Array {
  const p = new Uint8Array(n).fill(fill);
  if (n >= 14) {
    p[12] = 0x08;
    p[13] = 0x00;
  }
  if (n >= 15) p[14] = 0x45;
  return p;
}

function xdpMd(meta: number, end: number): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, meta, true);
  v.setUint32(4, end, true);
  return b;
}

describe('reused contexts', () => {
  const steps: [string, number, number, boolean][] = [
    ['scribble', 1400, 0xff, false],
    ['grow', 60, 0xee, false],
    ['scribbleShrink', 200, 0xdd, true],
    ['grow', 40, 0xcc, false],
    ['grow', 100, 0xbb, true],
    ['scribble', 3000, 0xaa, false],
    ['grow', 20, 0x99, false],
    ['scribbleShrink', 90, 0x88, false],
    ['grow', 14, 0x77, false],
    ['scribble', 5000, 0x66, false],
    ['grow', 70, 0x55, false],
    ['growScribble', 80, 0x44, false],
    ['grow', 30, 0x33, false],
    ['growScribble', 64, 0x22, true],
    ['grow', 16, 0x11, false],
  ];

  it('XDP: every run sees what a fresh context gives (head room, metadata, tail room, fragments)', () => {
    const r = rig('xdp', XDP_PROGS, 0, 4);
    const reused = followPacket(createContext(r.vm.mem, 'xdp'), r.vm.st);
    for (const [prog, len, fill, withMeta] of steps) {
      const p = packet(len, fill);
      const ctxIn = withMeta ? xdpMd(32, Math.min(len, 3000)) : undefined;
      const fresh = followPacket(createContext(r.vm.mem, 'xdp'), r.vm.st);
      expect(runOn(r, reused, prog, p, ctxIn), `${prog} on ${len} bytes`).toEqual(runOn(r, fresh, prog, p, ctxIn));
      fresh.dispose();
    }
  });

  it('TC: every run sees what a fresh context gives (change_head, adjust_room, change_tail)', () => {
    const r = rig('sched_cls', TC_PROGS, 76, 80);
    const reused = followPacket(createContext(r.vm.mem, 'sched_cls'), r.vm.st);
    for (const [prog, len, fill] of steps) {
      const p = packet(Math.min(len, 3000), fill);
      if (p.length < 34) continue; // the TC test run refuses IPv4 frames without a whole header
      const fresh = followPacket(createContext(r.vm.mem, 'sched_cls'), r.vm.st);
      expect(runOn(r, reused, prog, p), `${prog} on ${p.length} bytes`).toEqual(runOn(r, fresh, prog, p));
      fresh.dispose();
    }
  });
});
