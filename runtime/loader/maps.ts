// Map creation for a loaded object, as libbpf's bpf_object__create_maps and bpf_object__init_*_maps do it.
// In: an ObjectSpec, the VM address space, the CPU count. Out: one LoadedMap per BTF-defined map (in
// `.maps` order) and per global-data section (`.data`, `.rodata*`, `.bss*`, `.data.*`, in section order),
// each with the handle address that `ld_imm64` of the map loads, plus the static map-in-map initialisers
// applied. (Prog-array initialisers need the programs: the loader applies them after loading programs.)
//
// - BTF-defined maps become BPF_MAP_CREATE definitions: name truncated to 15 characters, a PERF_EVENT_ARRAY
//   with max_entries 0 gets one entry per CPU (libbpf map_set_def_max_entries), a `struct bpf_spin_lock`
//   member of the value type is located through BTF; pinning is ignored.
// - Global data sections become single-element ARRAY maps (key 4 bytes, value = the section), flags
//   BPF_F_MMAPABLE, plus BPF_F_RDONLY_PROG for `.rodata*`, initialised with the section bytes (`.bss` zero);
//   `.rodata*` maps are then frozen and their value memory is read-only to programs (a store faults).
// - A map handle is a one-byte 'map' region with no access permission whose owner is the BpfMap: helpers
//   and tail calls find the map from the pointer a program passes them.
import { resolveType, type Btf } from '../btf/index.js';
import {
  BPF_F, BPF_MAP_TYPE, MapCreateError, createMap, isSupportedMapType, mapTypeName, errnoName,
  type BpfMap, type InnerMapRef, type MapDef as KernelMapDef, type MapEnv, type MapMemory,
  ArrayOfMapsMap, HashOfMapsMap, innerMapMatches,
} from '../maps/index.js';
import { isMapInMap, type DataSection, type MapDef, type ObjectSpec } from '../object/index.js';
import { PERM, REGION_KIND, type AddressSpace, type Perm, type RegionKind } from '../vm/index.js';
import { LoadError, LOAD_STAGE } from './errors.js';

/** A map of a loaded object. */
export interface LoadedMap {
  /** The object's map name, or the section name of a global-data map (`.data`, `.rodata`, `.bss`, …). */
  name: string;
  kind: 'map' | 'data';
  /** 1-based id in creation order (what user space reads back from a map-in-map slot). */
  id: number;
  map: BpfMap;
  /** Address an `ld_imm64` map reference loads (BPF_PSEUDO_MAP_FD resolved). */
  handle: number;
  /** The object's definition (BTF-defined maps). */
  def?: MapDef;
  /** The section (global-data maps). */
  data?: DataSection;
  /** BTF type ids of key and value (0 when unknown; a data map's value type is its DATASEC). */
  btfKeyType: number;
  btfValueType: number;
}

const BPF_OBJ_NAME_LEN = 16;

/** What the loader passes to map creation: where memory comes from and the shared environment. */
export interface MapCreation {
  mem: AddressSpace;
  env: MapEnv;
}

/** A MapMemory whose blocks are VM regions of the given kind and permission. */
export function regionMapMemory(mem: AddressSpace, kind: RegionKind, perm: Perm): MapMemory {
  return {
    allocate: (size, name) => mem.allocate(Math.max(size, 1), { kind, perm, name, align: 8 }).start,
    free: (addr) => {
      const r = mem.regionAt(addr);
      if (r === undefined || r.start !== addr) throw new LoadError(LOAD_STAGE.maps, `no map block starts at 0x${addr.toString(16)}`);
      mem.free(r);
    },
    bytes: (addr, len) => mem.u8.subarray(addr, addr + len),
  };
}

/**
 * An environment sharing `base`'s CPU and resolvers but taking value memory from `memory`. A class, so
 * that every such environment has the same shape and the maps' reads of `cpu` (several per helper call)
 * stay monomorphic.
 */
class SharedCpuEnv implements MapEnv {
  readonly ncpus: number;
  declare resolveProgFd?: MapEnv['resolveProgFd'];
  declare resolveMapFd?: MapEnv['resolveMapFd'];
  declare ifindexExists?: MapEnv['ifindexExists'];
  declare resolveXskFd?: MapEnv['resolveXskFd'];

  constructor(
    private readonly base: MapEnv,
    readonly memory: MapMemory,
  ) {
    this.ncpus = base.ncpus;
    if (base.resolveProgFd) this.resolveProgFd = (fd) => base.resolveProgFd!(fd);
    if (base.resolveMapFd) this.resolveMapFd = (fd) => base.resolveMapFd!(fd);
    if (base.ifindexExists) this.ifindexExists = (i) => base.ifindexExists!(i);
    if (base.resolveXskFd) this.resolveXskFd = (fd) => base.resolveXskFd!(fd);
  }

  get cpu(): number {
    return this.base.cpu;
  }
  set cpu(v: number) {
    this.base.cpu = v;
  }
}

