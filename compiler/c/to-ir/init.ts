// Initialisation of automatic objects (C11 §6.7.9): what an initialiser does not cover is zero. In: the
// object's location, the fully designated initialiser tree from sema, and whether the object lives in
// memory (its address is taken: it is zeroed first with one memset, which expands to 8-byte stores, and
// then only non-zero members are stored) or can become SSA values (every scalar member is stored with
// its own width — zeros included — so mem2reg can split the object into scalars).
import { T, intType, type IntBits, type Width } from '../../ir/index.js';
import { resolve, type CType, type RecordDecl, type TInitializer } from '../sema/index.js';
import type { Addr, FnLowering } from './context.js';
import { alignAt, alignOfType, irTypeOf, isRecordOrArray, sizeOfType } from './ctypes.js';
import { rvalue } from './expr.js';
import { convert } from './arith.js';
import { aggAddr, bitFieldOf } from './lvalue.js';
import { addrValue, offsetAddr, storeBits, storeScalar } from './memory.js';

/** Initialises the object at `addr` from `init`. */
export function lowerInitializer(fx: FnLowering, addr: Addr, init: TInitializer, inMemory: boolean): void {
  const size = sizeOfType(init.type);
  const complete = covers(init);
  const wide = inMemory || resolve(init.type).kind === 'array';
  if (!complete && wide && size > 0) {
    fx.b.memset(addrValue(fx, addr), fx.b.i8(0), size, addr.stack ? addr.align : 1);
    emit(fx, addr, init, true);
    return;
  }
  if (!complete) zeroMissing(fx, addr, init);
  emit(fx, addr, init, false);
}

/** Stores the initialiser's values; `zeroed`: the object is already all zero (skip zero stores). */
function emit(fx: FnLowering, addr: Addr, init: TInitializer, zeroed: boolean): void {
  fx.at(init.span);
  switch (init.kind) {
    case 'InitExpr': {
      const e = init.expr;
      if (isRecordOrArray(init.type)) {
        const src = aggAddr(fx, e);
        fx.b.memcpy(addrValue(fx, addr), addrValue(fx, src), sizeOfType(init.type), { dstAlign: addr.stack ? addr.align : 1, srcAlign: src.stack ? src.align : 1 });
        return;
      }
      if (zeroed && e.value === 0n) return;
      const v = rvalue(fx, e);
      fx.at(init.span);
      storeScalar(fx, { addr, type: init.type }, convert(fx, v, e.type, init.type));
      return;
    }
    case 'InitString':
      storeBytes(fx, addr, init.bytes, Math.min(init.bytes.length, sizeOfType(init.type)), zeroed);
      return;
    case 'InitArray': {
      const r = resolve(init.type);
      const elem = r.kind === 'array' ? r.element : init.type;
      const es = sizeOfType(elem);
      for (const el of init.elements) {
        for (let i = 0; i < el.count; i++) emit(fx, offsetAddr(addr, (el.index + i) * es, alignOfType(elem)), el.init, zeroed);
      }
      return;
    }
    case 'InitRecord':
      for (const f of init.fields) {
        if (f.field.bitWidth !== undefined) {
          if (f.init.kind !== 'InitExpr') continue;
          if (zeroed && f.init.expr.value === 0n) continue;
          const v = rvalue(fx, f.init.expr);
          const t = irTypeOf(f.field.type);
          if (!t || t.kind !== 'int') continue;
          storeBits(fx, addr, bitFieldOf(f.field.record, f.field.index), convert(fx, v, f.init.expr.type, f.field.type));
          continue;
        }
        emit(fx, offsetAddr(addr, f.field.offset, alignOfType(f.field.type)), f.init, zeroed);
      }
      return;
    default: {
      const never: never = init;
      return never;
    }
  }
}

