// Generic traversal of typed-AST statements and expressions (a pre-order visit of every node), and the
// analyses the lowering needs from it: which locals have their address taken, which variables are
// written or read, whether a statement holds labels, and which `&x` arguments of helper calls can be
// served from a stack copy.
import { helperInfo } from '../../ir/index.js';
import { resolve, type TExpr, type TInitializer, type TStmt, type VarSymbol } from '../sema/index.js';

export interface Visitor {
  expr?(e: TExpr): void;
  stmt?(s: TStmt): void;
}

export function walkInit(init: TInitializer, v: Visitor): void {
  switch (init.kind) {
    case 'InitExpr':
      walkExpr(init.expr, v);
      return;
    case 'InitString':
      return;
    case 'InitArray':
      for (const el of init.elements) walkInit(el.init, v);
      return;
    case 'InitRecord':
      for (const f of init.fields) walkInit(f.init, v);
      return;
    default: {
      const never: never = init;
      return never;
    }
  }
}

export function walkExpr(e: TExpr, v: Visitor): void {
  v.expr?.(e);
  switch (e.kind) {
    case 'VarRef': case 'FuncRef': case 'EnumRef': case 'IntLit': case 'FloatLit': case 'StringLit':
    case 'Constant': case 'Error':
      return;
    case 'Unary': case 'AddrOf': case 'Deref': case 'IncDec': case 'Cast':
      walkExpr(e.operand, v);
      return;
    case 'Binary': case 'Logical': case 'PtrDiff':
      walkExpr(e.left, v);
      walkExpr(e.right, v);
      return;
    case 'PtrArith':
      walkExpr(e.pointer, v);
      walkExpr(e.offset, v);
      return;
    case 'Assign': case 'CompoundAssign':
      walkExpr(e.target, v);
      walkExpr(e.rhs, v);
      return;
    case 'Conditional':
      walkExpr(e.cond, v);
      walkExpr(e.then, v);
      walkExpr(e.else, v);
      return;
    case 'Shared':
      walkExpr(e.expr, v);
      return;
    case 'Comma':
      e.exprs.forEach((x) => walkExpr(x, v));
      return;
    case 'Call':
      walkExpr(e.callee, v);
      e.args.forEach((x) => walkExpr(x, v));
      return;
    case 'BuiltinCall':
      e.args.forEach((x) => walkExpr(x, v));
      return;
    case 'Member':
      walkExpr(e.object, v);
      return;
    case 'Index':
      walkExpr(e.base, v);
      walkExpr(e.index, v);
      return;
    case 'CompoundLiteral':
      walkInit(e.init, v);
      return;
    case 'StmtExpr':
      e.body.forEach((s) => walkStmt(s, v));
      if (e.result) walkExpr(e.result, v);
      return;
    default: {
      const never: never = e;
      return never;
    }
  }
}

