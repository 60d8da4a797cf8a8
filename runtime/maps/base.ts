// The base of every map type: the user-space (syscall) layer of kernel/bpf/syscall.c — flag checks,
// BPF_F_RDONLY/WRONLY and freeze permissions, per-CPU value layout — over per-type program-side
// operations (the kernel's struct bpf_map_ops). Each map type in this folder extends BpfMap and
// overrides what its kernel ops implement; what it does not implement returns the kernel's errno.
import {
  BPF_F,
  BPF_F_LOCK,
  ERRNO,
  type MapBlock,
  type MapDef,
  type MapEntry,
  type MapEnv,
  type SysResult,
} from './types.js';

export const roundUp8 = (n: number): number => Math.ceil(n / 8) * 8;

/** A string that identifies key bytes (one char per byte), for JS Map lookups. */
export function keyId(key: Uint8Array, size: number): string {
  let s = '';
  for (let i = 0; i < size; i++) s += String.fromCharCode(key[i] ?? 0);
  return s;
}

/** Lexicographic byte comparison (dump order of hash-like maps). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function readU32(b: Uint8Array, off = 0): number {
  return ((b[off] ?? 0) | ((b[off + 1] ?? 0) << 8) | ((b[off + 2] ?? 0) << 16) | ((b[off + 3] ?? 0) << 24)) >>> 0;
}

export function u32Bytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  b[0] = v & 0xff;
  b[1] = (v >>> 8) & 0xff;
  b[2] = (v >>> 16) & 0xff;
  b[3] = (v >>> 24) & 0xff;
  return b;
}

export const err = (errno: number): SysResult => ({ ret: -errno });

/**
 * dst.set(src.subarray(srcOff, srcOff + n), dstOff), without the subarray when it would be all of src:
 * a subarray of a small array V8 keeps on its heap (a fresh slice) forces its bytes off-heap first,
 * which costs more than the copy.
 */
function copyBytes(dst: Uint8Array, dstOff: number, src: Uint8Array, srcOff: number, n: number): void {
  if (srcOff === 0 && n === src.length) dst.set(src, dstOff);
  else dst.set(src.subarray(srcOff, srcOff + n), dstOff);
}

/** Update flags without BPF_F_LOCK (safe for flags above 2^31, unlike `flags & ~BPF_F_LOCK`). */
export const withoutLock = (flags: number): number => flags - (flags & BPF_F_LOCK);

/** Callback of bpf_for_each_map_elem: return true to stop (the program's callback returned 1). */
export type ForEachCallback = (key: Uint8Array, valueAddr: number) => boolean;

export abstract class BpfMap {
  readonly def: Readonly<MapDef>;
  frozen = false;
  /** Value blocks released by deletes, reused by later inserts (the kernel's preallocated free list). */
  private readonly pool: MapBlock[] = [];

  constructor(
    def: MapDef,
    readonly env: MapEnv,
  ) {
    this.def = { ...def };
  }

  get name(): string {
    return this.def.name ?? '';
  }

  /** bpf_map_value_size(): bytes of one value as user space sees it. */
  sysValueSize(): number {
    return this.def.valueSize;
  }

  // ------------------------------------------------------------------ program side (helpers)

  /** bpf_map_lookup_elem: address of the value in VM memory, or 0. */
  lookup(_key: Uint8Array): number {
    return 0;
  }
  /**
   * lookup() of the key that lies in `u8` (VM memory) at `off`, for the helpers: the key is only read,
   * never kept. Types override it to read the key in place; this default copies it out first.
   */
  lookupAt(u8: Uint8Array, off: number): number {
    return this.lookup(u8.slice(off, off + this.def.keySize));
  }
  /**
   * update() with the key at `keyOff` and the value at `valueOff` of `u8` (VM memory), for the helpers.
   * The result must be update()'s on copies of both taken before the call; types may fail early without
   * copying. This default copies both.
   */
  updateAt(u8: Uint8Array, keyOff: number, valueOff: number, flags: number): number {
    return this.update(u8.slice(keyOff, keyOff + this.def.keySize), u8.slice(valueOff, valueOff + this.def.valueSize), flags);
  }
  /** bpf_map_lookup_percpu_elem. */
  lookupPercpu(_key: Uint8Array, _cpu: number): number {
    return 0;
  }
  /** bpf_map_update_elem: 0 or -errno. */
  update(_key: Uint8Array, _value: Uint8Array, _flags: number): number {
    return -ERRNO.EINVAL;
  }
  /** bpf_map_delete_elem: 0 or -errno. */
  delete(_key: Uint8Array): number {
    return -ERRNO.EINVAL;
  }
  /** bpf_map_push_elem (queue, stack, bloom filter). */
  push(_value: Uint8Array, _flags: number): number {
    return -ERRNO.EINVAL;
  }
  /** bpf_map_pop_elem: writes the value into `out`. */
  pop(_out: Uint8Array): number {
    return -ERRNO.EINVAL;
  }
  /** bpf_map_peek_elem: writes the value into `out` (bloom filter: `out` is the value to test). */
  peek(_out: Uint8Array): number {
    return -ERRNO.EINVAL;
  }
  /** bpf_for_each_map_elem: visits elements in the kernel's order; returns the number visited. */
  forEach(_cb: ForEachCallback): number {
    return -ERRNO.EINVAL;
  }

