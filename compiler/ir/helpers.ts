// What the compiler needs to know about kernel helpers (ids from include/uapi/linux/bpf.h
// `___BPF_FUNC_MAPPER`, prototypes from the kernel's `bpf_func_proto` definitions): the provenance of the
// returned value, which pointer arguments the helper reads (so the stack bytes behind them must be
// initialised) or writes, whether it invalidates packet pointers, and whether it is GPL-only.
// Helpers missing from the table are treated conservatively (scalar result, all pointer args read).
import type { PtrKind } from './types.js';

/** An argument: 'read'/'write' = pointer to memory the helper reads/writes; 'func' = callback. */
export type HelperArg = 'ctx' | 'map' | 'read' | 'write' | 'scalar' | 'func' | 'ptr';

export interface HelperInfo {
  readonly id: number;
  readonly name: string;
  /** Provenance of the result when it is a pointer; 'scalar' otherwise; 'void' for no result. */
  readonly ret: PtrKind | 'scalar' | 'void';
  readonly args: readonly HelperArg[];
  readonly gplOnly?: boolean;
  /** bpf_helper_changes_pkt_data(): every packet pointer is invalid after the call. */
  readonly changesPacket?: boolean;
}

const H = (
  id: number,
  name: string,
  ret: HelperInfo['ret'],
  args: HelperArg[],
  flags: { gpl?: boolean; pkt?: boolean } = {},
): HelperInfo => ({ id, name, ret, args, gplOnly: flags.gpl, changesPacket: flags.pkt });

