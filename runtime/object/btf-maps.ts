// BTF-defined map definitions (the `.maps` section) ⇄ MapDef, following libbpf's parse_btf_map_def
// (src/libbpf.c) and reference §2.3: a map is a VAR in DATASEC `.maps` whose type is an anonymous STRUCT;
// numeric attributes are members of type `PTR → ARRAY(int, N)` (value N), `key`/`value` are `PTR → T`,
// `values` is a zero-length ARRAY of `PTR → FUNC_PROTO` (prog array) or `PTR → STRUCT` (inner map).
// In: decoded Btf and a VAR. Out: MapDef (decode); BTF types for a MapDef (encode, for objects built
// without a C front end, e.g. by `ebpfc asm`).
import {
  resolveType, typeSize, type Btf, type BtfBuilder, type BtfType,
} from '../btf/index.js';
import { BPF_MAP_TYPE } from '../maps/index.js';
import { ObjectError } from './errors.js';
import type { MapDef } from './spec.js';

const { BPF_MAP_TYPE_PROG_ARRAY, BPF_MAP_TYPE_ARRAY_OF_MAPS, BPF_MAP_TYPE_HASH_OF_MAPS } = BPF_MAP_TYPE;

/** Member names libbpf understands in a map definition; any other is an error (libbpf strict mode). */
export const MAP_DEF_FIELDS = [
  'type', 'max_entries', 'map_flags', 'numa_node', 'key_size', 'key', 'value_size', 'value', 'values', 'pinning', 'map_extra',
] as const;

export function isMapInMap(type: number): boolean {
  return type === BPF_MAP_TYPE_ARRAY_OF_MAPS || type === BPF_MAP_TYPE_HASH_OF_MAPS;
}

function fail(map: string, msg: string): never {
  throw new ObjectError(`map '${map}': ${msg}`);
}

function typeAt(btf: Btf, id: number, map: string, what: string): BtfType {
  const t = btf.types[id];
  if (t === undefined) fail(map, `${what}: type id ${id} does not exist`);
  return t;
}

/** `PTR → ARRAY(…, N)` gives N (libbpf get_map_field_int). */
function intField(btf: Btf, map: string, member: string, typeId: number): number {
  const ptr = typeAt(btf, resolveSafe(btf, typeId, map, member), map, member);
  if (ptr.kind !== 'PTR') fail(map, `attr '${member}': expected PTR, got ${ptr.kind}`);
  const arr = typeAt(btf, ptr.type, map, member);
  if (arr.kind !== 'ARRAY') fail(map, `attr '${member}': type [${ptr.type}] is ${arr.kind}, expected ARRAY`);
  return arr.nelems;
}

function resolveSafe(btf: Btf, id: number, map: string, what: string): number {
  try {
    return resolveType(btf, id);
  } catch (e) {
    fail(map, `${what}: ${(e as Error).message}`);
  }
}

function sizeOf(btf: Btf, id: number, map: string, what: string): number {
  try {
    return typeSize(btf, id);
  } catch (e) {
    fail(map, `${what}: cannot determine size of type [${id}]: ${(e as Error).message}`);
  }
}

export interface ParsedMapDef {
  def: MapDef;
  /** Byte offset of the `values` member inside the definition (prog arrays and map-in-map only). */
  valuesOffset?: number;
}

/**
 * Parses the definition struct `structId` of map `name`. `inner` marks an inner map template (which may
 * not itself have `values`).
 */
