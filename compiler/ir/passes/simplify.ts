// Instruction simplification (peepholes), iterated to a fixed point: constant folding of every operation
// with constant operands, algebraic identities (x+0, x*1, x&0, x-x, …), canonical operand order
// (constants on the right), re-association of constant chains ((x+c1)+c2, ptradd(ptradd(p,c1),c2)),
// strength reduction by powers of two, cast chains, bswap pairs, comparisons of byte-swapped values
// against constants, folding constant pointer offsets into the offset field of loads/stores/atomics
// (which also keeps ctx accesses on the unmodified ctx pointer), and loads of initialised read-only
// globals that are not `const volatile`.
import { evalBin, evalBswap, evalCast, evalCmp, invertPred, swapPred } from '../eval.js';
import type { BinOp, Const, Func, Inst, Module, Value } from '../nodes.js';
import { isInst } from '../nodes.js';
import { replaceAndDelete, type FuncPass } from './util.js';
import { T, isInt, maskOf, type IntBits, type IntType, type ValueType } from '../types.js';

const COMMUTATIVE = new Set<BinOp>(['add', 'mul', 'and', 'or', 'xor']);
const S16 = (n: number): boolean => n >= -32768 && n <= 32767;

const kint = (type: IntType, v: bigint): Const => ({ kind: 'const', type, value: BigInt.asUintN(type.bits, v) });
const cval = (v: Value): bigint | undefined => (v.kind === 'const' && isInt(v.type) ? v.value : undefined);
const log2 = (v: bigint): number => (v > 0n && (v & (v - 1n)) === 0n ? v.toString(2).length - 1 : -1);

export const simplify: FuncPass = (f, ctx) => {
  let changed = false;
  for (let again = true; again; ) {
    again = false;
    const repl = new Map<Value, Value>();
    for (const b of f.blocks) {
      for (const i of [...b.insts]) {
        const r = simplifyInst(i, f, ctx.module, repl);
        if (r === true) again = true;
        else if (r !== undefined && 'insert' in r) {
          // a new instruction takes the place of `i`
          b.insts.splice(b.insts.indexOf(i), 0, r.insert);
          repl.set(i, r.insert);
        } else if (r !== undefined && r !== i) repl.set(i, r);
      }
    }
    if (repl.size > 0) {
      replaceAndDelete(f, repl);
      again = true;
    }
    if (again) changed = true;
  }
  return changed;
};

/**
 * A replacement value, `true` when `i` was rewritten in place, `{insert}` for a new instruction that
 * replaces `i`, undefined when nothing applies.
 */
