// formatValue. Live: clang lays out initialised globals (bitfields, enums, unions, nested arrays,
// strings, floats) in .data and the expected text is the initialiser written in the source. Offline:
// hand-built types over hand-written little-endian bytes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BtfBuilder, BtfError, decodeBtf, findType, formatValue } from '../../../runtime/btf/index.js';
import { decodeElf } from '../../../runtime/elf/index.js';
import { canCompile, compile, scratch } from './fixtures.js';

const SOURCE = `
enum color { RED = 1, GREEN = 2 };
enum wide { W_NEG = -3, W_BIG = 0x123456789LL };
struct bits { unsigned a:3; int b:5; unsigned long long c:40; char d; _Bool e:1; enum color col:4; };
struct inner { short x; unsigned char mac[6]; };
struct s {
	int i; unsigned int u; long long neg; unsigned long long big; char name[8]; struct inner in;
	struct bits bt; enum color c; enum color unnamed; enum wide w; float f; double d;
	union { int ui; unsigned char uc[4]; }; _Bool ok; signed char sc; int m[2][3];
};
struct s v = { .i = -5, .u = 70000, .neg = -1234567890123LL, .big = 0xdeadbeefcafeULL, .name = "eth0",
	.in = { .x = -2, .mac = {0, 1, 2, 0xaa, 0xbb, 255} },
	.bt = { .a = 5, .b = -3, .c = 0x123456789aULL, .d = 122, .e = 1, .col = GREEN },
	.c = GREEN, .unnamed = 7, .w = W_NEG, .f = 1.5f, .d = -0.25, .ui = 0x41424344, .ok = 1, .sc = -7,
	.m = {{1, 2, 3}, {4, 5, 6}} };
char str[] = "hello";
unsigned char notstr[4] = { 1, 2, 3, 4 };
char quoted[6] = "a\\"b";
int __attribute__((section("xdp"))) f(void *c) { return v.i + str[0] + notstr[0] + quoted[0]; }
`;

// 70000 = 0x11170; 0x41424344 read as int is 1094861636 and its bytes (little-endian) are 68 67 66 65.
const EXPECTED: Record<string, string> = {
  v: '{.i = -5, .u = 0x11170, .neg = -1234567890123, .big = 0xdeadbeefcafe, .name = "eth0", '
    + '.in = {.x = -2, .mac = {0, 1, 2, 170, 187, 255}}, '
    + '.bt = {.a = 5, .b = -3, .c = 0x123456789a, .d = 122, .e = true, .col = GREEN}, '
    + '.c = GREEN, .unnamed = 7, .w = W_NEG, .f = 1.5, .d = -0.25, {.ui = 1094861636, .uc = {68, 67, 66, 65}}, '
    + '.ok = true, .sc = -7, .m = {{1, 2, 3}, {4, 5, 6}}}',
  str: '"hello"',
  notstr: '{1, 2, 3, 4}',
  quoted: '"a\\"b"',
};

