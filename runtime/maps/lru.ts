// The kernel's approximate LRU for LRU_HASH and LRU_PERCPU_HASH maps (kernel/bpf/bpf_lru_list.c), step
// for step, so eviction order matches the kernel for the same sequence of operations on the same CPUs.
//
// Common LRU (default): one global list set {active, inactive, free} plus, per CPU, a local {free,
// pending} pair. An update takes a node from the CPU's local free list; when that is empty it refills
// up to `targetFree` = clamp(nr_elems / ncpus / 2, 1, 128) nodes from the global free list, first
// flushing the local pending list into the global lists (referenced → active, else inactive), rotating
// (active tail → inactive when inactive < active, at most 128 scanned; inactive scanned from the
// rotation cursor, referenced → active) and then shrinking the inactive tail (unreferenced nodes are
// evicted from the hash table). If still nothing, it steals a free or the oldest pending node from the
// CPUs' local lists in round-robin order starting at the CPU's `nextSteal`.
// Per-CPU LRU (BPF_F_NO_COMMON_LRU): each CPU owns nr_elems/ncpus nodes and its own list set; a pop
// rotates that list (4 scans), shrinks up to 4 nodes when its free list is empty, and moves the popped
// node to the inactive list. A program lookup sets the node's ref bit; user-space lookups do not.

const T_ACTIVE = 0;
const T_INACTIVE = 1;
const T_FREE = 2;
const T_LOCAL_FREE = 3;
const T_LOCAL_PENDING = 4;
const LOCAL_FREE_TARGET = 128;
const PERCPU_FREE_TARGET = 4;

class ListHead {
  prev: ListHead = this;
  next: ListHead = this;
}

/** One LRU node; `index` is its position in the preallocated element array. */
export class LruNode extends ListHead {
  type = T_FREE;
  ref = 0;
  cpu = 0;
  hash = 0;
  constructor(readonly index: number) {
    super();
  }
}

function listDel(n: ListHead): void {
  n.prev.next = n.next;
  n.next.prev = n.prev;
}
function listAdd(n: ListHead, head: ListHead): void {
  n.next = head.next;
  n.prev = head;
  head.next.prev = n;
  head.next = n;
}
function listMove(n: ListHead, head: ListHead): void {
  listDel(n);
  listAdd(n, head);
}

class LruList {
  readonly lists = [new ListHead(), new ListHead(), new ListHead()];
  readonly counts = [0, 0];
  nextInactiveRotation: ListHead = this.lists[T_INACTIVE]!;
}

class LocalList {
  readonly free = new ListHead();
  readonly pending = new ListHead();
  constructor(public nextSteal: number) {}
}

const isLocal = (t: number): boolean => t >= T_LOCAL_FREE;

export class Lru {
  readonly nodes: LruNode[] = [];
  private readonly nrScans: number;
  private targetFree = 1;
  private readonly common = new LruList();
  private readonly local: LocalList[] = [];
  private readonly percpuLists: LruList[] = [];

  /** `delFromHtab` unlinks the node's element from the hash table; false when it is not there. */
  constructor(
    readonly percpu: boolean,
    private readonly ncpus: number,
    private readonly delFromHtab: (node: LruNode) => boolean,
  ) {
    this.nrScans = percpu ? PERCPU_FREE_TARGET : LOCAL_FREE_TARGET;
    for (let c = 0; c < ncpus; c++) {
      if (percpu) this.percpuLists.push(new LruList());
      else this.local.push(new LocalList(c));
    }
  }

  /** bpf_lru_populate: creates nr nodes (element i ↔ node i) on the free lists. */
  populate(nr: number): void {
    for (let i = 0; i < nr; i++) this.nodes.push(new LruNode(i));
    if (!this.percpu) {
      for (const node of this.nodes) {
        node.type = T_FREE;
        node.ref = 0;
        listAdd(node, this.common.lists[T_FREE]!);
      }
      this.targetFree = Math.min(Math.max(Math.floor(Math.floor(nr / this.ncpus) / 2), 1), LOCAL_FREE_TARGET);
      return;
    }
    const pcpu = Math.floor(nr / this.ncpus);
    let i = 0;
    for (let cpu = 0; cpu < this.ncpus && i < nr; cpu++) {
      const l = this.percpuLists[cpu]!;
      do {
        const node = this.nodes[i]!;
        node.cpu = cpu;
        node.type = T_FREE;
        node.ref = 0;
        listAdd(node, l.lists[T_FREE]!);
        i++;
      } while (i < nr && pcpu > 0 && i % pcpu !== 0);
    }
  }

