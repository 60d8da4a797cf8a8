// The map scenarios run against the kernel (kernel.test.ts) and recorded as fixtures
// (scripts/record-map-fixtures.ts): update-flag errors, E2BIG/ENOSPC, get_next_key order, LPM matching,
// LRU eviction on one pinned CPU, queue/stack order, bloom filter false positives, creation checks.
import type { MapDef } from '../../../runtime/maps/index.js';
import type { Scenario, ScenarioOp } from './scenario.js';

const u32 = (n: number): string => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b.toString('hex');
};
const u64 = (n: number): string => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b.toString('hex');
};
const upd = (key: string, value: string, flags = 0): ScenarioOp => ({ op: 'update', key, value, flags });
const look = (key: string): ScenarioOp => ({ op: 'lookup', key });
const del = (key: string): ScenarioOp => ({ op: 'delete', key });
const next = (key: string | null): ScenarioOp => ({ op: 'next', key });

const ZERO_SEED = 64;
const NO_PREALLOC = 1;
const NO_COMMON_LRU = 2;

function def(type: number, keySize: number, valueSize: number, maxEntries: number, flags = 0, extra?: number): MapDef {
  return { type, keySize, valueSize, maxEntries, flags, name: 'ebpfc_t', ...(extra !== undefined ? { mapExtra: extra } : {}) };
}

/** An IPv4 LPM key: prefixlen (host order) + 4 address bytes. */
const lpm4 = (prefix: number, a: number, b: number, c: number, d: number): string => u32(prefix) + Buffer.from([a, b, c, d]).toString('hex');

function hashFlags(type: number, flags: number): Scenario {
  return {
    name: `hash-flags-t${type}-f${flags}`,
    def: def(type, 4, 8, 3, flags | ZERO_SEED),
    cpu: 0,
    ordered: true,
    ops: [
      upd(u32(1), u64(11)),
      upd(u32(2), u64(22), 1),
      upd(u32(2), u64(23), 1),
      upd(u32(3), u64(33), 2),
      upd(u32(2), u64(24), 2),
      upd(u32(3), u64(33)),
      upd(u32(4), u64(44)),
      upd(u32(4), u64(44), 2),
      upd(u32(1), u64(12), 0),
      upd(u32(1), u64(13), 4),
      upd(u32(1), u64(13), 3),
      upd(u32(1), u64(13), 8),
      look(u32(1)),
      look(u32(9)),
      del(u32(9)),
      del(u32(2)),
      upd(u32(5), u64(55), 1),
      next(null),
      next(u32(5)),
      next(u32(77)),
      { op: 'lookup_and_delete', key: u32(3) },
      { op: 'lookup_and_delete', key: u32(3) },
    ],
  };
}

function manyKeys(type: number, keySize: number, n: number, max: number, flags = ZERO_SEED): Scenario {
  const ops: ScenarioOp[] = [];
  for (let i = 0; i < n; i++) {
    const k = Buffer.alloc(keySize);
    k.writeUInt32LE((i * 2654435761) >>> 0, 0);
    ops.push(upd(k.toString('hex'), u64(i)));
  }
  return { name: `hash-order-t${type}-k${keySize}-n${n}-m${max}-f${flags}`, def: def(type, keySize, 8, max, flags), cpu: 0, ordered: true, ops };
}

function arrayOps(type: number): Scenario {
  const vs = 12;
  const vlen = type === 6 ? 16 * 2 : vs; // per-CPU: 2 CPUs x round_up(12, 8)
  const val = (x: number): string => Buffer.alloc(vlen, x).toString('hex');
  return {
    name: `array-t${type}`,
    def: def(type, 4, vs, 4),
    cpu: 0,
    ordered: true,
    ops: [
      upd(u32(0), val(1)),
      upd(u32(3), val(2), 2),
      upd(u32(1), val(3), 1),
      upd(u32(4), val(4)),
      upd(u32(2), val(5), 3),
      upd(u32(2), val(5), 4),
      look(u32(3)),
      look(u32(4)),
      del(u32(0)),
      next(null),
      next(u32(2)),
      next(u32(3)),
      next(u32(100)),
    ],
  };
}

