// Seeded generator of random IR functions over i8/i16/i32/i64 values for differential testing of the
// back end (random.test.ts): every binary operation, compares, casts, byte swaps, stack loads and stores,
// diamonds with phis and calls of a small helper function.
import { ModuleBuilder, T, type BinOp, type CmpPred, type FuncBuilder, type IntType, type Module, type Value } from '../../../compiler/ir/index.js';

/** xorshift32: deterministic. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const OPS: BinOp[] = ['add', 'sub', 'mul', 'udiv', 'urem', 'and', 'or', 'xor', 'shl', 'lshr', 'ashr', 'sdiv', 'srem'];
const PREDS: CmpPred[] = ['eq', 'ne', 'ult', 'ule', 'ugt', 'uge', 'slt', 'sle', 'sgt', 'sge'];
const TYPES: IntType[] = [T.i8, T.i16, T.i32, T.i64];

export function genModule(seed: number, signedDiv: boolean): Module {
  const r = rng(seed);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(r() * xs.length)] as X;
  const mb = new ModuleBuilder();
  const span = { file: 'rand', line: 1, col: 1 };
  // a small helper function, called (and possibly inlined)
  const h = mb.func('mix', { params: [{ name: 'x', type: T.i64 }, { name: 'y', type: T.i32 }], ret: T.i64, span, inline: r() < 0.5 ? 'never' : 'auto' });
  {
    const x = h.param(0);
    const y = h.zext(h.param(1), 64);
    h.ret(h.xor(h.mul(x, h.i64(0x9e3779b1)), h.lshr(y, h.i64(3))));
  }
  const b = mb.func('f', { params: [{ name: 'a', type: T.i64 }, { name: 'b', type: T.i64 }, { name: 'c', type: T.i64 }], ret: T.i64, span, linkage: 'global', section: 'xdp' });
  const slot = b.alloca(16, 8, 'buf');
  const vals: Value[] = [];
  const ofType = (t: IntType): Value => {
    const c = vals.filter((v) => v.type === t);
    if (c.length > 0 && r() < 0.8) return pick(c);
    if (r() < 0.5) {
      const p = b.param(Math.floor(r() * 3));
      return t.bits === 64 ? p : b.trunc(p, t.bits);
    }
    const k = [0n, 1n, 2n, 3n, 7n, 8n, 31n, 63n, 255n, 0x7fn, 0x80n, 0xffffn, 0x7fffffffn, 0x80000000n, -1n, -2n, 12345n, 0x123456789n][Math.floor(r() * 18)] as bigint;
    return b.int(t, k);
  };
  const step = (fb: FuncBuilder): void => {
    const t = pick(TYPES);
    const kind = r();
    if (kind < 0.45) {
      let op = pick(OPS);
      if (!signedDiv && (op === 'sdiv' || op === 'srem')) op = 'udiv';
      vals.push(fb.bin(op, ofType(t), ofType(t)));
    } else if (kind < 0.55) {
      const c = fb.cmp(pick(PREDS), ofType(t), ofType(t));
      vals.push(fb.zext(c, pick(TYPES).bits));
    } else if (kind < 0.7) {
      const from = ofType(t);
      const to = pick(TYPES);
      if (to.bits > t.bits) vals.push(r() < 0.5 ? fb.zext(from, to.bits) : fb.sext(from, to.bits));
      else if (to.bits < t.bits) vals.push(fb.trunc(from, to.bits));
    } else if (kind < 0.75) {
      if (t.bits >= 16) vals.push(fb.bswap(ofType(t)));
    } else if (kind < 0.85) {
      const w = (t.bits / 8) as 1 | 2 | 4 | 8;
      const off = Math.floor(r() * (16 / w)) * w;
      if (r() < 0.5) fb.store(slot, ofType(t), { offset: off });
      else if (w > 1 && r() < 0.4) {
        // a narrower load, zero- or sign-extended
        const nw = (w / 2) as 1 | 2 | 4;
        vals.push(fb.load(t, slot, { offset: off, width: nw, signed: r() < 0.5 }));
      } else vals.push(fb.load(t, slot, { offset: off, width: w }));
    } else if (kind < 0.88) {
      vals.push(fb.callFunc('mix', [ofType(T.i64), ofType(T.i32)], T.i64));
    } else if (kind < 0.95) {
      // a counted loop (at most 15 trips) carrying three values, one pair swapped every trip
      // (x, y) = (y, x op y): the phi copies on the back edge form a cycle
      const n = fb.and(ofType(T.i32), fb.i32(15));
      const pre = fb.current;
      const head = fb.newBlock();
      const body = fb.newBlock();
      const exit = fb.newBlock();
      const x0 = ofType(t);
      const y0 = ofType(t);
      const z0 = ofType(T.i64);
      fb.br(head);
      fb.setBlock(head);
      const i = fb.phi(T.i32, [[fb.i32(0), pre]]);
      const x = fb.phi(t, [[x0, pre]]);
      const y = fb.phi(t, [[y0, pre]]);
      const z = fb.phi(T.i64, [[z0, pre]]);
      fb.condbr(fb.cmp('ult', i, n), body, exit);
      fb.setBlock(body);
      const ny = fb.bin(pick(['add', 'xor', 'mul', 'sub']), x, y);
      const nz = fb.add(fb.mul(z, fb.i64(3)), fb.zext(i, 64));
      const i1 = fb.add(i, fb.i32(1));
      fb.addIncoming(i, i1, body);
      fb.addIncoming(x, y, body);
      fb.addIncoming(y, ny, body);
      fb.addIncoming(z, nz, body);
      fb.br(head);
      fb.setBlock(exit);
      vals.push(x, y, z);
    } else {
      // diamond with a phi
      const c = fb.cmp(pick(PREDS), ofType(t), ofType(t));
      const th = fb.newBlock();
      const el = fb.newBlock();
      const join = fb.newBlock();
      fb.condbr(c, th, el);
      fb.setBlock(th);
      const x = fb.bin(pick(['add', 'xor', 'mul']), ofType(t), ofType(t));
      fb.br(join);
      fb.setBlock(el);
      const y = fb.bin(pick(['sub', 'or', 'shl']), ofType(t), ofType(t));
      fb.br(join);
      fb.setBlock(join);
      vals.push(fb.phi(t, [[x, th], [y, el]]));
    }
  };
  // make sure every stack byte is written before anything reads it
  b.store(slot, b.i64(0), { offset: 0 });
  b.store(slot, b.i64(0), { offset: 8 });
  const n = 12 + Math.floor(r() * 30);
  for (let k = 0; k < n; k++) step(b);
  let acc: Value = b.i64(0x5555);
  for (const v of vals.slice(-8)) acc = b.xor(b.mul(acc, b.i64(31)), b.zext(v, 64));
  b.ret(acc);
  return mb.module;
}

