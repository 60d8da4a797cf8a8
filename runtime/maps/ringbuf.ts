// BPF_MAP_TYPE_RINGBUF (kernel/bpf/ringbuf.c): a power-of-two, page-multiple data area in VM memory where
// programs reserve records, fill them in place and submit or discard them; user space consumes
// committed records in order. Each record starts with the kernel's 8-byte header:
//
//    0               31 32            63
//   +------------------+----------------+------------------ ... -+
//   | len | BUSY | DISC |     pg_off     | sample (len bytes), padded to 8 |
//   +------------------+----------------+------------------ ... -+
//   len: bits 0-29, BPF_RINGBUF_DISCARD_BIT = 1<<30, BPF_RINGBUF_BUSY_BIT = 1<<31
//
// The data area is allocated twice its size so a record that wraps stays contiguous at its reserved
// address (the kernel maps the data pages twice for the same reason). Records are always read from
// where they were reserved.
import { BpfMap, err } from './base.js';
import { BPF_F, ERRNO, type MapBlock, type MapDef, type MapEntry, type MapEnv, type SysResult } from './types.js';

export const BPF_RINGBUF_BUSY_BIT = 0x80000000;
export const BPF_RINGBUF_DISCARD_BIT = 0x40000000;
export const BPF_RINGBUF_HDR_SZ = 8;
export const BPF_RB_NO_WAKEUP = 1;
export const BPF_RB_FORCE_WAKEUP = 2;
export const BPF_RB_AVAIL_DATA = 0;
export const BPF_RB_RING_SIZE = 1;
export const BPF_RB_CONS_POS = 2;
export const BPF_RB_PROD_POS = 3;
const PAGE_SIZE = 4096;
const RINGBUF_MAX_RECORD_SZ = Math.floor(0xffffffff / 4);
/** Pages before the data area in struct bpf_ringbuf (header page + consumer and producer pages). */
const RINGBUF_DATA_PGOFF = 3;

/** One consumed record. */
export interface RingbufRecord {
  data: Uint8Array;
}

export class RingbufMap extends BpfMap {
  /** ringbuf_map_alloc's checks. */
  static check(def: MapDef): number {
    const n = def.maxEntries;
    if (def.flags & ~BPF_F.BPF_F_NUMA_NODE) return -ERRNO.EINVAL;
    if (def.keySize || def.valueSize || n === 0 || (n & (n - 1)) !== 0 || n % PAGE_SIZE !== 0) return -ERRNO.EINVAL;
    return 0;
  }

  private readonly area: MapBlock;
  private readonly mask: number;
  consumerPos = 0;
  producerPos = 0;
  private pendingPos = 0;

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.mask = def.maxEntries - 1;
    this.area = this.newBlock(def.maxEntries * 2);
  }

  /** A DataView of the data area (fresh: VM memory may have been replaced). */
  private get view(): DataView {
    const b = this.mem(this.area);
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  private hdrLen(pos: number): number {
    return this.view.getUint32(pos & this.mask, true);
  }

  /** bpf_ringbuf_reserve: address of `size` writable bytes, or 0 when they do not fit. */
  reserve(size: number, flags: number): number {
    if (flags) return 0;
    if (size > RINGBUF_MAX_RECORD_SZ) return 0;
    const len = Math.ceil((size + BPF_RINGBUF_HDR_SZ) / 8) * 8;
    if (len > this.mask + 1) return 0;
    let pend = this.pendingPos;
    while (pend < this.producerPos) {
      const h = this.hdrLen(pend);
      if (h & BPF_RINGBUF_BUSY_BIT) break;
      pend += Math.ceil(((h & ~BPF_RINGBUF_DISCARD_BIT) + BPF_RINGBUF_HDR_SZ) / 8) * 8;
    }
    this.pendingPos = pend;
    const newProd = this.producerPos + len;
    if (newProd - this.consumerPos > this.mask || newProd - pend > this.mask) return 0;
    const off = this.producerPos & this.mask;
    this.view.setUint32(off, (size | BPF_RINGBUF_BUSY_BIT) >>> 0, true);
    this.view.setUint32(off + 4, RINGBUF_DATA_PGOFF + (off >>> 12), true);
    this.producerPos = newProd;
    return this.area.addr + off + BPF_RINGBUF_HDR_SZ;
  }

  /** Header offset of the record whose sample is at `addr`, or -1 when `addr` is not a busy record. */
  private recordOff(addr: number): number {
    const off = addr - this.area.addr - BPF_RINGBUF_HDR_SZ;
    if (off < 0 || off > this.mask || (off & 7) !== 0) return -1;
    return this.view.getUint32(off, true) & BPF_RINGBUF_BUSY_BIT ? off : -1;
  }

  /** bpf_ringbuf_submit / bpf_ringbuf_discard: clears BUSY (and sets DISCARD). Returns 0 or -EINVAL. */
  commit(addr: number, discard: boolean): number {
    const off = this.recordOff(addr);
    if (off < 0) return -ERRNO.EINVAL;
    let h = this.view.getUint32(off, true) & ~BPF_RINGBUF_BUSY_BIT;
    if (discard) h |= BPF_RINGBUF_DISCARD_BIT;
    this.view.setUint32(off, h >>> 0, true);
    return 0;
  }

  /** bpf_ringbuf_output: reserve + copy + submit; 0, -EINVAL (flags) or -EAGAIN (no room). */
  output(data: Uint8Array, flags: number): number {
    if (flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)) return -ERRNO.EINVAL;
    const addr = this.reserve(data.length, 0);
    if (!addr) return -ERRNO.EAGAIN;
    const off = addr - this.area.addr;
    this.mem(this.area).set(data, off);
    return this.commit(addr, false);
  }

  /** bpf_ringbuf_query. */
  query(flags: number): bigint {
    switch (flags) {
      case BPF_RB_AVAIL_DATA:
        return BigInt(this.producerPos - this.consumerPos);
      case BPF_RB_RING_SIZE:
        return BigInt(this.mask + 1);
      case BPF_RB_CONS_POS:
        return BigInt(this.consumerPos);
      case BPF_RB_PROD_POS:
        return BigInt(this.producerPos);
      default:
        return 0n;
    }
  }

  /** User space consumer (libbpf ring_buffer__consume): committed records in order, skipping discarded
   *  ones, stopping at the first record still busy. */
  consume(): RingbufRecord[] {
    const out: RingbufRecord[] = [];
    while (this.consumerPos < this.producerPos) {
      const off = this.consumerPos & this.mask;
      const h = this.view.getUint32(off, true);
      if (h & BPF_RINGBUF_BUSY_BIT) break;
      const len = h & ~BPF_RINGBUF_DISCARD_BIT & ~BPF_RINGBUF_BUSY_BIT;
      if (!(h & BPF_RINGBUF_DISCARD_BIT)) out.push({ data: this.mem(this.area).slice(off + 8, off + 8 + len) });
      this.consumerPos += Math.ceil((len + BPF_RINGBUF_HDR_SZ) / 8) * 8;
    }
    return out;
  }

  override lookup(): number {
    return 0;
  }
  override update(): number {
    return -ERRNO.ENOTSUPP;
  }
  override delete(): number {
    return -ERRNO.ENOTSUPP;
  }
  override getNextKey(): SysResult {
    return err(ERRNO.ENOTSUPP);
  }
  protected override sysUpdateValue(): number {
    return -ERRNO.ENOTSUPP;
  }

  /** Ring buffers have no entries; their records come from consume(). */
  override entries(): MapEntry[] {
    return [];
  }
}
