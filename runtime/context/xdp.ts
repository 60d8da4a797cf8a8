// The XDP context: `struct xdp_md` for the program and the xdp_buff behind it (data_hard_start, data_meta,
// data, data_end, frame size), set up from a packet the way net/bpf/test_run.c's bpf_prog_test_run_xdp
// does it, and the buffer operations of the XDP helpers (net/core/filter.c: bpf_xdp_adjust_head/meta/
// tail, bpf_xdp_get_buff_len, bpf_xdp_load_bytes/store_bytes) with the kernel's limits and errnos.
//
// struct xdp_md (uapi <linux/bpf.h>), 24 bytes; the verifier (xdp_is_valid_access) allows only 4-byte
// loads at field offsets and no stores; egress_ifindex only for BPF_XDP_DEVMAP programs:
//
//   0 data | 4 data_end | 8 data_meta | 12 ingress_ifindex | 16 rx_queue_index | 20 egress_ifindex
//
// data/data_end/data_meta hold the 32-bit VM addresses (the kernel's rewritten loads return pointers).
//
// The frame: one 4096-byte page like the test run's, headroom XDP_PACKET_HEADROOM (256) before data
// (less the metadata a ctx_in asks for), 320 bytes (SKB_DATA_ALIGN(sizeof(struct skb_shared_info))) of
// reserved tail room, so the linear part holds at most 3520 bytes. struct xdp_frame (40 bytes) sits at
// the start of the head room and limits how far adjust_head / adjust_meta can grow the packet.
// Longer packets (or a ctx_in data_end below the packet length) become multi-buffer frames as in the
// test run: the rest goes to fragments of up to one page each (at most MAX_SKB_FRAGS = 17), which the
// program reaches only through bpf_xdp_load_bytes / store_bytes, bpf_xdp_get_buff_len,
// bpf_xdp_adjust_tail and perf event payloads; data_out is the linear part followed by the fragments.

import { buildAccessTable, PERM, REGION_KIND, type AccessTable, type AddressSpace, type Region } from '../vm/index.js';
import { ContextRefusal } from './errors.js';
import { PacketBuffer } from './packet.js';
import { ERRNO } from './errno.js';

export const XDP_PACKET_HEADROOM = 256;
export const XDP_MD_SIZE = 24;
/** PAGE_SIZE: the test run's frame size */
export const XDP_FRAME_SIZE = 4096;
/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64 */
export const XDP_TAILROOM = 320;
/** sizeof(struct xdp_frame) on 64-bit kernels */
export const XDP_FRAME_HDR = 40;
/** largest linear packet of a test run: 4096 - 256 - 320 */
export const XDP_MAX_DATA = XDP_FRAME_SIZE - XDP_PACKET_HEADROOM - XDP_TAILROOM;
const ETH_HLEN = 14;

/**
 * Largest metadata xdp_metalen_invalid() accepts: 32 bytes in kernels before the limit became
 * type_max(skb_shared_info.meta_len) = 255 (Linux 6.x; the kernel this project tests against, 6.18,
 * has the newer limit). The default follows the original limit; pass 255 for the newer one.
 */
export const XDP_META_MAX_CLASSIC = 32;
export const XDP_META_MAX_U8 = 255;

/** MAX_SKB_FRAGS */
export const XDP_MAX_FRAGS = 17;
const PAGE_SIZE = 4096;

export const XDP_MD_FIELDS = ['data', 'data_end', 'data_meta', 'ingress_ifindex', 'rx_queue_index', 'egress_ifindex'] as const;

/** The access table of xdp_md: 4-byte loads at field offsets; egress_ifindex only for devmap programs. */
export function xdpMdAccess(devmap = false): AccessTable {
  const fields = XDP_MD_FIELDS.filter((f) => devmap || f !== 'egress_ifindex');
  return buildAccessTable(XDP_MD_SIZE, fields.map((name) => ({ name, offset: XDP_MD_FIELDS.indexOf(name) * 4, size: 4 })));
}

export interface XdpContextOptions {
  /** ingress_ifindex without a ctx_in (the test run's loopback device: 1) */
  ingressIfindex?: number;
  /** metadata limit of bpf_xdp_adjust_meta (XDP_META_MAX_CLASSIC, the default, or XDP_META_MAX_U8) */
  metaMax?: number;
  /** program attached as BPF_XDP_DEVMAP (may read egress_ifindex) */
  devmap?: boolean;
  /** whether an ifindex names a device (ctx_in ingress_ifindex); default: 1 (loopback) only */
  ifindexExists?: (ifindex: number) => boolean;
  /** receive queues of a device (ctx_in rx_queue_index must be below); default 1 */
  rxQueues?: (ifindex: number) => number;
}

