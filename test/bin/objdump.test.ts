import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { memoryIo } from '../helpers/io.js';
import { OBJDUMP, hasTool, run } from '../helpers/tools.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const objects = ['clang', 'corpus/clang', 'elf'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.o') && f !== 'rela_x86.o')
    .map((f) => join(FIXTURES, dir, f)),
);

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const normalise = (s: string): string => s.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).join('\n');

describe.skipIf(!hasTool(OBJDUMP))('ebpfc objdump agrees with llvm-objdump-16', () => {
  it.each(objects)('-r on %s', async (path) => {
    const ours = await cli('objdump', '-r', path);
    expect(ours.code).toBe(0);
    expect(normalise(ours.out)).toBe(normalise(run(OBJDUMP, ['-d', '-r', '--no-print-imm-hex', path])));
  });

  it.each(objects.filter((p) => p.includes('/clang/')))('--print-imm-hex on %s', async (path) => {
    const ours = await cli('objdump', '-r', '--print-imm-hex', path);
    expect(normalise(ours.out)).toBe(normalise(run(OBJDUMP, ['-d', '-r', path])));
  });

  it('without -r prints no relocation lines', async () => {
    const path = join(FIXTURES, 'elf/rich.o');
    const ours = await cli('objdump', path);
    expect(ours.out).not.toMatch(/R_BPF/);
    expect(normalise(ours.out)).toBe(normalise(run(OBJDUMP, ['-d', '--no-print-imm-hex', path])));
  });
});

describe('ebpfc objdump', () => {
  const rich = join(FIXTURES, 'elf/rich.o');

  it('prints exactly the llvm-objdump lines of a hand-checked object', async () => {
    const { code, out } = await cli('objdump', '-r', join(FIXTURES, 'elf/minimal.o'));
    expect(code).toBe(0);
    expect(out).toBe(
      `\n${join(FIXTURES, 'elf/minimal.o')}:\tfile format elf64-bpf\n\nDisassembly of section xdp:\n\n0000000000000000 <p>:\n` +
        '       0:\tb7 00 00 00 02 00 00 00\tr0 = 2\n       1:\t95 00 00 00 00 00 00 00\texit\n',
    );
  });

  it('-S interleaves the source lines of .BTF.ext', async () => {
    const { out } = await cli('objdump', '-S', rich);
    const lines = out.split('\n');
    const at = lines.indexOf('0000000000000000 <xdp_main>:');
    expect(lines[at + 1]).toBe('; int xdp_main(struct xdp_md *ctx) {');
    expect(lines).toContain('; static __attribute__((noinline)) int sub1(int x) { return x * 3 + sdata[x & 3]; }');
  });

  it('--json gives the listing with relocations and source lines', async () => {
    const { code, out } = await cli('objdump', '--json', rich);
    expect(code).toBe(0);
    const j = JSON.parse(out) as { file: string; sections: { name: string; insns: { pc: number; bytes: string; text: string; symbol?: string; relocations: unknown[]; source?: { line: number } }[] }[] };
    expect(j.file).toBe(rich);
    expect(j.sections.map((s) => s.name)).toEqual(['.text', 'xdp']);
    const xdp = j.sections[1];
    expect(xdp?.insns[0]).toMatchObject({ pc: 0, symbol: 'xdp_main', source: { line: 52 } });
    const ld = xdp?.insns.find((i) => i.pc === 11);
    expect(ld).toMatchObject({ bytes: '18010000000000000000000000000000', text: 'r1 = 0 ll', relocations: [{ offset: 88, type: 'R_BPF_64_64', symbol: 'counts' }] });
  });

  it('fails with exit 1 and one line for a missing file or a non-object', async () => {
    const missing = await cli('objdump', join(FIXTURES, 'no-such.o'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: objdump: cannot read '.*no-such.o'/);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    const notElf = await cli('objdump', join(FIXTURES, 'elf/rich.bpf.c'));
    expect(notElf.code).toBe(1);
    expect(notElf.err).toBe('error: elf: not an ELF file (bad magic number)\n');
    const x86 = await cli('objdump', join(FIXTURES, 'elf/rela_x86.o'));
    expect(x86.err).toBe('error: object: not a BPF object (e_machine 62)\n');
  });
});
