// Context access tables: which loads and stores a context structure (xdp_md, __sk_buff, …) allows,
// per byte offset and access size, the way the kernel's is_valid_access callbacks decide it. In: a
// list of fields with their allowed load/store sizes. Out: a flat table the memory gate consults for
// every access to a region created with `access` (see memory.ts); a disallowed access faults with
// kind 'ctx-access', as the kernel's verifier would reject it.
//
// Table layout: one byte per (offset, size class), index = offset * 4 + log2(size):
//
//   bit 0 (ACCESS_READ):  a load of this size at this offset is allowed
//   bit 1 (ACCESS_WRITE): a store of this size at this offset is allowed
//
// Atomics are never allowed on a context.

import { EbpfcError } from '../errors.js';

export const ACCESS_READ = 1;
export const ACCESS_WRITE = 2;

export type AccessTable = Uint8Array;

export interface CtxField {
  name: string;
  /** byte offset of the field in the context structure */
  offset: number;
  /** field size in bytes */
  size: number;
  /**
   * allowed load sizes (each 1, 2, 4 or 8); a load of size s is allowed at every offset inside the
   * field that is a multiple of s from the field start (narrow loads). Default: [size]; [] = no loads.
   */
  loadSizes?: readonly number[];
  /** allowed store sizes, same rule; default none (read-only field) */
  storeSizes?: readonly number[];
}

const SIZE_CLASS: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3 };

/** Builds the access table of a context of `ctxSize` bytes from its fields. */
export function buildAccessTable(ctxSize: number, fields: readonly CtxField[]): AccessTable {
  if (!Number.isInteger(ctxSize) || ctxSize <= 0) throw new EbpfcError('vm context', `bad context size ${ctxSize}`);
  const t = new Uint8Array(ctxSize * 4);
  for (const f of fields) {
    if (!Number.isInteger(f.offset) || !Number.isInteger(f.size) || f.offset < 0 || f.size <= 0 || f.offset + f.size > ctxSize) {
      throw new EbpfcError('vm context', `field "${f.name}" (${f.offset}+${f.size}) lies outside the ${ctxSize}-byte context`);
    }
    mark(t, f, f.loadSizes ?? [f.size], ACCESS_READ);
    mark(t, f, f.storeSizes ?? [], ACCESS_WRITE);
  }
  return t;
}

function mark(t: AccessTable, f: CtxField, sizes: readonly number[], bit: number): void {
  for (const s of sizes) {
    const cls = SIZE_CLASS[s];
    if (cls === undefined || s > f.size) throw new EbpfcError('vm context', `field "${f.name}": bad access size ${s}`);
    for (let o = 0; o + s <= f.size; o += s) t[(f.offset + o) * 4 + cls]! |= bit;
  }
}

/** Whether the table allows an access of `size` bytes at `offset` needing `need` (one bit). */
export function accessAllowed(t: AccessTable, offset: number, size: number, need: number): boolean {
  const cls = SIZE_CLASS[size];
  if (cls === undefined || offset < 0 || offset * 4 >= t.length) return false;
  return (t[offset * 4 + cls]! & need) === need;
}
