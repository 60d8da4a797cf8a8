// loadObject on hand-built objects: global data (contents, read-only .rodata, zeroed .bss, state kept
// across runs), map handles and relocations, program selection and types, prog-array initialisers, and
// the typed errors (stage-prefixed, naming the map, section or program) for what the loader refuses.
import { describe, expect, it } from 'vitest';
import {
  createRunner, dumpMaps, LoadError, loadObject, updateMapHex, type LoadedObject,
} from '../../../runtime/loader/index.js';
import { BPF_MAP_TYPE } from '../../../runtime/maps/index.js';
import { assembleObject, type ObjectSpec } from '../../../runtime/object/index.js';
import { createHelperRegistry, VmFault } from '../../../runtime/vm/index.js';
import { EbpfcError } from '../../../runtime/errors.js';

/** An XDP program `main` whose ld_imm64 at insn `ldAt` refers to `section`+`addend`. */
function withData(asm: string, data: ObjectSpec['data'], refs: { offset: number; section: string; addend: number }[]): ObjectSpec {
  const spec = assembleObject(asm);
  spec.data.push(...data);
  const sec = spec.programs.find((p) => p.name === 'xdp')!;
  for (const r of refs) sec.relocations.push({ kind: 'data', offset: r.offset, section: r.section, addend: r.addend });
  sec.relocations.sort((a, b) => a.offset - b.offset);
  return spec;
}

const DATA: ObjectSpec['data'] = [
  { name: '.data', kind: 'data', size: 8, align: 8, bytes: new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]), variables: [] },
  { name: '.rodata', kind: 'rodata', size: 8, align: 4, bytes: new Uint8Array([1, 2, 3, 4, 0x2a, 0, 0, 0]), variables: [] },
  { name: '.bss', kind: 'bss', size: 4, align: 4, variables: [] },
];

/** Direct VM run of a program (no packet context needed: r1 is unused). */
function runOnce(obj: LoadedObject, name: string): bigint {
  return obj.vm.run(obj.program(name).prog).r0;
}

describe('global data', () => {
  const asm = `
.section xdp
.globl counter
counter:
  r1 = 0 ll
  r0 = *(u64 *)(r1 + 0)
  r0 += 1
  *(u64 *)(r1 + 0) = r0
  r2 = 0 ll
  r3 = *(u32 *)(r2 + 0)
  r0 += r3
  exit
.globl poke_rodata
poke_rodata:
  r1 = 0 ll
  r2 = 7
  *(u32 *)(r1 + 0) = r2
  r0 = 0
  exit
`;
  const spec = (): ObjectSpec => withData(asm, DATA, [
    { offset: 0, section: '.data', addend: 0 },
    { offset: 5, section: '.rodata', addend: 4 },
    { offset: 10, section: '.rodata', addend: 0 },
  ]);

  it('creates one array map per section with the section bytes, .bss zeroed', () => {
    const obj = loadObject(spec());
    expect(obj.maps.map((m) => [m.name, m.kind, m.map.def.type, m.map.def.keySize, m.map.def.valueSize, m.map.def.maxEntries]))
      .toEqual([['.data', 'data', 2, 4, 8, 1], ['.rodata', 'data', 2, 4, 8, 1], ['.bss', 'data', 2, 4, 4, 1]]);
    expect(dumpMaps(obj)).toEqual({
      '.bss': [['00000000', '00000000']],
      '.data': [['00000000', '0500000000000000']],
      '.rodata': [['00000000', '010203042a000000']],
    });
    // libbpf's flags: BPF_F_MMAPABLE, plus BPF_F_RDONLY_PROG for .rodata (frozen)
    expect(obj.map('.rodata')!.map.def.flags).toBe(0x480);
    expect(obj.map('.data')!.map.def.flags).toBe(0x400);
    expect(obj.map('.rodata')!.map.frozen).toBe(true);
  });

  it('points references at section + offset, and .data keeps its state from run to run', () => {
    const obj = loadObject(spec());
    expect(runOnce(obj, 'counter')).toBe(6n + 42n);
    expect(runOnce(obj, 'counter')).toBe(7n + 42n);
    expect(dumpMaps(obj)['.data']).toEqual([['00000000', '0700000000000000']]);
  });

  it('makes .rodata read-only to programs and to user space', () => {
    const obj = loadObject(spec());
    expect(() => runOnce(obj, 'poke_rodata')).toThrow(VmFault);
    try {
      runOnce(obj, 'poke_rodata');
    } catch (e) {
      expect((e as VmFault).kind).toBe('permission');
    }
    expect(() => updateMapHex(obj, '.rodata', '00000000', '0000000000000000')).toThrow(/map update: map "\.rodata" \(array\): update of key 00000000 fails with EPERM/);
    expect(dumpMaps(obj)['.rodata']).toEqual([['00000000', '010203042a000000']]);
  });

  it('refuses an offset past the end of the section', () => {
    const bad = withData(asm, DATA, [{ offset: 0, section: '.data', addend: 9 }, { offset: 5, section: '.rodata', addend: 4 },
      { offset: 10, section: '.rodata', addend: 0 }]);
    expect(() => loadObject(bad)).toThrow(/^load relocations: program "counter": insn 0: offset 9 is outside section "\.data" \(8 bytes\)$/);
  });
});

