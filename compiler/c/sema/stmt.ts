// Statements (C11 §6.8): blocks and their scopes, expression statements, if/switch/case/default (with
// GNU case ranges, constant case values converted to the promoted controlling type, duplicates reported),
// loops with their pragmas, labels and goto, break/continue in their contexts, return with conversion to
// the function's return type, and GNU asm statements. Also the "may fall off the end" test behind
// clang's -Wreturn-type. In: ast statements (inside a function); out: TStmt.
import type { AsmOperand, BlockItem, Expr, Stmt } from '../ast.js';
import type { Span } from '../../diagnostics/index.js';
import {
  MAX_NESTING, checkExpr, checkIntConstant, checkRValue, checkStaticAssert, errorNode, markModified,
} from './check-expr.js';
import { quoted } from './compat.js';
import type { FunctionState, SemaContext, SwitchState } from './context.js';
import { condition, convertAssign, promote, statementCondition } from './convert.js';
import { checkLocalDeclaration } from './declarations.js';
import { wrapInt } from './fold.js';
import type { LabelInfo, TAsmOperand, TCaseStmt, TDefaultStmt, TStmt } from './typed-ast.js';
import { intKindOf, isInteger, isVoid } from './types.js';
import { stringArg } from './attributes.js';

function fnState(cx: SemaContext): FunctionState {
  return cx.fn!;
}

export function checkBlockItems(cx: SemaContext, items: readonly BlockItem[]): TStmt[] {
  const out: TStmt[] = [];
  for (const item of items) {
    if (item.kind === 'Declaration') {
      const d = checkLocalDeclaration(cx, item);
      if (d !== undefined && d.vars.length > 0) out.push(d);
    } else if (item.kind === 'StaticAssert') {
      checkStaticAssert(cx, item);
    } else {
      out.push(checkStmt(cx, item));
    }
  }
  return out;
}

function label(cx: SemaContext, name: string, span: Span): LabelInfo {
  const fn = fnState(cx);
  let l = fn.labels.get(name);
  if (l === undefined) {
    l = { name, span, defined: false, used: false };
    fn.labels.set(name, l);
  }
  return l;
}

export function checkStmt(cx: SemaContext, s: Stmt): TStmt {
  if (cx.depth >= MAX_NESTING) {
    if (!cx.tooDeep) cx.report('C1307', `statement nested too deeply (more than ${MAX_NESTING} levels)`, s.span, s.origin);
    cx.tooDeep = true;
    return { kind: 'Error', span: s.span };
  }
  cx.depth++;
  try {
    const out = checkStmtInner(cx, s);
    if (s.origin && out.origin === undefined) out.origin = s.origin;
    return out;
  } finally {
    cx.depth--;
  }
}

