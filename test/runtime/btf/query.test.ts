// Sizes and alignments from BTF against clang's own sizeof/_Alignof for the same C types (clang writes
// them into .data; the BTF of the same object describes the types), plus lookups and cycle handling.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BtfBuilder, BtfError, decodeBtf, findType, findTypes, indexByName, resolveType, skipModifiers, typeAlign, typeSize,
} from '../../../runtime/btf/index.js';
import { decodeElf } from '../../../runtime/elf/index.js';
import { canCompile, compile, scratch } from './fixtures.js';

const TYPES = [
  'char', 'short', 'int', 'long', 'long long', 'unsigned __int128', 'float', 'double', 'long double', '_Bool', 'void *',
  'int[3][5]', 'const volatile int', 'struct a', 'struct b', 'union c', 'struct d', 'struct e', 'enum f', 'enum g',
  'struct h', 'char *[7]', 'int (*)(int)', 'struct empty', 'struct flex', 'struct aligned', 'tdef',
];

const DEFS = `
struct a { char c; int i; short s; };
struct b { char c; long l; };
union c { char c[5]; int i; };
struct d { char c; struct b inner[2]; };
struct __attribute__((packed)) e { char c; long l; };
enum f { F1 = 1 };
enum g { G1 = 0x100000000LL };
struct h { unsigned a : 3; unsigned long long b : 50; char z; };
struct empty {};
struct flex { int n; long data[]; };
struct __attribute__((aligned(32))) aligned { int x; };
typedef const struct d tdef[3];
`;

/**
 * Where BTF's natural alignment (libbpf btf__align_of) differs from the ABI: libbpf caps scalars at the
 * pointer size (clang aligns __int128 to 16), and an explicit aligned() attribute leaves no trace in BTF.
 */
const ALIGN_EXCEPTIONS: Record<string, number> = { 'unsigned __int128': 8, 'struct aligned': 4 };

function source(): string {
  let s = DEFS;
  TYPES.forEach((t, i) => {
    const decl = t.includes('(*)') ? t.replace('(*)', `(*v${i})`) : t.includes('[') ? t.replace('[', ` v${i}[`) : `${t} v${i}`;
    s += `${decl};\n`;
  });
  s += `unsigned long long layout[] = {${TYPES.map((_, i) => `sizeof(v${i}), _Alignof(__typeof__(v${i}))`).join(', ')}};\n`;
  s += 'int __attribute__((section("xdp"))) f(void *c) { return layout[0]; }\n';
  return s;
}

describe.skipIf(!canCompile())('typeSize and typeAlign vs clang', () => {
  let tmp: ReturnType<typeof scratch>;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => tmp.done());

  it('every type', () => {
    const c = compile(tmp.dir, 'layout', source());
    const elf = decodeElf(new Uint8Array(readFileSync(c.obj)));
    const btf = decodeBtf(c.btf);
    const sym = elf.symbols.find((s) => s.name === 'layout')!;
    const sec = elf.sections[sym.shndx]!.data;
    const dv = new DataView(sec.buffer, sec.byteOffset + sym.value, sym.size);
    TYPES.forEach((t, i) => {
      const v = findType(btf, `v${i}`, 'VAR');
      expect(v, t).toBeDefined();
      const type = (btf.types[v!] as { type: number }).type;
      expect(typeSize(btf, type), `sizeof(${t})`).toBe(Number(dv.getBigUint64(16 * i, true)));
      const align = Number(dv.getBigUint64(16 * i + 8, true));
      if (t in ALIGN_EXCEPTIONS) {
        // BTF cannot express these alignments; the libbpf rule gives what it can infer
        expect(align, `clang's _Alignof(${t})`).not.toBe(ALIGN_EXCEPTIONS[t]);
        expect(typeAlign(btf, type), `_Alignof(${t})`).toBe(ALIGN_EXCEPTIONS[t]);
      } else {
        expect(typeAlign(btf, type), `_Alignof(${t})`).toBe(align);
      }
    });
  });
});

describe('queries on hand-made graphs', () => {
  const b = new BtfBuilder();
  const int = b.addInt('int', 4, { signed: true });
  const cint = b.addConst(int);
  const td = b.addTypedef('myint', cint);
  const vtd = b.addVolatile(td);
  const s = b.addStruct('s', 8, [{ name: 'x', type: int, bitOffset: 0 }, { name: 'y', type: int, bitOffset: 32 }]);
  b.addStruct('s', 4, [{ name: 'x', type: int, bitOffset: 0 }]);
  const loopA = b.reserve();
  const loopB = b.addTypedef('b', loopA);
  b.set(loopA, { kind: 'TYPEDEF', name: 'a', type: loopB });
  const proto = b.addFuncProto(int, []);
  const btf = b.build();

  it('follows modifiers and typedefs', () => {
    expect(skipModifiers(btf, vtd)).toBe(td);
    expect(resolveType(btf, vtd)).toBe(int);
    expect(typeSize(btf, vtd)).toBe(4);
  });
  it('finds by name and kind', () => {
    expect(findType(btf, 's', 'STRUCT')).toBe(s);
    expect(findTypes(btf, 's')).toHaveLength(2);
    expect(findType(btf, 'nope')).toBeUndefined();
    expect(indexByName(btf).get('myint')).toEqual([td]);
  });
  it('cycles and sizeless types are errors, not overflows', () => {
    expect(() => resolveType(btf, loopA)).toThrow(/typedef\/modifier chain loops/);
    expect(() => typeSize(btf, loopA)).toThrow(/deeper than 32 \(or cyclic\)/);
    expect(() => typeAlign(btf, loopA)).toThrow(BtfError);
    expect(() => typeSize(btf, proto)).toThrow(/has no size/);
    expect(() => typeSize(btf, 0)).toThrow(/has no size/);
    expect(() => typeSize(btf, 999)).toThrow(/no type 999/);
  });
});
