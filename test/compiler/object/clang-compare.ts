// Compares what ebpfc's object says about a program with what clang-16's object for the same source
// says (both decoded by runtime/object): the same entry programs in the same sections; the same maps
// with the same attributes and, through BTF, structurally identical key and value types and definition
// structs; every global variable clang describes, with the same BTF type and linkage in a DATASEC of the
// same kind; the same license; FUNC types of entry and global functions with the same prototype. And
// what the kernel requires of .BTF.ext (reference §2.5): func_info for every function at its first
// instruction, line_info at every function's first instruction, records in increasing order, never on
// the second slot of an ld_imm64, and each record's text equal to its source line.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { validateBtf, type Btf } from '../../../runtime/btf/index.js';
import { dataKindOf, entryPrograms, type MapDef, type ObjectSpec } from '../../../runtime/object/index.js';

/** A structural description of BTF type `id` (named records below the top level by name and size). */
export function describeBtf(btf: Btf, id: number, depth = 0): string {
  const t = btf.types[id];
  if (t === undefined) return `?${id}`;
  switch (t.kind) {
    case 'VOID': return 'void';
    case 'INT': return `${t.name}/${t.size}/${t.encoding}/${t.bits}`;
    case 'FLOAT': return `${t.name}/${t.size}`;
    case 'PTR': return `*${describeBtf(btf, t.type, depth + 1)}`;
    case 'CONST': case 'VOLATILE': case 'RESTRICT': return `${t.kind.toLowerCase()} ${describeBtf(btf, t.type, depth)}`;
    case 'TYPEDEF': return `${t.name}=${describeBtf(btf, t.type, depth)}`;
    case 'TYPE_TAG': return `tag(${t.name}) ${describeBtf(btf, t.type, depth)}`;
    case 'ARRAY': return `[${t.nelems}]${describeBtf(btf, t.type, depth)}`;
    case 'STRUCT': case 'UNION': {
      const head = `${t.kind.toLowerCase()} ${t.name}/${t.size}`;
      if (t.name !== '' && depth > 1) return head;
      return `${head}{${t.members.map((m) => `${m.name}@${m.bitOffset}:${m.bitfieldSize} ${describeBtf(btf, m.type, depth + 1)}`).join('; ')}}`;
    }
    case 'ENUM': return `enum ${t.name}/${t.size}/${t.signed}{${t.values.map((v) => `${v.name}=${v.value}`).join(',')}}`;
    case 'ENUM64': return `enum64 ${t.name}/${t.size}/${t.signed}{${t.values.map((v) => `${v.name}=${v.value}`).join(',')}}`;
    case 'FWD': return `fwd ${t.union ? 'union' : 'struct'} ${t.name}`;
    case 'FUNC_PROTO': return `(${t.params.map((p) => `${p.name}: ${describeBtf(btf, p.type, depth + 1)}`).join(', ')}${t.variadic ? ', ...' : ''}) -> ${describeBtf(btf, t.returnType, depth + 1)}`;
    case 'FUNC': return `func ${t.name} ${t.linkage} ${describeBtf(btf, t.type, depth)}`;
    case 'VAR': return `var ${t.name} ${t.linkage} ${describeBtf(btf, t.type, depth)}`;
    case 'DATASEC': return `datasec ${t.name}`;
    case 'DECL_TAG': return `decl_tag ${t.name}`;
    default: {
      const never: never = t;
      return String(never);
    }
  }
}

function mapView(btf: Btf | undefined, m: MapDef): unknown {
  const b = btf as Btf;
  return {
    name: m.name, type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags,
    numaNode: m.numaNode, pinning: m.pinning, mapExtra: m.mapExtra.toString(),
    key: m.btfKeyType ? describeBtf(b, m.btfKeyType) : undefined,
    value: m.btfValueType ? describeBtf(b, m.btfValueType) : undefined,
    inner: m.inner ? mapView(btf, m.inner) : undefined,
    values: m.values,
  };
}

interface VarInfo {
  section: string;
  type: string;
  linkage: string;
}