function checkStmtInner(cx: SemaContext, s: Stmt): TStmt {
  const span = s.span;
  const fn = fnState(cx);
  switch (s.kind) {
    case 'CompoundStmt':
      return { kind: 'Compound', items: cx.inScope('block', () => checkBlockItems(cx, s.items)), span };
    case 'ExprStmt':
      return s.expr === undefined ? { kind: 'Expr', span } : { kind: 'Expr', expr: checkExpr(cx, s.expr), span };
    case 'IfStmt': {
      const cond = condition(cx, checkExpr(cx, s.cond), span, statementCondition);
      const then = checkStmt(cx, s.then);
      const out: TStmt = { kind: 'If', cond, then, span };
      if (s.else) out.else = checkStmt(cx, s.else);
      return out;
    }
    case 'SwitchStmt': {
      let cond = checkRValue(cx, s.cond);
      if (cond.kind !== 'Error' && !isInteger(cond.type)) {
        cx.report('C1205', `statement requires expression of integer type (${quoted(cond.type)} invalid)`, span, s.cond.origin);
        cond = errorNode(s.cond.span);
      }
      cond = promote(cond);
      const st: SwitchState = { promoted: cond.type, cases: [], seen: new Map() };
      fn.switches.push(st);
      fn.breakables.push('switch');
      const body = checkStmt(cx, s.body);
      fn.breakables.pop();
      fn.switches.pop();
      const out: TStmt = { kind: 'Switch', cond, body, cases: st.cases, span };
      if (st.default) out.default = st.default;
      return out;
    }
    case 'CaseStmt': {
      const st = fn.switches[fn.switches.length - 1];
      const lo = checkIntConstant(cx, s.value, 'case value');
      const hi = s.last === undefined ? lo : checkIntConstant(cx, s.last, 'case range end');
      if (st === undefined) {
        cx.report('C1217', "'case' statement not in switch statement", span, s.origin);
        return checkStmt(cx, s.body);
      }
      const k = intKindOf(st.promoted) ?? 'int';
      const low = wrapInt(lo ?? 0n, k);
      const high = wrapInt(hi ?? lo ?? 0n, k);
      const node: TCaseStmt = { kind: 'Case', low, high, body: { kind: 'Error', span }, span };
      if (lo !== undefined && hi !== undefined) {
        if (high < low) cx.report('C1218', 'empty case range specified', span, s.origin);
        for (let v = low; v <= high && v - low < 100000n; v++) {
          const prev = st.seen.get(v);
          if (prev !== undefined) {
            cx.report('C1218', `duplicate case value '${v}'`, s.value.span, s.value.origin, [{ message: 'previous case defined here', span: prev }]);
            break;
          }
          st.seen.set(v, s.value.span);
        }
      }
      st.cases.push(node);
      node.body = checkStmt(cx, s.body);
      return node;
    }
    case 'DefaultStmt': {
      const st = fn.switches[fn.switches.length - 1];
      if (st === undefined) {
        cx.report('C1217', "'default' statement not in switch statement", span, s.origin);
        return checkStmt(cx, s.body);
      }
      const node: TDefaultStmt = { kind: 'Default', body: { kind: 'Error', span }, span };
      if (st.default) cx.report('C1218', 'multiple default labels in one switch', span, s.origin, [{ message: 'previous case defined here', span: st.default.span }]);
      else st.default = node;
      node.body = checkStmt(cx, s.body);
      return node;
    }
    case 'WhileStmt': {
      const cond = condition(cx, checkExpr(cx, s.cond), span, statementCondition);
      const body = loopBody(cx, s.body);
      return { kind: 'While', cond, body, pragmas: s.pragmas, span };
    }
    case 'DoWhileStmt': {
      const body = loopBody(cx, s.body);
      const cond = condition(cx, checkExpr(cx, s.cond), span, statementCondition);
      return { kind: 'DoWhile', body, cond, pragmas: s.pragmas, span };
    }
    case 'ForStmt':
      return cx.inScope('block', () => {
        const out: TStmt = { kind: 'For', body: { kind: 'Error', span }, pragmas: s.pragmas, span };
        if (s.init !== undefined) {
          if (s.init.kind === 'Declaration') {
            const d = checkLocalDeclaration(cx, s.init);
            if (d !== undefined) out.init = d;
          } else if (s.init.kind === 'StaticAssert') {
            checkStaticAssert(cx, s.init);
          } else {
            out.init = { kind: 'Expr', expr: checkExpr(cx, s.init), span: s.init.span };
          }
        }
        if (s.cond) out.cond = condition(cx, checkExpr(cx, s.cond), span, statementCondition);
        if (s.step) out.step = checkExpr(cx, s.step);
        out.body = loopBody(cx, s.body);
        return out;
      });
    case 'GotoStmt': {
      const l = label(cx, s.label, cx.nameIn(span, s.label) ?? span);
      l.used = true;
      return { kind: 'Goto', label: l, span };
    }
    case 'LabeledStmt': {
      const l = label(cx, s.label, span);
      if (l.defined) cx.report('C1219', `redefinition of label '${s.label}'`, span, s.origin, [{ message: 'previous definition is here', span: l.span }]);
      l.defined = true;
      l.span = span;
      return { kind: 'Label', label: l, body: checkStmt(cx, s.body), span };
    }
    case 'ContinueStmt':
      if (!fn.breakables.includes('loop')) cx.report('C1217', "'continue' statement not in loop statement", span, s.origin);
      return { kind: 'Continue', span };
    case 'BreakStmt':
      if (fn.breakables.length === 0) cx.report('C1217', "'break' statement not in loop or switch statement", span, s.origin);
      return { kind: 'Break', span };
    case 'ReturnStmt':
      return checkReturn(cx, s.value, span);
    case 'AttributedStmt':
      return checkStmt(cx, s.body);
    case 'AsmStmt': {
      const operand = (o: AsmOperand, output: boolean): TAsmOperand => {
        const e = output ? checkExpr(cx, o.expr) : checkRValue(cx, o.expr);
        if (output) {
          if (e.category !== 'lvalue' && e.kind !== 'Error') cx.report('C1206', 'invalid lvalue in asm output', o.expr.span, o.expr.origin);
          else if (cx.unevaluated === 0) markModified(e);
        }
        const out: TAsmOperand = { constraint: stringArg(o.constraint) ?? '', expr: e };
        if (o.name !== undefined) out.name = o.name;
        return out;
      };
      return {
        kind: 'Asm',
        qualifiers: s.qualifiers,
        template: stringArg(s.template) ?? '',
        outputs: s.outputs.map((o) => operand(o, true)),
        inputs: s.inputs.map((o) => operand(o, false)),
        clobbers: s.clobbers.map((c) => stringArg(c) ?? ''),
        labels: s.labels.map((n) => {
          const l = label(cx, n, span);
          l.used = true;
          return l;
        }),
        span,
      };
    }
    case 'ErrorStmt':
      return { kind: 'Error', span };
    default: {
      const never: never = s;
      return never;
    }
  }
}

