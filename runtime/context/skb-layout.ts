// struct __sk_buff (uapi <linux/bpf.h>): field offsets, and which loads and stores each program type's
// verifier callback allows (net/core/filter.c: bpf_skb_is_valid_access, tc_cls_act_is_valid_access,
// sk_filter_is_valid_access), as access tables for the VM's memory gate.
//
//   0 len  4 pkt_type  8 mark  12 queue_mapping  16 protocol  20 vlan_present  24 vlan_tci
//   28 vlan_proto  32 priority  36 ingress_ifindex  40 ifindex  44 tc_index  48 cb[5]  68 hash
//   72 tc_classid  76 data  80 data_end  84 napi_id  88 family  92 remote_ip4  96 local_ip4
//   100 remote_ip6[4]  116 local_ip6[4]  132 remote_port  136 local_port  140 data_meta
//   144 flow_keys (ptr)  152 tstamp (u64)  160 wire_len  164 gso_segs  168 sk (ptr)  176 gso_size
//   180 tstamp_type (u8) + 3 bytes padding  184 hwtstamp (u64)          sizeof = 192
//
// Rules shared by every __sk_buff program (bpf_skb_is_valid_access): plain u32 fields allow narrow
// loads (1, 2 or 4 bytes, aligned) and 4-byte stores; cb[] any aligned size inside cb; data,
// data_end, data_meta only 4-byte loads; tstamp and hwtstamp only 8 bytes. Not modelled, so left
// inaccessible (a program that uses them faults with a ctx-access fault naming the offset): flow_keys,
// sk (the test run's dummy socket) and the socket fields family..local_port, which TC and socket
// filter programs may not read anyway.

import { buildAccessTable, type AccessTable, type CtxField } from '../vm/index.js';

export const SKB_SIZE = 192;

export const SKB = {
  len: 0,
  pkt_type: 4,
  mark: 8,
  queue_mapping: 12,
  protocol: 16,
  vlan_present: 20,
  vlan_tci: 24,
  vlan_proto: 28,
  priority: 32,
  ingress_ifindex: 36,
  ifindex: 40,
  tc_index: 44,
  cb: 48,
  hash: 68,
  tc_classid: 72,
  data: 76,
  data_end: 80,
  napi_id: 84,
  family: 88,
  data_meta: 140,
  flow_keys: 144,
  tstamp: 152,
  wire_len: 160,
  gso_segs: 164,
  sk: 168,
  gso_size: 176,
  tstamp_type: 180,
  hwtstamp: 184,
} as const;

/** Program types that see a __sk_buff, as far as context access goes. */
export const SKB_PROG = { tc: 'tc', socketFilter: 'socket_filter' } as const;
export type SkbProg = (typeof SKB_PROG)[keyof typeof SKB_PROG];

const U32_FIELDS = [
  'len', 'pkt_type', 'mark', 'queue_mapping', 'protocol', 'vlan_present', 'vlan_tci', 'vlan_proto', 'priority',
  'ingress_ifindex', 'ifindex', 'tc_index', 'hash', 'tc_classid', 'napi_id', 'wire_len', 'gso_segs', 'gso_size',
] as const;

/** Stores tc_cls_act_is_valid_access allows (besides cb[] and tstamp). */
const TC_WRITABLE = new Set<string>(['mark', 'tc_index', 'priority', 'tc_classid', 'queue_mapping']);
/** Fields sk_filter_is_valid_access refuses. */
const SOCKET_DENIED = new Set<string>(['tc_classid', 'wire_len']);

/** The __sk_buff access table of a program type. */
export function skbAccess(prog: SkbProg): AccessTable {
  const tc = prog === SKB_PROG.tc;
  const fields: CtxField[] = [];
  for (const name of U32_FIELDS) {
    if (!tc && SOCKET_DENIED.has(name)) continue;
    fields.push({ name, offset: SKB[name], size: 4, loadSizes: [1, 2, 4], storeSizes: tc && TC_WRITABLE.has(name) ? [4] : [] });
  }
  fields.push({ name: 'cb', offset: SKB.cb, size: 20, loadSizes: [1, 2, 4, 8], storeSizes: [1, 2, 4, 8] });
  if (tc) {
    fields.push({ name: 'data', offset: SKB.data, size: 4 });
    fields.push({ name: 'data_end', offset: SKB.data_end, size: 4 });
    fields.push({ name: 'data_meta', offset: SKB.data_meta, size: 4 });
    fields.push({ name: 'tstamp', offset: SKB.tstamp, size: 8, storeSizes: [8] });
    fields.push({ name: 'tstamp_type', offset: SKB.tstamp_type, size: 1 });
    fields.push({ name: 'hwtstamp', offset: SKB.hwtstamp, size: 8 });
  }
  return buildAccessTable(SKB_SIZE, fields);
}
