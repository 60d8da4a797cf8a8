// Decoder errors: each malformed input gives a BtfError that names the place of the problem.
import { describe, expect, it } from 'vitest';
import { BtfBuilder, BtfError, decodeBtf, decodeBtfExt, encodeBtf, createBtfExt, encodeBtfAndExt } from '../../../runtime/btf/index.js';

function sample(): Uint8Array {
  const b = new BtfBuilder();
  const int = b.addInt('int', 4, { signed: true });
  b.addStruct('four', 16, ['a', 'b', 'c', 'd'].map((name, i) => ({ name, type: int, bitOffset: i * 32 })));
  b.addFunc('f', b.addFuncProto(int, [{ name: 'x', type: int }]));
  return encodeBtf(b.build());
}

/** A copy of `bytes` with the u32 at `off` replaced. */
function patch(bytes: Uint8Array, off: number, v: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(off, v >>> 0, true);
  return out;
}

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BtfError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

// layout of sample(): header 24 | [1] INT at 24 (16 bytes) | [2] STRUCT at 40 (12 + 4 × 12) |
// [3] FUNC_PROTO at 100 (12 + 8) | [4] FUNC at 120 (12) | strings at 132
describe('decodeBtf errors', () => {
  const good = sample();

  it('decodes the sample', () => {
    const btf = decodeBtf(good);
    expect(btf.types.map((t) => t.kind)).toEqual(['VOID', 'INT', 'STRUCT', 'FUNC_PROTO', 'FUNC']);
  });

  it('header problems', () => {
    expect(error(() => decodeBtf(good.subarray(0, 10)))).toBe('btf: section of 10 bytes is too short for the 24-byte BTF header');
    expect(error(() => decodeBtf(patch(good, 0, 0x12345678)))).toBe('btf: bad magic 0x5678 (expected 0xeb9f)');
    expect(error(() => decodeBtf(patch(good, 0, 0x01009feb)))).toBe('btf: big-endian BTF is not supported');
    expect(error(() => decodeBtf(patch(good, 0, 0x0002eb9f)))).toBe('btf: unsupported version 2');
    expect(error(() => decodeBtf(patch(good, 4, 1000)))).toMatch(/^btf: hdr_len 1000 is beyond the section/);
    expect(error(() => decodeBtf(patch(good, 20, 1000)))).toMatch(/^btf: string section \(off \d+, len 1000\) is beyond the section data/);
    expect(error(() => decodeBtf(patch(good, 12, 112)))).toMatch(/^btf: type section \(off 0, len 112\) overlaps or follows the string section/);
    expect(error(() => decodeBtf(patch(good, 8, 2)))).toMatch(/^btf: type section \(off 2, len 108\) overlaps/);
  });

  it('string section problems', () => {
    const strStart = 24 + 108;
    const noLeadingNul = good.slice();
    noLeadingNul[strStart] = 0x41;
    expect(error(() => decodeBtf(noLeadingNul))).toBe('btf: string section does not start with a NUL byte');
    const noTrailingNul = good.slice();
    noTrailingNul[noTrailingNul.length - 1] = 0x41;
    expect(error(() => decodeBtf(noTrailingNul))).toBe('btf: string section does not end with a NUL byte');
  });

  it('names outside the string section', () => {
    // member 3 of type 2: 40 + 12 + 3 × 12
    expect(error(() => decodeBtf(patch(good, 88, 9999)))).toMatch(/^btf: type 2 \(STRUCT\): member 3 name offset 9999 beyond string section \(\d+ bytes\)$/);
    expect(error(() => decodeBtf(patch(good, 24, 9999)))).toMatch(/^btf: type 1 \(INT\): name offset 9999 beyond string section/);
  });

  it('type records', () => {
    expect(error(() => decodeBtf(patch(good, 28, 0x15000000)))).toBe('btf: type 1: unknown kind 21');
    expect(error(() => decodeBtf(patch(good, 28, 0x01010000)))).toMatch(/^btf: type 1 \(INT\): reserved info bits set/);
    expect(error(() => decodeBtf(patch(good, 28, 0x01000001)))).toBe('btf: type 1 (INT): vlen 1 must be 0');
    expect(error(() => decodeBtf(patch(good, 36, 0x01000120)))).toMatch(/^btf: type 1 \(INT\): reserved int data bits set/);
    // the STRUCT claims 9 members: they run into the next types and past the end
    expect(error(() => decodeBtf(patch(good, 44, 0x04000009)))).toBe('btf: type 2 (STRUCT): 9 members (108 bytes) runs past the end of the type section');
    // the FUNC's linkage (vlen) 3 does not exist
    expect(error(() => decodeBtf(patch(good, 124, 0x0c000003)))).toBe('btf: type 4 (FUNC): unknown linkage 3');
  });

  it('references', () => {
    // member 0 of the STRUCT refers to type 99
    expect(error(() => decodeBtf(patch(good, 56, 99)))).toBe('btf: type 2 (STRUCT): member 0 type refers to type 99, beyond the last type 4');
    // the FUNC points at the INT
    expect(error(() => decodeBtf(patch(good, 128, 1)))).toBe('btf: type 4 (FUNC): type 1 is INT, not FUNC_PROTO');
  });

  it('truncation inside a type', () => {
    const t = patch(good, 12, 104); // type_len ends 4 bytes into the FUNC record
    expect(error(() => decodeBtf(t))).toBe('btf: type 4: header at type-section offset 96 is truncated');
  });
});

