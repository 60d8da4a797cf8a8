// BPF_MAP_TYPE_DEVMAP (kernel/bpf/devmap.c): index → struct bpf_devmap_val { u32 ifindex; u32 prog fd/id },
// value_size 4 or 8, the values in VM memory (programs may look them up, read-only: the kernel adds
// BPF_F_RDONLY_PROG). Writing ifindex 0 empties a slot; bpf_redirect_map reads the target from here.
import { readU32 } from './base.js';
import { SlotTargetMap } from './slot-targets.js';
import { BPF_EXIST, BPF_F, BPF_NOEXIST, ERRNO, type MapDef, type MapEnv, type ProgRef } from './types.js';

const DEV_CREATE_FLAG_MASK = BPF_F.BPF_F_NUMA_NODE | BPF_F.BPF_F_RDONLY | BPF_F.BPF_F_WRONLY;

/** dev_map_alloc's attribute checks (DEVMAP and DEVMAP_HASH). */
export function checkDevmapDef(def: MapDef): number {
  if (def.maxEntries === 0 || def.keySize !== 4 || (def.valueSize !== 4 && def.valueSize !== 8) || def.flags & ~DEV_CREATE_FLAG_MASK)
    return -ERRNO.EINVAL;
  return 0;
}

/** A redirect target. */
export interface DevTarget {
  ifindex: number;
  prog?: ProgRef;
}

/** Validates a devmap value (ifindex must exist; a program fd must resolve): target, null (empty), or -errno. */
export function parseDevVal(env: MapEnv, value: Uint8Array, valueSize: number): DevTarget | number {
  const ifindex = readU32(value);
  const fd = valueSize >= 8 ? readU32(value, 4) | 0 : 0;
  if (ifindex === 0) return fd > 0 ? -ERRNO.EINVAL : 0;
  const exists = env.ifindexExists ? env.ifindexExists(ifindex) : true;
  if (!exists) return -ERRNO.ENODEV;
  if (fd > 0) {
    const prog = env.resolveProgFd?.(fd);
    if (!prog) return -ERRNO.EINVAL;
    return { ifindex, prog };
  }
  return { ifindex };
}

export class DevmapMap extends SlotTargetMap<DevTarget> {
  static check(def: MapDef): number {
    return checkDevmapDef(def);
  }

  constructor(def: MapDef, env: MapEnv) {
    super({ ...def, flags: def.flags | BPF_F.BPF_F_RDONLY_PROG }, env);
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    const i = readU32(key);
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    if (i >= this.def.maxEntries) return -ERRNO.E2BIG;
    if (flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    const t = parseDevVal(this.env, value, this.def.valueSize);
    if (typeof t === 'number' && t < 0) return t;
    if (typeof t === 'number') this.setSlot(i, undefined);
    else this.setSlot(i, t, t.ifindex, t.prog?.id);
    return 0;
  }
}
