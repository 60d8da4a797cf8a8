// The range of values an integer expression can take, as clang's GetExprRange approximates it for
// -Wsign-compare: a number of value bits and whether the value is known non-negative. Implicit
// conversions are seen through, explicit casts are not (clang warns on `(int)us < u`). In: a typed
// integer expression; out: its IntRange.
import type { TExpr } from './typed-ast.js';
import { INT_INFO, intKindOf } from './types.js';

export interface IntRange {
  /** Bits needed for the magnitude (excluding a sign bit). */
  bits: number;
  nonNegative: boolean;
}

function bitLength(v: bigint): number {
  let n = 0;
  for (let x = v < 0n ? -v : v; x > 0n; x >>= 1n) n++;
  return n;
}

function ofType(e: TExpr): IntRange {
  const k = intKindOf(e.type);
  if (k === undefined) return { bits: 64, nonNegative: false };
  const info = INT_INFO[k];
  return { bits: info.size * 8 - (info.signed ? 1 : 0), nonNegative: !info.signed };
}

export function intRange(e: TExpr): IntRange {
  if (e.value !== undefined) return { bits: bitLength(e.value), nonNegative: e.value >= 0n };
  const own = ofType(e);
  const clamp = (r: IntRange): IntRange => (r.bits <= own.bits ? r : own);
  switch (e.kind) {
    case 'Cast':
      if (e.explicit) return own;
      if (e.cast === 'LValueToRValue') {
        const x = e.operand;
        if (x.kind === 'Member' && x.field.bitWidth !== undefined) {
          const k = intKindOf(x.type);
          const signed = k !== undefined && INT_INFO[k].signed;
          return { bits: x.field.bitWidth - (signed ? 1 : 0), nonNegative: !signed };
        }
        return own;
      }
      if (e.cast === 'IntegralCast' || e.cast === 'NoOp') return clamp(intRange(e.operand));
      if (e.cast === 'IntegralToBoolean' || e.cast === 'PointerToBoolean') return { bits: 1, nonNegative: true };
      return own;
    case 'Conditional': {
      const a = intRange(e.then);
      const b = intRange(e.else);
      return clamp({ bits: Math.max(a.bits, b.bits), nonNegative: a.nonNegative && b.nonNegative });
    }
    case 'Binary': {
      const a = intRange(e.left);
      const b = intRange(e.right);
      switch (e.op) {
        case '<': case '>': case '<=': case '>=': case '==': case '!=':
          return { bits: 1, nonNegative: true };
        case '&':
          if (a.nonNegative && b.nonNegative) return { bits: Math.min(a.bits, b.bits), nonNegative: true };
          if (a.nonNegative || b.nonNegative) return { bits: a.nonNegative ? a.bits : b.bits, nonNegative: true };
          return own;
        case '|':
        case '^':
          return clamp({ bits: Math.max(a.bits, b.bits), nonNegative: a.nonNegative && b.nonNegative });
        case '>>': {
          const shift = e.right.value !== undefined && e.right.value > 0n ? Number(e.right.value) : 0;
          return { bits: Math.max(0, a.bits - shift), nonNegative: a.nonNegative };
        }
        case '+':
          return a.nonNegative && b.nonNegative ? clamp({ bits: Math.max(a.bits, b.bits) + 1, nonNegative: true }) : own;
        case '*':
          return a.nonNegative && b.nonNegative ? clamp({ bits: a.bits + b.bits, nonNegative: true }) : own;
        case '/':
        case '%':
          return a.nonNegative && b.nonNegative ? { bits: a.bits, nonNegative: true } : own;
        default:
          return own;
      }
    }
    case 'Logical':
      return { bits: 1, nonNegative: true };
    case 'Unary':
      return e.op === '!' ? { bits: 1, nonNegative: true } : e.op === '+' ? intRange(e.operand) : own;
    case 'Comma':
      return intRange(e.exprs[e.exprs.length - 1]!);
    default:
      return own;
  }
}
