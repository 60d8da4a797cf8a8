// Program types: from a section name (libbpf's section_defs[] via runtime/object's sectionDefOf), or from
// an explicit name as `bpftool prog load … type T` / `ebpfc run --prog-type T` take it. In: a string.
// Out: the program type, expected attach type and the kernel's short type name ("xdp", "sched_cls").
//
// Accepted explicit names: anything libbpf accepts as a section name ("xdp", "tc", "classifier",
// "socket", "cgroup_skb/ingress", …), the kernel enum's name with or without its prefix, in any case
// ("sched_cls", "SOCKET_FILTER", "BPF_PROG_TYPE_XDP").
import { BPF_PROG_TYPE, progTypeName, sectionDefOf } from '../object/index.js';

export interface ProgTypeInfo {
  progType: number;
  expectedAttachType: number;
  /** Lower-case enum name without the prefix, as bpftool prints it ("xdp", "sched_cls"). */
  name: string;
  /** SEC("xdp.frags…"): the program accepts multi-buffer packets. */
  xdpFrags: boolean;
}

function info(progType: number, expectedAttachType: number, xdpFrags: boolean): ProgTypeInfo {
  const full = progTypeName(progType) ?? `BPF_PROG_TYPE_${progType}`;
  return { progType, expectedAttachType, name: full.replace(/^BPF_PROG_TYPE_/, '').toLowerCase(), xdpFrags };
}

/** The type libbpf gives a program in section `section`, or undefined for names it does not know. */
export function progTypeOfSection(section: string): ProgTypeInfo | undefined {
  const d = sectionDefOf(section);
  return d === undefined ? undefined : info(d.progType, d.expectedAttachType, d.xdpFrags);
}

/** An explicit program type name (see the file comment), or undefined. */
export function parseProgType(name: string): ProgTypeInfo | undefined {
  const bySection = progTypeOfSection(name);
  if (bySection !== undefined) return bySection;
  const upper = name.toUpperCase().replace(/^BPF_PROG_TYPE_/, '');
  const v = (BPF_PROG_TYPE as Record<string, number>)[`BPF_PROG_TYPE_${upper}`];
  if (v === undefined || v === BPF_PROG_TYPE.BPF_PROG_TYPE_UNSPEC) return undefined;
  return info(v, 0, false);
}
