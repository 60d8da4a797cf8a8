import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BPF_ATTACH_TYPE as A, BPF_PROG_TYPE as P, assembleObject, encodeObject, progTypeName, sectionDefOf } from '../../../runtime/object/index.js';
import { BPFTOOL, canUseKernel, run, withBpffsDir } from '../../helpers/tools.js';

describe('sectionDefOf (libbpf section_defs / sec_def_matches)', () => {
  it.each([
    ['xdp', P.BPF_PROG_TYPE_XDP, A.BPF_XDP],
    ['xdp.frags', P.BPF_PROG_TYPE_XDP, A.BPF_XDP],
    ['xdp/devmap', P.BPF_PROG_TYPE_XDP, A.BPF_XDP_DEVMAP],
    ['tc', P.BPF_PROG_TYPE_SCHED_CLS, 0],
    ['tcx/ingress', P.BPF_PROG_TYPE_SCHED_CLS, A.BPF_TCX_INGRESS],
    ['classifier', P.BPF_PROG_TYPE_SCHED_CLS, 0],
    ['socket', P.BPF_PROG_TYPE_SOCKET_FILTER, 0],
    ['sk_skb/stream_verdict', P.BPF_PROG_TYPE_SK_SKB, A.BPF_SK_SKB_STREAM_VERDICT],
    ['cgroup_skb/egress', P.BPF_PROG_TYPE_CGROUP_SKB, A.BPF_CGROUP_INET_EGRESS],
    ['kprobe', P.BPF_PROG_TYPE_KPROBE, 0],
    ['kprobe/do_sys_open', P.BPF_PROG_TYPE_KPROBE, 0],
    ['tp/syscalls/sys_enter_openat', P.BPF_PROG_TYPE_TRACEPOINT, 0],
    ['fentry/tcp_connect', P.BPF_PROG_TYPE_TRACING, A.BPF_TRACE_FENTRY],
    ['netfilter', P.BPF_PROG_TYPE_NETFILTER, A.BPF_NETFILTER],
  ])('%s', (name, type, attach) => {
    expect(sectionDefOf(name)).toMatchObject({ progType: type, expectedAttachType: attach, autoload: true });
  });

  it('needs an exact match for plain patterns and a separator for "+" patterns', () => {
    expect(sectionDefOf('xdp_pass')).toBeUndefined();
    expect(sectionDefOf('xdp/foo')).toBeUndefined();
    expect(sectionDefOf('kprobefoo')).toBeUndefined();
    expect(sectionDefOf('tcx')).toBeUndefined();
    expect(sectionDefOf('.text')).toBeUndefined();
  });

  it('takes a leading ? as "do not autoload" and flags sleepable and frags variants', () => {
    expect(sectionDefOf('?xdp')).toMatchObject({ progType: P.BPF_PROG_TYPE_XDP, autoload: false });
    expect(sectionDefOf('fentry.s/foo')).toMatchObject({ sleepable: true });
    expect(sectionDefOf('xdp.frags')).toMatchObject({ xdpFrags: true, sleepable: false });
  });

  it('names program types', () => {
    expect(progTypeName(6)).toBe('BPF_PROG_TYPE_XDP');
    expect(progTypeName(99)).toBeUndefined();
  });
});

// libbpf 1.1 (bpftool 7.1) guesses the type from the section name when none is given: load a trivial
// program from each networking section and ask the kernel what it became.
describe.skipIf(!canUseKernel())('sectionDefOf agrees with libbpf (bpftool prog load without a type)', () => {
  const names = ['xdp', 'tc', 'classifier', 'socket', 'sk_skb', 'cgroup_skb/ingress', 'cgroup/skb', 'lwt_in', 'lwt_xmit', 'sockops', 'action'];
  it.each(names)('%s', async (section) => {
    const dir = mkdtempSync(join(tmpdir(), 'ebpfc-sec-'));
    try {
      const obj = join(dir, 'p.o');
      writeFileSync(obj, encodeObject(assembleObject('r0 = 0\nexit\n.license GPL\n', { section })));
      await withBpffsDir((pins) => {
        run(BPFTOOL, ['prog', 'load', obj, join(pins, 'p')]);
        const info = JSON.parse(run(BPFTOOL, ['-j', 'prog', 'show', 'pinned', join(pins, 'p')])) as { type: string };
        const def = sectionDefOf(section);
        expect(def).toBeDefined();
        expect(info.type).toBe(progTypeName(def?.progType ?? -1)?.replace('BPF_PROG_TYPE_', '').toLowerCase());
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
