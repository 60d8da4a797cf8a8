// The C printer, checked by clang itself: the declarations printCDecls writes must compile on their
// own and give every struct the size and member offsets recorded in BTF; the declarator printCType
// writes for each struct member must name a type compatible with the member's type in the original
// source. (That `format c` output equals bpftool's is print.test.ts.)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BtfBuilder, decodeBtf, printCDecls, printCType, type Btf } from '../../../runtime/btf/index.js';
import { CLANG, hasTool } from '../../helpers/tools.js';
import { NAMES, SOURCES, fixture, scratch } from './fixtures.js';

/** Structs and unions with a name used by no other type of the same kind. */
function namedComposites(btf: Btf): number[] {
  const count = new Map<string, number>();
  for (const t of btf.types) if (t.kind === 'STRUCT' || t.kind === 'UNION') count.set(`${t.kind}${t.name}`, (count.get(`${t.kind}${t.name}`) ?? 0) + 1);
  return btf.types.flatMap((t, id) => ((t.kind === 'STRUCT' || t.kind === 'UNION') && t.name !== '' && count.get(`${t.kind}${t.name}`) === 1 ? [id] : []));
}

function syntaxCheck(dir: string, name: string, text: string): void {
  const file = join(dir, `${name}.c`);
  writeFileSync(file, text);
  try {
    execFileSync(CLANG, ['-fsyntax-only', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-Wno-everything', file], { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`clang rejected ${file}:\n${(e as { stderr?: Buffer }).stderr?.toString() ?? e}`);
  }
}

describe.skipIf(!hasTool(CLANG))('C declarations checked by clang', () => {
  let tmp: ReturnType<typeof scratch>;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => tmp.done());

  for (const name of NAMES) {
    it(`${name}: definitions compile standalone with BTF's sizes and offsets`, () => {
      const btf = decodeBtf(fixture(`${name}.btf`));
      const ids = namedComposites(btf);
      let text = printCDecls(btf, ...ids);
      for (const id of ids) {
        const t = btf.types[id]!;
        if (t.kind !== 'STRUCT' && t.kind !== 'UNION') continue;
        const tag = `${t.kind === 'STRUCT' ? 'struct' : 'union'} ${t.name}`;
        text += `_Static_assert(sizeof(${tag}) == ${t.size}, "size of ${tag}");\n`;
        for (const m of t.members) {
          if (m.name === '' || m.bitfieldSize !== 0) continue;
          text += `_Static_assert(__builtin_offsetof(${tag}, ${m.name}) * 8 == ${m.bitOffset}, "${tag}.${m.name}");\n`;
        }
      }
      syntaxCheck(tmp.dir, `${name}-decls`, text);
    });

    it(`${name}: member declarators match the source types`, () => {
      const btf = decodeBtf(fixture(`${name}.btf`));
      let text = `#include "${SOURCES}/${name}.bpf.c"\n`;
      let n = 0;
      for (const id of namedComposites(btf)) {
        const t = btf.types[id]!;
        if (t.kind !== 'STRUCT' && t.kind !== 'UNION') continue;
        const tag = `${t.kind === 'STRUCT' ? 'struct' : 'union'} ${t.name}`;
        for (const m of t.members) {
          if (m.name === '' || m.bitfieldSize !== 0) continue;
          const decl = printCType(btf, m.type);
          // an anonymous struct/union/enum printed inline is a new type, compatible with nothing
          if (decl.includes('{')) continue;
          text += `_Static_assert(__builtin_types_compatible_p(__typeof__(((${tag} *)0)->${m.name}), ${decl}), "${tag}.${m.name}");\n`;
          n++;
        }
      }
      expect(n).toBeGreaterThan(3);
      syntaxCheck(tmp.dir, `${name}-types`, text);
    });
  }
});

describe('declarators', () => {
  const b = new BtfBuilder();
  const int = b.addInt('int', 4, { signed: true });
  const char = b.addInt('char', 1, { signed: true });
  const cases: [number, string, string][] = [
    [b.addPtr(b.addPtr(int)), 'pp', 'int **pp'],
    [b.addArray(b.addArray(int, 4), 3), 'm', 'int m[3][4]'],
    [b.addPtr(b.addArray(int, 4)), 'pa', 'int (*pa)[4]'],
    [b.addArray(b.addPtr(int), 4), 'ap', 'int *ap[4]'],
    [b.addPtr(b.addFuncProto(int, [{ name: 'a', type: int }, { name: '', type: b.addPtr(char) }])), 'fp', 'int (*fp)(int a, char *)'],
    [b.addPtr(b.addFuncProto(0, [])), 'cb', 'void (*cb)(void)'],
    [b.addPtr(b.addFuncProto(int, [{ name: 'fmt', type: b.addPtr(b.addConst(char)) }], true)), 'pf', 'int (*pf)(const char *fmt, ...)'],
    [b.addArray(b.addPtr(b.addFuncProto(int, [])), 2), 'tbl', 'int (*tbl[2])(void)'],
    [b.addConst(b.addPtr(b.addConst(char))), 's', 'const char * const s'],
    [b.addPtr(b.addVolatile(b.addConst(int))), 'cv', 'const volatile int *cv'],
    [b.addTypeTag('user', b.addPtr(int)), 'u', 'int * __attribute__((btf_type_tag("user"))) u'],
    [0, 'v', 'void v'],
  ];
  const btf = b.build();
  for (const [id, name, want] of cases) {
    it(want, () => expect(printCType(btf, id, name)).toBe(want));
  }
});
