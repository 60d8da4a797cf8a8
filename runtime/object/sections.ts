// Section name → program type, as libbpf's section_defs[] and sec_def_matches() decide it (libbpf
// src/libbpf.c, current; reference §1.3). In: an ELF section name such as "xdp", "tc", "kprobe/foo",
// "?tcx/ingress". Out: the program type, expected attach type and flags, or undefined when libbpf would
// not recognise the name (legacy names like "xdp_pass" need an explicit program type).
//
// Matching: a pattern ending in '/' needs that prefix; one ending in '+' matches the bare name or
// "name/anything"; any other pattern must match exactly. The first matching row wins. A leading '?' means
// "do not load automatically" and is not part of the name that is matched.

/** enum bpf_prog_type (uapi <linux/bpf.h>). */
export const BPF_PROG_TYPE = {
  BPF_PROG_TYPE_UNSPEC: 0, BPF_PROG_TYPE_SOCKET_FILTER: 1, BPF_PROG_TYPE_KPROBE: 2, BPF_PROG_TYPE_SCHED_CLS: 3,
  BPF_PROG_TYPE_SCHED_ACT: 4, BPF_PROG_TYPE_TRACEPOINT: 5, BPF_PROG_TYPE_XDP: 6, BPF_PROG_TYPE_PERF_EVENT: 7,
  BPF_PROG_TYPE_CGROUP_SKB: 8, BPF_PROG_TYPE_CGROUP_SOCK: 9, BPF_PROG_TYPE_LWT_IN: 10, BPF_PROG_TYPE_LWT_OUT: 11,
  BPF_PROG_TYPE_LWT_XMIT: 12, BPF_PROG_TYPE_SOCK_OPS: 13, BPF_PROG_TYPE_SK_SKB: 14, BPF_PROG_TYPE_CGROUP_DEVICE: 15,
  BPF_PROG_TYPE_SK_MSG: 16, BPF_PROG_TYPE_RAW_TRACEPOINT: 17, BPF_PROG_TYPE_CGROUP_SOCK_ADDR: 18,
  BPF_PROG_TYPE_LWT_SEG6LOCAL: 19, BPF_PROG_TYPE_LIRC_MODE2: 20, BPF_PROG_TYPE_SK_REUSEPORT: 21,
  BPF_PROG_TYPE_FLOW_DISSECTOR: 22, BPF_PROG_TYPE_CGROUP_SYSCTL: 23, BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE: 24,
  BPF_PROG_TYPE_CGROUP_SOCKOPT: 25, BPF_PROG_TYPE_TRACING: 26, BPF_PROG_TYPE_STRUCT_OPS: 27, BPF_PROG_TYPE_EXT: 28,
  BPF_PROG_TYPE_LSM: 29, BPF_PROG_TYPE_SK_LOOKUP: 30, BPF_PROG_TYPE_SYSCALL: 31, BPF_PROG_TYPE_NETFILTER: 32,
} as const;

