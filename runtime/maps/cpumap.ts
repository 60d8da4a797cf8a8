// BPF_MAP_TYPE_CPUMAP (kernel/bpf/cpumap.c): CPU index → struct bpf_cpumap_val { u32 qsize; u32 prog
// fd/id }, value_size 4 or 8, the target of bpf_redirect_map in XDP. qsize 0 empties the slot, qsize
// above 16384 is -EOVERFLOW, a CPU that is not possible -ENODEV; delete past the end is -EINVAL.
import { readU32 } from './base.js';
import { SlotTargetMap } from './slot-targets.js';
import { BPF_EXIST, BPF_F, BPF_NOEXIST, ERRNO, type MapDef, type ProgRef } from './types.js';

const NR_CPUS = 8192;

export interface CpuTarget {
  cpu: number;
  qsize: number;
  prog?: ProgRef;
}

export class CpumapMap extends SlotTargetMap<CpuTarget> {
  static check(def: MapDef): number {
    if (def.maxEntries === 0 || def.keySize !== 4 || (def.valueSize !== 4 && def.valueSize !== 8) || def.flags & ~BPF_F.BPF_F_NUMA_NODE)
      return -ERRNO.EINVAL;
    if (def.maxEntries > NR_CPUS) return -ERRNO.E2BIG;
    return 0;
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    const cpu = readU32(key);
    const qsize = readU32(value);
    const fd = this.def.valueSize >= 8 ? readU32(value, 4) | 0 : 0;
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    if (cpu >= this.def.maxEntries) return -ERRNO.E2BIG;
    if (flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    if (qsize > 16384) return -ERRNO.EOVERFLOW;
    if (cpu >= this.env.ncpus) return -ERRNO.ENODEV;
    if (qsize === 0) {
      this.setSlot(cpu, undefined);
      return 0;
    }
    let prog: ProgRef | undefined;
    if (fd > 0) {
      prog = this.env.resolveProgFd?.(fd);
      if (!prog) return -ERRNO.EINVAL;
    }
    this.setSlot(cpu, prog ? { cpu, qsize, prog } : { cpu, qsize }, qsize, prog?.id);
    return 0;
  }
}
