// __sk_buff helpers of TC and socket-filter programs (net/core/filter.c tc_cls_act_func_proto and
// sk_filter_func_proto): packet bytes, checksums, VLAN tags, head/tail/room changes, hashes. The test
// run's skb is linear, not cloned, with ip_summed = CHECKSUM_NONE, so checksum offload bookkeeping
// (skb->csum) never changes what these helpers store; -ENOTSUPP for bpf_csum_update follows from it.

import { BPF_SKB_MAX_LEN, CHECKSUM_NONE, CHECKSUM_UNNECESSARY, ERRNO, ETH_HLEN, ETH_P_8021AD, ETH_P_8021Q, ETH_P_IP, ETH_P_IPV6, SkbContext } from '../context/index.js';
import { ARG, RET } from '../vm/index.js';
import { readArg, sizeArg, skbArg, writeArg, PROG_FAMILY, type HelperDef } from './def.js';
import { csumReplace2, csumReplace4, csumReplaceByDiff } from './csum.js';
import { skbFlowHash } from './flow-hash.js';

const A = ARG;
const TC = [PROG_FAMILY.tc] as const;
const SKB_ALL = [PROG_FAMILY.tc, PROG_FAMILY.socket] as const;
const be16 = (v: number): number => ((v & 0xff) << 8) | ((v >> 8) & 0xff);
const VLAN_HLEN = 4;
const INT_MAX = 0x7fffffff;

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
const mayPull = (s: SkbContext, n: number): boolean => n <= s.len;

function protoIs(s: SkbContext, p: number): boolean {
  return s.protocol === be16(p);
}

