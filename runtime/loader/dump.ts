// User-space access to a loaded object's maps in the command-line contract's terms
// (/work/shared/cli-contract.md, `run --dump-maps` and `--map-update`): keys and values as hex of their raw
// bytes. In: a LoadedObject. Out: `{NAME: [[KEYHEX, VALUEHEX], …]}` dumps, and updates from hex.
//
// Dump rules (what `bpftool map dump` shows, with kernel-specific ids replaced):
//   arrays: every index; hash-like maps: every entry sorted by key bytes;
//   per-CPU maps: [KEYHEX, [V0HEX, V1HEX, …]] one value per CPU;
//   prog arrays: [KEYHEX, "set"] for occupied slots (program ids are meaningless across loaders);
//   maps of maps: [KEYHEX, INNER_MAP_NAME];
//   queues and stacks: ["", VALUEHEX] in pop order (the map is left as it was);
//   ring buffers, perf event arrays, bloom filters and XSK maps: no rows (user space cannot read them);
//   devmaps and cpumaps: occupied slots only (an empty slot reads as ENOENT);
//   global-data maps under their section names (`.data`, `.rodata`, `.bss`), one row with key 00000000.
// Map names are in code-unit order.
import { EbpfcError } from '../errors.js';
import { BPF_MAP_TYPE, ERRNO, ProgArrayMap, errnoName, mapTypeName } from '../maps/index.js';
import type { LoadedObject } from './load.js';
import type { LoadedMap } from './maps.js';

export type MapRow = [string, string | string[]];
export type MapDump = Record<string, MapRow[]>;

const T = BPF_MAP_TYPE;
const PERCPU = new Set<number>([T.BPF_MAP_TYPE_PERCPU_ARRAY, T.BPF_MAP_TYPE_PERCPU_HASH, T.BPF_MAP_TYPE_LRU_PERCPU_HASH,
  T.BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE]);
const NO_ROWS = new Set<number>([T.BPF_MAP_TYPE_RINGBUF, T.BPF_MAP_TYPE_USER_RINGBUF, T.BPF_MAP_TYPE_PERF_EVENT_ARRAY,
  T.BPF_MAP_TYPE_BLOOM_FILTER, T.BPF_MAP_TYPE_XSKMAP]);

/** Whether values of maps of this type are per CPU. */
export function isPercpuMapType(type: number): boolean {
  return PERCPU.has(type);
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Bytes of a hex string (whitespace ignored); throws EbpfcError(stage) when it is not hex. */
export function fromHex(text: string, stage: string, what: string): Uint8Array {
  const hex = text.replace(/\s+/g, '');
  if (hex.length % 2 !== 0) throw new EbpfcError(stage, `${what}: "${text}" has an odd number of hex digits`);
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new EbpfcError(stage, `${what}: "${text}" is not hex`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The rows of one map (see the file comment). */
export function dumpMap(obj: LoadedObject, lm: LoadedMap): MapRow[] {
  const type = lm.map.def.type;
  if (NO_ROWS.has(type)) return [];
  const entries = lm.map.entries();
  if (lm.map instanceof ProgArrayMap) return entries.map((e) => [toHex(e.key), 'set']);
  if (type === T.BPF_MAP_TYPE_ARRAY_OF_MAPS || type === T.BPF_MAP_TYPE_HASH_OF_MAPS) {
    return entries.map((e) => {
      const v = e.value as Uint8Array;
      const id = (v[0] ?? 0) | ((v[1] ?? 0) << 8) | ((v[2] ?? 0) << 16) | ((v[3] ?? 0) << 24);
      return [toHex(e.key), obj.maps[id - 1]?.name ?? `map id ${id}`];
    });
  }
  return entries.map((e) => [toHex(e.key), Array.isArray(e.value) ? e.value.map(toHex) : toHex(e.value)]);
}

/** Every map of the object (see the file comment). */
export function dumpMaps(obj: LoadedObject): MapDump {
  const out: MapDump = {};
  const sorted = [...obj.maps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const lm of sorted) out[lm.name] = dumpMap(obj, lm);
  return out;
}

/**
 * BPF_MAP_UPDATE_ELEM from user space with hex key and value (bpftool map update semantics): the key
 * has the map's key_size bytes (none for queues and stacks, which push the value); a per-CPU map takes
 * one value for every CPU (replicated, as bpftool does) or all CPUs' values back to back, each padded to
 * 8 bytes; prog arrays take a program id, maps of maps a map id (4 bytes each). Throws EbpfcError
 * (stage "map update") naming the map when the kernel would refuse the update.
 */
export function updateMapHex(obj: LoadedObject, name: string, keyHex: string, valueHex: string, flags = 0): void {
  const stage = 'map update';
  const lm = obj.map(name);
  if (lm === undefined) {
    throw new EbpfcError(stage, `no map named "${name}" (maps: ${obj.maps.map((m) => m.name).join(', ') || 'none'})`);
  }
  const def = lm.map.def;
  const what = `map "${name}"`;
  const key = fromHex(keyHex, stage, `${what}: key`);
  let value = fromHex(valueHex, stage, `${what}: value`);
  if (key.length !== def.keySize) {
    throw new EbpfcError(stage, `${what}: key has ${key.length} bytes, the map's key_size is ${def.keySize}`);
  }
  const sysSize = lm.map.sysValueSize();
  if (isPercpuMapType(def.type) && value.length === def.valueSize && value.length !== sysSize) {
    const stride = Math.ceil(def.valueSize / 8) * 8;
    const all = new Uint8Array(sysSize);
    for (let c = 0; c < obj.env.ncpus; c++) all.set(value, c * stride);
    value = all;
  }
  if (value.length !== sysSize) {
    const expect = isPercpuMapType(def.type)
      ? `${def.valueSize} (one value for every CPU) or ${sysSize} (${obj.env.ncpus} CPUs × ${Math.ceil(def.valueSize / 8) * 8})`
      : String(sysSize);
    throw new EbpfcError(stage, `${what}: value has ${value.length} bytes, expected ${expect}`);
  }
  const r = lm.map.sysUpdate(def.keySize === 0 ? null : key, value, flags);
  if (r !== 0) {
    const hint = r === -ERRNO.EBADF ? ' (prog arrays take a program id, maps of maps a map id)' : '';
    throw new EbpfcError(stage, `${what} (${mapTypeName(def.type)}): update of key ${toHex(key) || '(none)'} fails with ${errnoName(r)}${hint}`);
  }
}