/** enum bpf_attach_type (uapi <linux/bpf.h>). */
export const BPF_ATTACH_TYPE = {
  BPF_CGROUP_INET_INGRESS: 0, BPF_CGROUP_INET_EGRESS: 1, BPF_CGROUP_INET_SOCK_CREATE: 2, BPF_CGROUP_SOCK_OPS: 3,
  BPF_SK_SKB_STREAM_PARSER: 4, BPF_SK_SKB_STREAM_VERDICT: 5, BPF_CGROUP_DEVICE: 6, BPF_SK_MSG_VERDICT: 7,
  BPF_CGROUP_INET4_BIND: 8, BPF_CGROUP_INET6_BIND: 9, BPF_CGROUP_INET4_CONNECT: 10, BPF_CGROUP_INET6_CONNECT: 11,
  BPF_CGROUP_INET4_POST_BIND: 12, BPF_CGROUP_INET6_POST_BIND: 13, BPF_CGROUP_UDP4_SENDMSG: 14,
  BPF_CGROUP_UDP6_SENDMSG: 15, BPF_LIRC_MODE2: 16, BPF_FLOW_DISSECTOR: 17, BPF_CGROUP_SYSCTL: 18,
  BPF_CGROUP_UDP4_RECVMSG: 19, BPF_CGROUP_UDP6_RECVMSG: 20, BPF_CGROUP_GETSOCKOPT: 21, BPF_CGROUP_SETSOCKOPT: 22,
  BPF_TRACE_RAW_TP: 23, BPF_TRACE_FENTRY: 24, BPF_TRACE_FEXIT: 25, BPF_MODIFY_RETURN: 26, BPF_LSM_MAC: 27,
  BPF_TRACE_ITER: 28, BPF_CGROUP_INET4_GETPEERNAME: 29, BPF_CGROUP_INET6_GETPEERNAME: 30,
  BPF_CGROUP_INET4_GETSOCKNAME: 31, BPF_CGROUP_INET6_GETSOCKNAME: 32, BPF_XDP_DEVMAP: 33,
  BPF_CGROUP_INET_SOCK_RELEASE: 34, BPF_XDP_CPUMAP: 35, BPF_SK_LOOKUP: 36, BPF_XDP: 37, BPF_SK_SKB_VERDICT: 38,
  BPF_SK_REUSEPORT_SELECT: 39, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE: 40, BPF_PERF_EVENT: 41,
  BPF_TRACE_KPROBE_MULTI: 42, BPF_LSM_CGROUP: 43, BPF_STRUCT_OPS: 44, BPF_NETFILTER: 45, BPF_TCX_INGRESS: 46,
  BPF_TCX_EGRESS: 47, BPF_TRACE_UPROBE_MULTI: 48, BPF_CGROUP_UNIX_CONNECT: 49, BPF_CGROUP_UNIX_SENDMSG: 50,
  BPF_CGROUP_UNIX_RECVMSG: 51, BPF_CGROUP_UNIX_GETPEERNAME: 52, BPF_CGROUP_UNIX_GETSOCKNAME: 53,
  BPF_NETKIT_PRIMARY: 54, BPF_NETKIT_PEER: 55,
} as const;

export interface SectionDef {
  /** The libbpf pattern that matched ("xdp", "kprobe+", "cgroup/…"). */
  pattern: string;
  progType: number;
  expectedAttachType: number;
  /** SEC_SLEEPABLE (".s" variants) and SEC_XDP_FRAGS ("xdp.frags…"). */
  sleepable: boolean;
  xdpFrags: boolean;
  /** False when the section name starts with '?'. */
  autoload: boolean;
}

const P = BPF_PROG_TYPE;
const A = BPF_ATTACH_TYPE;
const S = 1; // sleepable
const F = 2; // xdp frags

