// BPF_MAP_TYPE_LPM_TRIE (kernel/bpf/lpm_trie.c): keys are `u32 prefixlen` (host order) + data (big-endian
// bits); lookups return the value of the longest stored prefix matching the key. The trie has the
// kernel's shape (intermediate nodes, child by the next bit) so get_next_key walks it in the kernel's
// postorder (more specific prefixes first). Full trie: -ENOSPC, as the kernel returns.
import { BpfMap, compareBytes, err, readU32, type ForEachCallback } from './base.js';
import { BPF_EXIST, BPF_F, BPF_F_ACCESS_MASK, BPF_NOEXIST, ERRNO } from './types.js';
import type { MapBlock, MapDef, MapEntry, MapEnv, SysResult } from './types.js';

const LPM_DATA_SIZE_MAX = 256;
const LPM_CREATE_FLAG_MASK = BPF_F.BPF_F_NO_PREALLOC | BPF_F.BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK;
const LPM_VAL_SIZE_MAX = (1 << 22) - LPM_DATA_SIZE_MAX - 24;

interface TrieNode {
  child: [TrieNode | null, TrieNode | null];
  prefixlen: number;
  im: boolean;
  data: Uint8Array;
  block: MapBlock | null;
}

function extractBit(data: Uint8Array, index: number, off = 0): 0 | 1 {
  return (data[off + (index >> 3)]! >> (7 - (index & 7))) & 1 ? 1 : 0;
}

export class LpmTrieMap extends BpfMap {
  /** trie_alloc's attribute checks. */
  static check(def: MapDef): number {
    if (
      def.maxEntries === 0 ||
      !(def.flags & BPF_F.BPF_F_NO_PREALLOC) ||
      def.flags & ~LPM_CREATE_FLAG_MASK ||
      def.keySize < 4 + 1 ||
      def.keySize > 4 + LPM_DATA_SIZE_MAX ||
      def.valueSize < 1 ||
      def.valueSize > LPM_VAL_SIZE_MAX
    )
      return -ERRNO.EINVAL;
    return 0;
  }

