// Adapts the VM's address space (runtime/vm AddressSpace, described structurally so runtime/maps does not
// depend on runtime/vm) to MapMemory: each block is one read-write 'map-value' region, so the VM's access
// gate faults on any access outside a value, and views are taken from the current buffer each time.
import { InternalError } from '../errors.js';
import type { MapMemory } from './types.js';

/** What MapMemory needs from runtime/vm's AddressSpace. */
export interface AddressSpaceLike {
  readonly u8: Uint8Array;
  allocate(size: number, opts: { kind: 'map-value'; perm: 3; name: string; align: number }): { readonly start: number };
  free(region: never): void;
  regionAt(addr: number): { readonly start: number } | undefined;
}

/** MapMemory over a VM address space. */
export function vmMapMemory(as: AddressSpaceLike): MapMemory {
  return {
    allocate: (size, name) => as.allocate(Math.max(size, 1), { kind: 'map-value', perm: 3, name, align: 8 }).start,
    free: (addr) => {
      const r = as.regionAt(addr);
      if (!r || r.start !== addr) throw new InternalError(`map memory: no region starts at 0x${addr.toString(16)}`);
      as.free(r as never);
    },
    bytes: (addr, len) => as.u8.subarray(addr, addr + len),
  };
}
