// BPF_MAP_TYPE_PERF_EVENT_ARRAY (kernel/bpf/arraymap.c + bpf_perf_event_output in kernel/trace): index →
// a perf event ring owned by one CPU. bpf_perf_event_output(ctx, map, flags, data, size) writes to the
// slot `flags & BPF_F_INDEX_MASK` (BPF_F_CURRENT_CPU = this CPU): -E2BIG past the end, -ENOENT without
// an event, -EOPNOTSUPP when the event belongs to another CPU. We collect the records per CPU, as a
// perf_buffer reader opened on every CPU would.
import { FdArrayBase, checkFdArrayDef } from './fd-array.js';
import { ERRNO, type MapDef } from './types.js';

export const BPF_F_INDEX_MASK = 0xffffffffn;
export const BPF_F_CURRENT_CPU = 0xffffffffn;
export const BPF_F_CTXLEN_MASK = 0xfffffn << 32n;

export interface PerfEvent {
  id: number;
  cpu: number;
}

export interface PerfRecord {
  cpu: number;
  data: Uint8Array;
}

export class PerfEventArrayMap extends FdArrayBase<PerfEvent> {
  static check(def: MapDef): number {
    return checkFdArrayDef(def);
  }
  protected override readonly sysReadable: boolean = false;
  private records: PerfRecord[] = [];

  protected resolve(): PerfEvent | number {
    return -ERRNO.EBADF;
  }

  /** Opens an event for CPU i in slot i for every CPU (what libbpf's perf_buffer__new does). */
  attachAllCpus(): void {
    for (let c = 0; c < Math.min(this.env.ncpus, this.def.maxEntries); c++) this.set(c, { id: c + 1, cpu: c });
  }

  /** bpf_perf_event_output's map part: `data` is the sample (plus context bytes if BPF_F_CTXLEN_MASK). */
  output(flags: bigint, data: Uint8Array): number {
    if (flags & ~(BPF_F_INDEX_MASK | BPF_F_CTXLEN_MASK)) return -ERRNO.EINVAL;
    let index = flags & BPF_F_INDEX_MASK;
    if (index === BPF_F_CURRENT_CPU) index = BigInt(this.env.cpu);
    if (index >= BigInt(this.def.maxEntries)) return -ERRNO.E2BIG;
    const ev = this.get(Number(index));
    if (!ev) return -ERRNO.ENOENT;
    if (ev.cpu !== this.env.cpu) return -ERRNO.EOPNOTSUPP;
    this.records.push({ cpu: ev.cpu, data: data.slice() });
    return 0;
  }

  /** The records written so far, in order, and forgets them. */
  drain(): PerfRecord[] {
    const r = this.records;
    this.records = [];
    return r;
  }
}