/** What a run leaves: the packet as BPF_PROG_TEST_RUN's data_out has it, and the parts. */
export interface XdpResult {
  /** [data_meta, data_end) and the fragments: what bpftool prog run writes to data_out */
  dataOut: Uint8Array;
  /** [data, data_end) and the fragments */
  packet: Uint8Array;
  /** [data_meta, data) */
  meta: Uint8Array;
  /** struct xdp_md as ctx_out has it: the ctx_in (or zeros) with data/data_end as offsets from data_meta */
  ctxOut: Uint8Array;
}

export class XdpContext {
  readonly kind = 'xdp' as const;
  readonly ctx: Region;
  readonly buf: PacketBuffer;
  readonly metaMax: number;
  private readonly opts: XdpContextOptions;
  // offsets from the slot base (the xdp_buff pointers, relative to data_hard_start)
  private dataOff = XDP_PACKET_HEADROOM;
  private metaOff = XDP_PACKET_HEADROOM;
  private endOff = XDP_PACKET_HEADROOM;
  private ingressIfindex = 1;
  private rxQueueIndex = 0;
  /** fragments of a multi-buffer frame (their bytes live outside VM memory, as programs never map them) */
  private frags: Uint8Array[] = [];
  /**
   * the run's ctx_in, at most XDP_MD_SIZE bytes (ctx_out is it, zero-padded, with data and data_end
   * updated, as xdp_convert_buff_to_md does); undefined when the run has none
   */
  private ctxIn: Uint8Array | undefined = undefined;

  constructor(private readonly mem: AddressSpace, opts: XdpContextOptions = {}) {
    this.opts = opts;
    this.metaMax = opts.metaMax ?? XDP_META_MAX_CLASSIC;
    this.ctx = mem.allocate(XDP_MD_SIZE, { kind: REGION_KIND.ctx, perm: PERM.r, name: 'xdp_md', access: xdpMdAccess(opts.devmap === true) });
    this.buf = new PacketBuffer(mem, XDP_FRAME_SIZE, 'xdp packet');
  }

  /** r1 for the run. */
  get r1(): number {
    return this.ctx.start;
  }

  /** The packet region (for the VM's `packet` run option; XDP has no legacy loads, so rarely needed). */
  get packet(): Region {
    return this.buf.region;
  }

  /**
   * Prepares a run on `data`, with an optional ctx_in (a struct xdp_md of up to 24 bytes; missing bytes
   * are zero), applying bpf_prog_test_run_xdp's checks. Throws ContextError.
   */
  setup(data: Uint8Array, ctxIn?: Uint8Array): void {
    const refused = this.trySetup(data, ctxIn);
    if (refused !== undefined) throw refused.toError();
  }

  /** setup() that returns the refusal instead of throwing it (undefined: ready to run). */
  trySetup(data: Uint8Array, ctxIn?: Uint8Array): ContextRefusal | undefined {
    let headroom = XDP_PACKET_HEADROOM;
    let metaLen = 0;
    let ingress = this.opts.ingressIfindex ?? 1;
    let rxq = 0;
    let linear = data.length;
    if (data.length < ETH_HLEN) return new ContextRefusal('xdp', `packet of ${data.length} bytes is shorter than an Ethernet header`, 'EINVAL');
    if (ctxIn !== undefined) {
      const md = readMd(ctxIn);
      if (md instanceof ContextRefusal) return md;
      if (md.dataMeta !== 0 || md.dataEnd > data.length || md.data > md.dataEnd || this.metaInvalid(md.data)) {
        return new ContextRefusal('xdp', 'ctx_in must have data_meta 0, data_end at most the packet length and data = a valid metadata length', 'EINVAL');
      }
      metaLen = md.data;
      headroom -= metaLen;
      linear = md.dataEnd;
      if (md.egressIfindex !== 0) return new ContextRefusal('xdp', 'ctx_in egress_ifindex must be 0', 'EINVAL');
      if (md.ingressIfindex === 0 && md.rxQueueIndex !== 0) return new ContextRefusal('xdp', 'ctx_in rx_queue_index needs an ingress_ifindex', 'EINVAL');
      if (md.ingressIfindex !== 0) {
        const exists = this.opts.ifindexExists ?? ((i: number) => i === 1);
        if (!exists(md.ingressIfindex)) return new ContextRefusal('xdp', `no device with ifindex ${md.ingressIfindex}`, 'ENODEV');
        const queues = this.opts.rxQueues?.(md.ingressIfindex) ?? 1;
        if (md.rxQueueIndex >= queues) return new ContextRefusal('xdp', `rx_queue_index ${md.rxQueueIndex} is not below ${queues}`, 'EINVAL');
        ingress = md.ingressIfindex;
        rxq = md.rxQueueIndex;
      } else {
        ingress = this.opts.ingressIfindex ?? 1;
      }
    }
    const maxData = XDP_FRAME_SIZE - headroom - XDP_TAILROOM;
    if (linear > maxData) linear = maxData;
    if (linear < data.length) {
      const frags: Uint8Array[] = [];
      for (let off = linear; off < data.length; off += PAGE_SIZE) {
        if (frags.length === XDP_MAX_FRAGS) return new ContextRefusal('xdp', `packet of ${data.length} bytes needs more than ${XDP_MAX_FRAGS} fragments`, 'ENOMEM');
        frags.push(data.slice(off, Math.min(off + PAGE_SIZE, data.length)));
      }
      this.frags = frags;
    } else if (this.frags.length !== 0) {
      this.frags = [];
    }
    this.buf.reset(this.buf.base + headroom, this.buf.base + headroom + linear);
    this.metaOff = headroom;
    this.dataOff = headroom + metaLen;
    this.endOff = headroom + linear;
    this.mem.u8.set(linear === data.length ? data : data.subarray(0, linear), this.buf.base + headroom);
    this.ingressIfindex = ingress;
    this.rxQueueIndex = rxq;
    this.ctxIn = ctxIn === undefined ? undefined : ctxIn.slice(0, XDP_MD_SIZE);
    this.sync();
    return undefined;
  }