export function parseBtfMapDef(btf: Btf, name: string, structId: number, inner = false): ParsedMapDef {
  const sid = resolveSafe(btf, structId, name, 'definition');
  const st = typeAt(btf, sid, name, 'definition');
  if (st.kind !== 'STRUCT') fail(name, `unexpected def kind ${st.kind}, expected STRUCT`);
  const def: MapDef = {
    name, type: 0, keySize: 0, valueSize: 0, maxEntries: 0, flags: 0, numaNode: 0, pinning: 0, mapExtra: 0n,
    btfKeyType: 0, btfValueType: 0, values: [],
  };
  let keySizeGiven: number | undefined;
  let valueSizeGiven: number | undefined;
  let valuesOffset: number | undefined;
  st.members.forEach((m, i) => {
    if (m.name === '') fail(name, `invalid field #${i}`);
    switch (m.name) {
      case 'type': def.type = intField(btf, name, m.name, m.type); break;
      case 'max_entries': def.maxEntries = intField(btf, name, m.name, m.type); break;
      case 'map_flags': def.flags = intField(btf, name, m.name, m.type); break;
      case 'numa_node': def.numaNode = intField(btf, name, m.name, m.type); break;
      case 'pinning': def.pinning = intField(btf, name, m.name, m.type); break;
      case 'map_extra': def.mapExtra = BigInt(intField(btf, name, m.name, m.type)); break;
      case 'key_size':
      case 'value_size': {
        const sz = intField(btf, name, m.name, m.type);
        const other = m.name === 'key_size' ? def.keySize : def.valueSize;
        if (other !== 0 && other !== sz) fail(name, `conflicting ${m.name.replace('_size', '')} size ${other} != ${sz}`);
        if (m.name === 'key_size') { def.keySize = sz; keySizeGiven = sz; } else { def.valueSize = sz; valueSizeGiven = sz; }
        break;
      }
      case 'key':
      case 'value': {
        const ptr = typeAt(btf, resolveSafe(btf, m.type, name, m.name), name, m.name);
        if (ptr.kind !== 'PTR') fail(name, `${m.name} spec is not PTR: ${ptr.kind}`);
        const sz = sizeOf(btf, ptr.type, name, m.name);
        const given = m.name === 'key' ? keySizeGiven : valueSizeGiven;
        if (given !== undefined && given !== sz) fail(name, `conflicting ${m.name} size ${given} != ${sz}`);
        if (m.name === 'key') { def.keySize = sz; def.btfKeyType = ptr.type; } else { def.valueSize = sz; def.btfValueType = ptr.type; }
        break;
      }
      case 'values': {
        if (inner) fail(name, "multi-level inner maps (a 'values' member in an inner map) are not supported");
        if (i !== st.members.length - 1) fail(name, "'values' must be the last member of the definition");
        if (m.bitOffset % 8 !== 0) fail(name, "'values' member is not byte-aligned");
        const arr = typeAt(btf, resolveSafe(btf, m.type, name, 'values'), name, 'values');
        if (arr.kind !== 'ARRAY' || arr.nelems !== 0) fail(name, "'values' must be a zero-sized array");
        const ptr = typeAt(btf, resolveSafe(btf, arr.type, name, 'values'), name, 'values');
        if (ptr.kind !== 'PTR') fail(name, `'values' elements must be pointers, got ${ptr.kind}`);
        const target = typeAt(btf, resolveSafe(btf, ptr.type, name, 'values'), name, 'values');
        valuesOffset = m.bitOffset / 8;
        if (target.kind === 'STRUCT') {
          def.inner = parseBtfMapDef(btf, `${name}.inner`, ptr.type, true).def;
          if (!isMapInMap(def.type)) fail(name, `inner map definition given for map type ${def.type}, which is not a map of maps`);
          if (def.valueSize !== 0 && def.valueSize !== 4) fail(name, `conflicting value size ${def.valueSize} != 4`);
          def.valueSize = 4;
        } else if (target.kind === 'FUNC_PROTO') {
          if (def.type !== BPF_MAP_TYPE_PROG_ARRAY) fail(name, `'values' of function pointers given for map type ${def.type}, which is not a prog array`);
          if (def.valueSize !== 0 && def.valueSize !== 4) fail(name, `conflicting value size ${def.valueSize} != 4`);
          def.valueSize = 4;
        } else {
          fail(name, `'values' elements must point to a map definition STRUCT or a FUNC_PROTO, got ${target.kind}`);
        }
        break;
      }
      default:
        fail(name, `unknown field '${m.name}'`);
    }
  });
  return valuesOffset === undefined ? { def } : { def, valuesOffset };
}

/**
 * Adds the BTF of a map definition the way clang writes `__uint`/`__type`/`__array` declarations and
 * returns the VAR id. Key and value are given by size (`key_size`/`value_size`) unless
 * `def.btfKeyType`/`btfValueType` name types already in `b`.
 */
export function addBtfMapDef(b: BtfBuilder, def: MapDef): number {
  return b.addVar(def.name, addMapDefStruct(b, def), 'global');
}

/** The anonymous definition STRUCT of `def`. */
function addMapDefStruct(b: BtfBuilder, def: MapDef): number {
  const intId = b.addInt('int', 4, { signed: true });
  const members: { name: string; type: number }[] = [];
  const num = (field: string, v: number): void => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new ObjectError(`map '${def.name}': ${field} ${v} cannot be encoded`);
    members.push({ name: field, type: b.addPtr(b.addArray(intId, v)) });
  };
  const progValues = def.type === BPF_MAP_TYPE_PROG_ARRAY && def.values.length > 0;
  num('type', def.type);
  num('max_entries', def.maxEntries);
  if (def.btfKeyType !== 0) members.push({ name: 'key', type: b.addPtr(def.btfKeyType) });
  else num('key_size', def.keySize);
  if (def.btfValueType !== 0) members.push({ name: 'value', type: b.addPtr(def.btfValueType) });
  else if (def.inner === undefined && !progValues) num('value_size', def.valueSize);
  if (def.flags !== 0) num('map_flags', def.flags);
  if (def.numaNode !== 0) num('numa_node', def.numaNode);
  if (def.pinning !== 0) num('pinning', def.pinning);
  if (def.mapExtra !== 0n) {
    if (def.mapExtra > 0xffffffffn) throw new ObjectError(`map '${def.name}': map_extra ${def.mapExtra} cannot be encoded`);
    num('map_extra', Number(def.mapExtra));
  }
  if (def.inner !== undefined) {
    members.push({ name: 'values', type: b.addArray(b.addPtr(addMapDefStruct(b, def.inner)), 0) });
  } else if (progValues) {
    const proto = b.addFuncProto(intId, [{ name: '', type: b.addPtr(0) }]);
    members.push({ name: 'values', type: b.addArray(b.addPtr(proto), 0) });
  }
  const size = members.filter((m) => m.name !== 'values').length * 8;
  return b.addStruct('', size, members.map((m, i) => ({ name: m.name, type: m.type, bitOffset: i * 64 })));
}
