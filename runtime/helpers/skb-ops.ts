// The packet operations behind the __sk_buff helpers (net/core/filter.c, net/core/skbuff.c,
// include/linux/if_vlan.h, include/net/inet_ecn.h): VLAN tag insertion and removal, room adjustment
// at the MAC or network header, ECN marking, checksum-state resets. In: the SkbContext model. Out: the
// packet bytes and sk_buff fields changed as the kernel changes them, and the helpers' return values.

import { CHECKSUM_NONE, CHECKSUM_UNNECESSARY, ERRNO, ETH_HLEN, ETH_P_8021AD, ETH_P_8021Q, ETH_P_IP, ETH_P_IPV6, BPF_SKB_MAX_LEN, type SkbContext } from '../context/index.js';

export const be16 = (v: number): number => ((v & 0xff) << 8) | ((v >> 8) & 0xff);
export const VLAN_HLEN = 4;

const F_ADJ_ROOM_FIXED_GSO = 1n;
const F_ADJ_ROOM_ENCAP_L3_IPV4 = 2n;
const F_ADJ_ROOM_ENCAP_L3_IPV6 = 4n;
const F_ADJ_ROOM_ENCAP_L4_GRE = 8n;
const F_ADJ_ROOM_ENCAP_L4_UDP = 16n;
const F_ADJ_ROOM_NO_CSUM_RESET = 32n;
const F_ADJ_ROOM_ENCAP_L2_ETH = 64n;
const F_ADJ_ROOM_DECAP_L3_IPV4 = 128n;
const F_ADJ_ROOM_DECAP_L3_IPV6 = 256n;
const ENCAP_L3_MASK = F_ADJ_ROOM_ENCAP_L3_IPV4 | F_ADJ_ROOM_ENCAP_L3_IPV6;
const DECAP_L3_MASK = F_ADJ_ROOM_DECAP_L3_IPV4 | F_ADJ_ROOM_DECAP_L3_IPV6;
const ADJ_ROOM_MASK = F_ADJ_ROOM_FIXED_GSO | ENCAP_L3_MASK | F_ADJ_ROOM_ENCAP_L4_GRE | F_ADJ_ROOM_ENCAP_L4_UDP |
  F_ADJ_ROOM_ENCAP_L2_ETH | (0xffn << 56n) | DECAP_L3_MASK;

/** skb_ensure_writable / pskb_may_pull on a linear skb: the first `n` bytes exist. */
export const mayPull = (s: SkbContext, n: number): boolean => n <= s.len;

function protoIs(s: SkbContext, p: number): boolean {
  return s.protocol === be16(p);
}

/** vlan_get_protocol: skb->protocol, or the type inside the VLAN headers of the packet. */
export function vlanGetProtocol(s: SkbContext): number {
  let type = s.protocol;
  if (!isVlanProto(type)) return type;
  let depth = s.macLen ? s.macLen - VLAN_HLEN : ETH_HLEN;
  let parse = 8;
  do {
    if (depth + 4 > s.len || !--parse) return 0;
    const h = s.view(s.data + depth, 4);
    type = h[2]! | (h[3]! << 8);
    depth += VLAN_HLEN;
  } while (isVlanProto(type));
  return type;
}

/** bpf_skb_ecn_set_ce → INET_ECN_set_ce on the network header. */
export function ecnSetCe(s: SkbContext): number {
  const proto = vlanGetProtocol(s);
  const hlen = proto === be16(ETH_P_IP) ? 20 : proto === be16(ETH_P_IPV6) ? 40 : 0;
  if (hlen === 0 || s.len < hlen) return 0;
  const nh = s.buf.base + s.netOff;
  if (nh + hlen > s.data + s.len) return 0;
  const h = s.view(nh, hlen);
  if (hlen === 20) {
    const ecn = (h[1]! + 1) & 3;
    if (!(ecn & 2)) return ecn ? 0 : 1;
    // check += htons(0xFFFB) + htons(ecn), as csum16_add on the stored (network-order) value
    const addend = (be16(0xfffb) + be16(ecn)) & 0xffff;
    const check = h[10]! | (h[11]! << 8);
    let r = (check + addend) & 0xffff;
    r = (r + (r < addend ? 1 : 0)) & 0xffff;
    h[10] = r & 0xff;
    h[11] = r >> 8;
    h[1] = h[1]! | 3;
    return 1;
  }
  const ds = ((h[0]! & 0x0f) << 4) | (h[1]! >> 4);
  if ((ds & 3) === 0) return 0;
  h[1] = h[1]! | 0x30;
  return 1;
}

export function putU16(s: SkbContext, off: number, v: number): void {
  const b = s.view(s.data + off, 2);
  b[0] = v & 0xff;
  b[1] = (v >> 8) & 0xff;
}

