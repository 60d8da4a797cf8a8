// XDP helpers (net/core/filter.c xdp_func_proto) and the helpers XDP shares with TC under the same id
// but with a per-context implementation: bpf_redirect (XDP: XDP_REDIRECT or XDP_ABORTED; TC:
// TC_ACT_REDIRECT or TC_ACT_SHOT), bpf_perf_event_output (payload from the xdp_buff or the skb via the
// BPF_F_CTXLEN_MASK bits of flags), bpf_check_mtu and bpf_csum_diff.

import { ERRNO, SkbContext, XdpContext } from '../context/index.js';
import { BPF_MAP_TYPE, CpumapMap, DevmapHashMap, DevmapMap, PerfEventArrayMap, XskmapMap, type BpfMap } from '../maps/index.js';
import { ARG, RET, type HelperCall } from '../vm/index.js';
import { mapArg, readArg, sizeArg, writeArg, xdpArg, intArg, PROG_FAMILY, type HelperDef } from './def.js';
import type { HelperEnv } from './env.js';
import { csumDiff } from './csum.js';

const A = ARG;
export const XDP_ABORTED = 0;
export const XDP_REDIRECT = 4;
export const TC_ACT_SHOT = 2;
export const TC_ACT_REDIRECT = 7;
export const BPF_F_INGRESS = 1n;
export const BPF_F_BROADCAST = 8n;
export const BPF_F_EXCLUDE_INGRESS = 16n;
const CTXLEN_MASK = 0xfffffn << 32n;
const INDEX_MASK = 0xffffffffn;

/** The map's redirect target lookup (the map_redirect op's lookup_elem), or undefined for maps without one. */
function redirectLookup(m: BpfMap): ((key: number) => boolean) | undefined {
  if (m instanceof DevmapMap) return (k) => m.target(k) !== undefined;
  if (m instanceof DevmapHashMap || m instanceof CpumapMap || m instanceof XskmapMap) {
    return (k) => {
      const key = new Uint8Array(4);
      new DataView(key.buffer).setUint32(0, k, true);
      return m.lookup(key) !== 0;
    };
  }
  return undefined;
}

export const XDP_HELPERS: readonly HelperDef[] = [
  {
    name: 'xdp_adjust_head', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp], changesPkt: true,
    call: (c, env) => xdpArg(c, env).adjustHead(intArg(c, 2)),
  },
  {
    name: 'xdp_adjust_meta', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp], changesPkt: true,
    call: (c, env) => xdpArg(c, env).adjustMeta(intArg(c, 2)),
  },
  {
    name: 'xdp_adjust_tail', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp], changesPkt: true,
    call: (c, env) => xdpArg(c, env).adjustTail(intArg(c, 2)),
  },
  {
    name: 'xdp_get_buff_len', args: [A.ARG_PTR_TO_CTX], ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp],
    call: (c, env) => xdpArg(c, env).bufLen(),
  },
  {
    name: 'xdp_load_bytes', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_PTR_TO_UNINIT_MEM, A.ARG_CONST_SIZE], ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp],
    call: (c, env) => {
      const x = xdpArg(c, env);
      const len = sizeArg(c, 4);
      const src = x.readBytes(c.u32(2), len);
      if (typeof src === 'number') return src;
      writeArg(c, 3, len).set(src);
      return 0;
    },
  },
  {
    name: 'xdp_store_bytes', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_PTR_TO_UNINIT_MEM, A.ARG_CONST_SIZE], ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp],
    call: (c, env) => {
      const x = xdpArg(c, env);
      const len = sizeArg(c, 4);
      return x.writeBytes(c.u32(2), readArg(c, 3, len));
    },
  },
  {
    name: 'redirect_map', args: [A.ARG_CONST_MAP_PTR, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp],
    call: (c, env) => {
      const m = mapArg(c, 1);
      const lookup = redirectLookup(m);
      if (lookup === undefined) return c.fault(`bpf_redirect_map needs a devmap, cpumap or xskmap, not map type ${m.def.type}`);
      const key = c.u32(2);
      const flags = c.u64(3);
      const devmap = m.def.type === BPF_MAP_TYPE.BPF_MAP_TYPE_DEVMAP || m.def.type === BPF_MAP_TYPE.BPF_MAP_TYPE_DEVMAP_HASH;
      const allowed = 3n | (devmap ? BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS : 0n);
      if (flags & ~allowed) return XDP_ABORTED;
      if (!lookup(key) && !(flags & BPF_F_BROADCAST)) {
        env.redirect = undefined;
        return Number(flags & 3n);
      }
      env.redirect = { helper: 'bpf_redirect_map', index: key, flags, map: m };
      return XDP_REDIRECT;
    },
  },
  {
    name: 'redirect', args: [A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp, PROG_FAMILY.tc],
    call: (c, env) => {
      const ifindex = c.u32(1);
      const flags = c.u64(2);
      if (env.ctx instanceof XdpContext) {
        if (flags) return XDP_ABORTED;
        env.redirect = { helper: 'bpf_redirect', index: ifindex, flags };
        return XDP_REDIRECT;
      }
      if (flags & ~BPF_F_INGRESS) return TC_ACT_SHOT;
      env.redirect = { helper: 'bpf_redirect', index: ifindex, flags };
      return TC_ACT_REDIRECT;
    },
  },
  {
    name: 'check_mtu', args: [A.ARG_PTR_TO_CTX, A.ARG_ANYTHING, A.ARG_PTR_TO_INT, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER,
    types: [PROG_FAMILY.xdp, PROG_FAMILY.tc],
    call: (c, env) => checkMtu(c, env),
  },
  {
    name: 'perf_event_output', args: [A.ARG_PTR_TO_CTX, A.ARG_CONST_MAP_PTR, A.ARG_ANYTHING, A.ARG_PTR_TO_MEM, A.ARG_CONST_SIZE_OR_ZERO],
    ret: RET.RET_INTEGER, gplOnly: true, types: [PROG_FAMILY.xdp, PROG_FAMILY.tc, PROG_FAMILY.socket],
    call: (c, env) => perfOutput(c, env),
  },
  {
    name: 'csum_diff', args: [A.ARG_PTR_TO_MEM_OR_NULL, A.ARG_CONST_SIZE_OR_ZERO, A.ARG_PTR_TO_MEM_OR_NULL, A.ARG_CONST_SIZE_OR_ZERO, A.ARG_ANYTHING],
    ret: RET.RET_INTEGER, types: [PROG_FAMILY.xdp, PROG_FAMILY.tc],
    call: (c, env) => {
      const fromSize = sizeArg(c, 2);
      const toSize = sizeArg(c, 4);
      if (env.compat.csumDiff === 'partial' && (((fromSize | toSize) & 3) !== 0 || fromSize + toSize > 512)) return -ERRNO.EINVAL;
      const from = fromSize ? readArg(c, 1, fromSize) : new Uint8Array(0);
      const to = toSize ? readArg(c, 3, toSize) : new Uint8Array(0);
      return csumDiff(from, to, c.u32(5), env.compat.csumDiff);
    },
  },
];

