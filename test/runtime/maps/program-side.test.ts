// Program-side map semantics (what helpers see), checked against the kernel's documented behaviour:
// values live in memory at stable addresses, per-CPU copies, LRU reference bits, ring buffer records,
// perf event output, fd arrays and map-in-map, queue/stack/bloom helpers, for_each order, typed creation
// errors, and the adapter onto the VM's address space.
import { describe, expect, it } from 'vitest';
import {
  BPF_F_CURRENT_CPU,
  BPF_MAP_TYPE as T,
  BPF_RINGBUF_BUSY_BIT,
  BPF_RINGBUF_DISCARD_BIT,
  ERRNO,
  MapCreateError,
  createMap,
  createPlainMapMemory,
  vmMapMemory,
  type ArrayOfMapsMap,
  type BloomFilterMap,
  type BpfMap,
  type HashOfMapsMap,
  type MapDef,
  type MapEnv,
  type PerfEventArrayMap,
  type ProgArrayMap,
  type RingbufMap,
} from '../../../runtime/maps/index.js';
import { AddressSpace } from '../../../runtime/vm/index.js';

const u32 = (n: number): Uint8Array => new Uint8Array(new Uint32Array([n]).buffer);
const u64 = (n: number): Uint8Array => new Uint8Array(new BigUint64Array([BigInt(n)]).buffer);

function setup(ncpus = 2) {
  const memory = createPlainMapMemory();
  const env: MapEnv = { memory, ncpus, cpu: 0 };
  const make = (d: Partial<MapDef> & { type: number }): BpfMap =>
    createMap({ keySize: 4, valueSize: 8, maxEntries: 4, flags: 0, name: 'm', ...d }, env);
  const read = (addr: number, len: number): Uint8Array => memory.view(addr, len)!.slice();
  const write = (addr: number, b: Uint8Array): void => memory.view(addr, b.length)!.set(b);
  return { env, memory, make, read, write };
}

describe('values live in memory', () => {
  it('array: lookup returns element addresses 8-byte strided; program writes are seen by user space', () => {
    const { make, write } = setup();
    const m = make({ type: T.BPF_MAP_TYPE_ARRAY, valueSize: 12 });
    const a0 = m.lookup(u32(0));
    expect(m.lookup(u32(1)) - a0).toBe(16);
    expect(m.lookup(u32(4))).toBe(0);
    write(m.lookup(u32(2)), new Uint8Array(12).fill(9));
    expect(m.sysLookup(u32(2)).value).toEqual(new Uint8Array(12).fill(9));
  });

  it('hash: replacing a key moves it to a new element; a held pointer keeps the old value', () => {
    const { make, read } = setup();
    const m = make({ type: T.BPF_MAP_TYPE_HASH });
    expect(m.update(u32(1), u64(100), 0)).toBe(0);
    const p1 = m.lookup(u32(1));
    expect(m.update(u32(1), u64(200), 0)).toBe(0);
    const p2 = m.lookup(u32(1));
    expect(p2).not.toBe(p1);
    expect(read(p1, 8)).toEqual(u64(100));
    expect(read(p2, 8)).toEqual(u64(200));
    // deleted elements stay readable (RCU: memory is not unmapped under a running program)
    expect(m.delete(u32(1))).toBe(0);
    expect(read(p2, 8)).toEqual(u64(200));
    expect(m.lookup(u32(1))).toBe(0);
  });

  it('BPF_F_LOCK updates in place, only on maps whose value has a spin lock', () => {
    const { make, read } = setup();
    const plain = make({ type: T.BPF_MAP_TYPE_HASH });
    expect(plain.update(u32(1), u64(1), 4)).toBe(-ERRNO.EINVAL);
    const locked = make({ type: T.BPF_MAP_TYPE_HASH, valueSize: 16, spinLockOff: 0 });
    const v = new Uint8Array(16).fill(0xaa);
    expect(locked.update(u32(1), v, 4)).toBe(0);
    const p = locked.lookup(u32(1));
    expect(locked.update(u32(1), new Uint8Array(16).fill(0xbb), 4)).toBe(0);
    expect(locked.lookup(u32(1))).toBe(p);
    // the 4-byte lock word is never copied
    expect(read(p, 16)).toEqual(new Uint8Array([0, 0, 0, 0, ...new Array(12).fill(0xbb)]));
  });
});

