// Which integer values narrower than 64 bits sit zero-extended in their register after instruction
// selection (so widening them costs nothing). Mirrors the choices of select.ts: loads and byte swaps
// zero-extend, 32-bit ALU results (cpu ≥ v3) have a zero upper half, masks and logical shifts of clean
// values stay clean; additions, multiplications and left shifts may carry into the upper bits.
// Calling convention: narrow arguments and return values of our own functions are passed zero-extended.
import type { Func, Inst, Value } from '../ir/index.js';
import { maxValue } from '../ir/passes/simplify.js';

export function computeClean(f: Func, mcpu: number): Map<Value, boolean> {
  const alu32 = mcpu >= 3;
  const clean = new Map<Value, boolean>();
  const narrow = (v: Value): boolean => v.type.kind === 'int' && v.type.bits < 64;
  const get = (v: Value): boolean => {
    if (!narrow(v) || v.kind === 'const' || v.kind === 'param' || v.kind === 'undef') return true;
    return clean.get(v) ?? true; // optimistic for phis not yet visited
  };
  const rule = (i: Inst): boolean => {
    const n = i.type.kind === 'int' ? i.type.bits : 64;
    switch (i.kind) {
      case 'load':
        return !i.signed;
      case 'bin': {
        if (alu32 && n === 32) return true;
        switch (i.op) {
          case 'and':
            return get(i.a) || get(i.b);
          case 'or':
          case 'xor':
            return get(i.a) && get(i.b);
          case 'lshr':
          case 'udiv':
          case 'urem':
            return true; // operands are zero-extended before these
          case 'add':
          case 'mul':
          case 'shl': {
            // no carry out of the value's bits when the operands are small enough
            if (!get(i.a) || !get(i.b)) return false;
            const lim = (1n << BigInt(n)) - 1n;
            const a = maxValue(i.a);
            const b = maxValue(i.b);
            if (i.op === 'add') return a + b <= lim;
            if (i.op === 'mul') return a * b <= lim;
            return i.b.kind === 'const' && i.b.value < BigInt(n) && a << i.b.value <= lim;
          }
          default:
            return false;
        }
      }
      case 'cast':
        switch (i.op) {
          case 'zext':
            return true;
          case 'sext':
            return alu32 && n === 32;
          case 'trunc':
            return n === 1 || maxValue(i.a) < 1n << BigInt(n);
          default:
            return true;
        }
      case 'bswap':
      case 'pktload':
        return true;
      case 'copy':
        return get(i.a);
      case 'phi':
        return i.incoming.every((x) => get(x.value));
      case 'call':
        return i.callee.kind === 'func';
      case 'atomic':
      case 'cmp':
        return true;
      default:
        return false;
    }
  };
  for (let again = true; again; ) {
    again = false;
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (!narrow(i)) continue;
        const c = rule(i);
        if (clean.get(i) !== c) {
          // phis may only go from clean to not clean (monotone)
          if (i.kind === 'phi' && clean.get(i) === false) continue;
          clean.set(i, c);
          again = true;
        }
      }
    }
  }
  return clean;
}
