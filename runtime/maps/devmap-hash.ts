// BPF_MAP_TYPE_DEVMAP_HASH (kernel/bpf/devmap.c dev_map_hash_*): u32 key → struct bpf_devmap_val, hashed
// by `key & (n_buckets - 1)` with new entries at the bucket head (get_next_key follows that order).
// Updates: ifindex 0 is -EINVAL, BPF_NOEXIST on a present key -EEXIST, a new key past max_entries -E2BIG.
import { BpfMap, compareBytes, err, readU32, u32Bytes } from './base.js';
import { checkDevmapDef, parseDevVal, type DevTarget } from './devmap.js';
import { BPF_EXIST, BPF_F, BPF_NOEXIST, ERRNO, type MapBlock, type MapDef, type MapEntry, type MapEnv, type SysResult } from './types.js';

interface DevHashElem {
  key: number;
  seq: number;
  target: DevTarget;
  block: MapBlock;
}

export class DevmapHashMap extends BpfMap {
  static check(def: MapDef): number {
    return checkDevmapDef(def);
  }
  private readonly elems = new Map<number, DevHashElem>();
  private readonly nBuckets: number;
  private seq = 0;

  constructor(def: MapDef, env: MapEnv) {
    super({ ...def, flags: def.flags | BPF_F.BPF_F_RDONLY_PROG }, env);
    let p = 1;
    while (p < def.maxEntries) p *= 2;
    this.nBuckets = p;
  }

  target(key: number): DevTarget | undefined {
    return this.elems.get(key >>> 0)?.target;
  }

  override lookup(key: Uint8Array): number {
    return this.elems.get(readU32(key))?.block.addr ?? 0;
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    const k = readU32(key);
    if (flags > BPF_EXIST || readU32(value) === 0) return -ERRNO.EINVAL;
    const old = this.elems.get(k);
    if (old && flags & BPF_NOEXIST) return -ERRNO.EEXIST;
    const t = parseDevVal(this.env, value, this.def.valueSize);
    if (typeof t === 'number') return t < 0 ? t : -ERRNO.EINVAL;
    if (!old && this.elems.size >= this.def.maxEntries) return -ERRNO.E2BIG;
    const block = this.allocBlock(8);
    this.mem(block).fill(0);
    this.mem(block).set(u32Bytes(t.ifindex), 0);
    if (t.prog) this.mem(block).set(u32Bytes(t.prog.id), 4);
    if (old) this.releaseBlock(old.block);
    this.elems.set(k, { key: k, seq: old ? old.seq : ++this.seq, target: t, block });
    return 0;
  }

  override delete(key: Uint8Array): number {
    const k = readU32(key);
    const e = this.elems.get(k);
    if (!e) return -ERRNO.ENOENT;
    this.elems.delete(k);
    this.releaseBlock(e.block);
    return 0;
  }

  override getNextKey(key: Uint8Array | null): SysResult {
    const mask = this.nBuckets - 1;
    const order = [...this.elems.values()].sort((a, b) => (a.key & mask) - (b.key & mask) || b.seq - a.seq);
    let i = 0;
    if (key) {
      const e = this.elems.get(readU32(key));
      if (e) i = order.indexOf(e) + 1;
    }
    const next = order[i];
    return next ? { ret: 0, value: u32Bytes(next.key) } : err(ERRNO.ENOENT);
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    const e = this.elems.get(readU32(key));
    return e ? { ret: 0, value: this.mem(e.block).slice(0, this.def.valueSize) } : err(ERRNO.ENOENT);
  }

  override entries(): MapEntry[] {
    return [...this.elems.values()]
      .map((e) => ({ key: u32Bytes(e.key), value: this.mem(e.block).slice(0, this.def.valueSize) }))
      .sort((a, b) => compareBytes(a.key, b.key));
  }
}
