// The canonical form of an ObjectSpec — what encodeObject writes and decodeObject then returns
// (reference §7 checklist): no empty code section, `.text` first, every `.rodata.*` merged into one
// `.rodata` (relocation addends, variable offsets and the BTF DATASEC moved along; clang makes one map
// per `.rodata.*`), data sections ordered .data*, .rodata, .bss* (each kind in input order), and BTF
// DATASECs with real sizes, VAR offsets from the written layout and sorted entries (libbpf's
// btf_fixup_datasec, forced). In: a spec. Out: a new spec (the input is not modified).
import { mapReferences, type Btf, type BtfDatasec, type BtfType } from '../btf/index.js';
import { fixupDatasecs } from './btf-fixup.js';
import { ObjectError } from './errors.js';
import { layoutMaps } from './layout.js';
import type { DataSection, MapDef, ObjectSpec, ProgramSection } from './spec.js';

/** Largest section the encoder builds in memory (1 GiB). */
const MAX_SECTION_SIZE = 1 << 30;

function alignUp(n: number, a: number): number {
  return a > 1 ? Math.ceil(n / a) * a : n;
}

export function canonicalizeObject(input: ObjectSpec): ObjectSpec {
  const spec = cloneSpec(input);
  spec.programs = spec.programs.filter((p) => p.insns.length > 0);
  spec.programs.sort((a, b) => Number(b.name === '.text') - Number(a.name === '.text'));
  mergeRodata(spec);
  const kindRank = { data: 0, rodata: 1, bss: 2 } as const;
  spec.data.sort((a, b) => kindRank[a.kind] - kindRank[b.kind]);
  if (spec.btf !== undefined) {
    const { placements, size: mapsSize } = layoutMaps(spec);
    const sizes = new Map<string, number>();
    const globals = new Map<string, { offset: number; size: number; hidden: boolean }>();
    for (const d of spec.data) {
      sizes.set(d.name, d.size);
      for (const v of d.variables) if (v.linkage !== 'static') globals.set(v.name, { offset: v.offset, size: v.size, hidden: v.hidden });
    }
    if (mapsSize > 0) sizes.set('.maps', mapsSize);
    for (const p of placements) globals.set(p.def.name, { offset: p.offset, size: p.size, hidden: false });
    if (spec.license !== undefined) {
      sizes.set('license', spec.license.size);
      if (spec.license.symbol !== undefined) globals.set(spec.license.symbol, { offset: 0, size: spec.license.size, hidden: false });
    }
    spec.btf = fixupDatasecs(spec.btf, { sectionSize: (n) => sizes.get(n), globalSymbol: (n) => globals.get(n) }, true);
  }
  return spec;
}