/** Whether the initialiser gives a value to every byte of its object (no implicit zeros, no padding). */
function covers(init: TInitializer): boolean {
  switch (init.kind) {
    case 'InitExpr':
      return true;
    case 'InitString':
      return init.bytes.length >= sizeOfType(init.type);
    case 'InitArray': {
      const r = resolve(init.type);
      const n = r.kind === 'array' ? (r.length ?? 0) : 0;
      let next = 0;
      for (const el of init.elements) {
        if (el.index !== next || !covers(el.init)) return false;
        next += el.count;
      }
      return next >= n;
    }
    case 'InitRecord': {
      const r = resolve(init.type);
      if (r.kind !== 'record' || !r.decl.layout || !r.decl.fields) return false;
      if (r.decl.tag === 'union') {
        const f = init.fields[0];
        return f !== undefined && sizeOfType(f.field.type) === r.decl.layout.size && f.field.bitWidth === undefined && covers(f.init);
      }
      // every named member initialised, and the members tile the record without holes
      if (init.fields.length !== r.decl.fields.filter((x) => x.name !== undefined || x.bitWidth === undefined).length) return false;
      if (!init.fields.every((f) => covers(f.init))) return false;
      return holes(init.type).length === 0;
    }
    default: {
      const never: never = init;
      return never;
    }
  }
}

/**
 * Before the initialiser's own stores: zero in every scalar member it leaves out (each with its own
 * width, so the object can still become SSA values) and in the storage units of bit-field runs.
 */
function zeroMissing(fx: FnLowering, addr: Addr, init: TInitializer): void {
  const r = resolve(init.type);
  if (init.kind === 'InitRecord' && r.kind === 'record' && r.decl.tag === 'struct') {
    const given = new Map(init.fields.map((f) => [f.field.index, f.init]));
    zeroFields(fx, addr, r.decl, (i) => given.get(i));
    return;
  }
  if (init.kind === 'InitArray' && r.kind === 'array') {
    const es = sizeOfType(r.element);
    const n = r.length ?? 0;
    const given = new Map<number, TInitializer>();
    for (const el of init.elements) for (let i = 0; i < el.count; i++) given.set(el.index + i, el.init);
    for (let i = 0; i < n; i++) {
      const at = offsetAddr(addr, i * es, alignOfType(r.element));
      const g = given.get(i);
      if (g) {
        if (!covers(g)) zeroMissing(fx, at, g);
      } else zeroObject(fx, at, r.element);
    }
    return;
  }
  if (init.kind === 'InitString') {
    const size = sizeOfType(init.type);
    if (init.bytes.length < size) zeroRange(fx, addr, init.bytes.length, size - init.bytes.length);
    return;
  }
  // unions and anything else: the whole object (the initialiser's stores follow)
  zeroWhole(fx, addr, init.type);
}

/** Zeroes the members of a struct that `given` does not initialise completely. */
function zeroFields(fx: FnLowering, addr: Addr, rec: RecordDecl, given: (i: number) => TInitializer | undefined): void {
  if (!rec.fields || !rec.layout) return;
  const units = new Set<number>();
  rec.fields.forEach((fd, i) => {
    const fl = rec.layout!.fields[i]!;
    if (fd.bitWidth !== undefined) {
      if (fd.bitWidth === 0) return;
      const bf = bitFieldOf(rec, i);
      if (bf.unit) {
        if (units.has(bf.unit.start)) return;
        units.add(bf.unit.start);
        zeroRange(fx, addr, bf.unit.start, bf.unit.width);
        return;
      }
      if (given(i) || fd.name === undefined) return;
      const ft = irTypeOf(fd.type);
      storeBits(fx, addr, bf, fx.b.int(ft && ft.kind === 'int' ? ft : T.i32, 0));
      return;
    }
    const at = offsetAddr(addr, fl.offset, alignOfType(fd.type));
    const g = given(i);
    if (g) {
      if (!covers(g)) zeroMissing(fx, at, g);
    } else zeroObject(fx, at, fd.type);
  });
}

