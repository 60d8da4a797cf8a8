// Loops (C11 §6.8.5). In: while / do-while / for statements with their `#pragma unroll` hints; out:
// rotated loops (a guard test, the body, the step and the condition again at the bottom), the shape
// the verifier's bounded-loop support and the back end like best; and unrolled loops.
//
// Unrolling: the first K iterations are emitted as straight copies `if (!cond) goto exit; body; step`,
// followed by the rotated loop for whatever iterations remain. This is correct for any K; when K is the
// trip count (`for (i = a; i < b; i += c)` with constants and `i` not written in the body, counted by
// simulating C's integer semantics), constant propagation turns every copied test into a constant and
// deletes the remaining loop. K: the trip count under `#pragma unroll` / `unroll(N)` with N ≥ it
// (as clang's full unroll), or when the copies stay small (clang -O2 fully unrolls small
// constant-trip loops too); never with `#pragma nounroll`, labels in the body, or too deep nesting.
import { normInt, signedOf, type IntBits } from '../../ir/index.js';
import { intKindOf, INT_INFO, type CType, type LoopPragma, type TExpr, type TStmt, type VarSymbol } from '../sema/index.js';
import type { FnLowering } from './context.js';
import { branchOn } from './cond.js';
import { discard } from './expr.js';
import { lowerStmt } from './stmt.js';
import { hasLabels, walkStmt, writtenVars } from './walk.js';
import { cmpPred } from './arith.js';

/** Most iterations ever counted or unrolled. */
const MAX_TRIP = 1024;
/** Unrolled size (trip count × body nodes) allowed without a pragma. */
const AUTO_UNROLL_BUDGET = 600;
/** Unrolled size allowed under a pragma. */
const PRAGMA_UNROLL_BUDGET = 40000;

interface LoopParts {
  cond?: TExpr;
  step?: TExpr;
  body: TStmt;
  /** do-while: the first iteration runs without a test. */
  bottomTest: boolean;
}

export function lowerWhile(fx: FnLowering, s: TStmt & { kind: 'While' }): void {
  const parts: LoopParts = { cond: s.cond, body: s.body, bottomTest: false };
  emitLoop(fx, parts, unrollCount(fx, s.pragmas, undefined, parts));
}

export function lowerDoWhile(fx: FnLowering, s: TStmt & { kind: 'DoWhile' }): void {
  const parts: LoopParts = { cond: s.cond, body: s.body, bottomTest: true };
  emitLoop(fx, parts, unrollCount(fx, s.pragmas, undefined, parts));
}

export function lowerFor(fx: FnLowering, s: TStmt & { kind: 'For' }): void {
  if (s.init) lowerStmt(fx, s.init);
  const parts: LoopParts = { cond: s.cond, step: s.step, body: s.body, bottomTest: false };
  emitLoop(fx, parts, unrollCount(fx, s.pragmas, s.init, parts));
}

function emitLoop(fx: FnLowering, p: LoopParts, unroll: number): void {
  fx.deadBlock();
  const exit = fx.b.newBlock('loop.end');
  fx.unrollDepth += unroll > 0 ? 1 : 0;
  for (let k = 0; k < unroll; k++) {
    fx.shared.clear();
    if (p.cond && !(p.bottomTest && k === 0)) test(fx, p.cond, exit, 'unroll.body');
    const cont = fx.b.newBlock('unroll.cont');
    fx.targets.push({ breakTo: exit, continueTo: cont });
    lowerStmt(fx, p.body);
    fx.targets.pop();
    fx.jump(cont);
    fx.b.setBlock(cont);
    if (p.step) discard(fx, p.step);
  }
  fx.unrollDepth -= unroll > 0 ? 1 : 0;
  // the rotated loop: guard, body, latch (step + test)
  fx.shared.clear();
  if (p.cond && !(p.bottomTest && unroll === 0)) test(fx, p.cond, exit, 'loop.body');
  const body = fx.b.newBlock('loop.body');
  const latch = fx.b.newBlock('loop.latch');
  fx.jump(body);
  fx.b.setBlock(body);
  fx.targets.push({ breakTo: exit, continueTo: latch });
  lowerStmt(fx, p.body);
  fx.targets.pop();
  fx.jump(latch);
  fx.b.setBlock(latch);
  if (p.step) discard(fx, p.step);
  fx.shared.clear();
  fx.deadBlock();
  if (p.cond) branchOn(fx, p.cond, body, exit);
  else fx.b.br(body);
  fx.b.setBlock(exit);
}

