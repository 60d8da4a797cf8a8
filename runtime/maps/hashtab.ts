// The hash table shared by HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH and HASH_OF_MAPS
// (kernel/bpf/hashtab.c): elements keyed by their bytes, values in VM memory, and the kernel's bucket
// order for get_next_key and bpf_for_each_map_elem: n_buckets = roundup_pow_of_two(max_entries), bucket
// = jhash(key, seed 0) & (n_buckets - 1), new elements at the head of their bucket. The kernel seeds the
// hash randomly unless BPF_F_ZERO_SEED; we always use seed 0, so our order is the kernel's with
// BPF_F_ZERO_SEED and one valid order otherwise.
//
// Storage: elements are found by their jhash (a JS Map from the hash's low 30 bits to a chain of
// elements) and compared byte by byte, so a lookup hashes the key where it lies (`findAt`: VM memory at
// an address) and allocates nothing.
import { BpfMap, compareBytes, err, roundUp8, withoutLock, type ForEachCallback } from './base.js';
import { htabHashAt } from './jhash.js';
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
  /** the key as given, cut to keySize bytes */
  key: Uint8Array;
  /** `key` zero-padded to keySize bytes (the same array when the key was whole): what lookups compare */
  full: Uint8Array;
  hash: number;
  /** Insertion stamp: larger = nearer the head of its bucket. */
  seq: number;
  block: MapBlock;
  node?: LruNode;
  /** whether the element is in the table */
  linked: boolean;
  /** the next linked element whose hash has the same low 30 bits */
  next: HtabElem | undefined;
}

/** The table slot of a hash: its low 30 bits (always a small integer for the JS Map). */
const slotOf = (hash: number): number => hash & 0x3fffffff;

function roundupPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export abstract class HtabBase extends BpfMap {
  /** linked elements by slotOf(hash): the first of a chain through `next` */
  private readonly table = new Map<number, HtabElem>();
  private nElems = 0;
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
    return this.nElems;
  }

  /** Every linked element (in no particular order). */
  protected allElems(): HtabElem[] {
    const out: HtabElem[] = [];
    for (const first of this.table.values()) for (let e: HtabElem | undefined = first; e; e = e.next) out.push(e);
    return out;
  }

  override sysValueSize(): number {
    return this.percpu ? this.blockSize : this.def.valueSize;
  }

  /** The element of `key` (bytes past its end count as zero). */
  protected find(key: Uint8Array): HtabElem | undefined {
    return this.findAt(key.length >= this.def.keySize ? key : this.padded(key), 0);
  }

  /** The element whose key is the keySize bytes of `u8` at `off`. */
  protected findAt(u8: Uint8Array, off: number): HtabElem | undefined {
    const n = this.def.keySize;
    const hash = htabHashAt(u8, off, n, 0);
    for (let e = this.table.get(slotOf(hash)); e !== undefined; e = e.next) {
      if (e.hash !== hash) continue;
      const k = e.full;
      let i = 0;
      while (i < n && k[i] === u8[off + i]) i++;
      if (i === n) return e;
    }
    return undefined;
  }

  private padded(key: Uint8Array): Uint8Array {
    const k = new Uint8Array(this.def.keySize);
    k.set(key);
    return k;
  }

  protected hashOf(key: Uint8Array): number {
    return htabHashAt(key, 0, this.def.keySize, 0);
  }

  /** A new, unlinked element for `key` over `block`. */
  protected makeElem(key: Uint8Array, block: MapBlock): HtabElem {
    const k = key.slice(0, this.def.keySize);
    const full = k.length === this.def.keySize ? k : this.padded(k);
    return { key: k, full, hash: this.hashOf(full), seq: 0, block, linked: false, next: undefined };
  }

  /**
   * makeElem() of the key that lies in `u8` at `off` (copied once, as the element keeps it), or, when
   * `same` (an element with these key bytes) holds a whole key, sharing its key: stored keys are never
   * handed out or changed.
   */
  protected makeElemAt(u8: Uint8Array, off: number, block: MapBlock, same?: HtabElem): HtabElem {
    if (same !== undefined && same.key === same.full) {
      return { key: same.key, full: same.full, hash: same.hash, seq: 0, block, linked: false, next: undefined };
    }
    const k = u8.slice(off, off + this.def.keySize);
    return { key: k, full: k, hash: this.hashOf(k), seq: 0, block, linked: false, next: undefined };
  }

  /**
   * The value that lies in `u8` at `off`, to be copied into `block`: a view, or a copy when it overlaps
   * the block (the copy must read the value as it was before any byte of the block is written).
   */
  protected valueAt(u8: Uint8Array, off: number, block: MapBlock): Uint8Array {
    const n = this.def.valueSize;
    if (off < block.addr + block.size && off + n > block.addr) return u8.slice(off, off + n);
    return u8.subarray(off, off + n);
  }

  /** hlist_nulls_add_head_rcu: links `e` at the head of its bucket. */
  protected link(e: HtabElem): void {
    e.seq = ++this.seq;
    const slot = slotOf(e.hash);
    e.next = this.table.get(slot);
    this.table.set(slot, e);
    e.linked = true;
    this.nElems++;
    this.order = undefined;
    this.orderIndex = undefined;
  }

  /** unlink(old) then link(e), for an element with the same key (one table update). */
  protected replace(old: HtabElem, e: HtabElem): void {
    if (!old.linked || slotOf(old.hash) !== slotOf(e.hash)) {
      this.unlink(old);
      this.link(e);
      return;
    }
    const slot = slotOf(e.hash);
    const first = this.table.get(slot)!;
    e.next = old.next;
    if (first === old) this.table.set(slot, e);
    else {
      let p = first;
      while (p.next !== old) p = p.next!;
      p.next = e;
    }
    old.next = undefined;
    old.linked = false;
    e.linked = true;
    e.seq = ++this.seq;
    this.order = undefined;
    this.orderIndex = undefined;
  }

  protected unlink(e: HtabElem): void {
    if (!e.linked) return;
    const slot = slotOf(e.hash);
    const first = this.table.get(slot);
    if (first === e) {
      if (e.next === undefined) this.table.delete(slot);
      else this.table.set(slot, e.next);
    } else {
      let p = first;
      while (p !== undefined && p.next !== e) p = p.next;
      if (p !== undefined) p.next = e.next;
    }
    e.next = undefined;
    e.linked = false;
    this.nElems--;
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
      this.order = this.allElems().sort((a, b) => (a.hash & mask) - (b.hash & mask) || b.seq - a.seq);
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

  override lookupAt(u8: Uint8Array, off: number): number {
    const e = this.findAt(u8, off);
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
    const list = this.allElems().sort((a, b) => compareBytes(a.key, b.key));
    return list.map((e) => {
      if (!this.percpu) return { key: e.key.slice(), value: this.mem(e.block).slice(0, this.def.valueSize) };
      const values: Uint8Array[] = [];
      for (let c = 0; c < this.env.ncpus; c++) values.push(this.mem(e.block).slice(c * this.stride, c * this.stride + this.def.valueSize));
      return { key: e.key.slice(), value: values };
    });
  }
}
