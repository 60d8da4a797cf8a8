// BPF_MAP_CREATE: validates a MapDef as the kernel does (syscall.c map_create's generic checks, then the
// type's map_alloc_check/map_alloc checks) and builds the map object for its `BPF_MAP_TYPE_*` id.
// Invalid definitions throw MapCreateError (stage "maps") carrying the kernel's errno.
import { EbpfcError } from '../errors.js';
import { ArrayMap } from './array.js';
import { ArrayOfMapsMap } from './array-of-maps.js';
import type { BpfMap } from './base.js';
import { BloomFilterMap } from './bloom-filter.js';
import { CpumapMap } from './cpumap.js';
import { DevmapMap } from './devmap.js';
import { DevmapHashMap } from './devmap-hash.js';
import { HashMap } from './hash.js';
import { HashOfMapsMap } from './hash-of-maps.js';
import { LpmTrieMap } from './lpm-trie.js';
import { LruHashMap } from './lru-hash.js';
import { LruPercpuHashMap } from './lru-percpu-hash.js';
import { PercpuArrayMap } from './percpu-array.js';
import { PercpuHashMap } from './percpu-hash.js';
import { PerfEventArrayMap } from './perf-event-array.js';
import { ProgArrayMap } from './prog-array.js';
import { QueueMap } from './queue.js';
import { RingbufMap } from './ringbuf.js';
import { StackMap } from './stack.js';
import { BPF_F, BPF_MAP_TYPE, ERRNO, type MapDef, type MapEnv } from './types.js';
import { XskmapMap } from './xskmap.js';

interface MapClass {
  new (def: MapDef, env: MapEnv): BpfMap;
  check(def: MapDef): number;
}

const T = BPF_MAP_TYPE;
const CLASSES: ReadonlyMap<number, MapClass> = new Map<number, MapClass>([
  [T.BPF_MAP_TYPE_HASH, HashMap],
  [T.BPF_MAP_TYPE_ARRAY, ArrayMap],
  [T.BPF_MAP_TYPE_PROG_ARRAY, ProgArrayMap],
  [T.BPF_MAP_TYPE_PERF_EVENT_ARRAY, PerfEventArrayMap],
  [T.BPF_MAP_TYPE_PERCPU_HASH, PercpuHashMap],
  [T.BPF_MAP_TYPE_PERCPU_ARRAY, PercpuArrayMap],
  [T.BPF_MAP_TYPE_LRU_HASH, LruHashMap],
  [T.BPF_MAP_TYPE_LRU_PERCPU_HASH, LruPercpuHashMap],
  [T.BPF_MAP_TYPE_LPM_TRIE, LpmTrieMap],
  [T.BPF_MAP_TYPE_ARRAY_OF_MAPS, ArrayOfMapsMap],
  [T.BPF_MAP_TYPE_HASH_OF_MAPS, HashOfMapsMap],
  [T.BPF_MAP_TYPE_DEVMAP, DevmapMap],
  [T.BPF_MAP_TYPE_CPUMAP, CpumapMap],
  [T.BPF_MAP_TYPE_XSKMAP, XskmapMap],
  [T.BPF_MAP_TYPE_QUEUE, QueueMap],
  [T.BPF_MAP_TYPE_STACK, StackMap],
  [T.BPF_MAP_TYPE_DEVMAP_HASH, DevmapHashMap],
  [T.BPF_MAP_TYPE_RINGBUF, RingbufMap],
  [T.BPF_MAP_TYPE_BLOOM_FILTER, BloomFilterMap],
]);

/** Map type name without the BPF_MAP_TYPE_ prefix, lower case as bpftool prints it ("lru_hash"). */
export function mapTypeName(type: number): string {
  const e = Object.entries(BPF_MAP_TYPE).find(([, v]) => v === type);
  return e ? e[0].slice('BPF_MAP_TYPE_'.length).toLowerCase() : `type ${type}`;
}

/** The errno's name ("EINVAL") for a negative or positive errno. */
export function errnoName(errno: number): string {
  const n = Math.abs(errno);
  const e = Object.entries(ERRNO).find(([, v]) => v === n);
  return e ? e[0] : `errno ${n}`;
}

/** Whether createMap supports the type. */
export function isSupportedMapType(type: number): boolean {
  return CLASSES.has(type);
}

const NAME_RE = /^[A-Za-z0-9_.]{0,15}$/;

/** map_create's checks: 0 when the kernel would create the map, else the negative errno it returns. */
export function checkMapDef(def: MapDef): number {
  for (const v of [def.type, def.keySize, def.valueSize, def.maxEntries, def.flags])
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) return -ERRNO.EINVAL;
  const cls = CLASSES.get(def.type);
  if (!cls) return -ERRNO.EINVAL;
  if (def.name !== undefined && !NAME_RE.test(def.name)) return -ERRNO.EINVAL;
  const extra = def.mapExtra ?? 0;
  if (!Number.isInteger(extra) || extra < 0) return -ERRNO.EINVAL;
  if (def.type !== T.BPF_MAP_TYPE_BLOOM_FILTER && extra !== 0) return -ERRNO.EINVAL;
  const f = def.flags;
  if (f & BPF_F.BPF_F_RDONLY && f & BPF_F.BPF_F_WRONLY) return -ERRNO.EINVAL;
  if (f & BPF_F.BPF_F_RDONLY_PROG && f & BPF_F.BPF_F_WRONLY_PROG) return -ERRNO.EINVAL;
  return cls.check(def);
}

/** A map definition the kernel would refuse. */
export class MapCreateError extends EbpfcError {
  constructor(
    readonly errno: number,
    def: MapDef,
  ) {
    super(
      'maps',
      `map "${def.name ?? ''}" (${mapTypeName(def.type)}, key_size ${def.keySize}, value_size ${def.valueSize}, ` +
        `max_entries ${def.maxEntries}, flags 0x${(def.flags >>> 0).toString(16)}): BPF_MAP_CREATE fails with ${errnoName(errno)}`,
    );
    this.name = 'MapCreateError';
  }
}

/** Creates a map as BPF_MAP_CREATE would, or throws MapCreateError with the kernel's errno. */
export function createMap(def: MapDef, env: MapEnv): BpfMap {
  const r = checkMapDef(def);
  if (r) throw new MapCreateError(-r, def);
  return new (CLASSES.get(def.type)!)(def, env);
}
