// BPF_MAP_TYPE_PERCPU_ARRAY (kernel/bpf/arraymap.c): like ARRAY with one value per possible CPU. A program
// sees its current CPU's copy; user space reads and writes all CPUs' copies back to back, each
// round_up(value_size, 8) bytes (bpf_percpu_array_copy / bpf_percpu_array_update).
import { ArrayMap, checkArrayDef } from './array.js';
import { err, readU32, u32Bytes, type ForEachCallback } from './base.js';
import { BPF_EXIST, BPF_F_LOCK, BPF_NOEXIST, ERRNO } from './types.js';
import type { MapDef, MapEntry, MapEnv, SysResult } from './types.js';

export class PercpuArrayMap extends ArrayMap {
  static override check(def: MapDef): number {
    return checkArrayDef(def, true);
  }

  constructor(def: MapDef, env: MapEnv) {
    super(def, env, env.ncpus);
  }

  override sysValueSize(): number {
    return this.stride * this.env.ncpus;
  }

  override elemAddr(index: number): number {
    return this.block.addr + this.slot(index);
  }

  override lookupPercpu(key: Uint8Array, cpu: number): number {
    const index = readU32(key);
    if (cpu >= this.env.ncpus || index >= this.def.maxEntries) return 0;
    return this.block.addr + this.cpuSlot(index, cpu);
  }

  override forEach(cb: ForEachCallback): number {
    let n = 0;
    for (let i = 0; i < this.def.maxEntries; i++) {
      n++;
      if (cb(u32Bytes(i), this.elemAddr(i))) break;
    }
    return n;
  }

  protected override slot(index: number): number {
    return this.cpuSlot(index, this.env.cpu);
  }

  private cpuSlot(index: number, cpu: number): number {
    return (index * this.env.ncpus + cpu) * this.stride;
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    const index = readU32(key);
    if (index >= this.def.maxEntries) return err(ERRNO.ENOENT);
    const out = new Uint8Array(this.sysValueSize());
    for (let c = 0; c < this.env.ncpus; c++) {
      const off = this.cpuSlot(index, c);
      out.set(this.mem(this.block).subarray(off, off + this.stride), c * this.stride);
    }
    return { ret: 0, value: out };
  }

  protected override sysUpdateValue(key: Uint8Array, value: Uint8Array, flags: number): number {
    const index = readU32(key);
    if (flags & BPF_F_LOCK || flags > BPF_EXIST) return -ERRNO.EINVAL;
    if (index >= this.def.maxEntries) return -ERRNO.E2BIG;
    if (flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    for (let c = 0; c < this.env.ncpus; c++) this.copyValueLong(this.mem(this.block), this.cpuSlot(index, c), value, c * this.stride);
    return 0;
  }

  override entries(): MapEntry[] {
    const out: MapEntry[] = [];
    for (let i = 0; i < this.def.maxEntries; i++) {
      const values: Uint8Array[] = [];
      for (let c = 0; c < this.env.ncpus; c++) {
        const off = this.cpuSlot(i, c);
        values.push(this.mem(this.block).slice(off, off + this.def.valueSize));
      }
      out.push({ key: u32Bytes(i), value: values });
    }
    return out;
  }
}
