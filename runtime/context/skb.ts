// The __sk_buff context of TC (sched_cls / sched_act) and socket filter programs: an sk_buff model set
// up from a packet as net/bpf/test_run.c's bpf_prog_test_run_skb does it, the __sk_buff image the
// program reads (kept in step with the model), and the header/length operations the skb helpers need.
//
// The test run (no ctx_in): IPv4 frames shorter than 14 + 20 bytes and IPv6 frames shorter than 14 + 40
// are refused (EINVAL); the frame goes through eth_type_trans on the loopback device (ifindex 1,
// address 00:00:00:00:00:00): protocol = the Ethernet type (802.3 lengths give ETH_P_802_3/802_2),
// pkt_type from the destination MAC (0 host, 2 multicast, 3 other host: the device's broadcast address is
// all zeros, so no frame is PACKET_BROADCAST), network header
// right after the 14-byte MAC header. TC programs then see data at the MAC header (is_l2), socket filters
// at the network header (their len excludes the MAC header). Everything else starts at 0 (mark,
// priority, hash, ingress_ifindex, tc_index, cb[], wire_len, tstamp, gso_*). With a ctx_in, only mark,
// priority, ingress_ifindex, ifindex (1, or ENODEV), cb[], tstamp, wire_len (0 = len), gso_segs,
// gso_size and hwtstamp may be non-zero (convert___skb_to_skb), and wire_len reads back as len when 0.
//
// Field semantics on store (bpf_convert_ctx_access): tc_index and tc_classid are 16-bit in the kernel
// (a 4-byte store keeps the low half), a queue_mapping store of 0xffff or more is dropped. The VM lets
// the store reach the __sk_buff image and `pull()` applies these rules before each helper and at the
// end of the run, so helpers and ctx_out see kernel values (a load by the program of a value it just
// stored out of range sees the raw value: a documented difference).

import { PERM, REGION_KIND, type AddressSpace, type Region } from '../vm/index.js';
import { ContextError, ContextRefusal } from './errors.js';
import { PacketBuffer } from './packet.js';
import { SKB, SKB_PROG, SKB_SIZE, skbAccess, type SkbProg } from './skb-layout.js';

export const ETH_HLEN = 14;
/** NET_SKB_PAD + NET_IP_ALIGN on x86-64: head room of a test-run skb */
export const SKB_HEADROOM = 64;
/** SKB_MAX_ALLOC (SKB_WITH_OVERHEAD(PAGE_SIZE << 2)): BPF_SKB_MAX_LEN of the length-changing helpers */
export const BPF_SKB_MAX_LEN = 16384 - 320;
/** largest test-run packet: PAGE_SIZE - head room - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) */
export const SKB_MAX_TEST_LEN = 4096 - SKB_HEADROOM - 320;
/** the VM slot of a test-run packet (one page, as the kernel's); helpers that grow the packet past it
 * move it to a larger slot */
const SLOT = 4096;
const START = SKB_HEADROOM;
export const ETH_P_IP = 0x0800;
export const ETH_P_IPV6 = 0x86dd;
export const ETH_P_8021Q = 0x8100;
export const ETH_P_8021AD = 0x88a8;

export const CHECKSUM_NONE = 0;
export const CHECKSUM_UNNECESSARY = 1;

export interface SkbContextOptions {
  /** ifindex of the receiving device (default 1, the loopback device of the test run) */
  ifindex?: number;
  /** whether an ifindex names a device (ctx_in ifindex > 1); default: only 1 */
  ifindexExists?: (ifindex: number) => boolean;
}

export interface SkbResult {
  /** what BPF_PROG_TEST_RUN's data_out has: TC from data; socket filters with the 14 MAC bytes zeroed */
  dataOut: Uint8Array;
  /** the packet from data to data_end */
  packet: Uint8Array;
  /** the __sk_buff as ctx_out has it */
  ctxOut: Uint8Array;
}

const be16 = (v: number): number => ((v & 0xff) << 8) | ((v >> 8) & 0xff);

