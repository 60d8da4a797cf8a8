// BPF_MAP_TYPE_LRU_HASH (kernel/bpf/hashtab.c htab_lru_map_*): a preallocated hash whose inserts take a
// node from the kernel's LRU (./lru.ts), evicting the least recently used elements when none is free.
// Note, as in the kernel: the node is taken before the flags are checked, so a failing BPF_NOEXIST
// update can still evict an element. Program lookups set the node's reference bit; user space's do not.
import { err } from './base.js';
import { HtabBase, checkHtabDef, type HtabElem } from './hashtab.js';
import { Lru, type LruNode } from './lru.js';
import { BPF_EXIST, BPF_F, ERRNO, type MapDef, type MapEnv, type SysResult } from './types.js';

/** max_entries of an LRU map after htab_map_alloc's per-CPU-LRU rounding. */
export function lruMaxEntries(def: MapDef, ncpus: number): number {
  if (!(def.flags & BPF_F.BPF_F_NO_COMMON_LRU)) return def.maxEntries;
  let n = Math.ceil(def.maxEntries / ncpus) * ncpus;
  if (n < def.maxEntries) n = Math.floor(def.maxEntries / ncpus) * ncpus;
  return n;
}

export abstract class LruHtabBase extends HtabBase {
  protected readonly lru: Lru;
  /** The element record each LRU node carries (node i ↔ elemOf[i]). */
  protected readonly elemOf: (HtabElem | undefined)[] = [];

  constructor(def: MapDef, env: MapEnv) {
    super({ ...def, maxEntries: lruMaxEntries(def, env.ncpus) }, env);
    this.lru = new Lru((def.flags & BPF_F.BPF_F_NO_COMMON_LRU) !== 0, env.ncpus, (node) => this.delNode(node));
    this.lru.populate(this.def.maxEntries);
  }

  /** htab_lru_map_delete_node: unlinks the node's element if it is in the table. */
  private delNode(node: LruNode): boolean {
    const e = this.elemOf[node.index];
    if (!e || !e.linked) return false;
    this.unlink(e);
    return true;
  }

  /** prealloc_lru_pop: a node for `key`, its element record rebound to the key. */
  protected popElem(key: Uint8Array): HtabElem | undefined {
    const hash = this.hashOf(key);
    const node = this.lru.popFree(hash, this.env.cpu);
    if (!node) return undefined;
    let e = this.elemOf[node.index];
    const block = e?.block ?? this.newBlock(this.blockSize);
    e = this.makeElem(key, block);
    e.node = node;
    this.elemOf[node.index] = e;
    return e;
  }

  override lookup(key: Uint8Array): number {
    return this.found(this.find(key));
  }

  override lookupAt(u8: Uint8Array, off: number): number {
    return this.found(this.findAt(u8, off));
  }

  /** A program lookup's result: the value address (0 when missing), the node's reference bit set. */
  private found(e: HtabElem | undefined): number {
    if (!e) return 0;
    if (e.node) this.lru.setRef(e.node);
    return this.valueAddr(e);
  }

  override delete(key: Uint8Array): number {
    const e = this.find(key);
    if (!e) return -ERRNO.ENOENT;
    this.unlink(e);
    if (e.node) this.lru.pushFree(e.node);
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

export class LruHashMap extends LruHtabBase {
  static check(def: MapDef): number {
    return checkHtabDef(def);
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    const e = this.popElem(key);
    if (!e) return -ERRNO.ENOMEM;
    this.copyValue(this.mem(e.block), 0, value);
    const old = this.find(key);
    const r = this.checkFlags(old, flags);
    if (r) {
      this.lru.pushFree(e.node!);
      return r;
    }
    if (old) this.unlink(old);
    this.link(e);
    if (old) {
      this.lru.setRef(e.node!);
      this.lru.pushFree(old.node!);
    }
    return 0;
  }
}