describe('per-CPU maps', () => {
  it('percpu array: each CPU sees its own copy; user space sees all, rounded to 8 bytes', () => {
    const { env, make, write } = setup(3);
    const m = make({ type: T.BPF_MAP_TYPE_PERCPU_ARRAY, valueSize: 4 });
    const addrs = [0, 1, 2].map((c) => {
      env.cpu = c;
      return m.lookup(u32(1));
    });
    expect(new Set(addrs).size).toBe(3);
    addrs.forEach((a, c) => write(a, u32(10 + c)));
    expect(m.lookupPercpu(u32(1), 2)).toBe(addrs[2]);
    expect(m.lookupPercpu(u32(1), 3)).toBe(0);
    expect(m.sysLookup(u32(1)).value).toEqual(new Uint8Array([10, 0, 0, 0, 0, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0]));
    expect(m.entries()[1]!.value).toEqual([u32(10), u32(11), u32(12)]);
  });

  it('percpu hash: a program insert writes its CPU and zeroes the others; updates touch one CPU', () => {
    const { env, make } = setup(2);
    const m = make({ type: T.BPF_MAP_TYPE_PERCPU_HASH });
    env.cpu = 1;
    expect(m.update(u32(5), u64(7), 0)).toBe(0);
    expect(m.entries()).toEqual([{ key: u32(5), value: [u64(0), u64(7)] }]);
    env.cpu = 0;
    expect(m.update(u32(5), u64(3), 2)).toBe(0);
    expect(m.entries()[0]!.value).toEqual([u64(3), u64(7)]);
    expect(m.update(u32(5), u64(3), 4)).toBe(-ERRNO.EINVAL);
  });
});

describe('LRU', () => {
  it('a key a program looked up (ref bit) survives eviction; unreferenced older keys go first', () => {
    const { make } = setup(1);
    const m = make({ type: T.BPF_MAP_TYPE_LRU_HASH, maxEntries: 16 });
    for (let i = 0; i < 16; i++) expect(m.update(u32(i), u64(i), 0)).toBe(0);
    expect(m.lookup(u32(0))).not.toBe(0); // program lookup: sets the reference bit
    for (let i = 16; i < 24; i++) expect(m.update(u32(i), u64(i), 0)).toBe(0);
    const keys = new Set(m.entries().map((e) => e.key[0]));
    expect(keys.size).toBe(16);
    expect(keys.has(0)).toBe(true);
    expect(keys.has(1)).toBe(false);
  });

  it('user-space lookups do not set the reference bit', () => {
    const { make } = setup(1);
    const m = make({ type: T.BPF_MAP_TYPE_LRU_HASH, maxEntries: 16 });
    for (let i = 0; i < 16; i++) m.update(u32(i), u64(i), 0);
    expect(m.sysLookup(u32(0)).ret).toBe(0);
    for (let i = 16; i < 24; i++) m.update(u32(i), u64(i), 0);
    expect(m.entries().some((e) => e.key[0] === 0)).toBe(false);
  });
});

describe('ring buffer', () => {
  it('reserve/submit/discard with the kernel record header, consumed in order', () => {
    const { make, read, write } = setup();
    const rb = make({ type: T.BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096 }) as RingbufMap;
    const a = rb.reserve(5, 0);
    const b = rb.reserve(16, 0);
    expect(b - a).toBe(16); // 8-byte header + 5 bytes rounded up to 8
    const hdr = new DataView(read(a - 8, 8).buffer);
    expect(hdr.getUint32(0, true)).toBe((5 | BPF_RINGBUF_BUSY_BIT) >>> 0);
    expect(hdr.getUint32(4, true)).toBe(3); // pg_off: data starts 3 pages after the ring header
    write(a, new Uint8Array([1, 2, 3, 4, 5]));
    expect(rb.consume()).toEqual([]); // first record still busy
    expect(rb.commit(b, true)).toBe(0);
    expect(rb.commit(a, false)).toBe(0);
    expect(new DataView(read(b - 8, 8).buffer).getUint32(0, true)).toBe((16 | BPF_RINGBUF_DISCARD_BIT) >>> 0);
    expect(rb.output(new Uint8Array([9, 9]), 0)).toBe(0);
    expect(rb.output(new Uint8Array([9]), 4)).toBe(-ERRNO.EINVAL);
    expect(rb.query(0)).toBe(16n + 24n + 16n);
    expect(rb.consume().map((r) => [...r.data])).toEqual([[1, 2, 3, 4, 5], [9, 9]]);
    expect(rb.query(0)).toBe(0n);
    expect(rb.query(1)).toBe(4096n);
    expect(rb.reserve(5, 1)).toBe(0);
  });

  it('refuses records that do not fit and keeps wrapped records contiguous', () => {
    const { make, read, write } = setup();
    const rb = make({ type: T.BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096 }) as RingbufMap;
    expect(rb.reserve(4096, 0)).toBe(0);
    expect(rb.reserve(4088, 0)).toBe(0); // 4096 bytes with the header: must stay below the ring size
    const a = rb.reserve(3000, 0);
    expect(rb.reserve(2000, 0)).toBe(0); // would overrun the unconsumed first record
    rb.commit(a, true);
    expect(rb.consume()).toEqual([]);
    const b = rb.reserve(2000, 0); // starts at 3008, wraps past 4096
    expect(b).not.toBe(0);
    write(b, new Uint8Array(2000).fill(7));
    rb.commit(b, false);
    const recs = rb.consume();
    expect(recs.length).toBe(1);
    expect(recs[0]!.data).toEqual(new Uint8Array(2000).fill(7));
    expect(read(b, 2000)).toEqual(new Uint8Array(2000).fill(7));
  });
});

