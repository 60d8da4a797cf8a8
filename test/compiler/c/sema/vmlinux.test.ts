// The largest layout differential we have: the running kernel's BTF dumped as C (bpftool btf dump …
// format c, the vmlinux.h of CO-RE programs; ~135k lines, ~10k records) goes through our front end
// without a diagnostic, and every named struct/union of it is laid out as clang-16 lays out the same
// header (size, members, bit offsets, bit-field sizes, through anonymous members). Slow (tens of
// seconds): runs when EBPFC_LONG_TESTS=1 and bpftool, clang-16 and /sys/kernel/btf/vmlinux are there.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BPFTOOL, CLANG, hasTool, run } from '../../../helpers/tools.js';
import { createSourceFile } from '../../../../compiler/source.js';
import { checkC, resolve, type RecordDecl } from '../../../../compiler/c/sema/index.js';
import { emptyFileSystem } from '../../../../grammar/c/preprocess/index.js';
import { decodeElf } from '../../../../runtime/elf/index.js';
import { decodeBtf, type Btf, type BtfComposite, type BtfType } from '../../../../runtime/btf/index.js';

const VMLINUX = '/sys/kernel/btf/vmlinux';
const enabled = process.env.EBPFC_LONG_TESTS === '1' && existsSync(VMLINUX) && hasTool(CLANG);

function skipMods(btf: Btf, id: number): BtfType {
  let t = btf.types[id]!;
  for (let i = 0; i < 32 && (t.kind === 'TYPEDEF' || t.kind === 'CONST' || t.kind === 'VOLATILE' || t.kind === 'RESTRICT' || t.kind === 'TYPE_TAG'); i++) {
    t = btf.types[(t as { type: number }).type]!;
  }
  return t;
}

function compare(btf: Btf, rd: RecordDecl, c: BtfComposite, path: string, out: string[]): void {
  const l = rd.layout!;
  if (c.size !== l.size) out.push(`${path}: size ${l.size}, clang ${c.size}`);
  const ours = rd.fields!.map((f, i) => ({ f, l: l.fields[i]! })).filter((x) => !(x.f.name === undefined && x.f.bitWidth !== undefined));
  if (ours.length !== c.members.length) {
    out.push(`${path}: ${ours.length} members, clang ${c.members.length}`);
    return;
  }
  ours.forEach(({ f, l: fl }, i) => {
    const m = c.members[i]!;
    const where = `${path}.${f.name ?? `(anon ${i})`}`;
    if (m.bitOffset !== fl.bitOffset) out.push(`${where}: bit offset ${fl.bitOffset}, clang ${m.bitOffset}`);
    if (m.bitfieldSize !== (fl.bitWidth ?? 0)) out.push(`${where}: bit-field size ${fl.bitWidth ?? 0}, clang ${m.bitfieldSize}`);
    const inner = resolve(f.type);
    const bt = skipMods(btf, m.type);
    if (f.name === undefined && inner.kind === 'record' && (bt.kind === 'STRUCT' || bt.kind === 'UNION')) compare(btf, inner.decl, bt, where, out);
  });
}

describe('vmlinux.h', () => {
  it.skipIf(!enabled || !hasTool(BPFTOOL))('every record of the kernel\'s vmlinux.h is laid out as clang-16 does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebpfc-vmlinux-'));
    try {
      const header = run(BPFTOOL, ['btf', 'dump', 'file', VMLINUX, 'format', 'c']);
      const r = checkC(createSourceFile('vmlinux.h', header), { fs: emptyFileSystem(), nostdinc: true, bundled: false });
      expect(r.diagnostics.map((d) => d.message).slice(0, 5)).toEqual([]);
      const records = r.unit!.records.filter((rd) => rd.name !== undefined && rd.layout !== undefined);
      writeFileSync(join(dir, 'vmlinux.h'), header);
      writeFileSync(join(dir, 'probe.c'), `#include "vmlinux.h"\n${records.map((rd, i) => `${rd.tag} ${rd.name} *__p${i};`).join('\n')}\n`);
      run(CLANG, ['-target', 'bpf', '-g', '-c', '-o', join(dir, 'probe.o'), join(dir, 'probe.c')]);
      const elf = decodeElf(new Uint8Array(readFileSync(join(dir, 'probe.o'))));
      const btf = decodeBtf(elf.sections.find((s) => s.name === '.BTF')!.data);
      const byName = new Map<string, BtfComposite>();
      for (const t of btf.types) if ((t.kind === 'STRUCT' || t.kind === 'UNION') && t.name !== '') byName.set(`${t.kind === 'STRUCT' ? 'struct' : 'union'} ${t.name}`, t);
      const problems: string[] = [];
      let compared = 0;
      for (const rd of records) {
        const c = byName.get(`${rd.tag} ${rd.name}`);
        if (c === undefined) continue;
        compared++;
        compare(btf, rd, c, `${rd.tag} ${rd.name}`, problems);
      }
      expect(problems.slice(0, 20)).toEqual([]);
      expect(compared).toBeGreaterThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
