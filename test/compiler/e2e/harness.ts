// The end-to-end differential harness: every example (examples/*.bpf.c) and corpus program
// (test/fixtures/corpus/*.bpf.c) compiled by ebpfc (compileC, system headers then the bundled ones, as
// `ebpfc compile` does), then run on the traffic and map setup of its NAME.test.json — in our VM
// (runtime/loader) and, with root and bpftool, in the kernel — and compared with NAME.kernel.json,
// the kernel's recorded run of the clang-16 -O2 object (clang/NAME.o).
//
// What is compared (compareRuns):
//  - per packet: the return value and the output packet, exactly; a packet the kernel's test run
//    refused must be refused (kernel against kernel: the same message; VM: refused, whatever the words);
//  - every map that is not global data, by its kernel name (15 characters at most): every row, keys and
//    values byte for byte (per-CPU values per CPU; prog arrays by which slots are set; maps of maps by
//    inner map name; queues/stacks in pop order; ring buffers, perf arrays and bloom filters have no rows);
//  - global data variable by variable, through each object's BTF: a DATASEC VAR's bytes in the dump of
//    its section's map (`.data`, `.bss`, `.rodata`; layouts legitimately differ between the compilers).
//    Every variable clang's object has with global linkage must exist in ours; static variables one
//    compiler optimised away are compared where both have them. Map updates of `.data`/`.bss` in a
//    test.json are written in clang's layout and are moved into ours variable by variable.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compileC, createPreprocessCache, formatDiagnostics, sourceLookup, type CompileResult } from '../../../compiler/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';
import type { Btf } from '../../../runtime/btf/index.js';
import { decodeObject, type ObjectSpec } from '../../../runtime/object/index.js';
import { createRunner, dumpMaps, loadObject, toHex, updateMapHex } from '../../../runtime/loader/index.js';
import type { KernelRun, MapDump, PacketResult, RunCase } from '../../helpers/kernel.js';

export const ROOT = join(import.meta.dirname, '../../..');
/** The recordings were made on a kernel with 2 possible CPUs. */
export const CPUS = 2;

export interface Program {
  name: string;
  source: string;
  case: RunCase;
  kernel: KernelRun;
  /** clang-16 -O2's object, decoded. */
  clang: ObjectSpec;
  clangPath: string;
}

function programsIn(dir: string, objDir: string): Program[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.bpf.c'))
    .map((f) => f.slice(0, -'.bpf.c'.length))
    .filter((n) => existsSync(join(ROOT, dir, `${n}.test.json`)) && existsSync(join(ROOT, dir, `${n}.kernel.json`)))
    .sort()
    .map((name) => {
      const clangPath = join(ROOT, objDir, `${name}.o`);
      return {
        name,
        source: join(ROOT, dir, `${name}.bpf.c`),
        case: JSON.parse(readFileSync(join(ROOT, dir, `${name}.test.json`), 'utf8')) as RunCase,
        kernel: JSON.parse(readFileSync(join(ROOT, dir, `${name}.kernel.json`), 'utf8')) as KernelRun,
        clang: decodeObject(new Uint8Array(readFileSync(clangPath))),
        clangPath,
      };
    });
}

export const EXAMPLES = (): Program[] => programsIn('examples', 'test/fixtures/clang');
export const CORPUS = (): Program[] => programsIn('test/fixtures/corpus', 'test/fixtures/corpus/clang');

const cache = createPreprocessCache();
const fs = nodeFileSystem();

/** Compiles a program as `ebpfc compile` does (-O2, v3); throws with the diagnostics on failure. */
export function compileProgram(p: Program): CompileResult & { object: Uint8Array; spec: ObjectSpec } {
  const r = compileC(readFileSync(p.source, 'utf8'), { path: p.source, fs, cache });
  if (!r.object || !r.spec) throw new Error(`${p.name} does not compile:\n${formatDiagnostics(r.diagnostics, sourceLookup(r.files))}`);
  return r as CompileResult & { object: Uint8Array; spec: ObjectSpec };
}

// ---- global data through BTF ----------------------------------------------------------------------

export interface BtfVarPlace {
  section: string;
  offset: number;
  size: number;
  global: boolean;
}

/** Every VAR of every data DATASEC: name → place. */
export function btfDataVars(btf: Btf | undefined): Map<string, BtfVarPlace> {
  const out = new Map<string, BtfVarPlace>();
  for (const t of btf?.types ?? []) {
    if (t.kind !== 'DATASEC' || !/^\.(data|bss|rodata)/.test(t.name)) continue;
    for (const v of t.vars) {
      const tv = btf?.types[v.type];
      if (tv?.kind === 'VAR') out.set(tv.name, { section: t.name, offset: v.offset, size: v.size, global: tv.linkage === 'global' });
    }
  }
  return out;
}

