// CFG simplification, iterated to a fixed point: delete unreachable blocks; turn branches with equal
// targets or constant conditions into jumps; drop switch cases that go to the default; merge a block
// into its only predecessor when that predecessor only jumps to it; forward empty blocks that just jump
// on; thread jumps through a block that only decides a branch on a phi of constants (the shape of
// short-circuit `&&`/`||`), sending each predecessor with a constant input straight to its target.
import { evalCmp } from '../eval.js';
import type { Block, Func, Inst, PhiInst, Term, Value } from '../nodes.js';
import { predecessors, removePhiIncoming, replaceSuccessor, replaceUses, successors, userMap } from '../operands.js';
import { T, bitsOf, type ValueType } from '../types.js';
import { sameValue } from './copyprop.js';
import { removeUnreachable, type FuncPass } from './util.js';

export const simplifycfg: FuncPass = (f) => {
  let changed = false;
  for (let again = true; again; ) {
    again = false;
    if (removeUnreachable(f)) again = true;
    if (foldBranches(f)) again = true;
    if (mergeBlocks(f)) again = true;
    if (forwardEmpty(f)) again = true;
    if (threadJumps(f)) again = true;
    if (again) changed = true;
  }
  return changed;
};

function foldBranches(f: Func): boolean {
  let changed = false;
  for (const b of f.blocks) {
    const t = b.term;
    if (!t) continue;
    if (t.kind === 'condbr') {
      let target: Block | undefined;
      if (t.then === t.else) target = t.then;
      else if (t.cond.kind === 'const') target = t.cond.value !== 0n ? t.then : t.else;
      if (target) {
        for (const s of successors(t)) if (s !== target) removePhiIncoming(s, b);
        b.term = { kind: 'br', target, span: t.span };
        changed = true;
      }
    } else if (t.kind === 'switch') {
      const before = t.cases.length;
      t.cases = t.cases.filter((c) => c.target !== t.default);
      if (t.cases.length !== before) changed = true;
      let target: Block | undefined;
      if (t.cases.length === 0) target = t.default;
      else if (t.value.kind === 'const') {
        const v = t.value.value;
        target = t.cases.find((c) => c.value === v)?.target ?? t.default;
      }
      if (target) {
        for (const s of successors(t)) if (s !== target) removePhiIncoming(s, b);
        b.term = { kind: 'br', target, span: t.span };
        changed = true;
      }
    }
  }
  return changed;
}

/** Appends S to B when B → S is B's only successor and S's only predecessor. */
function mergeBlocks(f: Func): boolean {
  let changed = false;
  const preds = predecessors(f);
  const entry = f.blocks[0];
  for (const b of [...f.blocks]) {
    if (!f.blocks.includes(b)) continue;
    const t = b.term;
    if (!t || t.kind !== 'br') continue;
    const s = t.target;
    if (s === b || s === entry || (preds.get(s) ?? []).length !== 1) continue;
    const repl = new Map<Value, Value>();
    const rest: Inst[] = [];
    for (const i of s.insts) {
      if (i.kind === 'phi') repl.set(i, (i.incoming[0] as { value: Value }).value);
      else rest.push(i);
    }
    for (const i of rest) i.block = b;
    b.insts.push(...rest);
    b.term = s.term;
    for (const succ of successors(s.term)) {
      for (const i of succ.insts) {
        if (i.kind !== 'phi') break;
        for (const inc of i.incoming) if (inc.block === s) inc.block = b;
      }
      const ps = preds.get(succ) ?? [];
      preds.set(succ, ps.map((p) => (p === s ? b : p)));
    }
    f.blocks.splice(f.blocks.indexOf(s), 1);
    replaceUses(f, repl);
    changed = true;
  }
  return changed;
}

