// The `.maps` section → MapDef[], and `.rel.maps` → MapDef.values, as libbpf's
// bpf_object__init_user_btf_maps and bpf_object__collect_map_relos (src/libbpf.c) read them (reference
// §1.7, §2.3). In: the fixed-up Btf, the section, its relocations and the symbol table. Out: the maps in
// section order and a `.maps` offset → name table for instruction relocations.
import { STT_FUNC, type ElfSection, type ElfSymbol } from '../elf/index.js';
import { BTF_PTR_SIZE, type Btf } from '../btf/index.js';
import { BPF_MAP_TYPE } from '../maps/index.js';
import { isMapInMap, parseBtfMapDef } from './btf-maps.js';
import { linkageOf } from './decode-code.js';
import { ObjectError } from './errors.js';
import type { MapDef } from './spec.js';

interface Placed {
  def: MapDef;
  offset: number;
  size: number;
  valuesOffset?: number;
}

/** Reads every map of DATASEC `.maps`. */
export function decodeMaps(btf: Btf | undefined, maps: ElfSection): { placed: Placed[]; mapAt: Map<number, string> } {
  if (btf === undefined) throw new ObjectError("BTF is required for the maps of '.maps', but is missing or corrupted");
  const datasec = btf.types.find((t) => t.kind === 'DATASEC' && t.name === '.maps');
  if (datasec === undefined || datasec.kind !== 'DATASEC') {
    throw new ObjectError("section '.maps' has no DATASEC '.maps' in the BTF");
  }
  const placed: Placed[] = [];
  const mapAt = new Map<number, string>();
  const names = new Set<string>();
  for (const vi of datasec.vars) {
    const v = btf.types[vi.type];
    if (v === undefined || v.kind !== 'VAR') throw new ObjectError(`DATASEC '.maps': entry type [${vi.type}] is not a VAR`);
    const name = v.name;
    if (name === '') throw new ObjectError(`DATASEC '.maps': a map VAR [${vi.type}] has no name`);
    if (v.linkage !== 'global') throw new ObjectError(`map '${name}': unsupported map linkage ${v.linkage}`);
    if (vi.offset + vi.size > maps.size) {
      throw new ObjectError(`map '${name}': definition [${vi.offset}, ${vi.offset + vi.size}) extends past the end of '.maps' (${maps.size} bytes)`);
    }
    if (names.has(name)) throw new ObjectError(`map '${name}': defined twice`);
    names.add(name);
    const parsed = parseBtfMapDef(btf, name, v.type);
    const p: Placed = { def: parsed.def, offset: vi.offset, size: vi.size };
    if (parsed.valuesOffset !== undefined) p.valuesOffset = parsed.valuesOffset;
    placed.push(p);
    mapAt.set(vi.offset, name);
  }
  placed.sort((a, b) => a.offset - b.offset);
  return { placed, mapAt };
}

/** Applies the `.rel.maps` relocations: static prog-array and map-in-map initialisers. */
export function decodeMapInits(
  placed: readonly Placed[],
  entries: readonly { offset: number; symbol: number }[],
  symbols: readonly ElfSymbol[],
  mapsIndex: number,
  codeSections: ReadonlyMap<number, ElfSection>,
): void {
  entries.forEach((e, i) => {
    const where = `.rel.maps relocation ${i}`;
    const sym = symbols[e.symbol];
    if (sym === undefined || e.symbol === 0) throw new ObjectError(`${where}: no symbol (index ${e.symbol})`);
    const map = placed.find((p) => e.offset >= p.offset && e.offset < p.offset + p.size);
    if (map === undefined) throw new ObjectError(`${where}: cannot find a map at offset ${e.offset} for symbol '${sym.name}'`);
    const name = map.def.name;
    if (map.valuesOffset === undefined) throw new ObjectError(`map '${name}': initialised through .rel.maps but has no 'values' member`);
    const rel = e.offset - map.offset - map.valuesOffset;
    if (rel < 0 || rel % BTF_PTR_SIZE !== 0) throw new ObjectError(`map '${name}': initialiser at offset ${e.offset} is not a 'values' slot`);
    const slot = rel / BTF_PTR_SIZE;
    if (map.def.type === BPF_MAP_TYPE.BPF_MAP_TYPE_PROG_ARRAY) {
      const sec = codeSections.get(sym.shndx);
      if (sym.type !== STT_FUNC || sec === undefined) throw new ObjectError(`map '${name}': slot ${slot}: '${sym.name}' is not a program`);
      if (sec.name === '.text' || linkageOf(sym) === 'static') throw new ObjectError(`map '${name}': slot ${slot}: '${sym.name}' is a subprogram, not an entry program`);
      map.def.values.push({ slot, kind: 'prog', name: sym.name });
    } else if (isMapInMap(map.def.type)) {
      const target = placed.find((p) => p.offset === sym.value && sym.shndx === mapsIndex);
      if (target === undefined) throw new ObjectError(`map '${name}': slot ${slot}: '${sym.name}' is not a map`);
      map.def.values.push({ slot, kind: 'map', name: target.def.name });
    } else {
      throw new ObjectError(`map '${name}': only prog arrays and maps of maps can be initialised`);
    }
  });
  for (const p of placed) {
    p.def.values.sort((a, b) => a.slot - b.slot);
    for (let i = 1; i < p.def.values.length; i++) {
      if (p.def.values[i]?.slot === p.def.values[i - 1]?.slot) throw new ObjectError(`map '${p.def.name}': slot ${p.def.values[i]?.slot} initialised twice`);
    }
  }
}