/** Merges `.rodata.*` sections into `.rodata`. */
function mergeRodata(spec: ObjectSpec): void {
  const extra = spec.data.filter((d) => d.kind === 'rodata' && d.name !== '.rodata');
  if (extra.length === 0) return;
  let target = spec.data.find((d) => d.name === '.rodata');
  if (target === undefined) {
    target = { name: '.rodata', kind: 'rodata', size: 0, align: 1, bytes: new Uint8Array(0), variables: [] };
    spec.data.splice(spec.data.indexOf(extra[0] as DataSection), 0, target);
  }
  const bases = new Map<string, number>();
  for (const d of extra) {
    if (!Number.isInteger(d.align) || d.align < 1 || (d.align & (d.align - 1)) !== 0 || d.align > 4096) {
      throw new ObjectError(`section '${d.name}': alignment ${d.align} is not a power of two up to 4096`);
    }
    const base = alignUp(target.size, d.align);
    if (base + d.size > MAX_SECTION_SIZE) throw new ObjectError(`merging '${d.name}' into '.rodata' gives more than ${MAX_SECTION_SIZE} bytes`);
    const bytes = new Uint8Array(base + d.size);
    bytes.set(target.bytes ?? new Uint8Array(target.size));
    bytes.set(d.bytes ?? new Uint8Array(d.size), base);
    target.bytes = bytes;
    target.size = bytes.length;
    target.align = Math.max(target.align, d.align);
    for (const v of d.variables) target.variables.push({ ...v, offset: v.offset + base });
    bases.set(d.name, base);
  }
  target.variables.sort((a, b) => a.offset - b.offset || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  spec.data = spec.data.filter((d) => !bases.has(d.name));
  for (const p of spec.programs) {
    for (const r of p.relocations) {
      if (r.kind !== 'data') continue;
      const base = bases.get(r.section);
      if (base === undefined) continue;
      r.section = '.rodata';
      r.addend += base;
    }
  }
  if (spec.btf !== undefined) spec.btf = mergeRodataBtf(spec, spec.btf, bases);
}

/** Moves the VARs of each merged DATASEC into `.rodata`'s and deletes the merged DATASECs (renumbering). */
function mergeRodataBtf(spec: ObjectSpec, btf: Btf, bases: ReadonlyMap<string, number>): Btf {
  const types = btf.types.slice();
  const removed = new Set<number>();
  let rodataId = types.findIndex((t) => t.kind === 'DATASEC' && t.name === '.rodata');
  types.forEach((t, id) => {
    if (t.kind !== 'DATASEC') return;
    const base = bases.get(t.name);
    if (base === undefined) return;
    const moved = t.vars.map((v) => ({ ...v, offset: v.offset + base }));
    if (rodataId < 0) {
      rodataId = id;
      types[id] = { ...t, name: '.rodata', vars: moved };
      return;
    }
    const ro = types[rodataId] as BtfDatasec;
    types[rodataId] = { ...ro, vars: [...ro.vars, ...moved] };
    removed.add(id);
  });
  if (removed.size === 0) return { types, strings: btf.strings };
  // renumber: every id above a removed one moves down
  const newId = new Array<number>(types.length);
  let next = 0;
  for (let id = 0; id < types.length; id++) newId[id] = removed.has(id) ? -1 : next++;
  const remap = (id: number): number => {
    const n = newId[id];
    if (n === undefined || n < 0) throw new ObjectError(`BTF: type [${id}] refers to a merged .rodata DATASEC`);
    return n;
  };
  const out: BtfType[] = [];
  types.forEach((t, id) => {
    if (!removed.has(id)) out.push(mapReferences(t, remap));
  });
  for (const p of spec.programs) {
    for (const f of p.funcInfo) f.typeId = remap(f.typeId);
    for (const c of p.coreRelos) c.typeId = remap(c.typeId);
  }
  const remapMap = (m: MapDef): void => {
    m.btfKeyType = remap(m.btfKeyType);
    m.btfValueType = remap(m.btfValueType);
    if (m.inner !== undefined) remapMap(m.inner);
  };
  spec.maps.forEach(remapMap);
  for (const d of spec.data) for (const v of d.variables) v.btfType = remap(v.btfType);
  return { types: out, strings: btf.strings };
}

/** A deep copy (BTF types are copied; the string table is shared, as it is only ever cloned on write). */
export function cloneSpec(s: ObjectSpec): ObjectSpec {
  const cloneMap = (m: MapDef): MapDef => {
    const c: MapDef = { ...m, values: m.values.map((v) => ({ ...v })) };
    if (m.inner !== undefined) c.inner = cloneMap(m.inner);
    return c;
  };
  const out: ObjectSpec = {
    programs: s.programs.map((p): ProgramSection => ({
      name: p.name,
      insns: p.insns.map((i) => ({ ...i })),
      functions: p.functions.map((f) => ({ ...f })),
      relocations: p.relocations.map((r) => ({ ...r })),
      funcInfo: p.funcInfo.map((f) => ({ ...f })),
      lineInfo: p.lineInfo.map((l) => ({ ...l })),
      coreRelos: p.coreRelos.map((c) => ({ ...c })),
    })),
    maps: s.maps.map(cloneMap),
    data: s.data.map((d): DataSection => {
      const c: DataSection = { ...d, variables: d.variables.map((v) => ({ ...v })) };
      if (d.bytes !== undefined) c.bytes = d.bytes.slice();
      return c;
    }),
    externs: s.externs.map((e) => ({ ...e })),
  };
  if (s.license !== undefined) out.license = { ...s.license };
  if (s.kernelVersion !== undefined) out.kernelVersion = s.kernelVersion;
  if (s.btf !== undefined) out.btf = { types: s.btf.types.map((t) => mapReferences(t, (x) => x)), strings: s.btf.strings };
  return out;
}