const ETH_HLEN = 14;
const BPF_MTU_CHK_SEGS = 1n;
const BPF_MTU_CHK_RET_FRAG_NEEDED = 1;

/**
 * bpf_xdp_check_mtu / bpf_skb_check_mtu: whether the packet (or *mtu_len, an L3 length) plus len_diff
 * fits the device's MTU plus its 14-byte Ethernet header; *mtu_len receives the MTU. ifindex 0 is the
 * receiving device (the loopback device in a test run). Test-run packets are never GSO.
 */
function checkMtu(c: HelperCall, env: HelperEnv): number {
  const ctx = env.ctx;
  if (ctx === undefined || c.hi(1) !== 0 || c.lo(1) !== ctx.r1) return c.fault('r1 is not the program context');
  const ifindex = c.u32(2);
  const mtuLen = writeArg(c, 3, 4);
  const v = new DataView(mtuLen.buffer, mtuLen.byteOffset, 4);
  const diff = c.lo(4);
  const flags = c.u64(5);
  const xdp = ctx instanceof XdpContext;
  // on errors *mtu_len keeps its value (measured on 6.18, XDP and TC alike)
  if (xdp ? flags !== 0n : (flags & ~BPF_MTU_CHK_SEGS) !== 0n || (flags & BPF_MTU_CHK_SEGS && (diff || v.getUint32(0, true)))) {
    return -ERRNO.EINVAL;
  }
  const dev = env.devices.get(ifindex === 0 ? 1 : ifindex);
  if (dev === undefined) return -ERRNO.ENODEV;
  const want = v.getUint32(0, true);
  const len = (want ? want + ETH_HLEN : xdp ? ctx.bufLen() - ctx.fragsSize : (ctx as SkbContext).len) + diff;
  v.setUint32(0, dev.mtu, true);
  return len > dev.mtu + ETH_HLEN ? BPF_MTU_CHK_RET_FRAG_NEEDED : 0;
}

/** bpf_xdp_event_output / bpf_skb_event_output. */
function perfOutput(c: HelperCall, env: HelperEnv): number {
  const ctx = env.ctx;
  if (ctx === undefined || c.hi(1) !== 0 || c.lo(1) !== ctx.r1) return c.fault('r1 is not the program context');
  const m = mapArg(c, 2);
  if (!(m instanceof PerfEventArrayMap)) return c.fault('bpf_perf_event_output needs a BPF_MAP_TYPE_PERF_EVENT_ARRAY map');
  const flags = c.u64(3);
  const size = sizeArg(c, 5);
  if (flags & ~(CTXLEN_MASK | INDEX_MASK)) return -ERRNO.EINVAL;
  const ctxLen = Number((flags & CTXLEN_MASK) >> 32n);
  let payload: Uint8Array;
  if (ctx instanceof XdpContext) {
    if (ctxLen > ctx.bufLen()) return -ERRNO.EFAULT;
    payload = ctx.copyOut(0, ctxLen);
  } else {
    const skb: SkbContext = ctx;
    if (ctxLen > skb.len) return -ERRNO.EFAULT;
    payload = skb.view(skb.data, ctxLen).slice();
  }
  const meta = readArg(c, 4, size);
  const rec = new Uint8Array(size + ctxLen);
  rec.set(meta);
  rec.set(payload, size);
  return m.output(flags, rec);
}