export const SKB_HELPERS: readonly HelperDef[] = [
  {
    name: 'skb_load_bytes', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_PTR_TO_UNINIT_MEM, A.ARG_CONST_SIZE], ret: RET.RET_INTEGER, types: SKB_ALL,
    call: (c, env) => {
      const s = skbArg(c, env);
      const off = c.u32(2);
      const len = sizeArg(c, 4);
      const dst = writeArg(c, 3, len);
      if (off > INT_MAX || off + len > s.len) {
        dst.fill(0);
        return -ERRNO.EFAULT;
      }
      dst.set(s.view(s.data + off, len));
      return 0;
    },
  },
  {
    name: 'skb_load_bytes_relative', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_PTR_TO_UNINIT_MEM, A.ARG_CONST_SIZE, A.ARG_ANYTHING],
    ret: RET.RET_INTEGER, types: SKB_ALL,
    call: (c, env) => {
      const s = skbArg(c, env);
      const off = c.u32(2);
      const len = sizeArg(c, 4);
      const hdr = c.u32(5);
      const dst = writeArg(c, 3, len);
      const start = hdr === 0 ? s.buf.base + s.macOff : hdr === 1 ? s.buf.base + s.netOff : -1;
      if (off > 0xffff || start < 0 || start + off + len > s.data + s.len) {
        dst.fill(0);
        return -ERRNO.EFAULT;
      }
      dst.set(s.view(start + off, len));
      return 0;
    },
  },
  {
    name: 'skb_store_bytes', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_PTR_TO_MEM, A.ARG_CONST_SIZE, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      const off = c.u32(2);
      const len = sizeArg(c, 4);
      const flags = c.u64(5);
      const from = readArg(c, 3, len);
      s.invalidate('bpf_skb_store_bytes');
      if (flags & ~3n) return -ERRNO.EINVAL;
      if (off > INT_MAX || !mayPull(s, off + len)) return -ERRNO.EFAULT;
      s.view(s.data + off, len).set(from);
      if (flags & 2n) s.clearHash();
      s.sync();
      return 0;
    },
  },
  {
    name: 'skb_pull_data', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_skb_pull_data');
      const n = c.u32(2) || s.len;
      return mayPull(s, n) ? 0 : -ERRNO.ENOMEM;
    },
  },
  {
    name: 'l3_csum_replace', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_l3_csum_replace');
      const off = c.u32(2);
      const from = c.u64(3);
      const to = c.u32(4);
      const flags = c.u64(5);
      if (flags & ~0xfn) return -ERRNO.EINVAL;
      if (off > 0xffff || off & 1) return -ERRNO.EFAULT;
      if (!mayPull(s, off + 2)) return -ERRNO.EFAULT;
      const v = new DataView(s.view(s.data + off, 2).slice().buffer);
      const sum = v.getUint16(0, true);
      let out: number;
      switch (Number(flags & 0xfn)) {
        case 0:
          if (from !== 0n) return -ERRNO.EINVAL;
          out = csumReplaceByDiff(sum, to);
          break;
        case 2:
          out = csumReplace2(sum, Number(from & 0xffffn), to & 0xffff);
          break;
        case 4:
          out = csumReplace4(sum, Number(from & 0xffffffffn), to);
          break;
        default:
          return -ERRNO.EINVAL;
      }
      putU16(s, off, out);
      return 0;
    },
  },
  {
    name: 'l4_csum_replace', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_l4_csum_replace');
      const off = c.u32(2);
      const from = c.u64(3);
      const to = c.u32(4);
      const flags = c.u64(5);
      // BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE | BPF_F_PSEUDO_HDR | BPF_F_HDR_FIELD_MASK | BPF_F_IPV6
      if (flags & ~(0x20n | 0x40n | 0x10n | 0xfn | 0x80n)) return -ERRNO.EINVAL;
      if (off > 0xffff || off & 1) return -ERRNO.EFAULT;
      if (!mayPull(s, off + 2)) return -ERRNO.EFAULT;
      const sum = new DataView(s.view(s.data + off, 2).slice().buffer).getUint16(0, true);
      const mmzero = (flags & 0x20n) !== 0n;
      if (mmzero && !(flags & 0x40n) && sum === 0) return 0;
      let out: number;
      switch (Number(flags & 0xfn)) {
        case 0:
          if (from !== 0n) return -ERRNO.EINVAL;
          out = csumReplaceByDiff(sum, to);
          break;
        case 2:
          out = csumReplace2(sum, Number(from & 0xffffn), to & 0xffff);
          break;
        case 4:
          out = csumReplace4(sum, Number(from & 0xffffffffn), to);
          break;
        default:
          return -ERRNO.EINVAL;
      }
      if (mmzero && out === 0) out = 0xffff;
      putU16(s, off, out);
      return 0;
    },
  },
  {
    name: 'csum_update', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      skbArg(c, env);
      return -ERRNO.ENOTSUPP;
    },
  },
  {
    name: 'csum_level', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      const s = skbArg(c, env);
      switch (c.u64(2)) {
        case 0n:
          return s.ipSummed === CHECKSUM_UNNECESSARY ? s.csumLevel : -ERRNO.EACCES;
        case 1n:
          if (s.ipSummed === CHECKSUM_UNNECESSARY) s.csumLevel = Math.min(s.csumLevel + 1, 3);
          else if (s.ipSummed === CHECKSUM_NONE) {
            s.ipSummed = CHECKSUM_UNNECESSARY;
            s.csumLevel = 0;
          }
          return 0;
        case 2n:
          if (s.ipSummed === CHECKSUM_UNNECESSARY) {
            if (s.csumLevel === 0) s.ipSummed = CHECKSUM_NONE;
            else s.csumLevel--;
          }
          return 0;
        case 3n:
          resetCsum(s);
          return 0;
        default:
          return -ERRNO.EINVAL;
      }
    },
  },
  {
    name: 'skb_vlan_push', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_skb_vlan_push');
      let proto = c.u32(2) & 0xffff;
      if (proto !== be16(ETH_P_8021Q) && proto !== be16(ETH_P_8021AD)) proto = be16(ETH_P_8021Q);
      const tci = c.u32(3) & 0xffff;
      if (s.vlanPresent) {
        if (s.macOffset !== 0) return -ERRNO.EINVAL;
        insertTag(s, s.vlanProto, s.vlanTci);
        s.protocol = s.vlanProto;
        s.netOff -= VLAN_HLEN;
      }
      s.vlanPresent = 1;
      s.vlanProto = proto;
      s.vlanTci = tci;
      s.sync();
      return 0;
    },
  },
  {
    name: 'skb_vlan_pop', args: [A.ARG_PTR_TO_CTX], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_skb_vlan_pop');
      const r = vlanPop(s);
      s.sync();
      return r;
    },
  },
  {
    name: 'skb_change_head', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_skb_change_head');
      const room = c.u32(2);
      const newLen = (s.len + room) >>> 0;
      if (c.u64(3) !== 0n || newLen > BPF_SKB_MAX_LEN || newLen < s.len) return -ERRNO.EINVAL;
      s.push(room);
      s.view(s.data, room).fill(0);
      s.macOff = s.dataOff;
      s.macLen = s.netOff - s.macOff;
      s.sync();
      return 0;
    },
  },
  {
    name: 'skb_change_tail', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_skb_change_tail');
      const newLen = c.u32(2);
      const minLen = s.transOff >= 0 ? s.transOff - s.dataOff : s.networkOffset;
      if (c.u64(3) !== 0n || newLen > BPF_SKB_MAX_LEN || newLen < minLen) return -ERRNO.EINVAL;
      if (s.encapsulation) return -ERRNO.ENOTSUPP;
      s.setLen(newLen);
      s.sync();
      return 0;
    },
  },
  {
    name: 'skb_adjust_room', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_skb_adjust_room');
      const r = adjustRoom(s, c.lo(2), c.u32(3), c.u64(4));
      s.sync();
      return r;
    },
  },
  {
    name: 'skb_change_type', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      const s = skbArg(c, env);
      const t = c.u32(2);
      // skb_pkt_type_ok: PACKET_HOST .. PACKET_OTHERHOST
      if (s.pktType > 3 || t > 3) return -ERRNO.EINVAL;
      s.pktType = t;
      s.sync();
      return 0;
    },
  },
  {
    name: 'get_hash_recalc', args: [A.ARG_PTR_TO_CTX], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      const s = skbArg(c, env);
      if (!s.l4Hash && !s.swHash) {
        const h = skbFlowHash(s, env.hashSeed);
        s.hash = h.hash;
        s.l4Hash = h.l4;
        s.swHash = true;
        s.sync();
      }
      return s.hash;
    },
  },
  {
    name: 'set_hash_invalid', args: [A.ARG_PTR_TO_CTX], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.clearHash();
      s.sync();
      return 0;
    },
  },
  {
    name: 'set_hash', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.hash = c.u32(2);
      s.l4Hash = true;
      s.swHash = true;
      s.sync();
      return 0;
    },
  },
  {
    name: 'skb_ecn_set_ce', args: [A.ARG_PTR_TO_CTX], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      const s = skbArg(c, env);
      const r = ecnSetCe(s);
      s.sync();
      return r;
    },
  },
  {
    // TC: bpf_get_cgroup_classid(skb); every other type: bpf_get_cgroup_classid_curr() (the task's)
    name: 'get_cgroup_classid', args: [A.ARG_PTR_TO_CTX], ret: RET.RET_INTEGER, types: 'base',
    call: (c, env) => {
      if (env.ctx instanceof SkbContext && env.ctx.isTc) skbArg(c, env);
      return env.cgroupClassid;
    },
  },
  {
    name: 'get_route_realm', args: [A.ARG_PTR_TO_CTX], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      skbArg(c, env);
      return 0;
    },
  },
];

/** vlan_get_protocol: skb->protocol, or the type inside the VLAN headers of the packet. */
function vlanGetProtocol(s: SkbContext): number {
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
function ecnSetCe(s: SkbContext): number {
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

function putU16(s: SkbContext, off: number, v: number): void {
  const b = s.view(s.data + off, 2);
  b[0] = v & 0xff;
  b[1] = (v >> 8) & 0xff;
}

function resetCsum(s: SkbContext): void {
  if (s.ipSummed === CHECKSUM_UNNECESSARY) {
    s.ipSummed = CHECKSUM_NONE;
    s.csumLevel = 0;
  }
}

/** __vlan_insert_tag with mac_len = ETH_HLEN: push 4 bytes, move the MAC addresses, write proto + TCI. */
function insertTag(s: SkbContext, proto: number, tci: number): void {
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
function vlanPop(s: SkbContext): number {
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
function adjustRoom(s: SkbContext, lenDiff: number, mode: number, flags: bigint): number {
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

