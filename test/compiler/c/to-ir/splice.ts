// Test harness: runs code the lowering produced (through the IR pipeline and codegen) in the runtime's
// loader and VM, beside the clang-16 object of the same source. The object is clang's ObjectSpec with
// its code and global data replaced by ours: maps, BTF and license stay clang's (same map names), our
// global data sections are laid out from the IR globals. Results are compared with the kernel's recorded
// run of clang's object: return values and output packets exactly, maps exactly, global data variable by
// variable (the two layouts differ; variables only one side has are skipped).
import type { CodegenResult, FunctionCode } from '../../../../compiler/codegen/index.js';
import type { Module } from '../../../../compiler/ir/index.js';
import type { DataSection, ObjectSpec, ProgramSection } from '../../../../runtime/index.js';
import { createRunner, dumpMaps, loadObject, toHex, updateMapHex } from '../../../../runtime/loader/index.js';
import type { KernelRun, MapDump, PacketResult, RunCase } from '../../../helpers/kernel.js';

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

/** Our global data sections laid out from the IR module's globals (in declaration order). */
export function layoutData(m: Module): { sections: DataSection[]; where: Map<string, { section: string; offset: number }> } {
  const bySection = new Map<string, DataSection>();
  const where = new Map<string, { section: string; offset: number }>();
  const bytes = new Map<string, number[]>();
  for (const g of m.globals) {
    let s = bySection.get(g.section);
    if (!s) {
      const kind = g.section.startsWith('.bss') ? 'bss' : g.section.startsWith('.rodata') ? 'rodata' : 'data';
      s = { name: g.section, kind, size: 0, align: 8, variables: [] };
      bySection.set(g.section, s);
      bytes.set(g.section, []);
    }
    const b = bytes.get(g.section) as number[];
    const off = alignUp(s.size, 8);
    while (b.length < off) b.push(0);
    for (let i = 0; i < g.size; i++) b.push(g.init ? (g.init[i] ?? 0) : 0);
    s.size = off + g.size;
    s.variables.push({ name: g.symbol, offset: off, size: g.size, linkage: 'global', hidden: false, btfType: 0 });
    where.set(g.symbol, { section: g.section, offset: off });
  }
  const sections = [...bySection.values()].map((s) => (s.kind === 'bss' ? s : { ...s, bytes: Uint8Array.from(bytes.get(s.name) as number[]) }));
  return { sections, where };
}

/** clang's object with our programs and data. */
export function spliceObject(base: ObjectSpec, code: CodegenResult, m: Module): ObjectSpec {
  const { sections: data, where } = layoutData(m);
  const textFns = code.functions.filter((f) => f.section === undefined);
  const groups = new Map<string, FunctionCode[]>();
  for (const f of code.functions) {
    if (f.section === undefined) continue;
    const g = groups.get(f.section) ?? [];
    g.push(f);
    groups.set(f.section, g);
  }
  const start = new Map<string, { section: string; slot: number }>();
  const place = (name: string, fns: FunctionCode[]): void => {
    let at = 0;
    for (const f of fns) {
      start.set(f.name, { section: name, slot: at });
      at += f.insns.length;
    }
  };
  if (textFns.length > 0) place('.text', textFns);
  for (const [s, fns] of groups) place(s, fns);
  const build = (name: string, fns: FunctionCode[]): ProgramSection => {
    const sec: ProgramSection = { name, insns: [], functions: [], relocations: [], funcInfo: [], lineInfo: [], coreRelos: [] };
    for (const f of fns) {
      const base0 = sec.insns.length;
      sec.functions.push({ name: f.name, offset: base0, size: f.insns.length, linkage: f.section !== undefined ? 'global' : f.linkage === 'static' ? 'static' : 'global', hidden: false });
      sec.insns.push(...f.insns.map((i) => ({ ...i })));
      for (const r of f.relocs) {
        const offset = base0 + r.slot;
        if (r.kind === 'map') sec.relocations.push({ kind: 'map', offset, map: r.symbol });
        else if (r.kind === 'data') {
          const w = where.get(r.symbol);
          if (!w) throw new Error(`no global ${r.symbol}`);
          sec.relocations.push({ kind: 'data', offset, section: w.section, addend: w.offset + r.offset, symbol: r.symbol });
          const insn = sec.insns[offset];
          if (insn) insn.imm = 0;
        } else {
          const t = start.get(r.symbol);
          if (!t) throw new Error(`no function ${r.symbol}`);
          sec.relocations.push({ kind: r.kind, offset, section: t.section, target: t.slot, symbol: r.symbol });
          const insn = sec.insns[offset];
          if (insn) insn.imm = 0;
        }
      }
    }
    sec.relocations.sort((a, b) => a.offset - b.offset);
    return sec;
  };
  const programs: ProgramSection[] = [];
  if (textFns.length > 0) programs.push(build('.text', textFns));
  for (const [s, fns] of groups) programs.push(build(s, fns));
  return { ...base, programs, data };
}

/** Rewrites a data-section map update from clang's layout into ours, variable by variable. */
function remapDataUpdate(value: string, from: DataSection | undefined, to: DataSection | undefined): string {
  if (!from || !to) return value;
  const src = Buffer.from(value, 'hex');
  const out = Buffer.alloc(to.size);
  if (to.bytes) Buffer.from(to.bytes).copy(out);
  for (const v of from.variables) {
    const w = to.variables.find((x) => x.name === v.name);
    if (w) src.copy(out, w.offset, v.offset, v.offset + Math.min(v.size, w.size));
  }
  return out.toString('hex');
}

/** Runs a case on a spliced object in the VM (the way test/examples/replay.test.ts runs clang's). */
export function runSpliced(spec: ObjectSpec, base: ObjectSpec, c: RunCase, cpus = 2): KernelRun {
  const obj = loadObject(spec, { cpus, ...(c.progType ? { progType: c.progType } : {}) });
  for (const u of c.mapUpdates ?? []) {
    const isData = u.map.startsWith('.');
    const value = isData ? remapDataUpdate(u.value, base.data.find((d) => d.name === u.map), spec.data.find((d) => d.name === u.map)) : u.value;
    updateMapHex(obj, u.map, u.key, value);
  }
  const runner = createRunner(obj, obj.program(c.prog));
  const results: PacketResult[] = c.packets.map((p) => {
    const o = runner.run(new Uint8Array(Buffer.from(p.hex, 'hex')));
    if (o.kind === 'ok') return { retval: o.retval, packet: toHex(o.packet) };
    return o.kind === 'refused' ? { error: o.error } : ({ error: `VM fault: ${o.error}`, pc: o.pc } as PacketResult);
  });
  return { results, maps: dumpMaps(obj) };
}

/** Global data variable by variable: name → value bytes (hex), from a dump and the section layout. */
export function dataVars(maps: MapDump, sections: readonly DataSection[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of sections) {
    const rows = maps[s.name] ?? Object.entries(maps).find(([k]) => k.endsWith(s.name))?.[1];
    const row = rows?.[0];
    if (!row) continue;
    const hex = Array.isArray(row[1]) ? (row[1][0] as string) : row[1];
    for (const v of s.variables) out.set(v.name, hex.slice(v.offset * 2, (v.offset + v.size) * 2));
  }
  return out;
}

/** Maps other than global data (kernel names are cut to 15 characters). */
export function realMaps(maps: MapDump): MapDump {
  const out: MapDump = {};
  for (const [k, v] of Object.entries(maps)) if (!k.startsWith('.') && !k.includes('.')) out[k.slice(0, 15)] = v;
  return out;
}
