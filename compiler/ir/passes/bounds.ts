// Packet bounds checks: coalescing and elimination.
//
// A check is a conditional branch on a compare of (packet base + constant K) against a packet-end
// value — `base + K > end` (fail when true), `base + K <= end` (ok when true), either operand order, and
// the `>=`/`<` forms that guarantee K+1 bytes. It guarantees `bytes` readable bytes from `base` on its
// ok edge. This is the shape front ends must emit for `if ((void *)(eth + 1) > data_end)`.
//
// Coalescing (the cbpfc "packet guard" idea): when a check on `base` is followed, along a straight path
// with no side effects, by a stronger check on the same base that fails to the same place with the same
// phi inputs, the first check is rewritten to demand the larger size; the second becomes redundant.
// Elimination: a forward must-dataflow of "base has N bytes" facts (killed by helpers that change
// packet data and by calls) removes checks already implied — the remaining compare is still exactly the
// `pkt + const > pkt_end` shape the verifier learns packet ranges from.
import { helperInfo } from '../helpers.js';
import type { Block, CmpInst, Func, Inst, PhiInst, Value } from '../nodes.js';
import { predecessors, removePhiIncoming, successors } from '../operands.js';
import { T, nonNullKind } from '../types.js';
import { reversePostorder } from '../analysis/graph.js';
import { funcGraph } from '../analysis/cfg.js';
import { sameValue } from './copyprop.js';
import type { FuncPass } from './util.js';

export interface PacketCheck {
  block: Block;
  cmp: CmpInst;
  base: Value;
  end: Value;
  bytes: number;
  ok: Block;
  fail: Block;
}

function kindOf(v: Value): string {
  return v.type.kind === 'ptr' ? nonNullKind(v.type.to) : 'int';
}

/** Recognises the packet check ending `b`, if any. */
export function packetCheck(b: Block): PacketCheck | undefined {
  const t = b.term;
  if (!t || t.kind !== 'condbr' || t.cond.kind !== 'cmp') return undefined;
  const c = t.cond;
  let pred = c.pred;
  let x = c.a;
  let y = c.b;
  if (kindOf(x) === 'packet_end') {
    // end P x  →  x swap(P) end
    [x, y] = [y, x];
    pred = ({ ult: 'ugt', ule: 'uge', ugt: 'ult', uge: 'ule' } as Record<string, typeof pred>)[pred] ?? pred;
  }
  if (kindOf(y) !== 'packet_end') return undefined;
  let base = x;
  let k = 0n;
  if (x.kind === 'ptradd' && x.offset.kind === 'const') {
    base = x.base;
    k = BigInt.asIntN(64, x.offset.value);
  }
  const bk = kindOf(base);
  if (bk !== 'packet' && bk !== 'packet_meta') return undefined;
  if (k < 0n || k > 0xffffn) return undefined;
  const K = Number(k);
  switch (pred) {
    case 'ugt':
      return { block: b, cmp: c, base, end: y, bytes: K, ok: t.else, fail: t.then };
    case 'ule':
      return { block: b, cmp: c, base, end: y, bytes: K, ok: t.then, fail: t.else };
    case 'uge':
      return { block: b, cmp: c, base, end: y, bytes: K + 1, ok: t.else, fail: t.then };
    case 'ult':
      return { block: b, cmp: c, base, end: y, bytes: K + 1, ok: t.then, fail: t.else };
    default:
      return undefined;
  }
}

function killsPacket(i: Inst): boolean {
  if (i.kind !== 'call') return false;
  if (i.callee.kind === 'func') return true;
  const h = helperInfo(i.callee.id);
  return h === undefined || h.changesPacket === true;
}

function hasEffects(i: Inst): boolean {
  return i.kind === 'store' || i.kind === 'atomic' || i.kind === 'call' || i.kind === 'memcpy' || i.kind === 'memset' || (i.kind === 'load' && i.volatile);
}

export const boundsChecks: FuncPass = (f) => {
  const a = coalesce(f);
  const b = eliminate(f);
  return a || b;
};

