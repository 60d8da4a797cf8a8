// lookupAt / updateAt (the helpers' path: key and value read where they lie in VM memory) must give
// exactly what lookup / update give on copies: the same results, errnos, value addresses and contents,
// and the same iteration order. Two maps of each type get the same seeded random operations, one
// through each path, with colliding keys, full maps and every update flag.
import { describe, expect, it } from 'vitest';
import { BPF_MAP_TYPE as T, createMap, createPlainMapMemory, type BpfMap, type MapDef } from '../../../runtime/maps/index.js';

const DEFS: MapDef[] = [
  { type: T.BPF_MAP_TYPE_HASH, keySize: 4, valueSize: 8, maxEntries: 16, flags: 0 },
  { type: T.BPF_MAP_TYPE_HASH, keySize: 3, valueSize: 5, maxEntries: 8, flags: 1 },
  { type: T.BPF_MAP_TYPE_HASH, keySize: 13, valueSize: 8, maxEntries: 64, flags: 0 },
  { type: T.BPF_MAP_TYPE_PERCPU_HASH, keySize: 6, valueSize: 12, maxEntries: 7, flags: 0 },
  { type: T.BPF_MAP_TYPE_LRU_HASH, keySize: 5, valueSize: 8, maxEntries: 9, flags: 2 },
  { type: T.BPF_MAP_TYPE_LRU_PERCPU_HASH, keySize: 8, valueSize: 4, maxEntries: 12, flags: 0 },
  { type: T.BPF_MAP_TYPE_LPM_TRIE, keySize: 8, valueSize: 8, maxEntries: 40, flags: 1 },
  { type: T.BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8, maxEntries: 10, flags: 0 },
  { type: T.BPF_MAP_TYPE_PERCPU_ARRAY, keySize: 4, valueSize: 8, maxEntries: 10, flags: 0 },
];

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

const hex = (m: BpfMap): string =>
  JSON.stringify(m.entries(), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));

describe('in-place key and value access', () => {
  for (const def of DEFS) {
    it(`map type ${def.type}, key ${def.keySize}, value ${def.valueSize}, ${def.maxEntries} entries`, () => {
      const r = rng(0x1234 + def.type * 31 + def.keySize);
      const envA = { memory: createPlainMapMemory(), ncpus: 2, cpu: 0 };
      const envB = { memory: createPlainMapMemory(), ncpus: 2, cpu: 0 };
      const a = createMap(def, envA);
      const b = createMap(def, envB);
      const lpm = def.type === T.BPF_MAP_TYPE_LPM_TRIE;
      const buf = new Uint8Array(96);
      for (let i = 0; i < 3000; i++) {
        const cpu = r() % 2;
        envA.cpu = cpu;
        envB.cpu = cpu;
        const keyOff = r() % 24;
        const valueOff = 40 + (r() % 24);
        const v = r() % 24;
        for (let j = 0; j < def.keySize; j++) buf[keyOff + j] = j === 0 ? v : (v >> 2) & 1;
        if (lpm) buf[keyOff] = r() % 34;
        for (let j = 0; j < def.valueSize; j++) buf[valueOff + j] = r() & 0xff;
        const key = buf.slice(keyOff, keyOff + def.keySize);
        if (r() % 3 === 0) {
          const flags = [0, 1, 2, 3, 4][r() % 5]!;
          expect(b.updateAt(buf, keyOff, valueOff, flags)).toBe(a.update(key, buf.slice(valueOff, valueOff + def.valueSize), flags));
        } else if (r() % 8 === 0) {
          expect(b.delete(key)).toBe(a.delete(key));
        } else {
          expect(b.lookupAt(buf, keyOff)).toBe(a.lookup(key));
        }
      }
      expect(hex(b)).toBe(hex(a));
    });
  }
});