/** The bytes (hex) of each variable in a run's dump of the data maps. */
function varValues(maps: MapDump, vars: ReadonlyMap<string, BtfVarPlace>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, v] of vars) {
    const row = maps[v.section]?.[0];
    if (!row) continue;
    const hex = Array.isArray(row[1]) ? (row[1][0] as string) : row[1];
    out.set(name, hex.slice(v.offset * 2, (v.offset + v.size) * 2));
  }
  return out;
}

/** A test case with its global-data map updates moved from clang's layout into ours. */
export function caseForOurs(c: RunCase, clang: ObjectSpec, ours: ObjectSpec): RunCase {
  const from = btfDataVars(clang.btf);
  const to = btfDataVars(ours.btf);
  const updates = (c.mapUpdates ?? []).map((u) => {
    if (!u.map.startsWith('.')) return u;
    const sec = ours.data.find((d) => d.name === u.map);
    if (!sec) throw new Error(`map update of ${u.map}: our object has no such section`);
    const src = Buffer.from(u.value, 'hex');
    const out = Buffer.alloc(sec.size);
    if (sec.bytes) Buffer.from(sec.bytes).copy(out);
    for (const [name, v] of from) {
      if (v.section !== u.map) continue;
      const w = to.get(name);
      if (w && w.section === u.map) src.copy(out, w.offset, v.offset, v.offset + Math.min(v.size, w.size));
    }
    return { ...u, value: out.toString('hex') };
  });
  return { ...c, mapUpdates: updates };
}

// ---- runs --------------------------------------------------------------------------------------------

/** Runs a case in our VM, as `ebpfc run --json --dump-maps` does. */
export function vmRun(object: Uint8Array, c: RunCase): KernelRun {
  const obj = loadObject(object, { cpus: CPUS, ...(c.progType ? { progType: c.progType } : {}) });
  for (const u of c.mapUpdates ?? []) updateMapHex(obj, u.map, u.key, u.value);
  const runner = createRunner(obj, obj.program(c.prog));
  const results: PacketResult[] = c.packets.map((p) => {
    const o = runner.run(new Uint8Array(Buffer.from(p.hex, 'hex')));
    if (o.kind === 'ok') return { retval: o.retval, packet: toHex(o.packet) };
    return o.kind === 'refused' ? { error: o.error } : ({ error: `VM fault: ${o.error}`, pc: o.pc } as PacketResult);
  });
  return { results, maps: dumpMaps(obj) };
}

/** Maps that are not global data, by kernel name (truncated to 15 characters). */
function realMaps(maps: MapDump): MapDump {
  const out: MapDump = {};
  for (const [k, v] of Object.entries(maps)) if (!k.startsWith('.')) out[k.slice(0, 15)] = v;
  return out;
}

/**
 * Compares a run of our object with the kernel's recorded run of clang's (see the file comment).
 * `exactErrors`: refusals must carry the same message (both runs in the kernel).
 */
export function compareRuns(p: Program, ours: KernelRun, oursSpec: ObjectSpec, exactErrors: boolean): void {
  const { name } = p;
  const kernel = p.kernel;
  const shape = (r: PacketResult | undefined): unknown => (r === undefined || !('error' in r) ? r : exactErrors && !('pc' in r) ? r : { error: 'pc' in r ? r.error : 'refused' });
  expect(ours.results, `${name}: one result per packet`).toHaveLength(kernel.results.length);
  kernel.results.forEach((k, i) => {
    expect(shape(ours.results[i]), `${name} packet ${i} (${p.case.packets[i]?.name ?? '?'})`).toEqual(shape(k));
  });
  expect(realMaps(ours.maps), `${name}: maps`).toEqual(realMaps(kernel.maps));
  const clangVars = btfDataVars(p.clang.btf);
  const ourVars = btfDataVars(oursSpec.btf);
  for (const [v, place] of clangVars) if (place.global) expect(ourVars.has(v), `${name}: global variable ${v} in our object`).toBe(true);
  const want = varValues(kernel.maps, clangVars);
  const got = varValues(ours.maps, ourVars);
  for (const [v, hex] of want) {
    const g = got.get(v);
    if (g !== undefined || clangVars.get(v)?.global) expect(g, `${name}: global variable ${v}`).toBe(hex);
  }
}
