// Runs a clang-built object in the VM the way test/helpers/kernel.ts runs it in the kernel (bpftool prog
// run: one loaded instance, packets in order, no ctx_in, CPU 0), with the Linux helpers and the
// contexts of runtime/helpers and runtime/context, and dumps the maps like the kernel side.
import { readFileSync } from 'node:fs';
import { decodeObject } from '../../../runtime/object/index.js';
import { loadObject, dumpMaps, updateMapHex } from '../../../runtime/loader/index.js';
import { createContext, ContextError, followPacket, type ContextOptions } from '../../../runtime/context/index.js';
import { createLinuxHelpers, HelperEnv, type HelperEnvOptions } from '../../../runtime/helpers/index.js';
import { VmFault, type Tier } from '../../../runtime/vm/index.js';
import type { KernelRun, PacketResult, RunCase } from '../../helpers/kernel.js';

export interface DiffCase extends RunCase {
  /** context options (e.g. xdpMetaMax: 255 for the kernel's newer metadata limit) */
  context?: ContextOptions;
  helperEnv?: HelperEnvOptions;
  /** possible CPUs (per-CPU map values); the reference machine has 2 */
  cpus?: number;
}

export function runVm(objPath: string, c: DiffCase, tier: Tier = 'compiled'): KernelRun & { trace: string[] } {
  const spec = decodeObject(new Uint8Array(readFileSync(objPath)));
  const obj = loadObject(spec, { helpers: createLinuxHelpers(), tier, cpus: c.cpus ?? 2, ...(c.progType ? { progType: c.progType } : {}) });
  for (const u of c.mapUpdates ?? []) updateMapHex(obj, u.map, u.key, u.value);
  const lp = obj.program(c.prog);
  const env = new HelperEnv({ maps: obj.env, ...c.helperEnv });
  env.progType = lp.type.name;
  env.gpl = /GPL/.test(obj.license ?? '');
  const ctx = followPacket(createContext(obj.vm.mem, lp.type.name, c.context), obj.vm.st);
  env.ctx = ctx;
  const results: PacketResult[] = c.packets.map((p) => {
    try {
      ctx.setup(Uint8Array.from(Buffer.from(p.hex, 'hex')));
    } catch (e) {
      if (e instanceof ContextError) return { error: e.errno };
      throw e;
    }
    try {
      const r = obj.vm.run(lp.prog, { r1: ctx.r1, env, packet: ctx.packet });
      return { retval: Number(r.r0 & 0xffffffffn), packet: Buffer.from(ctx.result().dataOut).toString('hex') };
    } catch (e) {
      if (e instanceof VmFault) return { error: e.message };
      throw e;
    }
  });
  return { results, maps: dumpMaps(obj), trace: env.trace.map((t) => t.line) };
}
