// Round trips: encode(decode(bytes)) is byte-identical for what clang-16 emits (.BTF and .BTF.ext of the
// corpus, of the example objects, of code compiled in the test, and of the kernel's vmlinux BTF), and
// decode(encode(btf)) gives back the same graph for BTF built with BtfBuilder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BtfBuilder, createBtfExt, decodeBtf, decodeBtfExt, encodeBtf, encodeBtfAndExt, printBtf, type Btf, type BtfExt,
} from '../../../runtime/btf/index.js';
import { decodeElf } from '../../../runtime/elf/index.js';
import { OBJDUMP, hasTool, run } from '../../helpers/tools.js';
import { NAMES, SOURCES, canCompile, compile, fixture, scratch } from './fixtures.js';

function roundTrip(btfBytes: Uint8Array, extBytes?: Uint8Array): { btf: Btf; ext?: BtfExt } {
  const btf = decodeBtf(btfBytes);
  expect(encodeBtf(btf)).toEqual(btfBytes);
  if (extBytes === undefined) return { btf };
  const ext = decodeBtfExt(extBytes, btf.strings);
  const both = encodeBtfAndExt(btf, ext);
  expect(both.btf).toEqual(btfBytes);
  expect(both.ext).toEqual(extBytes);
  return { btf, ext };
}

describe('byte-identical round trip of clang-16 output', () => {
  for (const name of NAMES) {
    it(`corpus ${name}`, () => {
      const { ext } = roundTrip(fixture(`${name}.btf`), fixture(`${name}.btf.ext`));
      expect(ext!.funcInfo.sections.length).toBeGreaterThan(0);
      expect(ext!.lineInfo.sections.length).toBeGreaterThan(0);
      // line records carry the text of the source line they name
      const src = readFileSync(join(SOURCES, `${name}.bpf.c`), 'utf8').split('\n');
      for (const r of ext!.lineInfo.sections.flatMap((s) => s.records)) {
        if (r.lineNum > 0 && r.fileName.endsWith(`/${name}.bpf.c`)) expect(r.line).toBe(src[r.lineNum - 1]);
      }
    });
  }

  it('corpus core: CO-RE relocation records', () => {
    const { btf, ext } = roundTrip(fixture('core.btf'), fixture('core.btf.ext'));
    const relos = ext!.coreRelo.sections.flatMap((s) => s.records);
    // one record per CO-RE builtin in core.bpf.c at least; kinds from enum bpf_core_relo_kind
    const kinds = new Set(relos.map((r) => r.kind));
    for (const k of [0, 1, 2, 4, 5, 6, 8, 9, 10, 11]) expect(kinds).toContain(k);
    for (const r of relos) {
      expect(r.insnOff % 8).toBe(0);
      expect(btf.types[r.typeId]).toBeDefined();
      expect(r.accessStr).toMatch(/^\d+(:\d+)*$/);
    }
    expect(ext!.coreRelo.sections.map((s) => s.section)).toEqual(['tp/sched/sched_switch']);
  });

  const clangDir = fileURLToPath(new URL('../../fixtures/clang/', import.meta.url));
  const examples = existsSync(clangDir) ? readdirSync(clangDir).filter((f) => f.endsWith('.o')) : [];
  for (const f of examples) {
    it(`example object ${f}`, () => {
      const elf = decodeElf(new Uint8Array(readFileSync(join(clangDir, f))));
      const btf = elf.sections.find((s) => s.name === '.BTF');
      const ext = elf.sections.find((s) => s.name === '.BTF.ext');
      expect(btf).toBeDefined();
      roundTrip(btf!.data, ext?.data);
    });
  }

  it.skipIf(!existsSync('/sys/kernel/btf/vmlinux'))('the running kernel\'s vmlinux BTF', () => {
    const bytes = new Uint8Array(readFileSync('/sys/kernel/btf/vmlinux'));
    const btf = decodeBtf(bytes);
    expect(Buffer.compare(Buffer.from(encodeBtf(btf)), Buffer.from(bytes))).toBe(0);
  });
});