/** Continues in a new block when `cond` holds, else branches to `exit`. */
function test(fx: FnLowering, cond: TExpr, exit: ReturnType<FnLowering['b']['newBlock']>, name: string): void {
  fx.deadBlock();
  const next = fx.b.newBlock(name);
  branchOn(fx, cond, next, exit);
  fx.b.setBlock(next);
}

function unrollCount(fx: FnLowering, pragmas: readonly LoopPragma[], init: TStmt | undefined, p: LoopParts): number {
  const hint = pragmas.find((x) => x.unroll !== undefined)?.unroll;
  if (hint === 'disable' || hasLabels(p.body) || fx.unrollDepth > 3) return 0;
  const trip = tripCount(init, p);
  if (trip === undefined) return 0;
  const size = (codeSize(p.body) + (p.step ? 2 : 0) + 4) * trip;
  if (hint === 'full' || (typeof hint === 'number' && hint >= trip)) return size <= PRAGMA_UNROLL_BUDGET ? trip : 0;
  if (typeof hint === 'number') return 0;
  return size <= AUTO_UNROLL_BUDGET ? trip : 0;
}

/**
 * A rough code size of a statement after inlining and unrolling: its node count, where calls of static
 * functions count their bodies (they are normally inlined) and loops with a known trip count count their
 * body that many times.
 */
function codeSize(s: TStmt, depth = 3): number {
  let n = 0;
  const inner = new Set<TStmt>();
  walkStmt(s, {
    expr: (e) => {
      n++;
      const d = e.kind === 'Call' ? e.direct : undefined;
      if (d?.definition && d.linkage === 'internal' && !d.attributes.noinline && depth > 0) n += codeSize(d.definition.body, depth - 1);
    },
    stmt: (x) => {
      n++;
      if (x === s || inner.has(x) || (x.kind !== 'For' && x.kind !== 'While' && x.kind !== 'DoWhile')) return;
      // a nested loop: its body again for every extra iteration it will be unrolled into
      const parts: LoopParts = x.kind === 'For' ? { cond: x.cond, step: x.step, body: x.body, bottomTest: false } : { cond: x.cond, body: x.body, bottomTest: x.kind === 'DoWhile' };
      const trip = tripCount(x.kind === 'For' ? x.init : undefined, parts) ?? 1;
      if (trip > 1) n += (trip - 1) * codeSize(x.body, depth);
      walkStmt(x, { stmt: (y) => { if (y !== x) inner.add(y); } });
    },
  });
  return n;
}

// ---- trip counts ------------------------------------------------------------------------------------

interface Counter {
  sym: VarSymbol;
  start: bigint;
}

/** The number of times the body runs, when it is a constant the loop's shape makes plain. */
export function tripCount(init: TStmt | undefined, p: LoopParts): number | undefined {
  if (!p.cond) return undefined;
  const c = counterOf(init);
  if (!c) return undefined;
  const bits = intBits(c.sym.type);
  if (bits === undefined) return undefined;
  const signed = INT_INFO[intKindOf(c.sym.type)!].signed;
  const step = stepOf(p.step, c.sym);
  if (step === undefined) return undefined;
  if (writtenVars(p.body, true).has(c.sym)) return undefined;
  if (p.cond && writtenVars(p.cond, false).has(c.sym)) return undefined;
  const tests = conjuncts(p.cond).map((e) => bound(e, c.sym)).filter((x) => x !== undefined);
  if (tests.length === 0) return undefined;
  let v = normInt(c.start, bits);
  for (let n = 0; n <= MAX_TRIP; n++) {
    const holds = (n > 0 || !p.bottomTest) ? tests.every((t) => t(v, bits, signed)) : true;
    if (!holds) return n;
    v = normInt(v + step, bits);
  }
  return undefined;
}

