// .BTF.ext line_info of statements past column 1023 (bpf_line_info.line_col has 10 bits of column):
// compileC writes such objects, packing line << 10 | column in 32 bits without masking the column and
// writing columns past 65535 as 0 — what clang-16 writes. The rule is checked on a source of long lines
// against where each statement stands in the text; with clang-16, clang's object for the same source is
// checked against the same rule (at clang's own columns: the `=` of each assignment); with root and
// bpftool the kernel loads our object.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileC } from '../../../compiler/index.js';
import { decodeObject, type ObjectSpec } from '../../../runtime/object/index.js';
import { BPFTOOL, CLANG, canUseKernel, hasTool, run, withBpffsDir } from '../../helpers/tools.js';

const PADS = [1020, 1100, 2000, 2100, 3000, 5000, 70000];
const FIRST = 7; // the line of the first padded statement

const SRC = [
  '#include <linux/bpf.h>',
  '#include <bpf/bpf_helpers.h>',
  'volatile int g;',
  'SEC("xdp")',
  'int longline(struct xdp_md *ctx)',
  '{',
  ...PADS.map((p) => `${' '.repeat(p)}g = ${p};`),
  '\treturn XDP_PASS;',
  '}',
  'char LICENSE[] SEC("license") = "GPL";',
  '',
].join('\n');

/** clang-16's packing: 32 bits of line << 10 | column, the column unmasked, 0 past 16 bits. */
const packed = (line: number, col: number): number => ((line << 10) | (col > 0xffff ? 0 : col)) >>> 0;
const words = (spec: ObjectSpec): number[] => spec.programs.flatMap((p) => p.lineInfo.map((l) => packed(l.line, l.col)));

describe('line info past column 1023', () => {
  const r = compileC(SRC, { path: 'long.bpf.c', nostdinc: true });

  it('compiles, and each padded statement has the record clang-16 would write for its position', () => {
    expect(r.diagnostics).toEqual([]);
    const spec = decodeObject(r.object as Uint8Array);
    // our statements start at the assignment's target `g`: column pad + 1
    const want = PADS.map((p, k) => packed(FIRST + k, p + 1));
    expect(words(spec)).toEqual(expect.arrayContaining(want));
    // spelled out for two of them: column 1101 of line 8 reads back as line 9, column 77
    const l8 = spec.programs[0]!.lineInfo.find((l) => packed(l.line, l.col) === packed(8, 1101));
    expect(l8 && [l8.line, l8.col]).toEqual([9, 77]);
    // the record's text is still the statement's own line
    expect(l8?.source).toBe(`${' '.repeat(1100)}g = 1100;`);
    const l13 = spec.programs[0]!.lineInfo.find((l) => l.source.endsWith('g = 70000;'));
    expect(l13 && [l13.line, l13.col]).toEqual([13, 0]);
  });

  it.skipIf(!hasTool(CLANG))('clang-16 packs its own columns the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebpfc-cols-'));
    try {
      writeFileSync(join(dir, 'long.bpf.c'), SRC);
      run(CLANG, ['-O2', '-g', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', join(dir, 'long.bpf.c'), '-o', join(dir, 'long.o')]);
      const clang = decodeObject(new Uint8Array(readFileSync(join(dir, 'long.o'))));
      // clang's statements are at the `=`: column pad + 3
      expect(words(clang)).toEqual(expect.arrayContaining(PADS.map((p, k) => packed(FIRST + k, p + 3))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!canUseKernel())('loads into the kernel', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-cols-'));
    try {
      writeFileSync(join(tmp, 'long.o'), r.object as Uint8Array);
      await withBpffsDir((dir) => run(BPFTOOL, ['prog', 'load', join(tmp, 'long.o'), join(dir, 'longline'), 'type', 'xdp']));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
