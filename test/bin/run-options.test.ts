// `ebpfc run --xdp-meta-max` and `--seed`: the metadata limit of bpf_xdp_adjust_meta (32 bytes, the
// original limit and the default; 255 on Linux 6.x, checked against the running kernel's test run where
// bpftool and root exist) and the seed of bpf_get_prandom_u32 (runs repeat exactly for one seed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { memoryIo } from '../helpers/io.js';
import { runInKernel } from '../helpers/kernel.js';
import { canUseKernel } from '../helpers/tools.js';

// r0 = bpf_xdp_adjust_meta(ctx, -64) (helper 54): 0, or -EACCES when 64 bytes exceed the limit
const META = `
.license GPL
.section xdp
.globl meta64
meta64:
    r2 = -64
    call 54
    exit
`;

// r0 = bpf_get_prandom_u32() (helper 7)
const RANDOM = `
.license GPL
.section xdp
.globl random
random:
    call 7
    exit
`;

const PACKET = '0000000000020000000000010800' + '45000014000000004011000000000001c0a80101';
const EACCES = 13;
const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-run-options-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const json = (out: string): Record<string, unknown>[] => out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

async function assemble(name: string, text: string): Promise<string> {
  const src = join(tmp, `${name}.s`);
  const obj = join(tmp, `${name}.o`);
  writeFileSync(src, text);
  const r = await cli('asm', src, '-o', obj);
  expect(r).toMatchObject({ code: 0, err: '' });
  return obj;
}

describe('ebpfc run options', () => {
  let meta = '';
  let random = '';
  beforeAll(async () => {
    meta = await assemble('meta', META);
    random = await assemble('random', RANDOM);
  });

  it('refuses 64 bytes of XDP metadata by default (limit 32) and allows them with --xdp-meta-max 255', async () => {
    const dflt = await cli('run', meta, '--json', '--packet', PACKET);
    expect(dflt.code).toBe(0);
    expect(json(dflt.out)).toEqual([{ retval: 2 ** 32 - EACCES, packet: PACKET }]);
    const newer = await cli('run', meta, '--json', '--xdp-meta-max', '255', '--packet', PACKET);
    expect(json(newer.out)).toEqual([{ retval: 0, packet: PACKET, meta: '00'.repeat(64) }]);
  });

  it.skipIf(!canUseKernel())('with --xdp-meta-max 255 gives what this kernel (Linux 6.x) gives', async () => {
    const k = await runInKernel(meta, { prog: 'meta64', packets: [{ hex: PACKET }] });
    const r = await cli('run', meta, '--json', '--xdp-meta-max', '255', '--packet', PACKET);
    const [ours] = json(r.out) as { retval: number; packet: string; meta?: string }[];
    // the kernel's test run returns data_meta..data_end: the metadata, then the packet
    expect([{ retval: ours!.retval, packet: (ours!.meta ?? '') + ours!.packet }]).toEqual(k.results);
  });

  it('rejects other metadata limits with one error line', async () => {
    const r = await cli('run', meta, '--xdp-meta-max', '64', '--packet', PACKET);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: run: --xdp-meta-max is 32 or 255, not 64\n');
  });

  it('repeats bpf_get_prandom_u32 for one --seed and changes with the seed', async () => {
    const draw = async (seed: string): Promise<number[]> => {
      const r = await cli('run', random, '--json', '--seed', seed, '--packet', PACKET, '--packet', PACKET);
      expect(r.code).toBe(0);
      return json(r.out).map((l) => l.retval as number);
    };
    const a = await draw('1');
    expect(await draw('1')).toEqual(a);
    expect(a[0]).not.toBe(a[1]);
    expect(await draw('2')).not.toEqual(a);
    expect(await draw('0')).toEqual(json((await cli('run', random, '--json', '--packet', PACKET, '--packet', PACKET)).out).map((l) => l.retval));
  });
});