describe.skipIf(!canCompile())('formatValue on data clang laid out', () => {
  let tmp: ReturnType<typeof scratch>;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => tmp.done());

  it('prints each global as its initialiser', () => {
    const c = compile(tmp.dir, 'values', SOURCE);
    const elf = decodeElf(new Uint8Array(readFileSync(c.obj)));
    const btf = decodeBtf(c.btf);
    const data = elf.sections.find((s) => s.name === '.data')!.data;
    const seen: string[] = [];
    for (const sym of elf.symbols.filter((s) => s.type === 1 /* STT_OBJECT */ && s.name in EXPECTED)) {
      const id = findType(btf, sym.name, 'VAR')!;
      expect(formatValue(btf, id, data.subarray(sym.value, sym.value + sym.size)), sym.name).toBe(EXPECTED[sym.name]);
      seen.push(sym.name);
    }
    expect(seen.sort()).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe('formatValue on hand-made types', () => {
  const b = new BtfBuilder();
  const u8 = b.addInt('unsigned char', 1);
  const u16 = b.addInt('unsigned short', 2);
  const u32 = b.addInt('unsigned int', 4);
  const s64 = b.addInt('long', 8, { signed: true });
  const bool = b.addInt('_Bool', 1, { bool: true });
  const chr = b.addInt('char', 1, { char: true });
  const ptr = b.addPtr(0);
  const e64 = b.addEnum64('e64', [{ name: 'MINUS', value: -2n }], { signed: true });
  const hdr = b.addStruct('hdr', 8, [
    { name: 'ver', type: u8, bitOffset: 0, bitfieldSize: 4 },
    { name: 'ihl', type: u8, bitOffset: 4, bitfieldSize: 4 },
    { name: 'len', type: u16, bitOffset: 16 },
    { name: 'addr', type: u32, bitOffset: 32 },
  ]);
  const arr = b.addArray(u16, 5);
  const f32 = b.addFloat('float', 4);
  const v1 = b.addVar('a', u32);
  const v2 = b.addVar('b', b.addTypedef('flag_t', bool));
  const sec = b.addDatasec('.data', 8, [{ type: v1, offset: 0, size: 4 }, { type: v2, offset: 4, size: 1 }]);
  const btf = b.build();
  const bytes = (...v: number[]): Uint8Array => new Uint8Array(v);

  it('bitfields inside bytes and little-endian fields', () => {
    expect(formatValue(btf, hdr, bytes(0x45, 0, 0x14, 0, 0x0a, 0, 0, 1))).toBe('{.ver = 5, .ihl = 4, .len = 20, .addr = 0x100000a}');
  });
  it('hex modes', () => {
    expect(formatValue(btf, u32, bytes(1, 0, 0, 0), { hex: 'always' })).toBe('0x1');
    expect(formatValue(btf, u32, bytes(0, 0, 1, 0), { hex: 'never' })).toBe('65536');
    expect(formatValue(btf, u32, bytes(0xff, 0xff, 0, 0))).toBe('65535');
    expect(formatValue(btf, u32, bytes(0, 0, 1, 0))).toBe('0x10000');
  });
  it('signed, bool, char, pointer, float, enum64', () => {
    expect(formatValue(btf, s64, bytes(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe('-2');
    expect(formatValue(btf, bool, bytes(1))).toBe('true');
    expect(formatValue(btf, bool, bytes(2))).toBe('2');
    expect(formatValue(btf, chr, bytes(0x41))).toBe("'A'");
    expect(formatValue(btf, chr, bytes(10))).toBe('10');
    expect(formatValue(btf, ptr, bytes(0x10, 0, 0, 0, 0xff, 0x7f, 0, 0))).toBe('0x7fff00000010');
    expect(formatValue(btf, f32, bytes(0, 0, 0xc0, 0x3f))).toBe('1.5');
    expect(formatValue(btf, e64, bytes(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe('MINUS');
    expect(formatValue(btf, e64, bytes(5, 0, 0, 0, 0, 0, 0, 0))).toBe('5');
  });
  it('arrays, truncated to maxElements', () => {
    expect(formatValue(btf, arr, bytes(1, 0, 2, 0, 3, 0, 4, 0, 5, 0))).toBe('{1, 2, 3, 4, 5}');
    expect(formatValue(btf, arr, bytes(1, 0, 2, 0, 3, 0, 4, 0, 5, 0), { maxElements: 2 })).toBe('{1, 2, ...}');
  });
  it('a data section by its variables', () => {
    expect(formatValue(btf, sec, bytes(7, 0, 0, 0, 1, 0, 0, 0))).toBe('{.a = 7, .b = true}');
  });
  it('too few bytes is a BtfError', () => {
    expect(() => formatValue(btf, hdr, bytes(1, 2, 3))).toThrow(BtfError);
    expect(() => formatValue(btf, hdr, bytes(1, 2, 3))).toThrow(/8 bytes needed, 3 given/);
  });
});
