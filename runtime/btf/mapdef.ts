// BTF-defined map definitions (SEC(".maps")) → their attributes, by libbpf's rules (libbpf.c
// parse_btf_map_def, bpf_object__init_user_btf_map, strict mode). The definition is an (anonymous)
// STRUCT whose members encode attributes in their types, as bpf_helpers.h's macros write them:
//
//   __uint(name, N)        int (*name)[N]      PTR → ARRAY with nelems N (the value is the array length)
//   __type(name, T)        T *name             PTR → T (key/value: the type, and its size)
//   __array(values, T)     T *values[]         zero-length ARRAY of PTR → STRUCT (inner map) or FUNC_PROTO
//
// Known members: type, max_entries, map_flags, numa_node, key_size, key, value_size, value, values,
// pinning, map_extra; anything else is an error, as in libbpf ≥ 1.0.
import { BtfError } from './errors.js';
import { resolveType, typeSize } from './query.js';
import type { Btf, BtfComposite, BtfType } from './types.js';

export const BPF_MAP_TYPE_PROG_ARRAY = 3;
export const BPF_MAP_TYPE_ARRAY_OF_MAPS = 12;
export const BPF_MAP_TYPE_HASH_OF_MAPS = 13;
export const LIBBPF_PIN_NONE = 0;
export const LIBBPF_PIN_BY_NAME = 1;

export interface BtfMapDef {
  /** enum bpf_map_type */
  type?: number;
  maxEntries?: number;
  mapFlags?: number;
  numaNode?: number;
  keySize?: number;
  valueSize?: number;
  /** __type(key, T): T's id */
  keyType?: number;
  valueType?: number;
  /** LIBBPF_PIN_NONE or LIBBPF_PIN_BY_NAME */
  pinning?: number;
  mapExtra?: number;
  /** __array(values, …) of a map-in-map: the inner map's definition */
  inner?: BtfMapDef;
  /** __array(values, …) of a prog array: the FUNC_PROTO id */
  progProto?: number;
  /** byte offset of the `values` member inside the definition (where .rel.maps slots start) */
  valuesOffset?: number;
}

/**
 * Reads the map definition of `id` — a VAR in the .maps DATASEC (which must be global) or the
 * definition struct itself. `name` is used in messages ("map 'flows': …").
 */
export function decodeMapDef(btf: Btf, id: number, name = `type ${id}`): BtfMapDef {
  const t = btf.types[id];
  if (t === undefined) throw new BtfError(`map '${name}': no type ${id}`);
  let defId = id;
  if (t.kind === 'VAR') {
    if (t.linkage !== 'global') throw new BtfError(`map '${name}': unsupported map linkage ${t.linkage}`);
    defId = t.type;
  }
  const def = btf.types[resolveType(btf, defId)]!;
  if (def.kind !== 'STRUCT') throw new BtfError(`map '${name}': unexpected def kind ${def.kind}`);
  return parse(btf, def, name, false);
}

function parse(btf: Btf, def: BtfComposite, mapName: string, isInner: boolean): BtfMapDef {
  const out: BtfMapDef = {};
  const fail = (msg: string): never => {
    throw new BtfError(`map '${mapName}': ${msg}`);
  };
  const kind = (t: BtfType | undefined): string => t?.kind ?? 'UNKNOWN';
  const intField = (member: string, type: number): number => {
    const p = btf.types[resolveType(btf, type)];
    if (p?.kind !== 'PTR') fail(`attr '${member}': expected PTR, got ${kind(p)}`);
    const arr = btf.types[(p as { type: number }).type];
    if (arr?.kind !== 'ARRAY') fail(`attr '${member}': expected ARRAY, got ${kind(arr)}`);
    return (arr as { nelems: number }).nelems;
  };
  const sized = (member: 'key' | 'value', type: number): void => {
    const p = btf.types[type];
    if (p?.kind !== 'PTR') fail(`${member} spec is not PTR: ${kind(p)}`);
    let size: number;
    try {
      size = typeSize(btf, (p as { type: number }).type);
    } catch (e) {
      if (!(e instanceof BtfError)) throw e;
      return fail(`can't determine ${member} size for type [${(p as { type: number }).type}]: ${e.message}`);
    }
    setSize(member, size);
    if (member === 'key') out.keyType = (p as { type: number }).type;
    else out.valueType = (p as { type: number }).type;
  };
  const setSize = (member: 'key' | 'value', size: number): void => {
    const field = member === 'key' ? 'keySize' : 'valueSize';
    const cur = out[field];
    if (cur !== undefined && cur !== 0 && cur !== size) fail(`conflicting ${member} size ${cur} != ${size}`);
    out[field] = size;
  };
  def.members.forEach((m, i) => {
    switch (m.name) {
      case 'type':
        out.type = intField(m.name, m.type);
        return;
      case 'max_entries':
        out.maxEntries = intField(m.name, m.type);
        return;
      case 'map_flags':
        out.mapFlags = intField(m.name, m.type);
        return;
      case 'numa_node':
        out.numaNode = intField(m.name, m.type);
        return;
      case 'key_size':
        setSize('key', intField(m.name, m.type));
        return;
      case 'value_size':
        setSize('value', intField(m.name, m.type));
        return;
      case 'key':
      case 'value':
        sized(m.name, m.type);
        return;
      case 'values': {
        const mapInMap = out.type === BPF_MAP_TYPE_ARRAY_OF_MAPS || out.type === BPF_MAP_TYPE_HASH_OF_MAPS;
        const progArray = out.type === BPF_MAP_TYPE_PROG_ARRAY;
        const desc = mapInMap ? 'map-in-map inner' : 'prog-array value';
        if (isInner) fail('multi-level inner maps not supported');
        if (i !== def.members.length - 1) fail(`'${m.name}' member should be last`);
        if (!mapInMap && !progArray) fail('should be map-in-map or prog-array');
        setSize('value', 4);
        const arr = btf.types[m.type];
        if (arr?.kind !== 'ARRAY' || arr.nelems !== 0) fail(`${desc} spec is not a zero-sized array`);
        const ptr = btf.types[resolveType(btf, (arr as { type: number }).type)];
        if (ptr?.kind !== 'PTR') fail(`${desc} def is of unexpected kind ${kind(ptr)}`);
        const targetId = resolveType(btf, (ptr as { type: number }).type);
        const target = btf.types[targetId]!;
        if (progArray) {
          if (target.kind !== 'FUNC_PROTO') fail(`prog-array value def is of unexpected kind ${target.kind}`);
          out.progProto = targetId;
        } else {
          if (target.kind !== 'STRUCT') fail(`map-in-map inner def is of unexpected kind ${target.kind}`);
          out.inner = parse(btf, target as BtfComposite, `${mapName}.inner`, true);
        }
        if (m.bitOffset % 8 !== 0) fail(`'${m.name}' member is not byte aligned`);
        out.valuesOffset = m.bitOffset / 8;
        return;
      }
      case 'pinning': {
        if (isInner) fail("inner def can't be pinned");
        const v = intField(m.name, m.type);
        if (v !== LIBBPF_PIN_NONE && v !== LIBBPF_PIN_BY_NAME) fail(`invalid pinning value ${v}`);
        out.pinning = v;
        return;
      }
      case 'map_extra':
        out.mapExtra = intField(m.name, m.type);
        return;
      default:
        fail(`unknown field '${m.name}'`);
    }
  });
  return out;
}
