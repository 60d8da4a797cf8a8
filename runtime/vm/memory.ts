// The VM's address space: one linear byte buffer holding every region a program can touch (stack
// frames, context, packet, map values, global data), the region table, and the access checks (the
// "gate") that every load, store, atomic and helper memory access goes through.
//
// Addresses are byte offsets into the buffer, so a pointer is a plain number below 2^31 (its high 32
// bits as a 64-bit eBPF value are 0) and the interpreter indexes the buffer with it directly:
//
//   0 ............ GUARD_SIZE: never mapped (address 0 and small integers can never be dereferenced)
//   GUARD_SIZE ... : slots, each [base, base+capacity) followed by >= GAP_SIZE unmapped bytes
//   each slot holds one region whose accessible window [start, end) lies inside the slot
//
// Interface for the loader, maps, helpers and contexts:
//   const r = mem.allocate(size, { kind, perm, name, align?, access?, owner? })   → Region
//   r.start / r.end / r.size: the accessible window; mem.u8 / mem.dv view the whole buffer
//   mem.free(r); mem.setWindow(r, start, end)   (e.g. XDP head/tail adjustment inside reserved room)
//   mem.bytes(addr, len, write?)  → a Uint8Array view checked like a program access (throws RawFault)
//   mem.regionAt(addr) → the live region whose window holds addr
// Growing the buffer replaces `u8`/`dv` (a resizable ArrayBuffer would keep them, but V8 in Node 20
// runs DataView accesses on resizable buffers ~7x slower): re-read `mem.u8`/`mem.dv` after anything
// that may allocate, and do not keep `bytes()` views across allocations. `generation` counts growths.
//
// Fast-path arrays (read by the interpreter and compiled code, indexed by a gate id; id 0 is a dummy
// that matches nothing): rStart[id] = window start; rEndR/rEndW/rEndRW[id] = window end when the
// region allows read / write / both, else 0. A region with a context access table keeps all three
// ends at 0, so its accesses take the slow path (checkAccess), which consults the table and hands out
// a "micro" gate id covering exactly the (address, size) just allowed; a site that repeats the same
// access then passes the fast path. Micro ids die with their region (free, setWindow).

import { FAULT, RawFault, type FaultKind } from './fault.js';
import { EbpfcError } from '../errors.js';
import { ACCESS_READ, ACCESS_WRITE, type AccessTable, accessAllowed } from './access.js';

export const PERM = { none: 0, r: 1, w: 2, rw: 3 } as const;
export type Perm = (typeof PERM)[keyof typeof PERM];

export const REGION_KIND = {
  stack: 'stack',
  ctx: 'ctx',
  packet: 'packet',
  mapValue: 'map-value',
  /** a map's own handle: the address ld_imm64 puts in a register for a map reference; no access */
  map: 'map',
  globalData: 'global-data',
  scratch: 'scratch',
  other: 'other',
} as const;
export type RegionKind = (typeof REGION_KIND)[keyof typeof REGION_KIND];

/** Bytes below this address are never mapped. */
export const GUARD_SIZE = 0x10000;
/** Unmapped bytes after every slot. */
export const GAP_SIZE = 16;
/** Largest address space (addresses stay below 2^31 so they are non-negative int32 values). */
export const MAX_MEMORY = 0x7fff_0000;

export interface AllocateOptions {
  kind: RegionKind;
  perm: Perm;
  name: string;
  /** alignment of the region start (power of two, default 16) */
  align?: number;
  /** context access table (per offset and size: may load / may store); see access.ts */
  access?: AccessTable;
  /** whatever object this region belongs to (a map for 'map' regions, …) */
  owner?: unknown;
}

/** One mapped region. Mutable fields change only through the AddressSpace. */
export class Region {
  /** false once freed */
  live = true;
  /** gate ids handed out for context accesses, by offset * 4 + size class */
  micro: Map<number, number> | undefined = undefined;
  constructor(
    /** gate id (index into the fast-path arrays) */
    readonly id: number,
    /** slot index */
    readonly slot: number,
    readonly kind: RegionKind,
    /** shown in fault messages; a context may rename a region it retires (e.g. a stale packet) */
    public name: string,
    readonly perm: Perm,
    /** first reserved address of the slot */
    readonly base: number,
    /** reserved bytes of the slot */
    readonly capacity: number,
    /** accessible window */
    public start: number,
    public end: number,
    readonly access: AccessTable | undefined,
    public owner: unknown,
  ) {}
  get size(): number {
    return this.end - this.start;
  }
}

