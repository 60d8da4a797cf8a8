// Dead machine-instruction elimination before register allocation: an instruction without side
// effects (no store, atomic or call) whose results are all dead is deleted, repeatedly — e.g. pointer
// arithmetic that instruction selection folded into every memory access's offset.
import { liveness } from './liveness.js';
import { FP, defsOf, termUses, usesOf, type MFunc, type MInst, type Reg } from './mir.js';

function pure(i: MInst): boolean {
  return i.op !== 'st' && i.op !== 'stx' && i.op !== 'atomic' && i.op !== 'call' && i.op !== 'ldpkt';
}

export function removeDeadCode(f: MFunc): void {
  for (let again = true; again; ) {
    again = false;
    const live = liveness(f);
    for (const b of f.blocks) {
      const now = new Set<Reg>(live.liveOut.get(b));
      if (b.term) for (const r of termUses(b.term)) now.add(r);
      const keep: MInst[] = [];
      for (let k = b.insts.length - 1; k >= 0; k--) {
        const i = b.insts[k] as MInst;
        const defs = defsOf(i);
        if (pure(i) && defs.length > 0 && defs.every((d) => !now.has(d))) {
          again = true;
          continue;
        }
        for (const d of defs) now.delete(d);
        for (const u of usesOf(i)) if (u !== FP) now.add(u);
        keep.push(i);
      }
      b.insts = keep.reverse();
    }
  }
}