  setRef(node: LruNode): void {
    if (!node.ref) node.ref = 1;
  }

  popFree(hash: number, cpu: number): LruNode | null {
    return this.percpu ? this.percpuPopFree(hash, cpu) : this.commonPopFree(hash, cpu);
  }

  pushFree(node: LruNode): void {
    if (this.percpu) {
      this.move(this.percpuLists[node.cpu]!, node, T_FREE);
      return;
    }
    if (node.type === T_FREE || node.type === T_LOCAL_FREE) return;
    if (node.type === T_LOCAL_PENDING) {
      const loc = this.local[node.cpu]!;
      node.type = T_LOCAL_FREE;
      node.ref = 0;
      listMove(node, loc.free);
      return;
    }
    this.move(this.common, node, T_FREE);
  }

  // ---- list primitives (the kernel's __bpf_lru_node_move*)

  private countInc(l: LruList, t: number): void {
    if (t < 2) l.counts[t]!++;
  }
  private countDec(l: LruList, t: number): void {
    if (t < 2) l.counts[t]!--;
  }

  private moveToFree(l: LruList, node: LruNode, freeList: ListHead, tgt: number): void {
    if (isLocal(node.type)) return;
    if (node === l.nextInactiveRotation) l.nextInactiveRotation = l.nextInactiveRotation.prev;
    this.countDec(l, node.type);
    node.type = tgt;
    listMove(node, freeList);
  }

  private moveIn(l: LruList, node: LruNode, tgt: number): void {
    if (!isLocal(node.type) || isLocal(tgt)) return;
    this.countInc(l, tgt);
    node.type = tgt;
    node.ref = 0;
    listMove(node, l.lists[tgt]!);
  }

  private move(l: LruList, node: LruNode, tgt: number): void {
    if (isLocal(node.type) || isLocal(tgt)) return;
    if (node.type !== tgt) {
      this.countDec(l, node.type);
      this.countInc(l, tgt);
      node.type = tgt;
    }
    node.ref = 0;
    if (node === l.nextInactiveRotation) l.nextInactiveRotation = l.nextInactiveRotation.prev;
    listMove(node, l.lists[tgt]!);
  }

  private rotateActive(l: LruList): void {
    const active = l.lists[T_ACTIVE]!;
    const first = active.next;
    let i = 0;
    for (let cur = active.prev; cur !== active; ) {
      const tmp = cur.prev;
      const node = cur as LruNode;
      this.move(l, node, node.ref ? T_ACTIVE : T_INACTIVE);
      if (++i === this.nrScans || cur === first) break;
      cur = tmp;
    }
  }

  private rotateInactive(l: LruList): void {
    const inactive = l.lists[T_INACTIVE]!;
    if (inactive.next === inactive) return;
    let last = l.nextInactiveRotation.next;
    if (last === inactive) last = last.next;
    let cur = l.nextInactiveRotation;
    let next: ListHead = inactive;
    let i = 0;
    while (i < this.nrScans) {
      if (cur === inactive) {
        cur = cur.prev;
        continue;
      }
      const node = cur as LruNode;
      next = cur.prev;
      if (node.ref) this.move(l, node, T_ACTIVE);
      if (cur === last) break;
      cur = next;
      i++;
    }
    l.nextInactiveRotation = next;
  }

  private shrinkInactive(l: LruList, tgtN: number, freeList: ListHead, tgtType: number): number {
    const inactive = l.lists[T_INACTIVE]!;
    let n = 0;
    let i = 0;
    for (let cur = inactive.prev; cur !== inactive; ) {
      const tmp = cur.prev;
      const node = cur as LruNode;
      if (node.ref) this.move(l, node, T_ACTIVE);
      else if (this.delFromHtab(node)) {
        this.moveToFree(l, node, freeList, tgtType);
        if (++n === tgtN) break;
      }
      if (++i === this.nrScans) break;
      cur = tmp;
    }
    return n;
  }

