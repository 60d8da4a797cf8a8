// BTF-defined maps: the front end's MapDefinitions as ObjectSpec MapDefs (reference §2.3 / libbpf
// parse_btf_map_def). The map's BTF is its C variable's own type — the anonymous definition struct with
// `int (*type)[N]`, `T *key` and `__array(values, …)` members — exactly what clang emits, so libbpf and
// runtime/object read the same attributes back; key and value carry their C types' BTF ids when given
// with `__type`. In: MapDefinitions, a CTypeBtf; out: MapDefs and the VAR id of each map.
import type { MapDefinition } from '../c/sema/index.js';
import type { MapDef } from '../../runtime/object/index.js';
import type { CTypeBtf } from './btf-types.js';

export interface EmittedMap {
  def: MapDef;
  varId: number;
}

/** The MapDef of `m` (and of its inner map template, recursively). */
export function mapDefOf(m: MapDefinition, tb: CTypeBtf, functionName: (sym: MapDefinition['values'][number]['symbol']) => string): MapDef {
  const def: MapDef = {
    name: m.name,
    type: m.type ?? 0,
    keySize: m.keySize ?? 0,
    valueSize: m.valueSize ?? 0,
    maxEntries: m.maxEntries ?? 0,
    flags: m.mapFlags ?? 0,
    numaNode: m.numaNode ?? 0,
    pinning: m.pinning ?? 0,
    mapExtra: m.mapExtra ?? 0n,
    btfKeyType: m.keyType ? tb.typeId(m.keyType) : 0,
    btfValueType: m.valueType ? tb.typeId(m.valueType) : 0,
    values: [...m.values]
      .sort((a, b) => a.index - b.index)
      .map((v) => ({ slot: v.index, kind: v.kind, name: v.kind === 'prog' ? functionName(v.symbol) : v.symbol.name })),
  };
  if (m.inner) def.inner = mapDefOf(m.inner, tb, functionName);
  return def;
}

/** Each map of the unit with a variable: its MapDef and BTF VAR (linkage global, as libbpf requires). */
export function emitMaps(maps: readonly MapDefinition[], tb: CTypeBtf, functionName: (sym: MapDefinition['values'][number]['symbol']) => string): EmittedMap[] {
  const out: EmittedMap[] = [];
  for (const m of maps) {
    if (!m.symbol) continue;
    const varId = tb.b.addVar(m.name, tb.typeId(m.symbol.type), 'global');
    out.push({ def: mapDefOf(m, tb, functionName), varId });
  }
  return out;
}
