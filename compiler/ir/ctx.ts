// Context layouts the compiler must know: which fields of a program type's context hold packet
// pointers (include/uapi/linux/bpf.h: struct xdp_md, struct __sk_buff, struct sk_msg_md,
// struct sk_reuseport_md). The verifier rewrites loads of these fields into 64-bit pointer loads, so
// the compiler must treat the loaded values as pointers of the given provenance.
import type { PtrKind } from './types.js';

export interface CtxPtrField {
  offset: number;
  size: 4 | 8;
  kind: PtrKind;
}

export type CtxLayout = 'xdp_md' | '__sk_buff' | 'sk_msg_md' | 'sk_reuseport_md' | 'unknown';

const FIELDS: Record<CtxLayout, CtxPtrField[]> = {
  xdp_md: [
    { offset: 0, size: 4, kind: 'packet' },
    { offset: 4, size: 4, kind: 'packet_end' },
    { offset: 8, size: 4, kind: 'packet_meta' },
  ],
  __sk_buff: [
    { offset: 76, size: 4, kind: 'packet' },
    { offset: 80, size: 4, kind: 'packet_end' },
    { offset: 140, size: 4, kind: 'packet_meta' },
  ],
  sk_msg_md: [
    { offset: 0, size: 8, kind: 'packet' },
    { offset: 8, size: 8, kind: 'packet_end' },
  ],
  sk_reuseport_md: [
    { offset: 0, size: 8, kind: 'packet' },
    { offset: 8, size: 8, kind: 'packet_end' },
  ],
  unknown: [],
};

/** The context struct of a program section name (the libbpf SEC() conventions). */
export function ctxLayoutOfSection(section: string | undefined): CtxLayout {
  if (section === undefined) return 'unknown';
  const s = section.replace(/^\?/, '');
  const head = s.split('/')[0] as string;
  if (head === 'xdp' || head.startsWith('xdp.') || head.startsWith('xdp_')) return 'xdp_md';
  if (['tc', 'classifier', 'action', 'tcx', 'socket', 'cgroup_skb', 'flow_dissector', 'netkit'].includes(head)) return '__sk_buff';
  if (head === 'sk_skb' || head.startsWith('lwt_') || head === 'cgroup') return head === 'cgroup' ? (s === 'cgroup/skb' ? '__sk_buff' : 'unknown') : '__sk_buff';
  if (head === 'sk_msg') return 'sk_msg_md';
  if (head === 'sk_reuseport') return 'sk_reuseport_md';
  return 'unknown';
}

/** The packet-pointer field at `offset` of `layout` read with `size` bytes, if any. */
export function ctxPtrField(layout: CtxLayout, offset: number, size: number): CtxPtrField | undefined {
  return FIELDS[layout].find((f) => f.offset === offset && f.size === size);
}