function simplifyInst(i: Inst, f: Func, m: Module, repl: Map<Value, Value>): Value | true | { insert: Inst } | undefined {
  // operands already scheduled for replacement are looked at through the map
  const see = (v: Value): Value => {
    let x = v;
    while (repl.has(x)) x = repl.get(x) as Value;
    return x;
  };
  switch (i.kind) {
    case 'bin':
      return simplifyBin(i as Inst & { kind: 'bin' }, see);
    case 'cmp': {
      const a = see(i.a);
      const b = see(i.b);
      const ca = cval(a);
      const cb = cval(b);
      if (isInt(a.type)) {
        const bits = (a.type as IntType).bits;
        if (ca !== undefined && cb !== undefined) return kint(T.i1, evalCmp(i.pred, bits, ca, cb) ? 1n : 0n);
        if (ca !== undefined) {
          i.a = b;
          i.b = a;
          i.pred = swapPred(i.pred);
          return true;
        }
        if (a === b) return kint(T.i1, ['eq', 'ule', 'uge', 'sle', 'sge'].includes(i.pred) ? 1n : 0n);
        // (bswap x) ==/!= C  →  x ==/!= bswap(C)
        if (cb !== undefined && (i.pred === 'eq' || i.pred === 'ne') && a.kind === 'bswap') {
          i.a = a.a;
          i.b = kint(a.type as IntType, evalBswap(bits, cb));
          return true;
        }
        // signed order of values whose sign bit is known clear is the unsigned order (cheaper before
        // cpu v3, where a signed compare of a narrow value needs sign extension first)
        if ((i.pred === 'slt' || i.pred === 'sle' || i.pred === 'sgt' || i.pred === 'sge') && bits > 1) {
          const half = 1n << BigInt(bits - 1);
          if (maxValue(a) < half && maxValue(b) < half) {
            i.pred = ({ slt: 'ult', sle: 'ule', sgt: 'ugt', sge: 'uge' } as const)[i.pred];
            return true;
          }
        }
        // i1 compared with a constant
        if (bits === 1 && cb !== undefined && (i.pred === 'eq' || i.pred === 'ne')) {
          if ((i.pred === 'ne') === (cb === 0n)) return a;
        }
        // (zext i1 c) != 0 → c ; == 1 → c ; == 0 / != 1 → the inverted compare
        if (cb !== undefined && a.kind === 'cast' && a.op === 'zext' && a.a.type === T.i1) {
          if ((i.pred === 'ne' && cb === 0n) || (i.pred === 'eq' && cb === 1n)) return a.a;
          const c = see(a.a);
          if (((i.pred === 'eq' && cb === 0n) || (i.pred === 'ne' && cb === 1n)) && c.kind === 'cmp') {
            i.pred = invertPred(c.pred);
            i.a = c.a;
            i.b = c.b;
            return true;
          }
        }
      } else if (a === b && (i.pred === 'eq' || i.pred === 'ne')) return kint(T.i1, i.pred === 'eq' ? 1n : 0n);
      return undefined;
    }
    case 'cast': {
      const a = see(i.a);
      const to = i.type as ValueType;
      const ca = cval(a);
      if (ca !== undefined && isInt(to)) return kint(to, evalCast(i.op, (a.type as IntType).bits, to.bits, ca));
      // a pointer never needs to lose provenance: casts to ptr<any> of a pointer are the pointer itself
      if (i.op === 'retag' && (a.type === to || (to.kind === 'ptr' && to.to === 'any'))) return a;
      // sext of a value whose sign bit is known clear is a zext
      if (i.op === 'sext' && isInt(a.type) && maxValue(a) < 1n << BigInt((a.type as IntType).bits - 1)) {
        i.op = 'zext';
        return true;
      }
      if (a.kind !== 'cast') return undefined;
      const inner = a.a;
      const ib = inner.type.kind === 'int' ? inner.type.bits : 64;
      switch (i.op) {
        case 'zext':
          if (a.op === 'zext') return rewriteCast(i, 'zext', inner);
          // zext(trunc y) back to y's own width is a mask: (u32)(u16)y = y & 0xffff
          if (a.op === 'trunc' && inner.type === to && to.kind === 'int') {
            const nb = (a.type as IntType).bits as IntBits;
            return { insert: { kind: 'bin', op: 'and', a: inner, b: kint(to, maskOf(nb)), id: f.nextId++, type: to, span: i.span, block: i.block } };
          }
          return undefined;
        case 'sext':
          if (a.op === 'sext' || a.op === 'zext') return rewriteCast(i, a.op, inner);
          return undefined;
        case 'trunc':
          if (a.op === 'zext' || a.op === 'sext' || a.op === 'trunc') {
            const tb = (to as IntType).bits;
            if (tb === ib && inner.type === to) return inner;
            if (tb < ib) return rewriteCast(i, 'trunc', inner);
            if (a.op !== 'trunc') return rewriteCast(i, a.op, inner);
          }
          return undefined;
        case 'inttoptr':
          if (a.op === 'ptrtoint') return inner.type === to || (to.kind === 'ptr' && to.to === 'any') ? inner : rewriteCast(i, 'retag', inner);
          return undefined;
        case 'ptrtoint':
          if (a.op === 'inttoptr') return inner;
          return undefined;
        case 'retag':
          if (a.op === 'retag' || a.op === 'inttoptr') return inner.type === to ? inner : rewriteCast(i, a.op, inner);
          return undefined;
        default:
          return undefined;
      }
    }
    case 'bswap': {
      const a = see(i.a);
      const ca = cval(a);
      if (ca !== undefined) return kint(i.type as IntType, evalBswap((i.type as IntType).bits, ca));
      if (a.kind === 'bswap') return a.a;
      return undefined;
    }
    case 'ptradd': {
      const off = see(i.offset);
      const c = cval(off);
      const base = see(i.base);
      if (c === 0n) return base.type === i.type ? base : undefined;
      if (c !== undefined && base.kind === 'ptradd') {
        const c2 = cval(base.offset);
        if (c2 !== undefined) {
          i.base = base.base;
          i.offset = kint(T.i64, c + c2);
          return true;
        }
      }
      return undefined;
    }
    case 'load':
    case 'store':
    case 'atomic': {
      const p = see(i.ptr);
      if (p.kind === 'ptradd') {
        const c = cval(p.offset);
        if (c !== undefined) {
          const total = i.offset + Number(BigInt.asIntN(64, c));
          if (S16(total)) {
            i.ptr = p.base;
            i.offset = total;
            return true;
          }
        }
      }
      if (i.kind === 'load' && !i.volatile && p.kind === 'globalref') return loadConstGlobal(i, p.symbol, p.offset + i.offset, m);
      return undefined;
    }
    default:
      return undefined;
  }
}

