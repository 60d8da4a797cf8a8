// #if arithmetic against clang-16: seeded random expressions over the cases that matter (unsigned
// conversions, INT64_MIN, shifts by ≥ 64 or negative amounts, division signs, char constants with a
// signed char, `defined`, short-circuit) are evaluated by both; for each expression we compare its sign,
// its zero-ness and eight of its bits, so the whole 64-bit value is checked, not only its truth.
// Unit tests cover literal parsing and the diagnostics.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../../../../compiler/source.js';
import { preprocess } from '../../../../grammar/c/preprocess/index.js';
import { parseIntegerLiteral } from '../../../../grammar/c/preprocess/expr.js';
import { CLANG } from '../../../helpers/tools.js';
import { clangAvailable, clangTokens, firstDifference, ourTokens } from './helpers.js';
import { rng } from './random.js';

const LEAVES = [
  '0', '1', '2', '3', '7', '63', '64', '65', '(-1)', '(-2)', '(-64)', '0x7fffffffffffffff', '0xffffffffffffffff',
  '18446744073709551615u', '9223372036854775807', '(-9223372036854775807-1)', '1u', '0u', '5U', '100000',
  "'a'", "'\\xff'", "'\\377'", "'ab'", "u'\\xff'", "L'x'", "'\\n'", 'UNDEF', 'DEF', 'NEG', 'BIG',
  'defined(DEF)', 'defined UNDEF', 'F(3)', '0x10', '010', '0b11', '3LL', '4ull',
];
const BINARY = ['*', '/', '%', '+', '-', '<<', '>>', '<', '>', '<=', '>=', '==', '!=', '&', '^', '|', '&&', '||'];
const UNARY = ['-', '+', '~', '!'];

function expr(r: ReturnType<typeof rng>, depth: number): string {
  if (depth === 0 || r.next() < 0.25) return r.pick(LEAVES);
  const k = r.int(10);
  if (k < 2) return `${r.pick(UNARY)}${expr(r, depth - 1)}`;
  if (k < 3) return `(${expr(r, depth - 1)} ? ${expr(r, depth - 1)} : ${expr(r, depth - 1)})`;
  if (k < 4) return `(${expr(r, depth - 1)}, ${expr(r, depth - 1)})`;
  return `(${expr(r, depth - 1)} ${r.pick(BINARY)} ${expr(r, depth - 1)})`;
}

function program(seed: number, count: number): string {
  const r = rng(seed);
  let s = '#define DEF 5\n#define NEG -3\n#define BIG 0x8000000000000000\n#define F(x) ((x) << 2)\n';
  const probes = ['(E) < 0', '(E) == 0', '((E) >> 0) & 1', '((E) >> 1) & 1', '((E) >> 5) & 1', '((E) >> 17) & 1', '((E) >> 31) & 1', '((E) >> 32) & 1', '((E) >> 47) & 1', '((E) >> 63) & 1'];
  for (let i = 0; i < count; i++) {
    const e = expr(r, 4);
    for (let p = 0; p < probes.length; p++) s += `#if ${probes[p]!.replaceAll('E', e)}\nt${i}_${p}\n#else\nf${i}_${p}\n#endif\n`;
  }
  return s;
}

describe('#if arithmetic', () => {
  it.skipIf(!clangAvailable())('matches clang-16 on 400 random expressions', () => {
    const src = program(20240601, 400);
    const mine = preprocess(createSourceFile('expr.c', src), { bundled: false });
    const r = spawnSync(CLANG, ['-target', 'bpf', '-E', '-P', '-w', '-x', 'c', '-'], { input: src, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.stdout.length).toBeGreaterThan(1000);
    expect(firstDifference(ourTokens(mine.tokens), clangTokens(r.stdout))).toBeUndefined();
  });

  it('parses integer literals like clang', () => {
    expect(parseIntegerLiteral('0x10')).toMatchObject({ value: 16n, unsigned: false });
    expect(parseIntegerLiteral('010')).toMatchObject({ value: 8n, unsigned: false });
    expect(parseIntegerLiteral('0b101')).toMatchObject({ value: 5n, unsigned: false });
    expect(parseIntegerLiteral('5u')).toMatchObject({ value: 5n, unsigned: true });
    expect(parseIntegerLiteral('5LLU')).toMatchObject({ value: 5n, unsigned: true });
    expect(parseIntegerLiteral('9223372036854775808')).toMatchObject({ unsigned: true, implicitUnsigned: true });
    expect(parseIntegerLiteral('0x8000000000000000')).toMatchObject({ unsigned: true, implicitUnsigned: false });
    expect(parseIntegerLiteral('18446744073709551616')).toMatchObject({ tooLarge: true });
    expect(parseIntegerLiteral('08')).toBe("invalid digit '8' in octal constant");
    expect(parseIntegerLiteral('1.5')).toBe('floating point literal in preprocessor expression');
    expect(parseIntegerLiteral('1e3')).toBe('floating point literal in preprocessor expression');
    expect(parseIntegerLiteral('5lL')).toBe("invalid suffix 'lL' on integer constant");
    expect(parseIntegerLiteral('12abc')).toBe("invalid suffix 'abc' on integer constant");
  });

  const diag = (src: string): string[] =>
    preprocess(createSourceFile('e.c', src), { bundled: false }).diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col} ${d.message}`);

  // positions are clang-16's (a missing token is reported just after the last one)
  it('reports errors and treats the condition as false', () => {
    expect(diag('#if 1 / 0\n#endif\n')).toEqual(['C1051 1:7 division by zero in preprocessor expression']);
    expect(diag('#if 0 && 1 / 0\n#endif\n')).toEqual([]);
    expect(diag('#if\n#endif\n')).toEqual(['C1050 1:4 expected value in expression']);
    expect(diag('#if (1\n#endif\n')).toEqual(["C1050 1:7 expected ')' in preprocessor expression"]);
    expect(diag('#if 1 +\n#endif\n')).toEqual(['C1050 1:8 expected value in expression']);
    expect(diag('#if 1 2\n#endif\n')).toEqual(['C1050 1:7 token is not a valid binary operator in a preprocessor subexpression']);
    expect(diag('#if "s"\n#endif\n')).toEqual(['C1050 1:5 invalid token at start of a preprocessor expression']);
    expect(diag('#if 1.0\n#endif\n')).toEqual(['C1050 1:5 floating point literal in preprocessor expression']);
    expect(diag('#if defined\n#endif\n')).toEqual(['C1050 1:12 macro name missing']);
    expect(diag('#if defined(X\n#endif\n')).toEqual(["C1050 1:14 missing ')' after 'defined'"]);
    expect(diag('#if 18446744073709551616\n#endif\n')).toEqual(['C1053 1:5 integer literal is too large to be represented in any integer type']);
    expect(diag('#if 1 ? 2\n#endif\n')).toEqual(["C1050 1:10 expected ':' in preprocessor expression"]);
    expect(diag('#if (9223372036854775807 + 1)\n#endif\n')).toEqual(['C1052 1:26 integer overflow in preprocessor expression']);
    const t = preprocess(createSourceFile('e.c', '#if 1 / 0\nno\n#else\nyes\n#endif\n'), { bundled: false });
    expect(t.tokens.map((x) => x.text)).toEqual(['yes']);
  });

  it('survives deeply nested parentheses with a diagnostic', () => {
    const d = diag(`#if ${'('.repeat(5000)}1${')'.repeat(5000)}\n#endif\n`);
    expect(d).toEqual([expect.stringContaining('nested too deeply')]);
  });
});
