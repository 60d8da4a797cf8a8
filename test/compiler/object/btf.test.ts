// Object emission on test/fixtures/object/types.bpf.c (a zoo of C types in maps, variables and
// prototypes): the BTF describes every variable, map and function exactly as clang-16's BTF for the same
// source does (structurally: kinds, names, sizes, member offsets and bit-field sizes, enum values,
// qualifiers, typedef chains); the object loads into the kernel (its global functions are verified on
// their own, through their BTF prototypes); libbpf's static linker and skeleton generator accept it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileC } from '../../../compiler/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';
import type { Btf } from '../../../runtime/btf/index.js';
import { decodeObject, type MapDef, type ObjectSpec } from '../../../runtime/object/index.js';
import { BPFTOOL, CLANG, canUseKernel, hasTool, withBpffsDir } from '../../helpers/tools.js';
import { describeBtf } from './clang-compare.js';

const SRC = join(import.meta.dirname, '../../fixtures/object/types.bpf.c');
const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-object-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ours = compileC(readFileSync(SRC, 'utf8'), { path: SRC, fs: nodeFileSystem() });
const oursPath = join(tmp, 'types.o');
if (ours.object) writeFileSync(oursPath, ours.object);

/** VAR and FUNC descriptions, with the kind of data section each VAR is in. */
function described(spec: ObjectSpec): string[] {
  const btf = spec.btf as Btf;
  const out: string[] = [];
  for (const t of btf.types) {
    if (t.kind === 'FUNC') out.push(describeBtf(btf, btf.types.indexOf(t)));
    if (t.kind !== 'DATASEC') continue;
    const kind = t.name.replace(/^\.(rodata|data|bss)\..*/, '.$1');
    for (const v of t.vars) out.push(`${kind}: ${describeBtf(btf, v.type)} size ${v.size}`);
  }
  return out.sort();
}

describe('object emission: types.bpf.c', () => {
  it('compiles', () => {
    expect(ours.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ours.object).toBeDefined();
  });

  it.skipIf(!hasTool(CLANG))('describes every variable, map and function as clang-16 does', () => {
    const clangObj = join(tmp, 'types.clang.o');
    const r = spawnSync(CLANG, ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', SRC, '-o', clangObj], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const clang = decodeObject(new Uint8Array(readFileSync(clangObj)));
    const mine = decodeObject(ours.object as Uint8Array);
    expect(described(mine)).toEqual(described(clang));
    // the attributes libbpf reads, maps in name order (clang's order in .maps is its emission order)
    const view = (m: MapDef): unknown => ({ ...m, btfKeyType: m.btfKeyType !== 0, btfValueType: m.btfValueType !== 0, inner: m.inner && view(m.inner) });
    const maps = (s: ObjectSpec): unknown[] => [...s.maps].sort((a, b) => (a.name < b.name ? -1 : 1)).map(view);
    expect(maps(mine)).toEqual(maps(clang));
  });

  it.skipIf(!canUseKernel())('loads into the kernel, global functions verified through their BTF prototypes', async () => {
    await withBpffsDir((dir) => {
      const r = spawnSync(BPFTOOL, ['prog', 'loadall', oursPath, join(dir, 'p')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const progs = JSON.parse(spawnSync(BPFTOOL, ['-j', 'prog', 'show'], { encoding: 'utf8' }).stdout) as { name: string; btf_id?: number }[];
      expect(progs.some((p) => p.name === 'types' && (p.btf_id ?? 0) > 0)).toBe(true);
    });
  });

  it.skipIf(!hasTool(BPFTOOL))('links with bpftool gen object and gives a skeleton', () => {
    const linked = join(tmp, 'linked.o');
    const g = spawnSync(BPFTOOL, ['gen', 'object', linked, oursPath], { encoding: 'utf8' });
    expect(g.status, g.stderr).toBe(0);
    const s = spawnSync(BPFTOOL, ['gen', 'skeleton', oursPath, 'name', 'types'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(s.status, s.stderr).toBe(0);
    for (const field of ['struct bpf_map *table;', 'struct bpf_program *types;', 'struct bpf_program *tc_types;', 'u32_alias knob;', 'struct value gvalue;']) expect(s.stdout).toContain(field);
  });
});
