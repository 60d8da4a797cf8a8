// Uses of uninitialised local variables (C1513), as clang-16's -Wuninitialized reports them: a flow
// analysis over one checked function body (typed AST), after clang's UninitializedValues analysis.
// In: the SemaContext and a function's parameters and body; out: C1513 warnings.
//
// What is tracked: automatic locals of scalar type (integers, enums, _Bool, floats, pointers) declared
// in this function; parameters, statics, globals, arrays and records are not. Each variable has one of
// four values per program point, merged by bitwise or along joining paths:
//   Unknown 0 (not declared on this path)  Init 1  Uninit 2  MayUninit 3 (Init on some path, Uninit on another)
// A declaration without initialiser makes it Uninit, one with an initialiser Init; `v = e` makes it Init,
// and so does any other reference that is not a read (`&v` passed to a function, an asm output…), except
// `&v` passed as a pointer to const (neither read nor written), `(void)v` and the left of a comma. A read
// (lvalue-to-rvalue conversion, `v++`, `v op= e`, `v;` as a statement) where the value is Uninit on every
// path reaching it is reported, once per variable, at its first such read in the source, with a note at the
// declaration. MayUninit reads (clang's -Wsometimes-uninitialized) are not reported. Code unreachable by
// constant conditions (`if (0)`, `while (1)` exits, constant `&&`/`||` operands, constant switch
// conditions) and after noreturn calls is not analysed, as clang's CFG prunes it.
//
// Also reported: `int v = v;` (the self-initialisation idiom) when some later read is always
// uninitialised, and a read of `v` inside its own initialiser (`int v = v + 1;`), both "used within its
// own initialization", as clang does.
import type { DiagnosticNote } from '../../diagnostics/index.js';
import { locAt } from '../../source.js';
import type { SemaContext } from './context.js';
import type { FunctionSymbol, VarSymbol } from './symbols.js';
import type { LabelInfo, TCompoundStmt, TExpr, TInitializer, TStmt, TVarRef } from './typed-ast.js';
import { Qual, isScalar, resolve } from './types.js';

const INIT = 1;
const UNINIT = 2;

/** Values of the tracked variables at a program point (absent: Unknown); null: unreachable. */
type State = Map<VarSymbol, number> | null;

interface Breakable {
  loop: boolean;
  breaks: State;
  continues: State;
}

interface SwitchCtx {
  entry: State;
  /** The condition's constant value, when it folds. */
  value?: bigint;
  /** Whether that constant value selects one of the cases (then `default` is not reached). */
  matched: boolean;
}

interface Flow {
  fn: FunctionSymbol;
  /** Each read of a tracked variable: the values seen there, or-ed over every visit. */
  reads: Map<TVarRef, number>;
  labels: Map<LabelInfo, State>;
  labelsChanged: boolean;
  breakables: Breakable[];
  switches: SwitchCtx[];
  /** `int v = v;`: the reference in the initialiser. */
  selfInit: Map<VarSymbol, TVarRef>;
  /** The variable whose initialiser is being analysed, and the reads of it found there. */
  initializing?: VarSymbol;
  ownInitReads: Set<TVarRef>;
}

const clone = (s: State): State => (s === null ? null : new Map(s));

function join(a: State, b: State): State {
  if (a === null) return clone(b);
  if (b === null) return clone(a);
  const out = new Map(a);
  for (const [v, x] of b) out.set(v, (out.get(v) ?? 0) | x);
  return out;
}

function same(a: State, b: State): boolean {
  if (a === null || b === null) return a === b;
  for (const [v, x] of a) if ((b.get(v) ?? 0) !== x) return false;
  for (const [v, x] of b) if ((a.get(v) ?? 0) !== x) return false;
  return true;
}

function tracked(f: Flow, v: VarSymbol): boolean {
  return v.storage === 'local' && v.owner === f.fn && isScalar(v.type);
}

/** The tracked variable `e` names (through no-op casts), if any. */
function varOf(f: Flow, e: TExpr): TVarRef | undefined {
  let x = e;
  while (x.kind === 'Cast' && x.cast === 'NoOp') x = x.operand;
  return x.kind === 'VarRef' && tracked(f, x.symbol) ? x : undefined;
}

function read(f: Flow, r: TVarRef, s: State): void {
  if (s === null) return;
  if (f.initializing === r.symbol) {
    f.ownInitReads.add(r);
    return;
  }
  f.reads.set(r, (f.reads.get(r) ?? 0) | (s.get(r.symbol) ?? 0));
}