  /** The packet and context after a run. */
  result(): XdpResult {
    const b = this.buf.base;
    const u8 = this.mem.u8;
    const ctxOut = new Uint8Array(XDP_MD_SIZE);
    if (this.ctxIn !== undefined) ctxOut.set(this.ctxIn);
    const v = new DataView(ctxOut.buffer);
    v.setUint32(0, this.dataOff - this.metaOff, true);
    v.setUint32(4, this.endOff - this.metaOff, true);
    const tail = this.fragBytes();
    return {
      dataOut: concat(u8.subarray(b + this.metaOff, b + this.endOff), tail),
      packet: concat(u8.subarray(b + this.dataOff, b + this.endOff), tail),
      meta: u8.slice(b + this.metaOff, b + this.dataOff),
      ctxOut,
    };
  }

  /** Bytes in fragments (0 for a single-buffer frame). */
  get fragsSize(): number {
    let n = 0;
    for (const f of this.frags) n += f.length;
    return n;
  }

  private fragBytes(): Uint8Array {
    const out = new Uint8Array(this.fragsSize);
    let o = 0;
    for (const f of this.frags) {
      out.set(f, o);
      o += f.length;
    }
    return out;
  }

  // ------------------------------------------------------------------ helpers' operations

  /** bpf_xdp_adjust_head: 0 or -EINVAL. Moves the packet (invalidates packet pointers). */
  adjustHead(offset: number): number {
    this.buf.move('bpf_xdp_adjust_head');
    const metaLen = this.dataOff - this.metaOff;
    const data = this.dataOff + offset;
    if (data < XDP_FRAME_HDR + metaLen || data > this.endOff - ETH_HLEN) return -ERRNO.EINVAL;
    const b = this.buf.base;
    if (metaLen) this.mem.u8.copyWithin(b + this.metaOff + offset, b + this.metaOff, b + this.dataOff);
    this.metaOff += offset;
    this.dataOff = data;
    this.sync();
    return 0;
  }

  /** bpf_xdp_adjust_meta: 0, -EINVAL (outside the head room) or -EACCES (bad metadata length). */
  adjustMeta(offset: number): number {
    this.buf.move('bpf_xdp_adjust_meta');
    const meta = this.metaOff + offset;
    if (meta < XDP_FRAME_HDR || meta > this.dataOff) return -ERRNO.EINVAL;
    if (this.metaInvalid(this.dataOff - meta)) return -ERRNO.EACCES;
    this.metaOff = meta;
    this.sync();
    return 0;
  }

  /** bpf_xdp_adjust_tail: 0 or -EINVAL; grown bytes are zeroed. */
  adjustTail(offset: number): number {
    this.buf.move('bpf_xdp_adjust_tail');
    if (this.frags.length > 0) return offset < 0 ? this.shrinkFrags(-offset) : this.growLastFrag(offset);
    const end = this.endOff + offset;
    if (end > XDP_FRAME_SIZE - XDP_TAILROOM || end < this.dataOff + ETH_HLEN) return -ERRNO.EINVAL;
    if (offset > 0) this.mem.u8.fill(0, this.buf.base + this.endOff, this.buf.base + end);
    this.endOff = end;
    this.sync();
    return 0;
  }