function lru(type: number, flags: number, max: number, n: number, cpu: number, withDeletes: boolean): Scenario {
  const ops: ScenarioOp[] = [];
  const vlen = type === 10 ? 16 : 8;
  for (let i = 0; i < n; i++) {
    ops.push(upd(u32(i), Buffer.alloc(vlen, i & 0xff).toString('hex')));
    if (withDeletes && i % 5 === 4) ops.push(del(u32(i - 2)));
    if (withDeletes && i % 7 === 6) ops.push(upd(u32(i - 3), Buffer.alloc(vlen, 0xee).toString('hex'), 1));
  }
  return {
    name: `lru-t${type}-f${flags}-m${max}-n${n}-cpu${cpu}${withDeletes ? '-del' : ''}`,
    def: def(type, 4, 8, max, flags | ZERO_SEED),
    cpu,
    ordered: true,
    ops,
  };
}

/** LRU updates alternating between CPUs: local free lists, pending lists and stealing across CPUs. */
function lruCpus(type: number, flags: number, max: number, n: number): Scenario {
  const vlen = type === 10 ? 16 : 8;
  const ops: ScenarioOp[] = [];
  for (let i = 0; i < n; i++) {
    const cpu = (i >> 2) % 2;
    ops.push({ ...upd(u32(i), Buffer.alloc(vlen, i & 0xff).toString('hex')), cpu });
    if (i % 9 === 8) ops.push({ ...del(u32(i - 5)), cpu: 1 - cpu });
  }
  return { name: `lru-cpus-t${type}-f${flags}-m${max}-n${n}`, def: def(type, 4, 8, max, flags | ZERO_SEED), cpu: 0, ordered: true, ops };
}

function lpm(): Scenario {
  const v = (x: number): string => u64(x);
  return {
    name: 'lpm-trie-ipv4',
    def: def(11, 8, 8, 8, NO_PREALLOC),
    cpu: 0,
    ordered: true,
    ops: [
      upd(lpm4(16, 192, 168, 0, 0), v(1)),
      upd(lpm4(24, 192, 168, 0, 0), v(2)),
      upd(lpm4(24, 192, 168, 128, 0), v(3)),
      upd(lpm4(24, 192, 168, 1, 0), v(5)),
      upd(lpm4(8, 10, 0, 0, 0), v(6)),
      upd(lpm4(0, 0, 0, 0, 0), v(7)),
      upd(lpm4(32, 10, 1, 2, 3), v(8)),
      upd(lpm4(24, 192, 168, 1, 0), v(9), 1),
      upd(lpm4(23, 192, 168, 0, 0), v(9), 2),
      upd(lpm4(23, 192, 168, 0, 0), v(10), 1),
      upd(lpm4(33, 1, 2, 3, 4), v(1)),
      upd(lpm4(12, 172, 16, 0, 0), v(11)),
      upd(lpm4(24, 192, 168, 1, 0), v(12)),
      look(lpm4(32, 192, 168, 1, 77)),
      look(lpm4(32, 192, 168, 2, 1)),
      look(lpm4(32, 192, 168, 200, 1)),
      look(lpm4(32, 10, 1, 2, 3)),
      look(lpm4(32, 10, 1, 2, 4)),
      look(lpm4(32, 11, 0, 0, 0)),
      look(lpm4(20, 192, 168, 1, 1)),
      look(lpm4(40, 192, 168, 1, 1)),
      next(null),
      next(lpm4(24, 192, 168, 0, 0)),
      next(lpm4(16, 192, 168, 0, 0)),
      next(lpm4(23, 192, 168, 0, 0)),
      next(lpm4(33, 0, 0, 0, 0)),
      del(lpm4(23, 192, 168, 0, 0)),
      del(lpm4(16, 192, 168, 0, 0)),
      del(lpm4(16, 192, 168, 0, 0)),
      del(lpm4(24, 192, 168, 1, 0)),
      look(lpm4(32, 192, 168, 1, 77)),
      upd(lpm4(30, 1, 1, 1, 1), v(20)),
      upd(lpm4(31, 1, 1, 1, 1), v(21)),
      next(null),
    ],
  };
}

