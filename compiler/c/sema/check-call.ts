// Function calls (C11 §6.5.2.2): callee resolution (function designators, function pointers, BPF helper
// pointers such as `static long (*bpf_map_update_elem)(…) = (void *) 2;`, compiler builtins), implicit
// declarations (an error in C99, as in clang-16), argument count and conversions (prototype: as if by
// assignment; variadic or unprototyped: default argument promotions), the BPF argument limit, and call
// graph edges. In: ast CallExpr; out: TCall / TBuiltinCall.
import type { CallExpr } from '../ast.js';
import { checkBuiltinCall, isBuiltinName } from './builtins.js';
import { checkExpr, checkRValue, errorNode } from './check-expr.js';
import { quoted } from './compat.js';
import type { SemaContext } from './context.js';
import { cast, convertAssign, promote, rvalue } from './convert.js';
import { emptyAttributes } from './attributes.js';
import type { FunctionSymbol } from './symbols.js';
import { CastKind, type TExpr } from './typed-ast.js';
import {
  floatType, intType, isComplete, isFloating, isVoid, resolve, unqualified, type FunctionType,
} from './types.js';

/** The implicit `int name()` declaration a call of an undeclared name makes (C89 §6.3.2.2). */
function implicitDeclaration(cx: SemaContext, name: string, e: CallExpr): FunctionSymbol {
  const type: FunctionType = { kind: 'function', returns: intType('int'), params: [], variadic: false, prototype: false, quals: 0 };
  const sym: FunctionSymbol = {
    kind: 'function', name, span: e.callee.span, id: cx.id(), type, linkage: 'external', attributes: emptyAttributes(),
    implicit: true, inlineKeyword: false,
  };
  cx.fileScope.ordinary.set(name, sym);
  return sym;
}

export function checkCall(cx: SemaContext, e: CallExpr): TExpr {
  const span = e.span;
  let calleeT: TExpr;
  let direct: FunctionSymbol | undefined;
  if (e.callee.kind === 'Identifier') {
    const name = e.callee.name;
    let sym = cx.lookup(name);
    if (sym === undefined && isBuiltinName(name)) return checkBuiltinCall(cx, name, e.args, span);
    if (sym === undefined) {
      if (cx.options.implicitDeclarationsAsWarnings) {
        cx.report('C1500', `implicit declaration of function '${name}' is invalid in C99`, e.callee.span, e.callee.origin);
      } else {
        cx.report('C1201', `call to undeclared function '${name}'; ISO C99 and later do not support implicit function declarations`, e.callee.span, e.callee.origin);
      }
      sym = implicitDeclaration(cx, name, e);
    }
    if (sym.kind === 'function') {
      direct = sym;
      calleeT = { kind: 'FuncRef', symbol: sym, type: sym.type, category: 'rvalue', span: e.callee.span };
      if (cx.unevaluated === 0 && cx.fn !== undefined) cx.edges.push({ caller: cx.fn.symbol, callee: sym, span, indirect: false });
    } else {
      calleeT = checkExpr(cx, e.callee);
    }
  } else {
    calleeT = checkExpr(cx, e.callee);
  }
  if (calleeT.kind === 'Error') {
    for (const a of e.args) checkExpr(cx, a);
    return errorNode(span);
  }
  const helperId = helperIdOf(calleeT);
  const callee = rvalue(cx, calleeT);
  const pr = resolve(callee.type);
  const fr = pr.kind === 'pointer' ? resolve(pr.pointee) : undefined;
  if (fr === undefined || fr.kind !== 'function') {
    cx.report('C1212', `called object type ${quoted(calleeT.type)} is not a function or function pointer`, cx.tokenAfter(e.callee.span, '(') ?? e.callee.span, e.callee.origin);
    for (const a of e.args) checkExpr(cx, a);
    return errorNode(span);
  }
  const ft = fr;
  const args: TExpr[] = [];
  const nParams = ft.params.length;
  if (ft.prototype && (e.args.length < nParams || (e.args.length > nParams && !ft.variadic))) {
    const few = e.args.length < nParams;
    const at = few ? cx.lastCharSpan(span) : e.args[nParams]!.span;
    cx.report('C1208', `too ${few ? 'few' : 'many'} arguments to function call, expected ${ft.variadic ? 'at least ' : ''}${nParams}, have ${e.args.length}`, at, e.origin);
  }
  e.args.forEach((a, i) => {
    const v = checkRValue(cx, a);
    if (ft.prototype && i < nParams) args.push(convertAssign(cx, v, ft.params[i]!.type, 'arg', a.span));
    else args.push(defaultPromotion(v));
    if (isVoid(v.type) && v.kind !== 'Error') cx.report('C1225', "argument type 'void' is incomplete", a.span, a.origin);
  });
  const returns = unqualified(ft.returns);
  if (!isVoid(returns) && !isComplete(returns)) {
    cx.report('C1204', `calling function with incomplete return type ${quoted(returns)}`, span, e.origin);
  }
  if (isFloating(returns) && cx.unevaluated === 0) {
    cx.report('C1302', 'floating point is not supported in BPF programs', span, e.origin);
  }
  if (cx.unevaluated === 0 && args.length > (cx.options.maxArguments ?? 5)) cx.wideCalls.push({ direct, span, count: args.length });
  const out: TExpr = { kind: 'Call', callee, args, calleeType: ft, type: returns, category: 'rvalue', span };
  if (direct !== undefined) out.direct = direct;
  if (helperId !== undefined) out.calleeHelperId = helperId;
  return out;
}

/** The helper id of a callee that is a helper pointer variable (or `*helper`). */
function helperIdOf(e: TExpr): number | undefined {
  let x = e;
  if (x.kind === 'Deref') {
    x = x.operand;
    while (x.kind === 'Cast' && x.cast === 'LValueToRValue') x = x.operand;
  }
  return x.kind === 'VarRef' ? x.symbol.helperId : undefined;
}

/** Default argument promotions (C11 §6.5.2.2p6): integer promotions, float → double. */
function defaultPromotion(e: TExpr): TExpr {
  const r = resolve(e.type);
  if (r.kind === 'float' && r.float === 'float') return cast(e, CastKind.FloatingCast, floatType('double'));
  return promote(e);
}