function rewriteCast(i: Inst & { kind: 'cast' }, op: 'zext' | 'sext' | 'trunc' | 'retag' | 'inttoptr', a: Value): true {
  i.op = op;
  i.a = a;
  return true;
}

function simplifyBin(i: Inst & { kind: 'bin' }, see: (v: Value) => Value): Value | true | undefined {
  const t = i.type as IntType;
  const bits = t.bits as IntBits;
  const all = maskOf(bits);
  const a = see(i.a);
  const b = see(i.b);
  const ca = cval(a);
  const cb = cval(b);
  if (ca !== undefined && cb !== undefined) return kint(t, evalBin(i.op, bits, ca, cb));
  if (ca !== undefined && COMMUTATIVE.has(i.op)) {
    i.a = b;
    i.b = a;
    return true;
  }
  if (cb !== undefined) {
    switch (i.op) {
      case 'add':
      case 'or':
      case 'xor':
      case 'shl':
      case 'lshr':
      case 'ashr':
      case 'sub':
        if (cb === 0n) return a;
        break;
      case 'mul':
        if (cb === 1n) return a;
        if (cb === 0n) return kint(t, 0n);
        break;
      case 'udiv':
      case 'sdiv':
        if (cb === 0n) return kint(t, 0n); // x / 0 = 0
        if (cb === 1n) return a;
        break;
      case 'and':
        if (cb === all) return a;
        if (cb === 0n) return kint(t, 0n);
        break;
      case 'urem':
      case 'srem':
        // the ISA gives x % 0 = x (and the verifier rejects a division by the constant 0)
        if (cb === 0n) return a;
        if (cb === 1n) return kint(t, 0n);
        break;
      default:
        break;
    }
    if (i.op === 'or' && cb === all) return kint(t, all);
    // canonical: x - c → x + (-c)
    if (i.op === 'sub') {
      i.op = 'add';
      i.b = kint(t, -cb);
      return true;
    }
    // strength reduction
    const k = log2(cb);
    if (k > 0 && i.op === 'mul') {
      i.op = 'shl';
      i.b = kint(t, BigInt(k));
      return true;
    }
    if (k > 0 && i.op === 'udiv') {
      i.op = 'lshr';
      i.b = kint(t, BigInt(k));
      return true;
    }
    if (k > 0 && i.op === 'urem') {
      i.op = 'and';
      i.b = kint(t, cb - 1n);
      return true;
    }
    // shift amounts are masked by the machine: make that explicit
    if ((i.op === 'shl' || i.op === 'lshr' || i.op === 'ashr') && cb >= BigInt(bits)) {
      i.b = kint(t, cb & BigInt(bits - 1));
      return true;
    }
    // (x ^ c1) & m with m = 2^k - 1 covering every bit x can have: x ^ (c1 & m) — `~x & 0xffff` on
    // a 16-bit value is one xor
    if (i.op === 'and' && isInst(a) && a.kind === 'bin' && a.op === 'xor' && (cb & (cb + 1n)) === 0n) {
      const c1 = cval(a.b);
      if (c1 !== undefined && maxValue(a.a) <= cb) {
        i.op = 'xor';
        i.a = a.a;
        i.b = kint(t, c1 & cb);
        return true;
      }
    }
    // bswap(x) >> (bits - 8) is the lowest byte of x: bpf_ntohl(addr) >> 24 reads the first octet
    if (i.op === 'lshr' && isInst(a) && a.kind === 'bswap' && cb === BigInt(bits - 8)) {
      i.op = 'and';
      i.a = a.a;
      i.b = kint(t, 0xffn);
      return true;
    }
    // re-associate constant chains: (x op c1) op c2 → x op (c1 op c2)
    if (isInst(a) && a.kind === 'bin' && a.op === i.op && (i.op === 'add' || i.op === 'and' || i.op === 'or' || i.op === 'xor' || i.op === 'mul')) {
      const c1 = cval(a.b);
      if (c1 !== undefined) {
        i.a = a.a;
        i.b = kint(t, evalBin(i.op, bits, c1, cb));
        return true;
      }
    }
    if (isInst(a) && a.kind === 'bin' && a.op === i.op && (i.op === 'shl' || i.op === 'lshr')) {
      const c1 = cval(a.b);
      if (c1 !== undefined && c1 + cb < BigInt(bits)) {
        i.a = a.a;
        i.b = kint(t, c1 + cb);
        return true;
      }
    }
  }
  if (a === b) {
    if (i.op === 'sub' || i.op === 'xor') return kint(t, 0n);
    if (i.op === 'and' || i.op === 'or') return a;
  }
  return undefined;
}

