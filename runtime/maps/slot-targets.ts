// The array-indexed redirect maps (DEVMAP, CPUMAP): an index → target table whose values live in VM
// memory as two u32 words per slot (struct bpf_devmap_val / bpf_cpumap_val: the ifindex or queue size,
// then the program id), so programs can look them up. An empty slot reads as absent (lookup NULL, copy
// -ENOENT, no entry when listed); deleting past the end is -EINVAL (kernel/bpf/devmap.c, cpumap.c).
// Subclasses validate updates and call setSlot.
import { arrayNextKey } from './array.js';
import { BpfMap, err, readU32, u32Bytes } from './base.js';
import { ERRNO, type MapBlock, type MapDef, type MapEntry, type MapEnv, type SysResult } from './types.js';

export abstract class SlotTargetMap<T> extends BpfMap {
  private readonly block: MapBlock;
  private readonly targets: (T | undefined)[];

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.block = this.newBlock(8 * def.maxEntries);
    this.targets = new Array<T | undefined>(def.maxEntries).fill(undefined);
  }

  /** The redirect target at `index`. */
  target(index: number): T | undefined {
    return index < this.targets.length ? this.targets[index] : undefined;
  }

  /** Fills slot `i` with `t` and its value words (`first`, and the program id when there is one), or empties it. */
  protected setSlot(i: number, t: T | undefined, first = 0, progId?: number): void {
    this.targets[i] = t;
    const b = this.mem(this.block);
    b.fill(0, 8 * i, 8 * i + 8);
    if (t === undefined) return;
    b.set(u32Bytes(first), 8 * i);
    if (progId !== undefined) b.set(u32Bytes(progId), 8 * i + 4);
  }

  override lookup(key: Uint8Array): number {
    const i = readU32(key);
    return this.target(i) ? this.block.addr + 8 * i : 0;
  }

  override delete(key: Uint8Array): number {
    const i = readU32(key);
    if (i >= this.def.maxEntries) return -ERRNO.EINVAL;
    this.setSlot(i, undefined);
    return 0;
  }

  override getNextKey(key: Uint8Array | null): SysResult {
    return arrayNextKey(this.def.maxEntries, key);
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    const i = readU32(key);
    if (!this.target(i)) return err(ERRNO.ENOENT);
    return { ret: 0, value: this.mem(this.block).slice(8 * i, 8 * i + this.def.valueSize) };
  }

  override entries(): MapEntry[] {
    const out: MapEntry[] = [];
    this.targets.forEach((t, i) => {
      if (t) out.push({ key: u32Bytes(i), value: this.mem(this.block).slice(8 * i, 8 * i + this.def.valueSize) });
    });
    return out;
  }
}
