// The ring of values behind BPF_MAP_TYPE_QUEUE and BPF_MAP_TYPE_STACK (kernel/bpf/queue_stack_maps.c):
// max_entries + 1 slots, head/tail indices; push fails with -E2BIG when full unless BPF_EXIST, which
// overwrites the oldest value. Keyless: lookup/update/delete/get_next_key are -EINVAL; user space's
// lookup is peek, update is push, lookup-and-delete is pop.
import { BpfMap, err, type ForEachCallback } from './base.js';
import { BPF_EXIST, BPF_F, BPF_F_ACCESS_MASK, BPF_NOEXIST, ERRNO } from './types.js';
import type { MapDef, MapEntry, MapEnv, SysResult } from './types.js';

const QUEUE_STACK_CREATE_FLAG_MASK = BPF_F.BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK;

export function checkQueueStackDef(def: MapDef): number {
  if (def.maxEntries === 0 || def.keySize !== 0 || def.valueSize === 0 || def.flags & ~QUEUE_STACK_CREATE_FLAG_MASK)
    return -ERRNO.EINVAL;
  if (def.valueSize > 1 << 22) return -ERRNO.E2BIG;
  return 0;
}

export abstract class QueueStackBase extends BpfMap {
  protected head = 0;
  protected tail = 0;
  protected readonly size: number;
  protected readonly elements: Uint8Array[];

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.size = def.maxEntries + 1;
    this.elements = Array.from({ length: this.size }, () => new Uint8Array(def.valueSize));
  }

  protected isEmpty(): boolean {
    return this.head === this.tail;
  }
  protected isFull(): boolean {
    let h = this.head + 1;
    if (h >= this.size) h = 0;
    return h === this.tail;
  }

  override push(value: Uint8Array, flags: number): number {
    const replace = (flags & BPF_EXIST) !== 0;
    if (flags & BPF_NOEXIST || flags > BPF_EXIST) return -ERRNO.EINVAL;
    if (this.isFull()) {
      if (!replace) return -ERRNO.E2BIG;
      if (++this.tail >= this.size) this.tail = 0;
    }
    this.elements[this.head]!.set(value.subarray(0, this.def.valueSize));
    if (++this.head >= this.size) this.head = 0;
    return 0;
  }

  /** Index of the element pop/peek returns. */
  protected abstract nextIndex(): number;
  protected abstract advance(): void;

  override pop(out: Uint8Array): number {
    if (this.isEmpty()) return -ERRNO.ENOENT;
    out.set(this.elements[this.nextIndex()]!);
    this.advance();
    return 0;
  }

  override peek(out: Uint8Array): number {
    if (this.isEmpty()) return -ERRNO.ENOENT;
    out.set(this.elements[this.nextIndex()]!);
    return 0;
  }

  override update(): number {
    return -ERRNO.EINVAL;
  }
  override delete(): number {
    return -ERRNO.EINVAL;
  }
  override getNextKey(): SysResult {
    return err(ERRNO.EINVAL);
  }
  override forEach(_cb: ForEachCallback): number {
    return -ERRNO.EINVAL;
  }

  protected override sysCopyValue(): SysResult {
    const out = new Uint8Array(this.def.valueSize);
    const r = this.peek(out);
    return r ? { ret: r } : { ret: 0, value: out };
  }
  protected override sysUpdateValue(_key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.push(value, flags);
  }
  protected override sysLookupAndDeleteValue(_key: Uint8Array, flags: number): SysResult {
    if (flags) return err(ERRNO.EINVAL);
    const out = new Uint8Array(this.def.valueSize);
    const r = this.pop(out);
    return r ? { ret: r } : { ret: 0, value: out };
  }

  /** The values in pop order, each with an empty key. */
  override entries(): MapEntry[] {
    const out: MapEntry[] = [];
    const saveHead = this.head;
    const saveTail = this.tail;
    const v = new Uint8Array(this.def.valueSize);
    while (this.pop(v) === 0) out.push({ key: new Uint8Array(0), value: v.slice() });
    this.head = saveHead;
    this.tail = saveTail;
    return out;
  }
}