describe('decodeBtfExt errors', () => {
  const b = new BtfBuilder();
  const f = b.addFunc('f', b.addFuncProto(b.addInt('int', 4, { signed: true }), []));
  const ext = createBtfExt();
  ext.funcInfo.sections.push({ section: 'xdp', records: [{ insnOff: 0, typeId: f }] });
  ext.lineInfo.sections.push({ section: 'xdp', records: [{ insnOff: 0, fileName: 'a.c', line: 'x', lineNum: 3, col: 7 }] });
  const enc = encodeBtfAndExt(b.build(), ext);
  const strings = decodeBtf(enc.btf).strings;
  // layout: header 32 | func_info at 32: rec_size, sec, num, rec(8) = 20 bytes | line_info at 52: rec_size, sec, num, rec(16)

  it('decodes', () => {
    expect(decodeBtfExt(enc.ext, strings)).toEqual(ext);
  });
  it('problems', () => {
    expect(error(() => decodeBtfExt(enc.ext.subarray(0, 32), strings))).toBe('btf: .BTF.ext: no data after the header');
    expect(error(() => decodeBtfExt(patch(enc.ext, 32, 6), strings))).toBe('btf: .BTF.ext: func_info has invalid record size 6');
    expect(error(() => decodeBtfExt(patch(enc.ext, 40, 0), strings))).toBe('btf: .BTF.ext: func_info section 0 (xdp) has num_info 0');
    expect(error(() => decodeBtfExt(patch(enc.ext, 40, 2), strings))).toBe('btf: .BTF.ext: func_info section 0 (xdp): 2 records of 8 bytes run past the end');
    expect(error(() => decodeBtfExt(patch(enc.ext, 36, 5000), strings))).toMatch(/^btf: \.BTF\.ext: func_info section 0 name string offset 5000 beyond the \.BTF string section/);
    expect(error(() => decodeBtfExt(patch(enc.ext, 8, 2), strings))).toBe('btf: .BTF.ext: func_info offset 2 is not 4-byte aligned');
    expect(error(() => decodeBtfExt(patch(enc.ext, 20, 999), strings))).toMatch(/^btf: \.BTF\.ext: line_info \(off 20, len 999\) is beyond the end of the section/);
    expect(error(() => decodeBtfExt(patch(enc.ext, 68, 7777), strings))).toMatch(/^btf: \.BTF\.ext: line_info section 0 \(xdp\) record 0 file name string offset 7777 beyond/);
    expect(error(() => decodeBtfExt(patch(enc.ext, 4, 28), strings))).toBe('btf: .BTF.ext: hdr_len 28 cuts the core_relo fields');
  });
  it('the line_col field packs line << 10 | col', () => {
    expect(new DataView(enc.ext.buffer).getUint32(76, true)).toBe((3 << 10) | 7);
  });
});

describe('string table', () => {
  it('names that point into the middle of another string keep their offset', () => {
    // one INT named by offset 7 = "world", inside "hello_world"
    const strs = new TextEncoder().encode('\0hello_world\0');
    const out = new Uint8Array(24 + 16 + strs.length);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, 0xeb9f, true);
    dv.setUint8(2, 1);
    dv.setUint32(4, 24, true);
    dv.setUint32(12, 16, true);
    dv.setUint32(16, 16, true);
    dv.setUint32(20, strs.length, true);
    dv.setUint32(24, 7, true);
    dv.setUint32(28, 0x01000000, true);
    dv.setUint32(32, 4, true);
    dv.setUint32(36, 32, true);
    out.set(strs, 40);
    const btf = decodeBtf(out);
    expect(btf.types[1]).toMatchObject({ kind: 'INT', name: 'world' });
    expect(encodeBtf(btf)).toEqual(out);
  });

  it('new names are appended once', () => {
    const btf = decodeBtf(sample());
    const before = btf.strings.length;
    btf.types.push({ kind: 'TYPEDEF', name: 'fresh', type: 1 }, { kind: 'TYPEDEF', name: 'fresh', type: 1 });
    const enc = encodeBtf(btf);
    // the input's table is not touched; the output's grew by "fresh\0" only
    expect(btf.strings.length).toBe(before);
    expect(decodeBtf(enc).strings.length).toBe(before + 6);
  });
});