export interface MemoryOptions {
  /** initial buffer size in bytes (default 1 MiB) */
  initialSize?: number;
  /** largest buffer size in bytes (default and cap MAX_MEMORY) */
  maxSize?: number;
}

export class AddressSpace {
  u8: Uint8Array;
  dv: DataView;
  /** incremented each time the buffer is replaced by a larger one */
  generation = 0;
  // fast-path arrays, indexed by region id
  rStart: Int32Array;
  rEndR: Int32Array;
  rEndW: Int32Array;
  rEndRW: Int32Array;
  private readonly maxSize: number;
  /** current region of each slot (slots are only ever appended: the bump pointer grows) */
  private readonly slots: Region[] = [];
  /** slot bases in ascending order, parallel to `slots` */
  private readonly bases: number[] = [];
  private readonly freeByCapacity = new Map<number, number[]>();
  private top = GUARD_SIZE;
  private nextId = 1;
  private readonly freeIds: number[] = [];

  constructor(opts: MemoryOptions = {}) {
    this.maxSize = Math.min(opts.maxSize ?? MAX_MEMORY, MAX_MEMORY);
    const size = Math.min(Math.max(opts.initialSize ?? 1 << 20, GUARD_SIZE * 2), this.maxSize);
    const buf = new ArrayBuffer(size);
    this.u8 = new Uint8Array(buf);
    this.dv = new DataView(buf);
    this.rStart = new Int32Array(64);
    this.rEndR = new Int32Array(64);
    this.rEndW = new Int32Array(64);
    this.rEndRW = new Int32Array(64);
    // gate id 0: the dummy, never matches (start beyond every address, ends 0)
    this.rStart[0] = 0x7fffffff;
  }

  /** Allocates a zero-filled region of `size` accessible bytes (the window is the whole slot). */
  allocate(size: number, opts: AllocateOptions): Region {
    return this.reserve(size, size, 0, opts);
  }

  /**
   * Allocates a slot of `capacity` bytes whose accessible window is `size` bytes starting `offset`
   * bytes into it (packets: headroom before, tailroom after). The whole slot is zero-filled.
   */
  reserve(capacity: number, size: number, offset: number, opts: AllocateOptions): Region {
    if (!Number.isInteger(capacity) || capacity < 0 || !Number.isInteger(size) || !Number.isInteger(offset) ||
        offset < 0 || size < 0 || offset + size > capacity) {
      throw new EbpfcError('vm memory', `bad region geometry for "${opts.name}": capacity ${capacity}, window ${offset}+${size}`);
    }
    const align = opts.align ?? 16;
    if (!Number.isInteger(align) || align < 1 || (align & (align - 1)) !== 0 || align > 4096) {
      throw new EbpfcError('vm memory', `bad alignment ${align} for "${opts.name}"`);
    }
    const cap = Math.max(16, (capacity + 15) & ~15);
    let slot = -1;
    let base = 0;
    const free = this.freeByCapacity.get(cap);
    if (free !== undefined) {
      for (let i = free.length - 1; i >= 0; i--) {
        const cand = free[i]!;
        if ((this.bases[cand]! & (align - 1)) === 0) {
          slot = cand;
          free.splice(i, 1);
          base = this.bases[cand]!;
          break;
        }
      }
    }
    if (slot < 0) {
      base = (this.top + align - 1) & ~(align - 1);
      const newTop = base + cap + GAP_SIZE;
      if (newTop > this.maxSize) {
        throw new EbpfcError('vm memory', `out of memory allocating ${capacity} bytes for "${opts.name}" (limit ${this.maxSize} bytes)`);
      }
      this.ensureSize(newTop);
      this.top = newTop;
      slot = this.slots.length;
      this.bases.push(base);
    }
    this.u8.fill(0, base, base + cap);
    const r = new Region(this.allocId(), slot, opts.kind, opts.name, opts.perm, base, cap, base + offset,
      base + offset + size, opts.access, opts.owner);
    if (slot === this.slots.length) this.slots.push(r);
    else this.slots[slot] = r;
    this.syncFast(r);
    return r;
  }

  /** Unmaps a region; its slot may be reused by a later allocation of the same capacity. */
  free(r: Region): void {
    if (!r.live || this.slots[r.slot] !== r) throw new EbpfcError('vm memory', `region "${r.name}" is not live`);
    r.live = false;
    this.dropMicro(r);
    this.rStart[r.id] = 0x7fffffff;
    this.rEndR[r.id] = 0;
    this.rEndW[r.id] = 0;
    this.rEndRW[r.id] = 0;
    this.freeIds.push(r.id);
    let list = this.freeByCapacity.get(r.capacity);
    if (list === undefined) this.freeByCapacity.set(r.capacity, (list = []));
    list.push(r.slot);
  }

