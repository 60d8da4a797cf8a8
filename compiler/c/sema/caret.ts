// Where clang puts the caret for an expression: binary operators at the operator, calls at `(`,
// subscripts at `[`, member accesses at `.`/`->`, `?:` at `?`, anything else at its start. Diagnostics
// about an expression point there. In: a typed expression and the context (for the source text); out:
// a one-token span.
import type { Span } from '../../diagnostics/index.js';
import type { SemaContext } from './context.js';
import type { TExpr } from './typed-ast.js';

function between(cx: SemaContext, a: TExpr, b: TExpr, op: string): Span | undefined {
  const [l, r] = a.span.offset <= b.span.offset ? [a, b] : [b, a];
  return cx.operatorSpan(l.span, r.span, op);
}

export function caretOf(cx: SemaContext, e: TExpr): Span {
  let at: Span | undefined;
  switch (e.kind) {
    case 'Binary':
    case 'Logical':
      at = between(cx, e.left, e.right, e.op);
      break;
    case 'PtrArith':
      at = between(cx, e.pointer, e.offset, e.op);
      break;
    case 'PtrDiff':
      at = between(cx, e.left, e.right, '-');
      break;
    case 'Assign':
      at = between(cx, e.target, e.rhs, '=');
      break;
    case 'CompoundAssign':
      at = between(cx, e.target, e.rhs, `${e.op}=`);
      break;
    case 'Conditional':
      at = cx.tokenAfter(e.cond.span, '?');
      break;
    case 'Call':
      at = cx.tokenAfter(e.callee.span, '(');
      break;
    case 'Index':
      at = cx.tokenAfter((e.base.span.offset <= e.index.span.offset ? e.base : e.index).span, '[');
      break;
    case 'Member':
      at = cx.tokenAfter(e.object.span, e.arrow ? '->' : '.');
      break;
    case 'Cast':
      if (!e.explicit) return caretOf(cx, e.operand);
      break;
    default:
      break;
  }
  return at ?? e.span;
}
