// Runs an eBPF object in the kernel like test/helpers/kernel.ts's runInKernel — same case in, same
// {results, maps} out, byte for byte (the map-row rules are mirrored from there; the corpus test checks
// the two agree, since the recorded fixtures come from runInKernel) — but drives bpftool in batch mode
// (`bpftool -j batch file`), a few processes per object instead of one per packet, so the whole program
// corpus re-runs in seconds.
// bpftool stops a batch at the first failing command, so a failed command (a packet BPF_PROG_TEST_RUN
// refuses, a pop from an empty queue) ends the batch and the rest is resubmitted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KernelRun, MapDump, PacketResult, RunCase } from '../helpers/kernel.js';
import { withBpffsDir } from '../helpers/tools.js';

/** What bpftool -j prints for one command: a value, or {error} when the command failed. */
type Output = null | { error: string } | { retval: number } | { name: string; type: string; max_entries: number }
  | DumpEntry | DumpEntry[];
type DumpEntry = { key: string[]; value?: string[]; values?: { cpu: number; value: string[] }[] };
interface BatchEntry {
  command: string[];
  output: Output;
}

function bpftool(args: string[]): string {
  return execFileSync('taskset', ['-c', '0', 'bpftool', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Runs commands in batches; returns one output per command ({error} for the ones that failed). With
 * `stopAtError` the first failure ends the run (its output is the last one returned).
 */
function runBatch(tmp: string, commands: string[][], stopAtError = false): Output[] {
  const outputs: Output[] = [];
  let start = 0;
  const file = join(tmp, 'batch.txt');
  while (start < commands.length) {
    writeFileSync(file, commands.slice(start).map((c) => c.join(' ')).join('\n') + '\n');
    let text: string;
    try {
      text = bpftool(['-j', 'batch', 'file', file]);
    } catch (e) {
      text = String((e as { stdout?: string }).stdout ?? '');
    }
    // bpftool 7.1 ends every batch with {"error": "reading batch file failed: …"}, a line with no command
    const entries = (JSON.parse(text || '[]') as Partial<BatchEntry>[]).filter((e): e is BatchEntry => Array.isArray(e.command));
    if (entries.length === 0) throw new Error(`bpftool batch made no progress at: ${commands[start].join(' ')}`);
    for (const e of entries) outputs.push(e.output);
    start += entries.length;
    if (stopAtError && isError(entries[entries.length - 1].output)) break;
  }
  return outputs;
}

const hexBytes = (hex: string): string[] => hex.match(/../g) ?? [];
const fromBpftoolBytes = (bytes: string[]): string => bytes.map((b) => b.replace(/^0x/, '').padStart(2, '0')).join('');
const contractMapName = (kernelName: string): string => {
  const dot = kernelName.indexOf('.');
  return dot >= 0 ? kernelName.slice(dot) : kernelName;
};
const isError = (o: Output): o is { error: string } =>
  o !== null && typeof o === 'object' && !Array.isArray(o) && 'error' in o;
const field = <T>(o: Output, k: string): T => (o as unknown as Record<string, T>)[k];

interface MapInfo {
  name: string;
  path: string;
  type: string;
  max_entries: number;
}

export function runInKernelBatched(objectPath: string, c: RunCase): Promise<KernelRun> {
  return withBpffsDir((dir) => {
    const progDir = join(dir, 'progs');
    const mapDir = join(dir, 'maps');
    const args = ['prog', 'loadall', objectPath, progDir];
    if (c.progType) args.push('type', c.progType);
    args.push('pinmaps', mapDir);
    bpftool(args);
    const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-batch-'));
    try {
      const files = existsSync(mapDir) ? readdirSync(mapDir) : [];
      const shown = runBatch(tmp, files.map((f) => ['map', 'show', 'pinned', join(mapDir, f)]));
      const maps: MapInfo[] = files.map((f, i) => ({
        name: contractMapName(field<string>(shown[i], 'name')),
        path: join(mapDir, f),
        type: field<string>(shown[i], 'type'),
        max_entries: field<number>(shown[i], 'max_entries'),
      }));
      const byName = new Map(maps.map((m) => [m.name, m]));

      const commands: string[][] = [];
      for (const u of c.mapUpdates ?? []) {
        const m = byName.get(u.map);
        if (!m) throw new Error(`kernel run: no map named ${u.map}`);
        commands.push(['map', 'update', 'pinned', m.path, 'key', 'hex', ...hexBytes(u.key), 'value', 'hex', ...hexBytes(u.value)]);
      }
      const firstRun = commands.length;
      c.packets.forEach((p, i) => {
        writeFileSync(join(tmp, `in${i}.bin`), Buffer.from(p.hex, 'hex'));
        commands.push(['prog', 'run', 'pinned', join(progDir, c.prog), 'data_in', join(tmp, `in${i}.bin`), 'data_out', join(tmp, `out${i}.bin`)]);
      });
      const sorted = [...maps].sort((a, b) => (a.name < b.name ? -1 : 1));
      const dumpIndex = new Map<string, number>();
      for (const m of sorted) {
        if (['queue', 'stack', 'ringbuf', 'user_ringbuf', 'perf_event_array', 'bloom_filter'].includes(m.type)) continue;
        dumpIndex.set(m.name, commands.length);
        commands.push(['map', 'dump', 'pinned', m.path]);
      }
      const out = runBatch(tmp, commands);
      for (let i = 0; i < firstRun; i++) {
        const o = out[i];
        if (isError(o)) throw new Error(`kernel run: map update failed: ${o.error}`);
      }
      const results: PacketResult[] = c.packets.map((_, i) => {
        const o = out[firstRun + i];
        if (isError(o)) return { error: `Error: ${o.error}` };
        return { retval: field<number>(o, 'retval'), packet: readFileSync(join(tmp, `out${i}.bin`)).toString('hex') };
      });

      const dump: MapDump = {};
      const innerIds: number[] = [];
      for (const m of sorted) dump[m.name] = rows(m, dumpIndex.has(m.name) ? out[dumpIndex.get(m.name)!] : null, tmp, innerIds);
      if (innerIds.length) {
        const names = runBatch(tmp, innerIds.map((id) => ['map', 'show', 'id', String(id)]));
        const nameOf = new Map(innerIds.map((id, i) => [id, contractMapName(field<string>(names[i], 'name'))]));
        for (const m of sorted) {
          if (m.type !== 'array_of_maps' && m.type !== 'hash_of_maps') continue;
          dump[m.name] = dump[m.name].map(([k, v]) => [k, nameOf.get(Number(v)) ?? String(v)]);
        }
      }
      return { results, maps: dump };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}

function rows(m: MapInfo, dumped: Output, tmp: string, innerIds: number[]): Array<[string, string | string[]]> {
  switch (m.type) {
    case 'ringbuf':
    case 'user_ringbuf':
    case 'perf_event_array':
    case 'bloom_filter':
      return [];
    case 'queue':
    case 'stack': {
      // pop until the first failure (empty): one bpftool process
      const pops = runBatch(tmp, Array.from({ length: m.max_entries + 1 }, () => ['map', 'pop', 'pinned', m.path]), true);
      const got: Array<[string, string]> = [];
      for (const p of pops) {
        if (isError(p) || p === null) break;
        got.push(['', fromBpftoolBytes((p as DumpEntry).value ?? [])]);
      }
      return got;
    }
  }
  if (isError(dumped)) throw new Error(`map dump ${m.name}: ${dumped.error}`);
  const raw = dumped as DumpEntry[];
  if (m.type === 'prog_array') return raw.map((e) => [fromBpftoolBytes(e.key), 'set']);
  if (m.type === 'array_of_maps' || m.type === 'hash_of_maps') {
    const r: Array<[string, string]> = raw.map((e) => {
      const id = Buffer.from(fromBpftoolBytes(e.value ?? []), 'hex').readUInt32LE(0);
      innerIds.push(id);
      return [fromBpftoolBytes(e.key), String(id)];
    });
    if (m.type === 'hash_of_maps') r.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return r;
  }
  // slots the kernel cannot read back (empty devmap/cpumap slots, xskmap) print {"error": …}: no row
  const r: Array<[string, string | string[]]> = raw.filter((e) => e.values !== undefined || Array.isArray(e.value)).map((e) => {
    const key = fromBpftoolBytes(e.key);
    if (e.values) return [key, e.values.sort((a, b) => a.cpu - b.cpu).map((v) => fromBpftoolBytes(v.value))];
    return [key, fromBpftoolBytes(e.value ?? [])];
  });
  if (!/array/.test(m.type)) r.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return r;
}
