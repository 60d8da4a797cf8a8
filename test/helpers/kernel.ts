// Runs an eBPF object in the real kernel through bpftool, the way `ebpfc run --json` runs it in the VM:
// load every program (maps pinned in a private bpffs directory), apply map updates, run each packet with
// BPF_PROG_TEST_RUN on CPU 0, then dump every map. Used by the live differential tests and by
// scripts/record-kernel.ts, which stores the results as JSON fixtures so the VM side runs everywhere.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBpffsDir } from './tools.js';

/** A test case: which program to run, the map setup and the packets (hex), as in examples/*.test.json. */
export interface RunCase {
  prog: string;
  progType?: string;
  mapUpdates?: { map: string; key: string; value: string }[];
  packets: { name?: string; hex: string }[];
}

export type PacketResult = { retval: number; packet: string } | { error: string };
export type MapDump = Record<string, Array<[string, string | string[]]>>;

export interface KernelRun {
  results: PacketResult[];
  maps: MapDump;
}

function bpftool(args: string[]): string {
  return execFileSync('taskset', ['-c', '0', 'bpftool', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const hexBytes = (hex: string): string[] => (hex.match(/../g) ?? []);
const fromBpftoolBytes = (bytes: string[]): string => bytes.map((b) => b.replace(/^0x/, '').padStart(2, '0')).join('');

/** The map name as the contract prints it: internal maps (`xdp_glob.bss`) by their section name. */
function contractMapName(kernelName: string): string {
  const dot = kernelName.indexOf('.');
  return dot >= 0 ? kernelName.slice(dot) : kernelName;
}

export function runInKernel(objectPath: string, c: RunCase): Promise<KernelRun> {
  return withBpffsDir((dir) => {
    const progDir = join(dir, 'progs');
    const mapDir = join(dir, 'maps');
    const args = ['prog', 'loadall', objectPath, progDir];
    if (c.progType) args.push('type', c.progType);
    args.push('pinmaps', mapDir);
    bpftool(args);
    const pinnedMaps = new Map<string, string>(); // contract name → pinned path
    for (const f of existsSync(mapDir) ? readdirSync(mapDir) : []) {
      const path = join(mapDir, f);
      const info = JSON.parse(bpftool(['-j', 'map', 'show', 'pinned', path])) as { name: string };
      pinnedMaps.set(contractMapName(info.name), path);
    }
    for (const u of c.mapUpdates ?? []) {
      const path = pinnedMaps.get(u.map);
      if (!path) throw new Error(`kernel run: no map named ${u.map}`);
      bpftool(['map', 'update', 'pinned', path, 'key', 'hex', ...hexBytes(u.key), 'value', 'hex', ...hexBytes(u.value)]);
    }
    const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-kernel-'));
    const results: PacketResult[] = [];
    try {
      for (const p of c.packets) {
        const inFile = join(tmp, 'in.bin');
        const outFile = join(tmp, 'out.bin');
        writeFileSync(inFile, Buffer.from(p.hex, 'hex'));
        rmSync(outFile, { force: true });
        try {
          const out = bpftool(['prog', 'run', 'pinned', join(progDir, c.prog), 'data_in', inFile, 'data_out', outFile]);
          const m = /Return value: (\d+)/.exec(out);
          if (!m) throw new Error(`unexpected bpftool output: ${out}`);
          results.push({ retval: Number(m[1]), packet: readFileSync(outFile).toString('hex') });
        } catch (e) {
          const msg = (e as { stderr?: string }).stderr?.trim() || String(e);
          results.push({ error: msg.split('\n').pop() ?? msg });
        }
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const maps: MapDump = {};
    for (const [name, path] of [...pinnedMaps].sort(([a], [b]) => (a < b ? -1 : 1))) {
      maps[name] = dumpMap(path);
    }
    return { results, maps };
  });
}

type DumpEntry = { key: string[]; value?: string[]; values?: { cpu: number; value: string[] }[] };

/** Dumps one pinned map in the contract's row shape (see the rules below for maps bpftool cannot dump). */
export function dumpMap(path: string): Array<[string, string | string[]]> {
  const info = JSON.parse(bpftool(['-j', 'map', 'show', 'pinned', path])) as { type: string };
  if (info.type === 'prog_array') {
    // bpftool prints program ids for prog arrays; those are kernel-specific, so record only which slots are set
    const raw = JSON.parse(bpftool(['-j', 'map', 'dump', 'pinned', path])) as DumpEntry[];
    return raw.map((e) => [fromBpftoolBytes(e.key), 'set']);
  }
  if (info.type === 'array_of_maps' || info.type === 'hash_of_maps') {
    // values are inner map ids, also kernel-specific: record the inner map's name instead
    const raw = JSON.parse(bpftool(['-j', 'map', 'dump', 'pinned', path])) as DumpEntry[];
    const rows: Array<[string, string]> = raw.map((e) => {
      const id = Buffer.from(fromBpftoolBytes(e.value ?? []), 'hex').readUInt32LE(0);
      const inner = JSON.parse(bpftool(['-j', 'map', 'show', 'id', String(id)])) as { name: string };
      return [fromBpftoolBytes(e.key), contractMapName(inner.name)];
    });
    if (info.type === 'hash_of_maps') rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return rows;
  }
  if (info.type === 'queue' || info.type === 'stack') {
    // no iteration over these: pop until empty; rows in pop order (FIFO for a queue, LIFO for a stack), key ""
    const rows: Array<[string, string]> = [];
    for (;;) {
      let e: DumpEntry | null;
      try {
        e = JSON.parse(bpftool(['-j', 'map', 'pop', 'pinned', path])) as DumpEntry | null;
      } catch {
        break; // ENOENT once empty
      }
      if (!e) break;
      rows.push(['', fromBpftoolBytes(e.value ?? [])]);
    }
    return rows;
  }
  if (info.type === 'ringbuf' || info.type === 'user_ringbuf' || info.type === 'perf_event_array' || info.type === 'bloom_filter') {
    // not readable through lookups (ring buffers are mmap-only; perf arrays hold event fds; bloom filters
    // have no keys): no rows
    return [];
  }
  // slots the kernel cannot read back (empty devmap/cpumap slots: ENOENT; xskmap: EOPNOTSUPP) print
  // {"error": …} instead of a value: no row
  const raw = (JSON.parse(bpftool(['-j', 'map', 'dump', 'pinned', path])) as DumpEntry[])
    .filter((e) => e.values !== undefined || Array.isArray(e.value));
  const rows: Array<[string, string | string[]]> = raw.map((e) => {
    const key = fromBpftoolBytes(e.key);
    if (e.values) return [key, e.values.sort((a, b) => a.cpu - b.cpu).map((v) => fromBpftoolBytes(v.value))];
    return [key, fromBpftoolBytes(e.value ?? [])];
  });
  if (!/array/.test(info.type)) rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return rows;
}
