// fixupDatasecs against libbpf: the BTF libbpf loads into the kernel for an object (read back with
// `bpftool btf dump id N`) must be exactly ours after the fix-up, for corpus objects without externs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BtfBuilder, BtfError, decodeBtf, fixupDatasecs, printBtf, type DatasecFixupEnv } from '../../../runtime/btf/index.js';
import { decodeElf, type ElfFile } from '../../../runtime/elf/index.js';
import { BPFTOOL, canUseKernel, withBpffsDir } from '../../helpers/tools.js';
import { SOURCES, canCompile, compile, scratch } from './fixtures.js';

/** The ELF facts libbpf uses: section sizes, and GLOBAL/WEAK STT_OBJECT symbols with their visibility. */
function elfEnv(elf: ElfFile): DatasecFixupEnv {
  return {
    sectionSize: (name) => elf.sections.find((s) => s.name === name)?.size,
    globalSymbol: (name) => {
      const s = elf.symbols.find((x) => x.name === name && x.type === 1 && (x.bind === 1 || x.bind === 2));
      return s && { offset: s.value, hidden: s.visibility === 2 || s.visibility === 1 };
    },
  };
}

describe.skipIf(!canCompile() || !canUseKernel())('fixupDatasecs vs the BTF libbpf loads', () => {
  let tmp: ReturnType<typeof scratch>;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => tmp.done());

  for (const name of ['maps', 'kinds', 'decls', 'net']) {
    it(`${name}.bpf.c`, async () => {
      const c = compile(tmp.dir, name, { file: join(SOURCES, `${name}.bpf.c`) });
      const elf = decodeElf(new Uint8Array(readFileSync(c.obj)));
      const fixed = fixupDatasecs(decodeBtf(c.btf), elfEnv(elf));
      const kernel = await withBpffsDir((dir) => {
        execFileSync(BPFTOOL, ['prog', 'loadall', c.obj, join(dir, 'p'), 'pinmaps', join(dir, 'm')]);
        const prog = execFileSync('ls', [join(dir, 'p')], { encoding: 'utf8' }).split('\n')[0]!;
        const info = JSON.parse(execFileSync(BPFTOOL, ['-j', 'prog', 'show', 'pinned', join(dir, 'p', prog)], { encoding: 'utf8' })) as { btf_id: number };
        return execFileSync(BPFTOOL, ['btf', 'dump', 'id', String(info.btf_id)], { encoding: 'utf8' });
      });
      expect(printBtf(fixed)).toBe(kernel);
    });
  }
});

describe('fixupDatasecs', () => {
  const b = new BtfBuilder();
  const int = b.addInt('int', 4, { signed: true });
  const a = b.addVar('a', int);
  const h = b.addVar('h', int);
  const s = b.addVar('s', int, 'static');
  const sec = b.addDatasec('.data', 0, [{ type: a, offset: 0, size: 4 }, { type: h, offset: 0, size: 4 }, { type: s, offset: 8, size: 4 }]);
  const btf = b.build();
  const env: DatasecFixupEnv = {
    sectionSize: (n) => (n === '.data' ? 12 : undefined),
    globalSymbol: (n) => ({ a: { offset: 4, hidden: false }, h: { offset: 0, hidden: true } })[n],
  };

  it('sizes the section, places globals by symbol, keeps statics, makes hidden globals static, sorts', () => {
    const out = fixupDatasecs(btf, env);
    expect(out.types[sec]).toEqual({ kind: 'DATASEC', name: '.data', size: 12, vars: [{ type: h, offset: 0, size: 4 }, { type: a, offset: 4, size: 4 }, { type: s, offset: 8, size: 4 }] });
    expect(out.types[h]).toMatchObject({ kind: 'VAR', linkage: 'static' });
    // the input is left alone
    expect(btf.types[sec]).toMatchObject({ size: 0 });
  });

  it('needs the ELF section and the symbols', () => {
    expect(() => fixupDatasecs(btf, { ...env, sectionSize: () => undefined })).toThrow(BtfError);
    expect(() => fixupDatasecs(btf, { ...env, globalSymbol: () => undefined })).toThrow("sec '.data': failed to find ELF symbol for VAR 'a'");
  });
});
