// Loop-invariant code motion: pure instructions (arithmetic, casts, byte swaps, pointer arithmetic
// with a variable offset) inside a natural loop whose operands are all defined outside it move to the loop's
// preheader — the single predecessor outside the loop that jumps only to the header, created when
// missing. Loads, calls and anything with an effect stay where they are (memory may change in the
// loop, and verifier-tracked values such as packet pointers are re-derived where the program does).
import { funcDominators } from '../analysis/cfg.js';
import type { Block, Func, Inst, Value } from '../nodes.js';
import { isInst } from '../nodes.js';
import { instOperands, predecessors, replaceSuccessor, successors } from '../operands.js';
import type { FuncPass } from './util.js';

function hoistable(i: Inst): boolean {
  switch (i.kind) {
    case 'bin':
      // division by a variable is left in place: hoisting it out of a guarded path is harmless in
      // eBPF (x/0 = 0), but keep the code shape the programmer wrote
      return !(i.op === 'udiv' || i.op === 'sdiv' || i.op === 'urem' || i.op === 'srem') || i.b.kind === 'const';
    case 'cast':
    case 'bswap':
    case 'ptrdiff':
      return true;
    case 'ptradd': {
      // a constant offset folds into the memory accesses that use it: nothing to gain; and pointers
      // that may be NULL must not gain arithmetic before their check (the verifier rejects it)
      const k = i.base.type.kind === 'ptr' ? i.base.type.to : 'any';
      return i.offset.kind !== 'const' && k !== 'map_value_or_null' && k !== 'mem_or_null' && k !== 'any';
    }
    case 'cmp':
      // a compare stays next to its branch (moved out, it would have to be materialised as 0/1)
      return false;
    default:
      return false;
  }
}

export const licm: FuncPass = (f) => {
  let changed = false;
  const dom = funcDominators(f);
  const preds = predecessors(f);
  // natural loops by header (merging back edges to one header)
  const loops = new Map<Block, Set<Block>>();
  for (const t of dom.rpo) {
    for (const h of successors(t.term)) {
      if (!dom.dominates(h, t)) continue;
      const body = loops.get(h) ?? new Set<Block>([h]);
      const work = body.has(t) ? [] : [t];
      body.add(t);
      while (work.length > 0) {
        const n = work.pop() as Block;
        for (const p of preds.get(n) ?? []) {
          if (!body.has(p) && dom.idom.has(p)) {
            body.add(p);
            work.push(p);
          }
        }
      }
      loops.set(h, body);
    }
  }
  // innermost loops first (smaller bodies), so invariants can move out level by level
  const order = [...loops].sort((a, b) => a[1].size - b[1].size);
  for (const [header, body] of order) {
    const outside = (preds.get(header) ?? []).filter((p) => !body.has(p));
    if (outside.length === 0) continue;
    const defined = new Set<Value>();
    for (const b of body) for (const i of b.insts) defined.add(i);
    const invariant = (v: Value): boolean => !isInst(v) || !defined.has(v);
    const moved: Inst[] = [];
    for (let again = true; again; ) {
      again = false;
      for (const b of dom.rpo) {
        if (!body.has(b)) continue;
        for (const i of b.insts) {
          if (!defined.has(i) || !hoistable(i) || !instOperands(i).every(invariant)) continue;
          defined.delete(i);
          moved.push(i);
          again = true;
        }
      }
    }
    if (moved.length === 0) continue;
    const pre = preheader(f, header, outside);
    const movedSet = new Set(moved);
    for (const b of body) b.insts = b.insts.filter((i) => !movedSet.has(i));
    for (const i of moved) i.block = pre;
    pre.insts.push(...moved);
    changed = true;
  }
  return changed;
};

/** The block that alone enters `header` from outside the loop, created if there is none. */
function preheader(f: Func, header: Block, outside: Block[]): Block {
  const only = outside[0] as Block;
  if (outside.length === 1 && successors(only.term).length === 1) return only;
  const pre: Block = { id: f.nextId++, name: header.name ? `${header.name}.pre` : undefined, insts: [], term: { kind: 'br', target: header, span: header.term?.span ?? f.span } };
  for (const p of outside) replaceSuccessor(p.term as NonNullable<Block['term']>, header, pre);
  // the header's phis get one input from the preheader: a phi in the preheader when they differ
  for (const i of header.insts) {
    if (i.kind !== 'phi') break;
    const from = i.incoming.filter((x) => outside.includes(x.block));
    const rest = i.incoming.filter((x) => !outside.includes(x.block));
    let v: Value = (from[0] as { value: Value }).value;
    if (from.some((x) => x.value !== v)) {
      const phi: Inst = { kind: 'phi', incoming: from.map((x) => ({ block: x.block, value: x.value })), id: f.nextId++, type: i.type, span: i.span, block: pre };
      pre.insts.push(phi);
      v = phi;
    }
    i.incoming = [...rest, { block: pre, value: v }];
  }
  f.blocks.splice(f.blocks.indexOf(header), 0, pre);
  return pre;
}