function queueStack(type: number): Scenario {
  const v = (x: number): string => u32(x);
  return {
    name: `queue-stack-t${type}`,
    def: def(type, 0, 4, 3),
    cpu: 0,
    ops: [
      { op: 'pop' },
      { op: 'peek' },
      { op: 'push', value: v(1) },
      { op: 'push', value: v(2) },
      { op: 'push', value: v(3), flags: 1 },
      { op: 'push', value: v(3) },
      { op: 'push', value: v(4) },
      { op: 'push', value: v(5), flags: 2 },
      { op: 'push', value: v(6), flags: 4 },
      { op: 'peek' },
      { op: 'pop' },
      { op: 'pop', flags: 4 },
      { op: 'pop' },
      { op: 'push', value: v(7) },
      { op: 'pop' },
      { op: 'pop' },
      { op: 'pop' },
      { op: 'lookup', key: null },
      { op: 'delete', key: null },
    ],
  };
}

function bloom(valueSize: number, extra: number, n: number, probes: number): Scenario {
  const ops: ScenarioOp[] = [];
  const val = (i: number): string => {
    const b = Buffer.alloc(valueSize);
    const w = Math.min(4, valueSize);
    b.writeUIntLE(((i * 2246822519) >>> 0) % 2 ** (8 * w), 0, w);
    return b.toString('hex');
  };
  for (let i = 0; i < n; i++) ops.push({ op: 'push', value: val(i) });
  ops.push({ op: 'push', value: val(0), flags: 2 });
  for (let i = 0; i < probes; i++) ops.push({ op: 'bloom', value: val(i) });
  return { name: `bloom-v${valueSize}-x${extra}-n${n}`, def: def(30, 0, valueSize, n, ZERO_SEED, extra), cpu: 0, ops };
}

function create(name: string, d: MapDef): Scenario {
  return { name: `create-${name}`, def: d, cpu: null, ops: [] };
}

function devmaps(): Scenario[] {
  return [
    {
      name: 'devmap',
      def: def(14, 4, 8, 4),
      cpu: 0,
      ordered: true,
      ops: [
        upd(u32(0), u32(1) + u32(0)),
        upd(u32(1), u32(1) + u32(0), 1),
        upd(u32(4), u32(1) + u32(0)),
        upd(u32(2), u32(1) + u32(0), 2),
        upd(u32(3), u32(0) + u32(0)),
        look(u32(0)),
        look(u32(3)),
        del(u32(0)),
        del(u32(9)),
        upd(u32(1), u32(1) + u32(0)),
        next(null),
      ],
    },
    {
      name: 'devmap-hash',
      def: def(25, 4, 4, 3),
      cpu: 0,
      ordered: true,
      ops: [
        upd(u32(7), u32(1)),
        upd(u32(3), u32(1)),
        upd(u32(11), u32(1)),
        upd(u32(7), u32(1), 1),
        upd(u32(8), u32(0)),
        upd(u32(9), u32(1)),
        upd(u32(9), u32(1), 3),
        del(u32(3)),
        del(u32(3)),
        upd(u32(19), u32(1), 1),
        next(null),
        next(u32(11)),
      ],
    },
    {
      name: 'cpumap',
      def: def(16, 4, 4, 8),
      cpu: 0,
      ordered: true,
      ops: [upd(u32(0), u32(0)), upd(u32(1), u32(20000)), upd(u32(5), u32(64)), upd(u32(9), u32(64)), upd(u32(1), u32(64), 1), del(u32(9)), del(u32(1)), look(u32(1))],
    },
  ];
}

