// Random C expression programs for differential testing against clang-16: each program is one XDP
// function computing NOUT random expressions over the fields of test/fixtures/c-lower/common.h's input
// struct, without undefined behaviour — signed +, -, * go through unsigned arithmetic and convert back
// (implementation-defined, wraps in both compilers), left shifts only of unsigned values, shift amounts
// masked below the width, divisors forced non-zero and unsigned (clang-16 rejects signed division),
// no signed negation of possibly minimal values.
import { rng } from './packets.js';

interface Ty {
  name: string;
  bits: number;
  signed: boolean;
}

const TYPES: Ty[] = [
  { name: 'u8', bits: 8, signed: false }, { name: 's8', bits: 8, signed: true },
  { name: 'u16', bits: 16, signed: false }, { name: 's16', bits: 16, signed: true },
  { name: 'u32', bits: 32, signed: false }, { name: 's32', bits: 32, signed: true },
  { name: 'u64', bits: 64, signed: false }, { name: 's64', bits: 64, signed: true },
];
const FIELDS: [string, Ty][] = [
  ['in.a', TYPES[0]!], ['in.b', TYPES[1]!], ['in.c', TYPES[2]!], ['in.d', TYPES[3]!],
  ['in.e', TYPES[4]!], ['in.f', TYPES[5]!], ['in.g', TYPES[6]!], ['in.h', TYPES[7]!],
];

/** The type C gives an expression of type `t` after integer promotion. */
function promoted(t: Ty): Ty {
  return t.bits < 32 ? (TYPES[5] as Ty) : t;
}

export class ExprGen {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.next() % xs.length] as T;
  }
  private chance(n: number): boolean {
    return this.next() % n === 0;
  }

  /** An expression and its C type. */
  expr(depth: number): [string, Ty] {
    if (depth <= 0 || this.chance(4)) return this.leaf();
    const r = this.next() % 10;
    const [a, ta] = this.expr(depth - 1);
    switch (r) {
      case 0:
      case 1: {
        // arithmetic in unsigned, converted back to the operands' common type
        const [b, tb] = this.expr(depth - 1);
        const t = common(promoted(ta), promoted(tb));
        const u = t.bits === 64 ? 'u64' : 'u32';
        const op = this.pick(['+', '-', '*']);
        return [`((${t.name})((${u})(${a}) ${op} (${u})(${b})))`, t];
      }
      case 2: {
        const [b, tb] = this.expr(depth - 1);
        const op = this.pick(['&', '|', '^']);
        return [`((${a}) ${op} (${b}))`, common(promoted(ta), promoted(tb))];
      }
      case 3: {
        const [b] = this.expr(depth - 1);
        const pa = promoted(ta);
        if (this.chance(2) || pa.signed) {
          // right shift (arithmetic for signed: implementation-defined, as clang does it)
          return [`((${a}) >> ((${b}) & ${pa.bits - 1}))`, pa];
        }
        return [`((${a}) << ((${b}) & ${pa.bits - 1}))`, pa];
      }
      case 4: {
        const [b, tb] = this.expr(depth - 1);
        const t = common(promoted(ta), promoted(tb));
        const u = t.bits === 64 ? 'u64' : 'u32';
        const op = this.pick(['/', '%']);
        return [`((${u})(${a}) ${op} ((${u})(${b}) | 1))`, { name: u, bits: t.bits === 64 ? 64 : 32, signed: false }];
      }
      case 5: {
        const [b] = this.expr(depth - 1);
        const op = this.pick(['<', '<=', '>', '>=', '==', '!=']);
        return [`((${a}) ${op} (${b}))`, TYPES[5] as Ty];
      }
      case 6: {
        const [b, tb] = this.expr(depth - 1);
        const [c, tc] = this.expr(depth - 1);
        return [`((${a}) ? (${b}) : (${c}))`, common(promoted(tb), promoted(tc))];
      }
      case 7: {
        const t = this.pick(TYPES);
        return [`((${t.name})(${a}))`, t];
      }
      case 8: {
        const [b] = this.expr(depth - 1);
        const op = this.pick(['&&', '||']);
        return [`((${a}) ${op} (${b}))`, TYPES[5] as Ty];
      }
      default: {
        const pa = promoted(ta);
        if (pa.signed) return [`(!(${a}))`, TYPES[5] as Ty];
        return [this.pick([`(~(${a}))`, `(-(${a}))`]), pa];
      }
    }
  }

  private leaf(): [string, Ty] {
    if (this.chance(4)) {
      const t = this.pick(TYPES);
      const v = BigInt(this.next()) * BigInt(this.next());
      const k = t.signed ? BigInt.asIntN(t.bits, v) : BigInt.asUintN(t.bits, v);
      // written as a cast of an unsigned literal (no negative literals that overflow)
      return [`((${t.name})${BigInt.asUintN(64, k)}ull)`, t];
    }
    return this.pick(FIELDS);
  }

  /** A whole program: `count` outputs, each a random expression of depth ≤ `depth`. */
  program(name: string, count: number, depth: number): string {
    const lines = [`SEC("xdp")`, `int ${name}(struct xdp_md *ctx)`, '{', '\tPROLOGUE'];
    for (let i = 0; i < count; i++) lines.push(`\tout[${i}] = ${this.expr(depth)[0]};`);
    lines.push('\treturn XDP_PASS;', '}', '');
    return lines.join('\n');
  }
}

/** The usual arithmetic conversions (C11 §6.3.1.8) of two promoted types. */
function common(a: Ty, b: Ty): Ty {
  if (a.bits === b.bits) return a.signed && b.signed ? a : { ...a, name: a.bits === 64 ? 'u64' : 'u32', signed: false };
  return a.bits > b.bits ? a : b;
}
