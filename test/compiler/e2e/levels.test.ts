// Programs at optimisation levels and cpu versions other than the default, where they once failed
// (scripts/matrix.ts runs the whole -O0/-O1/-O2 × v1–v4 matrix; this keeps one configuration per
// failure and cause): compiled by compileC, run in our VM and — with root and bpftool — loaded into the
// kernel with bpftool prog loadall (its verifier must accept them) and run there, each compared with the
// kernel's recorded run of clang-16 -O2's object (harness.ts compareRuns).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileC, createPreprocessCache } from '../../../compiler/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';
import { runInKernelBatched } from '../../corpus/batch-kernel.js';
import { canUseKernel } from '../../helpers/tools.js';
import { CORPUS, EXAMPLES, caseForOurs, compareRuns, vmRun, type Program } from './harness.js';

type Config = readonly [name: string, level: 0 | 1 | 2, mcpu: 1 | 2 | 3 | 4, cause: string];

const CASES: readonly Config[] = [
  // the kernel's verifier refused them
  ['xdp_loop_tenants', 2, 1, 'a second zero extension of the callback index after its bounds check'],
  ['xdp_loop_tenants', 1, 2, 'a second zero extension of the callback index after its bounds check'],
  ['xdp_loop_tenants', 0, 3, 'the index compared in one register, used zero-extended in another'],
  ['xdp_ipv6_exthdr', 1, 3, 'a struct field loaded again after its bounds check (no CSE at -O1)'],
  ['xdp_ipv6_exthdr', 0, 4, 'a struct field loaded again after its bounds check (no CSE at -O0)'],
  ['xdp_sctp_crc', 1, 4, 'a packet byte loaded again after its bounds check (no CSE at -O1)'],
  ['xdp_sctp_crc', 0, 1, 'a signed bounds check and the index it guards sign-extended twice'],
  ['xdp_icmp_echo', 0, 2, 'a 32-bit variable in an unaligned stack slot: its bounds lost'],
  ['xdp_mpls_lsr', 0, 1, 'a loop counter in an unaligned stack slot: its bounds lost'],
  ['xdp_cms_sketch', 0, 4, 'an index in an unaligned stack slot: its bounds lost'],
  ['xdp_dns_filter', 0, 1, 'an offset in an unaligned stack slot: its bounds lost'],
  ['xdp_mac_acl', 0, 3, 'an index in an unaligned stack slot: its bounds lost'],
  ['xdp_ipv4_options', 0, 2, 'an option offset in an unaligned stack slot: its bounds lost'],
  ['xdp_katran_mini', 0, 4, 'an offset in an unaligned stack slot: its bounds lost'],
  ['xdp_int_telemetry', 0, 3, 'the verifier gave up (EFAULT) on the -O0 code'],
  ['xdp_port_alloc', 0, 3, 'a variable read before written shared a slot with a spilled pointer'],
  // our own compiler refused it: 64-bit atomic OR before v3 (clang-16 emits it, the kernel accepts it)
  ['xdp_flow_lru', 2, 1, 'B2005 for a 64-bit atomic or'],
  // miscompiled: an inlined callee's pointer argument shared its stack slot with the object it pointed to
  ['tc_resize', 0, 2, 'stack slot shared with an object whose address was stored in memory'],
  ['xdp_dnat', 0, 3, 'stack slot shared with an object whose address was stored in memory'],
  ['xdp_vlan_parse', 0, 1, 'stack slot shared with an object whose address was stored in memory'],
];

const programs = new Map<string, Program>([...EXAMPLES(), ...CORPUS()].map((p) => [p.name, p]));
const cache = createPreprocessCache();
const fs = nodeFileSystem();
const KERNEL = canUseKernel();

describe('programs at the configurations that once failed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-levels-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES.map((c) => [`${c[0]} -O${c[1]} v${c[2]}`, c] as const))('%s', async (label, [name, level, mcpu]) => {
    const p = programs.get(name);
    expect(p, `${name} is an example or corpus program`).toBeDefined();
    const prog = p as Program;
    const r = compileC(readFileSync(prog.source, 'utf8'), { path: prog.source, fs, cache, optLevel: level, mcpu });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const object = r.object as Uint8Array;
    const spec = r.spec!;
    const c = caseForOurs(prog.case, prog.clang, spec);
    compareRuns(prog, vmRun(object, c), spec, false);
    if (!KERNEL) return;
    const path = join(dir, `${label.replace(/\W+/g, '_')}.o`);
    writeFileSync(path, object);
    compareRuns(prog, await runInKernelBatched(path, c), spec, true);
  }, 120_000);
});
