// BPF_MAP_TYPE_HASH (kernel/bpf/hashtab.c htab_map_update_elem & co). Replacing an existing key installs
// a new element (new value address) at the head of its bucket; with preallocation the old element
// becomes this CPU's spare, so a pointer a program still holds keeps the old value, as in the kernel.
import { err } from './base.js';
import { HtabBase, checkHtabDef, type HtabElem } from './hashtab.js';
import { BPF_EXIST, BPF_F, BPF_F_LOCK, ERRNO, type MapBlock, type MapDef, type SysResult } from './types.js';
import { withoutLock } from './base.js';

export class HashMap extends HtabBase {
  static check(def: MapDef): number {
    return checkHtabDef(def);
  }
  /** Per-CPU spare elements of a preallocated map (htab->extra_elems). */
  private readonly extra: (MapBlock | undefined)[] = [];

  private get prealloc(): boolean {
    return (this.def.flags & BPF_F.BPF_F_NO_PREALLOC) === 0;
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (withoutLock(flags) > BPF_EXIST) return -ERRNO.EINVAL;
    let old = this.find(key);
    if (flags & BPF_F_LOCK) {
      if (this.def.spinLockOff === undefined) return -ERRNO.EINVAL;
      const r = this.checkFlags(old, flags);
      if (r) return r;
      if (old) {
        this.copyValue(this.mem(old.block), 0, value);
        return 0;
      }
    }
    old = this.find(key);
    const r = this.checkFlags(old, flags);
    if (r) return r;
    if (!old && this.count >= this.def.maxEntries) return -ERRNO.E2BIG;
    const block = this.takeBlock(old);
    const e = this.makeElem(key, block);
    this.copyValue(this.mem(block), 0, value);
    this.install(e, old);
    return 0;
  }

  /**
   * update() with the key and value read where they lie: the key is copied once (into the element), the
   * value straight into the new block (a view of VM memory is as good as the copy update() gets, as
   * nothing is written before it is read, except its own block: see valueAt). BPF_F_LOCK updates go
   * through update() on copies.
   */
  override updateAt(u8: Uint8Array, keyOff: number, valueOff: number, flags: number): number {
    if (withoutLock(flags) > BPF_EXIST) return -ERRNO.EINVAL;
    if (flags & BPF_F_LOCK) return super.updateAt(u8, keyOff, valueOff, flags);
    const old = this.findAt(u8, keyOff);
    const r = this.checkFlags(old, flags);
    if (r) return r;
    if (!old && this.count >= this.def.maxEntries) return -ERRNO.E2BIG;
    const block = this.takeBlock(old);
    const e = this.makeElemAt(u8, keyOff, block, old);
    this.copyValue(this.mem(block), 0, this.valueAt(u8, valueOff, block));
    this.install(e, old);
    return 0;
  }

  /** The block of the element replacing `old` (this CPU's spare with preallocation) or of a new one. */
  private takeBlock(old: HtabElem | undefined): MapBlock {
    if (old && this.prealloc) {
      const cpu = this.env.cpu;
      const block = this.extra[cpu] ?? this.newBlock(this.blockSize);
      this.extra[cpu] = old.block;
      return block;
    }
    return this.allocBlock(this.blockSize);
  }

  /** Links `e` in place of `old` (whose block goes back to the pool without preallocation). */
  private install(e: HtabElem, old: HtabElem | undefined): void {
    if (old) this.replace(old, e);
    else this.link(e);
    if (old && !this.prealloc) this.releaseBlock(old.block);
  }

  override delete(key: Uint8Array): number {
    const e = this.find(key);
    if (!e) return -ERRNO.ENOENT;
    this.unlink(e);
    this.releaseBlock(e.block);
    return 0;
  }

  protected override sysLookupAndDeleteValue(key: Uint8Array): SysResult {
    const e: HtabElem | undefined = this.find(key);
    if (!e) return err(ERRNO.ENOENT);
    const value = this.sysValueOf(e);
    this.delete(key);
    return { ret: 0, value };
  }
}
