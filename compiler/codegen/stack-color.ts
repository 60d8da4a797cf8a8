// Stack slot sharing: frame objects (allocas and spill slots) whose lifetimes never overlap get the
// same stack bytes, so parsers with many short-lived keys or headers fit in the 512-byte frame (the
// p4c-xdp stack blow-up). A lifetime runs from the first access on any path to the last access on any
// path: an object is live at a point if some access precedes it on a path from the entry and some
// access follows it on a path to an exit. Accesses are loads, stores and atomics at r10 + offset, and
// address computations `rX = r10 + offset` together with every use of rX while it holds the address;
// an address still held at the end of its block, passed to a BPF function (which could return it) or
// stored in memory (which could be read back later) pins the object for the whole function, and so
// does a read that may come before any write (it would read a slot-mate's bytes). Objects are
// packed greedily, largest first, into shared regions.
import { reversePostorder } from '../ir/index.js';
import { liveness } from './liveness.js';
import { defsOf, isReg, mSuccessors, termUses, usesOf, type FrameObject, type MBlock, type MFunc, type Operand } from './mir.js';

function frameSlot(o: Operand): number | undefined {
  return !isReg(o) && o.kind === 'frame' ? o.slot : undefined;
}

/** The frame objects each instruction of each block touches, and the pinned ones. */
function accesses(f: MFunc): { at: Map<MBlock, Set<number>[]>; pinned: Set<number> } {
  const live = liveness(f);
  const at = new Map<MBlock, Set<number>[]>();
  const pinned = new Set<number>();
  for (const b of f.blocks) {
    const per: Set<number>[] = b.insts.map(() => new Set<number>());
    per.push(new Set()); // the terminator
    const holding = new Map<number, number>(); // register -> object whose address it holds
    b.insts.forEach((i, k) => {
      const here = per[k] as Set<number>;
      for (const r of usesOf(i)) {
        const obj = holding.get(r);
        if (obj === undefined) continue;
        here.add(obj);
        // a function may keep (return) the address: the object then lives on unseen
        if (i.op === 'call' && i.target.kind === 'func') pinned.add(obj);
        // the address stored in memory: read back and used later, unseen here (at -O0 every pointer
        // argument of an inlined callee is such a stored address)
        if ((i.op === 'stx' || i.op === 'atomic') && i.src === r) pinned.add(obj);
      }
      let addrOf: number | undefined;
      switch (i.op) {
        case 'ldx':
        case 'st':
        case 'stx':
        case 'atomic': {
          const s = frameSlot(i.off);
          if (s !== undefined) here.add(s);
          break;
        }
        case 'alu': {
          const s = frameSlot(i.src);
          if (s !== undefined) {
            here.add(s);
            addrOf = s;
          }
          break;
        }
        case 'mov': {
          // copies of an address keep holding it
          if (isReg(i.src) && holding.has(i.src)) addrOf = holding.get(i.src);
          break;
        }
        default:
          break;
      }
      for (const d of defsOf(i)) holding.delete(d);
      if (addrOf !== undefined) holding.set((i as { dst: number }).dst, addrOf);
    });
    if (b.term) for (const r of termUses(b.term)) {
      const obj = holding.get(r);
      if (obj !== undefined) (per[per.length - 1] as Set<number>).add(obj);
    }
    const out = live.liveOut.get(b) ?? new Set();
    for (const [r, obj] of holding) if (out.has(r)) pinned.add(obj);
    at.set(b, per);
  }
  return { at, pinned };
}

/**
 * Objects that may be read before anything is written to them (a variable read uninitialised, as -O0
 * code does when it copies a helper's output argument in): such a read sees whatever a slot-mate left
 * there, and part of a spilled pointer is something the verifier refuses to read. Writes are stores
 * and atomics at r10 + offset and address computations (the address may be written through).
 */
function readBeforeWrite(f: MFunc): Set<number> {
  const all = f.frame.map((_, k) => k);
  const entry = f.blocks[0] as MBlock;
  const rpo = reversePostorder({ entry, succs: (b: MBlock) => mSuccessors(b.term) });
  const unwrittenIn = new Map<MBlock, Set<number>>([[entry, new Set(all)]]);
  const exposed = new Set<number>();
  const walk = (b: MBlock): Set<number> => {
    const u = new Set(unwrittenIn.get(b) ?? []);
    for (const i of b.insts) {
      const s = i.op === 'ldx' || i.op === 'st' || i.op === 'stx' || i.op === 'atomic' ? frameSlot(i.off) : i.op === 'alu' ? frameSlot(i.src) : undefined;
      if (s === undefined) continue;
      if (i.op === 'ldx') {
        if (u.has(s)) exposed.add(s);
      } else u.delete(s);
    }
    return u;
  };
  for (let again = true; again; ) {
    again = false;
    for (const b of rpo) {
      const out = walk(b);
      for (const sc of mSuccessors(b.term)) {
        const into = unwrittenIn.get(sc) ?? new Set<number>();
        const before = into.size;
        for (const o of out) into.add(o);
        unwrittenIn.set(sc, into);
        if (into.size !== before) again = true;
      }
    }
  }
  return exposed;
}