/** Zeroes an object member by member (scalars with their own width). */
export function zeroObject(fx: FnLowering, addr: Addr, t: CType): void {
  const r = resolve(t);
  const it = irTypeOf(t);
  if (it) {
    storeScalar(fx, { addr, type: t }, fx.zero(it));
    return;
  }
  if (r.kind === 'record' && r.decl.tag === 'struct' && r.decl.fields && r.decl.layout) {
    zeroFields(fx, addr, r.decl, () => undefined);
    return;
  }
  if (r.kind === 'array' && r.length !== undefined && r.length <= 16 && irTypeOf(r.element)) {
    const es = sizeOfType(r.element);
    for (let i = 0; i < r.length; i++) zeroObject(fx, offsetAddr(addr, i * es, alignOfType(r.element)), r.element);
    return;
  }
  zeroWhole(fx, addr, t);
}

function zeroWhole(fx: FnLowering, addr: Addr, t: CType): void {
  const size = sizeOfType(t);
  if (size > 0) fx.b.memset(addrValue(fx, addr), fx.b.i8(0), size, addr.stack ? addr.align : 1);
}

/** Zeroes `size` bytes at `addr + off` with the widest aligned stores. */
function zeroRange(fx: FnLowering, addr: Addr, off: number, size: number): void {
  let o = off;
  const end = off + size;
  while (o < end) {
    let w: Width = 8;
    while (w > 1 && (w > end - o || alignAt(addr.align, o) < w)) w = (w / 2) as Width;
    fx.b.store(addr.ptr, fx.b.int(intType((w * 8) as IntBits), 0), { offset: addr.offset + o, width: w, align: alignAt(addr.align, o) });
    o += w;
  }
}

/** Stores constant bytes (a string initialiser) in the widest aligned pieces. */
function storeBytes(fx: FnLowering, addr: Addr, bytes: Uint8Array, n: number, zeroed: boolean): void {
  let o = 0;
  while (o < n) {
    let w: Width = 8;
    while (w > 1 && (w > n - o || (addr.stack && alignAt(addr.align, o) < w))) w = (w / 2) as Width;
    let v = 0n;
    for (let i = w - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[o + i] as number);
    if (!(zeroed && v === 0n)) {
      const t = w === 8 ? T.i64 : w === 4 ? T.i32 : w === 2 ? T.i16 : T.i8;
      fx.b.store(addr.ptr, fx.b.int(t, v), { offset: addr.offset + o, width: w, align: alignAt(addr.align, o) });
    }
    o += w;
  }
}

/** Byte ranges of a type not covered by any member (padding), recursively. */
export function holes(t: CType): [number, number][] {
  const size = sizeOfType(t);
  const covered = new Uint8Array(size);
  mark(t, 0, covered);
  const out: [number, number][] = [];
  let i = 0;
  while (i < size) {
    if (covered[i]) {
      i++;
      continue;
    }
    const s = i;
    while (i < size && !covered[i]) i++;
    out.push([s, i - s]);
  }
  return out;
}

function mark(t: CType, base: number, covered: Uint8Array): void {
  const r = resolve(t);
  if (r.kind === 'record' && r.decl.fields && r.decl.layout) {
    r.decl.fields.forEach((fd, i) => {
      const fl = r.decl.layout!.fields[i]!;
      if (fd.bitWidth !== undefined) {
        if (fd.bitWidth === 0) return;
        const a = Math.floor(fl.bitOffset / 8);
        const b = Math.ceil((fl.bitOffset + fd.bitWidth) / 8);
        for (let k = a; k < b; k++) covered[base + k] = 1;
        return;
      }
      mark(fd.type, base + fl.offset, covered);
    });
    return;
  }
  if (r.kind === 'array' && r.length !== undefined) {
    const es = sizeOfType(r.element);
    for (let i = 0; i < r.length; i++) mark(r.element, base + i * es, covered);
    return;
  }
  const size = sizeOfType(t);
  for (let k = 0; k < size && base + k < covered.length; k++) covered[base + k] = 1;
}

