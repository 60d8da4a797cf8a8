// Conditions as control flow. In: a scalar expression tested against zero (if/loop/?: conditions, the
// operands of && || !) and the two blocks to continue in; out: conditional branches on IR compares —
// `&&`/`||` short-circuit into separate tests (C11 §6.5.13–14), `!` swaps the targets, comparisons branch
// on their compare directly, so `(void *)(eth + 1) > data_end` becomes exactly the `ptradd; cmp ugt;
// condbr` shape the bounds pass and the verifier understand.
import type { Block, IntType, Value, ValueType } from '../../ir/index.js';
import { intKindOf, INT_INFO, resolve, type TExpr } from '../sema/index.js';
import type { BitField, FnLowering } from './context.js';
import { lvalue } from './lvalue.js';
import { loadWindowOf } from './memory.js';
import { discard, rvalue } from './expr.js';
import { cmpPred } from './arith.js';

/** Branches to `t` when `e` is non-zero, else to `f`; leaves the current block terminated. */
export function branchOn(fx: FnLowering, e: TExpr, t: Block, f: Block): void {
  if (e.value !== undefined && e.category === 'rvalue' && e.kind !== 'Call' && e.kind !== 'Assign') {
    fx.at(e.span);
    fx.b.br(e.value !== 0n ? t : f);
    return;
  }
  switch (e.kind) {
    case 'Logical': {
      const mid = fx.b.newBlock(e.op === '&&' ? 'and.rhs' : 'or.rhs');
      if (e.op === '&&') branchOn(fx, e.left, mid, f);
      else branchOn(fx, e.left, t, mid);
      fx.b.setBlock(mid);
      branchOn(fx, e.right, t, f);
      return;
    }
    case 'Unary':
      if (e.op === '!') {
        branchOn(fx, e.operand, f, t);
        return;
      }
      break;
    case 'Binary': {
      const pred = cmpPred(e.op, e.operandType);
      if ((pred === 'eq' || pred === 'ne') && bitFieldCompare(fx, e, pred, t, f)) return;
      if (pred) {
        const a = rvalue(fx, e.left);
        const b = rvalue(fx, e.right);
        fx.at(e.span);
        fx.b.condbr(fx.b.cmp(pred, a, b), t, f);
        return;
      }
      break;
    }
    case 'Comma':
      e.exprs.slice(0, -1).forEach((x) => discard(fx, x));
      branchOn(fx, e.exprs[e.exprs.length - 1] as TExpr, t, f);
      return;
    case 'Cast':
      if (e.cast === 'IntegralToBoolean' || e.cast === 'PointerToBoolean' || e.cast === 'NoOp' || (e.cast === 'IntegralCast' && widens(e.operand, e))) {
        branchOn(fx, e.operand, t, f);
        return;
      }
      break;
    case 'BuiltinCall':
      if ((e.name === '__builtin_expect' || e.name === '__builtin_expect_with_probability') && e.args[0]) {
        const rest = e.args.slice(1);
        if (rest.every((a) => a.value !== undefined)) {
          branchOn(fx, e.args[0], t, f);
          return;
        }
      }
      break;
    case 'Conditional': {
      if (resolve(e.type).kind === 'void') break;
      const ct = fx.b.newBlock('cc.then');
      const cf = fx.b.newBlock('cc.else');
      branchOn(fx, e.cond, ct, cf);
      fx.b.setBlock(ct);
      branchOn(fx, e.then, t, f);
      fx.b.setBlock(cf);
      branchOn(fx, e.else, t, f);
      return;
    }
    default:
      break;
  }
  const bits = bitFieldOperand(e);
  if (bits) {
    const m = maskedBits(fx, bits);
    fx.at(e.span);
    fx.b.condbr(fx.b.cmp('ne', m.value, fx.b.int(m.type, 0)), t, f);
    return;
  }
  const v = rvalue(fx, e);
  fx.at(e.span);
  fx.b.condbr(fx.b.cmp('ne', v, fx.zero(v.type as ValueType)), t, f);
}

/** A bit-field read (under value-preserving conversions), as the Member node that reads it. */
function bitFieldOperand(e: TExpr): (TExpr & { kind: 'Member' }) | undefined {
  let x = e;
  while (x.kind === 'Cast' && (x.cast === 'LValueToRValue' || x.cast === 'NoOp' || (x.cast === 'IntegralCast' && widens(x.operand, x)))) x = x.operand;
  return x.kind === 'Member' && x.field.bitWidth !== undefined && x.field.bitWidth > 0 ? x : undefined;
}

/** The field's bits in place inside its storage window (`unit & mask << shift`), without shifting down. */
function maskedBits(fx: FnLowering, m: TExpr & { kind: 'Member' }): { value: Value; type: IntType; shift: number; width: number } {
  const lv = lvalue(fx, m);
  const bf = lv.bits as BitField;
  const w = loadWindowOf(fx, lv.addr, bf);
  const mask = ((1n << BigInt(bf.width)) - 1n) << BigInt(w.shift);
  const value = w.shift === 0 && bf.width === w.type.bits ? w.unit : fx.b.and(w.unit, fx.b.int(w.type, mask));
  return { value, type: w.type, shift: w.shift, width: bf.width };
}

/** `bitfield == c` / `!=`: the masked bits against `c` shifted into place. */
function bitFieldCompare(fx: FnLowering, e: TExpr & { kind: 'Binary' }, pred: 'eq' | 'ne', t: Block, f: Block): boolean {
  let field = bitFieldOperand(e.left);
  let k = e.right.value;
  if (!field || k === undefined) {
    field = bitFieldOperand(e.right);
    k = e.left.value;
  }
  if (!field || k === undefined) return false;
  const width = field.field.bitWidth as number;
  const signed = intKindOf(field.field.type) !== undefined && INT_INFO[intKindOf(field.field.type)!].signed;
  // the constant as the operand type sees it must be a value the field can hold
  const ob = INT_INFO[intKindOf(e.operandType) ?? 'int'].size * 8;
  const kv = INT_INFO[intKindOf(e.operandType) ?? 'int'].signed ? BigInt.asIntN(ob, k) : BigInt.asUintN(ob, k);
  const lo = signed ? -(1n << BigInt(width - 1)) : 0n;
  const hi = signed ? (1n << BigInt(width - 1)) - 1n : (1n << BigInt(width)) - 1n;
  if (kv < lo || kv > hi) return false;
  const m = maskedBits(fx, field);
  const bitsOfK = BigInt.asUintN(width, kv) << BigInt(m.shift);
  fx.at(e.span);
  fx.b.condbr(fx.b.cmp(pred, m.value, fx.b.int(m.type, bitsOfK)), t, f);
  return true;
}

/** An integral conversion that keeps every value (so zero-ness too). */
function widens(from: TExpr, to: TExpr): boolean {
  const a = intKindOf(from.type);
  const b = intKindOf(to.type);
  if (a === undefined || b === undefined) return false;
  return INT_INFO[b].size >= INT_INFO[a].size;
}