  private root: TrieNode | null = null;
  private nEntries = 0;
  private readonly dataSize: number;
  private readonly maxPrefixlen: number;

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.dataSize = def.keySize - 4;
    this.maxPrefixlen = this.dataSize * 8;
  }

  private keyData(key: Uint8Array): Uint8Array {
    const d = new Uint8Array(this.dataSize);
    d.set(key.subarray(4, 4 + this.dataSize));
    return d;
  }

  /**
   * Number of leading bits node and key share, capped at min(node.prefixlen, key prefixlen); the key's
   * data is dataSize bytes of `data` from `off`.
   */
  private matchLen(node: TrieNode, prefixlen: number, data: Uint8Array, off = 0): number {
    const limit = Math.min(node.prefixlen, prefixlen);
    let n = 0;
    for (let i = 0; i < this.dataSize && n < limit; i++) {
      const diff = node.data[i]! ^ data[off + i]!;
      if (diff === 0) {
        n += 8;
        continue;
      }
      n += Math.clz32(diff) - 24;
      break;
    }
    return Math.min(n, limit);
  }

  private newNode(prefixlen: number, data: Uint8Array, value: Uint8Array | null): TrieNode {
    let block: MapBlock | null = null;
    if (value) {
      block = this.allocBlock(this.def.valueSize);
      this.copyValue(this.mem(block), 0, value);
    }
    return { child: [null, null], prefixlen, im: value === null, data: data.slice(), block };
  }

  private free(node: TrieNode | null): void {
    if (node?.block) this.releaseBlock(node.block);
  }

  override lookup(key: Uint8Array): number {
    return this.match(key)?.block?.addr ?? 0;
  }

  override lookupAt(u8: Uint8Array, off: number): number {
    return this.matchAt(u8, off)?.block?.addr ?? 0;
  }

  /** trie_lookup_elem: the longest-prefix node matching `key` (bytes past its end count as zero). */
  private match(key: Uint8Array): TrieNode | null {
    if (key.length >= this.def.keySize) return this.matchAt(key, 0);
    const k = new Uint8Array(this.def.keySize);
    k.set(key);
    return this.matchAt(k, 0);
  }

  /** match() of the key that lies in `u8` at `off` (read in place). */
  private matchAt(u8: Uint8Array, off: number): TrieNode | null {
    const prefixlen = readU32(u8, off);
    if (prefixlen > this.maxPrefixlen) return null;
    const d = off + 4;
    let found: TrieNode | null = null;
    for (let node = this.root; node; ) {
      const m = this.matchLen(node, prefixlen, u8, d);
      if (m === this.maxPrefixlen) {
        found = node;
        break;
      }
      if (m < node.prefixlen) break;
      if (!node.im) found = node;
      node = node.child[extractBit(u8, node.prefixlen, d)];
    }
    return found;
  }

  private checkAdd(flags: number): number {
    if (flags === BPF_EXIST) return -ERRNO.ENOENT;
    if (this.nEntries === this.def.maxEntries) return -ERRNO.ENOSPC;
    this.nEntries++;
    return 0;
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    const prefixlen = readU32(key);
    if (prefixlen > this.maxPrefixlen) return -ERRNO.EINVAL;
    const data = this.keyData(key);
    // slot: a parent node and child index, or the root
    let parent: TrieNode | null = null;
    let bit: 0 | 1 = 0;
    let node = this.root;
    let m = 0;
    while (node) {
      m = this.matchLen(node, prefixlen, data);
      if (node.prefixlen !== m || node.prefixlen === prefixlen) break;
      parent = node;
      bit = extractBit(data, node.prefixlen);
      node = node.child[bit];
    }
    const setSlot = (n: TrieNode): void => {
      if (parent) parent.child[bit] = n;
      else this.root = n;
    };
    if (!node) {
      const r = this.checkAdd(flags);
      if (r) return r;
      setSlot(this.newNode(prefixlen, data, value));
      return 0;
    }
    if (node.prefixlen === m) {
      if (!node.im) {
        if (flags === BPF_NOEXIST) return -ERRNO.EEXIST;
      } else {
        const r = this.checkAdd(flags);
        if (r) return r;
      }
      const n = this.newNode(prefixlen, data, value);
      n.child = [node.child[0], node.child[1]];
      setSlot(n);
      this.free(node);
      return 0;
    }
    const r = this.checkAdd(flags);
    if (r) return r;
    const n = this.newNode(prefixlen, data, value);
    if (m === prefixlen) {
      n.child[extractBit(node.data, m)] = node;
      setSlot(n);
      return 0;
    }
    const im = this.newNode(m, node.data, null);
    if (extractBit(data, m)) im.child = [node, n];
    else im.child = [n, node];
    setSlot(im);
    return 0;
  }

  override delete(key: Uint8Array): number {
    const prefixlen = readU32(key);
    if (prefixlen > this.maxPrefixlen) return -ERRNO.EINVAL;
    const data = this.keyData(key);
    // trim = slot of node (grand = slot of parent)
    let slotParent: TrieNode | null = null;
    let slotBit: 0 | 1 = 0;
    let pSlotParent: TrieNode | null = null;
    let pSlotBit: 0 | 1 = 0;
    let parent: TrieNode | null = null;
    let node = this.root;
    let m = 0;
    while (node) {
      m = this.matchLen(node, prefixlen, data);
      if (node.prefixlen !== m || node.prefixlen === prefixlen) break;
      pSlotParent = slotParent;
      pSlotBit = slotBit;
      parent = node;
      slotParent = node;
      slotBit = extractBit(data, node.prefixlen);
      node = node.child[slotBit];
    }
    if (!node || node.prefixlen !== prefixlen || node.prefixlen !== m || node.im) return -ERRNO.ENOENT;
    this.nEntries--;
    const setSlot = (sp: TrieNode | null, sb: 0 | 1, n: TrieNode | null): void => {
      if (sp) sp.child[sb] = n;
      else this.root = n;
    };
    if (node.child[0] && node.child[1]) {
      node.im = true;
      this.free(node);
      node.block = null;
      return 0;
    }
    if (parent && parent.im && !node.child[0] && !node.child[1]) {
      setSlot(pSlotParent, pSlotBit, node === parent.child[0] ? parent.child[1] : parent.child[0]);
      this.free(node);
      return 0;
    }
    setSlot(slotParent, slotBit, node.child[0] ?? node.child[1]);
    this.free(node);
    return 0;
  }

  private keyOf(node: TrieNode): Uint8Array {
    const k = new Uint8Array(this.def.keySize);
    new DataView(k.buffer).setUint32(0, node.prefixlen, true);
    k.set(node.data, 4);
    return k;
  }

  private leftmost(from: TrieNode): TrieNode | null {
    let next: TrieNode | null = null;
    for (let node: TrieNode | null = from; node; ) {
      if (node.im) node = node.child[0];
      else {
        next = node;
        node = node.child[0] ?? next.child[1];
      }
    }
    return next;
  }

  override getNextKey(key: Uint8Array | null): SysResult {
    if (!this.root) return err(ERRNO.ENOENT);
    const prefixlen = key ? readU32(key) : 0;
    let next: TrieNode | null = null;
    if (!key || prefixlen > this.maxPrefixlen) next = this.leftmost(this.root);
    else {
      const data = this.keyData(key);
      const stack: TrieNode[] = [];
      let node: TrieNode | null = this.root;
      let m = 0;
      while (node) {
        stack.push(node);
        m = this.matchLen(node, prefixlen, data);
        if (node.prefixlen !== m || node.prefixlen === prefixlen) break;
        node = node.child[extractBit(data, node.prefixlen)];
      }
      if (!node || node.prefixlen !== m || node.im) next = this.leftmost(this.root);
      else {
        let cur = stack[stack.length - 1]!;
        let sp = stack.length - 1;
        while (sp > 0) {
          const par = stack[sp - 1]!;
          if (par.child[0] === cur && par.child[1]) {
            next = this.leftmost(par.child[1]);
            break;
          }
          if (!par.im) {
            next = par;
            break;
          }
          cur = par;
          sp--;
        }
        if (!next) return err(ERRNO.ENOENT);
      }
    }
    return next ? { ret: 0, value: this.keyOf(next) } : err(ERRNO.ENOENT);
  }

  protected override sysCopyValue(key: Uint8Array): SysResult {
    const node = this.match(key);
    if (!node?.block) return err(ERRNO.ENOENT);
    return { ret: 0, value: this.mem(node.block).slice(0, this.def.valueSize) };
  }

  private nodes(): TrieNode[] {
    const out: TrieNode[] = [];
    const walk = (n: TrieNode | null): void => {
      if (!n) return;
      walk(n.child[0]);
      walk(n.child[1]);
      if (!n.im) out.push(n);
    };
    walk(this.root);
    return out;
  }

  override forEach(_cb: ForEachCallback): number {
    return -ERRNO.ENOTSUPP;
  }

  override entries(): MapEntry[] {
    return this.nodes()
      .map((n) => ({ key: this.keyOf(n), value: this.mem(n.block!).slice(0, this.def.valueSize) }))
      .sort((a, b) => compareBytes(a.key, b.key));
  }
}
