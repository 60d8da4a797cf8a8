// BPF_MAP_TYPE_PROG_ARRAY (kernel/bpf/arraymap.c prog_array_map_ops): index → program, for bpf_tail_call.
// User space writes program fds (resolved through MapEnv.resolveProgFd) and reads back program ids.
import { FdArrayBase, checkFdArrayDef } from './fd-array.js';
import { ERRNO, type MapDef, type ProgRef } from './types.js';

export class ProgArrayMap extends FdArrayBase<ProgRef> {
  static check(def: MapDef): number {
    return checkFdArrayDef(def);
  }
  protected resolve(fd: number): ProgRef | number {
    return this.env.resolveProgFd?.(fd) ?? -ERRNO.EBADF;
  }
  /** The tail-call target at `index`, or undefined (the call falls through). */
  program(index: number): ProgRef | undefined {
    return this.get(index);
  }

  /** runtime/vm's ProgArray view: slot count and the program object stored in a slot. */
  get maxEntries(): number {
    return this.def.maxEntries;
  }
  progAt(index: number): unknown {
    return this.get(index)?.prog;
  }
}
