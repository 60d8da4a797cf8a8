// Seeded fuzzing of every Linux helper: random argument registers (context, stack, packet and map
// addresses, edge integers, random 64-bit values) in XDP, TC and socket-filter runs. Whatever the
// arguments, a call either returns or ends the run with a VmFault (or, for a refused packet, the
// context's ContextError): no other exception escapes, and the VM keeps working afterwards. The VM turns
// any exception inside a helper into a 'helper' fault, so the helpers are wrapped here to catch
// anything but the typed faults (RawFault, VmFault, EbpfcError) at the source.
import { describe, expect, it } from 'vitest';
import { createHelperRegistry, createVm, PERM, RawFault, REGION_KIND, VmFault, STACK_SIZE } from '../../../runtime/vm/index.js';
import { EbpfcError, InternalError } from '../../../runtime/errors.js';
import { BPF_MAP_TYPE, createMap, vmMapMemory, type MapEnv, PerfEventArrayMap } from '../../../runtime/maps/index.js';
import { createContext, ContextError } from '../../../runtime/context/index.js';
import { HelperEnv, LINUX_HELPERS, helperId, linuxHelpers } from '../../../runtime/helpers/index.js';

const FRAME = Uint8Array.from({ length: 80 }, (_, i) => (i === 12 ? 0x08 : i === 13 ? 0x00 : i === 14 ? 0x45 : (i * 37) & 0xff));

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

describe('helper fuzzing', () => {
  for (const progType of ['xdp', 'sched_cls', 'socket_filter']) {
    it(progType, () => {
      const bugs: string[] = [];
      const helpers = createHelperRegistry(linuxHelpers().map((h) => ({
        ...h,
        call(c) {
          try {
            return h.call(c);
          } catch (e) {
            if (!(e instanceof RawFault || e instanceof VmFault || (e instanceof EbpfcError && !(e instanceof InternalError)))) bugs.push(`${h.name}: ${String(e)}`);
            throw e;
          }
        },
      })));
      const vm = createVm({ helpers, budget: 2000, tier: 'interpreter' });
      const menv: MapEnv = { memory: vmMapMemory(vm.mem), ncpus: 2, cpu: 0 };
      const T = BPF_MAP_TYPE;
      const defs = [
        { type: T.BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8, maxEntries: 4 },
        { type: T.BPF_MAP_TYPE_HASH, keySize: 4, valueSize: 16, maxEntries: 4 },
        { type: T.BPF_MAP_TYPE_PERCPU_ARRAY, keySize: 4, valueSize: 8, maxEntries: 2 },
        { type: T.BPF_MAP_TYPE_QUEUE, keySize: 0, valueSize: 4, maxEntries: 3 },
        { type: T.BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096 },
        { type: T.BPF_MAP_TYPE_PERF_EVENT_ARRAY, keySize: 4, valueSize: 4, maxEntries: 2 },
        { type: T.BPF_MAP_TYPE_DEVMAP, keySize: 4, valueSize: 4, maxEntries: 2 },
      ];
      const handles = defs.map((d, i) => {
        const m = createMap({ ...d, flags: 0, name: `m${i}` }, menv);
        if (m instanceof PerfEventArrayMap) m.attachAllCpus();
        return vm.mem.allocate(1, { kind: REGION_KIND.map, perm: PERM.none, name: `m${i}`, owner: m }).start;
      });
      const ctx = createContext(vm.mem, progType);
      const env = new HelperEnv({ maps: menv, seed: 3 });
      env.ctx = ctx;
      env.progType = progType;
      env.gpl = true;
      const stackTop = vm.stackTop[0]!;
      const ids = LINUX_HELPERS.map((d) => helperId(d.name)!).filter((id) => id !== 12);
      const prog = (id: number) => vm.load({ insns: [{ code: 0x85, dst: 0, src: 0, off: 0, imm: id }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }], name: `call${id}` });
      const progs = new Map(ids.map((id) => [id, prog(id)]));
      const r = rng(progType.length * 7919);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
      let returned = 0;
      let faulted = 0;
      for (let n = 0; n < 4000; n++) {
        ctx.setup(FRAME);
        const packet = ctx.packet.start;
        const arg = (): bigint | number => pick([
          () => ctx.r1, () => stackTop - 8 - Math.floor(r() * 64) * 8, () => stackTop - STACK_SIZE, () => packet + Math.floor(r() * 90),
          () => pick(handles), () => 0, () => Math.floor(r() * 70000) - 1000, () => -1n, () => BigInt.asUintN(64, BigInt(Math.floor(r() * 2 ** 52)) << 12n),
          () => 0xffffffffn, () => 1n << 63n, () => Math.floor(r() * 4) * 4,
        ])();
        const id = pick(ids);
        try {
          vm.run(progs.get(id)!, { r1: arg(), r2: arg(), r3: arg(), r4: arg(), r5: arg(), env, packet: ctx.packet });
          returned++;
        } catch (e) {
          if (!(e instanceof VmFault) && !(e instanceof ContextError)) throw new Error(`helper ${id}: ${String(e)}`);
          faulted++;
        }
      }
      expect(bugs.slice(0, 5)).toEqual([]);
      expect(returned).toBeGreaterThan(300);
      expect(faulted).toBeGreaterThan(300);
    });
  }
});

describe('context setup fuzzing', () => {
  for (const progType of ['xdp', 'sched_cls', 'socket_filter']) {
    it(`${progType}: random packets and ctx_in give a context or a ContextError`, () => {
      const vm = createVm();
      const ctx = createContext(vm.mem, progType);
      const r = rng(progType.length * 104729);
      let ok = 0;
      let refused = 0;
      for (let n = 0; n < 600; n++) {
        const len = Math.floor(r() ** 3 * 20000);
        const data = Uint8Array.from({ length: len }, () => Math.floor(r() * 256));
        if (len > 13 && r() < 0.5) {
          data[12] = 0x08;
          data[13] = r() < 0.5 ? 0x00 : 0x06;
        }
        let ctxIn: Uint8Array | undefined;
        if (r() < 0.5) {
          ctxIn = new Uint8Array(Math.floor(r() * 220));
          for (let i = 0; i < ctxIn.length; i++) if (r() < 0.05) ctxIn[i] = Math.floor(r() * 256);
          if (progType === 'xdp' && ctxIn.length >= 8 && r() < 0.5) new DataView(ctxIn.buffer).setUint32(4, len, true);
        }
        try {
          ctx.setup(data, ctxIn);
          const out = ctx.result();
          expect(out.dataOut.length).toBeGreaterThan(0);
          ok++;
        } catch (e) {
          if (!(e instanceof ContextError)) throw e;
          refused++;
        }
      }
      expect(ok).toBeGreaterThan(30);
      expect(refused).toBeGreaterThan(30);
    });
  }
});