describe('perf event array', () => {
  it('outputs to the current CPU slot once readers are attached', () => {
    const { env, make } = setup(2);
    const pe = make({ type: T.BPF_MAP_TYPE_PERF_EVENT_ARRAY, valueSize: 4, maxEntries: 2 }) as PerfEventArrayMap;
    expect(pe.output(BPF_F_CURRENT_CPU, u32(1))).toBe(-ERRNO.ENOENT);
    pe.attachAllCpus();
    env.cpu = 1;
    expect(pe.output(BPF_F_CURRENT_CPU, u32(2))).toBe(0);
    expect(pe.output(0n, u32(3))).toBe(-ERRNO.EOPNOTSUPP);
    expect(pe.output(5n, u32(3))).toBe(-ERRNO.E2BIG);
    expect(pe.output(1n << 60n, u32(3))).toBe(-ERRNO.EINVAL);
    expect(pe.drain()).toEqual([{ cpu: 1, data: u32(2) }]);
    expect(pe.sysLookup(u32(0)).ret).toBe(-ERRNO.ENOTSUPP);
  });
});

describe('fd arrays and map-in-map', () => {
  it('prog array: user space writes program fds, reads ids; only BPF_ANY', () => {
    const memory = createPlainMapMemory();
    const progs = new Map([[7, { id: 70, prog: 'P' }]]);
    const env: MapEnv = { memory, ncpus: 1, cpu: 0, resolveProgFd: (fd) => progs.get(fd) };
    const pa = createMap({ type: T.BPF_MAP_TYPE_PROG_ARRAY, keySize: 4, valueSize: 4, maxEntries: 2, flags: 0 }, env) as ProgArrayMap;
    expect(pa.sysUpdate(u32(1), u32(7))).toBe(0);
    expect(pa.sysUpdate(u32(1), u32(7), 1)).toBe(-ERRNO.EINVAL);
    expect(pa.sysUpdate(u32(2), u32(7))).toBe(-ERRNO.E2BIG);
    expect(pa.sysUpdate(u32(0), u32(8))).toBe(-ERRNO.EBADF);
    expect(pa.sysLookup(u32(1)).value).toEqual(u32(70));
    expect(pa.sysLookup(u32(0)).ret).toBe(-ERRNO.ENOENT);
    expect(pa.progAt(1)).toBe('P');
    expect(pa.maxEntries).toBe(2);
    expect(pa.sysDelete(u32(0))).toBe(-ERRNO.ENOENT);
    expect(pa.sysDelete(u32(1))).toBe(0);
    expect(pa.progAt(1)).toBeUndefined();
  });

  it('array and hash of maps: template match, handle on lookup, id to user space', () => {
    const memory = createPlainMapMemory();
    const env: MapEnv = { memory, ncpus: 1, cpu: 0 };
    const inner: MapDef = { type: T.BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8, maxEntries: 4, flags: 0 };
    const good = createMap(inner, env);
    const bad = createMap({ ...inner, maxEntries: 8 }, env);
    const refs = new Map([
      [3, { id: 30, handle: 0x5000, map: good }],
      [4, { id: 40, handle: 0x6000, map: bad }],
    ]);
    env.resolveMapFd = (fd) => refs.get(fd);
    const aom = createMap({ type: T.BPF_MAP_TYPE_ARRAY_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 2, flags: 0, innerMap: inner }, env) as ArrayOfMapsMap;
    expect(aom.sysUpdate(u32(0), u32(3))).toBe(0);
    expect(aom.sysUpdate(u32(1), u32(4))).toBe(-ERRNO.EINVAL);
    expect(aom.lookup(u32(0))).toBe(0x5000);
    expect(aom.lookup(u32(1))).toBe(0);
    expect(aom.sysLookup(u32(0)).value).toEqual(u32(30));
    const hom = createMap({ type: T.BPF_MAP_TYPE_HASH_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 2, flags: 0, innerMap: inner }, env) as HashOfMapsMap;
    expect(hom.sysUpdate(u32(9), u32(3))).toBe(0);
    expect(hom.sysUpdate(u32(9), u32(3), 1)).toBe(-ERRNO.EEXIST);
    expect(hom.lookup(u32(9))).toBe(0x5000);
    expect(hom.entries()).toEqual([{ key: u32(9), value: u32(30) }]);
    expect(() => createMap({ type: T.BPF_MAP_TYPE_ARRAY_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 2, flags: 0 }, env)).toThrow(MapCreateError);
  });
});

