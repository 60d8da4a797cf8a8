// Packet storage for program contexts: one VM region holding a packet buffer (head room, data, tail
// room) whose accessible window is what a program may touch directly, and the invalidation of packet
// pointers after helpers that move the packet (the kernel's bpf_helper_changes_pkt_data list).
//
// In: the VM address space, a slot size, and moves requested by helpers. Out: the current region, and
// stale regions that still exist but map nothing: after `move(reason)` the bytes live in a fresh region
// at other addresses, the old region keeps an empty window and a name saying which helper invalidated
// it, so a program that dereferences a pointer computed before the call faults with that name (the
// kernel's verifier would have rejected such a program; the VM reports it at run time).
//
//   slot:  base ............................................ base + capacity
//          | head room | [window: data_meta/data .. data_end) | tail room |
//
// Stale regions are freed at the next `reset()` (the next packet), or when more than MAX_STALE pile up
// in one run (the oldest first: pointers that old can then fault as unmapped instead).
//
// `reset()` zero-fills only the part of the slot that may hold bytes: the union of every window set
// since the last reset (programs and the memory-checked helper accesses write only inside the window),
// and what the context marks with `touch()` (its own writes, e.g. through SkbContext.view); a move
// carries the dirty range over to the new slot. The rest of the slot is always zero.

import { PERM, REGION_KIND, type AddressSpace, type Region } from '../vm/index.js';
import { InternalError } from '../errors.js';

const MAX_STALE = 64;

export class PacketBuffer {
  /** the region holding the packet now */
  region: Region;
  private readonly stale: Region[] = [];
  /** called after every move with the old and the new region (the VM's legacy-load packet follows) */
  onMove: ((from: Region, to: Region) => void) | undefined = undefined;
  /** slot offsets [dirtyLo, dirtyHi) outside which the slot is known to be zero (empty when lo >= hi) */
  private dirtyLo = 0;
  private dirtyHi = 0;

  constructor(
    private readonly mem: AddressSpace,
    /** bytes of the slot (a move may change it) */
    public capacity: number,
    private readonly name: string,
  ) {
    this.region = mem.reserve(capacity, 0, 0, { kind: REGION_KIND.packet, perm: PERM.rw, name, align: 64 });
  }

  /** Start of the slot (the kernel's data_hard_start / head). */
  get base(): number {
    return this.region.base;
  }

  /**
   * Frees the stale regions of the previous run and zero-fills the slot, except [keepFrom, keepTo)
   * (absolute addresses) which the caller overwrites at once (the next packet's bytes).
   */
  reset(keepFrom = 0, keepTo = 0): void {
    if (this.stale.length !== 0) {
      for (const r of this.stale) if (r.live) this.mem.free(r);
      this.stale.length = 0;
    }
    const lo = this.dirtyLo;
    const hi = this.dirtyHi;
    if (lo < hi) {
      const b = this.region.base;
      const k0 = keepFrom - b;
      const k1 = keepTo - b;
      const u8 = this.mem.u8;
      if (k0 >= k1 || k1 <= lo || k0 >= hi) u8.fill(0, b + lo, b + hi);
      else {
        if (lo < k0) u8.fill(0, b + lo, b + k0);
        if (k1 < hi) u8.fill(0, b + k1, b + hi);
      }
    }
    this.dirtyLo = 0;
    this.dirtyHi = 0;
  }

  /** Sets the accessible window to [start, end) (absolute addresses inside the slot). */
  setWindow(start: number, end: number): void {
    this.mem.setWindow(this.region, start, end);
    this.touch(start, end);
  }

  /** Records that bytes [start, end) (absolute addresses inside the slot) may have been written. */
  touch(start: number, end: number): void {
    const b = this.region.base;
    if (start < b) start = b;
    if (end > b + this.capacity) end = b + this.capacity;
    if (start >= end) return;
    if (this.dirtyLo >= this.dirtyHi) {
      this.dirtyLo = start - b;
      this.dirtyHi = end - b;
      return;
    }
    if (start - b < this.dirtyLo) this.dirtyLo = start - b;
    if (end - b > this.dirtyHi) this.dirtyHi = end - b;
  }

  /**
   * Moves the packet to a fresh region and makes the old one stale. By default the new slot has the same
   * capacity and the whole slot is copied to the same offsets; `opts` can copy only [from, to) (slot
   * offsets; the rest of the new slot is zero), give the new slot another capacity, and place the old
   * contents `shift` bytes further in (so slot offsets grow by `shift`).
   */
  move(reason: string, opts: { from?: number; to?: number; capacity?: number; shift?: number } = {}): void {
    const old = this.region;
    const oldCap = this.capacity;
    const cap = opts.capacity ?? oldCap;
    const shift = opts.shift ?? 0;
    const from = opts.from ?? 0;
    const to = opts.to ?? oldCap;
    if (shift < 0 || from < 0 || to > oldCap || from > to || to + shift > cap) {
      throw new InternalError(`packet move: bad geometry ${from}..${to} +${shift} into ${cap}`);
    }
    const fresh = this.mem.reserve(cap, 0, 0, { kind: REGION_KIND.packet, perm: PERM.rw, name: this.name, align: 64 });
    // outside the dirty range both slots are zero: only the dirty part of [from, to) needs copying
    const lo = Math.max(this.dirtyLo, from);
    const hi = Math.min(this.dirtyHi, to);
    if (lo < hi) this.mem.u8.copyWithin(fresh.base + lo + shift, old.base + lo, old.base + hi);
    const start = old.start - old.base + shift;
    const end = old.end - old.base + shift;
    this.mem.setWindow(fresh, fresh.base + Math.min(start, cap), fresh.base + Math.min(end, cap));
    this.mem.setWindow(old, old.base, old.base);
    old.name = `stale packet (pointers into it were invalidated by ${reason})`;
    this.stale.push(old);
    if (this.stale.length > MAX_STALE) {
      const r = this.stale.shift()!;
      if (r.live) this.mem.free(r);
    }
    this.region = fresh;
    this.capacity = cap;
    this.dirtyLo = lo < hi ? lo + shift : 0;
    this.dirtyHi = lo < hi ? hi + shift : 0;
    this.touch(fresh.start, fresh.end);
    this.onMove?.(old, fresh);
  }

  /** Frees every region (the context is discarded). */
  dispose(): void {
    for (const r of this.stale) if (r.live) this.mem.free(r);
    this.stale.length = 0;
    if (this.region.live) this.mem.free(this.region);
  }
}
