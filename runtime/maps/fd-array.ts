// The fd arrays (kernel/bpf/arraymap.c bpf_fd_array_map_*): PROG_ARRAY, PERF_EVENT_ARRAY, ARRAY_OF_MAPS.
// User space writes a u32 fd per index (only BPF_ANY), reads back the object's id, deletes with -ENOENT
// for an empty slot and -E2BIG past the end; programs never see the slots directly.
import { checkArrayDef, arrayNextKey } from './array.js';
import { BpfMap, err, readU32, u32Bytes } from './base.js';
import { BPF_ANY, BPF_F, ERRNO, type MapDef, type MapEntry, type MapEnv, type SysResult } from './types.js';

/** fd_array_map_alloc_check. */
export function checkFdArrayDef(def: MapDef): number {
  if (def.valueSize !== 4) return -ERRNO.EINVAL;
  if (def.flags & (BPF_F.BPF_F_RDONLY_PROG | BPF_F.BPF_F_WRONLY_PROG)) return -ERRNO.EINVAL;
  return checkArrayDef(def, false);
}

export abstract class FdArrayBase<T extends { id: number }> extends BpfMap {
  protected readonly slots: (T | undefined)[];

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.slots = new Array<T | undefined>(def.maxEntries).fill(undefined);
  }

  /** map_fd_get_ptr: the object an fd names, or a negative errno. */
  protected abstract resolve(fd: number): T | number;
  /** Whether user space can read ids back (map_fd_sys_lookup_elem exists). */
  protected readonly sysReadable: boolean = true;

  /** The object at `index`, if any. */
  get(index: number): T | undefined {
    return index < this.slots.length ? this.slots[index] : undefined;
  }

  /** Sets a slot directly (the loader's static initialisation), bypassing fd resolution. */
  set(index: number, value: T | undefined): number {
    if (index >= this.def.maxEntries) return -ERRNO.E2BIG;
    this.slots[index] = value;
    return 0;
  }

  override update(): number {
    return -ERRNO.EINVAL;
  }
  override delete(key: Uint8Array): number {
    const index = readU32(key);
    if (index >= this.def.maxEntries) return -ERRNO.E2BIG;
    const old = this.slots[index];
    this.slots[index] = undefined;
    return old ? 0 : -ERRNO.ENOENT;
  }
  override getNextKey(key: Uint8Array | null): SysResult {
    return arrayNextKey(this.def.maxEntries, key);
  }
  override sysValueSize(): number {
    return 4;
  }

  protected override sysUpdateValue(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags !== BPF_ANY) return -ERRNO.EINVAL;
    const index = readU32(key);
    if (index >= this.def.maxEntries) return -ERRNO.E2BIG;
    const obj = this.resolve(readU32(value));
    if (typeof obj === 'number') return obj;
    this.slots[index] = obj;
    return 0;
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    if (!this.sysReadable) return err(ERRNO.ENOTSUPP);
    const index = readU32(key);
    const obj = index < this.def.maxEntries ? this.slots[index] : undefined;
    return obj ? { ret: 0, value: u32Bytes(obj.id) } : err(ERRNO.ENOENT);
  }

  /** Occupied slots by index; the value is the object's id. */
  override entries(): MapEntry[] {
    const out: MapEntry[] = [];
    this.slots.forEach((s, i) => {
      if (s) out.push({ key: u32Bytes(i), value: u32Bytes(s.id) });
    });
    return out;
  }
}
