import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { decodeElf } from '../../runtime/elf/index.js';
import { memoryIo } from '../helpers/io.js';
import { BPFTOOL, hasTool, run } from '../helpers/tools.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const objects = [
  ...readdirSync(join(FIXTURES, 'clang')).filter((f) => f.endsWith('.o')).map((f) => join(FIXTURES, 'clang', f)),
  join(FIXTURES, 'elf/rich.o'),
];
const hasBpftool = hasTool(BPFTOOL);

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe.skipIf(!hasBpftool)('ebpfc btf agrees with bpftool btf dump file', () => {
  it.each(objects)('%s', async (path) => {
    const ours = await cli('btf', path);
    expect(ours.code).toBe(0);
    expect(ours.out).toBe(run(BPFTOOL, ['btf', 'dump', 'file', path]));
  });

  it.each(objects.slice(0, 2))('--json on %s', async (path) => {
    const ours = await cli('btf', '--json', path);
    expect(JSON.parse(ours.out)).toEqual(JSON.parse(run(BPFTOOL, ['-j', 'btf', 'dump', 'file', path])));
  });

  it('reads a raw BTF file too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebpfc-btf-'));
    try {
      const elf = decodeElf(new Uint8Array(readFileSync(join(FIXTURES, 'elf/rich.o'))));
      const raw = join(dir, 'raw.btf');
      writeFileSync(raw, elf.sections.find((s) => s.name === '.BTF')?.data ?? new Uint8Array(0));
      expect((await cli('btf', raw)).out).toBe(run(BPFTOOL, ['btf', 'dump', 'file', raw]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ebpfc btf', () => {
  it('prints the map definition types of a hand-checked object', async () => {
    const { code, out } = await cli('btf', join(FIXTURES, 'elf/rich.o'));
    expect(code).toBe(0);
    expect(out).toMatch(/^\[\d+\] VAR 'counts' type_id=\d+, linkage=global$/m);
    expect(out).toMatch(/^\[\d+\] DATASEC '.maps' size=0 vlen=5$/m);
  });

  it('fails with exit 1 on an object without .BTF', async () => {
    const r = await cli('btf', join(FIXTURES, 'elf/minimal.o'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: btf: '.*minimal.o' has no .BTF section\n$/);
  });
});
