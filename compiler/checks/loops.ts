// Verifier-aware check B2103: loops the kernel's verifier cannot prove to terminate. The verifier has
// no loop analysis: it follows a bounded loop one iteration at a time, reports "infinite loop detected"
// when it comes back to the loop head in a state it has seen, and gives up ("BPF program is too large")
// after 1,000,000 instructions (BPF_COMPLEXITY_LIMIT_INSNS). Reported here, for natural loops:
//  - a loop with no exit at all;
//  - a loop whose only exit tests a condition that cannot change inside the loop (all its inputs are
//    computed before the loop): once the first iteration stays, every iteration does;
//  - a counted loop `for (i = c; i < n; i += s)` whose only exit is that test, where `n` is a value
//    whose range the verifier cannot narrow (a packet, map or helper value never compared elsewhere)
//    and so may be so large that more than 1,000,000 iterations are possible: the verifier follows
//    each one.
// To report only what the kernel rejects, conditions whose inputs are compared anywhere else in the
// function (the verifier may know their value there) or come from global data (`const volatile`
// values are constants to the verifier) or from a static function's parameters are left alone.
import {
  funcDominators, instOperands, successors, type Block, type Func, type Inst, type Module, type Value,
} from '../ir/index.js';
import type { Reporter } from './flow.js';

const MAX_INSNS = 1_000_000;

interface Loop {
  header: Block;
  blocks: Set<Block>;
  exits: { from: Block; to: Block }[];
  latches: Block[];
}

function naturalLoops(f: Func, dom: ReturnType<typeof funcDominators>): Loop[] {
  const loops = new Map<Block, Loop>();
  for (const b of dom.rpo) {
    for (const s of successors(b.term)) {
      if (!dom.dominates(s, b)) continue;
      const loop = loops.get(s) ?? { header: s, blocks: new Set([s]), exits: [], latches: [] };
      loop.latches.push(b);
      const work = [b];
      while (work.length > 0) {
        const n = work.pop() as Block;
        if (loop.blocks.has(n)) continue;
        loop.blocks.add(n);
        for (const p of dom.preds.get(n) ?? []) work.push(p);
      }
      loops.set(s, loop);
    }
  }
  for (const l of loops.values()) {
    for (const b of l.blocks) for (const s of successors(b.term)) if (!l.blocks.has(s)) l.exits.push({ from: b, to: s });
  }
  return [...loops.values()];
}

/** Two compares that test the same thing (the loop's guard before a rotated loop and its exit test). */
function sameTest(a: Inst, b: Inst): boolean {
  if (a === b) return true;
  if (a.kind !== 'cmp' || b.kind !== 'cmp') return false;
  return (a.a === b.a && a.b === b.b) || (a.a === b.b && a.b === b.a);
}

/** Values compared (or switched on) anywhere except by `exit` and tests equal to it, with their sources. */
function comparedValues(f: Func, exit: Inst): Set<Value> {
  const out = new Set<Value>();
  const add = (v: Value): void => {
    if (out.has(v)) return;
    out.add(v);
    if (v.kind === 'cast' || v.kind === 'copy') add(v.a);
    if (v.kind === 'bin') {
      add(v.a);
      add(v.b);
    }
  };
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.kind === 'cmp' && !sameTest(i, exit)) {
        add(i.a);
        add(i.b);
      }
    }
    if (b.term?.kind === 'switch') add(b.term.value);
  }
  return out;
}

/** Whether `v` is computed inside `loop` only from values defined before it (and constants). */
function invariantInputs(v: Value, loop: Loop, out: Set<Value>): boolean {
  if (v.kind === 'const') return true;
  if (v.kind === 'param' || v.kind === 'mapref' || v.kind === 'globalref' || v.kind === 'funcref' || v.kind === 'undef') {
    out.add(v);
    return true;
  }
  if (!v.block || !loop.blocks.has(v.block)) {
    out.add(v);
    return true;
  }
  switch (v.kind) {
    case 'bin':
    case 'cmp':
    case 'ptrdiff':
      return invariantInputs(v.a, loop, out) && invariantInputs(v.b, loop, out);
    case 'cast':
    case 'copy':
    case 'bswap':
      return invariantInputs(v.a, loop, out);
    case 'ptradd':
      return invariantInputs(v.base, loop, out) && invariantInputs(v.offset, loop, out);
    default:
      return false;
  }
}

/** Memory whose contents the verifier knows nothing about (map values, packets, helper memory, ctx). */
const OPAQUE = new Set(['map_value', 'map_value_or_null', 'mem', 'mem_or_null', 'packet', 'ctx']);

