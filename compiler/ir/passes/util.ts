// Shared pass plumbing: the pass signature and context, and CFG edits used by several passes
// (removing unreachable blocks, deleting instructions, splitting edges).
import type { Block, Func, Inst, Module, Value } from '../nodes.js';
import { isInst } from '../nodes.js';
import { predecessors, removePhiIncoming, replaceSuccessor, replaceUses, successors } from '../operands.js';
import { reversePostorder } from '../analysis/graph.js';
import { funcGraph } from '../analysis/cfg.js';

export interface PassContext {
  module: Module;
}

/** A function pass; returns true when it changed the function. */
export type FuncPass = (f: Func, ctx: PassContext) => boolean;

/** Deletes blocks not reachable from the entry and the phi inputs that came from them. */
export function removeUnreachable(f: Func): boolean {
  const live = new Set(reversePostorder(funcGraph(f)));
  if (live.size === f.blocks.length) return false;
  const dead = f.blocks.filter((b) => !live.has(b));
  for (const d of dead) for (const s of successors(d.term)) if (live.has(s)) removePhiIncoming(s, d);
  f.blocks = f.blocks.filter((b) => live.has(b));
  // values defined in dead blocks can only be used by dead blocks or by phis (removed above)
  return true;
}

/** Removes the instructions in `dead` from their blocks. */
export function deleteInsts(f: Func, dead: Set<Inst>): void {
  if (dead.size === 0) return;
  for (const b of f.blocks) {
    if (b.insts.some((i) => dead.has(i))) b.insts = b.insts.filter((i) => !dead.has(i));
  }
  for (const i of dead) i.block = null;
}

/** Replaces the uses of every key of `repl` and deletes the keys that are instructions. */
export function replaceAndDelete(f: Func, repl: Map<Value, Value>): void {
  replaceUses(f, repl);
  const dead = new Set<Inst>();
  for (const k of repl.keys()) if (isInst(k)) dead.add(k);
  deleteInsts(f, dead);
}

/** Inserts an empty block on the edge from → to and returns it (phis of `to` are updated). */
export function splitEdge(f: Func, from: Block, to: Block): Block {
  const mid: Block = { id: f.nextId++, insts: [], term: { kind: 'br', target: to, span: (from.term ?? { span: f.span }).span } };
  replaceSuccessor(from.term as NonNullable<Block['term']>, to, mid);
  for (const i of to.insts) {
    if (i.kind !== 'phi') break;
    for (const inc of i.incoming) if (inc.block === from) inc.block = mid;
  }
  f.blocks.splice(f.blocks.indexOf(from) + 1, 0, mid);
  return mid;
}

/** Inserts `inst` into `b` before its terminator (or at `index`). */
export function insertInst(b: Block, inst: Inst, index = b.insts.length): void {
  b.insts.splice(index, 0, inst);
  inst.block = b;
}

/** Index of the first non-phi instruction of `b`. */
export function firstNonPhi(b: Block): number {
  let k = 0;
  while (k < b.insts.length && (b.insts[k] as Inst).kind === 'phi') k++;
  return k;
}

export { predecessors };
