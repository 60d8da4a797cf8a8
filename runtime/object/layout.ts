// Where things go in the written object: the `.maps` layout (each definition 8-aligned, in spec order,
// sized by its BTF struct plus the `values` slots its initialisers use — as clang lays them out,
// reference §1.7) and the byte size of each section. In: a spec. Out: offsets and sizes.
import { resolveType, typeSize, type Btf } from '../btf/index.js';
import { ObjectError } from './errors.js';
import type { MapDef, ObjectSpec } from './spec.js';

export interface MapPlacement {
  def: MapDef;
  offset: number;
  size: number;
  /** Offset of the `values` member inside the definition, when it has one. */
  valuesOffset?: number;
  /** BTF VAR id of the map. */
  varId: number;
}

/** Largest `.maps` section laid out (16 MiB; real definitions are tens of bytes each). */
const MAX_MAPS_SIZE = 1 << 24;

function alignUp(n: number, a: number): number {
  return a > 1 ? Math.ceil(n / a) * a : n;
}

/** Finds each map's VAR in DATASEC `.maps` and lays the definitions out. */
export function layoutMaps(spec: ObjectSpec): { placements: MapPlacement[]; size: number } {
  if (spec.maps.length === 0) return { placements: [], size: 0 };
  const btf = spec.btf;
  if (btf === undefined) throw new ObjectError(`map '${spec.maps[0]?.name}': maps need BTF (a VAR in DATASEC '.maps')`);
  const vars = mapVars(btf);
  const placements: MapPlacement[] = [];
  let pos = 0;
  const seen = new Set<string>();
  for (const def of spec.maps) {
    if (seen.has(def.name)) throw new ObjectError(`map '${def.name}': defined twice`);
    seen.add(def.name);
    const varId = vars.get(def.name);
    if (varId === undefined) throw new ObjectError(`map '${def.name}': no VAR for it in the BTF DATASEC '.maps'`);
    const v = btf.types[varId];
    if (v?.kind !== 'VAR') throw new ObjectError(`map '${def.name}': BTF type [${varId}] is not a VAR`);
    let size: number;
    let valuesOffset: number | undefined;
    try {
      size = typeSize(btf, v.type);
      const st = btf.types[resolveType(btf, v.type)];
      const last = st?.kind === 'STRUCT' ? st.members[st.members.length - 1] : undefined;
      if (last?.name === 'values') valuesOffset = last.bitOffset / 8;
    } catch (e) {
      throw new ObjectError(`map '${def.name}': cannot size its BTF definition: ${(e as Error).message}`);
    }
    if (def.values.length > 0) {
      if (valuesOffset === undefined) throw new ObjectError(`map '${def.name}': has initial values but its BTF definition has no 'values' member`);
      const maxSlot = Math.max(...def.values.map((x) => x.slot));
      size = Math.max(size, valuesOffset + 8 * (maxSlot + 1));
    }
    pos = alignUp(pos, 8);
    if (pos + size > MAX_MAPS_SIZE) throw new ObjectError(`map '${def.name}': '.maps' would exceed ${MAX_MAPS_SIZE} bytes (definition of ${size} bytes)`);
    const p: MapPlacement = { def, offset: pos, size, varId };
    if (valuesOffset !== undefined) p.valuesOffset = valuesOffset;
    placements.push(p);
    pos += size;
  }
  const extra = [...vars.keys()].find((n) => !seen.has(n));
  if (extra !== undefined) throw new ObjectError(`map '${extra}': in the BTF DATASEC '.maps' but not in the object's maps`);
  return { placements, size: alignUp(pos, 8) };
}

/** VAR name → id for each entry of DATASEC `.maps`. */
function mapVars(btf: Btf): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of btf.types) {
    if (t.kind !== 'DATASEC' || t.name !== '.maps') continue;
    for (const vi of t.vars) {
      const v = btf.types[vi.type];
      if (v?.kind === 'VAR') out.set(v.name, vi.type);
    }
  }
  return out;
}
