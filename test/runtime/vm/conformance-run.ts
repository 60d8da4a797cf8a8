// Runs one conformance case in the VM the way the suite's execution contract says: r1 = pointer to a
// private copy of `mem` (0 when there is none), r2 = its length, r10 = top of a 512-byte stack, helper 5
// returns its first argument. Shared by the conformance test and the plugin test.
import { assemble, decode } from '../../../runtime/isa/index.js';
import type { Insn } from '../../../runtime/isa/index.js';
import { conformanceHelpers, createHelperRegistry, createVm, PERM, REGION_KIND } from '../../../runtime/vm/index.js';
import type { Tier } from '../../../runtime/vm/index.js';
import type { ConformanceCase } from './conformance-data.js';
import { compileProgram } from '../../../runtime/vm/compile.js';

export function programOf(c: ConformanceCase): Insn[] {
  if (c.raw !== undefined) return decode(c.raw);
  return assemble(c.asm ?? '', { syntax: 'conformance' }).insns;
}

/** 'chunked': the compiled tier with every basic block in its own chunk function. */
export function runCase(insns: Insn[], mem: Uint8Array | undefined, tier: Tier | 'chunked'): bigint {
  const vm = createVm({ helpers: createHelperRegistry(conformanceHelpers()), tier: tier === 'chunked' ? 'compiled' : tier });
  const prog = vm.load({ insns, name: 'main' });
  if (tier === 'chunked') prog.compiled = compileProgram(prog, { chunkChars: 1 });
  let r1 = 0;
  if (mem !== undefined && mem.length > 0) {
    const r = vm.mem.allocate(mem.length, { kind: REGION_KIND.other, perm: PERM.rw, name: 'mem' });
    vm.mem.u8.set(mem, r.start);
    r1 = r.start;
  }
  return vm.run(prog, { r1, r2: mem?.length ?? 0 }).r0;
}
