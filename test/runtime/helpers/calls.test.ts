// Helper calls in the VM without a compiler: hand-assembled programs against maps created directly.
// Covers what the kernel runs cannot show through bpftool: perf event records (with the BPF_F_CTXLEN
// payload), ring buffer records as a consumer reads them, trace_printk lines, and the faults for
// helpers a program type may not call, GPL-only helpers, a wrong context and unknown ids.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../runtime/isa/index.js';
import { createVm, PERM, REGION_KIND, VmFault, type Vm } from '../../../runtime/vm/index.js';
import { BPF_MAP_TYPE, createMap, PerfEventArrayMap, RingbufMap, vmMapMemory, type BpfMap, type MapEnv } from '../../../runtime/maps/index.js';
import { createContext, SkbContext } from '../../../runtime/context/index.js';
import { createLinuxHelpers, HelperEnv } from '../../../runtime/helpers/index.js';

const FRAME = Uint8Array.from({ length: 64 }, (_, i) => (i === 12 ? 0x08 : i === 13 ? 0x06 : i));

function world(progType = 'xdp') {
  const vm = createVm({ helpers: createLinuxHelpers(), tier: 'interpreter' });
  const menv: MapEnv = { memory: vmMapMemory(vm.mem), ncpus: 2, cpu: 0 };
  const ctx = createContext(vm.mem, progType);
  ctx.setup(FRAME);
  const env = new HelperEnv({ maps: menv, startNs: 5000n, stepNs: 7n });
  env.ctx = ctx;
  env.progType = progType;
  env.gpl = true;
  const handle = (m: BpfMap): number => vm.mem.allocate(1, { kind: REGION_KIND.map, perm: PERM.none, name: m.name, owner: m }).start;
  const run = (asm: string): bigint => vm.run(vm.load({ insns: assemble(asm).insns, name: 'p' }), { r1: ctx.r1, env, packet: ctx.packet }).r0;
  return { vm: vm as Vm, menv, ctx, env, handle, run };
}

describe('helper calls', () => {
  it('bpf_perf_event_output records the sample and BPF_F_CTXLEN bytes of packet, on the current CPU', () => {
    const w = world();
    const pe = createMap({ type: BPF_MAP_TYPE.BPF_MAP_TYPE_PERF_EVENT_ARRAY, keySize: 4, valueSize: 4, maxEntries: 2, flags: 0, name: 'pe' }, w.menv) as PerfEventArrayMap;
    pe.attachAllCpus();
    const h = w.handle(pe);
    const r0 = w.run(`
      r6 = r1
      r7 = 0x11223344
      *(u32 *)(r10 - 8) = r7
      r1 = r6
      r2 = ${h} ll
      r3 = 0x6ffffffff ll
      r4 = r10
      r4 += -8
      r5 = 4
      call 25
      exit`);
    expect(r0).toBe(0n);
    expect(pe.drain()).toEqual([{ cpu: 0, data: Uint8Array.from([0x44, 0x33, 0x22, 0x11, 0, 1, 2, 3, 4, 5]) }]);
  });

  it('ring buffer records reach the consumer; discarded ones do not', () => {
    const w = world();
    const rb = createMap({ type: BPF_MAP_TYPE.BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096, flags: 0, name: 'rb' }, w.menv) as RingbufMap;
    const h = w.handle(rb);
    w.run(`
      r1 = ${h} ll
      r2 = 8
      r3 = 0
      call 131
      if r0 == 0 goto +9
      r1 = 0x0102030405060708 ll
      *(u64 *)(r0 + 0) = r1
      r1 = r0
      r2 = 0
      call 132
      r1 = ${h} ll
      r2 = 4
      r3 = 0
      call 131
      if r0 == 0 goto +3
      r1 = r0
      r2 = 0
      call 133
      r0 = 0
      exit`);
    expect(rb.consume()).toEqual([{ data: Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]) }]);
  });

  it('a run that faults with a reserved record does not block the ring buffer after finishRun', () => {
    const w = world();
    const rb = createMap({ type: BPF_MAP_TYPE.BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096, flags: 0, name: 'rb' }, w.menv) as RingbufMap;
    const h = w.handle(rb);
    const reserveThenFault = `
      r1 = ${h} ll
      r2 = 8
      r3 = 0
      call 131
      r1 = 0
      r0 = *(u64 *)(r1 + 0)
      exit`;
    expect(() => w.run(reserveThenFault)).toThrow(VmFault);
    expect(w.env.finishRun()).toBe(1);
    expect(rb.output(Uint8Array.from([9]), 0)).toBe(0);
    expect(rb.consume()).toEqual([{ data: Uint8Array.from([9]) }]);
  });

  it('trace_printk lines carry the bpf_trace_printk prefix; time reads the virtual clock', () => {
    const w = world();
    const r0 = w.run(`
      r1 = 0x0a6425203d2078 ll
      *(u64 *)(r10 - 8) = r1
      call 5
      r3 = r0
      r1 = r10
      r1 += -8
      r2 = 8
      call 6
      call 5
      exit`);
    expect(w.env.trace.map((t) => t.line)).toEqual(['bpf_trace_printk: x = 5000']);
    expect(w.env.trace[0]!.message).toBe('x = 5000\n');
    expect(r0).toBe(5007n);
  });

  it('faults name helpers the program type may not call', () => {
    const w = world('xdp');
    expect(() => w.run('r2 = 0\nr3 = 0\nr4 = 0\nr5 = 0\ncall 9\nexit')).toThrow(/program of this type cannot use helper bpf_skb_store_bytes#9/);
  });

  it('GPL-only helpers fault for other licenses; unknown ids fault; r1 must be the context', () => {
    const w = world('xdp');
    w.env.gpl = false;
    expect(() => w.run('r1 = r10\nr1 += -8\nr2 = 1\ncall 6\nexit')).toThrow(/GPL-restricted/);
    w.env.gpl = true;
    expect(() => w.run('call 27\nexit')).toThrow(VmFault);
    expect(() => w.run('call 27\nexit')).toThrow(/helper 27 is not available/);
    expect(() => w.run('r1 = r10\ncall 188\nexit')).toThrow(/r1 is not the program context/);
  });

  it('socket filters keep as many bytes as the program returns', () => {
    const w = world('socket_filter');
    const s = w.ctx as SkbContext;
    expect(s.keptBytes(20)).toEqual(FRAME.subarray(14, 34));
    expect(s.keptBytes(0).length).toBe(0);
    expect(s.keptBytes(0xffffffff)).toEqual(FRAME.subarray(14));
    expect(s.result().dataOut).toEqual(Uint8Array.from([...new Uint8Array(14), ...FRAME.subarray(14)]));
  });
});
