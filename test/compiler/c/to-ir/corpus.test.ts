// Every example (examples/*.bpf.c) and corpus program (test/fixtures/corpus/*.bpf.c) compiles through
// the lowering, the IR pipeline, the code generator and the object emitter (bundled headers), and on the
// traffic of its test.json with its map setup gives the return values, output packets, maps and global
// variables the kernel recorded for the clang-16 -O2 object (kernel.json):
//  - in the runtime's VM, everywhere. Where the VM itself does not reproduce the kernel (clang's object
//    run in the VM differs from the recording the same way), agreeing with clang's object in the VM is
//    accepted: the difference is the VM's, not the compiler's;
//  - in the Linux kernel when root, bpftool and bpffs are there (and the machine has the 2 possible CPUs
//    the recordings were made with): `bpftool prog loadall` must accept the object (the verifier passes
//    it) and the results must equal the recording exactly.
// Instruction counts beside clang's are reported by bench (c-lower); here a loose bound catches a blow-up.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeObject } from '../../../../runtime/index.js';
import { createRunner, dumpMaps, loadObject, toHex, updateMapHex } from '../../../../runtime/loader/index.js';
import type { KernelRun, PacketResult, RunCase } from '../../../helpers/kernel.js';
import { createPreprocessCache } from '../../../../grammar/c/preprocess/index.js';
import { runInKernelBatched } from '../../../corpus/batch-kernel.js';
import { compileFile, insnCount, objectOf } from './compile.js';
import { dataVars, kernelAvailable, realMaps, remapCase, runInVm, withObjectFile } from './harness.js';
import { RECORDED_CORPUS, RECORDED_EXAMPLES, type Recorded } from '../../../helpers/recorded.js';

type Program = Recorded;

const ALL = [...RECORDED_EXAMPLES, ...RECORDED_CORPUS];

/** Refusals compare as refusals (the kernel's message is bpftool's, the VM's names the rule). */
const shape = (r: PacketResult | undefined): unknown => (r === undefined ? undefined : 'error' in r ? { error: 'pc' in r ? 'VM fault' : 'refused' } : r);

function clangRun(bytes: Uint8Array, c: RunCase): KernelRun {
  const obj = loadObject(bytes, { cpus: 2, ...(c.progType ? { progType: c.progType } : {}) });
  for (const u of c.mapUpdates ?? []) updateMapHex(obj, u.map, u.key, u.value);
  const runner = createRunner(obj, obj.program(c.prog));
  const results: PacketResult[] = c.packets.map((p) => {
    const o = runner.run(new Uint8Array(Buffer.from(p.hex, 'hex')));
    if (o.kind === 'ok') return { retval: o.retval, packet: toHex(o.packet) };
    return o.kind === 'refused' ? { error: o.error } : ({ error: `VM fault: ${o.error}`, pc: o.pc } as PacketResult);
  });
  return { results, maps: dumpMaps(obj) };
}

const cache = createPreprocessCache();

describe('examples and program corpus: our code in the VM behaves as clang-16 -O2 code', () => {
  it('has the programs', () => expect(ALL.length).toBeGreaterThanOrEqual(60));

  it.each(ALL.map((p) => [p.name, p] as const))('%s', async (name, p) => {
    const compiled = compileFile(p.source, { headers: 'bundled', cache });
    const bytes = new Uint8Array(readFileSync(p.object));
    const base = decodeObject(bytes);
    const clangInsns = base.programs.reduce((n, s) => n + s.insns.length, 0);
    expect(insnCount(compiled.code), `${name}: instruction count against clang's ${clangInsns}`).toBeLessThan(clangInsns * 1.5);
    const c = JSON.parse(readFileSync(p.testJson, 'utf8')) as RunCase;
    const object = objectOf(compiled);
    const spec = decodeObject(object);
    const ours = runInVm(spec, base, c);
    const kernel = JSON.parse(readFileSync(p.kernelJson, 'utf8')) as KernelRun;
    if (kernelAvailable()) {
      const got = await withObjectFile(object, (path) => runInKernelBatched(path, remapCase(c, spec, base)));
      kernel.results.forEach((r, i) => expect(got.results[i], `kernel: ${name} packet ${i} (${c.packets[i]?.name ?? '?'})`).toEqual(r));
      expect(realMaps(got.maps), `kernel: ${name} maps`).toEqual(realMaps(kernel.maps));
      const kv = dataVars(got.maps, spec.data);
      for (const [v, hex] of dataVars(kernel.maps, base.data)) if (kv.has(v)) expect(kv.get(v), `kernel: ${name} global ${v}`).toBe(hex);
    }
    const vm = clangRun(bytes, c);
    const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
    /** What ours must equal: the kernel's value, or clang's in the VM where the VM differs from the kernel. */
    const want = <T>(k: T, v: T, o: T): T => (same(o, k) || same(k, v) ? k : v);
    kernel.results.forEach((k, i) => {
      const o = shape(ours.results[i]);
      expect(o, `${name} packet ${i} (${c.packets[i]?.name ?? '?'})`).toEqual(want(shape(k), shape(vm.results[i]), o));
    });
    const km = realMaps(kernel.maps);
    const vmMaps = realMaps(vm.maps);
    const om = realMaps(ours.maps);
    for (const m of Object.keys(km)) expect(om[m], `${name} map ${m}`).toEqual(want(km[m], vmMaps[m], om[m]));
    const ov = dataVars(ours.maps, spec.data);
    const vv = dataVars(vm.maps, base.data);
    for (const [v, hex] of dataVars(kernel.maps, base.data)) {
      const o = ov.get(v);
      if (o !== undefined) expect(o, `${name} global ${v}`).toBe(want(hex, vv.get(v), o));
    }
  }, 60_000);
});