function intBits(t: CType): IntBits | undefined {
  const k = intKindOf(t);
  if (k === undefined) return undefined;
  const size = INT_INFO[k].size;
  return size <= 8 ? ((size * 8) as IntBits) : undefined;
}

function conjuncts(e: TExpr): TExpr[] {
  if (e.kind === 'Logical' && e.op === '&&') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

/** `x` with lvalue conversions and integral casts peeled off; the variable read, if that is all it is. */
function readOf(e: TExpr): VarSymbol | undefined {
  let x = e;
  for (;;) {
    if (x.kind !== 'Cast') break;
    if (x.cast === 'IntegralCast') {
      const from = intBits(x.operand.type);
      const to = intBits(x.type);
      if (from === undefined || to === undefined || to < from) return undefined;
    } else if (x.cast !== 'LValueToRValue' && x.cast !== 'NoOp') break;
    x = x.operand;
  }
  return x.kind === 'VarRef' ? x.symbol : undefined;
}

function counterOf(init: TStmt | undefined): Counter | undefined {
  if (!init) return undefined;
  if (init.kind === 'Decl') {
    const d = init.vars[init.vars.length - 1];
    if (!d || init.vars.length !== 1 || d.init?.kind !== 'InitExpr' || d.init.expr.value === undefined) return undefined;
    return { sym: d.symbol, start: d.init.expr.value };
  }
  if (init.kind === 'Expr' && init.expr) {
    let e = init.expr;
    if (e.kind === 'Comma') e = e.exprs[e.exprs.length - 1] as TExpr;
    if (e.kind === 'Assign' && e.target.kind === 'VarRef' && e.rhs.value !== undefined) return { sym: e.target.symbol, start: e.rhs.value };
  }
  return undefined;
}

/** The constant the step adds to the counter. */
function stepOf(step: TExpr | undefined, sym: VarSymbol): bigint | undefined {
  if (!step) return undefined;
  let e = step;
  while (e.kind === 'Cast' && e.cast === 'ToVoid') e = e.operand;
  if (e.kind === 'IncDec' && e.operand.kind === 'VarRef' && e.operand.symbol === sym) return e.op === '++' ? e.step : -e.step;
  if (e.kind === 'CompoundAssign' && e.target.kind === 'VarRef' && e.target.symbol === sym && e.rhs.value !== undefined && e.elemSize === undefined) {
    if (e.op === '+') return e.rhs.value;
    if (e.op === '-') return -e.rhs.value;
  }
  return undefined;
}

type Test = (v: bigint, bits: IntBits, signed: boolean) => boolean;

/** A comparison of the counter with a constant, as a test of the counter's value. */
function bound(e: TExpr, sym: VarSymbol): Test | undefined {
  if (e.kind !== 'Binary') return undefined;
  const pred = cmpPred(e.op, e.operandType);
  if (!pred) return undefined;
  const ob = intBits(e.operandType);
  if (ob === undefined) return undefined;
  let k: bigint;
  let swap = false;
  if (readOf(e.left) === sym && e.right.value !== undefined) k = e.right.value;
  else if (readOf(e.right) === sym && e.left.value !== undefined) {
    k = e.left.value;
    swap = true;
  } else return undefined;
  const cmpSigned = pred.startsWith('s');
  return (v, bits, signed) => {
    // the counter converted to the operand type, as the usual arithmetic conversions do
    const asOperand = normInt(signed ? signedOf(v, bits) : v, ob);
    const x = cmpSigned ? signedOf(asOperand, ob) : asOperand;
    const y = cmpSigned ? signedOf(normInt(k, ob), ob) : normInt(k, ob);
    const [a, b] = swap ? [y, x] : [x, y];
    switch (pred) {
      case 'eq': return a === b;
      case 'ne': return a !== b;
      case 'ult': case 'slt': return a < b;
      case 'ule': case 'sle': return a <= b;
      case 'ugt': case 'sgt': return a > b;
      case 'uge': case 'sge': return a >= b;
      default: return false;
    }
  };
}
