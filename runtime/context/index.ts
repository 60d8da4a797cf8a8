// Public surface of runtime/context: the program contexts (XDP xdp_md, TC and socket-filter __sk_buff)
// on the VM's memory, set up from a packet as BPF_PROG_TEST_RUN does it, with the buffer operations the
// helpers in runtime/helpers use. Typical run:
//
//   const ctx = createContext(vm.mem, 'xdp');             // or 'sched_cls', 'sched_act', 'socket_filter'
//   ctx.setup(packetBytes, ctxIn?);                        // throws ContextError (kernel errno named)
//   env.ctx = ctx;                                         // a runtime/helpers HelperEnv
//   const { r0 } = vm.run(prog, { r1: ctx.r1, env, packet: ctx.packet });
//   const out = ctx.result();                              // dataOut = what bpftool's data_out shows
//
// Give the VM's run state to `followPacket` so legacy LD_ABS/LD_IND loads keep reading the packet after
// helpers that move it. XDP metadata is limited to 32 bytes unless the context is created with
// metaMax: XDP_META_MAX_U8 (255, the limit of Linux 6.x, including the 6.18 reference kernel).
//
// Known differences from the kernel: the __sk_buff `sk` pointer is not readable; a program that stores an
// out-of-range tc_index / tc_classid (16-bit in the kernel) or a queue_mapping of 0xffff or more and
// reads it back before its next helper call sees the raw value (helpers and the results see the
// kernel's); the XDP `egress_ifindex` is readable only for devmap programs, as in the kernel.
export { ContextError } from './errors.js';
export { ERRNO } from './errno.js';
export { PacketBuffer } from './packet.js';
export {
  XdpContext, xdpMdAccess, XDP_MD_FIELDS, XDP_MD_SIZE, XDP_PACKET_HEADROOM, XDP_FRAME_SIZE, XDP_TAILROOM,
  XDP_FRAME_HDR, XDP_MAX_DATA, XDP_META_MAX_CLASSIC, XDP_META_MAX_U8, XDP_MAX_FRAGS,
} from './xdp.js';
export type { XdpContextOptions, XdpResult } from './xdp.js';
export {
  SkbContext, ETH_HLEN, SKB_HEADROOM, BPF_SKB_MAX_LEN, SKB_MAX_TEST_LEN, ETH_P_IP, ETH_P_IPV6, ETH_P_8021Q,
  ETH_P_8021AD, CHECKSUM_NONE, CHECKSUM_UNNECESSARY,
} from './skb.js';
export type { SkbContextOptions, SkbResult } from './skb.js';
export { SKB, SKB_SIZE, SKB_PROG, skbAccess } from './skb-layout.js';
export type { SkbProg } from './skb-layout.js';
export { createContext, contextKindOf, followPacket } from './create.js';
export type { ProgramContext, ContextOptions, ContextResult } from './create.js';
