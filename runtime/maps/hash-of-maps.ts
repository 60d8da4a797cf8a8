// BPF_MAP_TYPE_HASH_OF_MAPS (kernel/bpf/hashtab.c fd_htab_*): key → inner map, updated in place. User
// space writes map fds (MapEnv.resolveMapFd) and reads back map ids; a program's lookup returns the
// inner map's handle.
import { err, readU32, u32Bytes } from './base.js';
import { checkInnerTemplate, innerMapMatches } from './array-of-maps.js';
import { HtabBase, checkHtabDef, type HtabElem } from './hashtab.js';
import { BPF_EXIST, ERRNO, type InnerMapRef, type MapDef, type MapEntry, type SysResult } from './types.js';
import { compareBytes } from './base.js';

export class HashOfMapsMap extends HtabBase {
  static check(def: MapDef): number {
    if (def.valueSize !== 4) return -ERRNO.EINVAL;
    return checkHtabDef(def) || checkInnerTemplate(def);
  }
  private readonly refs = new Map<HtabElem, InnerMapRef>();

  override sysValueSize(): number {
    return 4;
  }

  /** Sets `key` → `ref` (the loader's static initialisation and user-space updates). */
  set(key: Uint8Array, ref: InnerMapRef, flags = 0): number {
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    if (!innerMapMatches(this.def.innerMap!, ref.map.def)) return -ERRNO.EINVAL;
    const old = this.find(key);
    const r = this.checkFlags(old, flags);
    if (r) return r;
    if (old) {
      this.refs.set(old, ref);
      return 0;
    }
    if (this.count >= this.def.maxEntries) return -ERRNO.E2BIG;
    const e = this.makeElem(key, this.allocBlock(8));
    this.refs.set(e, ref);
    this.link(e);
    return 0;
  }

  override lookup(key: Uint8Array): number {
    const e = this.find(key);
    return e ? (this.refs.get(e)?.handle ?? 0) : 0;
  }

  override lookupAt(u8: Uint8Array, off: number): number {
    const e = this.findAt(u8, off);
    return e ? (this.refs.get(e)?.handle ?? 0) : 0;
  }

  override update(): number {
    return -ERRNO.EINVAL;
  }

  override delete(key: Uint8Array): number {
    const e = this.find(key);
    if (!e) return -ERRNO.ENOENT;
    this.unlink(e);
    this.refs.delete(e);
    this.releaseBlock(e.block);
    return 0;
  }

  protected override sysUpdateValue(key: Uint8Array, value: Uint8Array, flags: number): number {
    const ref = this.env.resolveMapFd?.(readU32(value));
    if (!ref) return -ERRNO.EBADF;
    return this.set(key, ref, flags);
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    const e = this.find(key);
    const ref = e && this.refs.get(e);
    return ref ? { ret: 0, value: u32Bytes(ref.id) } : err(ERRNO.ENOENT);
  }

  override entries(): MapEntry[] {
    return this.allElems()
      .sort((a, b) => compareBytes(a.key, b.key))
      .map((e) => ({ key: e.key.slice(), value: u32Bytes(this.refs.get(e)?.id ?? 0) }));
  }
}