export class SkbContext {
  readonly kind = 'skb' as const;
  readonly ctx: Region;
  readonly buf: PacketBuffer;
  // ---- the sk_buff (offsets are from the slot base, like the kernel's from skb->head)
  dataOff = START;
  len = 0;
  macOff = START;
  netOff = START;
  /** -1: not set */
  transOff = -1;
  /** skb->mac_len (0 in a test run until a helper resets it) */
  macLen = 0;
  /** skb->protocol as the program reads it (network byte order, loaded little-endian) */
  protocol = 0;
  pktType = 0;
  vlanPresent = 0;
  vlanTci = 0;
  /** network byte order, like protocol */
  vlanProto = 0;
  hash = 0;
  l4Hash = false;
  swHash = false;
  ipSummed = CHECKSUM_NONE;
  csumLevel = 0;
  encapsulation = false;
  private mark = 0;
  private priority = 0;
  private queueMapping = 0;
  private tcIndex = 0;
  private tcClassid = 0;
  private ingressIfindex = 0;
  private ifindex = 1;
  private wireLen = 0;
  private gsoSegs = 0;
  private gsoSize = 0;
  private tstamp = 0n;
  /** the low and high 32 bits of tstamp (pull() compares the image with them without a BigInt) */
  private tstampLo = 0;
  private tstampHi = 0;
  /** skb->tstamp_type (BPF_SKB_CLOCK_REALTIME 0, MONOTONIC 1, TAI 2), read through __sk_buff.tstamp_type */
  private tstampType = 0;
  private hwtstamp = 0n;
  /** the low and high 32 bits of hwtstamp (written to the image without a BigInt conversion) */
  private hwtstampLo = 0;
  private hwtstampHi = 0;
  /** the helper that moved the packet last (names the stale regions of further moves in the call) */
  private lastMove = '';
  /** the ctx_in of the run (ctx_out starts from it, as the kernel writes back into the same buffer) */
  private ctxIn: Uint8Array | undefined = undefined;

  constructor(
    private readonly mem: AddressSpace,
    /** which verifier rules the context follows */
    readonly prog: SkbProg,
    private readonly opts: SkbContextOptions = {},
  ) {
    this.ctx = mem.allocate(SKB_SIZE, { kind: REGION_KIND.ctx, perm: PERM.rw, name: '__sk_buff', access: skbAccess(prog) });
    this.buf = new PacketBuffer(mem, SLOT, 'skb packet');
  }

  get r1(): number {
    return this.ctx.start;
  }

  /** The packet region: also the VM's `packet` for legacy LD_ABS/LD_IND loads. */
  get packet(): Region {
    return this.buf.region;
  }

  get isTc(): boolean {
    return this.prog === SKB_PROG.tc;
  }

  /** Absolute address of skb->data. */
  get data(): number {
    return this.buf.base + this.dataOff;
  }

  /** Prepares a run (bpf_prog_test_run_skb). Throws ContextError. */
  setup(frame: Uint8Array, ctxIn?: Uint8Array): void {
    const refused = this.trySetup(frame, ctxIn);
    if (refused !== undefined) throw refused.toError();
  }

