import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { decodeObject } from '../../runtime/object/index.js';
import { memoryIo } from '../helpers/io.js';
import { BPFTOOL, OBJDUMP, canUseKernel, hasTool, run, withBpffsDir } from '../helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'ebpfc-asm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function assembleFile(name: string, text: string, ...extra: string[]): Promise<{ code: number; err: string; obj: string }> {
  const src = join(dir, `${name}.s`);
  const obj = join(dir, `${name}.o`);
  writeFileSync(src, text);
  const r = await cli('asm', src, '-o', obj, ...extra);
  return { code: r.code, err: r.err, obj };
}

// counts packets by (first byte & 3) in an array map, then returns XDP_PASS through a .text subprogram
const COUNTER = `# packet counter
.map counts array 4 8 4
.license GPL
.section xdp
.globl count
count:
    r6 = r1
    r2 = *(u32 *)(r6 + 0)
    r3 = *(u32 *)(r6 + 4)
    r4 = r2
    r4 += 14
    r0 = 1                      // XDP_DROP for short packets
    if r4 > r3 goto out
    r1 = *(u8 *)(r2 + 0)
    r1 &= 3
    *(u32 *)(r10 - 4) = r1
    r2 = r10
    r2 += -4
    r1 = counts ll
    call 1
    if r0 == 0 goto skip
    r1 = 1
    lock *(u64 *)(r0 + 0) += r1
skip:
    r1 = 1
    call double
out:
    exit
.section .text
.local double
double:
    r0 = r1
    r0 *= 2
    exit
`;

describe('ebpfc asm', () => {
  it('assembles functions, maps, calls across sections and a license into a loadable object', async () => {
    const { code, err, obj } = await assembleFile('counter', COUNTER);
    expect(err).toBe('');
    expect(code).toBe(0);
    const spec = decodeObject(new Uint8Array(readFileSync(obj)));
    expect(spec.programs.map((p) => [p.name, p.insns.length, p.functions])).toEqual([
      ['.text', 3, [{ name: 'double', offset: 0, size: 3, linkage: 'static', hidden: false }]],
      ['xdp', 21, [{ name: 'count', offset: 0, size: 21, linkage: 'global', hidden: false }]],
    ]);
    expect(spec.programs[1]?.relocations).toEqual([
      { kind: 'map', offset: 12, map: 'counts' },
      { kind: 'call', offset: 19, section: '.text', target: 0, symbol: 'double' },
    ]);
    expect(spec.maps).toEqual([
      { name: 'counts', type: 2, keySize: 4, valueSize: 8, maxEntries: 4, flags: 0, numaNode: 0, pinning: 0, mapExtra: 0n, btfKeyType: 0, btfValueType: 0, values: [] },
    ]);
    expect(spec.license).toEqual({ text: 'GPL', size: 4, symbol: 'LICENSE' });
    // jumps resolved inside the section: `if r4 > r3 goto out` at pc 6 → out at pc 20
    expect(spec.programs[1]?.insns[6]).toMatchObject({ code: 0x2d, off: 13 });
  });

  it.skipIf(!hasTool(OBJDUMP))('writes an object llvm-objdump-16 lists like ebpfc objdump does', async () => {
    const { obj } = await assembleFile('counter2', COUNTER);
    const ref = run(OBJDUMP, ['-d', '-r', '--no-print-imm-hex', obj]);
    expect((await cli('objdump', '-r', obj)).out).toBe(ref);
    expect(ref).toContain('R_BPF_64_64\tcounts');
    expect(ref).toContain('R_BPF_64_32\tdouble');
    expect(ref).toContain('lock *(u64 *)(r0 + 0) += r1');
  });

  it.skipIf(!canUseKernel())('the object loads into the kernel and counts packets', async () => {
    const { obj } = await assembleFile('counter3', COUNTER);
    const pkt = join(dir, 'pkt.bin');
    writeFileSync(pkt, new Uint8Array([2, ...new Array<number>(13).fill(0), 1, 2, 3, 4]));
    await withBpffsDir((pins) => {
      run(BPFTOOL, ['prog', 'loadall', obj, join(pins, 'p'), 'pinmaps', join(pins, 'm')]);
      for (let i = 0; i < 3; i++) {
        expect(run(BPFTOOL, ['prog', 'run', 'pinned', join(pins, 'p', 'count'), 'data_in', pkt, 'repeat', '1'])).toMatch(/Return value: 2,/);
      }
      const dump = JSON.parse(run(BPFTOOL, ['-j', 'map', 'dump', 'pinned', join(pins, 'm', 'counts')])) as { key: string[]; value: string[] }[];
      expect(dump[2]?.value[0]).toBe('0x03');
    });
  });

  it('makes a file without function labels one global function main (conformance syntax too)', async () => {
    const { code, obj } = await assembleFile('conf', 'mov %r0, 1\nadd %r0, 2\nexit\n', '--section', 'socket');
    expect(code).toBe(0);
    const spec = decodeObject(new Uint8Array(readFileSync(obj)));
    expect(spec.programs).toHaveLength(1);
    expect(spec.programs[0]).toMatchObject({ name: 'socket', functions: [{ name: 'main', offset: 0, size: 3, linkage: 'global' }] });
    expect(spec.programs[0]?.insns[1]).toEqual({ code: 0x07, dst: 0, src: 0, off: 0, imm: 2 });
  });

  it('turns `r1 = label ll` into a callback relocation', async () => {
    const text = '.globl main\nmain:\n r1 = 4\n r2 = cb ll\n r3 = 0\n r4 = 0\n call 181\n exit\n.section .text\n.local cb\ncb:\n r0 = 0\n exit\n';
    const { code, err, obj } = await assembleFile('cb', text);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(decodeObject(new Uint8Array(readFileSync(obj))).programs[1]?.relocations).toEqual([{ kind: 'callback', offset: 1, section: '.text', target: 0, symbol: 'cb' }]);
  });

  const errors: [string, string, RegExp][] = [
    ['unknown symbol', 'r1 = nosuch ll\nexit\n', /^error: asm: .*bad1\.s:1:\d+: unknown symbol 'nosuch' \(declare maps with \.map/],
    ['unknown directive', '.word 5\nexit\n', /^error: asm: .*bad2\.s:1: unknown directive '\.word'/],
    ['unknown map type', '.map m nosuchtype 4 4 1\nexit\n', /^error: asm: .*bad3\.s:1: unknown map type 'nosuchtype'/],
    ['code before the first function', '.globl f\n r0 = 0\nf:\n exit\n', /^error: asm: .*bad4\.s:3: section 'xdp' has instructions before its first function label/],
    ['an assembler error, with position', '.globl f\nf:\n r0 = = 1\n exit\n', /^error: asm: .*bad5\.s:3:\d+: /],
    ['a declared function without label', '.globl f\n.globl g\nf:\n exit\n', /^error: asm: .*bad6\.s:2: function 'g' is declared but has no label/],
  ];
  it.each(errors.map(([what, text, re], i) => [what, text, re, `bad${i + 1}`] as const))('reports %s in one line, exit 1', async (_, text, re, name) => {
    const { code, err } = await assembleFile(name, text);
    expect(code).toBe(1);
    expect(err).toMatch(re);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('needs -o', async () => {
    const src = join(dir, 'noout.s');
    writeFileSync(src, 'exit\n');
    const r = await cli('asm', src);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/required option '-o, --output <file>'/);
  });
});
