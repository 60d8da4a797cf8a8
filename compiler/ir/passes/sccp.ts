// Constant folding and propagation: sparse conditional constant propagation (Wegman & Zadeck, 1991)
// over integer values with exact eBPF semantics (eval.ts). Values proven constant are replaced by
// constants, branches on constants become jumps, and blocks that became unreachable are deleted.
// Undef phi inputs are ignored (reading an uninitialised variable is undefined in C).
import { evalBin, evalBswap, evalCast, evalCmp } from '../eval.js';
import type { Block, Inst, Term, Value } from '../nodes.js';
import { isInst } from '../nodes.js';
import { removePhiIncoming, replaceUses, successors, userMap } from '../operands.js';
import { bitsOf, isInt, type IntBits, type IntType, type ValueType } from '../types.js';
import { deleteInsts, removeUnreachable, type FuncPass } from './util.js';

type Lat = { k: 'top' } | { k: 'const'; v: bigint } | { k: 'bot' };
const TOP: Lat = { k: 'top' };
const BOT: Lat = { k: 'bot' };

function same(a: Lat, b: Lat): boolean {
  return a.k === b.k && (a.k !== 'const' || a.v === (b as { v: bigint }).v);
}

export const sccp: FuncPass = (f) => {
  const users = userMap(f);
  const lat = new Map<Value, Lat>();
  const execBlocks = new Set<Block>();
  const execEdges = new Set<string>();
  const blockWork: Block[] = [];
  const valueWork: Value[] = [];
  const edgeKey = (a: Block, b: Block): string => `${a.id}>${b.id}`;

  const get = (v: Value): Lat => {
    switch (v.kind) {
      case 'const':
        return isInt(v.type) ? { k: 'const', v: v.value } : BOT;
      case 'undef':
      case 'param':
      case 'mapref':
      case 'globalref':
      case 'funcref':
        return BOT;
      default:
        return lat.get(v) ?? TOP;
    }
  };
  const set = (v: Inst, l: Lat): void => {
    const old = lat.get(v) ?? TOP;
    if (same(old, l)) return;
    // lattice values only go down: top → const → bot
    const nl = old.k === 'const' && l.k === 'const' ? BOT : old.k === 'bot' ? BOT : l;
    if (same(old, nl)) return;
    lat.set(v, nl);
    valueWork.push(v);
  };
  const markEdge = (from: Block, to: Block): void => {
    const k = edgeKey(from, to);
    if (execEdges.has(k)) return;
    execEdges.add(k);
    if (!execBlocks.has(to)) {
      execBlocks.add(to);
      blockWork.push(to);
    } else {
      // a new edge into an executable block: its phis must be re-evaluated
      for (const i of to.insts) {
        if (i.kind !== 'phi') break;
        visitInst(i);
      }
    }
  };

  const visitInst = (i: Inst): void => {
    if (i.type.kind === 'void') return;
    if (!isInt(i.type)) {
      set(i, BOT);
      return;
    }
    const bits = i.type.bits;
    switch (i.kind) {
      case 'phi': {
        let acc: Lat = TOP;
        for (const inc of i.incoming) {
          if (!execEdges.has(edgeKey(inc.block, i.block as Block))) continue;
          if (inc.value.kind === 'undef') continue;
          const l = get(inc.value);
          if (l.k === 'top') continue;
          if (l.k === 'bot' || (acc.k === 'const' && acc.v !== (l as { v: bigint }).v)) {
            acc = BOT;
            break;
          }
          acc = l;
        }
        set(i, acc);
        return;
      }
      case 'bin':
      case 'cmp': {
        const a = get(i.a);
        const b = get(i.b);
        if (a.k === 'bot' || b.k === 'bot') {
          set(i, absorbing(i, a, b) ?? BOT);
          return;
        }
        if (a.k === 'top' || b.k === 'top') return;
        if (i.kind === 'bin') set(i, { k: 'const', v: evalBin(i.op, bits, a.v, (b as { v: bigint }).v) });
        else set(i, { k: 'const', v: evalCmp(i.pred, bitsOf(i.a.type as ValueType), a.v, (b as { v: bigint }).v) ? 1n : 0n });
        return;
      }
      case 'cast':
      case 'bswap':
      case 'copy': {
        if (i.kind === 'cast' && !isInt(i.a.type)) {
          set(i, BOT);
          return;
        }
        const a = get(i.a);
        if (a.k !== 'const') {
          if (a.k === 'bot') set(i, BOT);
          return;
        }
        if (i.kind === 'copy') set(i, a);
        else if (i.kind === 'bswap') set(i, { k: 'const', v: evalBswap(bits, a.v) });
        else set(i, { k: 'const', v: evalCast(i.op, (i.a.type as IntType).bits, bits, a.v) });
        return;
      }
      default:
        set(i, BOT);
    }
  };

  const visitTerm = (b: Block, t: Term): void => {
    switch (t.kind) {
      case 'condbr': {
        const c = get(t.cond);
        if (c.k === 'top') return;
        if (c.k === 'const') markEdge(b, c.v !== 0n ? t.then : t.else);
        else for (const s of successors(t)) markEdge(b, s);
        return;
      }
      case 'switch': {
        const c = get(t.value);
        if (c.k === 'top') return;
        if (c.k === 'const') markEdge(b, t.cases.find((x) => x.value === c.v)?.target ?? t.default);
        else for (const s of successors(t)) markEdge(b, s);
        return;
      }
      default:
        for (const s of successors(t)) markEdge(b, s);
    }
  };

  const termOwner = new Map<Term, Block>();
  for (const b of f.blocks) if (b.term) termOwner.set(b.term, b);
  const entry = f.blocks[0] as Block;
  execBlocks.add(entry);
  blockWork.push(entry);
  while (blockWork.length > 0 || valueWork.length > 0) {
    while (blockWork.length > 0) {
      const b = blockWork.pop() as Block;
      for (const i of b.insts) visitInst(i);
      if (b.term) visitTerm(b, b.term);
    }
    while (valueWork.length > 0) {
      const v = valueWork.pop() as Value;
      for (const u of users.get(v) ?? []) {
        if ('id' in u) {
          if (u.block && execBlocks.has(u.block)) visitInst(u);
        } else {
          const owner = termOwner.get(u);
          if (owner && execBlocks.has(owner)) visitTerm(owner, u);
        }
      }
    }
  }

  // rewrite
  let changed = false;
  const repl = new Map<Value, Value>();
  for (const b of f.blocks) {
    if (!execBlocks.has(b)) continue;
    for (const i of b.insts) {
      const l = lat.get(i);
      if (l && l.k === 'const' && isInt(i.type) && !hasEffect(i)) repl.set(i, { kind: 'const', type: i.type, value: l.v });
    }
  }
  if (repl.size > 0) {
    changed = true;
    replaceUses(f, repl);
    deleteInsts(f, new Set([...repl.keys()].filter(isInst)));
  }
  for (const b of f.blocks) {
    if (!execBlocks.has(b) || !b.term) continue;
    const t = b.term;
    if (t.kind !== 'condbr' && t.kind !== 'switch') continue;
    const live = successors(t).filter((s) => execEdges.has(edgeKey(b, s)));
    if (live.length === 1) {
      const target = live[0] as Block;
      for (const s of successors(t)) if (s !== target) removePhiIncoming(s, b);
      b.term = { kind: 'br', target, span: t.span };
      changed = true;
    }
  }
  if (removeUnreachable(f)) changed = true;
  return changed;
};

function hasEffect(i: Inst): boolean {
  return i.kind === 'call' || i.kind === 'atomic' || i.kind === 'store' || (i.kind === 'load' && i.volatile);
}

/** Results that are constant even though one operand is unknown (x & 0, x * 0, x | -1). */
function absorbing(i: Inst, a: Lat, b: Lat): Lat | undefined {
  if (i.kind !== 'bin') return undefined;
  const bits = (i.type as IntType).bits as IntBits;
  const all = (1n << BigInt(bits)) - 1n;
  const c = a.k === 'const' ? a.v : b.k === 'const' ? b.v : undefined;
  if (c === undefined) return undefined;
  if ((i.op === 'and' || i.op === 'mul') && c === 0n) return { k: 'const', v: 0n };
  if (i.op === 'or' && c === all) return { k: 'const', v: all };
  return undefined;
}
