// BPF_MAP_TYPE_DEVMAP (kernel/bpf/devmap.c): index → struct bpf_devmap_val { u32 ifindex; u32 prog fd/id },
// value_size 4 or 8, the values in VM memory (programs may look them up, read-only: the kernel adds
// BPF_F_RDONLY_PROG). Writing ifindex 0 empties a slot; bpf_redirect_map reads the target from here.
import { arrayNextKey } from './array.js';
import { BpfMap, err, readU32, u32Bytes } from './base.js';
import { BPF_EXIST, BPF_F, BPF_NOEXIST, ERRNO, type MapBlock, type MapDef, type MapEntry, type MapEnv, type ProgRef, type SysResult } from './types.js';

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

export class DevmapMap extends BpfMap {
  static check(def: MapDef): number {
    return checkDevmapDef(def);
  }
  private readonly block: MapBlock;
  private readonly targets: (DevTarget | undefined)[];

  constructor(def: MapDef, env: MapEnv) {
    super({ ...def, flags: def.flags | BPF_F.BPF_F_RDONLY_PROG }, env);
    this.block = this.newBlock(8 * def.maxEntries);
    this.targets = new Array<DevTarget | undefined>(def.maxEntries).fill(undefined);
  }

  /** The redirect target at `index`. */
  target(index: number): DevTarget | undefined {
    return index < this.targets.length ? this.targets[index] : undefined;
  }

  override lookup(key: Uint8Array): number {
    const i = readU32(key);
    return this.target(i) ? this.block.addr + 8 * i : 0;
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    const i = readU32(key);
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    if (i >= this.def.maxEntries) return -ERRNO.E2BIG;
    if (flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    const t = parseDevVal(this.env, value, this.def.valueSize);
    if (typeof t === 'number' && t < 0) return t;
    this.targets[i] = typeof t === 'number' ? undefined : t;
    const b = this.mem(this.block);
    b.fill(0, 8 * i, 8 * i + 8);
    if (typeof t !== 'number') {
      b.set(u32Bytes(t.ifindex), 8 * i);
      if (t.prog) b.set(u32Bytes(t.prog.id), 8 * i + 4);
    }
    return 0;
  }

  override delete(key: Uint8Array): number {
    const i = readU32(key);
    if (i >= this.def.maxEntries) return -ERRNO.EINVAL;
    this.targets[i] = undefined;
    this.mem(this.block).fill(0, 8 * i, 8 * i + 8);
    return 0;
  }

  override getNextKey(key: Uint8Array | null): SysResult {
    return arrayNextKey(this.def.maxEntries, key);
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    const i = readU32(key);
    if (!this.target(i)) return err(ERRNO.ENOENT);
    return { ret: 0, value: this.mem(this.block).slice(8 * i, 8 * i + this.def.valueSize) };
  }

  override entries(): MapEntry[] {
    const out: MapEntry[] = [];
    this.targets.forEach((t, i) => {
      if (t) out.push({ key: u32Bytes(i), value: this.mem(this.block).slice(8 * i, 8 * i + this.def.valueSize) });
    });
    return out;
  }
}