/** `&v` converted to a pointer to const, as a call argument: clang neither reads nor initialises `v`. */
function constPointerToVar(f: Flow, arg: TExpr): boolean {
  const t = resolve(arg.type);
  if (t.kind !== 'pointer' || (resolve(t.pointee).quals & Qual.Const) === 0) return false;
  let x = arg;
  while (x.kind === 'Cast' && (x.cast === 'NoOp' || x.cast === 'BitCast')) x = x.operand;
  return x.kind === 'AddrOf' && varOf(f, x.operand) !== undefined;
}

// ---- expressions ------------------------------------------------------------------------------------

function expr(f: Flow, e: TExpr, s: State): State {
  if (s === null) return null;
  switch (e.kind) {
    case 'VarRef':
      // a reference that is not a read (`&v`, an asm operand): clang counts it as initialising
      if (tracked(f, e.symbol)) s.set(e.symbol, INIT);
      return s;
    case 'Cast': {
      const r = varOf(f, e.operand);
      if (r !== undefined && e.cast === 'LValueToRValue') {
        read(f, r, s);
        return s;
      }
      // `(void)v`: neither read nor initialised
      if (e.cast === 'ToVoid' && (r !== undefined || (e.operand.kind === 'Cast' && e.operand.cast === 'LValueToRValue' && varOf(f, e.operand.operand)))) return s;
      return expr(f, e.operand, s);
    }
    case 'Assign': {
      const after = expr(f, e.rhs, s);
      const r = varOf(f, e.target);
      if (r === undefined) return expr(f, e.target, after);
      after?.set(r.symbol, INIT);
      return after;
    }
    case 'CompoundAssign': {
      const after = expr(f, e.rhs, s);
      const r = varOf(f, e.target);
      if (r === undefined) return expr(f, e.target, after);
      read(f, r, after);
      return after;
    }
    case 'IncDec': {
      const r = varOf(f, e.operand);
      if (r === undefined) return expr(f, e.operand, s);
      read(f, r, s);
      return s;
    }
    case 'Logical': {
      const [t, fl] = cond(f, e.left, s);
      return e.op === '&&' ? join(expr(f, e.right, t), fl) : join(t, expr(f, e.right, fl));
    }
    case 'Conditional': {
      const [t, fl] = cond(f, e.cond, s);
      return join(expr(f, e.then, t), expr(f, e.else, fl));
    }
    case 'Comma': {
      let cur: State = s;
      e.exprs.forEach((x, i) => {
        if (i < e.exprs.length - 1 && varOf(f, x) !== undefined) return; // discarded, not read
        cur = expr(f, x, cur);
      });
      return cur;
    }
    case 'Call': {
      let cur = expr(f, e.callee, s);
      for (const a of e.args) if (!constPointerToVar(f, a)) cur = expr(f, a, cur);
      return e.direct?.attributes.noreturn === true ? null : cur;
    }
    case 'BuiltinCall': {
      let cur: State = s;
      for (const a of e.args) cur = expr(f, a, cur);
      return e.name === '__builtin_unreachable' || e.name === '__builtin_trap' ? null : cur;
    }
    case 'StmtExpr': {
      let cur: State = s;
      for (const st of e.body) cur = stmt(f, st, cur);
      return e.result === undefined ? cur : expr(f, e.result, cur);
    }
    case 'CompoundLiteral':
      return init(f, e.init, s);
    case 'Shared':
      return expr(f, e.expr, s);
    case 'Unary':
    case 'AddrOf':
    case 'Deref':
      return expr(f, e.operand, s);
    case 'Binary':
    case 'PtrDiff':
      return expr(f, e.right, expr(f, e.left, s));
    case 'PtrArith':
      return expr(f, e.offset, expr(f, e.pointer, s));
    case 'Member':
      return expr(f, e.object, s);
    case 'Index':
      return expr(f, e.index, expr(f, e.base, s));
    case 'FuncRef':
    case 'EnumRef':
    case 'IntLit':
    case 'FloatLit':
    case 'StringLit':
    case 'Constant':
    case 'Error':
      return s;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** The states where condition `e` is true and where it is false. */
function cond(f: Flow, e: TExpr, s: State): [State, State] {
  if (s === null) return [null, null];
  if (e.value !== undefined) return e.value !== 0n ? [s, null] : [null, s];
  switch (e.kind) {
    case 'Logical': {
      const [lt, lf] = cond(f, e.left, s);
      if (e.op === '&&') {
        const [rt, rf] = cond(f, e.right, lt);
        return [rt, join(lf, rf)];
      }
      const [rt, rf] = cond(f, e.right, lf);
      return [join(lt, rt), rf];
    }
    case 'Unary':
      if (e.op === '!') {
        const [t, fl] = cond(f, e.operand, s);
        return [fl, t];
      }
      break;
    case 'Conditional': {
      const [ct, cf] = cond(f, e.cond, s);
      const [xt, xf] = cond(f, e.then, ct);
      const [yt, yf] = cond(f, e.else, cf);
      return [join(xt, yt), join(xf, yf)];
    }
    case 'Cast':
      if (!e.explicit && (e.cast === 'IntegralToBoolean' || e.cast === 'PointerToBoolean'
        || (e.cast === 'IntegralCast' && (e.operand.kind === 'Logical' || (e.operand.kind === 'Unary' && e.operand.op === '!'))))) {
        return cond(f, e.operand, s);
      }
      break;
    default:
      break;
  }
  const after = expr(f, e, s);
  return [after, clone(after)];
}

function init(f: Flow, i: TInitializer, s: State): State {
  switch (i.kind) {
    case 'InitExpr':
      return expr(f, i.expr, s);
    case 'InitString':
      return s;
    case 'InitArray':
      return i.elements.reduce<State>((cur, el) => init(f, el.init, cur), s);
    case 'InitRecord':
      return i.fields.reduce<State>((cur, fl) => init(f, fl.init, cur), s);
    default: {
      const never: never = i;
      return never;
    }
  }
}

// ---- statements -------------------------------------------------------------------------------------

function toLabel(f: Flow, label: LabelInfo, s: State): void {
  const old = f.labels.get(label) ?? null;
  const merged = join(old, s);
  if (!same(old, merged)) {
    f.labels.set(label, merged);
    f.labelsChanged = true;
  }
}

/** A loop: `test` from the head state gives the body's entry and the exit; `latch` runs after the body. */
function loop(f: Flow, entry: State, test: (s: State) => [State, State], body: TStmt, latch: (s: State) => State, bodyFirst: boolean): State {
  let head = clone(entry);
  for (let round = 0; ; round++) {
    const b: Breakable = { loop: true, breaks: null, continues: null };
    f.breakables.push(b);
    let exit: State;
    let back: State;
    if (bodyFirst) {
      const out = stmt(f, body, clone(head));
      f.breakables.pop();
      const [t, fl] = test(latch(join(out, b.continues)));
      exit = fl;
      back = t;
    } else {
      const [t, fl] = test(clone(head));
      const out = stmt(f, body, t);
      f.breakables.pop();
      exit = fl;
      back = latch(join(out, b.continues));
    }
    const next = join(entry, back);
    // the values only grow (a finite lattice), so this ends; the bound is a safety net
    if (same(next, head) || round > 64) return join(exit, b.breaks);
    head = next;
  }
}

function stmt(f: Flow, st: TStmt, s: State): State {
  switch (st.kind) {
    case 'Compound':
      return st.items.reduce<State>((cur, item) => stmt(f, item, cur), s);
    case 'Decl': {
      let cur = s;
      for (const { symbol, init: i } of st.vars) {
        const isTracked = tracked(f, symbol);
        if (i === undefined) {
          if (isTracked) cur?.set(symbol, UNINIT);
          continue;
        }
        const self = isTracked && i.kind === 'InitExpr' ? selfReference(f, i.expr, symbol) : undefined;
        if (self !== undefined) {
          if (cur !== null) f.selfInit.set(symbol, self);
          cur?.set(symbol, UNINIT);
          continue;
        }
        if (isTracked) f.initializing = symbol;
        cur = init(f, i, cur);
        f.initializing = undefined;
        if (isTracked) cur?.set(symbol, INIT);
      }
      return cur;
    }
    case 'Expr': {
      if (st.expr === undefined) return s;
      const r = varOf(f, st.expr);
      if (r === undefined) return expr(f, st.expr, s);
      read(f, r, s); // `v;`: C converts the discarded lvalue, a read
      return s;
    }
    case 'If': {
      const [t, fl] = cond(f, st.cond, s);
      const a = stmt(f, st.then, t);
      return join(a, st.else === undefined ? fl : stmt(f, st.else, fl));
    }
    case 'While':
      return loop(f, s, (h) => cond(f, st.cond, h), st.body, (x) => x, false);
    case 'DoWhile':
      return loop(f, s, (h) => cond(f, st.cond, h), st.body, (x) => x, true);
    case 'For': {
      const entry = st.init === undefined ? s : stmt(f, st.init, s);
      const test = (h: State): [State, State] => (st.cond === undefined ? [h, null] : cond(f, st.cond, h));
      return loop(f, entry, test, st.body, (x) => (st.step === undefined ? x : expr(f, st.step, x)), false);
    }
    case 'Switch': {
      const entry = expr(f, st.cond, s);
      const value = st.cond.value;
      const matched = value !== undefined && st.cases.some((c) => value >= c.low && value <= c.high);
      const sw: SwitchCtx = value === undefined ? { entry, matched } : { entry, value, matched };
      const b: Breakable = { loop: false, breaks: null, continues: null };
      f.switches.push(sw);
      f.breakables.push(b);
      const out = stmt(f, st.body, null);
      f.breakables.pop();
      f.switches.pop();
      const fallsOut = st.default === undefined && !matched;
      return join(join(out, b.breaks), fallsOut ? entry : null);
    }
    case 'Case':
    case 'Default': {
      const sw = f.switches[f.switches.length - 1];
      let reached = sw?.entry ?? null;
      if (sw?.value !== undefined) {
        // a constant condition reaches the matching case only, or default when no case matches
        const v = sw.value;
        const hit = st.kind === 'Case' ? v >= st.low && v <= st.high : !sw.matched;
        if (!hit) reached = null;
      }
      return stmt(f, st.body, join(s, reached));
    }
    case 'Break': {
      const b = f.breakables[f.breakables.length - 1];
      if (b !== undefined) b.breaks = join(b.breaks, s);
      return null;
    }
    case 'Continue': {
      const b = [...f.breakables].reverse().find((x) => x.loop);
      if (b !== undefined) b.continues = join(b.continues, s);
      return null;
    }
    case 'Return':
      if (st.value !== undefined) expr(f, st.value, s);
      return null;
    case 'Goto':
      toLabel(f, st.label, s);
      return null;
    case 'Label':
      return stmt(f, st.body, join(s, f.labels.get(st.label) ?? null));
    case 'Asm': {
      let cur = s;
      for (const o of st.inputs) cur = expr(f, o.expr, cur);
      for (const o of st.outputs) cur = expr(f, o.expr, cur); // a bare variable: initialised
      for (const l of st.labels) toLabel(f, l, cur);
      return cur;
    }
    case 'Error':
      return s;
    default: {
      const never: never = st;
      return never;
    }
  }
}

/** `int v = v;`: the initialiser is the variable itself (read), the idiom that leaves it uninitialised. */
function selfReference(f: Flow, e: TExpr, v: VarSymbol): TVarRef | undefined {
  let x = e;
  while (x.kind === 'Cast' && !x.explicit && (x.cast === 'NoOp' || x.cast === 'LValueToRValue')) x = x.operand;
  return x.kind === 'VarRef' && x.symbol === v && varOf(f, x) !== undefined ? x : undefined;
}

// ---- entry point ------------------------------------------------------------------------------------

/** Reports C1513 for the reads of uninitialised locals in one function definition. */
export function checkUninitialized(cx: SemaContext, fn: FunctionSymbol, body: TCompoundStmt): void {
  const f: Flow = {
    fn, reads: new Map(), labels: new Map(), labelsChanged: false, breakables: [], switches: [],
    selfInit: new Map(), ownInitReads: new Set(),
  };
  // gotos backwards feed labels already passed: run again until the labels' states settle
  for (let pass = 0; pass < 64; pass++) {
    f.labelsChanged = false;
    stmt(f, body, new Map());
    if (!f.labelsChanged) break;
  }
  const first = new Map<VarSymbol, TVarRef>();
  for (const [r, value] of f.reads) {
    if (value !== UNINIT) continue;
    const prev = first.get(r.symbol);
    if (prev === undefined || r.span.offset < prev.span.offset) first.set(r.symbol, r);
  }
  const found: { at: TVarRef; own: boolean }[] = [...f.ownInitReads].map((at) => ({ at, own: true }));
  for (const [v, r] of first) found.push(f.selfInit.has(v) ? { at: f.selfInit.get(v)!, own: true } : { at: r, own: false });
  found.sort((a, b) => a.at.span.offset - b.at.span.offset);
  for (const { at, own } of found) {
    const name = at.symbol.name;
    if (own) {
      cx.report('C1513', `variable '${name}' is uninitialized when used within its own initialization`, at.span, at.origin);
      continue;
    }
    cx.report('C1513', `variable '${name}' is uninitialized when used here`, at.span, at.origin, [declarationNote(cx, at.symbol)]);
  }
}

/** clang's note: just after the declarator's name, where `= 0` would go. */
function declarationNote(cx: SemaContext, v: VarSymbol): DiagnosticNote {
  const file = cx.options.files?.get(v.span.file);
  const message = `initialize the variable '${v.name}' to silence this warning`;
  if (file === undefined) return { message, span: v.span };
  return { message, span: { ...locAt(file, v.span.offset + v.span.length), length: 1 } };
}
