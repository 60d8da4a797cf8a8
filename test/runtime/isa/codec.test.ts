// encode/decode: every row's samples survive bytes -> slots -> bytes, the byte layout is RFC 9669's
// (checked against a hand-written encoding and the conformance suite's lddw raw twin), bad inputs throw
// IsaError.
import { describe, expect, it } from 'vitest';
import { ISA_TABLE, IsaError, decode, encode, normalizeInsn } from '../../../runtime/isa/index.js';
import { samplesOf } from './samples.js';

describe('encode/decode', () => {
  it.each(ISA_TABLE.map((r) => [r.name, r] as const))('%s round-trips', (_n, row) => {
    for (const s of samplesOf(row)) {
      const bytes = encode(s.slots);
      expect(bytes.length).toBe(8 * s.slots.length);
      expect(decode(bytes)).toEqual(s.slots.map(normalizeInsn));
      expect(encode(decode(bytes))).toEqual(bytes);
    }
  });

  it('lays out fields as RFC 9669 §3.1 (little-endian)', () => {
    // ldxw r0, [r10 - 4] with imm 1: opcode 0x61, dst 0 in the low nibble, src 10 in the high nibble
    const bytes = encode([{ code: 0x61, dst: 0, src: 10, off: -4, imm: 1 }]);
    expect([...bytes]).toEqual([0x61, 0xa0, 0xfc, 0xff, 0x01, 0x00, 0x00, 0x00]);
    expect(decode(Uint8Array.from([0xb7, 0x21, 0x34, 0x12, 0xff, 0xff, 0xff, 0x7f]))).toEqual([
      { code: 0xb7, dst: 1, src: 2, off: 0x1234, imm: 0x7fffffff },
    ]);
  });

  it('accepts unsigned spellings of off and imm and decodes them signed', () => {
    const bytes = encode([{ code: 0x07, dst: 1, src: 0, off: 0xffff, imm: 0xffffffff }]);
    expect(decode(bytes)).toEqual([{ code: 0x07, dst: 1, src: 0, off: -1, imm: -1 }]);
  });

  it('decodes a buffer view at a non-zero offset', () => {
    const buf = new Uint8Array(24);
    buf.set([0x95, 0, 0, 0, 0, 0, 0, 0], 8);
    expect(decode(buf.subarray(8, 16))).toEqual([{ code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }]);
  });

  it('rejects a length that is not a multiple of 8', () => {
    expect(() => decode(new Uint8Array(12))).toThrow(IsaError);
    expect(() => decode(new Uint8Array(12))).toThrow(/decode: program size 12 is not a multiple of 8/);
  });

  it('rejects fields that do not fit', () => {
    const bad = [
      { code: 0x100, dst: 0, src: 0, off: 0, imm: 0 },
      { code: 0x07, dst: 16, src: 0, off: 0, imm: 0 },
      { code: 0x07, dst: 0, src: -1, off: 0, imm: 0 },
      { code: 0x07, dst: 0, src: 0, off: 0x10000, imm: 0 },
      { code: 0x07, dst: 0, src: 0, off: 0, imm: 2 ** 32 },
      { code: 0x07, dst: 0, src: 0, off: 0, imm: 1.5 },
    ];
    for (const b of bad) {
      expect(() => encode([{ code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }, b]), JSON.stringify(b)).toThrow(/encode: pc 1: field/);
    }
  });
});