export function walkStmt(s: TStmt, v: Visitor): void {
  v.stmt?.(s);
  switch (s.kind) {
    case 'Compound':
      s.items.forEach((x) => walkStmt(x, v));
      return;
    case 'Decl':
      for (const d of s.vars) if (d.init) walkInit(d.init, v);
      return;
    case 'Expr':
      if (s.expr) walkExpr(s.expr, v);
      return;
    case 'If':
      walkExpr(s.cond, v);
      walkStmt(s.then, v);
      if (s.else) walkStmt(s.else, v);
      return;
    case 'Switch':
      walkExpr(s.cond, v);
      walkStmt(s.body, v);
      return;
    case 'Case': case 'Default': case 'Label':
      walkStmt(s.body, v);
      return;
    case 'While': case 'DoWhile':
      walkExpr(s.cond, v);
      walkStmt(s.body, v);
      return;
    case 'For':
      if (s.init) walkStmt(s.init, v);
      if (s.cond) walkExpr(s.cond, v);
      if (s.step) walkExpr(s.step, v);
      walkStmt(s.body, v);
      return;
    case 'Return':
      if (s.value) walkExpr(s.value, v);
      return;
    case 'Asm':
      s.outputs.forEach((o) => walkExpr(o.expr, v));
      s.inputs.forEach((o) => walkExpr(o.expr, v));
      return;
    case 'Goto': case 'Continue': case 'Break': case 'Error':
      return;
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** The variable an lvalue expression is part of (through `.`, constant or variable `[]` on arrays). */
export function rootVar(e: TExpr): VarSymbol | undefined {
  let x = e;
  for (;;) {
    if (x.kind === 'Member' && !x.arrow) x = x.object;
    else if (x.kind === 'Index' && x.base.kind === 'Cast' && x.base.cast === 'ArrayToPointerDecay') x = x.base.operand;
    else if (x.kind === 'Cast' && (x.cast === 'NoOp' || x.cast === 'BitCast')) x = x.operand;
    else break;
  }
  return x.kind === 'VarRef' ? x.symbol : undefined;
}

/**
 * `&x` of a local scalar passed straight to a helper argument the helper only reads or writes during the
 * call (a map key, a value to push or pop): the lowering passes a stack copy instead, so `x` itself stays
 * a register value (the verifier then keeps tracking it — a loop counter used as a key stays bounded).
 */
export function helperScratchArg(call: TExpr, k: number): { sym: VarSymbol; writes: boolean } | undefined {
  if (call.kind !== 'Call' || call.calleeHelperId === undefined) return undefined;
  const role = helperInfo(call.calleeHelperId)?.args[k];
  if (role !== 'read' && role !== 'write') return undefined;
  let a = call.args[k];
  while (a && a.kind === 'Cast' && (a.cast === 'BitCast' || a.cast === 'NoOp')) a = a.operand;
  if (!a || a.kind !== 'AddrOf' || a.operand.kind !== 'VarRef') return undefined;
  const sym = a.operand.symbol;
  if (sym.storage !== 'local' && sym.storage !== 'param') return undefined;
  const t = resolve(sym.type);
  if (t.kind !== 'int' && t.kind !== 'enum' && t.kind !== 'pointer') return undefined;
  return { sym, writes: role === 'write' };
}

/** The `&x` nodes of helper scratch arguments (see helperScratchArg) in a call, with whether they are written. */
function scratchAddrOfs(e: TExpr, out: Map<TExpr, boolean>): void {
  if (e.kind !== 'Call') return;
  e.args.forEach((a, k) => {
    const s = helperScratchArg(e, k);
    if (!s) return;
    let x = a;
    while (x.kind === 'Cast') x = x.operand;
    out.set(x, s.writes);
  });
}

/** Variables whose address is taken (`&x`, an array decaying to a pointer not just to be subscripted). */
export function addressTaken(stmts: readonly TStmt[]): Set<VarSymbol> {
  const out = new Set<VarSymbol>();
  const subscripted = new Set<TExpr>();
  const scratch = new Map<TExpr, boolean>();
  const visitor: Visitor = {
    expr(e) {
      scratchAddrOfs(e, scratch);
      if (scratch.has(e)) return;
      if (e.kind === 'Index' && e.base.kind === 'Cast' && e.base.cast === 'ArrayToPointerDecay') subscripted.add(e.base);
      if (e.kind === 'AddrOf' || (e.kind === 'Cast' && e.cast === 'ArrayToPointerDecay' && !subscripted.has(e))) {
        const r = rootVar(e.operand);
        if (r) out.add(r);
      }
      if (e.kind === 'Index' && e.index.value === undefined) {
        const r = rootVar(e);
        if (r) out.add(r);
      }
    },
    stmt(s) {
      if (s.kind === 'Asm') for (const o of s.outputs) {
        const r = rootVar(o.expr);
        if (r) out.add(r);
      }
    },
  };
  stmts.forEach((s) => walkStmt(s, visitor));
  return out;
}

/** Variables written by assignment, ++/--, or whose address is taken, in `s`. */
export function writtenVars(s: TStmt | TExpr, isStmt: boolean): Set<VarSymbol> {
  const out = new Set<VarSymbol>();
  const scratch = new Map<TExpr, boolean>();
  const visitor: Visitor = {
    expr(e) {
      scratchAddrOfs(e, scratch);
      if (scratch.get(e) === false) return; // only read by the helper
      let target: TExpr | undefined;
      if (e.kind === 'Assign' || e.kind === 'CompoundAssign') target = e.target;
      else if (e.kind === 'IncDec' || e.kind === 'AddrOf') target = e.operand;
      else if (e.kind === 'Cast' && e.cast === 'ArrayToPointerDecay') target = e.operand;
      if (target) {
        const r = rootVar(target);
        if (r) out.add(r);
      }
    },
    stmt(x) {
      if (x.kind === 'Asm') for (const o of x.outputs) {
        const r = rootVar(o.expr);
        if (r) out.add(r);
      }
    },
  };
  if (isStmt) walkStmt(s as TStmt, visitor);
  else walkExpr(s as TExpr, visitor);
  return out;
}

/**
 * Whether `s` contains a label, or a case label of a switch outside it (Duff's device): such code
 * cannot be duplicated.
 */
export function hasLabels(s: TStmt): boolean {
  let found = false;
  const owned = new Set<TStmt>();
  const labels: TStmt[] = [];
  walkStmt(s, {
    stmt: (x) => {
      if (x.kind === 'Label') found = true;
      if (x.kind === 'Switch') {
        x.cases.forEach((c) => owned.add(c));
        if (x.default) owned.add(x.default);
      }
      if (x.kind === 'Case' || x.kind === 'Default') labels.push(x);
    },
  });
  return found || labels.some((l) => !owned.has(l));
}

/** Variables assigned, incremented, or whose address escapes anywhere in `stmts`. */
export function modifiedVars(stmts: readonly TStmt[]): Set<VarSymbol> {
  const out = new Set<VarSymbol>();
  const subscripted = new Set<TExpr>();
  const add = (e: TExpr): void => {
    const r = rootVar(e);
    if (r) out.add(r);
  };
  const visitor: Visitor = {
    expr(e) {
      if (e.kind === 'Index' && e.base.kind === 'Cast' && e.base.cast === 'ArrayToPointerDecay') subscripted.add(e.base);
      if (e.kind === 'Assign' || e.kind === 'CompoundAssign') add(e.target);
      else if (e.kind === 'IncDec' || e.kind === 'AddrOf') add(e.operand);
      else if (e.kind === 'Cast' && e.cast === 'ArrayToPointerDecay' && !subscripted.has(e)) add(e.operand);
    },
    stmt(s) {
      if (s.kind === 'Asm') s.outputs.forEach((o) => add(o.expr));
    },
  };
  stmts.forEach((s) => walkStmt(s, visitor));
  return out;
}

/** Variables whose value is read somewhere (anything but being the target of a plain `=`). */
export function readVars(stmts: readonly TStmt[]): Set<VarSymbol> {
  const out = new Set<VarSymbol>();
  const assigned = new Set<TExpr>();
  const visitor: Visitor = {
    expr(e) {
      if (e.kind === 'Assign' && e.target.kind === 'VarRef') assigned.add(e.target);
      if (e.kind === 'VarRef' && !assigned.has(e)) out.add(e.symbol);
    },
  };
  stmts.forEach((s) => walkStmt(s, visitor));
  return out;
}