/** Redirects the predecessors of blocks that contain nothing but `br S` straight to S. */
function forwardEmpty(f: Func): boolean {
  let changed = false;
  for (const b of [...f.blocks]) {
    if (b === f.blocks[0] || b.insts.length > 0 || !b.term || b.term.kind !== 'br') continue;
    const s = b.term.target;
    if (s === b) continue;
    const preds = predecessors(f);
    const phis = s.insts.filter((i): i is PhiInst => i.kind === 'phi');
    let all = true;
    for (const p of preds.get(b) ?? []) {
      const sPreds = preds.get(s) ?? [];
      // P already reaches S directly: only possible when every phi agrees on both edges
      if (sPreds.includes(p)) {
        const ok = phis.every((phi) => sameValue(incomingFrom(phi, p), incomingFrom(phi, b)));
        if (!ok) {
          all = false;
          continue;
        }
        replaceSuccessor(p.term as Term, b, s);
      } else {
        replaceSuccessor(p.term as Term, b, s);
        for (const phi of phis) phi.incoming.push({ block: p, value: incomingFrom(phi, b) });
      }
      changed = true;
    }
    if (all) {
      for (const phi of phis) phi.incoming = phi.incoming.filter((x) => x.block !== b);
      f.blocks.splice(f.blocks.indexOf(b), 1);
      changed = true;
    }
  }
  return changed;
}

function incomingFrom(phi: PhiInst, b: Block): Value {
  const inc = phi.incoming.find((x) => x.block === b);
  return inc ? inc.value : { kind: 'undef', type: phi.type as ValueType };
}

/**
 * B = { phis; [c = cmp pred phi, const]; condbr (phi | c) } where those values are only used in B:
 * a predecessor whose phi input is a constant goes directly to the decided target.
 */
function threadJumps(f: Func): boolean {
  let changed = false;
  const users = userMap(f);
  for (const b of [...f.blocks]) {
    const t = b.term;
    if (!t || t.kind !== 'condbr' || b === f.blocks[0]) continue;
    const phis = b.insts.filter((i): i is PhiInst => i.kind === 'phi');
    const others = b.insts.filter((i) => i.kind !== 'phi');
    if (phis.length === 0 || others.length > 1) continue;
    const cmp = others[0];
    let decide: (p: Block) => boolean | undefined;
    if (!cmp) {
      const phi = t.cond;
      if (phi.kind !== 'phi' || phi.block !== b) continue;
      decide = (p) => {
        const v = incomingFrom(phi, p);
        return v.kind === 'const' ? v.value !== 0n : undefined;
      };
    } else {
      if (cmp.kind !== 'cmp' || t.cond !== cmp || cmp.a.kind !== 'phi' || cmp.a.block !== b || cmp.b.kind !== 'const') continue;
      const phi = cmp.a;
      const k = cmp.b.value;
      const bits = bitsOf(phi.type as ValueType);
      decide = (p) => {
        const v = incomingFrom(phi, p);
        return v.kind === 'const' ? evalCmp(cmp.pred, bits, v.value, k) : undefined;
      };
    }
    // every value defined in B must be used only inside B
    const local = new Set<Value>(b.insts);
    if (b.insts.some((i) => (users.get(i) ?? []).some((u) => ('id' in u ? u.block !== b : u !== t)))) continue;
    const preds = predecessors(f);
    for (const p of preds.get(b) ?? []) {
      const d = decide(p);
      if (d === undefined) continue;
      const target = d ? t.then : t.else;
      if (target === b) continue;
      const tPhis = target.insts.filter((i): i is PhiInst => i.kind === 'phi');
      const valueFor = (phi: PhiInst): Value => {
        const v = incomingFrom(phi, b);
        if (local.has(v)) return v.kind === 'phi' ? incomingFrom(v, p) : { kind: 'const', type: T.i1, value: d ? 1n : 0n };
        return v;
      };
      if ((preds.get(target) ?? []).includes(p)) {
        if (!tPhis.every((phi) => sameValue(incomingFrom(phi, p), valueFor(phi)))) continue;
        replaceSuccessor(p.term as Term, b, target);
      } else {
        for (const phi of tPhis) phi.incoming.push({ block: p, value: valueFor(phi) });
        replaceSuccessor(p.term as Term, b, target);
      }
      removePhiIncoming(b, p);
      changed = true;
    }
  }
  return changed;
}
