// BPF_MAP_TYPE_PERCPU_HASH (kernel/bpf/hashtab.c htab_map_update_elem_in_place): one value per CPU per
// key, updated in place. A program writes its CPU's copy (a new key starts with zeros on the other CPUs);
// user space writes all copies, each round_up(value_size, 8) bytes.
import { err } from './base.js';
import { HtabBase, checkHtabDef } from './hashtab.js';
import { BPF_EXIST, BPF_F_LOCK, ERRNO, type MapDef, type SysResult } from './types.js';

export class PercpuHashMap extends HtabBase {
  static check(def: MapDef): number {
    return checkHtabDef(def);
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    return this.updateInPlace(key, value, flags, false);
  }

  /** update() with the key and value read where they lie (the key copied once, into a new element). */
  override updateAt(u8: Uint8Array, keyOff: number, valueOff: number, flags: number): number {
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    const old = this.findAt(u8, keyOff);
    const r = this.checkFlags(old, flags);
    if (r) return r;
    if (old) {
      this.copyPercpu(old, this.valueAt(u8, valueOff, old.block), false);
      return 0;
    }
    if (this.count >= this.def.maxEntries) return -ERRNO.E2BIG;
    const block = this.allocBlock(this.blockSize);
    const e = this.makeElemAt(u8, keyOff, block);
    this.initValue(e, this.valueAt(u8, valueOff, block), false);
    this.link(e);
    return 0;
  }

  protected override sysUpdateValue(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags & BPF_F_LOCK || flags > BPF_EXIST) return -ERRNO.EINVAL;
    return this.updateInPlace(key, value, flags, true);
  }

  private updateInPlace(key: Uint8Array, value: Uint8Array, flags: number, onAllCpus: boolean): number {
    const old = this.find(key);
    const r = this.checkFlags(old, flags);
    if (r) return r;
    if (old) {
      this.copyPercpu(old, value, onAllCpus);
      return 0;
    }
    if (this.count >= this.def.maxEntries) return -ERRNO.E2BIG;
    const e = this.makeElem(key, this.allocBlock(this.blockSize));
    this.initValue(e, value, onAllCpus);
    this.link(e);
    return 0;
  }

  override delete(key: Uint8Array): number {
    const e = this.find(key);
    if (!e) return -ERRNO.ENOENT;
    this.unlink(e);
    this.releaseBlock(e.block);
    return 0;
  }

  protected override sysLookupAndDeleteValue(key: Uint8Array): SysResult {
    const e = this.find(key);
    if (!e) return err(ERRNO.ENOENT);
    const value = this.sysValueOf(e);
    this.delete(key);
    return { ret: 0, value };
  }
}