function withMemory(env: MapEnv, memory: MapMemory): MapEnv {
  return new SharedCpuEnv(env, memory);
}

/** BPF_MAP_CREATE attributes of a BTF-defined map. */
function kernelDef(spec: ObjectSpec, def: MapDef, ncpus: number, what: string): KernelMapDef {
  const fail = (msg: string): never => {
    throw new LoadError(LOAD_STAGE.maps, `${what}: ${msg}`);
  };
  if (!isSupportedMapType(def.type)) {
    const name = mapTypeName(def.type);
    fail(name.startsWith('type ') ? `unknown map type ${def.type}` : `map type ${name} (${def.type}) is not supported`);
  }
  if (def.mapExtra > 0xffffffffn || def.mapExtra < 0n) fail(`map_extra ${def.mapExtra} is out of range`);
  let maxEntries = def.maxEntries;
  if (def.type === BPF_MAP_TYPE.BPF_MAP_TYPE_PERF_EVENT_ARRAY && maxEntries === 0) maxEntries = ncpus;
  const out: KernelMapDef = {
    type: def.type,
    keySize: def.keySize,
    valueSize: def.valueSize,
    maxEntries,
    flags: def.flags,
    name: kernelName(def.name),
  };
  if (def.mapExtra !== 0n) out.mapExtra = Number(def.mapExtra);
  const lock = spec.btf !== undefined && def.btfValueType !== 0 ? spinLockOffset(spec.btf, def.btfValueType) : undefined;
  if (lock !== undefined) out.spinLockOff = lock;
  if (isMapInMap(def.type)) {
    const inner = def.inner ?? fail('a map of maps needs an inner map definition (__array(values, struct {…}))');
    out.innerMap = kernelDef(spec, inner, ncpus, `${what}: inner map`);
  }
  return out;
}

/** BPF object names: at most 15 characters of [A-Za-z0-9_.] (libbpf truncates; others are dropped). */
export function kernelName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, '').slice(0, BPF_OBJ_NAME_LEN - 1);
}

/** Byte offset of a top-level `struct bpf_spin_lock` member of the value type, if any. */
function spinLockOffset(btf: Btf, typeId: number): number | undefined {
  let id: number;
  try {
    id = resolveType(btf, typeId);
  } catch {
    return undefined;
  }
  const t = btf.types[id];
  if (t?.kind !== 'STRUCT') return undefined;
  for (const m of t.members) {
    let mt;
    try {
      mt = btf.types[resolveType(btf, m.type)];
    } catch {
      continue;
    }
    if (mt?.kind === 'STRUCT' && mt.name === 'bpf_spin_lock') return m.bitOffset / 8;
  }
  return undefined;
}

/**
 * Map types whose every slot is a JS object or array element (not VM memory) made at creation: fd
 * arrays, devmaps, cpumaps, XSK maps, queues, stacks, and LRU hashes (preallocated nodes, as in the kernel).
 */
const SLOT_TABLES = new Set<number>([BPF_MAP_TYPE.BPF_MAP_TYPE_PROG_ARRAY, BPF_MAP_TYPE.BPF_MAP_TYPE_PERF_EVENT_ARRAY,
  BPF_MAP_TYPE.BPF_MAP_TYPE_ARRAY_OF_MAPS, BPF_MAP_TYPE.BPF_MAP_TYPE_DEVMAP, BPF_MAP_TYPE.BPF_MAP_TYPE_CPUMAP,
  BPF_MAP_TYPE.BPF_MAP_TYPE_XSKMAP, BPF_MAP_TYPE.BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE.BPF_MAP_TYPE_STACK,
  BPF_MAP_TYPE.BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE.BPF_MAP_TYPE_LRU_PERCPU_HASH]);
/** Most slots such a map may have here (4 Mi; real programs use up to about a million). */
export const MAX_SLOT_TABLE = 1 << 22;
/** Most bytes the slots of a queue or stack may hold here (256 MiB). */
const MAX_SLOT_BYTES = 1 << 28;

function create(def: KernelMapDef, env: MapEnv, what: string): BpfMap {
  const queue = def.type === BPF_MAP_TYPE.BPF_MAP_TYPE_QUEUE || def.type === BPF_MAP_TYPE.BPF_MAP_TYPE_STACK;
  if (SLOT_TABLES.has(def.type) && (def.maxEntries > MAX_SLOT_TABLE || (queue && (def.maxEntries + 1) * def.valueSize > MAX_SLOT_BYTES))) {
    throw new LoadError(LOAD_STAGE.maps, `${what}: ${mapTypeName(def.type)} with max_entries ${def.maxEntries}, value_size ${def.valueSize}: ` +
      `too large (at most ${MAX_SLOT_TABLE} entries and ${MAX_SLOT_BYTES} bytes are supported; BPF_MAP_CREATE fails with ENOMEM)`);
  }
  try {
    return createMap(def, env);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new LoadError(LOAD_STAGE.maps, `${what}: ${mapTypeName(def.type)} with max_entries ${def.maxEntries}, value_size ${def.valueSize}: ` +
        'cannot allocate it (BPF_MAP_CREATE fails with ENOMEM)');
    }
    if (e instanceof MapCreateError) {
      throw new LoadError(LOAD_STAGE.maps, `${what}: ${mapTypeName(def.type)} with key_size ${def.keySize}, value_size ${def.valueSize}, ` +
        `max_entries ${def.maxEntries}, map_flags 0x${(def.flags >>> 0).toString(16)}: BPF_MAP_CREATE fails with ${errnoName(e.errno)}`);
    }
    throw e;
  }
}

