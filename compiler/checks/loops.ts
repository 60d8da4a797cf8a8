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
  funcDominators, successors, type Block, type Func, type Inst, type Module, type Value,
} from '../ir/index.js';
import type { Reporter } from './flow.js';

const MAX_INSNS = 1_000_000;

interface Loop {
  header: Block;
  blocks: Set<Block>;
  exits: { from: Block; to: Block }[];
  latches: Block[];
}

function naturalLoops(f: Func): Loop[] {
  if (f.blocks.length === 0) return [];
  const dom = funcDominators(f);
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

/** Values compared (or switched on) anywhere, with everything they are computed from. */
function comparedValues(f: Func, except: Inst | undefined): Set<Value> {
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
      if (i.kind === 'cmp' && i !== except) {
        add(i.a);
        add(i.b);
      }
    }
    if (b.term?.kind === 'switch') add(b.term.value);
  }
  return out;
}

/** The inputs from outside the loop that `v` is computed from, or undefined when it varies in the loop. */
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

/** Whether the verifier may know more about `v` than its type says. */
function mayBeKnown(v: Value, f: Func, compared: ReadonlySet<Value>): boolean {
  if (compared.has(v)) return true;
  if (v.kind === 'param') return f.linkage === 'static';
  if (v.kind === 'load') return v.ptr.type.kind !== 'ptr' || v.ptr.type.to === 'global' || v.ptr.type.to === 'any' || v.ptr.type.to === 'stack';
  if (v.kind === 'cast' || v.kind === 'copy') return mayBeKnown(v.a, f, compared);
  return v.kind !== 'call';
}

/** The largest value `v` can have as the verifier sees it, when nothing narrows it; undefined if unsure. */
function rangeMax(v: Value, f: Func, compared: ReadonlySet<Value>): bigint | undefined {
  const bits = v.type.kind === 'int' ? v.type.bits : 64;
  const full = (1n << BigInt(bits)) - 1n;
  if (v.kind === 'const') return v.value;
  if (compared.has(v)) return undefined;
  switch (v.kind) {
    case 'load':
      return mayBeKnown(v, f, compared) ? undefined : (1n << BigInt(8 * v.width)) - 1n;
    case 'call':
      return v.callee.kind === 'helper' ? full : undefined;
    case 'param':
      return f.linkage === 'static' ? undefined : full;
    case 'cast': {
      const a = rangeMax(v.a, f, compared);
      if (a === undefined) return undefined;
      if (v.op === 'zext') return a;
      if (v.op === 'trunc') return a < full ? a : full;
      return undefined;
    }
    case 'bin': {
      if (v.op === 'and') {
        const a = rangeMax(v.a, f, compared);
        const b = rangeMax(v.b, f, compared);
        if (a === undefined && b === undefined) return undefined;
        return a === undefined ? b : b === undefined ? a : a < b ? a : b;
      }
      if (v.op === 'lshr' && v.b.kind === 'const') {
        const a = rangeMax(v.a, f, compared);
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

function checkLoop(f: Func, loop: Loop, rep: Reporter): void {
  const where = (loop.latches[0]?.term ?? loop.header.term)?.span ?? f.span;
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
    if (inputs.size === 0 || [...inputs].some((v) => mayBeKnown(v, f, compared))) return;
    rep.report('B2103', 'the only exit of this loop tests a condition that does not change inside the loop: when the first iteration does not leave, no iteration does, and the verifier rejects the program', t.span, {
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
  const bInputs = new Set<Value>();
  if (!invariantInputs(bound, loop, bInputs)) return;
  const max = rangeMax(bound, f, compared);
  if (max === undefined) return;
  const bits = iv.type.kind === 'int' ? iv.type.bits : 64;
  if ((stay === 'slt' || stay === 'sle') && max >= 1n << BigInt(bits - 1)) return;
  const span = max - ind.init + (stay === 'ule' || stay === 'sle' ? 1n : 0n);
  if (span <= 0n) return;
  const trips = (span + ind.step - 1n) / ind.step;
  if (trips <= BigInt(MAX_INSNS)) return;
  rep.report('B2103', `this loop's bound is not limited: it may run ${trips} times, and the verifier, which follows every iteration, gives up after 1000000 instructions ("BPF program is too large")`, t.span, {
    message: 'limit the count before the loop (e.g. `if (n > 256) n = 256;`), or use bpf_loop() for long loops',
  });
}

export function checkLoops(m: Module, rep: Reporter): void {
  for (const f of m.funcs) for (const l of naturalLoops(f)) checkLoop(f, l, rep);
}
