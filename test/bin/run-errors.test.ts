// `ebpfc run` on bad input: malformed objects, unknown map types, unknown helpers, bad hex, missing
// files and bad flags each give exactly one clear error line on stderr and exit 1 — never a stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { assembleObject, encodeObject } from '../../runtime/object/index.js';
import { BPF_MAP_TYPE } from '../../runtime/maps/index.js';
import { memoryIo } from '../helpers/io.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const ECHO = join(FIXTURES, 'clang/xdp_icmp_echo.o');
const PKT = '020000000002020000000001080045000024123400004011';
const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-run-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, data: Uint8Array | string): string {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const unknownMapType = (): string => {
  const spec = assembleObject(`.map weird ${BPF_MAP_TYPE.BPF_MAP_TYPE_CGRP_STORAGE} 4 4 4\n.section xdp\n.globl main\nmain:\n  r0 = 2\n  exit\n`);
  return file('cgrp.o', encodeObject(spec));
};

const CASES: [string, () => string[], RegExp][] = [
  ['a missing object file', () => ['run', join(tmp, 'nope.o'), '--packet', PKT], /^error: run: cannot read '.*nope\.o': ENOENT/],
  ['a file that is not an ELF object', () => ['run', file('junk.o', 'this is not an object'), '--packet', PKT], /^error: (elf|object): /],
  ['a truncated object', () => ['run', file('trunc.o', encodeObject(assembleObject('r0 = 2\nexit\n')).subarray(0, 100)), '--packet', PKT], /^error: (elf|object): /],
  ['an unsupported map type', () => ['run', unknownMapType(), '--packet', PKT], /^error: load maps: map "weird": map type cgrp_storage \(32\) is not supported$/],
  ['an unknown map type', () => ['run', file('m99.o', encodeObject(assembleObject('.map odd 99 4 4 4\n.section xdp\n.globl main\nmain:\n  r0 = 2\n  exit\n'))), '--packet', PKT],
    /^error: load maps: map "odd": unknown map type 99$/],
  ['an unknown helper', () => ['run', file('helper.o', encodeObject(assembleObject('r0 = 0\ncall 777\nexit\n'))), '--packet', PKT],
    /^error: load programs: program "main": insn 1: invalid func unknown#777$/],
  ['a helper the program type may not call', () => ['run', file('xdpskb.o', encodeObject(assembleObject('r0 = 0\ncall 9\nexit\n.license GPL\n'))), '--packet', PKT],
    /^error: load programs: program "main": insn 1: program of this type cannot use helper bpf_skb_store_bytes#9$/],
  ['a GPL-only helper without a GPL license', () => ['run', file('nogpl.o', encodeObject(assembleObject('r0 = 0\ncall 6\nexit\n'))), '--packet', PKT],
    /^error: load programs: program "main": insn 1: cannot call GPL-restricted function from non-GPL compatible program$/],
  ['bad packet hex', () => ['run', ECHO, '--packet', 'zz11'], /^error: run: --packet #1: "zz11" is not hex$/],
  ['odd packet hex', () => ['run', ECHO, '--packet', PKT, '--packet', 'abc'], /^error: run: --packet #2: "abc" has an odd number of hex digits$/],
  ['an unknown flag', () => ['run', ECHO, '--bogus'], /^error: unknown option '--bogus'$/],
  ['a bad --cpus', () => ['run', ECHO, '--packet', PKT, '--cpus', 'two'], /^error: run: --cpus takes a whole number from 1 to 4,096, not "two"$/],
  ['a zero --repeat', () => ['run', ECHO, '--packet', PKT, '--repeat', '0'], /^error: run: --repeat takes a whole number/],
  ['an incomplete --map-update', () => ['run', ECHO, '--packet', PKT, '--map-update', 'm', '00'], /^error: run: --map-update takes three values/],
  ['an update of a missing map', () => ['run', ECHO, '--packet', PKT, '--map-update', 'm', '00', '00'], /^error: map update: no map named "m" \(maps: none\)$/],
  ['an unknown program', () => ['run', ECHO, '--packet', PKT, '--prog', 'nope'], /^error: load programs: no program named "nope" \(programs: xdp_icmp_echo\)$/],
  ['an unknown program type', () => ['run', ECHO, '--packet', PKT, '--prog-type', 'toaster'], /^error: load: unknown program type "toaster"$/],
  ['no packets', () => ['run', ECHO], /^error: run: no packets: give --packet HEX or --pcap FILE/],
  ['--packet and --pcap together', () => ['run', ECHO, '--packet', PKT, '--pcap', ECHO], /^error: run: give packets with --packet or with --pcap, not both$/],
  ['a capture that is not one', () => ['run', ECHO, '--pcap', file('x.pcap', 'garbage!')], /^error: pcap: not a pcap or pcapng file/],
  ['a missing capture', () => ['run', ECHO, '--pcap', join(tmp, 'none.pcap')], /^error: run: cannot read '.*none\.pcap'/],
  ['a program type the VM cannot run', () => ['run', file('kp.o', encodeObject(assembleObject('r0 = 0\nexit\n', { section: 'kprobe/foo' }))), '--packet', PKT],
    /^error: run: program "main": running kprobe programs on packets is not supported \(xdp, tc and socket filters are\)$/],
];

describe('ebpfc run: one clear error line and exit 1', () => {
  it.each(CASES)('%s', async (_name, argv, message) => {
    const r = await cli(...argv());
    expect(r.code).toBe(1);
    expect(r.err.trimEnd()).toMatch(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