/** Whether the verifier cannot know `v` (nor the outcome of a compare of it with constants). */
function opaque(v: Value, f: Func, compared: ReadonlySet<Value>): boolean {
  if (compared.has(v)) return false;
  switch (v.kind) {
    case 'const':
      return false;
    case 'param':
      return f.linkage !== 'static' && f.section === undefined;
    case 'load':
      return v.ptr.type.kind === 'ptr' && OPAQUE.has(v.ptr.type.to) && !v.volatile;
    case 'call':
      return v.callee.kind === 'helper';
    case 'cast':
    case 'copy':
    case 'bswap':
      return opaque(v.a, f, compared);
    case 'cmp':
      return (opaque(v.a, f, compared) && !compared.has(v.b)) || (opaque(v.b, f, compared) && !compared.has(v.a));
    case 'bin':
      if ((v.op === 'and' || v.op === 'mul') && ((v.a.kind === 'const' && v.a.value === 0n) || (v.b.kind === 'const' && v.b.value === 0n))) return false;
      return (opaque(v.a, f, compared) && !compared.has(v.b)) || (opaque(v.b, f, compared) && !compared.has(v.a));
    default:
      return false;
  }
}

interface Guards {
  f: Func;
  header: Block;
  dominates(a: Block, b: Block): boolean;
  preds(b: Block): readonly Block[];
  exit: Inst;
}

/**
 * The upper bound compares against constants put on `v` on every path into the loop, or 'unknown' when
 * `v` meets a compare this cannot read (against a non-constant, signed, or not a branch condition).
 */
function guardMax(v: Value, g: Guards): bigint | undefined | 'unknown' {
  let max: bigint | undefined;
  for (const b of g.f.blocks) {
    for (const i of b.insts) {
      if (i.kind !== 'cmp' || sameTest(i, g.exit) || (i.a !== v && i.b !== v)) continue;
      const [other, swapped] = i.a === v ? [i.b, false] : [i.a, true];
      if (other.kind !== 'const') return 'unknown';
      const users = g.f.blocks.filter((x) => x.term?.kind === 'condbr' && x.term.cond === i);
      const otherUses = g.f.blocks.some((x) => x.insts.some((y) => instOperands(y).includes(i)));
      if (otherUses) return 'unknown';
      const pred = swapped ? ({ ult: 'ugt', ule: 'uge', ugt: 'ult', uge: 'ule', eq: 'eq', ne: 'ne' } as Record<string, string>)[i.pred] : i.pred;
      if (pred === undefined || !['ult', 'ule', 'ugt', 'uge', 'eq', 'ne'].includes(pred)) return 'unknown';
      const c = other.value;
      for (const u of users) {
        const t = u.term as { then: Block; else: Block };
        const [edge, lim] = pred === 'ult' ? [t.then, c - 1n] : pred === 'ule' || pred === 'eq' ? [t.then, c] : pred === 'ugt' || pred === 'ne' ? [t.else, c] : [t.else, c - 1n];
        const only = g.preds(edge);
        if (only.length === 1 && only[0] === u && g.dominates(edge, g.header)) max = max === undefined || lim < max ? lim : max;
      }
    }
  }
  return max;
}

/** The largest value `v` can have on the way into the loop, as far as the verifier can tell. */
function rangeMax(v: Value, g: Guards, loop: Loop): bigint | undefined {
  const bits = v.type.kind === 'int' ? v.type.bits : 64;
  const full = (1n << BigInt(bits)) - 1n;
  if (v.kind === 'const') return v.value;
  const guard = guardMax(v, g);
  if (guard === 'unknown') return undefined;
  const own = ownMax(v, g, loop, full);
  if (own === undefined) return guard;
  return guard !== undefined && guard < own ? guard : own;
}