  /** setup() that returns the refusal instead of throwing it (undefined: ready to run). */
  trySetup(frame: Uint8Array, ctxIn?: Uint8Array): ContextRefusal | undefined {
    if (frame.length < ETH_HLEN || frame.length > SKB_MAX_TEST_LEN) {
      return new ContextRefusal(this.prog, `packet of ${frame.length} bytes (must be ${ETH_HLEN} to ${SKB_MAX_TEST_LEN})`, 'EINVAL');
    }
    const c = ctxIn === undefined ? undefined : readCtxIn(this.prog, ctxIn);
    if (c instanceof ContextRefusal) return c;
    this.ctxIn = c === undefined ? undefined : c.raw;
    this.buf.reset(this.buf.base + START, this.buf.base + START + frame.length);
    const u8 = this.mem.u8;
    const base = this.buf.base;
    u8.set(frame, base + START);
    this.buf.touch(base + START, base + START + frame.length);
    this.ifindex = this.opts.ifindex ?? 1;
    if (c !== undefined && c.ifindex > 1) {
      const exists = this.opts.ifindexExists ?? ((i: number) => i === 1);
      if (!exists(c.ifindex)) return new ContextRefusal(this.prog, `no device with ifindex ${c.ifindex}`, 'ENODEV');
      this.ifindex = c.ifindex;
    }
    // eth_type_trans
    this.macOff = START;
    // the loopback device's address and broadcast address are both 00:00:00:00:00:00, so a frame
    // to ff:ff:ff:ff:ff:ff counts as multicast, not broadcast (measured on 6.18)
    if ((frame[0]! | frame[1]! | frame[2]! | frame[3]! | frame[4]! | frame[5]!) !== 0) this.pktType = frame[0]! & 1 ? 2 : 3;
    else this.pktType = 0;
    const type = (frame[12]! << 8) | frame[13]!;
    const proto = type >= 0x0600 ? type : frame.length >= 16 && frame[14] === 0xff && frame[15] === 0xff ? 0x0001 : 0x0004;
    this.protocol = be16(proto);
    // the test run refuses IPv4 / IPv6 frames whose network header does not fit (measured on 6.18)
    const l3 = frame.length - ETH_HLEN;
    if ((proto === ETH_P_IP && l3 < 20) || (proto === ETH_P_IPV6 && l3 < 40)) {
      return new ContextRefusal(this.prog, `${proto === ETH_P_IP ? 'IPv4' : 'IPv6'} frame of ${frame.length} bytes is shorter than its network header`, 'EINVAL');
    }
    this.netOff = START + ETH_HLEN;
    this.transOff = -1;
    this.macLen = 0;
    this.dataOff = this.isTc ? START : START + ETH_HLEN;
    this.len = this.isTc ? frame.length : frame.length - ETH_HLEN;
    this.vlanPresent = 0;
    this.vlanTci = 0;
    this.vlanProto = 0;
    this.hash = 0;
    this.l4Hash = false;
    this.swHash = false;
    this.ipSummed = CHECKSUM_NONE;
    this.csumLevel = 0;
    this.encapsulation = false;
    this.queueMapping = 0;
    this.tcIndex = 0;
    this.tcClassid = 0;
    this.mark = c?.mark ?? 0;
    this.priority = c?.priority ?? 0;
    this.ingressIfindex = c?.ingressIfindex ?? 0;
    this.setTstampValue(c?.tstamp ?? 0n);
    this.tstampType = 0;
    this.gsoSegs = c?.gsoSegs ?? 0;
    this.gsoSize = c?.gsoSize ?? 0;
    this.hwtstamp = c?.hwtstamp ?? 0n;
    this.hwtstampLo = c === undefined ? 0 : Number(c.hwtstamp & 0xffffffffn);
    this.hwtstampHi = c === undefined ? 0 : Number(c.hwtstamp >> 32n);
    if (c !== undefined) {
      if (c.wireLen !== 0 && (c.wireLen < this.len || c.wireLen > 65536)) return new ContextRefusal(this.prog, `ctx_in wire_len ${c.wireLen}`, 'EINVAL');
      if (c.gsoSegs > 65535) return new ContextRefusal(this.prog, `ctx_in gso_segs ${c.gsoSegs}`, 'EINVAL');
      this.wireLen = c.wireLen === 0 ? this.len : c.wireLen;
    } else {
      this.wireLen = 0;
    }
    this.mem.u8.fill(0, this.ctx.start, this.ctx.end);
    if (c !== undefined) this.mem.u8.set(c.cb, this.ctx.start + SKB.cb);
    this.sync();
    return undefined;
  }

  /** The packet and context after a run (pull() first). */
  result(): SkbResult {
    this.pull();
    const u8 = this.mem.u8;
    const packet = u8.slice(this.data, this.data + this.len);
    let dataOut = packet;
    if (!this.isTc) {
      dataOut = new Uint8Array(ETH_HLEN + packet.length);
      dataOut.set(packet, ETH_HLEN);
    }
    const ctxOut = new Uint8Array(SKB_SIZE);
    if (this.ctxIn !== undefined) ctxOut.set(this.ctxIn);
    const v = new DataView(ctxOut.buffer);
    v.setUint32(SKB.mark, this.mark, true);
    v.setUint32(SKB.priority, this.priority, true);
    v.setUint32(SKB.ingress_ifindex, this.ingressIfindex, true);
    v.setUint32(SKB.ifindex, this.ifindex, true);
    ctxOut.set(u8.subarray(this.ctx.start + SKB.cb, this.ctx.start + SKB.cb + 20), SKB.cb);
    v.setBigUint64(SKB.tstamp, this.tstamp, true);
    v.setUint32(SKB.wire_len, this.wireLen, true);
    v.setUint32(SKB.gso_segs, this.gsoSegs, true);
    v.setBigUint64(SKB.hwtstamp, this.hwtstamp, true);
    return { dataOut, packet, ctxOut };
  }

  /**
   * The bytes a socket filter keeps for a return value (sk_filter_trim_cap: 0 drops the packet, a value
   * below the length trims it, anything else keeps it whole).
   */
  keptBytes(retval: number): Uint8Array {
    const n = retval >>> 0;
    return this.mem.u8.slice(this.data, this.data + Math.min(n, this.len));
  }

