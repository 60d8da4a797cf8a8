// BPF_MAP_TYPE_ARRAY (kernel/bpf/arraymap.c): max_entries values of round_up(value_size, 8) bytes,
// contiguous in one block of VM memory, indexed by a u32 key; every element always exists.
import { BpfMap, err, readU32, roundUp8, u32Bytes, withoutLock, type ForEachCallback } from './base.js';
import { BPF_EXIST, BPF_F, BPF_F_ACCESS_MASK, BPF_F_LOCK, BPF_NOEXIST, ERRNO } from './types.js';
import type { MapBlock, MapDef, MapEntry, MapEnv, SysResult } from './types.js';

const ARRAY_CREATE_FLAG_MASK =
  BPF_F.BPF_F_NUMA_NODE | BPF_F.BPF_F_MMAPABLE | BPF_F_ACCESS_MASK | BPF_F.BPF_F_PRESERVE_ELEMS | BPF_F.BPF_F_INNER_MAP;
const PCPU_MIN_UNIT_SIZE = 32768;
const INT_MAX = 0x7fffffff;

/** array_map_alloc_check for ARRAY, PERCPU_ARRAY and the fd arrays built on it. */
export function checkArrayDef(def: MapDef, percpu: boolean): number {
  if (
    def.maxEntries === 0 ||
    def.keySize !== 4 ||
    def.valueSize === 0 ||
    def.flags & ~ARRAY_CREATE_FLAG_MASK ||
    (percpu && def.flags & BPF_F.BPF_F_NUMA_NODE)
  )
    return -ERRNO.EINVAL;
  if (def.type !== 2 && def.flags & (BPF_F.BPF_F_MMAPABLE | BPF_F.BPF_F_INNER_MAP)) return -ERRNO.EINVAL;
  if (def.type !== 4 && def.flags & BPF_F.BPF_F_PRESERVE_ELEMS) return -ERRNO.EINVAL;
  if (def.valueSize > INT_MAX) return -ERRNO.E2BIG;
  if (percpu && roundUp8(def.valueSize) > PCPU_MIN_UNIT_SIZE) return -ERRNO.E2BIG;
  return 0;
}

/** bpf_array_get_next_key. */
export function arrayNextKey(maxEntries: number, key: Uint8Array | null): SysResult {
  const index = key ? readU32(key) : 0xffffffff;
  if (index >= maxEntries) return { ret: 0, value: u32Bytes(0) };
  if (index === maxEntries - 1) return err(ERRNO.ENOENT);
  return { ret: 0, value: u32Bytes(index + 1) };
}

export class ArrayMap extends BpfMap {
  static check(def: MapDef): number {
    return checkArrayDef(def, false);
  }
  protected readonly stride: number;
  protected readonly block: MapBlock;

  constructor(def: MapDef, env: MapEnv, cpusPerElem = 1) {
    super(def, env);
    this.stride = roundUp8(def.valueSize);
    this.block = this.newBlock(this.stride * cpusPerElem * def.maxEntries);
  }

  /** Address of element `index` (for BPF_PSEUDO_MAP_VALUE global data: index 0). */
  elemAddr(index: number): number {
    return this.block.addr + index * this.stride;
  }

  override lookup(key: Uint8Array): number {
    const index = readU32(key);
    return index >= this.def.maxEntries ? 0 : this.elemAddr(index);
  }

  override lookupAt(u8: Uint8Array, off: number): number {
    const index = readU32(u8, off);
    return index >= this.def.maxEntries ? 0 : this.elemAddr(index);
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    const index = readU32(key);
    if (withoutLock(flags) > BPF_EXIST) return -ERRNO.EINVAL;
    if (index >= this.def.maxEntries) return -ERRNO.E2BIG;
    if (flags & BPF_NOEXIST) return -ERRNO.EEXIST;
    if (flags & BPF_F_LOCK && this.def.spinLockOff === undefined) return -ERRNO.EINVAL;
    this.copyValue(this.mem(this.block), this.slot(index), value);
    return 0;
  }

  override delete(_key: Uint8Array): number {
    return -ERRNO.EINVAL;
  }

  override getNextKey(key: Uint8Array | null): SysResult {
    return arrayNextKey(this.def.maxEntries, key);
  }

  override forEach(cb: ForEachCallback): number {
    let n = 0;
    for (let i = 0; i < this.def.maxEntries; i++) {
      n++;
      if (cb(u32Bytes(i), this.lookup(u32Bytes(i)))) break;
    }
    return n;
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    const index = readU32(key);
    if (index >= this.def.maxEntries) return err(ERRNO.ENOENT);
    const off = this.slot(index);
    return { ret: 0, value: this.mem(this.block).slice(off, off + this.def.valueSize) };
  }

  override entries(): MapEntry[] {
    const out: MapEntry[] = [];
    for (let i = 0; i < this.def.maxEntries; i++) {
      const off = this.slot(i);
      out.push({ key: u32Bytes(i), value: this.mem(this.block).slice(off, off + this.def.valueSize) });
    }
    return out;
  }

  /** Offset of element `index` (this CPU's copy for per-CPU arrays) inside the block. */
  protected slot(index: number): number {
    return index * this.stride;
  }
}
