// The HelperCall object the VM hands to helpers (see helpers.ts for the contract): a view of the
// registers r1..r5 of the run in progress as exact 64-bit values, the memory, the per-run environment
// and the callback entry point. One per VM, reused for every call.

import { FAULT, RawFault, hex64 } from './fault.js';
import type { AddressSpace } from './memory.js';
import type { HelperCall, HelperProto } from './helpers.js';
import { toBigU } from './int64.js';
import type { Vm } from './vm.js';

export class HelperCallImpl implements HelperCall {
  helper: HelperProto = { id: -1, name: '', args: [], ret: 'RET_VOID', gplOnly: false };
  constructor(private readonly vm: Vm) {}
  get mem(): AddressSpace {
    return this.vm.mem;
  }
  get env(): unknown {
    return this.vm.st.env;
  }
  get cpu(): number {
    return this.vm.st.cpu;
  }
  get cpus(): number {
    return this.vm.cpus;
  }
  get seed(): number {
    return this.vm.seed;
  }
  u64(i: number): bigint {
    return toBigU(this.vm.st.L[i]!, this.vm.st.H[i]!);
  }
  i64(i: number): bigint {
    return BigInt.asIntN(64, this.u64(i));
  }
  lo(i: number): number {
    return this.vm.st.L[i]!;
  }
  hi(i: number): number {
    return this.vm.st.H[i]!;
  }
  u32(i: number): number {
    return this.vm.st.L[i]! >>> 0;
  }
  ptr(i: number): number {
    const lo = this.vm.st.L[i]!;
    if (this.vm.st.H[i] !== 0 || lo < 0) {
      throw new RawFault(FAULT.unmapped, `argument r${i} = ${hex64(this.vm.st.H[i]!, lo)} is not an address`);
    }
    return lo;
  }
  callback(fn: bigint, args: readonly bigint[]): bigint {
    return this.vm.callback(fn, args);
  }
  fault(detail: string): never {
    throw new RawFault(FAULT.helper, detail);
  }
}