  /** Reads the program's stores from the __sk_buff image into the model (kernel store semantics). */
  pull(): void {
    const v = this.mem.dv;
    const c = this.ctx.start;
    this.mark = v.getUint32(c + SKB.mark, true);
    this.priority = v.getUint32(c + SKB.priority, true);
    const ti = v.getUint32(c + SKB.tc_index, true);
    this.tcIndex = ti & 0xffff;
    if (ti !== this.tcIndex) v.setUint32(c + SKB.tc_index, this.tcIndex, true);
    const tc = v.getUint32(c + SKB.tc_classid, true);
    this.tcClassid = tc & 0xffff;
    if (tc !== this.tcClassid) v.setUint32(c + SKB.tc_classid, this.tcClassid, true);
    const q = v.getUint32(c + SKB.queue_mapping, true);
    if (q < 0xffff) this.queueMapping = q;
    else v.setUint32(c + SKB.queue_mapping, this.queueMapping, true);
    if (this.isTc) {
      const lo = v.getUint32(c + SKB.tstamp, true);
      const hi = v.getUint32(c + SKB.tstamp + 4, true);
      if (lo !== this.tstampLo || hi !== this.tstampHi) this.setTstampValue(v.getBigUint64(c + SKB.tstamp, true));
    }
  }

  /** Writes the model into the __sk_buff image and the packet window. */
  sync(): void {
    const v = this.mem.dv;
    const c = this.ctx.start;
    const data = this.data;
    this.buf.setWindow(data, data + this.len);
    v.setUint32(c + SKB.len, this.len, true);
    v.setUint32(c + SKB.pkt_type, this.pktType, true);
    v.setUint32(c + SKB.mark, this.mark, true);
    v.setUint32(c + SKB.queue_mapping, this.queueMapping, true);
    v.setUint32(c + SKB.protocol, this.protocol, true);
    v.setUint32(c + SKB.vlan_present, this.vlanPresent, true);
    v.setUint32(c + SKB.vlan_tci, this.vlanTci, true);
    v.setUint32(c + SKB.vlan_proto, this.vlanProto, true);
    v.setUint32(c + SKB.priority, this.priority, true);
    v.setUint32(c + SKB.ingress_ifindex, this.ingressIfindex, true);
    v.setUint32(c + SKB.ifindex, this.ifindex, true);
    v.setUint32(c + SKB.tc_index, this.tcIndex, true);
    v.setUint32(c + SKB.hash, this.hash, true);
    v.setUint32(c + SKB.tc_classid, this.tcClassid, true);
    v.setUint32(c + SKB.data, this.isTc ? data : 0, true);
    v.setUint32(c + SKB.data_end, this.isTc ? data + this.len : 0, true);
    v.setUint32(c + SKB.data_meta, this.isTc ? data : 0, true);
    v.setUint32(c + SKB.tstamp, this.tstampLo, true);
    v.setUint32(c + SKB.tstamp + 4, this.tstampHi, true);
    v.setUint8(c + SKB.tstamp_type, this.isTc ? this.tstampType : 0);
    v.setUint32(c + SKB.wire_len, this.wireLen, true);
    v.setUint32(c + SKB.gso_segs, this.gsoSegs, true);
    v.setUint32(c + SKB.gso_size, this.gsoSize, true);
    v.setUint32(c + SKB.hwtstamp, this.hwtstampLo, true);
    v.setUint32(c + SKB.hwtstamp + 4, this.hwtstampHi, true);
  }

  // ------------------------------------------------------------------ operations for the helpers

  /** The packet moves (helpers in bpf_helper_changes_pkt_data): old packet pointers go stale. */
  invalidate(helper: string): void {
    this.lastMove = helper;
    this.buf.move(helper, this.liveRange());
    this.sync(); // the __sk_buff data / data_end a program reloads must point into the moved packet
  }

  /** The slot bytes that can still be observed: from the MAC header (or data) to the end of data. */
  private liveRange(): { from: number; to: number } {
    return { from: Math.min(this.macOff, this.dataOff, this.netOff), to: this.dataOff + this.len };
  }

  /** Moves the packet to a larger slot: `head` more bytes in front, at least `cap` bytes in all. */
  private grow(head: number, cap: number): void {
    const shift = Math.ceil(head / 64) * 64;
    const capacity = Math.max(this.buf.capacity + shift, Math.ceil(cap / 64) * 64);
    if (capacity > 1 << 20) throw new ContextError(this.prog, 'the packet grew past 1 MiB', 'ENOMEM');
    this.buf.move(this.lastMove, { ...this.liveRange(), capacity, shift });
    this.dataOff += shift;
    this.macOff += shift;
    this.netOff += shift;
    if (this.transOff >= 0) this.transOff += shift;
  }

