// The address space: allocation (guard, gaps, alignment, zero fill, reuse, growth, limit), the gate's
// slow path (unmapped, straddling, permission, context tables and their gate ids), windows, and the
// checked byte views helpers use.
import { describe, expect, it } from 'vitest';
import {
  ACCESS_READ, ACCESS_WRITE, AddressSpace, GAP_SIZE, GUARD_SIZE, PERM, REGION_KIND, RawFault, buildAccessTable,
} from '../../../runtime/vm/index.js';
import { EbpfcError } from '../../../runtime/errors.js';

const RD = ACCESS_READ;
const WR = ACCESS_WRITE;
const RW = ACCESS_READ | ACCESS_WRITE;

function rawKind(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof RawFault) return e.kind;
    throw e;
  }
  return 'ok';
}

describe('AddressSpace', () => {
  it('allocates zero-filled, aligned regions above the guard area with unmapped gaps between them', () => {
    const mem = new AddressSpace();
    const a = mem.allocate(10, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'a' });
    const b = mem.allocate(100, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'b', align: 64 });
    expect(a.start).toBeGreaterThanOrEqual(GUARD_SIZE);
    expect(a.size).toBe(10);
    expect(b.start % 64).toBe(0);
    expect(b.start).toBeGreaterThanOrEqual(a.base + a.capacity + GAP_SIZE);
    expect([...mem.u8.subarray(b.start, b.end)].every((x) => x === 0)).toBe(true);
    expect(mem.regionAt(a.start + 9)).toBe(a);
    expect(mem.regionAt(a.start + 10)).toBeUndefined();
    expect(mem.regionAt(0)).toBeUndefined();
    expect(mem.regions()).toEqual([a, b]);
  });

  it('reuses a freed slot of the same capacity, zeroed, and forgets the old region', () => {
    const mem = new AddressSpace();
    const a = mem.allocate(32, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'a' });
    mem.u8.fill(0xff, a.start, a.end);
    mem.free(a);
    expect(a.live).toBe(false);
    expect(mem.probe(a.start, 4, RD)).toBe(-1);
    expect(() => mem.free(a)).toThrow(EbpfcError);
    const b = mem.allocate(30, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'b' });
    expect(b.base).toBe(a.base);
    expect([...mem.u8.subarray(b.start, b.end)].every((x) => x === 0)).toBe(true);
  });

  it('grows the buffer keeping contents, and refuses to pass its limit', () => {
    const mem = new AddressSpace({ initialSize: 1 << 17, maxSize: 1 << 20 });
    const a = mem.allocate(8, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'a' });
    mem.u8[a.start] = 42;
    const g = mem.generation;
    const big = mem.allocate(200_000, { kind: REGION_KIND.other, perm: PERM.rw, name: 'big' });
    expect(mem.generation).toBeGreaterThan(g);
    expect(mem.u8.length).toBeGreaterThanOrEqual(big.end);
    expect(mem.u8[a.start]).toBe(42);
    expect(() => mem.allocate(1 << 20, { kind: REGION_KIND.other, perm: PERM.rw, name: 'huge' })).toThrow(/out of memory/);
  });

  it('rejects bad geometry', () => {
    const mem = new AddressSpace();
    expect(() => mem.allocate(-1, { kind: REGION_KIND.other, perm: PERM.rw, name: 'x' })).toThrow(EbpfcError);
    expect(() => mem.allocate(8, { kind: REGION_KIND.other, perm: PERM.rw, name: 'x', align: 3 })).toThrow(EbpfcError);
    expect(() => mem.reserve(8, 8, 4, { kind: REGION_KIND.other, perm: PERM.rw, name: 'x' })).toThrow(EbpfcError);
  });

  it('faults unmapped, straddling and wrong-permission accesses', () => {
    const mem = new AddressSpace();
    const rw = mem.allocate(16, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'rw' });
    const ro = mem.allocate(16, { kind: REGION_KIND.globalData, perm: PERM.r, name: '.rodata' });
    const none = mem.allocate(8, { kind: REGION_KIND.map, perm: PERM.none, name: 'map' });
    expect(mem.probe(rw.start, 8, RW)).toBe(rw.id);
    expect(mem.probe(rw.start + 8, 8, RD)).toBe(rw.id);
    expect(rawKind(() => mem.checkAccess(0, 1, RD))).toBe('unmapped');
    expect(rawKind(() => mem.checkAccess(GUARD_SIZE - 8, 8, RD))).toBe('unmapped');
    expect(rawKind(() => mem.checkAccess(rw.end, 1, RD))).toBe('unmapped');
    expect(rawKind(() => mem.checkAccess(rw.start + 12, 8, RD))).toBe('straddle');
    expect(rawKind(() => mem.checkAccess(ro.start, 4, WR))).toBe('permission');
    expect(rawKind(() => mem.checkAccess(ro.start, 4, RW))).toBe('permission');
    expect(mem.probe(ro.start, 4, RD)).toBe(ro.id);
    expect(rawKind(() => mem.checkAccess(none.start, 1, RD))).toBe('permission');
    expect(mem.explain(ro.start, 4, WR).detail).toMatch(/\.rodata.*read-only/);
    expect(mem.explain(rw.end + 2, 4, RD).detail).toMatch(/bytes past the end of map-value region "rw"/);
  });

  it('checks context accesses against the access table and hands out exact gate ids', () => {
    const mem = new AddressSpace();
    const access = buildAccessTable(16, [
      { name: 'a', offset: 0, size: 4 },
      { name: 'b', offset: 4, size: 4, loadSizes: [1, 2, 4], storeSizes: [4] },
      { name: 'c', offset: 8, size: 8, loadSizes: [8] },
    ]);
    const ctx = mem.allocate(16, { kind: REGION_KIND.ctx, perm: PERM.rw, name: 'ctx', access });
    // the fast-path arrays never pass a table region as a whole
    expect(mem.rEndR[ctx.id]).toBe(0);
    expect(mem.rEndW[ctx.id]).toBe(0);
    const id = mem.probe(ctx.start, 4, RD);
    expect(id).toBeGreaterThan(0);
    expect(id).not.toBe(ctx.id);
    // the gate id passes exactly that access
    expect(mem.rStart[id]).toBe(ctx.start);
    expect(mem.rEndR[id]).toBe(ctx.start + 4);
    expect(mem.rEndW[id]).toBe(0);
    expect(mem.probe(ctx.start, 4, RD)).toBe(id);
    expect(rawKind(() => mem.checkAccess(ctx.start, 4, WR))).toBe('ctx-access');
    expect(rawKind(() => mem.checkAccess(ctx.start, 2, RD))).toBe('ctx-access');
    expect(rawKind(() => mem.checkAccess(ctx.start + 2, 4, RD))).toBe('ctx-access');
    expect(mem.probe(ctx.start + 6, 2, RD)).toBeGreaterThan(0);
    expect(mem.probe(ctx.start + 7, 1, RD)).toBeGreaterThan(0);
    expect(rawKind(() => mem.checkAccess(ctx.start + 5, 2, RD))).toBe('ctx-access');
    expect(mem.probe(ctx.start + 4, 4, WR)).toBeGreaterThan(0);
    expect(rawKind(() => mem.checkAccess(ctx.start + 4, 4, RW))).toBe('ctx-access');
    expect(mem.probe(ctx.start + 8, 8, RD)).toBeGreaterThan(0);
    expect(rawKind(() => mem.checkAccess(ctx.start + 8, 4, RD))).toBe('ctx-access');
    // freeing the region kills its gate ids
    mem.free(ctx);
    expect(mem.rEndR[id]).toBe(0);
  });

  it('limits accesses to the window of a region with reserved room', () => {
    const mem = new AddressSpace();
    const pkt = mem.reserve(256 + 64, 64, 256, { kind: REGION_KIND.packet, perm: PERM.rw, name: 'packet' });
    expect(pkt.start).toBe(pkt.base + 256);
    expect(mem.probe(pkt.start, 8, RD)).toBe(pkt.id);
    expect(rawKind(() => mem.checkAccess(pkt.start - 1, 1, RD))).toBe('unmapped');
    expect(mem.explain(pkt.start - 1, 1, RD).detail).toMatch(/outside the accessible window/);
    mem.setWindow(pkt, pkt.start - 14, pkt.end);
    expect(mem.probe(pkt.start, 14, RW)).toBe(pkt.id);
    expect(mem.rStart[pkt.id]).toBe(pkt.start);
    expect(() => mem.setWindow(pkt, pkt.base - 1, pkt.end)).toThrow(EbpfcError);
  });

  it('gives helpers checked byte views', () => {
    const mem = new AddressSpace();
    const rw = mem.allocate(16, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'rw' });
    const ro = mem.allocate(16, { kind: REGION_KIND.globalData, perm: PERM.r, name: 'ro' });
    const v = mem.bytes(rw.start + 4, 8, true);
    v[0] = 9;
    expect(mem.u8[rw.start + 4]).toBe(9);
    expect(mem.bytes(rw.start, 0).length).toBe(0);
    expect(rawKind(() => mem.bytes(rw.start + 10, 8))).toBe('straddle');
    expect(rawKind(() => mem.bytes(ro.start, 4, true))).toBe('permission');
    expect(rawKind(() => mem.bytes(12, 4))).toBe('unmapped');
    expect(rawKind(() => mem.bytes(rw.start, -1))).toBe('unmapped');
  });

  it('builds access tables only from fields inside the context', () => {
    expect(() => buildAccessTable(8, [{ name: 'x', offset: 6, size: 4 }])).toThrow(EbpfcError);
    expect(() => buildAccessTable(8, [{ name: 'x', offset: 0, size: 4, loadSizes: [3] }])).toThrow(EbpfcError);
    expect(() => buildAccessTable(0, [])).toThrow(EbpfcError);
  });
});