/** libbpf's section_defs[], in its order: [pattern, prog type, expected attach type, flags]. */
const SECTION_DEFS: readonly (readonly [string, number, number, number])[] = [
  ['socket', P.BPF_PROG_TYPE_SOCKET_FILTER, 0, 0],
  ['sk_reuseport/migrate', P.BPF_PROG_TYPE_SK_REUSEPORT, A.BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, 0],
  ['sk_reuseport', P.BPF_PROG_TYPE_SK_REUSEPORT, A.BPF_SK_REUSEPORT_SELECT, 0],
  ['kprobe+', P.BPF_PROG_TYPE_KPROBE, 0, 0],
  ['uprobe+', P.BPF_PROG_TYPE_KPROBE, 0, 0],
  ['uprobe.s+', P.BPF_PROG_TYPE_KPROBE, 0, S],
  ['kretprobe+', P.BPF_PROG_TYPE_KPROBE, 0, 0],
  ['uretprobe+', P.BPF_PROG_TYPE_KPROBE, 0, 0],
  ['uretprobe.s+', P.BPF_PROG_TYPE_KPROBE, 0, S],
  ['kprobe.multi+', P.BPF_PROG_TYPE_KPROBE, A.BPF_TRACE_KPROBE_MULTI, 0],
  ['kretprobe.multi+', P.BPF_PROG_TYPE_KPROBE, A.BPF_TRACE_KPROBE_MULTI, 0],
  ['uprobe.multi+', P.BPF_PROG_TYPE_KPROBE, A.BPF_TRACE_UPROBE_MULTI, 0],
  ['uretprobe.multi+', P.BPF_PROG_TYPE_KPROBE, A.BPF_TRACE_UPROBE_MULTI, 0],
  ['uprobe.multi.s+', P.BPF_PROG_TYPE_KPROBE, A.BPF_TRACE_UPROBE_MULTI, S],
  ['uretprobe.multi.s+', P.BPF_PROG_TYPE_KPROBE, A.BPF_TRACE_UPROBE_MULTI, S],
  ['ksyscall+', P.BPF_PROG_TYPE_KPROBE, 0, 0],
  ['kretsyscall+', P.BPF_PROG_TYPE_KPROBE, 0, 0],
  ['usdt+', P.BPF_PROG_TYPE_KPROBE, 0, 0],
  ['usdt.s+', P.BPF_PROG_TYPE_KPROBE, 0, S],
  ['tc/ingress', P.BPF_PROG_TYPE_SCHED_CLS, A.BPF_TCX_INGRESS, 0],
  ['tc/egress', P.BPF_PROG_TYPE_SCHED_CLS, A.BPF_TCX_EGRESS, 0],
  ['tcx/ingress', P.BPF_PROG_TYPE_SCHED_CLS, A.BPF_TCX_INGRESS, 0],
  ['tcx/egress', P.BPF_PROG_TYPE_SCHED_CLS, A.BPF_TCX_EGRESS, 0],
  ['tc', P.BPF_PROG_TYPE_SCHED_CLS, 0, 0],
  ['classifier', P.BPF_PROG_TYPE_SCHED_CLS, 0, 0],
  ['action', P.BPF_PROG_TYPE_SCHED_ACT, 0, 0],
  ['netkit/primary', P.BPF_PROG_TYPE_SCHED_CLS, A.BPF_NETKIT_PRIMARY, 0],
  ['netkit/peer', P.BPF_PROG_TYPE_SCHED_CLS, A.BPF_NETKIT_PEER, 0],
  ['tracepoint+', P.BPF_PROG_TYPE_TRACEPOINT, 0, 0],
  ['tp+', P.BPF_PROG_TYPE_TRACEPOINT, 0, 0],
  ['raw_tracepoint+', P.BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0],
  ['raw_tp+', P.BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0],
  ['raw_tracepoint.w+', P.BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, 0],
  ['raw_tp.w+', P.BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, 0],
  ['tp_btf+', P.BPF_PROG_TYPE_TRACING, A.BPF_TRACE_RAW_TP, 0],
  ['fentry+', P.BPF_PROG_TYPE_TRACING, A.BPF_TRACE_FENTRY, 0],
  ['fmod_ret+', P.BPF_PROG_TYPE_TRACING, A.BPF_MODIFY_RETURN, 0],
  ['fexit+', P.BPF_PROG_TYPE_TRACING, A.BPF_TRACE_FEXIT, 0],
  ['fentry.s+', P.BPF_PROG_TYPE_TRACING, A.BPF_TRACE_FENTRY, S],
  ['fmod_ret.s+', P.BPF_PROG_TYPE_TRACING, A.BPF_MODIFY_RETURN, S],
  ['fexit.s+', P.BPF_PROG_TYPE_TRACING, A.BPF_TRACE_FEXIT, S],
  ['freplace+', P.BPF_PROG_TYPE_EXT, 0, 0],
  ['lsm+', P.BPF_PROG_TYPE_LSM, A.BPF_LSM_MAC, 0],
  ['lsm.s+', P.BPF_PROG_TYPE_LSM, A.BPF_LSM_MAC, S],
  ['lsm_cgroup+', P.BPF_PROG_TYPE_LSM, A.BPF_LSM_CGROUP, 0],
  ['iter+', P.BPF_PROG_TYPE_TRACING, A.BPF_TRACE_ITER, 0],
  ['iter.s+', P.BPF_PROG_TYPE_TRACING, A.BPF_TRACE_ITER, S],
  ['syscall', P.BPF_PROG_TYPE_SYSCALL, 0, S],
  ['xdp.frags/devmap', P.BPF_PROG_TYPE_XDP, A.BPF_XDP_DEVMAP, F],
  ['xdp/devmap', P.BPF_PROG_TYPE_XDP, A.BPF_XDP_DEVMAP, 0],
  ['xdp.frags/cpumap', P.BPF_PROG_TYPE_XDP, A.BPF_XDP_CPUMAP, F],
  ['xdp/cpumap', P.BPF_PROG_TYPE_XDP, A.BPF_XDP_CPUMAP, 0],
  ['xdp.frags', P.BPF_PROG_TYPE_XDP, A.BPF_XDP, F],
  ['xdp', P.BPF_PROG_TYPE_XDP, A.BPF_XDP, 0],
  ['perf_event', P.BPF_PROG_TYPE_PERF_EVENT, 0, 0],
  ['lwt_in', P.BPF_PROG_TYPE_LWT_IN, 0, 0],
  ['lwt_out', P.BPF_PROG_TYPE_LWT_OUT, 0, 0],
  ['lwt_xmit', P.BPF_PROG_TYPE_LWT_XMIT, 0, 0],
  ['lwt_seg6local', P.BPF_PROG_TYPE_LWT_SEG6LOCAL, 0, 0],
  ['sockops', P.BPF_PROG_TYPE_SOCK_OPS, A.BPF_CGROUP_SOCK_OPS, 0],
  ['sk_skb/stream_parser', P.BPF_PROG_TYPE_SK_SKB, A.BPF_SK_SKB_STREAM_PARSER, 0],
  ['sk_skb/stream_verdict', P.BPF_PROG_TYPE_SK_SKB, A.BPF_SK_SKB_STREAM_VERDICT, 0],
  ['sk_skb', P.BPF_PROG_TYPE_SK_SKB, 0, 0],
  ['sk_msg', P.BPF_PROG_TYPE_SK_MSG, A.BPF_SK_MSG_VERDICT, 0],
  ['lirc_mode2', P.BPF_PROG_TYPE_LIRC_MODE2, A.BPF_LIRC_MODE2, 0],
  ['flow_dissector', P.BPF_PROG_TYPE_FLOW_DISSECTOR, A.BPF_FLOW_DISSECTOR, 0],
  ['cgroup_skb/ingress', P.BPF_PROG_TYPE_CGROUP_SKB, A.BPF_CGROUP_INET_INGRESS, 0],
  ['cgroup_skb/egress', P.BPF_PROG_TYPE_CGROUP_SKB, A.BPF_CGROUP_INET_EGRESS, 0],
  ['cgroup/skb', P.BPF_PROG_TYPE_CGROUP_SKB, 0, 0],
  ['cgroup/sock_create', P.BPF_PROG_TYPE_CGROUP_SOCK, A.BPF_CGROUP_INET_SOCK_CREATE, 0],
  ['cgroup/sock_release', P.BPF_PROG_TYPE_CGROUP_SOCK, A.BPF_CGROUP_INET_SOCK_RELEASE, 0],
  ['cgroup/sock', P.BPF_PROG_TYPE_CGROUP_SOCK, A.BPF_CGROUP_INET_SOCK_CREATE, 0],
  ['cgroup/post_bind4', P.BPF_PROG_TYPE_CGROUP_SOCK, A.BPF_CGROUP_INET4_POST_BIND, 0],
  ['cgroup/post_bind6', P.BPF_PROG_TYPE_CGROUP_SOCK, A.BPF_CGROUP_INET6_POST_BIND, 0],
  ['cgroup/bind4', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_INET4_BIND, 0],
  ['cgroup/bind6', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_INET6_BIND, 0],
  ['cgroup/connect4', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_INET4_CONNECT, 0],
  ['cgroup/connect6', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_INET6_CONNECT, 0],
  ['cgroup/connect_unix', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UNIX_CONNECT, 0],
  ['cgroup/sendmsg4', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UDP4_SENDMSG, 0],
  ['cgroup/sendmsg6', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UDP6_SENDMSG, 0],
  ['cgroup/sendmsg_unix', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UNIX_SENDMSG, 0],
  ['cgroup/recvmsg4', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UDP4_RECVMSG, 0],
  ['cgroup/recvmsg6', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UDP6_RECVMSG, 0],
  ['cgroup/recvmsg_unix', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UNIX_RECVMSG, 0],
  ['cgroup/getpeername4', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_INET4_GETPEERNAME, 0],
  ['cgroup/getpeername6', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_INET6_GETPEERNAME, 0],
  ['cgroup/getpeername_unix', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UNIX_GETPEERNAME, 0],
  ['cgroup/getsockname4', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_INET4_GETSOCKNAME, 0],
  ['cgroup/getsockname6', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_INET6_GETSOCKNAME, 0],
  ['cgroup/getsockname_unix', P.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, A.BPF_CGROUP_UNIX_GETSOCKNAME, 0],
  ['cgroup/sysctl', P.BPF_PROG_TYPE_CGROUP_SYSCTL, A.BPF_CGROUP_SYSCTL, 0],
  ['cgroup/getsockopt', P.BPF_PROG_TYPE_CGROUP_SOCKOPT, A.BPF_CGROUP_GETSOCKOPT, 0],
  ['cgroup/setsockopt', P.BPF_PROG_TYPE_CGROUP_SOCKOPT, A.BPF_CGROUP_SETSOCKOPT, 0],
  ['cgroup/dev', P.BPF_PROG_TYPE_CGROUP_DEVICE, A.BPF_CGROUP_DEVICE, 0],
  ['struct_ops+', P.BPF_PROG_TYPE_STRUCT_OPS, 0, 0],
  ['struct_ops.s+', P.BPF_PROG_TYPE_STRUCT_OPS, 0, S],
  ['sk_lookup', P.BPF_PROG_TYPE_SK_LOOKUP, A.BPF_SK_LOOKUP, 0],
  ['netfilter', P.BPF_PROG_TYPE_NETFILTER, A.BPF_NETFILTER, 0],
];

/** libbpf sec_def_matches(). */
function matches(pattern: string, name: string): boolean {
  if (pattern.endsWith('/')) return name.startsWith(pattern);
  if (pattern.endsWith('+')) {
    const base = pattern.slice(0, -1);
    return name === base || name.startsWith(`${base}/`);
  }
  return name === pattern;
}

/** What libbpf would load a program of section `section` as; undefined for unknown names. */
export function sectionDefOf(section: string): SectionDef | undefined {
  const autoload = !section.startsWith('?');
  const name = autoload ? section : section.slice(1);
  for (const [pattern, progType, expectedAttachType, flags] of SECTION_DEFS) {
    if (!matches(pattern, name)) continue;
    return { pattern, progType, expectedAttachType, sleepable: (flags & S) !== 0, xdpFrags: (flags & F) !== 0, autoload };
  }
  return undefined;
}

/** The BPF_PROG_TYPE_* name of a program type number ("BPF_PROG_TYPE_XDP"), or undefined. */
export function progTypeName(type: number): string | undefined {
  return Object.entries(BPF_PROG_TYPE).find(([, v]) => v === type)?.[0];
}
