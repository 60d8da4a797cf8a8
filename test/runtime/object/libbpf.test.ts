// libbpf's other consumers of objects: the static linker (`bpftool gen object`, which wants the
// canonical form: BTF for every global symbol, filled DATASECs) and the skeleton generator must accept
// every re-encoded fixture. Skipped without bpftool; needs no privileges.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printCType } from '../../../runtime/btf/index.js';
import { decodeObject, encodeObject, type MapDef, type ObjectSpec } from '../../../runtime/object/index.js';
import { BPFTOOL, hasTool, run } from '../../helpers/tools.js';
import { bpfObjects } from './fixtures.js';

function typedMap(m: MapDef, spec: ObjectSpec): unknown {
  const spell = (id: number): string => (id === 0 || !spec.btf ? '' : printCType(spec.btf, id));
  return { ...m, btfKeyType: spell(m.btfKeyType), btfValueType: spell(m.btfValueType), inner: m.inner && typedMap(m.inner, spec) };
}

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
    // the linker deduplicates BTF, so type ids move: compare key/value types by their C spelling
    expect(b.maps.map((m) => typedMap(m, b))).toEqual(a.maps.map((m) => typedMap(m, a)));
    expect(run(BPFTOOL, ['gen', 'skeleton', ours, 'name', 'x'])).toContain('struct x {');
  });
});