function btfVars(btf: Btf): Map<string, VarInfo> {
  const out = new Map<string, VarInfo>();
  for (const t of btf.types) {
    if (t.kind !== 'DATASEC') continue;
    for (const v of t.vars) {
      const tv = btf.types[v.type];
      if (tv?.kind === 'VAR') out.set(tv.name, { section: t.name, type: describeBtf(btf, tv.type), linkage: tv.linkage });
    }
  }
  return out;
}

function funcs(btf: Btf): Map<string, { linkage: string; proto: string }> {
  const out = new Map<string, { linkage: string; proto: string }>();
  for (const t of btf.types) if (t.kind === 'FUNC') out.set(t.name, { linkage: t.linkage, proto: describeBtf(btf, t.type) });
  return out;
}

const sectionKind = (s: string): string => dataKindOf(s) ?? s;

export function compareWithClang(name: string, ours: ObjectSpec, clang: ObjectSpec): void {
  const btf = ours.btf as Btf;
  expect(() => validateBtf(btf), `${name}: our BTF passes the kernel's checks`).not.toThrow();
  // programs
  const entries = (s: ObjectSpec): string[] => entryPrograms(s).map((e) => `${e.section.name}:${e.fn.name}`).sort();
  expect(entries(ours), `${name}: entry programs`).toEqual(entries(clang));
  // maps
  const maps = (s: ObjectSpec): unknown[] => s.maps.map((m) => mapView(s.btf, m)).sort((a, b) => ((a as MapDef).name < (b as MapDef).name ? -1 : 1));
  expect(maps(ours), `${name}: maps`).toEqual(maps(clang));
  const mapVar = (s: ObjectSpec): Map<string, VarInfo> => new Map([...btfVars(s.btf as Btf)].filter(([, v]) => v.section === '.maps'));
  expect(mapVar(ours), `${name}: map definition structs`).toEqual(mapVar(clang));
  // global variables
  const ourVars = btfVars(btf);
  for (const [v, info] of btfVars(clang.btf as Btf)) {
    if (info.section === '.maps') continue;
    const o = ourVars.get(v);
    if (o === undefined && info.linkage === 'static') continue;
    expect(o && { ...o, section: sectionKind(o.section) }, `${name}: variable ${v}`).toEqual({ ...info, section: sectionKind(info.section) });
  }
  expect(ours.license?.text, `${name}: license`).toBe(clang.license?.text);
  // functions: entry programs and global functions have clang's prototype
  const ourFuncs = funcs(btf);
  for (const [f, info] of funcs(clang.btf as Btf)) {
    if (info.linkage !== 'global') continue;
    expect(ourFuncs.get(f), `${name}: FUNC ${f}`).toEqual(info);
  }
}

/** The kernel's .BTF.ext rules and the source text of every line record. */
export function checkLineInfo(name: string, ours: ObjectSpec): void {
  const files = new Map<string, string[]>();
  const line = (file: string, n: number): string => {
    let lines = files.get(file);
    if (!lines) {
      lines = readFileSync(file, 'utf8').split('\n');
      files.set(file, lines);
    }
    return lines[n - 1] ?? '';
  };
  for (const sec of ours.programs) {
    const starts = sec.functions.map((f) => f.offset).sort((a, b) => a - b);
    expect(sec.funcInfo.map((f) => f.offset), `${name} ${sec.name}: func_info per function`).toEqual(starts);
    for (const fi of sec.funcInfo) expect(ours.btf?.types[fi.typeId]?.kind, `${name}: func_info type`).toBe('FUNC');
    const offs = sec.lineInfo.map((l) => l.offset);
    for (const s of starts) expect(offs, `${name} ${sec.name}: line_info at the function starting at ${s}`).toContain(s);
    offs.forEach((o, i) => {
      if (i > 0) expect(o, `${name} ${sec.name}: line_info in increasing order`).toBeGreaterThan(offs[i - 1] as number);
      // the second slot of an ld_imm64 has opcode 0 (the kernel: "Invalid insn code at line_info")
      expect(sec.insns[o]?.code, `${name} ${sec.name}: line_info at ${o} is on an instruction`).not.toBe(0);
    });
    for (const l of sec.lineInfo) expect(l.source, `${name} ${sec.name} insn ${l.offset}: ${l.file}:${l.line}`).toBe(line(l.file, l.line).replace(/\r$/, ''));
  }
}
