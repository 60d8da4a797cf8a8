// A stand-alone MapMemory: each block is its own zero-filled Uint8Array at a made-up, 8-aligned address.
// Used where no VM is present (user-space map tools, tests); the loader adapts the VM allocator instead.
// Input: allocation sizes; output: block addresses, and views of any live address range.
import { InternalError } from '../errors.js';
import type { MapMemory } from './types.js';

export interface PlainMapMemory extends MapMemory {
  /** Bytes [addr, addr+len) when they lie inside one live block, else undefined. */
  view(addr: number, len: number): Uint8Array | undefined;
  /** Number of live blocks. */
  liveBlocks(): number;
}

/** Creates a MapMemory over separate Uint8Arrays; addresses start at `base` with 16-byte gaps. */
export function createPlainMapMemory(base = 0x10000): PlainMapMemory {
  const blocks = new Map<number, Uint8Array>();
  const starts: number[] = [];
  let next = base;
  const view = (addr: number, len: number): Uint8Array | undefined => {
    // binary search for the last block start <= addr
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= addr) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const start = starts[found]!;
    const b = blocks.get(start);
    if (!b || len < 0 || addr + len > start + b.length) return undefined;
    return b.subarray(addr - start, addr - start + len);
  };
  return {
    allocate(size: number): number {
      if (!Number.isInteger(size) || size < 0) throw new InternalError(`map memory: bad size ${size}`);
      const addr = next;
      blocks.set(addr, new Uint8Array(size));
      starts.push(addr);
      next += Math.ceil(Math.max(size, 1) / 8) * 8 + 16;
      return addr;
    },
    free(addr: number): void {
      if (!blocks.delete(addr)) throw new InternalError(`map memory: free of unknown block 0x${addr.toString(16)}`);
    },
    bytes(addr: number, len: number): Uint8Array {
      const v = view(addr, len);
      if (!v) throw new InternalError(`map memory: no block holds [0x${addr.toString(16)}, +${len})`);
      return v;
    },
    view,
    liveBlocks: () => blocks.size,
  };
}