describe('maps', () => {
  const asm = `
.map counts hash 4 8 16
.map slots percpu_array 4 8 2
.section xdp
.globl main
main:
  r1 = counts ll
  r0 = r1
  exit
`;

  it('loads map handles that name the map through the VM memory', () => {
    const obj = loadObject(assembleObject(asm), { cpus: 2 });
    const r0 = Number(runOnce(obj, 'main'));
    expect(r0).toBe(obj.map('counts')!.handle);
    expect(obj.mapByHandle(r0)?.name).toBe('counts');
    expect(obj.vm.mem.regionAt(r0)?.owner).toBe(obj.map('counts')!.map);
  });

  it('applies hex updates like bpftool (per-CPU values replicated or given per CPU) and dumps per CPU', () => {
    const obj = loadObject(assembleObject(asm), { cpus: 2 });
    updateMapHex(obj, 'counts', '02000000', '0900000000000000');
    updateMapHex(obj, 'counts', '01000000', '0800000000000000');
    updateMapHex(obj, 'slots', '01000000', '0300000000000000');
    updateMapHex(obj, 'slots', '00000000', '01000000000000000200000000000000');
    expect(dumpMaps(obj)).toEqual({
      counts: [['01000000', '0800000000000000'], ['02000000', '0900000000000000']],
      slots: [['00000000', ['0100000000000000', '0200000000000000']], ['01000000', ['0300000000000000', '0300000000000000']]],
    });
  });

  it('names the map and the kernel errno when an update is refused', () => {
    const obj = loadObject(assembleObject(asm));
    expect(() => updateMapHex(obj, 'nope', '00', '00')).toThrow(/^map update: no map named "nope" \(maps: counts, slots\)$/);
    expect(() => updateMapHex(obj, 'counts', '0200', '0900000000000000')).toThrow(/key has 2 bytes, the map's key_size is 4/);
    expect(() => updateMapHex(obj, 'counts', '02000000', '09')).toThrow(/value has 1 bytes, expected 8/);
    expect(() => updateMapHex(obj, 'counts', 'zz000000', '0900000000000000')).toThrow(/key: "zz000000" is not hex/);
    expect(() => updateMapHex(obj, 'slots', '05000000', '0900000000000000')).toThrow(/update of key 05000000 fails with E2BIG/);
  });

  it('refuses unknown and unsupported map types, and definitions the kernel would refuse', () => {
    const unknown = assembleObject(asm);
    unknown.maps[0]!.type = 99;
    expect(() => loadObject(unknown)).toThrow(/^load maps: map "counts": unknown map type 99$/);
    const unsupported = assembleObject(asm);
    unsupported.maps[0]!.type = BPF_MAP_TYPE.BPF_MAP_TYPE_STACK_TRACE;
    expect(() => loadObject(unsupported)).toThrow(/^load maps: map "counts": map type stack_trace \(7\) is not supported$/);
    const zeroKey = assembleObject(asm);
    zeroKey.maps[0]!.keySize = 0;
    expect(() => loadObject(zeroKey)).toThrow(/^load maps: map "counts": hash with key_size 0, value_size 8, max_entries 16, map_flags 0x0: BPF_MAP_CREATE fails with EINVAL$/);
    expect(() => loadObject(zeroKey)).toThrow(LoadError);
  });

  it('initialises prog arrays from the object and reports their slots as "set"', () => {
    const spec = assembleObject(`
.map jumps prog_array 4 4 4
.section xdp
.globl entry
entry:
  r0 = 1
  exit
.globl target
target:
  r0 = 2
  exit
`);
    spec.maps[0]!.values.push({ slot: 2, kind: 'prog', name: 'target' });
    const obj = loadObject(spec);
    expect(dumpMaps(obj)).toEqual({ jumps: [['02000000', 'set']] });
    // user space writes program ids (1-based, in program order)
    updateMapHex(obj, 'jumps', '00000000', '01000000');
    expect(dumpMaps(obj)).toEqual({ jumps: [['00000000', 'set'], ['02000000', 'set']] });
    expect(() => updateMapHex(obj, 'jumps', '01000000', '09000000')).toThrow(/fails with EBADF \(prog arrays take a program id/);
    spec.maps[0]!.values[0]!.slot = 4;
    expect(() => loadObject(spec)).toThrow(/^load maps: map "jumps": slot 4: index past max_entries 4$/);
  });
});

describe('programs', () => {
  const asm = `
.section xdp
.globl a
a:
  r0 = 1
  exit
.globl b
b:
  r0 = 2
  exit
.section socket
.globl s
s:
  r0 = 3
  exit
`;

  it('selects programs by function name or by a section holding one program', () => {
    const obj = loadObject(assembleObject(asm));
    expect(obj.programs.map((p) => [p.id, p.name, p.section, p.type.name])).toEqual([
      [1, 'a', 'xdp', 'xdp'], [2, 'b', 'xdp', 'xdp'], [3, 's', 'socket', 'socket_filter'],
    ]);
    expect(obj.program('b').name).toBe('b');
    expect(obj.program('socket').name).toBe('s');
    expect(() => obj.program('xdp')).toThrow(/^load programs: section "xdp" holds 2 programs \(a, b\); choose one by name$/);
    expect(() => obj.program('zz')).toThrow(/^load programs: no program named "zz" \(programs: a, b, s\)$/);
    expect(() => obj.program()).toThrow(/the object has 3 programs \(a, b, s\); choose one by name/);
  });

  it("skips programs of '?'-prefixed sections, as libbpf does", () => {
    const spec = assembleObject(asm.replace('.section socket', '.section ?socket'));
    const obj = loadObject(spec);
    expect(obj.programs.map((p) => p.name)).toEqual(['a', 'b']);
    expect(() => obj.program('s')).toThrow(/^load programs: program "s" is in a section whose name starts with '\?', which libbpf does not load$/);
  });

  it('needs a program type for sections libbpf cannot classify, and takes one from --prog-type', () => {
    const legacy = assembleObject('r0 = 2\nexit\n', { section: 'xdp_pass' });
    expect(() => loadObject(legacy)).toThrow(/^load programs: program "main": section "xdp_pass" does not name a program type/);
    expect(loadObject(legacy, { progType: 'xdp' }).program().type.name).toBe('xdp');
    expect(loadObject(legacy, { progType: 'BPF_PROG_TYPE_SCHED_CLS' }).program().type.name).toBe('sched_cls');
    expect(() => loadObject(legacy, { progType: 'bogus' })).toThrow(/^load: unknown program type "bogus"$/);
  });

  it('refuses helpers the VM does not implement at load time, naming the instruction', () => {
    const spec = assembleObject('r0 = 0\ncall 9999\nexit\n');
    expect(() => loadObject(spec)).toThrow(/^load programs: program "main": insn 1: invalid func unknown#9999$/);
    // a registry without the helper: the VM cannot call it
    const bare = assembleObject('r0 = 0\ncall 5\nexit\n');
    expect(() => loadObject(bare, { helpers: createHelperRegistry() })).toThrow(/^load programs: program "main": insn 1: call to helper #5, which this VM does not have$/);
  });

  it('refuses invalid instructions with the program and instruction', () => {
    const spec = assembleObject('r0 = 0\nexit\n');
    spec.programs[0]!.insns[0]!.code = 0xff;
    expect(() => loadObject(spec)).toThrow(/^load programs: program "main": insn 0: /);
  });

  it('runs XDP programs through the runner, refusing what the kernel test run refuses', () => {
    const obj = loadObject(assembleObject(`
.section xdp
.globl len
len:
  r2 = *(u32 *)(r1 + 4)
  r1 = *(u32 *)(r1 + 0)
  r0 = r2
  r0 -= r1
  exit
`));
    const runner = createRunner(obj, obj.program());
    const out = runner.run(new Uint8Array(60).fill(7));
    expect(out).toMatchObject({ kind: 'ok', retval: 60 });
    expect(out.kind === 'ok' && [...out.packet]).toEqual(new Array(60).fill(7));
    expect(runner.run(new Uint8Array(13))).toMatchObject({ kind: 'refused' });
    expect(() => createRunner(obj, obj.program(), { cpu: 1 })).toThrow(EbpfcError);
  });
});
