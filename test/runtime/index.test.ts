// The runtime's public API in one import: load an ELF object, run a program on packets, read its maps —
// checked against the kernel's recorded run of the xdp_counter example.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunner, dumpMaps, loadObject, toHex } from '../../runtime/index.js';
import type { KernelRun, RunCase } from '../helpers/kernel.js';

const ROOT = join(import.meta.dirname, '../..');

describe('runtime public API', () => {
  it('loads, runs and dumps like the kernel (xdp_counter)', () => {
    const c = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_counter.test.json'), 'utf8')) as RunCase;
    const k = JSON.parse(readFileSync(join(ROOT, 'examples/xdp_counter.kernel.json'), 'utf8')) as KernelRun;
    const obj = loadObject(new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/clang/xdp_counter.o'))), { cpus: 2 });
    const runner = createRunner(obj, obj.program(c.prog));
    const results = c.packets.map((p) => {
      const o = runner.run(new Uint8Array(Buffer.from(p.hex, 'hex')));
      return o.kind === 'ok' ? { retval: o.retval, packet: toHex(o.packet) } : { error: o.kind };
    });
    expect(results.map((r) => ('error' in r ? 'error' : r))).toEqual(k.results.map((r) => ('error' in r ? 'error' : r)));
    expect(dumpMaps(obj)).toEqual(k.maps);
  });
});
