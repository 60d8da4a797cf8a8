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
  protected readonly next: () => number;
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

const VARS: [string, string][] = [['x0', 'u32'], ['x1', 'u64'], ['x2', 'u8'], ['x3', 'u16'], ['x4', 'u32'], ['x5', 'u64']];

/**
 * Random statement programs over unsigned locals (so compound assignment never overflows a signed type):
 * assignments and compound assignments of random expressions, if/else, constant-trip for loops with
 * break and continue, bounded do-while loops, switches with fall-through and default.
 */
export class StmtGen extends ExprGen {
  private loops = 0;
  private readonly r: () => number;
  constructor(seed: number) {
    super(seed);
    this.r = rng(seed ^ 0x9e3779b9);
  }
  private n(k: number): number {
    return this.r() % k;
  }
  private cond(): string {
    return `(${this.expr(2)[0]}) ${['<', '>', '==', '!=', '&&', '||'][this.n(6)]} (${this.expr(1)[0]})`;
  }
  stmt(depth: number, ind: string): string[] {
    const v = VARS[this.n(VARS.length)] as [string, string];
    const k = depth <= 0 ? this.n(2) : this.n(8);
    switch (k) {
      case 0:
        return [`${ind}${v[0]} = ${this.expr(3)[0]};`];
      case 1:
        return [`${ind}${v[0]} ${['+=', '-=', '^=', '|=', '&=', '*=', '<<=', '>>='][this.n(8)]} ${k === 1 && this.n(2) ? '3' : `(${this.expr(2)[0]}) & 7`};`];
      case 2:
      case 3: {
        const out = [`${ind}if (${this.cond()}) {`, ...this.block(depth - 1, ind + '\t'), `${ind}}`];
        if (this.n(2)) out.push(`${ind}else {`, ...this.block(depth - 1, ind + '\t'), `${ind}}`);
        return out;
      }
      case 4: {
        const i = `i${this.loops++}`;
        const body = this.block(depth - 1, ind + '\t');
        if (this.n(3) === 0) body.splice(this.n(body.length + 1), 0, `${ind}\tif (${this.cond()}) break;`);
        if (this.n(3) === 0) body.splice(this.n(body.length + 1), 0, `${ind}\tif (${this.cond()}) continue;`);
        const pragma = this.n(3) === 0 ? `#pragma unroll\n` : '';
        return [`${pragma}${ind}for (int ${i} = 0; ${i} < ${1 + this.n(6)}; ${i}++) {`, `${ind}\t${v[0]} += ${i};`, ...body, `${ind}}`];
      }
      case 5: {
        const c = `c${this.loops++}`;
        return [`${ind}{ unsigned ${c} = 0;`, `${ind}do {`, ...this.block(depth - 1, ind + '\t'), `${ind}} while (${c}++ < ${this.n(5)} && (${this.cond()}));`, `${ind}}`];
      }
      default: {
        const out = [`${ind}switch ((${this.expr(2)[0]}) & 7) {`];
        const cases = [...new Set(Array.from({ length: 1 + this.n(4) }, () => this.n(8)))];
        for (const c of cases) {
          out.push(`${ind}case ${c}:`, ...this.block(depth - 1, ind + '\t'));
          if (this.n(3)) out.push(`${ind}\tbreak;`);
        }
        if (this.n(2)) out.push(`${ind}default:`, ...this.block(depth - 1, ind + '\t'));
        out.push(`${ind}}`);
        return out;
      }
    }
  }
  block(depth: number, ind: string): string[] {
    const out: string[] = [];
    for (let i = 0, n = 1 + this.n(3); i < n; i++) out.push(...this.stmt(depth, ind));
    return out;
  }
  /** A program whose locals start from the inputs and end in the outputs. */
  stmtProgram(name: string): string {
    const init = VARS.map(([v, t], i) => `\t${t} ${v} = (${t})(${['in.e', 'in.g', 'in.a', 'in.c', 'in.f', 'in.h'][i]});`);
    const body = this.block(3, '\t');
    const outs = VARS.map(([v], i) => `\tout[${i}] = ${v};`);
    return [`SEC("xdp")`, `int ${name}(struct xdp_md *ctx)`, '{', '\tPROLOGUE', ...init, ...body, ...outs, '\treturn XDP_PASS;', '}', ''].join('\n');
  }
}