describe('queue, stack and bloom filter helpers', () => {
  it('push/pop/peek write the value into the program buffer', () => {
    const { make } = setup();
    const q = make({ type: T.BPF_MAP_TYPE_QUEUE, keySize: 0, valueSize: 4, maxEntries: 2 });
    const s = make({ type: T.BPF_MAP_TYPE_STACK, keySize: 0, valueSize: 4, maxEntries: 2 });
    for (const m of [q, s]) {
      expect(m.push(u32(1), 0)).toBe(0);
      expect(m.push(u32(2), 0)).toBe(0);
      expect(m.push(u32(3), 0)).toBe(-ERRNO.E2BIG);
    }
    const out = new Uint8Array(4);
    expect(q.pop(out)).toBe(0);
    expect(out).toEqual(u32(1));
    expect(s.peek(out)).toBe(0);
    expect(out).toEqual(u32(2));
    expect(q.lookup(u32(0))).toBe(0);
    expect(q.entries().map((e) => e.value)).toEqual([u32(2)]);
  });

  it('bloom filter: pushed values are always found', () => {
    const { make } = setup();
    const b = make({ type: T.BPF_MAP_TYPE_BLOOM_FILTER, keySize: 0, valueSize: 4, maxEntries: 100 }) as BloomFilterMap;
    for (let i = 0; i < 100; i++) expect(b.push(u32(i * 31), 0)).toBe(0);
    for (let i = 0; i < 100; i++) expect(b.peek(u32(i * 31))).toBe(0);
    expect(b.push(u32(1), 1)).toBe(-ERRNO.EINVAL);
    expect(b.bitsetMask + 1).toBe(1024); // 100 * 5 / 5 * 7 = 700 bits, rounded up to a power of two
  });
});

describe('iteration and dumps', () => {
  it('for_each visits in get_next_key order and stops when the callback says so', () => {
    const { make } = setup();
    const m = make({ type: T.BPF_MAP_TYPE_HASH, maxEntries: 8 });
    for (const k of [5, 1, 9, 3]) m.update(u32(k), u64(k), 0);
    const seen: number[] = [];
    expect(m.forEach((k) => (seen.push(k[0]!), false))).toBe(4);
    const order: number[] = [];
    for (let k = m.getNextKey(null); k.ret === 0; k = m.getNextKey(k.value!)) order.push(k.value![0]!);
    expect(seen).toEqual(order);
    expect(m.forEach((k) => k[0] === seen[1])).toBe(2);
    expect(m.entries().map((e) => e.key[0])).toEqual([1, 3, 5, 9]);
  });
});

describe('creation errors', () => {
  it('are typed, stage-prefixed and carry the kernel errno', () => {
    const { env } = setup();
    try {
      createMap({ type: T.BPF_MAP_TYPE_ARRAY, keySize: 8, valueSize: 4, maxEntries: 1, flags: 0, name: 'counts' }, env);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MapCreateError);
      expect((e as MapCreateError).errno).toBe(ERRNO.EINVAL);
      expect((e as Error).message).toBe('maps: map "counts" (array, key_size 8, value_size 4, max_entries 1, flags 0x0): BPF_MAP_CREATE fails with EINVAL');
    }
    expect(() => createMap({ type: 99, keySize: 4, valueSize: 4, maxEntries: 1, flags: 0 }, env)).toThrow(/BPF_MAP_CREATE fails with EINVAL/);
    expect(() => createMap({ type: 1, keySize: 4, valueSize: 4, maxEntries: -1, flags: 0 }, env)).toThrow(MapCreateError);
  });
});

describe('VM address space adapter', () => {
  it('puts each value in its own map-value region the VM gate knows', () => {
    const as = new AddressSpace();
    const env: MapEnv = { memory: vmMapMemory(as), ncpus: 2, cpu: 1 };
    const h = createMap({ type: T.BPF_MAP_TYPE_PERCPU_HASH, keySize: 4, valueSize: 8, maxEntries: 4, flags: 0, name: 'flows' }, env);
    expect(h.update(u32(1), u64(42), 0)).toBe(0);
    const addr = h.lookup(u32(1));
    const region = as.regionAt(addr)!;
    expect(region.kind).toBe('map-value');
    expect(region.name).toBe('flows');
    expect(addr - region.start).toBe(8); // CPU 1's copy
    as.u8.set(u64(43), addr);
    expect(h.entries()[0]!.value).toEqual([u64(0), u64(43)]);
    // growing the address space must not break the map's view of its values
    for (let i = 0; i < 64; i++) as.allocate(1 << 16, { kind: 'scratch', perm: 3, name: 'x' });
    expect(h.entries()[0]!.value).toEqual([u64(0), u64(43)]);
  });
});