export function resetCsum(s: SkbContext): void {
  if (s.ipSummed === CHECKSUM_UNNECESSARY) {
    s.ipSummed = CHECKSUM_NONE;
    s.csumLevel = 0;
  }
}

/** __vlan_insert_tag with mac_len = ETH_HLEN: push 4 bytes, move the MAC addresses, write proto + TCI. */
export function insertTag(s: SkbContext, proto: number, tci: number): void {
  s.push(VLAN_HLEN);
  const d = s.view(s.data, ETH_HLEN + VLAN_HLEN);
  d.copyWithin(0, VLAN_HLEN, VLAN_HLEN + 12);
  s.macOff -= VLAN_HLEN;
  d[12] = proto & 0xff;
  d[13] = (proto >> 8) & 0xff;
  d[14] = (tci >> 8) & 0xff;
  d[15] = tci & 0xff;
}

const isVlanProto = (p: number): boolean => p === be16(ETH_P_8021Q) || p === be16(ETH_P_8021AD);

/** __skb_vlan_pop: returns 0 or -errno; the TCI through `out`. */
function vlanRemove(s: SkbContext, out: { tci: number }): number {
  if (s.macOffset !== 0) return -ERRNO.EINVAL;
  if (!mayPull(s, ETH_HLEN + VLAN_HLEN)) return -ERRNO.ENOMEM;
  const d = s.view(s.data, ETH_HLEN + VLAN_HLEN);
  out.tci = (d[14]! << 8) | d[15]!;
  const encap = (d[16]! << 8) | d[17]!;
  d.copyWithin(VLAN_HLEN, 0, 12);
  // vlan_set_encap_proto
  if (encap >= 0x0600) s.protocol = be16(encap);
  else {
    const next = s.len >= ETH_HLEN + VLAN_HLEN + 2 ? s.view(s.data + ETH_HLEN + VLAN_HLEN, 2) : undefined;
    s.protocol = be16(next !== undefined && next[0] === 0xff && next[1] === 0xff ? 0x0001 : 0x0004);
  }
  s.pullBytes(VLAN_HLEN);
  s.macOff += VLAN_HLEN;
  if (s.netOff - s.dataOff < ETH_HLEN) s.netOff = s.dataOff + ETH_HLEN;
  s.macLen = s.netOff - s.macOff;
  return 0;
}

/** skb_vlan_pop */
export function vlanPop(s: SkbContext): number {
  const t = { tci: 0 };
  if (s.vlanPresent) {
    s.vlanPresent = 0;
    s.vlanTci = 0;
    s.vlanProto = 0;
  } else {
    if (!isVlanProto(s.protocol)) return 0;
    const r = vlanRemove(s, t);
    if (r) return r;
  }
  if (!isVlanProto(s.protocol)) return 0;
  const proto = s.protocol;
  const r = vlanRemove(s, t);
  if (r) return r;
  s.vlanPresent = 1;
  s.vlanProto = proto;
  s.vlanTci = t.tci;
  return 0;
}

/** bpf_skb_adjust_room (BPF_ADJ_ROOM_NET = 0, BPF_ADJ_ROOM_MAC = 1). */
export function adjustRoom(s: SkbContext, lenDiff: number, mode: number, flags: bigint): number {
  const abs = Math.abs(lenDiff);
  const shrink = lenDiff < 0;
  const base = protoIs(s, ETH_P_IP) ? 20 : protoIs(s, ETH_P_IPV6) ? 40 : -1;
  let lenMin = base;
  if (flags & ~(ADJ_ROOM_MASK | F_ADJ_ROOM_NO_CSUM_RESET)) return -ERRNO.EINVAL;
  if (abs > 0xfff) return -ERRNO.EFAULT;
  if (base < 0) return -ERRNO.ENOTSUPP;
  if (flags & DECAP_L3_MASK) {
    if (!shrink) return -ERRNO.EINVAL;
    const d = flags & DECAP_L3_MASK;
    if (d === F_ADJ_ROOM_DECAP_L3_IPV4) lenMin = 20;
    else if (d === F_ADJ_ROOM_DECAP_L3_IPV6) lenMin = 40;
    else return -ERRNO.EINVAL;
  }
  let off = s.netOff - s.macOff;
  if (mode === 0) off += base;
  else if (mode !== 1) return -ERRNO.ENOTSUPP;
  const lenCur = s.len - s.networkOffset;
  if ((shrink && (abs >= lenCur || lenCur - abs < lenMin)) || (!shrink && s.len + abs > BPF_SKB_MAX_LEN)) return -ERRNO.ENOTSUPP;
  const r = shrink ? netShrink(s, off, abs, flags) : netGrow(s, off, abs, flags);
  if (r === 0 && !(flags & F_ADJ_ROOM_NO_CSUM_RESET)) resetCsum(s);
  return r;
}