/** Hoists stronger later checks into earlier ones along side-effect-free straight paths. */
function coalesce(f: Func): boolean {
  let changed = false;
  const preds = predecessors(f);
  for (const b of f.blocks) {
    const c1 = packetCheck(b);
    if (!c1) continue;
    // follow the ok edge through single-predecessor, single-successor, effect-free blocks
    let cur = c1.ok;
    let best: PacketCheck | undefined;
    const seen = new Set<Block>([b]);
    for (;;) {
      if (seen.has(cur) || (preds.get(cur) ?? []).length !== 1) break;
      seen.add(cur);
      if (cur.insts.some(hasEffects) || cur.insts.some((i) => i.kind === 'phi')) break;
      const c2 = packetCheck(cur);
      if (c2) {
        if (c2.base === c1.base && c2.end === c1.end && c2.fail === c1.fail && samePhiInputs(c1.fail, b, cur) && c2.bytes > (best ?? c1).bytes) best = c2;
        cur = c2.ok;
        continue;
      }
      const t = cur.term;
      if (!t || t.kind !== 'br') break;
      cur = t.target;
    }
    if (!best) continue;
    // rewrite c1 as `base + best.bytes > end`
    const K = best.bytes;
    const blk = c1.block;
    const idx = blk.insts.indexOf(c1.cmp);
    const at = idx >= 0 ? idx : blk.insts.length;
    const p: Inst = { kind: 'ptradd', base: c1.base, offset: { kind: 'const', type: T.i64, value: BigInt(K) }, id: f.nextId++, type: c1.base.type, span: c1.cmp.span, block: blk };
    const cmp: CmpInst = { kind: 'cmp', pred: 'ugt', a: p, b: c1.end, id: f.nextId++, type: T.i1, span: c1.cmp.span, block: blk };
    blk.insts.splice(at, 0, p, cmp);
    blk.term = { kind: 'condbr', cond: cmp, then: c1.fail, else: c1.ok, span: (blk.term as { span: Func['span'] }).span };
    changed = true;
  }
  return changed;
}

function samePhiInputs(target: Block, p1: Block, p2: Block): boolean {
  for (const i of target.insts) {
    if (i.kind !== 'phi') break;
    const v1 = (i as PhiInst).incoming.find((x) => x.block === p1)?.value;
    const v2 = (i as PhiInst).incoming.find((x) => x.block === p2)?.value;
    if (!v1 || !v2 || !sameValue(v1, v2)) return false;
  }
  return true;
}

type Facts = Map<Value, number> | null; // null = not yet computed (top)

function meet(a: Facts, b: Map<Value, number>): Map<Value, number> {
  if (a === null) return new Map(b);
  const out = new Map<Value, number>();
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined) out.set(k, Math.min(v, w));
  }
  return out;
}

function sameFacts(a: Facts, b: Map<Value, number>): boolean {
  if (a === null || a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Removes checks implied by checks on every path to them. */
function eliminate(f: Func): boolean {
  const order = reversePostorder(funcGraph(f));
  const inFacts = new Map<Block, Facts>();
  for (const b of order) inFacts.set(b, null);
  inFacts.set(order[0] as Block, new Map());
  const outOf = (b: Block, facts: Map<Value, number>): Map<Block, Map<Value, number>> => {
    let cur = new Map(facts);
    for (const i of b.insts) if (killsPacket(i)) cur = new Map();
    const res = new Map<Block, Map<Value, number>>();
    const chk = packetCheck(b);
    for (const s of successors(b.term)) {
      const m = new Map(cur);
      if (chk && s === chk.ok && chk.ok !== chk.fail) m.set(chk.base, Math.max(m.get(chk.base) ?? 0, chk.bytes));
      res.set(s, m);
    }
    return res;
  };
  for (let again = true; again; ) {
    again = false;
    for (const b of order) {
      const fin = inFacts.get(b);
      if (!fin) continue;
      for (const [s, m] of outOf(b, fin)) {
        const old = inFacts.get(s) ?? null;
        const nm = meet(old, m);
        if (!sameFacts(old, nm)) {
          inFacts.set(s, nm);
          again = true;
        }
      }
    }
  }
  let changed = false;
  for (const b of order) {
    const chk = packetCheck(b);
    if (!chk || chk.ok === chk.fail) continue;
    let facts = inFacts.get(b) ?? new Map<Value, number>();
    for (const i of b.insts) if (killsPacket(i)) facts = new Map();
    const known = facts.get(chk.base);
    if (known !== undefined && known >= chk.bytes) {
      removePhiIncoming(chk.fail, b);
      b.term = { kind: 'br', target: chk.ok, span: (b.term as { span: Func['span'] }).span };
      changed = true;
    }
  }
  return changed;
}
