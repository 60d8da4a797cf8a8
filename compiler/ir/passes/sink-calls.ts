// Tail merging of calls: when several predecessors of a block end with the same call (same callee,
// results unused) right before jumping to it, one copy of the call moves into a new block between them
// and the join, and the arguments that differ become phis there — three `bpf_tail_call(ctx, &map, K)`
// in the arms of a switch become one call with K chosen by the arm (what clang does too).
import type { Block, Func, Inst, PhiInst, Value } from '../nodes.js';
import { predecessors, replaceSuccessor, successors, useCounts } from '../operands.js';
import type { ValueType } from '../types.js';
import { sameValue } from './copyprop.js';
import type { FuncPass } from './util.js';

type Call = Inst & { kind: 'call' };

function calleeKey(c: Call): string {
  return `${c.callee.kind === 'helper' ? `h${c.callee.id}` : `f${c.callee.name}`}/${c.args.length}/${c.args.map((a) => a.type.kind).join(',')}`;
}

export const sinkCalls: FuncPass = (f) => {
  let changed = false;
  for (let again = true; again; ) {
    again = false;
    const preds = predecessors(f);
    const uses = useCounts(f);
    for (const b of [...f.blocks]) {
      const groups = new Map<string, Block[]>();
      for (const p of preds.get(b) ?? []) {
        if (p.term?.kind !== 'br' || successors(p.term).length !== 1) continue;
        const last = p.insts[p.insts.length - 1];
        if (!last || last.kind !== 'call' || (uses.get(last) ?? 0) > 0) continue;
        const k = calleeKey(last);
        groups.set(k, [...(groups.get(k) ?? []), p]);
      }
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        const phis = b.insts.filter((i): i is PhiInst => i.kind === 'phi');
        const inc = (phi: PhiInst, p: Block): Value | undefined => phi.incoming.find((x) => x.block === p)?.value;
        if (!phis.every((phi) => group.every((p) => sameValue(inc(phi, p) as Value, inc(phi, group[0] as Block) as Value)))) continue;
        merge(f, b, group, phis);
        changed = again = true;
        break;
      }
      if (again) break;
    }
  }
  return changed;
};

function merge(f: Func, b: Block, group: Block[], phis: PhiInst[]): void {
  const calls = group.map((p) => p.insts[p.insts.length - 1] as Call);
  const first = calls[0] as Call;
  const m: Block = { id: f.nextId++, insts: [], term: { kind: 'br', target: b, span: first.span } };
  const args = first.args.map((a, k) => {
    const vals = calls.map((c) => c.args[k] as Value);
    if (vals.every((v) => sameValue(v, a))) return a;
    const phi: PhiInst = { kind: 'phi', incoming: group.map((p, j) => ({ block: p, value: vals[j] as Value })), id: f.nextId++, type: a.type as ValueType, span: first.span, block: m };
    m.insts.push(phi);
    return phi;
  });
  const call: Call = { ...first, id: f.nextId++, args, block: m };
  m.insts.push(call);
  for (const p of group) {
    p.insts.pop();
    replaceSuccessor(p.term as NonNullable<Block['term']>, b, m);
  }
  for (const phi of phis) {
    const v = phi.incoming.find((x) => x.block === group[0])?.value as Value;
    phi.incoming = [...phi.incoming.filter((x) => !group.includes(x.block)), { block: m, value: v }];
  }
  f.blocks.splice(f.blocks.indexOf(b), 0, m);
}