/** An upper bound of an integer value (unsigned), from its shape. */
export function maxValue(v: Value, depth = 0): bigint {
  const t = v.type;
  if (t.kind !== 'int') return (1n << 64n) - 1n;
  const all = maskOf(t.bits);
  if (depth > 8) return all;
  switch (v.kind) {
    case 'const':
      return v.value;
    case 'load':
      return v.signed ? all : maskOf((v.width * 8) as IntBits);
    case 'cast':
      if (v.op === 'zext') return maxValue(v.a, depth + 1);
      if (v.op === 'trunc') return BigInt.asUintN(t.bits, maxValue(v.a, depth + 1)) === maxValue(v.a, depth + 1) ? maxValue(v.a, depth + 1) : all;
      return all;
    case 'bin': {
      const a = maxValue(v.a, depth + 1);
      const b = maxValue(v.b, depth + 1);
      let r: bigint;
      switch (v.op) {
        case 'and':
          r = a < b ? a : b;
          break;
        case 'lshr':
          r = v.b.kind === 'const' ? a >> (v.b.value & BigInt(t.bits - 1)) : a;
          break;
        case 'shl':
          r = v.b.kind === 'const' ? a << (v.b.value & BigInt(t.bits - 1)) : all;
          break;
        case 'add':
          r = a + b;
          break;
        case 'mul':
          r = a * b;
          break;
        case 'or':
        case 'xor': {
          const hi = a > b ? a : b;
          r = hi === 0n ? 0n : (1n << BigInt(hi.toString(2).length)) - 1n;
          break;
        }
        case 'udiv':
          r = a;
          break;
        case 'urem':
          r = b === 0n ? a : a < b - 1n ? a : b - 1n;
          break;
        default:
          r = all;
      }
      return r > all ? all : r;
    }
    default:
      return all;
  }
}

/** The value of a non-volatile load from an initialised read-only global, if known. */
function loadConstGlobal(i: Inst & { kind: 'load' }, symbol: string, offset: number, m: Module): Value | undefined {
  const g = m.globals.find((x) => x.symbol === symbol);
  if (!g || g.readonly || !g.init || !g.section.startsWith('.rodata') || !isInt(i.type)) return undefined;
  if (offset < 0 || offset + i.width > g.init.length) return undefined;
  let v = 0n;
  for (let k = i.width - 1; k >= 0; k--) v = (v << 8n) | BigInt(g.init[offset + k] as number);
  const t = i.type as IntType;
  if (i.signed) v = BigInt.asIntN(i.width * 8, v);
  return kint(t, v);
}