  /** A live view of `len` bytes at absolute `addr` inside the slot (the helpers may write through it). */
  view(addr: number, len: number): Uint8Array {
    this.buf.touch(addr, addr + len);
    return this.mem.u8.subarray(addr, addr + len);
  }

  /** skb_push: data moves back `n` bytes (into a larger slot when the head room is short). */
  push(n: number): void {
    if (this.dataOff - n < 0) this.grow(n - this.dataOff + SKB_HEADROOM, 0);
    this.dataOff -= n;
    this.len += n;
  }

  /** skb_pull */
  pullBytes(n: number): void {
    this.dataOff += n;
    this.len -= n;
  }

  /** Sets the length (grown bytes zeroed; into a larger slot when the tail room is short). */
  setLen(n: number): void {
    if (this.dataOff + n > this.buf.capacity) this.grow(0, this.dataOff + n + 320);
    if (n > this.len) this.mem.u8.fill(0, this.data + this.len, this.data + n);
    this.len = n;
  }

  /** bpf_skb_set_tstamp */
  setTstamp(ts: bigint, type: number): void {
    this.setTstampValue(ts);
    this.tstampType = type;
    this.sync();
  }

  /** Sets tstamp (a u64) and its halves. */
  private setTstampValue(ts: bigint): void {
    this.tstamp = ts;
    if (ts === 0n) {
      this.tstampLo = 0;
      this.tstampHi = 0;
      return;
    }
    this.tstampLo = Number(ts & 0xffffffffn);
    this.tstampHi = Number((ts >> 32n) & 0xffffffffn);
  }

  /** skb_clear_hash */
  clearHash(): void {
    this.hash = 0;
    this.l4Hash = false;
    this.swHash = false;
  }

  /** Offsets of the headers relative to data (skb_network_offset etc.). */
  get networkOffset(): number {
    return this.netOff - this.dataOff;
  }
  get macOffset(): number {
    return this.macOff - this.dataOff;
  }

  /** Frees the context's regions. */
  dispose(): void {
    if (this.ctx.live) this.mem.free(this.ctx);
    this.buf.dispose();
  }
}

interface SkbCtxIn {
  raw: Uint8Array;
  mark: number;
  priority: number;
  ingressIfindex: number;
  ifindex: number;
  cb: Uint8Array;
  tstamp: bigint;
  wireLen: number;
  gsoSegs: number;
  gsoSize: number;
  hwtstamp: bigint;
}

/** The fields convert___skb_to_skb accepts; any other non-zero byte is EINVAL. */
const CTX_IN_ALLOWED: readonly [number, number][] = [
  [SKB.mark, 4], [SKB.priority, 4], [SKB.ingress_ifindex, 4], [SKB.ifindex, 4], [SKB.cb, 20],
  [SKB.tstamp, 8], [SKB.wire_len, 4], [SKB.gso_segs, 4], [SKB.gso_size, 4], [SKB.hwtstamp, 8],
];

function readCtxIn(prog: string, b: Uint8Array): SkbCtxIn | ContextRefusal {
  if (b.length > SKB_SIZE && b.subarray(SKB_SIZE).some((x) => x !== 0)) {
    return new ContextRefusal(prog, `ctx_in has non-zero bytes past the ${SKB_SIZE}-byte __sk_buff`, 'E2BIG');
  }
  const p = new Uint8Array(SKB_SIZE);
  p.set(b.subarray(0, SKB_SIZE));
  const allowed = new Uint8Array(SKB_SIZE);
  for (const [o, n] of CTX_IN_ALLOWED) allowed.fill(1, o, o + n);
  const bad = p.findIndex((x, i) => x !== 0 && allowed[i] === 0);
  if (bad >= 0) return new ContextRefusal(prog, `ctx_in byte ${bad} of __sk_buff must be zero (only mark, priority, ingress_ifindex, ifindex, cb, tstamp, wire_len, gso_segs, gso_size, hwtstamp may be set)`, 'EINVAL');
  const v = new DataView(p.buffer);
  return {
    raw: p,
    mark: v.getUint32(SKB.mark, true), priority: v.getUint32(SKB.priority, true),
    ingressIfindex: v.getUint32(SKB.ingress_ifindex, true), ifindex: v.getUint32(SKB.ifindex, true),
    cb: p.slice(SKB.cb, SKB.cb + 20), tstamp: v.getBigUint64(SKB.tstamp, true), wireLen: v.getUint32(SKB.wire_len, true),
    gsoSegs: v.getUint32(SKB.gso_segs, true), gsoSize: v.getUint32(SKB.gso_size, true), hwtstamp: v.getBigUint64(SKB.hwtstamp, true),
  };
}