  /** Moves a region's accessible window inside its slot. */
  setWindow(r: Region, start: number, end: number): void {
    if (r.start === start && r.end === end && r.live) return;
    if (!r.live) throw new EbpfcError('vm memory', `region "${r.name}" is not live`);
    if (!(Number.isInteger(start) && Number.isInteger(end) && r.base <= start && start <= end && end <= r.base + r.capacity)) {
      throw new EbpfcError('vm memory', `window [${start}, ${end}) outside slot of "${r.name}"`);
    }
    r.start = start;
    r.end = end;
    this.dropMicro(r);
    this.syncFast(r);
  }

  /** The live region whose window contains `addr`, or undefined. */
  regionAt(addr: number): Region | undefined {
    const r = this.slotAt(addr);
    return r !== undefined && r.live && addr >= r.start && addr < r.end ? r : undefined;
  }

  /** Every live region, in address order. */
  regions(): Region[] {
    return this.slots.filter((r) => r.live);
  }

  /** The highest address ever handed out plus its trailing gap (for canary checks in tests). */
  get highWater(): number {
    return this.top;
  }

  /**
   * Checks an access of `size` bytes at `addr` needing `need` (ACCESS_READ, ACCESS_WRITE or both);
   * returns the gate id to cache for the access site, or -1 when the access is not allowed (then
   * `explain` says why). This is the slow path of the gate; the fast path (a cached gate id whose
   * window and permission fit) never gets here.
   */
  probe(addr: number, size: number, need: number): number {
    const r = this.slotAt(addr);
    if (r === undefined || !r.live || addr < r.start || addr + size > r.end) return -1;
    if (r.access !== undefined) {
      if (need === (ACCESS_READ | ACCESS_WRITE)) return -1;
      const off = addr - r.start;
      return accessAllowed(r.access, off, size, need) ? this.microId(r, addr, off, size) : -1;
    }
    return (r.perm & need) === need ? r.id : -1;
  }

  /** Why `probe(addr, size, need)` refused: the fault kind and a message. */
  explain(addr: number, size: number, need: number): { kind: FaultKind; detail: string } {
    const r = this.slotAt(addr);
    const at = `${accessWord(need)} of ${size} bytes at ${fmtAddr(addr)}`;
    if (r === undefined || !r.live || addr < r.start || addr >= r.end) {
      return { kind: FAULT.unmapped, detail: `${at}: ${this.describeNear(addr)}` };
    }
    if (addr + size > r.end) {
      return { kind: FAULT.straddle, detail: `${at} runs past the end of ${describe(r)} (window ${fmtAddr(r.start)}..${fmtAddr(r.end)})` };
    }
    if (r.access !== undefined) {
      const off = addr - r.start;
      if (need === (ACCESS_READ | ACCESS_WRITE)) return { kind: FAULT.ctxAccess, detail: `atomic access to ${describe(r)} at offset ${off}` };
      const what = need === ACCESS_WRITE ? 'write' : 'read';
      return { kind: FAULT.ctxAccess, detail: `${what} of ${size} bytes at offset ${off} of ${describe(r)} is not allowed` };
    }
    return { kind: FAULT.permission, detail: `${at}: ${describe(r)} is ${permWord(r.perm)}` };
  }

  /** probe() that throws RawFault instead of returning -1. */
  checkAccess(addr: number, size: number, need: number): number {
    const id = this.probe(addr, size, need);
    if (id >= 0) return id;
    const e = this.explain(addr, size, need);
    throw new RawFault(e.kind, e.detail);
  }

  /**
   * A view of `len` bytes at `addr`, checked like a program access (read, or write when `write`);
   * for helpers. Regions with a context access table are checked by their base permission only.
   * Throws RawFault. The view is invalid after the buffer grows.
   */
  bytes(addr: number, len: number, write = false): Uint8Array {
    const need = write ? ACCESS_WRITE : ACCESS_READ;
    if (!Number.isInteger(addr) || !Number.isInteger(len) || len < 0) {
      throw new RawFault(FAULT.unmapped, `bad memory range ${String(addr)}+${String(len)}`);
    }
    if (len === 0) return this.u8.subarray(0, 0);
    const r = this.slotAt(addr);
    if (r === undefined || !r.live || addr < r.start || addr >= r.end) {
      throw new RawFault(FAULT.unmapped, `${accessWord(need)} of ${len} bytes at ${fmtAddr(addr)}: ${this.describeNear(addr)}`);
    }
    if (addr + len > r.end) {
      throw new RawFault(FAULT.straddle, `${accessWord(need)} of ${len} bytes at ${fmtAddr(addr)} runs past the end of ${describe(r)}`);
    }
    if ((r.perm & need) !== need) {
      throw new RawFault(FAULT.permission, `${accessWord(need)} of ${len} bytes at ${fmtAddr(addr)}: ${describe(r)} is ${permWord(r.perm)}`);
    }
    return this.u8.subarray(addr, addr + len);
  }