  /** bpf_xdp_frags_shrink_tail: drops `n` bytes from the end of the fragments (and then the linear part). */
  private shrinkFrags(n: number): number {
    if (n > this.bufLen() - ETH_HLEN) return -ERRNO.EINVAL;
    let left = n;
    while (left > 0 && this.frags.length > 0) {
      const f = this.frags[this.frags.length - 1]!;
      const cut = Math.min(left, f.length);
      left -= cut;
      if (cut === f.length) this.frags.pop();
      else this.frags[this.frags.length - 1] = f.slice(0, f.length - cut);
    }
    if (this.frags.length === 0) this.endOff -= left;
    this.sync();
    return 0;
  }

  /** bpf_xdp_frags_increase_tail: grows the last fragment inside its page (zeroed bytes). */
  private growLastFrag(n: number): number {
    const last = this.frags[this.frags.length - 1]!;
    if (n > PAGE_SIZE - last.length) return -ERRNO.EINVAL;
    const f = new Uint8Array(last.length + n);
    f.set(last);
    this.frags[this.frags.length - 1] = f;
    return 0;
  }

  /** bpf_xdp_get_buff_len: the linear part and the fragments. */
  bufLen(): number {
    return this.endOff - this.dataOff + this.fragsSize;
  }

  /** -EFAULT for offset or len above 0xffff, -EINVAL past the end (bpf_xdp_pointer), else 0. */
  private checkRange(offset: number, len: number): number {
    if (offset > 0xffff || len > 0xffff) return -ERRNO.EFAULT;
    if (offset + len > this.bufLen()) return -ERRNO.EINVAL;
    return 0;
  }

  /** A copy of packet bytes [offset, offset+len) across the linear part and fragments, or -errno. */
  readBytes(offset: number, len: number): Uint8Array | number {
    const e = this.checkRange(offset, len);
    if (e) return e;
    return this.copyOut(offset, len);
  }

  /** A copy of [offset, offset+len) of the packet, no limits checked (bpf_xdp_copy); past the end reads as 0. */
  copyOut(offset: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    this.walk(offset, len, (dst, src, n, part) => out.set(part.subarray(src, src + n), dst));
    return out;
  }

  /** Writes `bytes` at packet offset `offset` across the linear part and fragments: 0 or -errno. */
  writeBytes(offset: number, bytes: Uint8Array): number {
    const e = this.checkRange(offset, bytes.length);
    if (e) return e;
    this.walk(offset, bytes.length, (from, at, n, part) => part.set(bytes.subarray(from, from + n), at));
    return 0;
  }

  /** Visits the pieces of [offset, offset+len): (position in the range, position in the part, count, part). */
  private walk(offset: number, len: number, fn: (pos: number, at: number, n: number, part: Uint8Array) => void): void {
    const b = this.buf.base;
    const parts = [this.mem.u8.subarray(b + this.dataOff, b + this.endOff), ...this.frags];
    let pos = 0;
    let off = offset;
    for (const part of parts) {
      if (pos === len) break;
      if (off >= part.length) {
        off -= part.length;
        continue;
      }
      const n = Math.min(len - pos, part.length - off);
      fn(pos, off, n, part);
      pos += n;
      off = 0;
    }
  }

  /** Frees the context's regions. */
  dispose(): void {
    if (this.ctx.live) this.mem.free(this.ctx);
    this.buf.dispose();
  }

  private metaInvalid(len: number): boolean {
    return (len & 3) !== 0 || len > this.metaMax;
  }

  /** Writes the xdp_buff into xdp_md and the packet window. */
  private sync(): void {
    const b = this.buf.base;
    this.buf.setWindow(b + this.metaOff, b + this.endOff);
    const v = this.mem.dv;
    const c = this.ctx.start;
    v.setUint32(c, b + this.dataOff, true);
    v.setUint32(c + 4, b + this.endOff, true);
    v.setUint32(c + 8, b + this.metaOff, true);
    v.setUint32(c + 12, this.ingressIfindex, true);
    v.setUint32(c + 16, this.rxQueueIndex, true);
    v.setUint32(c + 20, 0, true);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function readMd(b: Uint8Array): { data: number; dataEnd: number; dataMeta: number; ingressIfindex: number; rxQueueIndex: number; egressIfindex: number } | ContextRefusal {
  if (b.length > XDP_MD_SIZE && b.subarray(XDP_MD_SIZE).some((x) => x !== 0)) {
    return new ContextRefusal('xdp', `ctx_in has non-zero bytes past the ${XDP_MD_SIZE}-byte struct xdp_md`, 'E2BIG');
  }
  const p = new Uint8Array(XDP_MD_SIZE);
  p.set(b.subarray(0, XDP_MD_SIZE));
  const v = new DataView(p.buffer);
  return {
    data: v.getUint32(0, true), dataEnd: v.getUint32(4, true), dataMeta: v.getUint32(8, true),
    ingressIfindex: v.getUint32(12, true), rxQueueIndex: v.getUint32(16, true), egressIfindex: v.getUint32(20, true),
  };
}