function loopBody(cx: SemaContext, s: Stmt): TStmt {
  const fn = fnState(cx);
  fn.breakables.push('loop');
  try {
    return checkStmt(cx, s);
  } finally {
    fn.breakables.pop();
  }
}

function checkReturn(cx: SemaContext, valueE: Expr | undefined, span: Span): TStmt {
  const fn = fnState(cx);
  const name = fn.symbol.name;
  const voidFn = isVoid(fn.returns);
  if (valueE === undefined) {
    if (!voidFn) cx.report('C1222', `non-void function '${name}' should return a value`, span);
    return { kind: 'Return', span };
  }
  const v = checkRValue(cx, valueE);
  if (voidFn) {
    if (!isVoid(v.type) && v.kind !== 'Error') cx.report('C1222', `void function '${name}' should not return a value`, span);
    return { kind: 'Return', value: v, span };
  }
  if (isVoid(v.type)) {
    cx.report('C1222', `non-void function '${name}' should return a value`, span);
    return { kind: 'Return', span };
  }
  return { kind: 'Return', value: convertAssign(cx, v, fn.returns, 'return', valueE.span), span };
}

// ---- fall-through analysis (clang -Wreturn-type, conservatively) ---------------------------------------------

/** Whether control may reach the end of `s` (false only when it certainly cannot). */
export function mayFallThrough(s: TStmt): boolean {
  switch (s.kind) {
    case 'Return':
    case 'Goto':
      return false;
    case 'Compound': {
      for (const item of s.items) if (!mayFallThrough(item)) return hasLabelAfter(s.items, item);
      return true;
    }
    case 'If':
      return s.else === undefined || mayFallThrough(s.then) || mayFallThrough(s.else);
    case 'While':
    case 'For': {
      const infinite = s.kind === 'While' ? s.cond.value !== undefined && s.cond.value !== 0n : s.cond === undefined || (s.cond.value !== undefined && s.cond.value !== 0n);
      return !infinite || containsBreak(s.body);
    }
    case 'DoWhile':
      return containsBreak(s.body) || (mayFallThrough(s.body) && !(s.cond.value !== undefined && s.cond.value !== 0n));
    case 'Label':
    case 'Case':
    case 'Default':
      return mayFallThrough(s.body);
    case 'Switch':
      return s.default === undefined || mayFallThrough(s.body) || containsBreak(s.body);
    case 'Expr':
      return !(s.expr?.kind === 'BuiltinCall' && (s.expr.name === '__builtin_unreachable' || s.expr.name === '__builtin_trap'))
        && !(s.expr?.kind === 'Call' && s.expr.direct?.attributes.noreturn === true);
    default:
      return true;
  }
}

/** A label (goto target) after an item that does not fall through makes the rest reachable again. */
function hasLabelAfter(items: readonly TStmt[], item: TStmt): boolean {
  const i = items.indexOf(item);
  for (let j = i + 1; j < items.length; j++) {
    const x = items[j]!;
    if (x.kind === 'Label' || x.kind === 'Case' || x.kind === 'Default') return mayFallThrough({ kind: 'Compound', items: items.slice(j), span: x.span });
  }
  return false;
}

/** Whether a `break` in `s` leaves `s` itself (not an inner loop or switch). */
function containsBreak(s: TStmt): boolean {
  switch (s.kind) {
    case 'Break': return true;
    case 'Compound': return s.items.some(containsBreak);
    case 'If': return containsBreak(s.then) || (s.else !== undefined && containsBreak(s.else));
    case 'Label': case 'Case': case 'Default': return containsBreak(s.body);
    default: return false;
  }
}

/** Whether a return statement appears anywhere in `s` (clang words -Wreturn-type by it). */
export function containsReturn(s: TStmt): boolean {
  switch (s.kind) {
    case 'Return': return true;
    case 'Compound': return s.items.some(containsReturn);
    case 'If': return containsReturn(s.then) || (s.else !== undefined && containsReturn(s.else));
    case 'Switch': case 'While': case 'DoWhile': case 'Label': case 'Case': case 'Default': return containsReturn(s.body);
    case 'For': return containsReturn(s.body);
    default: return false;
  }
}
