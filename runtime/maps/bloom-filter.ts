// BPF_MAP_TYPE_BLOOM_FILTER (kernel/bpf/bloom_filter.c): a bit array of roundup_pow_of_two(max_entries *
// nr_hashes / 5 * 7) bits (at least 64); value i sets bits jhash(value, seed + i) & mask for i <
// nr_hashes (map_extra & 0xf, default 5). Push adds, peek tests (false positives exactly where the
// kernel has them when it runs with BPF_F_ZERO_SEED; our seed is always 0).
import { BpfMap, err } from './base.js';
import { htabHash } from './jhash.js';
import { BPF_ANY, BPF_F, BPF_F_ACCESS_MASK, ERRNO } from './types.js';
import type { MapDef, MapEntry, MapEnv, SysResult } from './types.js';

const BLOOM_CREATE_FLAG_MASK = BPF_F.BPF_F_NUMA_NODE | BPF_F.BPF_F_ZERO_SEED | BPF_F_ACCESS_MASK;
/** Above this many bits the set is kept sparse instead of as a byte array. */
const DENSE_BITS_MAX = 2 ** 27;

export class BloomFilterMap extends BpfMap {
  static check(def: MapDef): number {
    if (def.valueSize > 1 << 22) return -ERRNO.E2BIG;
    const extra = def.mapExtra ?? 0;
    if (def.keySize !== 0 || def.valueSize === 0 || def.maxEntries === 0 || def.flags & ~BLOOM_CREATE_FLAG_MASK || extra & ~0xf || extra > 0xf)
      return -ERRNO.EINVAL;
    return 0;
  }

  readonly nrHashFuncs: number;
  readonly bitsetMask: number;
  private readonly dense: Uint8Array | undefined;
  private readonly sparse: Set<number> | undefined;

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.nrHashFuncs = (def.mapExtra ?? 0) & 0xf || 5;
    let nrBits = def.maxEntries * this.nrHashFuncs;
    let mask: number;
    if (nrBits > 0xffffffff || Math.floor(nrBits / 5) * 7 > 0xffffffff || Math.floor(nrBits / 5) * 7 > 2 ** 31) {
      mask = 0xffffffff;
    } else {
      nrBits = Math.floor(nrBits / 5) * 7;
      if (nrBits <= 64) nrBits = 64;
      else {
        let p = 1;
        while (p < nrBits) p *= 2;
        nrBits = p;
      }
      mask = nrBits - 1;
    }
    this.bitsetMask = mask;
    if (mask + 1 <= DENSE_BITS_MAX) this.dense = new Uint8Array((mask + 1) / 8);
    else this.sparse = new Set();
  }

  private hash(value: Uint8Array, index: number): number {
    return (htabHash(value, this.def.valueSize, (0 + index) | 0) & this.bitsetMask) >>> 0;
  }

  private testBit(h: number): boolean {
    if (this.dense) return (this.dense[h >>> 3]! & (1 << (h & 7))) !== 0;
    return this.sparse!.has(h);
  }

  private setBit(h: number): void {
    if (this.dense) this.dense[h >>> 3]! |= 1 << (h & 7);
    else this.sparse!.add(h);
  }

  /** bloom_map_push_elem. */
  override push(value: Uint8Array, flags: number): number {
    if (flags !== BPF_ANY) return -ERRNO.EINVAL;
    for (let i = 0; i < this.nrHashFuncs; i++) this.setBit(this.hash(value, i));
    return 0;
  }

  /** bloom_map_peek_elem: 0 when `value` may be present, -ENOENT when it certainly is not. */
  override peek(value: Uint8Array): number {
    for (let i = 0; i < this.nrHashFuncs; i++) if (!this.testBit(this.hash(value, i))) return -ERRNO.ENOENT;
    return 0;
  }

  override pop(): number {
    return -ERRNO.EOPNOTSUPP;
  }
  override delete(): number {
    return -ERRNO.EOPNOTSUPP;
  }
  override getNextKey(): SysResult {
    return err(ERRNO.EOPNOTSUPP);
  }

  /** BPF_MAP_LOOKUP_ELEM on a bloom filter: user space passes the value to test. */
  sysTest(value: Uint8Array): number {
    if (this.def.flags & BPF_F.BPF_F_WRONLY) return -ERRNO.EPERM;
    return this.peek(value);
  }

  protected override sysUpdateValue(_key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.push(value, flags);
  }

  /** A bloom filter cannot list what it holds. */
  override entries(): MapEntry[] {
    return [];
  }
}
