// BPF_MAP_TYPE_CPUMAP (kernel/bpf/cpumap.c): CPU index → struct bpf_cpumap_val { u32 qsize; u32 prog
// fd/id }, value_size 4 or 8, the target of bpf_redirect_map in XDP. qsize 0 empties the slot, qsize
// above 16384 is -EOVERFLOW, a CPU that is not possible -ENODEV; delete past the end is -EINVAL.
import { arrayNextKey } from './array.js';
import { BpfMap, err, readU32, u32Bytes } from './base.js';
import { BPF_EXIST, BPF_F, BPF_NOEXIST, ERRNO, type MapBlock, type MapDef, type MapEntry, type MapEnv, type ProgRef, type SysResult } from './types.js';

const NR_CPUS = 8192;

export interface CpuTarget {
  cpu: number;
  qsize: number;
  prog?: ProgRef;
}

export class CpumapMap extends BpfMap {
  static check(def: MapDef): number {
    if (def.maxEntries === 0 || def.keySize !== 4 || (def.valueSize !== 4 && def.valueSize !== 8) || def.flags & ~BPF_F.BPF_F_NUMA_NODE)
      return -ERRNO.EINVAL;
    if (def.maxEntries > NR_CPUS) return -ERRNO.E2BIG;
    return 0;
  }
  private readonly block: MapBlock;
  private readonly targets: (CpuTarget | undefined)[];

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.block = this.newBlock(8 * def.maxEntries);
    this.targets = new Array<CpuTarget | undefined>(def.maxEntries).fill(undefined);
  }

  target(index: number): CpuTarget | undefined {
    return index < this.targets.length ? this.targets[index] : undefined;
  }

  override lookup(key: Uint8Array): number {
    const i = readU32(key);
    return this.target(i) ? this.block.addr + 8 * i : 0;
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    const cpu = readU32(key);
    const qsize = readU32(value);
    const fd = this.def.valueSize >= 8 ? readU32(value, 4) | 0 : 0;
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    if (cpu >= this.def.maxEntries) return -ERRNO.E2BIG;
    if (flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    if (qsize > 16384) return -ERRNO.EOVERFLOW;
    if (cpu >= this.env.ncpus) return -ERRNO.ENODEV;
    const b = this.mem(this.block);
    if (qsize === 0) {
      this.targets[cpu] = undefined;
      b.fill(0, 8 * cpu, 8 * cpu + 8);
      return 0;
    }
    let prog: ProgRef | undefined;
    if (fd > 0) {
      prog = this.env.resolveProgFd?.(fd);
      if (!prog) return -ERRNO.EINVAL;
    }
    this.targets[cpu] = prog ? { cpu, qsize, prog } : { cpu, qsize };
    b.fill(0, 8 * cpu, 8 * cpu + 8);
    b.set(u32Bytes(qsize), 8 * cpu);
    if (prog) b.set(u32Bytes(prog.id), 8 * cpu + 4);
    return 0;
  }

  override delete(key: Uint8Array): number {
    const i = readU32(key);
    if (i >= this.def.maxEntries) return -ERRNO.EINVAL;
    this.targets[i] = undefined;
    this.mem(this.block).fill(0, 8 * i, 8 * i + 8);
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
