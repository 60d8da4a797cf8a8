// libbpf's other consumers of objects: the static linker (`bpftool gen object`, which wants the
// canonical form: BTF for every global symbol, filled DATASECs) and the skeleton generator must accept
// every re-encoded fixture. Skipped without bpftool; needs no privileges.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeObject, encodeObject } from '../../../runtime/object/index.js';
import { BPFTOOL, hasTool, run } from '../../helpers/tools.js';
import { bpfObjects } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ebpfc-libbpf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasTool(BPFTOOL))('re-encoded objects and libbpf tools', () => {
  it.each(bpfObjects.filter((p) => !p.endsWith('minimal.o')).map((p) => [basename(p), p]))('%s links with bpftool gen object and gets a skeleton', (name, path) => {
    const ours = join(dir, name);
    writeFileSync(ours, encodeObject(decodeObject(new Uint8Array(readFileSync(path)))));
    const linked = join(dir, `linked-${name}`);
    run(BPFTOOL, ['gen', 'object', linked, ours]);
    // the linker keeps what we wrote: same programs and maps after its own pass
    const a = decodeObject(new Uint8Array(readFileSync(ours)));
    const b = decodeObject(new Uint8Array(readFileSync(linked)));
    expect(b.programs.map((p) => [p.name, p.insns.length, p.functions.map((f) => f.name)])).toEqual(a.programs.map((p) => [p.name, p.insns.length, p.functions.map((f) => f.name)]));
    expect(b.maps).toEqual(a.maps);
    expect(run(BPFTOOL, ['gen', 'skeleton', ours, 'name', 'x'])).toContain('struct x {');
  });
});