function ownMax(v: Value, g: Guards, loop: Loop, full: bigint): bigint | undefined {
  switch (v.kind) {
    case 'load': {
      const k = v.ptr.type.kind === 'ptr' ? v.ptr.type.to : undefined;
      if (k === undefined || !OPAQUE.has(k) || v.volatile) return undefined;
      if (v.block && loop.blocks.has(v.block) && !invariantInputs(v.ptr, loop, new Set())) return undefined;
      return (1n << BigInt(8 * v.width)) - 1n;
    }
    case 'call':
      return v.callee.kind === 'helper' ? full : undefined;
    case 'param':
      return g.f.linkage !== 'static' && g.f.section === undefined ? full : undefined;
    case 'cast': {
      if (v.op !== 'zext' && v.op !== 'trunc') return undefined;
      const a = rangeMax(v.a, g, loop);
      if (a === undefined) return undefined;
      return v.op === 'trunc' && a > full ? full : a;
    }
    case 'bin': {
      if (v.op === 'and') {
        const a = rangeMax(v.a, g, loop);
        const b = rangeMax(v.b, g, loop);
        if (a === undefined || b === undefined) return a ?? b;
        return a < b ? a : b;
      }
      if (v.op === 'lshr' && v.b.kind === 'const') {
        const a = rangeMax(v.a, g, loop);
        return a === undefined ? undefined : a >> v.b.value;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `phi(init, phi + step)` at the loop header: the induction variable's start and step. */
function induction(v: Value, loop: Loop): { init: bigint; step: bigint; phi: Inst } | undefined {
  let x = v;
  let extra = 0n;
  if (x.kind === 'bin' && x.op === 'add' && x.b.kind === 'const') {
    extra = x.b.value;
    x = x.a;
  }
  if (x.kind !== 'phi' || x.block !== loop.header) return undefined;
  let init: bigint | undefined;
  let step: bigint | undefined;
  for (const inc of x.incoming) {
    if (!loop.blocks.has(inc.block)) {
      if (inc.value.kind !== 'const' || (init !== undefined && init !== inc.value.value)) return undefined;
      init = inc.value.value;
      continue;
    }
    const u = inc.value;
    if (u.kind !== 'bin' || u.op !== 'add' || u.a !== x || u.b.kind !== 'const') return undefined;
    if (step !== undefined && step !== u.b.value) return undefined;
    step = u.b.value;
  }
  if (init === undefined || step === undefined || step <= 0n || step > 1n << 32n) return undefined;
  return { init: init + extra, step, phi: x };
}

/** The earliest source position inside the loop (its first statement). */
function firstSpan(loop: Loop, f: Func): Func['span'] {
  let best: Func['span'] | undefined;
  const consider = (sp: Func['span']): void => {
    if (sp.file !== f.span.file || sp.line === 0) return;
    if (!best || sp.line < best.line || (sp.line === best.line && sp.col < best.col)) best = sp;
  };
  for (const b of loop.blocks) {
    for (const i of b.insts) if (i.kind !== 'phi') consider(i.span);
    if (b.term) consider(b.term.span);
  }
  return best ?? f.span;
}

function checkLoop(f: Func, loop: Loop, dom: ReturnType<typeof funcDominators>, rep: Reporter): void {
  const where = firstSpan(loop, f);
  if (loop.exits.length === 0) {
    rep.report('B2103', 'this loop has no exit: the verifier rejects the program ("infinite loop detected")', where, {
      message: 'give the loop a condition or a break that ends it',
    });
    return;
  }
  if (loop.exits.length !== 1) return;
  const exit = loop.exits[0] as { from: Block; to: Block };
  const t = exit.from.term;
  if (!t || t.kind !== 'condbr' || t.cond.kind !== 'cmp') return;
  const cmp = t.cond;
  const compared = comparedValues(f, cmp);
  const inputs = new Set<Value>();
  if (invariantInputs(cmp, loop, inputs)) {
    if (!opaque(cmp, f, compared) || [...inputs].some((v) => v.kind !== 'const' && compared.has(v))) return;
    rep.report('B2103', 'the only exit of this loop tests a condition that does not change inside the loop: when the first iteration does not leave, no iteration does, and the verifier rejects the program ("infinite loop detected")', t.span, {
      message: 'make the loop condition depend on something the loop changes (a counter, a pointer that advances)',
    });
    return;
  }
  // counted loop: continue while iv < bound
  const exitsWhenTrue = t.then === exit.to;
  let pred = cmp.pred;
  let iv: Value = cmp.a;
  let bound: Value = cmp.b;
  if (!induction(iv, loop)) {
    [iv, bound] = [cmp.b, cmp.a];
    pred = ({ ult: 'ugt', ule: 'uge', ugt: 'ult', uge: 'ule', slt: 'sgt', sle: 'sge', sgt: 'slt', sge: 'sle', eq: 'eq', ne: 'ne' } as const)[pred];
  }
  const ind = induction(iv, loop);
  if (!ind) return;
  const stay = exitsWhenTrue ? ({ ult: 'uge', ule: 'ugt', ugt: 'ule', uge: 'ult', slt: 'sge', sle: 'sgt', sgt: 'sle', sge: 'slt', eq: 'ne', ne: 'eq' } as const)[pred] : pred;
  if (!['ult', 'ule', 'slt', 'sle', 'ne'].includes(stay)) return;
  const preds = new Map<Block, Block[]>();
  for (const b of dom.rpo) for (const s of successors(b.term)) preds.set(s, [...(preds.get(s) ?? []), b]);
  const max = rangeMax(bound, { f, header: loop.header, dominates: (a, b) => dom.dominates(a, b), preds: (b) => preds.get(b) ?? [], exit: cmp }, loop);
  if (max === undefined) return;
  const bits = iv.type.kind === 'int' ? iv.type.bits : 64;
  if ((stay === 'slt' || stay === 'sle') && max >= 1n << BigInt(bits - 1)) return;
  const span = max - ind.init + (stay === 'ule' || stay === 'sle' ? 1n : 0n);
  if (span <= 0n) return;
  // a test of the incremented counter comes after the iteration it ends
  const trips = (span + ind.step - 1n) / ind.step + (iv === ind.phi ? 0n : 1n);
  if (trips <= BigInt(MAX_INSNS)) return;
  rep.report('B2103', `this loop's bound is not limited: it may run ${trips} times, and the verifier, which follows every iteration, gives up after 1000000 instructions ("BPF program is too large")`, t.span, {
    message: 'limit the count before the loop (e.g. `if (n > 256) n = 256;`), or use bpf_loop() for long loops',
  });
}

export function checkLoops(m: Module, rep: Reporter): void {
  for (const f of m.funcs) {
    if (f.blocks.length === 0) continue;
    const dom = funcDominators(f);
    for (const l of naturalLoops(f, dom)) checkLoop(f, l, dom, rep);
  }
}
