// The printers against bpftool 7.1: raw dump, JSON dump and C declarations must be byte-identical.
// Recorded dumps (made by bpftool from the fixture sections, see test/fixtures/btf/build.sh) run
// everywhere; the live tests compile the corpus afresh and ask bpftool, and dump the kernel's own BTF.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBtf, printBtf, printBtfC, printBtfJson } from '../../../runtime/btf/index.js';
import { BPFTOOL, hasTool } from '../../helpers/tools.js';
import { NAMES, SOURCES, canCompile, compile, fixture, fixtureText, scratch, type Compiled } from './fixtures.js';

const bpftool = (...args: string[]): string => execFileSync(BPFTOOL, args, { encoding: 'utf8', maxBuffer: 1 << 30 });

describe('printers vs recorded bpftool dumps', () => {
  for (const name of NAMES) {
    it(`${name}: raw, JSON and C`, () => {
      const btf = decodeBtf(fixture(`${name}.btf`));
      expect(printBtf(btf)).toBe(fixtureText(`${name}.bpftool.txt`));
      expect(printBtfJson(btf)).toBe(fixtureText(`${name}.bpftool.json`));
      expect(printBtfC(btf)).toBe(fixtureText(`${name}.bpftool.h`));
    });
  }
});

const live = canCompile() && hasTool(BPFTOOL);

describe.skipIf(!live)('printers vs live bpftool on freshly compiled objects', () => {
  let tmp: ReturnType<typeof scratch>;
  const objs = new Map<string, Compiled>();
  beforeAll(() => {
    tmp = scratch();
    for (const name of NAMES) objs.set(name, compile(tmp.dir, name, { file: `${SOURCES}/${name}.bpf.c` }));
  });
  afterAll(() => tmp.done());

  for (const name of NAMES) {
    it(`${name}.o`, () => {
      const { obj, btf: bytes } = objs.get(name)!;
      const btf = decodeBtf(bytes);
      expect(printBtf(btf)).toBe(bpftool('btf', 'dump', 'file', obj));
      expect(printBtfJson(btf)).toBe(bpftool('-j', 'btf', 'dump', 'file', obj));
      expect(printBtfC(btf)).toBe(bpftool('btf', 'dump', 'file', obj, 'format', 'c'));
    });
  }
});

const VMLINUX = '/sys/kernel/btf/vmlinux';

describe.skipIf(!hasTool(BPFTOOL) || !existsSync(VMLINUX))('printers vs bpftool on the running kernel\'s BTF', () => {
  it('vmlinux: raw and C', () => {
    const btf = decodeBtf(new Uint8Array(readFileSync(VMLINUX)));
    expect(btf.types.length).toBeGreaterThan(1000);
    expect(printBtf(btf) === bpftool('btf', 'dump', 'file', VMLINUX)).toBe(true);
    expect(printBtfC(btf) === bpftool('btf', 'dump', 'file', VMLINUX, 'format', 'c')).toBe(true);
  });
});