function perms(): Scenario[] {
  return [
    { name: 'perm-rdonly', def: def(2, 4, 4, 2, 8), cpu: null, ops: [upd(u32(0), u32(1)), look(u32(0)), { op: 'freeze' }] },
    { name: 'perm-wronly', def: def(1, 4, 4, 2, 16), cpu: null, ops: [upd(u32(0), u32(1)), look(u32(0)), next(null), del(u32(0))] },
    { name: 'perm-freeze', def: def(2, 4, 4, 2), cpu: null, ops: [upd(u32(0), u32(1)), { op: 'freeze' }, { op: 'freeze' }, upd(u32(0), u32(2)), look(u32(0))] },
  ];
}

export function scenarios(): Scenario[] {
  return [
    hashFlags(1, 0),
    hashFlags(1, NO_PREALLOC),
    hashFlags(5, 0),
    hashFlags(9, 0),
    hashFlags(10, 0),
    manyKeys(1, 4, 40, 64),
    manyKeys(1, 6, 40, 40),
    manyKeys(1, 13, 30, 33),
    manyKeys(1, 4, 20, 16),
    arrayOps(2),
    arrayOps(6),
    lru(9, 0, 16, 60, 0, false),
    lru(9, 0, 16, 60, 1, true),
    lru(9, 0, 300, 700, 0, true),
    lru(9, NO_COMMON_LRU, 15, 50, 1, true),
    lru(10, 0, 16, 60, 0, true),
    lru(10, NO_COMMON_LRU, 16, 40, 0, false),
    lruCpus(9, 0, 16, 80),
    lruCpus(9, 0, 600, 1500),
    lruCpus(9, NO_COMMON_LRU, 16, 80),
    lruCpus(10, 0, 24, 90),
    lpm(),
    queueStack(22),
    queueStack(23),
    bloom(4, 0, 50, 400),
    bloom(3, 3, 20, 300),
    bloom(8, 1, 10, 200),
    ...devmaps(),
    ...perms(),
    create('array-key8', def(2, 8, 4, 1)),
    create('array-value0', def(2, 4, 0, 1)),
    create('array-entries0', def(2, 4, 4, 0)),
    create('percpu-array-mmapable', def(6, 4, 4, 1, 1024)),
    create('hash-key0', def(1, 0, 4, 1)),
    create('hash-common-lru-flag', def(1, 4, 4, 1, NO_COMMON_LRU)),
    create('lru-noprealloc', def(9, 4, 4, 1, NO_PREALLOC)),
    create('lpm-prealloc', def(11, 8, 4, 1)),
    create('lpm-key4', def(11, 4, 4, 1, NO_PREALLOC)),
    create('lpm-key261', def(11, 261, 4, 1, NO_PREALLOC)),
    create('queue-key4', def(22, 4, 4, 1)),
    create('stack-value0', def(23, 0, 0, 1)),
    create('bloom-extra16', def(30, 0, 4, 1, 0, 16)),
    create('bloom-key4', def(30, 4, 4, 1)),
    create('hash-extra', def(1, 4, 4, 1, 0, 1)),
    create('ringbuf-1000', def(27, 0, 0, 1000)),
    create('ringbuf-8192', def(27, 0, 0, 8192)),
    create('ringbuf-key', def(27, 4, 0, 4096)),
    create('prog-array-value8', def(3, 4, 8, 4)),
    create('perf-array', def(4, 4, 4, 2)),
    create('devmap-value6', def(14, 4, 6, 2)),
    create('cpumap-ok', def(16, 4, 8, 2)),
    create('xskmap-value8', def(17, 4, 8, 2)),
    create('rdonly-prog-wronly-prog', def(1, 4, 4, 1, 128 | 256)),
    create('array-bad-flag', def(2, 4, 4, 1, 1)),
    create('hash-value-percpu-too-big', def(5, 4, 40000, 1)),
  ];
}