  /** Describes what is at or near an unmapped address, for fault messages. */
  describeNear(addr: number): string {
    if (addr < GUARD_SIZE) return 'the unmapped low guard area';
    const r = this.slotAt(addr);
    if (r !== undefined && r.live && addr >= r.base && addr < r.base + r.capacity) {
      return `outside the accessible window of ${describe(r)} (window ${fmtAddr(r.start)}..${fmtAddr(r.end)})`;
    }
    if (r !== undefined && r.live && addr >= r.base + r.capacity && addr - (r.base + r.capacity) < 4096) {
      return `${addr - r.end} bytes past the end of ${describe(r)}`;
    }
    return 'no region is mapped there';
  }

  // ----- internals -----

  /** The region of the slot with the greatest base <= addr (live or not), or undefined. */
  private slotAt(addr: number): Region | undefined {
    const bases = this.bases;
    let lo = 0;
    let hi = bases.length - 1;
    if (hi < 0 || !(addr >= bases[0]!)) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bases[mid]! <= addr) lo = mid;
      else hi = mid - 1;
    }
    return this.slots[lo];
  }

  private syncFast(r: Region): void {
    const id = r.id;
    this.rStart[id] = r.start;
    const plain = r.access === undefined;
    this.rEndR[id] = plain && (r.perm & PERM.r) !== 0 ? r.end : 0;
    this.rEndW[id] = plain && (r.perm & PERM.w) !== 0 ? r.end : 0;
    this.rEndRW[id] = plain && r.perm === PERM.rw ? r.end : 0;
  }

  private allocId(): number {
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.nextId++;
    this.ensureIds(id + 1);
    return id;
  }

  /** A gate id that passes exactly an access of `size` bytes at `addr` (allowed by r's table). */
  private microId(r: Region, addr: number, off: number, size: number): number {
    const key = off * 4 + (size === 1 ? 0 : size === 2 ? 1 : size === 4 ? 2 : 3);
    let m = r.micro;
    if (m === undefined) r.micro = m = new Map();
    let id = m.get(key);
    if (id === undefined) {
      id = this.allocId();
      m.set(key, id);
      const t = r.access!;
      const rd = accessAllowed(t, off, size, ACCESS_READ);
      const wr = accessAllowed(t, off, size, ACCESS_WRITE);
      this.rStart[id] = addr;
      this.rEndR[id] = rd ? addr + size : 0;
      this.rEndW[id] = wr ? addr + size : 0;
      this.rEndRW[id] = 0;
    }
    return id;
  }

  private dropMicro(r: Region): void {
    const m = r.micro;
    if (m === undefined) return;
    for (const id of m.values()) {
      this.rStart[id] = 0x7fffffff;
      this.rEndR[id] = 0;
      this.rEndW[id] = 0;
      this.rEndRW[id] = 0;
      this.freeIds.push(id);
    }
    r.micro = undefined;
  }

  private ensureIds(n: number): void {
    if (n <= this.rStart.length) return;
    const len = Math.max(n, this.rStart.length * 2);
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(len);
      b.set(a);
      return b;
    };
    this.rStart = grow(this.rStart);
    this.rEndR = grow(this.rEndR);
    this.rEndW = grow(this.rEndW);
    this.rEndRW = grow(this.rEndRW);
  }

  private ensureSize(n: number): void {
    if (n <= this.u8.length) return;
    let len = this.u8.length;
    while (len < n) len = Math.min(len * 2, this.maxSize);
    const buf = new ArrayBuffer(len);
    const u8 = new Uint8Array(buf);
    u8.set(this.u8.subarray(0, this.top));
    this.u8 = u8;
    this.dv = new DataView(buf);
    this.generation++;
  }
}

function describe(r: Region): string {
  return `${r.kind} region "${r.name}"`;
}

function permWord(p: Perm): string {
  return p === PERM.rw ? 'read-write' : p === PERM.r ? 'read-only' : p === PERM.w ? 'write-only' : 'not accessible';
}

function accessWord(need: number): string {
  return need === (ACCESS_READ | ACCESS_WRITE) ? 'atomic access' : need === ACCESS_WRITE ? 'write' : 'read';
}

export function fmtAddr(a: number): string {
  return '0x' + a.toString(16);
}
