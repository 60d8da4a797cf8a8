// The VM reproduces the kernel: every recorded kernel run (examples/*.kernel.json and the program
// corpus's test/fixtures/corpus/*.kernel.json, made with bpftool prog run on CPU 0 of 2 possible CPUs) is
// replayed through the loader and VM — once through the library, once through `ebpfc run --json
// --dump-maps` in-process — and must give the same return values, output packets and final maps
// (per-CPU values compared per CPU; packets the kernel's test run refused must be refused). With root,
// bpftool and 2 possible CPUs, every object also runs in the kernel now (the corpus's batched bpftool
// driver, which gives runInKernel's results with fewer processes) and is compared with the VM directly.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { createRunner, dumpMaps, loadObject, toHex, updateMapHex } from '../../runtime/loader/index.js';
import { memoryIo } from '../helpers/io.js';
import type { KernelRun, MapDump, PacketResult, RunCase } from '../helpers/kernel.js';
import { canUseKernel } from '../helpers/tools.js';
import { runInKernelBatched } from '../corpus/batch-kernel.js';
import { RECORDED_CORPUS, RECORDED_CPUS, RECORDED_EXAMPLES, ROOT, readJson, type Recorded } from '../helpers/recorded.js';

const CPUS = RECORDED_CPUS;
const EXAMPLES = RECORDED_EXAMPLES;
const CORPUS = RECORDED_CORPUS;
const read = readJson;

/** Kernel map names are truncated to 15 characters (BPF_OBJ_NAME_LEN); ours are the object's names. */
function kernelNames(maps: MapDump): MapDump {
  const out: MapDump = {};
  for (const [k, v] of Object.entries(maps)) out[k.startsWith('.') ? k : k.slice(0, 15)] = v;
  return out;
}

/** Refusals compare as refusals: the kernel's message is bpftool's, ours names the rule. */
const shape = (r: PacketResult | { error: string; pc?: number }): unknown => ('error' in r ? { error: 'pc' in r ? `VM fault: ${r.error}` : 'refused' } : r);

function vmRun(rec: Recorded, c: RunCase): KernelRun {
  const obj = loadObject(new Uint8Array(readFileSync(rec.object)), { cpus: CPUS, ...(c.progType ? { progType: c.progType } : {}) });
  for (const u of c.mapUpdates ?? []) updateMapHex(obj, u.map, u.key, u.value);
  const runner = createRunner(obj, obj.program(c.prog));
  const results: PacketResult[] = c.packets.map((p) => {
    const o = runner.run(new Uint8Array(Buffer.from(p.hex, 'hex')));
    if (o.kind === 'ok') return { retval: o.retval, packet: toHex(o.packet) };
    return o.kind === 'refused' ? { error: o.error } : ({ error: o.error, pc: o.pc } as PacketResult);
  });
  return { results, maps: dumpMaps(obj) };
}

async function cliRun(rec: Recorded, c: RunCase): Promise<KernelRun> {
  const argv = ['run', rec.object, '--prog', c.prog, '--cpus', String(CPUS), '--json', '--dump-maps'];
  if (c.progType) argv.push('--prog-type', c.progType);
  for (const u of c.mapUpdates ?? []) argv.push('--map-update', u.map, u.key, u.value);
  for (const p of c.packets) argv.push('--packet', p.hex);
  const io = memoryIo();
  const code = await runCli(argv, io);
  if (code !== 0) throw new Error(`ebpfc run exited ${code}: ${io.err()}`);
  const lines = io.out().trimEnd().split('\n').map((l) => JSON.parse(l) as PacketResult | { maps: MapDump });
  const last = lines.pop() as { maps: MapDump };
  // the kernel's data_out holds XDP metadata in front of the packet; ebpfc prints it as `meta`
  const results = (lines as Array<PacketResult & { meta?: string }>).map((r) =>
    'packet' in r && r.meta !== undefined ? { retval: r.retval, packet: r.meta + r.packet } : r);
  return { results, maps: last.maps };
}

function compare(name: string, c: RunCase, ours: KernelRun, kernel: KernelRun): void {
  expect(ours.results).toHaveLength(kernel.results.length);
  kernel.results.forEach((k, i) => {
    expect(shape(ours.results[i]!), `${name} packet ${i} (${c.packets[i]?.name ?? '?'})`).toEqual(shape(k));
  });
  expect(kernelNames(ours.maps), `${name} maps`).toEqual(kernel.maps);
}

describe.each([['examples', EXAMPLES], ['program corpus', CORPUS]] as const)('%s: VM replays the recorded kernel runs', (_what, list) => {
  it.each(list.map((r) => [r.name, r] as const))('%s (library)', (name, rec) => {
    const c = read<RunCase>(rec.testJson);
    compare(name, c, vmRun(rec, c), read<KernelRun>(rec.kernelJson));
  });

  it.each(list.map((r) => [r.name, r] as const))('%s (ebpfc run --json)', async (name, rec) => {
    const c = read<RunCase>(rec.testJson);
    compare(name, c, await cliRun(rec, c), read<KernelRun>(rec.kernelJson));
  });
});

describe('examples', () => {
  it('there are at least 15, each with traffic, a recorded kernel run and a clang object', () => {
    const sources = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.bpf.c'));
    expect(sources.length).toBeGreaterThanOrEqual(15);
    expect(EXAMPLES.map((e) => `${e.name}.bpf.c`).sort()).toEqual(sources.sort());
  });
});

/** Possible CPUs of this machine ("0-1" → 2), 0 when unknown. */
function possibleCpus(): number {
  try {
    return readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split(',').reduce((n, part) => {
      const [a, b] = part.split('-').map(Number);
      return n + (b === undefined ? 1 : b - a! + 1);
    }, 0);
  } catch {
    return 0;
  }
}

describe.skipIf(!canUseKernel() || possibleCpus() !== CPUS)('VM against the kernel, live', () => {
  it.each(EXAMPLES.map((r) => [r.name, r] as const))('example %s', async (name, rec) => {
    const c = read<RunCase>(rec.testJson);
    compare(name, c, vmRun(rec, c), await runInKernelBatched(rec.object, c));
  }, 60_000);

  it.each(CORPUS.map((r) => [r.name, r] as const))('corpus %s', async (name, rec) => {
    const c = read<RunCase>(rec.testJson);
    compare(name, c, vmRun(rec, c), await runInKernelBatched(rec.object, c));
  }, 60_000);
});
