// Packet pointers after helpers that move the packet (bpf_helper_changes_pkt_data): a pointer taken
// before the call faults, naming the helper; pointers re-read from the context work; legacy LD_ABS
// loads follow the moved packet; stale regions do not pile up across runs.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../runtime/isa/index.js';
import { createVm, VmFault } from '../../../runtime/vm/index.js';
import { createContext, followPacket, SkbContext, XdpContext } from '../../../runtime/context/index.js';
import { createLinuxHelpers, HelperEnv } from '../../../runtime/helpers/index.js';

function setup(progType: string, asm: string) {
  const vm = createVm({ helpers: createLinuxHelpers(), tier: 'interpreter' });
  const prog = vm.load({ insns: assemble(asm).insns, name: 'p' });
  const ctx = followPacket(createContext(vm.mem, progType), vm.st);
  const env = new HelperEnv();
  env.ctx = ctx;
  env.progType = progType;
  return { vm, prog, ctx, env };
}

const FRAME = Uint8Array.from({ length: 60 }, (_, i) => (i === 12 ? 0x08 : i === 13 ? 0x06 : i + 1));

describe('packet pointer invalidation', () => {
  const stale = `
    r6 = r1
    r7 = *(u32 *)(r1 + 0)
    r1 = r6
    r2 = -4
    call 44
    r0 = *(u8 *)(r7 + 0)
    exit`;

  it('a pointer from before bpf_xdp_adjust_head faults and names the helper', () => {
    const { vm, prog, ctx, env } = setup('xdp', stale);
    ctx.setup(FRAME);
    let err: unknown;
    try {
      vm.run(prog, { r1: ctx.r1, env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VmFault);
    expect((err as VmFault).pc).toBe(5);
    expect((err as VmFault).message).toMatch(/stale packet \(pointers into it were invalidated by bpf_xdp_adjust_head\)/);
  });

  it('pointers re-read from the context after the call work (in every run)', () => {
    const { vm, prog, ctx, env } = setup('xdp', `
      r6 = r1
      r2 = -4
      call 44
      r7 = *(u32 *)(r6 + 0)
      r8 = *(u32 *)(r6 + 4)
      r1 = r7
      r1 += 5
      if r1 > r8 goto +2
      r0 = *(u8 *)(r7 + 4)
      exit
      r0 = 99
      exit`);
    const before = vm.mem.regions().length;
    for (let i = 0; i < 50; i++) {
      ctx.setup(FRAME);
      expect(vm.run(prog, { r1: ctx.r1, env }).r0).toBe(1n);
      expect((ctx as XdpContext).result().packet.subarray(0, 5)).toEqual(Uint8Array.from([0, 0, 0, 0, 1]));
    }
    expect(vm.mem.regions().length).toBeLessThanOrEqual(before + 1);
  });

  it('LD_ABS reads the packet as moved by bpf_skb_change_head', () => {
    const { vm, prog, ctx, env } = setup('sched_cls', `
      r6 = r1
      r2 = 2
      r3 = 0
      call 43
      r0 = *(u16 *)skb[2]
      exit`);
    ctx.setup(FRAME);
    // two zero bytes pushed in front: bytes 2..3 are the old 0..1
    expect(vm.run(prog, { r1: ctx.r1, env, packet: ctx.packet }).r0).toBe(0x0102n);
    expect((ctx as SkbContext).result().packet.length).toBe(62);
  });

  it('every packet-moving helper invalidates, even when it fails', () => {
    const { vm, prog, ctx, env } = setup('xdp', stale.replace('r2 = -4', 'r2 = -1000'));
    ctx.setup(FRAME);
    expect(() => vm.run(prog, { r1: ctx.r1, env })).toThrow(/invalidated by bpf_xdp_adjust_head/);
  });
});
