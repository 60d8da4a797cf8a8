// Exact arithmetic: every ALU, ALU64, byte-swap and jump instruction (K and X forms) in both tiers
// against a BigInt model written from RFC 9669 §4 (wrap-around, unsigned and truncating signed
// division, division by zero gives 0, modulo by zero keeps the dividend (ALU: zero-extended), shift
// amounts masked, 32-bit results zero-extended, immediates sign-extended for ALU64 and jumps).
import { describe, expect, it } from 'vitest';
import { insnOf, ldImm64 } from '../../../runtime/isa/index.js';
import type { Insn } from '../../../runtime/isa/index.js';
import { createVm } from '../../../runtime/vm/index.js';
import type { Tier } from '../../../runtime/vm/index.js';
import { rng } from './fuzz-harness.js';

const M64 = (1n << 64n) - 1n;
const M32 = 0xffffffffn;
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const s32 = (x: bigint): bigint => BigInt.asIntN(32, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const u32 = (x: bigint): bigint => BigInt.asUintN(32, x);
const swap = (x: bigint, bytes: number): bigint => {
  let r = 0n;
  for (let i = 0; i < bytes; i++) r = (r << 8n) | ((x >> BigInt(8 * i)) & 0xffn);
  return r;
};

/** RFC 9669 model of `dst op= src` for 64-bit operands a, b (b already extended as the form requires). */
const ALU64: Record<string, (a: bigint, b: bigint) => bigint> = {
  add: (a, b) => u64(a + b),
  sub: (a, b) => u64(a - b),
  mul: (a, b) => u64(a * b),
  div: (a, b) => (b === 0n ? 0n : a / b),
  sdiv: (a, b) => (b === 0n ? 0n : u64(s64(a) / s64(b))),
  mod: (a, b) => (b === 0n ? a : a % b),
  smod: (a, b) => (b === 0n ? a : u64(s64(a) % s64(b))),
  or: (a, b) => a | b,
  and: (a, b) => a & b,
  xor: (a, b) => a ^ b,
  lsh: (a, b) => u64(a << (b & 63n)),
  rsh: (a, b) => a >> (b & 63n),
  arsh: (a, b) => u64(s64(a) >> (b & 63n)),
  mov: (_a, b) => b,
};
const ALU32: Record<string, (a: bigint, b: bigint) => bigint> = {
  add: (a, b) => u32(a + b),
  sub: (a, b) => u32(a - b),
  mul: (a, b) => u32(a * b),
  div: (a, b) => (b === 0n ? 0n : a / b),
  sdiv: (a, b) => (b === 0n ? 0n : u32(s32(a) / s32(b))),
  mod: (a, b) => (b === 0n ? a : a % b),
  smod: (a, b) => (b === 0n ? a : u32(s32(a) % s32(b))),
  or: (a, b) => a | b,
  and: (a, b) => a & b,
  xor: (a, b) => a ^ b,
  lsh: (a, b) => u32(a << (b & 31n)),
  rsh: (a, b) => a >> (b & 31n),
  arsh: (a, b) => u32(s32(a) >> (b & 31n)),
  mov: (_a, b) => b,
};
const JMP: Record<string, (a: bigint, b: bigint, bits: 32 | 64) => boolean> = {
  jeq: (a, b) => a === b,
  jne: (a, b) => a !== b,
  jgt: (a, b) => a > b,
  jge: (a, b) => a >= b,
  jlt: (a, b) => a < b,
  jle: (a, b) => a <= b,
  jset: (a, b) => (a & b) !== 0n,
  jsgt: (a, b, w) => BigInt.asIntN(w, a) > BigInt.asIntN(w, b),
  jsge: (a, b, w) => BigInt.asIntN(w, a) >= BigInt.asIntN(w, b),
  jslt: (a, b, w) => BigInt.asIntN(w, a) < BigInt.asIntN(w, b),
  jsle: (a, b, w) => BigInt.asIntN(w, a) <= BigInt.asIntN(w, b),
};

const SPECIAL = [0n, 1n, 2n, 3n, 7n, 31n, 32n, 33n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
  0x1fffffffffffffn, 0x20000000000000n, 0x7fffffffffffffffn, 0x8000000000000000n, M64, M64 - 1n, u64(-(2n ** 31n)),
  u64(-7n), 0x123456789abcdef0n, 0xfedcba9876543210n];
const IMMS = [0, 1, -1, 2, 3, 7, 8, 16, 31, 32, 33, 63, 64, 0x7fffffff, -0x80000000, -7, 0x1234, 255];

function operands(seed: number, n: number): [bigint, bigint][] {
  const rnd = rng(seed);
  const r64 = (): bigint => (BigInt(Math.floor(rnd() * 2 ** 32)) << 32n) | BigInt(Math.floor(rnd() * 2 ** 32));
  const pairs: [bigint, bigint][] = [];
  for (const a of SPECIAL) for (const b of SPECIAL) pairs.push([a, b]);
  for (let i = 0; i < n; i++) {
    const pick = (): bigint => (rnd() < 0.3 ? SPECIAL[Math.floor(rnd() * SPECIAL.length)]! : rnd() < 0.5 ? r64() : r64() >> BigInt(Math.floor(rnd() * 64)));
    pairs.push([pick(), pick()]);
  }
  return pairs;
}

const EXIT = insnOf('exit');
const MOV_R0_R1 = insnOf('mov_reg', { dst: 0, src: 1 });

function runner(insns: Insn[], tier: Tier): (a: bigint, b: bigint) => bigint {
  const vm = createVm({ tier });
  const p = vm.load({ insns, name: 'alu' });
  return (a, b) => vm.run(p, { r1: a, r2: b }).r0;
}

const TIERS: Tier[] = ['interpreter', 'compiled'];

/** Collects mismatches (the message is built only on failure); the test asserts none were found. */
let mismatches: string[] = [];
function check(actual: bigint, expected: bigint, label: () => string): void {
  if (actual !== expected && mismatches.length < 20) mismatches.push(`${label()}: got 0x${actual.toString(16)}, expected 0x${expected.toString(16)}`);
}

describe('ALU semantics against the RFC 9669 model', () => {
  for (const tier of TIERS) {
    it(`${tier}: ALU64 and ALU register forms`, () => {
      mismatches = [];
      const pairs = operands(1, 300);
      for (const [op, f] of Object.entries(ALU64)) {
        const run64 = runner([insnOf(`${op}_reg`, { dst: 1, src: 2 }), MOV_R0_R1, EXIT], tier);
        const run32 = runner([insnOf(`${op}32_reg`, { dst: 1, src: 2 }), MOV_R0_R1, EXIT], tier);
        for (const [a, b] of pairs) {
          check(run64(a, b), f(a, b), () => `${op} 0x${a.toString(16)}, 0x${b.toString(16)}`);
          check(run32(a, b), ALU32[op]!(u32(a), u32(b)), () => `${op}32 0x${a.toString(16)}, 0x${b.toString(16)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it(`${tier}: ALU64 and ALU immediate forms`, () => {
      mismatches = [];
      const pairs = operands(2, 40).filter((_, i) => i % 10 === 0);
      for (const [op, f] of Object.entries(ALU64)) {
        for (const imm of IMMS) {
          const run64 = runner([insnOf(`${op}_imm`, { dst: 1, imm }), MOV_R0_R1, EXIT], tier);
          const run32 = runner([insnOf(`${op}32_imm`, { dst: 1, imm }), MOV_R0_R1, EXIT], tier);
          for (const [a] of pairs) {
            check(run64(a, 0n), f(a, u64(BigInt(imm))), () => `${op} 0x${a.toString(16)}, ${imm}`);
            check(run32(a, 0n), ALU32[op]!(u32(a), u32(BigInt(imm))), () => `${op}32 0x${a.toString(16)}, ${imm}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });

    it(`${tier}: neg, movsx, byte swaps`, () => {
      mismatches = [];
      const pairs = operands(3, 300);
      const unary: [string, (a: bigint) => bigint, Partial<Insn>][] = [
        ['neg', (a) => u64(-a), {}],
        ['neg32', (a) => u32(-a), {}],
        ['movsx864', (a) => u64(BigInt.asIntN(8, a)), { src: 1 }],
        ['movsx1664', (a) => u64(BigInt.asIntN(16, a)), { src: 1 }],
        ['movsx3264', (a) => u64(BigInt.asIntN(32, a)), { src: 1 }],
        ['movsx832', (a) => u32(BigInt.asIntN(8, a)), { src: 1 }],
        ['movsx1632', (a) => u32(BigInt.asIntN(16, a)), { src: 1 }],
        ['le16', (a) => a & 0xffffn, {}],
        ['le32', (a) => a & M32, {}],
        ['le64', (a) => a, {}],
        ['be16', (a) => swap(a, 2), {}],
        ['be32', (a) => swap(a, 4), {}],
        ['be64', (a) => swap(a, 8), {}],
        ['bswap16', (a) => swap(a, 2), {}],
        ['bswap32', (a) => swap(a, 4), {}],
        ['bswap64', (a) => swap(a, 8), {}],
      ];
      for (const [name, f, fields] of unary) {
        const run = runner([insnOf(name, { dst: 1, ...fields }), MOV_R0_R1, EXIT], tier);
        for (const [a] of pairs) check(run(a, 0n), f(a), () => `${name} 0x${a.toString(16)}`);
      }
      expect(mismatches).toEqual([]);
    });

    it(`${tier}: conditional jumps (JMP and JMP32, K and X)`, () => {
      mismatches = [];
      const pairs = operands(4, 200);
      // if (r1 op r2) goto +1; r0 = 0; exit; r0 = 1; exit
      const body = (j: Insn): Insn[] => [j, insnOf('mov_imm', { dst: 0, imm: 0 }), EXIT, insnOf('mov_imm', { dst: 0, imm: 1 }), EXIT];
      for (const [op, f] of Object.entries(JMP)) {
        const r64 = runner(body(insnOf(`${op}_reg`, { dst: 1, src: 2, off: 2 })), tier);
        const r32 = runner(body(insnOf(`${op}32_reg`, { dst: 1, src: 2, off: 2 })), tier);
        for (const [a, b] of pairs) {
          check(r64(a, b), f(a, b, 64) ? 1n : 0n, () => `${op} 0x${a.toString(16)}, 0x${b.toString(16)}`);
          check(r32(a, b), f(u32(a), u32(b), 32) ? 1n : 0n, () => `${op}32 0x${a.toString(16)}, 0x${b.toString(16)}`);
        }
        for (const imm of IMMS) {
          const k64 = runner(body(insnOf(`${op}_imm`, { dst: 1, imm, off: 2 })), tier);
          const k32 = runner(body(insnOf(`${op}32_imm`, { dst: 1, imm, off: 2 })), tier);
          for (const [a] of pairs.slice(0, 60)) {
            check(k64(a, 0n), f(a, u64(BigInt(imm)), 64) ? 1n : 0n, () => `${op} 0x${a.toString(16)}, ${imm}`);
            check(k32(a, 0n), f(u32(a), u32(BigInt(imm)), 32) ? 1n : 0n, () => `${op}32 0x${a.toString(16)}, ${imm}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });

    it(`${tier}: ALU results as every jump sees them (64- and 32-bit, signed and unsigned)`, () => {
      // op r1, r2|imm; r3 = 0; then per jump: r0 <<= 1; if r1 jop r3|r4 goto +1; r0 |= 1 — so a result
      // held in a wrong form (e.g. a low word that is not a signed 32-bit value) shows as a wrong bit
      mismatches = [];
      const pairs = operands(5, 100).filter((_, i) => i % 5 === 0);
      const jumps = Object.entries(JMP).flatMap(([op, f]) => [64, 32].flatMap((w) => [3, 4].map((src) => ({ op, f, w: w as 32 | 64, src }))));
      const observe: Insn[] = [insnOf('mov_imm', { dst: 0, imm: 0 }), insnOf('mov_imm', { dst: 3, imm: 0 })];
      for (const j of jumps) {
        observe.push(insnOf('lsh_imm', { dst: 0, imm: 1 }), insnOf(`${j.op}${j.w === 32 ? '32' : ''}_reg`, { dst: 1, src: j.src, off: 1 }),
          insnOf('or_imm', { dst: 0, imm: 1 }));
      }
      observe.push(EXIT);
      const expected = (v: bigint, c: bigint): bigint => {
        let r = 0n;
        for (const j of jumps) {
          const x = j.src === 3 ? 0n : c;
          const taken = j.w === 64 ? j.f(v, x, 64) : j.f(u32(v), u32(x), 32);
          r = (r << 1n) | (taken ? 0n : 1n);
        }
        return u64(r);
      };
      const ops: [string, Partial<Insn>, (a: bigint, b: bigint) => bigint][] = [];
      for (const [op, f] of Object.entries(ALU64)) {
        ops.push([`${op}_reg`, { src: 2 }, f], [`${op}32_reg`, { src: 2 }, (a, b) => ALU32[op]!(u32(a), u32(b))]);
        for (const imm of [1, -1, 7, 31, 32, 33, 63, -0x80000000]) {
          const k = u64(BigInt(imm));
          ops.push([`${op}_imm`, { imm }, (a) => f(a, k)], [`${op}32_imm`, { imm }, (a) => ALU32[op]!(u32(a), u32(k))]);
        }
      }
      for (const [name, fields, f] of ops) {
        const vm = createVm({ tier });
        const p = vm.load({ insns: [insnOf(name, { dst: 1, ...fields }), ...observe], name: 'observe' });
        for (const [a, b] of pairs) {
          check(vm.run(p, { r1: a, r2: b, r4: b }).r0, expected(f(a, b), b), () => `${name} ${JSON.stringify(fields)} 0x${a.toString(16)}, 0x${b.toString(16)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('ld_imm64 loads every 64-bit pattern', () => {
    for (const tier of TIERS) {
      for (const v of SPECIAL) {
        const run = runner([...ldImm64(0, v), EXIT], tier);
        expect(run(0n, 0n)).toBe(v);
      }
    }
  });
});