  private rotate(l: LruList): void {
    if (l.counts[T_INACTIVE]! < l.counts[T_ACTIVE]!) this.rotateActive(l);
    this.rotateInactive(l);
  }

  private shrink(l: LruList, tgtN: number, freeList: ListHead, tgtType: number): number {
    const n = this.shrinkInactive(l, tgtN, freeList, tgtType);
    if (n) return n;
    const inactive = l.lists[T_INACTIVE]!;
    const force = inactive.next !== inactive ? inactive : l.lists[T_ACTIVE]!;
    for (let cur = force.prev; cur !== force; ) {
      const tmp = cur.prev;
      const node = cur as LruNode;
      if (this.delFromHtab(node)) {
        this.moveToFree(l, node, freeList, tgtType);
        return 1;
      }
      cur = tmp;
    }
    return 0;
  }

  // ---- per-CPU LRU

  private percpuPopFree(hash: number, cpu: number): LruNode | null {
    const l = this.percpuLists[cpu]!;
    this.rotate(l);
    const free = l.lists[T_FREE]!;
    if (free.next === free) this.shrink(l, PERCPU_FREE_TARGET, free, T_FREE);
    if (free.next === free) return null;
    const node = free.next as LruNode;
    node.hash = hash;
    node.ref = 0;
    this.move(l, node, T_INACTIVE);
    return node;
  }

  // ---- common LRU

  private popFreeToLocal(loc: LocalList): void {
    const l = this.common;
    // __local_list_flush: pending tail first
    for (let cur = loc.pending.prev; cur !== loc.pending; ) {
      const tmp = cur.prev;
      const node = cur as LruNode;
      this.moveIn(l, node, node.ref ? T_ACTIVE : T_INACTIVE);
      cur = tmp;
    }
    this.rotate(l);
    const free = l.lists[T_FREE]!;
    let nfree = 0;
    for (let cur = free.next; cur !== free; ) {
      const nxt = cur.next;
      this.moveToFree(l, cur as LruNode, loc.free, T_LOCAL_FREE);
      if (++nfree === this.targetFree) break;
      cur = nxt;
    }
    if (nfree < this.targetFree) this.shrink(l, this.targetFree - nfree, loc.free, T_LOCAL_FREE);
  }

  private addPending(loc: LocalList, cpu: number, node: LruNode, hash: number): void {
    node.hash = hash;
    node.cpu = cpu;
    node.type = T_LOCAL_PENDING;
    node.ref = 0;
    listAdd(node, loc.pending);
  }

  private localPopFree(loc: LocalList): LruNode | null {
    if (loc.free.next === loc.free) return null;
    const node = loc.free.next as LruNode;
    listDel(node);
    return node;
  }

  private localPopPending(loc: LocalList): LruNode | null {
    for (const force of [false, true]) {
      for (let cur = loc.pending.prev; cur !== loc.pending; cur = cur.prev) {
        const node = cur as LruNode;
        if ((!node.ref || force) && this.delFromHtab(node)) {
          listDel(node);
          return node;
        }
      }
    }
    return null;
  }

  private commonPopFree(hash: number, cpu: number): LruNode | null {
    const loc = this.local[cpu]!;
    let node = this.localPopFree(loc);
    if (!node) {
      this.popFreeToLocal(loc);
      node = this.localPopFree(loc);
    }
    if (node) {
      this.addPending(loc, cpu, node, hash);
      return node;
    }
    const first = loc.nextSteal;
    let steal = first;
    do {
      const sl = this.local[steal]!;
      node = this.localPopFree(sl) ?? this.localPopPending(sl);
      steal = (steal + 1) % this.ncpus;
    } while (!node && steal !== first);
    loc.nextSteal = steal;
    if (node) this.addPending(loc, cpu, node, hash);
    return node;
  }
}