describe.skipIf(!canCompile())('byte-identical round trip of freshly compiled code', () => {
  let tmp: ReturnType<typeof scratch>;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => tmp.done());

  it('line info: every record points at its source line, with the right text', () => {
    const src = 'int x;\n\nint __attribute__((section("xdp"))) f(void *ctx)\n{\n\tif (ctx)\n\t\tx += 3;\n\treturn x + 1;\n}\n';
    const c = compile(tmp.dir, 'lines', src);
    const { ext } = roundTrip(c.btf, c.ext);
    const lines = src.split('\n');
    const recs = ext!.lineInfo.sections.find((s) => s.section === 'xdp')!.records;
    expect(recs.length).toBeGreaterThan(2);
    for (const r of recs) {
      expect(r.fileName.endsWith('lines.bpf.c')).toBe(true);
      expect(r.line).toBe(r.lineNum === 0 ? '' : lines[r.lineNum - 1]);
      expect(r.col).toBeLessThanOrEqual(r.line.length + 1);
    }
    expect(recs.some((r) => r.col > 1)).toBe(true);
    if (hasTool(OBJDUMP)) {
      // every line change llvm-objdump reads from DWARF has a line_info record at that instruction
      const dump = run(OBJDUMP, ['-d', '-l', c.obj]).split('\n');
      let pending: number | undefined;
      let seen = 0;
      for (const l of dump) {
        const ann = /^; .*lines\.bpf\.c:(\d+)$/.exec(l);
        if (ann) pending = Number(ann[1]);
        const insn = /^\s+(\d+):\t/.exec(l);
        if (insn && pending !== undefined) {
          const at = Number(insn[1]) * 8;
          expect(recs.find((r) => r.insnOff === at)?.lineNum, `insn ${insn[1]}`).toBe(pending);
          pending = undefined;
          seen++;
        }
      }
      expect(seen).toBeGreaterThan(1);
    }
  });

  it('func_info: one record per function symbol, at its offset, naming its FUNC', () => {
    let src = '';
    for (let i = 0; i < 30; i++) src += `int s${i}(int a);\n`;
    for (let i = 0; i < 30; i++) src += `__attribute__((noinline)) int s${i}(int a) { return a * ${i + 1} + s${(i + 1) % 30}(a - 1); }\n`;
    for (let i = 0; i < 5; i++) src += `__attribute__((section("xdp/p${i}"))) int p${i}(void *c) { return s${i * 6}((long)c); }\n`;
    const c = compile(tmp.dir, 'many', src);
    const { btf, ext } = roundTrip(c.btf, c.ext);
    const elf = decodeElf(new Uint8Array(readFileSync(c.obj)));
    const funcs = elf.symbols.filter((s) => s.type === 2 /* STT_FUNC */);
    expect(funcs.length).toBe(35);
    const total = ext!.funcInfo.sections.reduce((n, s) => n + s.records.length, 0);
    expect(total).toBe(funcs.length);
    for (const sym of funcs) {
      const sec = elf.sections[sym.shndx]!.name;
      const rec = ext!.funcInfo.sections.find((s) => s.section === sec)?.records.find((r) => r.insnOff === sym.value);
      expect(rec, `${sym.name} in ${sec}`).toBeDefined();
      const f = btf.types[rec!.typeId]!;
      expect(f.kind).toBe('FUNC');
      expect(f.name).toBe(sym.name);
    }
  });
});

