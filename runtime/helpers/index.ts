// Public surface of runtime/helpers: the Linux helper functions (kernel ids, prototypes, GPL flags,
// program-type availability, semantics and errnos) on the VM's helper interface, and the per-run
// environment they use. Typical run:
//
//   const vm = createVm({ helpers: createLinuxHelpers() });
//   const env = new HelperEnv({ maps: loaded.env, seed: 1 });      // clock, random, CPU, trace sink
//   env.progType = 'xdp'; env.gpl = true; env.ctx = ctx;             // ctx from runtime/context
//   vm.run(prog, { r1: ctx.r1, env, packet: ctx.packet });
//   env.trace / env.redirect                                        // what the helpers produced
//
// checkHelperCalls() gives the kernel's load-time messages ("program of this type cannot use helper
// bpf_skb_store_bytes#9") for a program before it runs; at run time the same conditions fault naming
// the helper. LINUX_HELPERS lists the helpers implemented (maps, ring buffers, perf events, time,
// random, CPU, loop/for_each, strings, printk/snprintf, probe_read_kernel, spin locks, XDP buffer,
// redirect and MTU helpers, __sk_buff byte/checksum/VLAN/length/protocol/hash/timestamp helpers).
//
// Where ebpfc knowingly differs from the 6.18 reference kernel (everything else is checked against it
// by the tests in test/runtime/helpers and test/runtime/context):
//   - bpf_get_hash_recalc: same flow keys, same value and both directions alike, but not the kernel's
//     value (its siphash key is random per boot);
//   - ktime/jiffies/prandom: deterministic virtual values, not the kernel's;
//   - %p, %pK, %ps, %pS, %pB print the VM address in hex (the kernel hashes or resolves symbols);
//   - probe_read_kernel from outside VM memory: -ERANGE below the kernel half (as x86-64 does for user
//     addresses), -EFAULT above;
//   - bpf_csum_diff follows Linux ≥ 6.13 (16-bit folded result) unless HelperCompat.csumDiff = 'partial';
//   - perf event arrays hold no events unless the runner attaches them (as with bpftool prog run);
//   - bpf_clone_redirect records the clone in env.clones instead of transmitting it.
export { BPF_FUNC_NAMES, helperName, helperId } from './ids.js';
export { HelperEnv, Prandom, INITIAL_JIFFIES_OFFSET } from './env.js';
export type { HelperEnvOptions, HelperCompat, TraceRecord, RedirectTarget } from './env.js';
export { PROG_FAMILY, progFamily } from './def.js';
export type { HelperDef, ProgFamily } from './def.js';
export {
  LINUX_HELPERS, linuxHelpers, createLinuxHelpers, helperAvailable, helperProto, checkHelperCalls,
} from './registry.js';
export type { LinuxHelper, HelperCallProblem } from './registry.js';
export { BPF_MAX_LOOPS } from './base.js';
export { XDP_ABORTED, XDP_REDIRECT, TC_ACT_SHOT, TC_ACT_REDIRECT } from './xdp.js';
export {
  csumPartial, csumAdd, csumSub, csumFold, csumFrom32to16, csumReplace2, csumReplace4, csumReplaceByDiff, csumDiff,
} from './csum.js';
export { bprintf, MAX_BPRINTF_BUF, MAX_BPRINTF_BIN_ARGS, MAX_BPRINTF_VARARGS } from './printf.js';
export type { MemReader } from './printf.js';
export { strtol, strtoul } from './strto.js';
export { siphash, skbFlowHash } from './flow-hash.js';
