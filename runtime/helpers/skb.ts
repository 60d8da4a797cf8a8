// __sk_buff helpers of TC and socket-filter programs (net/core/filter.c tc_cls_act_func_proto and
// sk_filter_func_proto): packet bytes, checksums, VLAN tags, head/tail/room changes, hashes. The test
// run's skb is linear, not cloned, with ip_summed = CHECKSUM_NONE, so checksum offload bookkeeping
// (skb->csum) never changes what these helpers store; -ENOTSUPP for bpf_csum_update follows from it.

import { BPF_SKB_MAX_LEN, CHECKSUM_NONE, CHECKSUM_UNNECESSARY, ERRNO, ETH_P_8021AD, ETH_P_8021Q, SkbContext } from '../context/index.js';
import { ARG, RET } from '../vm/index.js';
import { readArg, sizeArg, skbArg, writeArg, PROG_FAMILY, type HelperDef } from './def.js';
import { csumReplace2, csumReplace4, csumReplaceByDiff } from './csum.js';
import { adjustRoom, be16, changeProto, ecnSetCe, insertTag, mayPull, putU16, resetCsum, VLAN_HLEN, vlanPop } from './skb-ops.js';
import { skbFlowHash } from './flow-hash.js';
import { TC_ACT_REDIRECT, TC_ACT_SHOT } from './xdp.js';

const A = ARG;
const TC = [PROG_FAMILY.tc] as const;
const SKB_ALL = [PROG_FAMILY.tc, PROG_FAMILY.socket] as const;
const INT_MAX = 0x7fffffff;

/**
 * The checksum `sum` after replacing `from` by `to` (l3/l4_csum_replace, the BPF_F_HDR_FIELD_MASK size in
 * `flags`: 0 = `to` is a checksum difference, 2 or 4 = a 16- or 32-bit field), or -EINVAL.
 */
function replacedCsum(sum: number, from: bigint, to: number, flags: bigint): number {
  switch (Number(flags & 0xfn)) {
    case 0:
      return from !== 0n ? -ERRNO.EINVAL : csumReplaceByDiff(sum, to);
    case 2:
      return csumReplace2(sum, Number(from & 0xffffn), to & 0xffff);
    case 4:
      return csumReplace4(sum, Number(from & 0xffffffffn), to);
    default:
      return -ERRNO.EINVAL;
  }
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
      const out = replacedCsum(sum, from, to, flags);
      if (out < 0) return out;
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
      let out = replacedCsum(sum, from, to, flags);
      if (out < 0) return out;
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
    name: 'skb_change_proto', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_skb_change_proto');
      const r = changeProto(s, c.u32(2) & 0xffff, c.u64(3));
      s.sync();
      return r;
    },
  },
  {
    // the test run's socket has no struct socket: sock_net_uid() gives uid 0
    name: 'get_socket_uid', args: [A.ARG_PTR_TO_CTX], ret: RET.RET_INTEGER, types: SKB_ALL,
    call: (c, env) => {
      skbArg(c, env);
      return env.socketUid;
    },
  },
  {
    name: 'skb_set_tstamp', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      const s = skbArg(c, env);
      const ts = c.u64(2);
      const type = c.u32(3);
      if (s.protocol !== be16(0x0800) && s.protocol !== be16(0x86dd)) return -ERRNO.EOPNOTSUPP;
      // BPF_SKB_CLOCK_REALTIME 0, _MONOTONIC 1, _TAI 2: the last two need a non-zero time
      if (type > 2 || (type !== 0 && ts === 0n)) return -ERRNO.EINVAL;
      s.setTstamp(ts, type);
      return 0;
    },
  },
  {
    name: 'redirect_peer', args: [A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      if (c.u64(2) !== 0n) return TC_ACT_SHOT;
      env.redirect = { helper: 'bpf_redirect_peer', index: c.u32(1), flags: 0n };
      return TC_ACT_REDIRECT;
    },
  },
  {
    name: 'redirect_neigh', args: [A.ARG_ANYTHING, A.ARG_PTR_TO_MEM_OR_NULL, A.ARG_CONST_SIZE_OR_ZERO, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      const plen = sizeArg(c, 3);
      // sizeof(struct bpf_redir_neigh) = 20
      if ((plen && plen < 20) || c.u64(4) !== 0n) return TC_ACT_SHOT;
      env.redirect = { helper: 'bpf_redirect_neigh', index: c.u32(1), flags: 0n };
      return TC_ACT_REDIRECT;
    },
  },
  {
    name: 'clone_redirect', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC, changesPkt: true,
    call: (c, env) => {
      const s = skbArg(c, env);
      s.invalidate('bpf_clone_redirect');
      if (c.u64(3) & ~1n) return -ERRNO.EINVAL;
      if (!env.devices.has(c.u32(2))) return -ERRNO.EINVAL;
      // __bpf_redirect_common: a clone without a link-layer header is dropped
      if (s.macOff >= s.netOff) return -ERRNO.ERANGE;
      env.clones.push({ ifindex: c.u32(2), ingress: (c.u64(3) & 1n) !== 0n, packet: s.view(s.buf.base + s.macOff, s.data + s.len - (s.buf.base + s.macOff)).slice() });
      return 0;
    },
  },
  {
    // no tunnel metadata on a test-run skb: -EINVAL and a zeroed key
    name: 'skb_get_tunnel_key', args: [A.ARG_PTR_TO_CTX, A.ARG_PTR_TO_UNINIT_MEM, A.ARG_CONST_SIZE, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      skbArg(c, env);
      writeArg(c, 2, sizeArg(c, 3)).fill(0);
      return -ERRNO.EINVAL;
    },
  },
  {
    name: 'skb_get_tunnel_opt', args: [A.ARG_PTR_TO_CTX, A.ARG_PTR_TO_UNINIT_MEM, A.ARG_CONST_SIZE], ret: RET.RET_INTEGER, types: TC,
    call: (c, env) => {
      skbArg(c, env);
      writeArg(c, 2, sizeArg(c, 3)).fill(0);
      return -ERRNO.ENOENT;
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
