// skb->hash for bpf_get_hash_recalc: the kernel dissects the flow (Ethernet, VLAN tags, IPv4 / IPv6,
// then TCP / UDP / SCTP / UDPLITE ports) and hashes the flow keys with siphash under a key drawn at boot
// (net/core/flow_dissector.c __skb_get_hash, __flow_hash_consistentify orders the addresses and ports so
// both directions of a flow hash alike). Values cannot match the kernel's (its key is secret and random),
// so ebpfc keeps the properties programs rely on: the same flow keys give the same value, both
// directions of a flow agree, the value is never 0, and whether the keys had L4 ports sets l4_hash.
// The keys are hashed with SipHash-2-4 under `seed` (default 0) in a fixed layout of our own:
// n_proto, ip_proto, then the ordered addresses and ports. Not dissected (hashed on what was found up
// to there): IPv6 extension headers, fragments' ports, tunnels, MPLS.

import type { SkbContext } from '../context/index.js';

const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & M64;

/** SipHash-2-4 of `data` under the 128-bit key (k0, k1). */
export function siphash(data: Uint8Array, k0: bigint, k1: bigint): bigint {
  let v0 = 0x736f6d6570736575n ^ k0;
  let v1 = 0x646f72616e646f6dn ^ k1;
  let v2 = 0x6c7967656e657261n ^ k0;
  let v3 = 0x7465646279746573n ^ k1;
  const round = (): void => {
    v0 = (v0 + v1) & M64; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M64; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M64; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M64; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const n = data.length;
  const word = (off: number, len: number): bigint => {
    let m = 0n;
    for (let i = len - 1; i >= 0; i--) m = (m << 8n) | BigInt(data[off + i]!);
    return m;
  };
  let off = 0;
  for (; off + 8 <= n; off += 8) {
    const m = word(off, 8);
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
  const last = (BigInt(n & 0xff) << 56n) | word(off, n - off);
  v3 ^= last;
  round();
  round();
  v0 ^= last;
  v2 ^= 0xffn;
  round();
  round();
  round();
  round();
  return (v0 ^ v1 ^ v2 ^ v3) & M64;
}

function cmp(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The flow hash of the packet and whether L4 ports were part of it. */
export function skbFlowHash(s: SkbContext, seed: bigint): { hash: number; l4: boolean } {
  const pkt = s.view(s.buf.base + s.macOff, s.data + s.len - (s.buf.base + s.macOff));
  let off = 12;
  const u16 = (o: number): number => (o + 2 <= pkt.length ? (pkt[o]! << 8) | pkt[o + 1]! : -1);
  let proto = u16(off);
  if (s.vlanPresent) off = 12;
  while (proto === 0x8100 || proto === 0x88a8) {
    off += 4;
    proto = u16(off);
  }
  off += 2;
  let ipProto = 0;
  let src = new Uint8Array(0);
  let dst = new Uint8Array(0);
  let ports: [Uint8Array, Uint8Array] | undefined;
  if (proto === 0x0800 && off + 20 <= pkt.length) {
    const ihl = (pkt[off]! & 0xf) * 4;
    ipProto = pkt[off + 9]!;
    src = pkt.slice(off + 12, off + 16);
    dst = pkt.slice(off + 16, off + 20);
    const frag = ((pkt[off + 6]! & 0x3f) << 8) | pkt[off + 7]!;
    if (frag === 0) off += ihl;
    else ipProto = -1;
  } else if (proto === 0x86dd && off + 40 <= pkt.length) {
    ipProto = pkt[off + 6]!;
    src = pkt.slice(off + 8, off + 24);
    dst = pkt.slice(off + 24, off + 40);
    off += 40;
  }
  if ((ipProto === 6 || ipProto === 17 || ipProto === 132 || ipProto === 136) && off + 4 <= pkt.length) {
    ports = [pkt.slice(off, off + 2), pkt.slice(off + 2, off + 4)];
  }
  // __flow_hash_consistentify: order the addresses (and ports with them)
  let swap = cmp(dst, src) < 0;
  if (!swap && cmp(dst, src) === 0 && ports !== undefined) swap = cmp(ports[1], ports[0]) < 0;
  if (swap) {
    [src, dst] = [dst, src];
    if (ports !== undefined) ports = [ports[1], ports[0]];
  }
  const keys = new Uint8Array(4 + src.length + dst.length + 4);
  keys[0] = proto >> 8;
  keys[1] = proto & 0xff;
  keys[2] = ipProto & 0xff;
  keys.set(src, 4);
  keys.set(dst, 4 + src.length);
  if (ports !== undefined) {
    keys.set(ports[0], 4 + src.length + dst.length);
    keys.set(ports[1], 6 + src.length + dst.length);
  }
  const h = Number(siphash(keys, seed, 0n) & 0xffffffffn);
  return { hash: h === 0 ? 1 : h, l4: ports !== undefined };
}
