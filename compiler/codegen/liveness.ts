// Register liveness over machine IR (backward dataflow to a fixed point): live-in and live-out sets of
// every block, for virtual and physical registers alike. r10 is never tracked.
import { FP, mSuccessors, termUses, usesOf, defsOf, type MBlock, type MFunc, type Reg } from './mir.js';

export interface Liveness {
  liveIn: Map<MBlock, Set<Reg>>;
  liveOut: Map<MBlock, Set<Reg>>;
}

export function liveness(f: MFunc): Liveness {
  const use = new Map<MBlock, Set<Reg>>();
  const def = new Map<MBlock, Set<Reg>>();
  for (const b of f.blocks) {
    const u = new Set<Reg>();
    const d = new Set<Reg>();
    for (const i of b.insts) {
      for (const r of usesOf(i)) if (r !== FP && !d.has(r)) u.add(r);
      for (const r of defsOf(i)) d.add(r);
    }
    if (b.term) for (const r of termUses(b.term)) if (r !== FP && !d.has(r)) u.add(r);
    use.set(b, u);
    def.set(b, d);
  }
  const liveIn = new Map<MBlock, Set<Reg>>();
  const liveOut = new Map<MBlock, Set<Reg>>();
  for (const b of f.blocks) {
    liveIn.set(b, new Set());
    liveOut.set(b, new Set());
  }
  const order = [...f.blocks].reverse();
  for (let again = true; again; ) {
    again = false;
    for (const b of order) {
      const out = liveOut.get(b) as Set<Reg>;
      for (const s of mSuccessors(b.term)) for (const r of liveIn.get(s) ?? []) out.add(r);
      const inn = liveIn.get(b) as Set<Reg>;
      const d = def.get(b) as Set<Reg>;
      const before = inn.size;
      for (const r of use.get(b) as Set<Reg>) inn.add(r);
      for (const r of out) if (!d.has(r)) inn.add(r);
      if (inn.size !== before) again = true;
    }
  }
  return { liveIn, liveOut };
}