  /** map_get_next_key (user space only in the kernel). */
  getNextKey(_key: Uint8Array | null): SysResult {
    return err(ERRNO.EINVAL);
  }

  // ------------------------------------------------------------------ user side (bpf syscall)

  /** BPF_MAP_LOOKUP_ELEM. Per-CPU maps return ncpus values of round_up(value_size, 8) bytes. */
  sysLookup(key: Uint8Array | null, flags = 0): SysResult {
    if (flags & ~BPF_F_LOCK) return err(ERRNO.EINVAL);
    if (this.def.flags & BPF_F.BPF_F_WRONLY) return err(ERRNO.EPERM);
    if (flags & BPF_F_LOCK && this.def.spinLockOff === undefined) return err(ERRNO.EINVAL);
    return this.sysCopyValue(key ?? new Uint8Array(this.def.keySize), flags);
  }

  /** BPF_MAP_UPDATE_ELEM. */
  sysUpdate(key: Uint8Array | null, value: Uint8Array, flags = 0): number {
    if (flags & BPF_F_LOCK && this.def.spinLockOff === undefined) return -ERRNO.EINVAL;
    if (this.def.flags & BPF_F.BPF_F_RDONLY || this.frozen) return -ERRNO.EPERM;
    if (value.length < this.sysValueSize()) return -ERRNO.EFAULT;
    return this.sysUpdateValue(key ?? new Uint8Array(this.def.keySize), value, flags);
  }

  /** BPF_MAP_DELETE_ELEM. */
  sysDelete(key: Uint8Array | null): number {
    if (this.def.flags & BPF_F.BPF_F_RDONLY || this.frozen) return -ERRNO.EPERM;
    return this.delete(key ?? new Uint8Array(this.def.keySize));
  }

  /** BPF_MAP_GET_NEXT_KEY; `key` null asks for the first key. */
  sysGetNextKey(key: Uint8Array | null): SysResult {
    if (this.def.flags & BPF_F.BPF_F_WRONLY) return err(ERRNO.EPERM);
    return this.getNextKey(key);
  }

  /** BPF_MAP_LOOKUP_AND_DELETE_ELEM (hash maps; pop for queue and stack). */
  sysLookupAndDelete(key: Uint8Array | null, flags = 0): SysResult {
    if (flags & ~BPF_F_LOCK) return err(ERRNO.EINVAL);
    if (flags & BPF_F_LOCK && this.def.spinLockOff === undefined) return err(ERRNO.EINVAL);
    if (this.def.flags & (BPF_F.BPF_F_RDONLY | BPF_F.BPF_F_WRONLY) || this.frozen) return err(ERRNO.EPERM);
    return this.sysLookupAndDeleteValue(key ?? new Uint8Array(this.def.keySize), flags);
  }

  /** BPF_MAP_FREEZE: user space can no longer write; -EPERM when it already cannot (frozen or RDONLY). */
  freeze(): number {
    if (this.frozen || this.def.flags & BPF_F.BPF_F_RDONLY) return -ERRNO.EPERM;
    this.frozen = true;
    return 0;
  }

  /** Every entry in a stable order: arrays by index, hash-like maps sorted by key bytes. */
  abstract entries(): MapEntry[];

  // ------------------------------------------------------------------ hooks for the types

  protected sysCopyValue(_key: Uint8Array, _flags: number): SysResult {
    return err(ERRNO.ENOTSUPP);
  }
  protected sysUpdateValue(key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.update(key, value, flags);
  }
  protected sysLookupAndDeleteValue(_key: Uint8Array, _flags: number): SysResult {
    return err(ERRNO.ENOTSUPP);
  }

  // ------------------------------------------------------------------ value storage

  /** A value block of `size` bytes from the free pool or fresh from MapMemory (fresh blocks are zero). */
  protected allocBlock(size: number): MapBlock {
    return this.pool.pop() ?? this.newBlock(size);
  }
  /** A fresh block from MapMemory. */
  protected newBlock(size: number): MapBlock {
    return { addr: this.env.memory.allocate(size, this.name || 'map'), size };
  }
  /** The bytes of a block (a fresh view each time: never keep it across allocations). */
  protected mem(b: MapBlock): Uint8Array {
    return this.env.memory.bytes(b.addr, b.size);
  }
  protected releaseBlock(b: MapBlock): void {
    this.pool.push(b);
  }

  /** copy_map_value: copies value_size bytes (`n`: copy_map_value_long's rounded size), leaving a
   *  bpf_spin_lock field untouched. */
  protected copyValue(dst: Uint8Array, dstOff: number, src: Uint8Array, srcOff = 0, n = this.def.valueSize): void {
    const lock = this.def.spinLockOff;
    if (lock === undefined) {
      copyBytes(dst, dstOff, src, srcOff, n);
      return;
    }
    copyBytes(dst, dstOff, src, srcOff, lock);
    copyBytes(dst, dstOff + lock + 4, src, srcOff + lock + 4, n - lock - 4);
  }

  /** copy_map_value_long: the whole round_up(value_size, 8) bytes (per-CPU values from user space). */
  protected copyValueLong(dst: Uint8Array, dstOff: number, src: Uint8Array, srcOff: number): void {
    this.copyValue(dst, dstOff, src, srcOff, roundUp8(this.def.valueSize));
  }
}
