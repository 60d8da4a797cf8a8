// Test harness: runs our object in the runtime's loader and VM the way test.json cases run clang's,
// with map updates of global-data sections translated from clang's layout to ours variable by variable,
// and reads results back per map and per global variable (the two data layouts differ; variables only
// one side has are skipped by the comparisons).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSection, ObjectSpec } from '../../../../runtime/index.js';
import { canUseKernel } from '../../../helpers/tools.js';
import { createRunner, dumpMaps, loadObject, toHex, updateMapHex } from '../../../../runtime/loader/index.js';
import type { KernelRun, MapDump, PacketResult, RunCase } from '../../../helpers/kernel.js';

/** Rewrites a data-section map update from clang's layout into ours, variable by variable. */
function remapDataUpdate(value: string, from: DataSection | undefined, to: DataSection | undefined): string {
  if (!from || !to) return value;
  const src = Buffer.from(value, 'hex');
  const out = Buffer.alloc(to.size);
  if (to.bytes) Buffer.from(to.bytes).copy(out);
  for (const v of from.variables) {
    const w = to.variables.find((x) => x.name === v.name);
    if (w) src.copy(out, w.offset, v.offset, v.offset + Math.min(v.size, w.size));
  }
  return out.toString('hex');
}

/** A case with its data-section map updates rewritten from clang's layout (`base`) into ours. */
export function remapCase(c: RunCase, spec: ObjectSpec, base: ObjectSpec): RunCase {
  const mapUpdates = (c.mapUpdates ?? []).map((u) =>
    u.map.startsWith('.') ? { ...u, value: remapDataUpdate(u.value, base.data.find((d) => d.name === u.map), spec.data.find((d) => d.name === u.map)) } : u);
  return { ...c, mapUpdates };
}

/** Runs a case on our object in the VM (the way test/examples/replay.test.ts runs clang's). */
export function runInVm(spec: ObjectSpec, base: ObjectSpec, c0: RunCase, cpus = 2): KernelRun {
  const c = remapCase(c0, spec, base);
  const obj = loadObject(spec, { cpus, ...(c.progType ? { progType: c.progType } : {}) });
  for (const u of c.mapUpdates ?? []) updateMapHex(obj, u.map, u.key, u.value);
  const runner = createRunner(obj, obj.program(c.prog));
  const results: PacketResult[] = c.packets.map((p) => {
    const o = runner.run(new Uint8Array(Buffer.from(p.hex, 'hex')));
    if (o.kind === 'ok') return { retval: o.retval, packet: toHex(o.packet) };
    return o.kind === 'refused' ? { error: o.error } : ({ error: `VM fault: ${o.error}`, pc: o.pc } as PacketResult);
  });
  return { results, maps: dumpMaps(obj) };
}

/** Global data variable by variable: name → value bytes (hex), from a dump and the section layout. */
export function dataVars(maps: MapDump, sections: readonly DataSection[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of sections) {
    const rows = maps[s.name] ?? Object.entries(maps).find(([k]) => k.endsWith(s.name))?.[1];
    const row = rows?.[0];
    if (!row) continue;
    const hex = Array.isArray(row[1]) ? (row[1][0] as string) : row[1];
    for (const v of s.variables) out.set(v.name, hex.slice(v.offset * 2, (v.offset + v.size) * 2));
  }
  return out;
}

/** Maps other than global data (kernel names are cut to 15 characters). */
export function realMaps(maps: MapDump): MapDump {
  const out: MapDump = {};
  for (const [k, v] of Object.entries(maps)) if (!k.startsWith('.') && !k.includes('.')) out[k.slice(0, 15)] = v;
  return out;
}

/** Possible CPUs ("0-1" → 2): per-CPU values and LRU eviction in the recordings depend on it. */
function possibleCpus(): number {
  try {
    return readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split(',').reduce((n, part) => {
      const [a, b] = part.split('-').map(Number);
      return n + (b === undefined ? 1 : (b as number) - (a as number) + 1);
    }, 0);
  } catch {
    return 0;
  }
}

/** Whether objects can run in the kernel here, on the 2 possible CPUs the recordings were made with. */
export function kernelAvailable(): boolean {
  return canUseKernel() && possibleCpus() === 2;
}

/** Runs `fn` with `bytes` written to a temporary object file (removed afterwards). */
export async function withObjectFile<T>(bytes: Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-lower-'));
  try {
    const path = join(dir, 'prog.o');
    writeFileSync(path, bytes);
    return await fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
