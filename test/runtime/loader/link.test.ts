// BPF-to-BPF linking: the linked layout (which subprograms are appended, where, in which order) and the
// patched call / callback immediates must be libbpf's. Checked two ways: hand-derived expectations for
// small assembled objects (libbpf's depth-first bpf_object__reloc_code), and a differential test that
// reads libbpf's own debug log (`bpftool -d prog loadall`: "added N insns from sub-prog 'S'", "insn #A
// relocated, imm B points to subprog 'S' (now at C offset)") for every clang-built object we ship.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkProgram, LoadError, type LinkedProgram } from '../../../runtime/loader/index.js';
import { assembleObject, decodeObject, encodeObject, entryPrograms, type ObjectSpec } from '../../../runtime/object/index.js';
import { BPFTOOL, canUseKernel, withBpffsDir } from '../../helpers/tools.js';

const ROOT = join(import.meta.dirname, '../../..');

const NESTED = `
.section .text
.local b
b:
  call c
  r0 = 1
  exit
.local c
c:
  r0 = 2
  exit
.local a
a:
  call b
  call c
  r0 = 3
  exit
.section xdp
.globl main
main:
  call b
  call a
  r0 = 0
  exit
.license GPL
`;

function linkEntry(spec: ObjectSpec, name: string): LinkedProgram {
  const e = entryPrograms(spec).find((x) => x.fn.name === name);
  if (e === undefined) throw new Error(`no entry ${name}`);
  return linkProgram(spec, e.section, e.fn);
}

const layout = (l: LinkedProgram): string[] => l.functions.map((f) => `${f.name}@${f.start}+${f.size}`);

describe('linkProgram on assembled objects', () => {
  it('appends subprograms depth-first in first-call order and fixes call offsets', () => {
    const l = linkEntry(assembleObject(NESTED), 'main');
    // main (pc 0-3) calls b → b appended at 4; b calls c → c at 7; main then calls a → a at 9
    expect(layout(l)).toEqual(['main@0+4', 'b@4+3', 'c@7+2', 'a@9+4']);
    const calls = l.insns.flatMap((x, pc) => (x.code === 0x85 && x.src === 1 ? [[pc, pc + x.imm + 1]] : []));
    expect(calls).toEqual([[0, 4], [1, 9], [4, 7], [9, 4], [10, 7]]);
    expect(l.insns.map((x) => x.imm).slice(0, 2)).toEqual([3, 7]);
  });

  it('turns a function address into a BPF_PSEUDO_FUNC ld_imm64 and appends the callback', () => {
    const spec = assembleObject(`
.section .text
.local cb
cb:
  r0 = 0
  exit
.section xdp
.globl main
main:
  r2 = cb ll
  r0 = 0
  exit
`);
    const l = linkEntry(spec, 'main');
    expect(layout(l)).toEqual(['main@0+4', 'cb@4+2']);
    expect(l.insns[0]).toMatchObject({ code: 0x18, src: 4, imm: 3 });
    expect(l.insns[1]!.imm).toBe(0);
  });

  it('records map and global-data references as fixups', () => {
    const spec = assembleObject(`
.map counts array 4 8 4
.section xdp
.globl main
main:
  r1 = counts ll
  r0 = 0
  exit
`);
    expect(linkEntry(spec, 'main').fixups).toEqual([{ kind: 'map', pc: 0, map: 'counts' }]);
  });

  it('links each entry program separately, copying shared subprograms into each', () => {
    const spec = assembleObject(NESTED.replace('.license GPL', '.globl second\nsecond:\n  call c\n  r0 = 0\n  exit\n'));
    expect(layout(linkEntry(spec, 'second'))).toEqual(['second@0+3', 'c@3+2']);
    expect(layout(linkEntry(spec, 'main'))).toEqual(['main@0+4', 'b@4+3', 'c@7+2', 'a@9+4']);
  });

  const broken = (mutate: (s: ObjectSpec) => void): (() => LinkedProgram) => {
    const spec = assembleObject(NESTED);
    mutate(spec);
    return () => linkEntry(spec, 'main');
  };

  it('rejects a call into the middle of a function', () => {
    const f = broken((s) => {
      const r = s.programs.find((p) => p.name === 'xdp')!.relocations[0]!;
      if (r.kind === 'call') r.target = 1;
    });
    expect(f).toThrow(LoadError);
    expect(f).toThrow(/^load relocations: program "main": insn 0 \(xdp\+0\): call target \.text\+1 is inside function "b", not at its start$/);
  });

  it('rejects externs, unknown maps and CO-RE relocations with a message naming them', () => {
    expect(broken((s) => {
      s.programs.find((p) => p.name === 'xdp')!.relocations[0] = { kind: 'extern', offset: 0, name: 'bpf_kfunc_x' };
    })).toThrow(/load relocations: program "main": insn 0 \(xdp\+0\): refers to extern "bpf_kfunc_x"/);
    const spec = assembleObject('.section xdp\n.globl main\nmain:\n  r1 = 0 ll\n  r0 = 0\n  exit\n');
    spec.programs[0]!.relocations.push({ kind: 'map', offset: 0, map: 'nope' });
    expect(() => linkEntry(spec, 'main')).toThrow(/load relocations: program "main": .*unknown map "nope"/);
    expect(broken((s) => {
      s.programs.find((p) => p.name === '.text')!.coreRelos.push({ offset: 5, typeId: 1, access: '0:1', kind: 0 });
    })).toThrow(/function "a" has CO-RE relocations/);
  });

  it('rejects an ld_imm64 with a pseudo source but no relocation', () => {
    const spec = assembleObject('.section xdp\n.globl main\nmain:\n  r1 = 0 ll\n  r0 = 0\n  exit\n');
    spec.programs[0]!.insns[0]!.src = 1;
    expect(() => linkEntry(spec, 'main')).toThrow(/ld_imm64 with pseudo source 1 has no relocation/);
  });
});

