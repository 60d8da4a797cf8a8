// decodeMapDef on the maps corpus: against the definitions written in src/maps.bpf.c (values from
// linux/bpf.h and the C struct sizes), and against what libbpf and the kernel made of the same object
// (`bpftool prog loadall` + `bpftool map show`).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BtfBuilder, decodeBtf, decodeMapDef, findType, type Btf } from '../../../runtime/btf/index.js';
import { BPFTOOL, canUseKernel, withBpffsDir } from '../../helpers/tools.js';
import { SOURCES, canCompile, compile, fixture, scratch } from './fixtures.js';

function mapsOf(btf: Btf): Map<string, number> {
  const sec = btf.types[findType(btf, '.maps', 'DATASEC')!] as { vars: { type: number }[] };
  return new Map(sec.vars.map((v) => [btf.types[v.type]!.name, v.type]));
}

describe('decodeMapDef', () => {
  const btf = decodeBtf(fixture('maps.btf'));
  const maps = mapsOf(btf);
  const def = (name: string) => decodeMapDef(btf, maps.get(name)!, name);

  it('reads the corpus definitions as written in the source', () => {
    // BPF_MAP_TYPE_HASH = 1; struct flow_key is 16 bytes, struct flow_val 24
    expect(def('flows')).toMatchObject({ type: 1, maxEntries: 1024, keySize: 16, valueSize: 24 });
    expect(btf.types[def('flows').keyType!]!.name).toBe('flow_key');
    // BPF_MAP_TYPE_PERCPU_ARRAY = 6
    expect(def('stats')).toMatchObject({ type: 6, maxEntries: 4, keySize: 4, valueSize: 8 });
    // BPF_MAP_TYPE_LPM_TRIE = 11, BPF_F_NO_PREALLOC = 1
    expect(def('routes')).toMatchObject({ type: 11, maxEntries: 64, mapFlags: 1, keySize: 8, valueSize: 4 });
    // BPF_MAP_TYPE_LRU_HASH = 9 with sizes given as numbers
    expect(def('lru')).toEqual({ type: 9, maxEntries: 32, keySize: 4, valueSize: 8 });
    // BPF_MAP_TYPE_PROG_ARRAY = 3; values is the 4th member, at byte 24
    const jmp = def('jmp');
    expect(jmp).toMatchObject({ type: 3, maxEntries: 2, keySize: 4, valueSize: 4, valuesOffset: 24 });
    expect(btf.types[jmp.progProto!]!.kind).toBe('FUNC_PROTO');
    // BPF_MAP_TYPE_ARRAY_OF_MAPS = 12 with an inner BPF_MAP_TYPE_ARRAY = 2
    expect(def('outer')).toMatchObject({ type: 12, maxEntries: 1, keySize: 4, valueSize: 4, inner: { type: 2, maxEntries: 1, keySize: 4, valueSize: 4 } });
  });

  it('rejects what libbpf rejects', () => {
    const b = new BtfBuilder();
    const int = b.addInt('int', 4, { signed: true });
    const n = (v: number) => b.addPtr(b.addArray(int, v));
    const bad1 = b.addStruct('', 16, [{ name: 'type', type: n(1), bitOffset: 0 }, { name: 'colour', type: n(2), bitOffset: 64 }]);
    const bad2 = b.addStruct('', 16, [{ name: 'type', type: int, bitOffset: 0 }]);
    const bad3 = b.addStruct('', 24, [{ name: 'key_size', type: n(8), bitOffset: 0 }, { name: 'key', type: b.addPtr(int), bitOffset: 64 }]);
    const bad4 = b.addStruct('', 16, [{ name: 'type', type: n(1), bitOffset: 0 }, { name: 'values', type: b.addArray(b.addPtr(int), 0), bitOffset: 64 }]);
    const staticVar = b.addVar('m', bad2, 'static');
    const t = b.build();
    expect(() => decodeMapDef(t, bad1, 'a')).toThrow("map 'a': unknown field 'colour'");
    expect(() => decodeMapDef(t, bad2, 'b')).toThrow("map 'b': attr 'type': expected PTR, got INT");
    expect(() => decodeMapDef(t, bad3, 'c')).toThrow("map 'c': conflicting key size 8 != 4");
    expect(() => decodeMapDef(t, bad4, 'd')).toThrow("map 'd': should be map-in-map or prog-array");
    expect(() => decodeMapDef(t, staticVar, 'e')).toThrow("map 'e': unsupported map linkage static");
  });
});

const TYPE_NAMES: Record<number, string> = { 1: 'hash', 2: 'array', 3: 'prog_array', 6: 'percpu_array', 9: 'lru_hash', 11: 'lpm_trie', 12: 'array_of_maps' };

describe.skipIf(!canCompile() || !canUseKernel())('decodeMapDef vs the maps libbpf created', () => {
  let tmp: ReturnType<typeof scratch>;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => tmp.done());

  it('maps.bpf.c', async () => {
    const c = compile(tmp.dir, 'maps', { file: join(SOURCES, 'maps.bpf.c') });
    const btf = decodeBtf(c.btf);
    await withBpffsDir((dir) => {
      execFileSync(BPFTOOL, ['prog', 'loadall', c.obj, join(dir, 'progs'), 'pinmaps', join(dir, 'maps')]);
      let checked = 0;
      for (const [name, id] of mapsOf(btf)) {
        const pins = readdirSync(join(dir, 'maps'));
        expect(pins).toContain(name);
        const info = JSON.parse(execFileSync(BPFTOOL, ['-j', 'map', 'show', 'pinned', join(dir, 'maps', name)], { encoding: 'utf8' })) as Record<string, unknown>;
        const d = decodeMapDef(btf, id, name);
        expect(info.type, name).toBe(TYPE_NAMES[d.type!]);
        expect(info.bytes_key, name).toBe(d.keySize);
        expect(info.bytes_value, name).toBe(d.valueSize);
        expect(info.max_entries, name).toBe(d.maxEntries);
        expect(info.flags, name).toBe(d.mapFlags ?? 0);
        checked++;
      }
      expect(checked).toBe(7);
    });
  });
});
