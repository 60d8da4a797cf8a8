// BPF_MAP_TYPE_LRU_PERCPU_HASH (kernel/bpf/hashtab.c __htab_lru_percpu_map_update_elem): LRU eviction as
// LRU_HASH with per-CPU values updated in place. Unless the flag is BPF_EXIST a node is taken from the
// LRU first (possibly evicting) and given back when the key already existed or the flags fail.
import { checkHtabDef } from './hashtab.js';
import { LruHtabBase } from './lru-hash.js';
import { BPF_EXIST, BPF_F_LOCK, ERRNO, type MapDef } from './types.js';

export class LruPercpuHashMap extends LruHtabBase {
  static check(def: MapDef): number {
    return checkHtabDef(def);
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    return this.updatePercpu(key, value, flags, false);
  }

  protected override sysUpdateValue(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags & BPF_F_LOCK || flags > BPF_EXIST) return -ERRNO.EINVAL;
    return this.updatePercpu(key, value, flags, true);
  }

  private updatePercpu(key: Uint8Array, value: Uint8Array, flags: number, onAllCpus: boolean): number {
    let fresh = undefined as ReturnType<LruPercpuHashMap['popElem']>;
    if (flags !== BPF_EXIST) {
      fresh = this.popElem(key);
      if (!fresh) return -ERRNO.ENOMEM;
    }
    const old = this.find(key);
    let r = this.checkFlags(old, flags);
    if (!r) {
      if (old) {
        if (old.node) this.lru.setRef(old.node);
        this.copyPercpu(old, value, onAllCpus);
      } else if (fresh) {
        this.initValue(fresh, value, onAllCpus);
        this.link(fresh);
        fresh = undefined;
      } else r = -ERRNO.ENOENT;
    }
    if (fresh) this.lru.pushFree(fresh.node!);
    return r;
  }
}
