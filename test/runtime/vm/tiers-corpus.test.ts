// Both VM tiers on real programs: every example (examples/*.test.json, objects in test/fixtures/clang)
// and every program of the corpus (test/fixtures/corpus) is loaded through the loader twice — once with
// the reference interpreter, once with the compiled tier forced (no 'auto' warm-up, so every program
// and tail-call target runs compiled from its first packet) — and run on all its packets. The tiers
// must agree exactly (return values, output packets, instruction counts, faults, trace_printk lines and
// final maps), and both must equal the Linux kernel's recorded run (<name>.kernel.json, made with
// bpftool prog run on CPU 0 of 2 possible CPUs; refusals compare as refusals).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRunner, dumpMaps, loadObject, toHex, updateMapHex } from '../../../runtime/loader/index.js';
import type { Tier } from '../../../runtime/vm/index.js';
import type { KernelRun, MapDump, PacketResult, RunCase } from '../../helpers/kernel.js';
import { RECORDED_CORPUS, RECORDED_CPUS, RECORDED_EXAMPLES, readJson, type Recorded } from '../../helpers/recorded.js';

const CPUS = RECORDED_CPUS;
const EXAMPLES = RECORDED_EXAMPLES;
const CORPUS = RECORDED_CORPUS;
const read = readJson;

interface TierRun {
  results: (PacketResult & { insns?: number; pc?: number })[];
  printk: string[];
  maps: MapDump;
}

function runTier(rec: Recorded, c: RunCase, tier: Tier): TierRun {
  const obj = loadObject(new Uint8Array(readFileSync(rec.object)), { cpus: CPUS, tier, ...(c.progType ? { progType: c.progType } : {}) });
  for (const u of c.mapUpdates ?? []) updateMapHex(obj, u.map, u.key, u.value);
  const runner = createRunner(obj, obj.program(c.prog));
  const printk: string[] = [];
  const results = c.packets.map((p): TierRun['results'][number] => {
    const o = runner.run(new Uint8Array(Buffer.from(p.hex, 'hex')));
    printk.push(...runner.context.env.trace.map((t) => t.line)); // each run starts with an empty trace
    if (o.kind === 'ok') return { retval: o.retval, packet: toHex(o.packet), insns: o.insns };
    return o.kind === 'refused' ? { error: o.error } : { error: o.error, pc: o.pc };
  });
  return { results, printk, maps: dumpMaps(obj) };
}

/** Kernel map names are truncated to 15 characters (BPF_OBJ_NAME_LEN). */
function kernelNames(maps: MapDump): MapDump {
  const out: MapDump = {};
  for (const [k, v] of Object.entries(maps)) out[k.startsWith('.') ? k : k.slice(0, 15)] = v;
  return out;
}

/** As the kernel reports it: no instruction count; a refusal or a fault is an error. */
const asKernel = (r: TierRun['results'][number] | PacketResult): unknown =>
  'error' in r ? { error: 'pc' in r ? `VM fault: ${r.error}` : 'refused' } : { retval: r.retval, packet: r.packet };

describe.each([['examples', EXAMPLES], ['program corpus', CORPUS]] as const)('%s: interpreter and compiled tier', (_what, list) => {
  it('has programs', () => expect(list.length).toBeGreaterThan(10));

  it.each(list.map((r) => [r.name, r] as const))('%s', (name, rec) => {
    const c = read<RunCase>(rec.testJson);
    const kernel = read<KernelRun>(rec.kernelJson);
    const interp = runTier(rec, c, 'interpreter');
    const comp = runTier(rec, c, 'compiled');
    c.packets.forEach((p, i) => {
      const label = `${name} packet ${i} (${p.name ?? '?'})`;
      expect(comp.results[i], `${label}: compiled vs interpreter`).toEqual(interp.results[i]);
      expect(asKernel(interp.results[i]!), `${label}: vs the kernel`).toEqual(asKernel(kernel.results[i]!));
    });
    expect(comp.printk, `${name}: trace_printk lines`).toEqual(interp.printk);
    expect(comp.maps, `${name}: maps, compiled vs interpreter`).toEqual(interp.maps);
    expect(kernelNames(interp.maps), `${name}: maps vs the kernel`).toEqual(kernel.maps);
  });
});
