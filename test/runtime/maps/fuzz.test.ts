// Seeded random operations (program side and user side, random keys, values, flags and CPUs) on every
// map type: every call returns a result (0/-errno, an address, a SysResult) and never throws; returned
// value addresses always point inside live map memory.
import { describe, expect, it } from 'vitest';
import { BPF_MAP_TYPE as T, createMap, createPlainMapMemory, type BpfMap, type MapDef, type MapEnv } from '../../../runtime/maps/index.js';

const DEFS: MapDef[] = [
  { type: T.BPF_MAP_TYPE_HASH, keySize: 3, valueSize: 5, maxEntries: 8, flags: 0 },
  { type: T.BPF_MAP_TYPE_HASH, keySize: 8, valueSize: 8, maxEntries: 4, flags: 1 },
  { type: T.BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 6, maxEntries: 5, flags: 0 },
  { type: T.BPF_MAP_TYPE_PERCPU_ARRAY, keySize: 4, valueSize: 4, maxEntries: 3, flags: 0 },
  { type: T.BPF_MAP_TYPE_PERCPU_HASH, keySize: 4, valueSize: 12, maxEntries: 6, flags: 0 },
  { type: T.BPF_MAP_TYPE_LRU_HASH, keySize: 4, valueSize: 8, maxEntries: 7, flags: 0 },
  { type: T.BPF_MAP_TYPE_LRU_HASH, keySize: 2, valueSize: 8, maxEntries: 9, flags: 2 },
  { type: T.BPF_MAP_TYPE_LRU_PERCPU_HASH, keySize: 4, valueSize: 8, maxEntries: 6, flags: 0 },
  { type: T.BPF_MAP_TYPE_LPM_TRIE, keySize: 6, valueSize: 3, maxEntries: 10, flags: 1 },
  { type: T.BPF_MAP_TYPE_QUEUE, keySize: 0, valueSize: 4, maxEntries: 3, flags: 0 },
  { type: T.BPF_MAP_TYPE_STACK, keySize: 0, valueSize: 4, maxEntries: 3, flags: 0 },
  { type: T.BPF_MAP_TYPE_BLOOM_FILTER, keySize: 0, valueSize: 5, maxEntries: 10, flags: 0 },
  { type: T.BPF_MAP_TYPE_DEVMAP, keySize: 4, valueSize: 8, maxEntries: 4, flags: 0 },
  { type: T.BPF_MAP_TYPE_DEVMAP_HASH, keySize: 4, valueSize: 4, maxEntries: 4, flags: 0 },
  { type: T.BPF_MAP_TYPE_CPUMAP, keySize: 4, valueSize: 4, maxEntries: 4, flags: 0 },
  { type: T.BPF_MAP_TYPE_XSKMAP, keySize: 4, valueSize: 4, maxEntries: 4, flags: 0 },
  { type: T.BPF_MAP_TYPE_PROG_ARRAY, keySize: 4, valueSize: 4, maxEntries: 4, flags: 0 },
  { type: T.BPF_MAP_TYPE_PERF_EVENT_ARRAY, keySize: 4, valueSize: 4, maxEntries: 4, flags: 0 },
  { type: T.BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096, flags: 0 },
];

describe('map fuzz', () => {
  for (const def of DEFS) {
    it(`type ${def.type} key ${def.keySize} value ${def.valueSize} flags ${def.flags}`, () => {
      const memory = createPlainMapMemory();
      const env: MapEnv = { memory, ncpus: 3, cpu: 0, resolveProgFd: (fd) => (fd < 3 ? { id: fd, prog: fd } : undefined), resolveXskFd: (fd) => (fd < 3 ? fd + 1 : undefined) };
      const m: BpfMap = createMap({ ...def, name: 'fz' }, env);
      let s = def.type * 7919 + def.keySize;
      const rnd = (n: number): number => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s % n;
      };
      const bytes = (n: number): Uint8Array => new Uint8Array(n).map(() => (rnd(4) === 0 ? rnd(256) : rnd(4)));
      const flags = (): number => [0, 1, 2, 3, 4, 5, 8, 0xffffffff, 2 ** 40][rnd(9)]!;
      for (let i = 0; i < 3000; i++) {
        env.cpu = rnd(3);
        const key = bytes(def.keySize);
        const value = bytes(Math.max(def.valueSize, 8) * 3);
        const checkAddr = (a: number): void => {
          if (a !== 0 && def.type !== T.BPF_MAP_TYPE_XSKMAP) expect(memory.view(a, Math.max(def.valueSize, 1))).toBeDefined();
        };
        switch (rnd(12)) {
          case 0: checkAddr(m.lookup(key)); break;
          case 1: expect(typeof m.update(key, value, flags())).toBe('number'); break;
          case 2: expect(typeof m.delete(key)).toBe('number'); break;
          case 3: expect(typeof m.push(value, flags())).toBe('number'); break;
          case 4: expect(typeof m.pop(new Uint8Array(def.valueSize))).toBe('number'); break;
          case 5: expect(typeof m.sysUpdate(key, value, flags())).toBe('number'); break;
          case 6: expect(typeof m.sysLookup(rnd(2) ? key : null, flags()).ret).toBe('number'); break;
          case 7: expect(typeof m.sysGetNextKey(rnd(2) ? key : null).ret).toBe('number'); break;
          case 8: expect(typeof m.sysLookupAndDelete(key, flags()).ret).toBe('number'); break;
          case 9: expect(typeof m.forEach(() => rnd(5) === 0)).toBe('number'); break;
          case 10: checkAddr(m.lookupPercpu(key, rnd(4))); break;
          default: expect(Array.isArray(m.entries())).toBe(true);
        }
      }
    });
  }
});