export function shareStackSlots(f: MFunc): void {
  const n = f.frame.length;
  if (n < 2) return;
  const { at, pinned } = accesses(f);
  for (const o of readBeforeWrite(f)) pinned.add(o);
  const blockAcc = new Map<MBlock, Set<number>>();
  for (const b of f.blocks) {
    const s = new Set<number>();
    for (const x of at.get(b) ?? []) for (const o of x) s.add(o);
    blockAcc.set(b, s);
  }
  // forward: accessed on some path before; backward: accessed on some path after (bitsets, iterated
  // in reverse postorder / its reverse so that acyclic parts settle in one sweep)
  const words = (n + 31) >>> 5;
  const bits = (xs: Iterable<number>): Uint32Array => {
    const v = new Uint32Array(words);
    for (const x of xs) v[x >>> 5] = (v[x >>> 5] as number) | (1 << (x & 31));
    return v;
  };
  const orIn = (dst: Uint32Array, src: Uint32Array): boolean => {
    let ch = false;
    for (let w = 0; w < words; w++) {
      const v = ((dst[w] as number) | (src[w] as number)) >>> 0;
      if (v !== dst[w]) {
        dst[w] = v;
        ch = true;
      }
    }
    return ch;
  };
  const members = (v: Uint32Array): Set<number> => {
    const out = new Set<number>();
    for (let w = 0; w < words; w++) {
      let x = v[w] as number;
      while (x !== 0) {
        const t = x & -x;
        out.add(w * 32 + 31 - Math.clz32(t));
        x ^= t;
      }
    }
    return out;
  };
  const rpo = reversePostorder({ entry: f.blocks[0] as MBlock, succs: (b: MBlock) => mSuccessors(b.term) });
  const accBits = new Map(f.blocks.map((b) => [b, bits(blockAcc.get(b) as Set<number>)]));
  const fIn = new Map(f.blocks.map((b) => [b, new Uint32Array(words)]));
  const bOut = new Map(f.blocks.map((b) => [b, new Uint32Array(words)]));
  for (let again = true; again; ) {
    again = false;
    for (const b of rpo) {
      const out = (fIn.get(b) as Uint32Array).slice();
      orIn(out, accBits.get(b) as Uint32Array);
      for (const sc of mSuccessors(b.term)) if (orIn(fIn.get(sc) as Uint32Array, out)) again = true;
    }
  }
  for (let again = true; again; ) {
    again = false;
    for (let k = rpo.length - 1; k >= 0; k--) {
      const b = rpo[k] as MBlock;
      const bo = bOut.get(b) as Uint32Array;
      for (const sc of mSuccessors(b.term)) {
        const sin = (bOut.get(sc) as Uint32Array).slice();
        orIn(sin, accBits.get(sc) as Uint32Array);
        if (orIn(bo, sin)) again = true;
      }
    }
  }
  const fwdIn = new Map(f.blocks.map((b) => [b, members(fIn.get(b) as Uint32Array)]));
  const bwdOut = new Map(f.blocks.map((b) => [b, members(bOut.get(b) as Uint32Array)]));
  // interference: live together at some point. Per block, an object starts to live at block entry
  // (accessed before on some path, and again later) or at its first access in the block, and stops
  // after its last access in the block unless accessed again on some later path; each start clashes
  // with whatever is live at that moment.
  const clash = Array.from({ length: n }, () => new Set<number>());
  for (const b of f.blocks) {
    const per = at.get(b) ?? [];
    const out = bwdOut.get(b) as Set<number>;
    const inb = blockAcc.get(b) as Set<number>;
    const last = new Map<number, number>();
    per.forEach((acc, k) => {
      for (const o of acc) last.set(o, k);
    });
    const live = new Set<number>();
    const start = (o: number): void => {
      for (const x of live) {
        clash[o]?.add(x);
        clash[x]?.add(o);
      }
      live.add(o);
    };
    for (const o of fwdIn.get(b) as Set<number>) if (inb.has(o) || out.has(o)) start(o);
    per.forEach((acc, k) => {
      for (const o of acc) if (!live.has(o)) start(o);
      for (const o of acc) if (last.get(o) === k && !out.has(o)) live.delete(o);
    });
  }
  for (const p of pinned) for (let o = 0; o < n; o++) if (o !== p) {
    clash[p]?.add(o);
    clash[o]?.add(p);
  }
  // greedy packing, largest first
  const order = f.frame.map((o, k) => ({ o, k })).sort((a, b) => b.o.size - a.o.size || a.k - b.k);
  const bins: { members: number[]; size: number; align: number }[] = [];
  const binOf = new Map<number, number>();
  for (const { o, k } of order) {
    let placed = false;
    for (let bi = 0; bi < bins.length && !placed; bi++) {
      const bin = bins[bi] as { members: number[]; size: number; align: number };
      if (bin.members.some((m) => clash[k]?.has(m))) continue;
      bin.members.push(k);
      bin.size = Math.max(bin.size, o.size);
      bin.align = Math.max(bin.align, o.align);
      binOf.set(k, bi);
      placed = true;
    }
    if (!placed) {
      bins.push({ members: [k], size: o.size, align: o.align });
      binOf.set(k, bins.length - 1);
    }
  }
  if (bins.length === n) return;
  // members of a bin share the bin's representative (its first, largest member)
  for (const bin of bins) {
    const rep = f.frame[bin.members[0] as number] as FrameObject;
    rep.size = bin.size;
    rep.align = bin.align;
    for (const m of bin.members.slice(1)) (f.frame[m] as FrameObject).sharedWith = bin.members[0];
  }
}