function handleFor(mem: AddressSpace, map: BpfMap, name: string): number {
  return mem.allocate(1, { kind: REGION_KIND.map, perm: PERM.none, name: `map ${name}`, align: 8, owner: map }).start;
}

/** Creates every map of `spec` (BTF-defined, then global data) and applies map-in-map initialisers. */
export function createObjectMaps(spec: ObjectSpec, c: MapCreation): LoadedMap[] {
  const out: LoadedMap[] = [];
  const valueMemory = regionMapMemory(c.mem, REGION_KIND.mapValue, PERM.rw);
  const env = withMemory(c.env, valueMemory);
  for (const def of spec.maps) {
    const what = `map "${def.name}"`;
    const map = create(kernelDef(spec, def, c.env.ncpus, what), env, what);
    out.push({
      name: def.name, kind: 'map', id: out.length + 1, map, handle: handleFor(c.mem, map, def.name), def,
      btfKeyType: def.btfKeyType, btfValueType: def.btfValueType,
    });
  }
  for (const data of spec.data) {
    if (data.size === 0) continue; // libbpf creates no map for an empty section
    out.push(createDataMap(spec, data, c, out.length + 1));
  }
  initMapInMaps(out);
  return out;
}

function createDataMap(spec: ObjectSpec, data: DataSection, c: MapCreation, id: number): LoadedMap {
  const what = `global data section "${data.name}"`;
  const readOnly = data.kind === 'rodata';
  const flags = BPF_F.BPF_F_MMAPABLE | (readOnly ? BPF_F.BPF_F_RDONLY_PROG : 0);
  const memory = regionMapMemory(c.mem, REGION_KIND.globalData, readOnly ? PERM.r : PERM.rw);
  const def: KernelMapDef = {
    type: BPF_MAP_TYPE.BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: data.size, maxEntries: 1, flags,
    name: kernelName(data.name),
  };
  const map = create(def, withMemory(c.env, memory), what);
  if (data.bytes !== undefined) {
    if (data.bytes.length !== data.size) throw new LoadError(LOAD_STAGE.maps, `${what}: ${data.bytes.length} bytes of contents for a ${data.size}-byte section`);
    const r = map.sysUpdate(new Uint8Array(4), data.bytes, 0);
    if (r !== 0) throw new LoadError(LOAD_STAGE.maps, `${what}: initialising the map fails with ${errnoName(r)}`);
  }
  if (readOnly && map.freeze() !== 0) throw new LoadError(LOAD_STAGE.maps, `${what}: cannot freeze the map`);
  const datasec = spec.btf?.types.findIndex((t) => t.kind === 'DATASEC' && t.name === data.name) ?? -1;
  return {
    name: data.name, kind: 'data', id, map, handle: handleFor(c.mem, map, data.name), data,
    btfKeyType: 0, btfValueType: datasec > 0 ? datasec : 0,
  };
}

/** `.values = { [i] = &inner_map }` of ARRAY_OF_MAPS / HASH_OF_MAPS (libbpf init_map_in_map_slots). */
function initMapInMaps(maps: readonly LoadedMap[]): void {
  for (const lm of maps) {
    const def = lm.def;
    if (def === undefined || !isMapInMap(def.type)) continue;
    for (const v of def.values) {
      const what = `map "${def.name}": slot ${v.slot}`;
      const inner = v.kind === 'map' ? maps.find((m) => m.kind === 'map' && m.name === v.name) : undefined;
      if (inner === undefined) throw new LoadError(LOAD_STAGE.maps, `${what}: "${v.name}" is not a map of this object`);
      const ref: InnerMapRef = { id: inner.id, handle: inner.handle, map: inner.map };
      const key = new Uint8Array(4);
      new DataView(key.buffer).setUint32(0, v.slot, true);
      let r: number;
      if (lm.map instanceof ArrayOfMapsMap) r = innerMapMatches(lm.map.def.innerMap!, inner.map.def) ? lm.map.set(v.slot, ref) : -22;
      else if (lm.map instanceof HashOfMapsMap) r = lm.map.set(key, ref);
      else throw new LoadError(LOAD_STAGE.maps, `${what}: map type ${mapTypeName(def.type)} cannot hold maps`);
      if (r !== 0) {
        const why = r === -22 ? `map "${v.name}" does not match the inner map definition` : `update fails with ${errnoName(r)}`;
        throw new LoadError(LOAD_STAGE.maps, `${what}: ${why}`);
      }
    }
  }
}