function netGrow(s: SkbContext, off: number, len: number, flags: bigint): number {
  const innerMacLen = Number((flags >> 56n) & 0xffn);
  const encap = (flags & ENCAP_L3_MASK) !== 0n;
  const macLen = s.netOff - s.macOff;
  if (encap) {
    if (!protoIs(s, ETH_P_IP) && !protoIs(s, ETH_P_IPV6)) return -ERRNO.ENOTSUPP;
    if ((flags & ENCAP_L3_MASK) === ENCAP_L3_MASK) return -ERRNO.EINVAL;
    if (flags & F_ADJ_ROOM_ENCAP_L4_GRE && flags & F_ADJ_ROOM_ENCAP_L4_UDP) return -ERRNO.EINVAL;
    if (flags & F_ADJ_ROOM_ENCAP_L2_ETH && innerMacLen < ETH_HLEN) return -ERRNO.EINVAL;
    if (s.encapsulation) return -ERRNO.EALREADY;
    if (innerMacLen > len) return -ERRNO.EINVAL;
  }
  const transSame = s.transOff === s.netOff;
  // bpf_skb_generic_push: push, move the first `off` bytes to the front, zero the gap
  s.push(len);
  const d = s.view(s.data, off + len);
  d.copyWithin(0, len, len + off);
  d.fill(0, off, off + len);
  s.macOff -= len;
  s.netOff -= len;
  if (transSame) s.transOff = s.netOff;
  if (encap) {
    s.encapsulation = true;
    s.netOff = s.dataOff + macLen;
    if (flags & (F_ADJ_ROOM_ENCAP_L4_GRE | F_ADJ_ROOM_ENCAP_L4_UDP)) {
      s.transOff = s.dataOff + macLen + (flags & F_ADJ_ROOM_ENCAP_L3_IPV6 ? 40 : 20);
    }
    if (protoIs(s, ETH_P_IP) && flags & F_ADJ_ROOM_ENCAP_L3_IPV6) s.protocol = be16(ETH_P_IPV6);
    else if (protoIs(s, ETH_P_IPV6) && flags & F_ADJ_ROOM_ENCAP_L3_IPV4) s.protocol = be16(ETH_P_IP);
  }
  return 0;
}

function netShrink(s: SkbContext, off: number, len: number, flags: bigint): number {
  if (flags & ~(F_ADJ_ROOM_FIXED_GSO | DECAP_L3_MASK | F_ADJ_ROOM_NO_CSUM_RESET)) return -ERRNO.EINVAL;
  if (!mayPull(s, off + len)) return -ERRNO.ENOMEM;
  const transSame = s.transOff === s.netOff;
  const d = s.view(s.data, off + len);
  d.copyWithin(len, 0, off);
  s.pullBytes(len);
  s.macOff += len;
  s.netOff += len;
  if (transSame) s.transOff = s.netOff;
  if (protoIs(s, ETH_P_IP) && flags & F_ADJ_ROOM_DECAP_L3_IPV6) s.protocol = be16(ETH_P_IPV6);
  else if (protoIs(s, ETH_P_IPV6) && flags & F_ADJ_ROOM_DECAP_L3_IPV4) s.protocol = be16(ETH_P_IP);
  return 0;
}


/** bpf_skb_change_proto: IPv4 ↔ IPv6 by growing or shrinking the network header by 20 bytes. */
export function changeProto(s: SkbContext, proto: number, flags: bigint): number {
  if (flags !== 0n) return -ERRNO.EINVAL;
  const diff = 40 - 20;
  const off = s.netOff - s.macOff;
  if (protoIs(s, ETH_P_IP) && proto === be16(ETH_P_IPV6)) {
    const transSame = s.transOff === s.netOff;
    s.push(diff);
    const d = s.view(s.data, off + diff);
    d.copyWithin(0, diff, diff + off);
    d.fill(0, off, off + diff);
    s.macOff -= diff;
    s.netOff -= diff;
    if (transSame) s.transOff = s.netOff;
    s.protocol = be16(ETH_P_IPV6);
    s.clearHash();
    return 0;
  }
  if (protoIs(s, ETH_P_IPV6) && proto === be16(ETH_P_IP)) {
    if (!mayPull(s, off + diff)) return -ERRNO.ENOMEM;
    const transSame = s.transOff === s.netOff;
    s.view(s.data, off + diff).copyWithin(diff, 0, off);
    s.pullBytes(diff);
    s.macOff += diff;
    s.netOff += diff;
    if (transSame) s.transOff = s.netOff;
    s.protocol = be16(ETH_P_IP);
    s.clearHash();
    return 0;
  }
  return -ERRNO.ENOTSUPP;
}
