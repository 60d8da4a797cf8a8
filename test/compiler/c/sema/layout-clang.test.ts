// Differential test of record layouts against clang-16 -target bpf: every struct and union our front end
// lays out (tricky records of our own, and every record of the system BPF and network headers) is
// compared with the BTF clang emits for it — size, member names, bit offsets and bit-field sizes, through
// anonymous members — and every enum's size and signedness. Records are forced into clang's BTF with a
// pointer variable per record. Skips without clang-16.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLANG, hasTool, run } from '../../../helpers/tools.js';
import { decodeElf } from '../../../../runtime/elf/index.js';
import { decodeBtf, type Btf, type BtfComposite, type BtfType } from '../../../../runtime/btf/index.js';
import { INT_INFO, resolve, type RecordDecl, type TypedUnit } from '../../../../compiler/c/sema/index.js';
import { angleIncludes, checkFile, formatted, options, type HeaderSet } from './helpers.js';
import { BUNDLED_HEADERS } from '../../../../compiler/include/index.js';
import { checkC } from '../../../../compiler/c/sema/index.js';
import { createSourceFile } from '../../../../compiler/source.js';

const FIXTURES = 'test/fixtures/sema/layout';

/** Compiles `text` with clang-16 for BPF with debug info and returns its BTF. */
function clangBtf(text: string): Btf {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-layout-'));
  try {
    writeFileSync(join(dir, 'probe.c'), text);
    run(CLANG, ['-target', 'bpf', '-g', '-c', '-I/usr/include/x86_64-linux-gnu', '-o', join(dir, 'probe.o'), join(dir, 'probe.c')]);
    const elf = decodeElf(new Uint8Array(readFileSync(join(dir, 'probe.o'))));
    const sec = elf.sections.find((s) => s.name === '.BTF');
    if (!sec) throw new Error('no .BTF section');
    return decodeBtf(sec.data);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How to name a record in C: `struct tag`, or a typedef naming an anonymous one. */
function recordNames(unit: TypedUnit): Map<RecordDecl, string> {
  const out = new Map<RecordDecl, string>();
  for (const r of unit.records) if (r.name !== undefined && r.layout) out.set(r, `${r.tag} ${r.name}`);
  for (const t of unit.typedefs) {
    const r = resolve(t.type);
    if (r.kind === 'record' && r.decl.layout && !out.has(r.decl)) out.set(r.decl, t.name);
  }
  return out;
}

function skipMods(btf: Btf, id: number): BtfType {
  let t = btf.types[id]!;
  for (let i = 0; i < 32 && (t.kind === 'TYPEDEF' || t.kind === 'CONST' || t.kind === 'VOLATILE' || t.kind === 'RESTRICT' || t.kind === 'TYPE_TAG'); i++) {
    t = btf.types[(t as { type: number }).type]!;
  }
  return t;
}

/** Compares our layout of `rd` with clang's BTF composite; returns the differences. */
function compare(btf: Btf, rd: RecordDecl, c: BtfComposite, path: string, out: string[]): void {
  const l = rd.layout!;
  if ((c.kind === 'UNION') !== (rd.tag === 'union')) out.push(`${path}: clang has a ${c.kind.toLowerCase()}`);
  if (c.size !== l.size) out.push(`${path}: size ${l.size}, clang ${c.size}`);
  // clang's BTF omits unnamed bit-fields (they are padding)
  const ours = rd.fields!.map((f, i) => ({ f, l: l.fields[i]! })).filter((x) => !(x.f.name === undefined && x.f.bitWidth !== undefined));
  if (ours.length !== c.members.length) {
    out.push(`${path}: ${ours.length} members, clang ${c.members.length}`);
    return;
  }
  ours.forEach(({ f, l: fl }, i) => {
    const m = c.members[i]!;
    const name = f.name ?? '';
    const where = `${path}.${name || `(anon ${i})`}`;
    if (m.name !== name) out.push(`${where}: clang names it '${m.name}'`);
    if (m.bitOffset !== fl.bitOffset) out.push(`${where}: bit offset ${fl.bitOffset}, clang ${m.bitOffset}`);
    const width = fl.bitWidth ?? 0;
    if (m.bitfieldSize !== width) out.push(`${where}: bit-field size ${width}, clang ${m.bitfieldSize}`);
    if (f.name === undefined) {
      const inner = resolve(f.type);
      const bt = skipMods(btf, m.type);
      if (inner.kind === 'record' && (bt.kind === 'STRUCT' || bt.kind === 'UNION')) compare(btf, inner.decl, bt, where, out);
    }
  });
}

function enumCheck(btf: Btf, unit: TypedUnit, out: string[]): number {
  let n = 0;
  const byName = new Map<string, BtfType>();
  for (const t of btf.types) if ((t.kind === 'ENUM' || t.kind === 'ENUM64') && t.name !== '') byName.set(t.name, t);
  for (const e of unit.enums) {
    if (!e.complete || e.name === undefined) continue;
    const b = byName.get(e.name);
    if (b === undefined || (b.kind !== 'ENUM' && b.kind !== 'ENUM64')) continue;
    n++;
    const info = INT_INFO[e.underlying];
    if (b.size !== info.size) out.push(`enum ${e.name}: size ${info.size}, clang ${b.size}`);
    if (b.signed !== info.signed) out.push(`enum ${e.name}: signed ${info.signed}, clang ${b.signed}`);
  }
  return n;
}

/** Runs our front end on `file`, clang on the same file plus one pointer per record; compares. */
function differential(file: string, headers: HeaderSet): { compared: number; enums: number; problems: string[] } {
  const r = checkFile(file, headers);
  expect(formatted(r)).toBe('');
  const unit = r.unit!;
  const names = recordNames(unit);
  const probes = [...names.values()].map((n, i) => `${n} *__layout_probe_${i};`).join('\n');
  const enumProbes = unit.enums.filter((e) => e.name && e.complete).map((e, i) => `enum ${e.name} __enum_probe_${i};`).join('\n');
  const btf = clangBtf(`${readFileSync(file, 'utf8')}\n${probes}\n${enumProbes}\n`);
  const byName = new Map<string, BtfComposite>();
  const typedefTarget = new Map<string, number>();
  btf.types.forEach((t) => {
    if ((t.kind === 'STRUCT' || t.kind === 'UNION') && t.name !== '') byName.set(`${t.kind === 'STRUCT' ? 'struct' : 'union'} ${t.name}`, t);
    if (t.kind === 'TYPEDEF') typedefTarget.set(t.name, t.type);
  });
  const problems: string[] = [];
  let compared = 0;
  for (const [rd, name] of names) {
    let c: BtfType | undefined = byName.get(name);
    if (c === undefined && typedefTarget.has(name)) c = skipMods(btf, typedefTarget.get(name)!);
    if (c === undefined || (c.kind !== 'STRUCT' && c.kind !== 'UNION')) {
      problems.push(`${name}: not in clang's BTF`);
      continue;
    }
    compared++;
    compare(btf, rd, c, name, problems);
  }
  return { compared, enums: enumCheck(btf, unit, problems), problems };
}

describe('record layouts match clang-16 -target bpf', () => {
  it.skipIf(!hasTool(CLANG))('tricky records of our own', () => {
    const { compared, enums, problems } = differential(`${FIXTURES}/tricky.c`, 'system');
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(45);
    expect(enums).toBeGreaterThan(8);
  });

  it.skipIf(!hasTool(CLANG))('every record of the system BPF and network headers', () => {
    const { compared, problems } = differential(`${FIXTURES}/headers.c`, 'system');
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  // The bundled headers (compiler/include) must lay out every record they share with the system headers
  // as clang does with the system headers.
  const bundledIncludes = angleIncludes(readFileSync(`${FIXTURES}/headers.c`, 'utf8')).filter((h) => h in BUNDLED_HEADERS);
  it.skipIf(!hasTool(CLANG) || bundledIncludes.length === 0)('records of the bundled headers', () => {
    const text = bundledIncludes.map((h) => `#include <${h}>`).join('\n') + '\n';
    const ours = checkC(createSourceFile('bundled-headers.c', text), options('bundled'));
    expect(formatted(ours)).toBe('');
    const names = recordNames(ours.unit!);
    // the same includes compiled by clang against the system headers, with a probe per record name
    const sys = checkC(createSourceFile('system-headers.c', text), options('system'));
    const sysNames = new Set(recordNames(sys.unit!).values());
    const shared = [...names].filter(([, n]) => sysNames.has(n));
    const probes = shared.map(([, n], i) => `${n} *__layout_probe_${i};`).join('\n');
    const btf = clangBtf(`${text}${probes}\n`);
    const byName = new Map<string, BtfComposite>();
    btf.types.forEach((t) => {
      if ((t.kind === 'STRUCT' || t.kind === 'UNION') && t.name !== '') byName.set(`${t.kind === 'STRUCT' ? 'struct' : 'union'} ${t.name}`, t);
    });
    const problems: string[] = [];
    let compared = 0;
    for (const [rd, name] of shared) {
      const c = byName.get(name);
      if (c === undefined) continue; // a typedef name: compared through the struct it names
      compared++;
      compare(btf, rd, c, name, problems);
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(20);
  });
});

