// A minimal XDP environment on the VM's memory: a `struct xdp_md` context region and a packet region
// with XDP headroom, as the kernel's BPF_PROG_TEST_RUN sets them up (256 bytes of headroom, data_meta =
// data, ingress_ifindex = 1 (loopback), rx_queue_index 0). In: packet bytes. Out: the context address
// to pass as r1, and the packet window after a run. Used by the bench and the VM-vs-kernel tests;
// runtime/context builds the full set of program contexts on the same primitives.
//
// struct xdp_md (include/uapi/linux/bpf.h), 24 bytes, every field a u32 loadable only as 4 bytes at
// its own offset (the kernel's xdp_is_valid_access), none writable:
//   0 data | 4 data_end | 8 data_meta | 12 ingress_ifindex | 16 rx_queue_index | 20 egress_ifindex
// data / data_end / data_meta hold the 32-bit addresses of the packet window, so the u32 loads a
// program does return exact pointers (as the kernel's rewritten context loads do).

import { buildAccessTable, type AccessTable } from './access.js';
import { PERM, REGION_KIND, type AddressSpace, type Region } from './memory.js';
import { EbpfcError } from '../errors.js';

export const XDP_PACKET_HEADROOM = 256;
export const XDP_MD_SIZE = 24;

const XDP_MD_FIELDS = ['data', 'data_end', 'data_meta', 'ingress_ifindex', 'rx_queue_index', 'egress_ifindex'];

export function xdpMdAccess(): AccessTable {
  return buildAccessTable(XDP_MD_SIZE, XDP_MD_FIELDS.map((name, i) => ({ name, offset: i * 4, size: 4 })));
}

export interface XdpEnv {
  readonly ctx: Region;
  readonly packet: Region;
  /** Copies `bytes` into the packet area (after the headroom) and points the context at it. */
  setPacket(bytes: Uint8Array): void;
  /** The packet window [data, data_end) as it is now (a copy). */
  packetBytes(): Uint8Array;
}

export interface XdpEnvOptions {
  /** largest packet (default 4096 - 256 - 320, the kernel's test_run limit for one page) */
  maxLen?: number;
  ingressIfindex?: number;
  rxQueueIndex?: number;
}

export function createXdpEnv(mem: AddressSpace, opts: XdpEnvOptions = {}): XdpEnv {
  const maxLen = opts.maxLen ?? 4096 - XDP_PACKET_HEADROOM - 320;
  const ctx = mem.allocate(XDP_MD_SIZE, { kind: REGION_KIND.ctx, perm: PERM.r, name: 'xdp_md', access: xdpMdAccess() });
  const packet = mem.reserve(XDP_PACKET_HEADROOM + maxLen, 0, XDP_PACKET_HEADROOM, {
    kind: REGION_KIND.packet, perm: PERM.rw, name: 'packet', align: 64,
  });
  const dv = (): DataView => mem.dv;
  dv().setUint32(ctx.start + 12, opts.ingressIfindex ?? 1, true);
  dv().setUint32(ctx.start + 16, opts.rxQueueIndex ?? 0, true);
  const data = packet.base + XDP_PACKET_HEADROOM;
  return {
    ctx,
    packet,
    setPacket(bytes: Uint8Array): void {
      if (bytes.length > maxLen) throw new EbpfcError('xdp', `packet of ${bytes.length} bytes exceeds ${maxLen}`);
      mem.u8.set(bytes, data);
      mem.setWindow(packet, data, data + bytes.length);
      const v = mem.dv;
      v.setUint32(ctx.start, data, true);
      v.setUint32(ctx.start + 4, data + bytes.length, true);
      v.setUint32(ctx.start + 8, data, true);
    },
    packetBytes(): Uint8Array {
      const v = mem.dv;
      return mem.u8.slice(v.getUint32(ctx.start, true), v.getUint32(ctx.start + 4, true));
    },
  };
}