const TABLE: readonly HelperInfo[] = [
  H(1, 'bpf_map_lookup_elem', 'map_value_or_null', ['map', 'read']),
  H(2, 'bpf_map_update_elem', 'scalar', ['map', 'read', 'read', 'scalar']),
  H(3, 'bpf_map_delete_elem', 'scalar', ['map', 'read']),
  H(4, 'bpf_probe_read', 'scalar', ['write', 'scalar', 'ptr'], { gpl: true }),
  H(5, 'bpf_ktime_get_ns', 'scalar', []),
  H(6, 'bpf_trace_printk', 'scalar', ['read', 'scalar', 'scalar', 'scalar', 'scalar'], { gpl: true }),
  H(7, 'bpf_get_prandom_u32', 'scalar', []),
  H(8, 'bpf_get_smp_processor_id', 'scalar', []),
  H(9, 'bpf_skb_store_bytes', 'scalar', ['ctx', 'scalar', 'read', 'scalar', 'scalar'], { pkt: true }),
  H(10, 'bpf_l3_csum_replace', 'scalar', ['ctx', 'scalar', 'scalar', 'scalar', 'scalar'], { pkt: true }),
  H(11, 'bpf_l4_csum_replace', 'scalar', ['ctx', 'scalar', 'scalar', 'scalar', 'scalar'], { pkt: true }),
  H(12, 'bpf_tail_call', 'scalar', ['ctx', 'map', 'scalar']),
  H(13, 'bpf_clone_redirect', 'scalar', ['ctx', 'scalar', 'scalar'], { pkt: true }),
  H(14, 'bpf_get_current_pid_tgid', 'scalar', []),
  H(18, 'bpf_skb_vlan_push', 'scalar', ['ctx', 'scalar', 'scalar'], { pkt: true }),
  H(19, 'bpf_skb_vlan_pop', 'scalar', ['ctx'], { pkt: true }),
  H(23, 'bpf_redirect', 'scalar', ['scalar', 'scalar']),
  H(25, 'bpf_perf_event_output', 'scalar', ['ctx', 'map', 'scalar', 'read', 'scalar'], { gpl: true }),
  H(26, 'bpf_skb_load_bytes', 'scalar', ['ctx', 'scalar', 'write', 'scalar']),
  H(28, 'bpf_csum_diff', 'scalar', ['read', 'scalar', 'read', 'scalar', 'scalar']),
  H(31, 'bpf_skb_change_proto', 'scalar', ['ctx', 'scalar', 'scalar'], { pkt: true }),
  H(32, 'bpf_skb_change_type', 'scalar', ['ctx', 'scalar']),
  H(34, 'bpf_get_hash_recalc', 'scalar', ['ctx']),
  H(38, 'bpf_skb_change_tail', 'scalar', ['ctx', 'scalar', 'scalar'], { pkt: true }),
  H(39, 'bpf_skb_pull_data', 'scalar', ['ctx', 'scalar'], { pkt: true }),
  H(43, 'bpf_skb_change_head', 'scalar', ['ctx', 'scalar', 'scalar'], { pkt: true }),
  H(44, 'bpf_xdp_adjust_head', 'scalar', ['ctx', 'scalar'], { pkt: true }),
  H(50, 'bpf_skb_adjust_room', 'scalar', ['ctx', 'scalar', 'scalar', 'scalar'], { pkt: true }),
  H(51, 'bpf_redirect_map', 'scalar', ['map', 'scalar', 'scalar']),
  H(54, 'bpf_xdp_adjust_meta', 'scalar', ['ctx', 'scalar'], { pkt: true }),
  H(65, 'bpf_xdp_adjust_tail', 'scalar', ['ctx', 'scalar'], { pkt: true }),
  H(69, 'bpf_fib_lookup', 'scalar', ['ctx', 'ptr', 'scalar', 'scalar']),
  H(87, 'bpf_map_push_elem', 'scalar', ['map', 'read', 'scalar']),
  H(88, 'bpf_map_pop_elem', 'scalar', ['map', 'write']),
  H(89, 'bpf_map_peek_elem', 'scalar', ['map', 'write']),
  H(97, 'bpf_skb_ecn_set_ce', 'scalar', ['ctx']),
  H(121, 'bpf_xdp_output', 'scalar', ['ctx', 'map', 'scalar', 'read', 'scalar'], { gpl: true }),
  H(125, 'bpf_ktime_get_boot_ns', 'scalar', []),
  H(130, 'bpf_ringbuf_output', 'scalar', ['map', 'read', 'scalar', 'scalar']),
  H(131, 'bpf_ringbuf_reserve', 'mem_or_null', ['map', 'scalar', 'scalar']),
  H(132, 'bpf_ringbuf_submit', 'void', ['ptr', 'scalar']),
  H(133, 'bpf_ringbuf_discard', 'void', ['ptr', 'scalar']),
  H(134, 'bpf_ringbuf_query', 'scalar', ['map', 'scalar']),
  H(160, 'bpf_ktime_get_coarse_ns', 'scalar', []),
  H(163, 'bpf_check_mtu', 'scalar', ['ctx', 'scalar', 'ptr', 'scalar', 'scalar']),
  H(164, 'bpf_for_each_map_elem', 'scalar', ['map', 'func', 'ptr', 'scalar']),
  H(165, 'bpf_snprintf', 'scalar', ['write', 'scalar', 'read', 'read', 'scalar'], { gpl: true }),
  H(181, 'bpf_loop', 'scalar', ['scalar', 'func', 'ptr', 'scalar']),
  H(188, 'bpf_xdp_get_buff_len', 'scalar', ['ctx']),
  H(189, 'bpf_xdp_load_bytes', 'scalar', ['ctx', 'scalar', 'write', 'scalar']),
  H(190, 'bpf_xdp_store_bytes', 'scalar', ['ctx', 'scalar', 'read', 'scalar']),
  H(195, 'bpf_map_lookup_percpu_elem', 'map_value_or_null', ['map', 'read', 'scalar']),
];

const BY_ID = new Map(TABLE.map((h) => [h.id, h]));
const BY_NAME = new Map(TABLE.map((h) => [h.name, h]));

/** Known helper by id, or undefined. */
export function helperInfo(id: number): HelperInfo | undefined {
  return BY_ID.get(id);
}
export function helperByName(name: string): HelperInfo | undefined {
  return BY_NAME.get(name);
}
/** Name to print for a helper id. */
export function helperName(id: number): string {
  return BY_ID.get(id)?.name ?? `helper#${id}`;
}

export const BPF_FUNC_tail_call = 12;
