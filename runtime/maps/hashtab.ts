// The hash table shared by HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH and HASH_OF_MAPS
// (kernel/bpf/hashtab.c): elements keyed by their bytes, values in VM memory, and the kernel's bucket
// order for get_next_key and bpf_for_each_map_elem: n_buckets = roundup_pow_of_two(max_entries), bucket
// = jhash(key, seed 0) & (n_buckets - 1), new elements at the head of their bucket. The kernel seeds the
// hash randomly unless BPF_F_ZERO_SEED; we always use seed 0, so our order is the kernel's with
// BPF_F_ZERO_SEED and one valid order otherwise.
import { BpfMap, compareBytes, err, keyId, roundUp8, withoutLock, type ForEachCallback } from './base.js';
import { htabHash } from './jhash.js';
import type { LruNode } from './lru.js';
import {
  BPF_EXIST,
  BPF_F,
  BPF_F_ACCESS_MASK,
  BPF_NOEXIST,
  ERRNO,
  type MapBlock,
  type MapDef,
  type MapEntry,
  type MapEnv,
  type SysResult,
} from './types.js';

const HTAB_CREATE_FLAG_MASK =
  BPF_F.BPF_F_NO_PREALLOC | BPF_F.BPF_F_NO_COMMON_LRU | BPF_F.BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK | BPF_F.BPF_F_ZERO_SEED;
const KMALLOC_MAX_SIZE = 1 << 22;
const HTAB_ELEM_SIZE = 48;
const PCPU_MIN_UNIT_SIZE = 32768;

/** htab_map_alloc_check (+ the max_entries limit of htab_map_alloc). */
export function checkHtabDef(def: MapDef): number {
  const percpu = def.type === 5 || def.type === 10;
  const lru = def.type === 9 || def.type === 10;
  const percpuLru = (def.flags & BPF_F.BPF_F_NO_COMMON_LRU) !== 0;
  const prealloc = (def.flags & BPF_F.BPF_F_NO_PREALLOC) === 0;
  if (def.flags & ~HTAB_CREATE_FLAG_MASK) return -ERRNO.EINVAL;
  if (!lru && percpuLru) return -ERRNO.EINVAL;
  if (lru && !prealloc) return -ERRNO.ENOTSUPP;
  if (def.flags & BPF_F.BPF_F_NUMA_NODE && (percpu || percpuLru)) return -ERRNO.EINVAL;
  if (def.maxEntries === 0 || def.keySize === 0 || def.valueSize === 0) return -ERRNO.EINVAL;
  if (def.keySize + def.valueSize >= KMALLOC_MAX_SIZE - HTAB_ELEM_SIZE) return -ERRNO.E2BIG;
  if (percpu && roundUp8(def.valueSize) > PCPU_MIN_UNIT_SIZE) return -ERRNO.E2BIG;
  if (def.maxEntries > 2 ** 31) return -ERRNO.E2BIG;
  return 0;
}

export interface HtabElem {
  key: Uint8Array;
  id: string;
  hash: number;
  /** Insertion stamp: larger = nearer the head of its bucket. */
  seq: number;
  block: MapBlock;
  node?: LruNode;
}

function roundupPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export abstract class HtabBase extends BpfMap {
  protected readonly elems = new Map<string, HtabElem>();
  protected readonly percpu: boolean;
  protected readonly stride: number;
  /** Bytes of one element's value block. */
  protected readonly blockSize: number;
  protected nBuckets: number;
  private seq = 0;
  private order: HtabElem[] | undefined;
  private orderIndex: Map<HtabElem, number> | undefined;

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.percpu = def.type === 5 || def.type === 10;
    this.stride = roundUp8(def.valueSize);
    this.blockSize = this.percpu ? this.stride * env.ncpus : this.stride;
    this.nBuckets = roundupPow2(def.maxEntries);
  }

  get count(): number {
    return this.elems.size;
  }

  override sysValueSize(): number {
    return this.percpu ? this.blockSize : this.def.valueSize;
  }

  protected find(key: Uint8Array): HtabElem | undefined {
    return this.elems.get(keyId(key, this.def.keySize));
  }

  protected hashOf(key: Uint8Array): number {
    return htabHash(key, this.def.keySize, 0);
  }

  /** A new, unlinked element for `key` over `block`. */
  protected makeElem(key: Uint8Array, block: MapBlock): HtabElem {
    const k = key.slice(0, this.def.keySize);
    return { key: k, id: keyId(k, this.def.keySize), hash: this.hashOf(k), seq: 0, block };
  }

  /** hlist_nulls_add_head_rcu: links `e` at the head of its bucket. */
  protected link(e: HtabElem): void {
    e.seq = ++this.seq;
    this.elems.set(e.id, e);
    this.order = undefined;
    this.orderIndex = undefined;
  }

  protected unlink(e: HtabElem): void {
    this.elems.delete(e.id);
    this.order = undefined;
    this.orderIndex = undefined;
  }

  /** check_flags: EEXIST / ENOENT for BPF_NOEXIST / BPF_EXIST. */
  protected checkFlags(old: HtabElem | undefined, flags: number): number {
    const f = withoutLock(flags);
    if (old && f === BPF_NOEXIST) return -ERRNO.EEXIST;
    if (!old && f === BPF_EXIST) return -ERRNO.ENOENT;
    return 0;
  }

  /** Elements in the kernel's iteration order: bucket ascending, then head to tail. */
  protected ordered(): HtabElem[] {
    if (!this.order) {
      const mask = this.nBuckets - 1;
      this.order = [...this.elems.values()].sort((a, b) => (a.hash & mask) - (b.hash & mask) || b.seq - a.seq);
    }
    return this.order;
  }

  /** Value address a program sees for `e` (its current CPU's copy for per-CPU maps). */
  protected valueAddr(e: HtabElem): number {
    return e.block.addr + (this.percpu ? this.env.cpu * this.stride : 0);
  }

  override lookup(key: Uint8Array): number {
    const e = this.find(key);
    return e ? this.valueAddr(e) : 0;
  }

  override lookupPercpu(key: Uint8Array, cpu: number): number {
    if (!this.percpu || cpu >= this.env.ncpus) return 0;
    const e = this.find(key);
    return e ? e.block.addr + cpu * this.stride : 0;
  }

  override getNextKey(key: Uint8Array | null): SysResult {
    const order = this.ordered();
    let i = 0;
    if (key) {
      const e = this.find(key);
      if (e) {
        this.orderIndex ??= new Map(order.map((x, j) => [x, j]));
        i = this.orderIndex.get(e)! + 1;
      }
    }
    const next = order[i];
    return next ? { ret: 0, value: next.key.slice() } : err(ERRNO.ENOENT);
  }

  override forEach(cb: ForEachCallback): number {
    let n = 0;
    for (const e of [...this.ordered()]) {
      n++;
      if (cb(e.key.slice(), this.valueAddr(e))) break;
    }
    return n;
  }

  /** The user-space view of an element's value (all CPUs for per-CPU maps). */
  protected sysValueOf(e: HtabElem): Uint8Array {
    if (!this.percpu) return this.mem(e.block).slice(0, this.def.valueSize);
    return this.mem(e.block).slice(0, this.blockSize);
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    const e = this.find(key);
    return e ? { ret: 0, value: this.sysValueOf(e) } : err(ERRNO.ENOENT);
  }

  /** Writes the value of a new element: this CPU's copy + zeros (program) or all CPUs (user space). */
  protected initValue(e: HtabElem, value: Uint8Array, onAllCpus: boolean): void {
    if (!this.percpu) {
      this.copyValue(this.mem(e.block), 0, value);
      return;
    }
    for (let c = 0; c < this.env.ncpus; c++) {
      if (onAllCpus) this.copyValueLong(this.mem(e.block), c * this.stride, value, c * this.stride);
      else if (c === this.env.cpu) this.copyValue(this.mem(e.block), c * this.stride, value);
      else this.mem(e.block).fill(0, c * this.stride, c * this.stride + this.def.valueSize);
    }
  }

  /** pcpu_copy_value for an existing element. */
  protected copyPercpu(e: HtabElem, value: Uint8Array, onAllCpus: boolean): void {
    if (!onAllCpus) this.copyValue(this.mem(e.block), this.env.cpu * this.stride, value);
    else for (let c = 0; c < this.env.ncpus; c++) this.copyValueLong(this.mem(e.block), c * this.stride, value, c * this.stride);
  }

  override entries(): MapEntry[] {
    const list = [...this.elems.values()].sort((a, b) => compareBytes(a.key, b.key));
    return list.map((e) => {
      if (!this.percpu) return { key: e.key.slice(), value: this.mem(e.block).slice(0, this.def.valueSize) };
      const values: Uint8Array[] = [];
      for (let c = 0; c < this.env.ncpus; c++) values.push(this.mem(e.block).slice(c * this.stride, c * this.stride + this.def.valueSize));
      return { key: e.key.slice(), value: values };
    });
  }
}