describe('builder output survives encode/decode', () => {
  function sample(): Btf {
    const b = new BtfBuilder();
    const int = b.addInt('int', 4, { signed: true });
    const u8 = b.addInt('unsigned char', 1);
    const node = b.reserve();
    const pnode = b.addPtr(node);
    b.set(node, {
      kind: 'STRUCT', name: 'node', size: 16, kindFlag: false,
      members: [{ name: 'next', type: pnode, bitOffset: 0, bitfieldSize: 0 }, { name: 'v', type: int, bitOffset: 64, bitfieldSize: 0 }],
    });
    const flags = b.addStruct('flags', 4, [
      { name: 'a', type: u8, bitOffset: 0, bitfieldSize: 3 },
      { name: 'b', type: int, bitOffset: 3, bitfieldSize: 20 },
    ]);
    const arr = b.addArray(u8, 6);
    b.addEnum('e', [{ name: 'A', value: -1 }, { name: 'B', value: 7 }]);
    b.addEnum64('e64', [{ name: 'BIG', value: 0xffff_ffff_ffffn }, { name: 'NEG', value: -2n }]);
    b.addFwd('later', true);
    const cint = b.addConst(b.addVolatile(int));
    b.addRestrict(b.addPtr(cint));
    b.addTypeTag('user', pnode);
    const proto = b.addFuncProto(int, [{ name: 'ctx', type: pnode }, { name: 'n', type: int }], true);
    const fn = b.addFunc('handler', proto, 'static');
    b.addDeclTag('hot', fn, 1);
    const v = b.addVar('mac', arr, 'global');
    b.addDatasec('.data', 6, [{ type: v, offset: 0, size: 6 }]);
    b.addFloat('double', 8);
    b.addTypedef('flags_t', flags);
    return b.build();
  }

  it('decode(encode(x)) equals x', () => {
    const btf = sample();
    const back = decodeBtf(encodeBtf(btf));
    expect(back.types).toEqual(btf.types);
    expect(back.strings.toBytes()).toEqual(btf.strings.toBytes());
    expect(encodeBtf(back)).toEqual(encodeBtf(btf));
  });

  it('deduplicates identical types and strings', () => {
    const b = new BtfBuilder();
    const a = b.addInt('int', 4, { signed: true });
    expect(b.addInt('int', 4, { signed: true })).toBe(a);
    expect(b.addPtr(a)).toBe(b.addPtr(a));
    expect(b.addArray(a, 4)).toBe(b.addArray(a, 4));
    expect(b.addArray(a, 5)).not.toBe(b.addArray(a, 4));
    const s = b.addStruct('s', 4, [{ name: 'int', type: a, bitOffset: 0 }]);
    expect(b.addStruct('s', 4, [{ name: 'int', type: a, bitOffset: 0 }])).toBe(s);
    const btf = b.build();
    // "int" appears once in the string table although it names a type and a member
    const text = new TextDecoder().decode(btf.strings.toBytes());
    expect(text.split('\0').filter((x) => x === 'int')).toHaveLength(1);
    // the array index type is clang's __ARRAY_SIZE_TYPE__
    expect(printBtf(btf)).toContain("INT '__ARRAY_SIZE_TYPE__' size=4 bits_offset=0 nr_bits=32 encoding=(none)");
  });

  it('.BTF.ext strings are interned before the .BTF string section is written', () => {
    const btf = sample();
    const ext = createBtfExt();
    ext.funcInfo.sections.push({ section: 'xdp', records: [{ insnOff: 0, typeId: 12 }] });
    ext.lineInfo.sections.push({ section: 'xdp', records: [{ insnOff: 0, fileName: 'prog.c', line: 'return 0;', lineNum: 1000, col: 1023 }] });
    ext.coreRelo.sections.push({ section: 'xdp', records: [{ insnOff: 8, typeId: 3, accessStr: '0:1', kind: 0 }] });
    const enc = encodeBtfAndExt(btf, ext);
    const btf2 = decodeBtf(enc.btf);
    const ext2 = decodeBtfExt(enc.ext, btf2.strings);
    expect(ext2).toEqual(ext);
    expect(btf2.types).toEqual(btf.types);
    const again = encodeBtfAndExt(btf2, ext2);
    expect(again.btf).toEqual(enc.btf);
    expect(again.ext).toEqual(enc.ext);
  });

  it('records larger than the known fields keep their tail', () => {
    const btf = sample();
    const ext = createBtfExt();
    ext.hdrLen = 24;
    ext.funcInfo = { recSize: 12, sections: [{ section: 'xdp', records: [{ insnOff: 0, typeId: 12, extra: new Uint8Array([1, 2, 3, 4]) }] }] };
    const enc = encodeBtfAndExt(btf, ext);
    const ext2 = decodeBtfExt(enc.ext, decodeBtf(enc.btf).strings);
    expect(ext2).toEqual(ext);
    expect(enc.ext.length).toBe(24 + 4 + 8 + 12);
  });
});