// ---------------------------------------------------------------------------------------- libbpf's view

interface LibbpfLayout {
  /** entry program → appended subprograms in order with their sizes */
  added: Map<string, { name: string; size: number }[]>;
  /** entry program → [function containing the insn, insn index in it, imm, target subprogram, target pc] */
  relocs: Map<string, [string, number, number, string, number][]>;
}

function libbpfLayout(objPath: string, entries: string[], progType?: string): Promise<LibbpfLayout> {
  return withBpffsDir((dir) => {
    const args = ['-d', 'prog', 'loadall', objPath, join(dir, 'p')];
    if (progType !== undefined) args.push('type', progType);
    const r = spawnSync(BPFTOOL, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
    if (r.status !== 0) throw new Error(`bpftool loadall ${objPath} failed: ${r.stderr.split('\n').slice(-3).join(' ')}`);
    const added = new Map<string, { name: string; size: number }[]>();
    const relocs = new Map<string, [string, number, number, string, number][]>();
    let current = '';
    for (const line of r.stderr.split('\n')) {
      let m = /^libbpf: prog '([^']+)': added (\d+) insns from sub-prog '([^']+)'/.exec(line);
      if (m) {
        if (entries.includes(m[1]!)) current = m[1]!;
        added.get(current)?.push({ name: m[3]!, size: Number(m[2]) }) ?? added.set(current, [{ name: m[3]!, size: Number(m[2]) }]);
        continue;
      }
      m = /^libbpf: prog '([^']+)': insn #(\d+) relocated, imm (-?\d+) points to subprog '([^']+)' \(now at (\d+) offset\)/.exec(line);
      if (m) {
        if (entries.includes(m[1]!)) current = m[1]!;
        const row: [string, number, number, string, number] = [m[1]!, Number(m[2]), Number(m[3]), m[4]!, Number(m[5])];
        relocs.get(current)?.push(row) ?? relocs.set(current, [row]);
      }
    }
    return { added, relocs };
  });
}

/** Rows in a fixed order (libbpf logs a call after the subprogram it appended, we list by address). */
const sorted = <T>(rows: T[] | undefined): T[] => [...(rows ?? [])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Our view in libbpf's terms. */
function ourLayout(l: LinkedProgram): { added: { name: string; size: number }[]; relocs: [string, number, number, string, number][] } {
  const added = l.functions.slice(1).map((f) => ({ name: f.name, size: f.size }));
  const relocs: [string, number, number, string, number][] = [];
  for (const f of l.functions) {
    for (let i = 0; i < f.size; i++) {
      const x = l.insns[f.start + i]!;
      const isCall = x.code === 0x85 && x.src === 1;
      const isFunc = x.code === 0x18 && x.src === 4;
      if (isCall || isFunc) {
        const target = f.start + i + x.imm + 1;
        const t = l.functions.find((g) => g.start === target);
        relocs.push([f.name, i, x.imm, t?.name ?? '?', target]);
      }
      if (x.code === 0x18) i++;
    }
  }
  return { added, relocs };
}

function clangObjects(): { path: string; progType?: string }[] {
  const out: { path: string; progType?: string }[] = [];
  for (const [dir, cases] of [['test/fixtures/clang', 'examples'], ['test/fixtures/corpus/clang', 'test/fixtures/corpus']] as const) {
    for (const f of readdirSync(join(ROOT, dir)).filter((x) => x.endsWith('.o')).sort()) {
      const tj = join(ROOT, cases, f.replace(/\.o$/, '.test.json'));
      let progType: string | undefined;
      try {
        progType = (JSON.parse(readFileSync(tj, 'utf8')) as { progType?: string }).progType;
      } catch {
        progType = undefined;
      }
      out.push({ path: join(ROOT, dir, f), ...(progType !== undefined ? { progType } : {}) });
    }
  }
  return out;
}

describe.skipIf(!canUseKernel())('linked layout agrees with libbpf (bpftool -d prog loadall)', () => {
  it('on assembled objects with nested pc-relative and relocated calls', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-link-'));
    try {
      const path = join(tmp, 'nested.o');
      const spec = assembleObject(NESTED);
      writeFileSync(path, encodeObject(spec));
      const lib = await libbpfLayout(path, ['main']);
      const ours = ourLayout(linkEntry(decodeObject(readFileSync(path)), 'main'));
      expect(ours.added).toEqual(lib.added.get('main'));
      expect(sorted(ours.relocs)).toEqual(sorted(lib.relocs.get('main')));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it.each(clangObjects())('$path', async ({ path, progType }) => {
    const spec = decodeObject(readFileSync(path));
    const entries = entryPrograms(spec).map((e) => e.fn.name);
    const lib = await libbpfLayout(path, entries, progType);
    for (const e of entryPrograms(spec)) {
      const ours = ourLayout(linkProgram(spec, e.section, e.fn));
      expect(ours.added, e.fn.name).toEqual(lib.added.get(e.fn.name) ?? []);
      expect(sorted(ours.relocs), e.fn.name).toEqual(sorted(lib.relocs.get(e.fn.name)));
    }
  });
});
