// Expansion of memcpy/memmove/memset into loads and stores of the widest width each side allows:
// packet, map-value, global and helper memory accept unaligned accesses on x86-64 (the verifier only
// enforces alignment under BPF_F_STRICT_ALIGNMENT), stack accesses must be aligned (the verifier always
// checks stack alignment), and stack objects touched here are raised to 8-byte alignment so their
// copies use 8-byte moves. A 6-byte MAC copy between packet and stack is a 4+2 pair, not six bytes.
// memmove loads every chunk before storing any.
import type { AllocaInst, Block, Func, Inst, Value, Width } from '../nodes.js';
import { T, allowsUnaligned, intType, nonNullKind, type IntBits } from '../types.js';
import type { FuncPass } from './util.js';

interface Side {
  /** Alignment known for the address at offset 0 (in bytes, power of two up to 8). */
  align: number;
  unaligned: boolean;
}

function sideOf(p: Value, declaredAlign: number): Side {
  let root = p;
  let off = 0;
  while (root.kind === 'ptradd' && root.offset.kind === 'const') {
    off += Number(BigInt.asIntN(64, root.offset.value));
    root = root.base;
  }
  const kind = p.type.kind === 'ptr' ? nonNullKind(p.type.to) : 'any';
  if (root.kind === 'alloca') {
    const a = root as AllocaInst;
    if (a.align < 8) a.align = 8; // we own the frame: align stack objects used by memory builtins
    return { align: alignOfOffset(a.align, off), unaligned: false };
  }
  return { align: Math.max(1, Math.min(8, declaredAlign)), unaligned: allowsUnaligned(kind) };
}

function alignOfOffset(align: number, off: number): number {
  let a = align;
  while (a > 1 && off % a !== 0) a >>= 1;
  return a;
}

/** Chunks (offset, width) covering `size` bytes. */
export function chunks(size: number, sides: Side[]): { off: number; width: Width }[] {
  const out: { off: number; width: Width }[] = [];
  let o = 0;
  while (o < size) {
    let w: Width = 8;
    for (;;) {
      const ok = w <= size - o && sides.every((s) => s.unaligned || alignOfOffset(s.align, o) >= w);
      if (ok || w === 1) break;
      w = (w / 2) as Width;
    }
    out.push({ off: o, width: w });
    o += w;
  }
  return out;
}

export const expandMem: FuncPass = (f) => {
  let changed = false;
  for (const b of f.blocks) {
    for (let k = 0; k < b.insts.length; k++) {
      const i = b.insts[k] as Inst;
      if (i.kind !== 'memcpy' && i.kind !== 'memset') continue;
      const out = i.kind === 'memcpy' ? expandCopy(f, b, i) : expandSet(f, b, i);
      b.insts.splice(k, 1, ...out);
      for (const x of out) x.block = b;
      k += out.length - 1;
      i.block = null;
      changed = true;
    }
  }
  return changed;
};

function mk<I extends Inst>(f: Func, b: Block, span: Inst['span'], inst: Omit<I, 'id' | 'span' | 'block'>): I {
  return { ...inst, id: f.nextId++, span, block: b } as I;
}

function expandCopy(f: Func, b: Block, i: Inst & { kind: 'memcpy' }): Inst[] {
  const d = sideOf(i.dst, i.dstAlign);
  const s = sideOf(i.src, i.srcAlign);
  const parts = chunks(i.size, [d, s]);
  const loads: Inst[] = [];
  const stores: Inst[] = [];
  for (const c of parts) {
    const t = intType((c.width * 8) as IntBits);
    const ld = mk<Inst & { kind: 'load' }>(f, b, i.span, { kind: 'load', type: t, ptr: i.src, offset: c.off, width: c.width, signed: false, volatile: false, align: c.width });
    const st = mk<Inst & { kind: 'store' }>(f, b, i.span, { kind: 'store', type: T.void, ptr: i.dst, offset: c.off, width: c.width, value: ld, volatile: false, align: c.width });
    loads.push(ld);
    stores.push(st);
  }
  if (i.move) return [...loads, ...stores];
  const out: Inst[] = [];
  for (let k = 0; k < loads.length; k++) out.push(loads[k] as Inst, stores[k] as Inst);
  return out;
}

function expandSet(f: Func, b: Block, i: Inst & { kind: 'memset' }): Inst[] {
  const d = sideOf(i.dst, i.align);
  const parts = chunks(i.size, [d]);
  const out: Inst[] = [];
  let wide: Value;
  if (i.value.kind === 'const') {
    const byte = i.value.value & 0xffn;
    wide = { kind: 'const', type: T.i64, value: byte * 0x0101010101010101n };
  } else {
    const z = mk<Inst & { kind: 'cast' }>(f, b, i.span, { kind: 'cast', type: T.i64, op: 'zext', a: i.value });
    const m = mk<Inst & { kind: 'bin' }>(f, b, i.span, { kind: 'bin', type: T.i64, op: 'mul', a: z, b: { kind: 'const', type: T.i64, value: 0x0101010101010101n } });
    out.push(z, m);
    wide = m;
  }
  for (const c of parts) {
    out.push(mk<Inst & { kind: 'store' }>(f, b, i.span, { kind: 'store', type: T.void, ptr: i.dst, offset: c.off, width: c.width, value: wide, volatile: false, align: c.width }));
  }
  return out;
}
