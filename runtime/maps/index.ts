// Public surface of runtime/maps: the BPF map types with kernel semantics, their factory and the types
// the loader, helpers and CLI use (MapDef, MapEnv, MapMemory).
export * from './types.js';
export { BpfMap, keyId, compareBytes, type ForEachCallback } from './base.js';
export { createMap, checkMapDef, MapCreateError, mapTypeName, errnoName, isSupportedMapType } from './factory.js';
export { createPlainMapMemory, type PlainMapMemory } from './memory.js';
export { vmMapMemory, type AddressSpaceLike } from './vm-memory.js';
export { jhash, jhash2, htabHash } from './jhash.js';
export { ArrayMap } from './array.js';
export { PercpuArrayMap } from './percpu-array.js';
export { HashMap } from './hash.js';
export { PercpuHashMap } from './percpu-hash.js';
export { LruHashMap, lruMaxEntries } from './lru-hash.js';
export { LruPercpuHashMap } from './lru-percpu-hash.js';
export { LpmTrieMap } from './lpm-trie.js';
export { ProgArrayMap } from './prog-array.js';
export { ArrayOfMapsMap, innerMapMatches } from './array-of-maps.js';
export { HashOfMapsMap } from './hash-of-maps.js';
export { PerfEventArrayMap, BPF_F_CURRENT_CPU, BPF_F_INDEX_MASK, BPF_F_CTXLEN_MASK, type PerfRecord } from './perf-event-array.js';
export { QueueMap } from './queue.js';
export { StackMap } from './stack.js';
export { BloomFilterMap } from './bloom-filter.js';
export {
  RingbufMap,
  BPF_RINGBUF_BUSY_BIT,
  BPF_RINGBUF_DISCARD_BIT,
  BPF_RINGBUF_HDR_SZ,
  BPF_RB_AVAIL_DATA,
  BPF_RB_RING_SIZE,
  BPF_RB_CONS_POS,
  BPF_RB_PROD_POS,
  type RingbufRecord,
} from './ringbuf.js';
export { DevmapMap, type DevTarget } from './devmap.js';
export { DevmapHashMap } from './devmap-hash.js';
export { CpumapMap, type CpuTarget } from './cpumap.js';
export { XskmapMap } from './xskmap.js';
