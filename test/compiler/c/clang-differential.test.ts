// Differential tests of the parser against clang-16's own AST (`-Xclang -ast-dump=json`): the shape of
// seeded random expressions (precedence, associativity, unary/postfix/conditional/comma/cast binding)
// and the values of integer, floating, character and string literals. Skipped without clang.
import { describe, expect, it } from 'vitest';
import type { Expr, FunctionDefinition, InitDeclarator, TranslationUnit } from '../../../compiler/c/index.js';
import { parseCText } from '../../../compiler/c/index.js';
import { CLANG, hasTool, run } from '../../helpers/tools.js';

/** A small seeded generator (xorshift32) so every run tests the same inputs. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

const VARS = ['a', 'b', 'c', 'd', 'e'];
const BINARY = ['*', '/', '%', '+', '-', '<<', '>>', '<', '>', '<=', '>=', '==', '!=', '&', '^', '|', '&&', '||'];

/** Random expression text: operands joined by binary operators, with unary operators, casts, parentheses and ?: mixed in. */
function genExpr(r: (n: number) => number, depth: number): string {
  const term = (): string => {
    const k = r(12);
    if (depth > 0 && k === 0) return `(${genExpr(r, depth - 1)})`;
    if (depth > 0 && k === 1) return `- ${term()}`;
    if (depth > 0 && k === 2) return `~${term()}`;
    if (depth > 0 && k === 3) return `!${term()}`;
    if (depth > 0 && k === 4) return `(long)${term()}`;
    if (k === 5) return `${VARS[r(5)]}++`;
    if (k === 6) return `--${VARS[r(5)]}`;
    if (k === 7) return String(r(100));
    return VARS[r(5)];
  };
  let s = term();
  const n = r(5);
  for (let i = 0; i < n; i++) s += ` ${BINARY[r(BINARY.length)]} ${term()}`;
  if (depth > 0 && r(6) === 0) s += ` ? ${genExpr(r, depth - 1)} : ${genExpr(r, depth - 1)}`;
  return s;
}

/** Our AST as a fully parenthesised string. */
function render(e: Expr): string {
  switch (e.kind) {
    case 'Identifier':
      return e.name;
    case 'IntegerLiteral':
      return String(e.value);
    case 'BinaryExpr':
      return `(${render(e.left)} ${e.op} ${render(e.right)})`;
    case 'UnaryExpr':
      return `(${e.op}${render(e.operand)})`;
    case 'PostfixExpr':
      return `(${render(e.operand)}${e.op})`;
    case 'ConditionalExpr':
      return `(${render(e.cond)} ? ${e.then ? render(e.then) : ''} : ${render(e.else)})`;
    case 'AssignExpr':
      return `(${render(e.target)} ${e.op} ${render(e.value)})`;
    case 'CommaExpr':
      return e.exprs.map(render).reduce((acc, x) => `(${acc} , ${x})`);
    case 'CastExpr':
      return `(cast ${render(e.operand)})`;
    default:
      return `<${e.kind}>`;
  }
}

interface ClangNode {
  kind?: string;
  opcode?: string;
  isPostfix?: boolean;
  value?: string;
  referencedDecl?: { name?: string };
  inner?: ClangNode[];
  type?: { qualType?: string };
}

/** clang's expression as the same fully parenthesised string (ParenExpr and implicit casts are transparent). */
function renderClang(n: ClangNode): string {
  const kids = n.inner ?? [];
  switch (n.kind) {
    case 'ParenExpr':
    case 'ImplicitCastExpr':
      return renderClang(kids[0]);
    case 'DeclRefExpr':
      return n.referencedDecl?.name ?? '?';
    case 'IntegerLiteral':
      return String(n.value);
    case 'BinaryOperator':
    case 'CompoundAssignOperator':
      return `(${renderClang(kids[0])} ${n.opcode} ${renderClang(kids[1])})`;
    case 'UnaryOperator':
      return n.isPostfix ? `(${renderClang(kids[0])}${n.opcode})` : `(${n.opcode}${renderClang(kids[0])})`;
    case 'ConditionalOperator':
      return `(${renderClang(kids[0])} ? ${renderClang(kids[1])} : ${renderClang(kids[2])})`;
    case 'CStyleCastExpr':
      return `(cast ${renderClang(kids[0])})`;
    default:
      return `<${n.kind}>`;
  }
}

function clangAst(source: string): ClangNode {
  const json = run(CLANG, ['-target', 'bpf', '-w', '-fsyntax-only', '-Xclang', '-ast-dump=json', '-x', 'c', '-'], source);
  return JSON.parse(json) as ClangNode;
}

/** The declarations of the main file (clang's JSON also lists its builtin typedefs first). */
function clangDecls(root: ClangNode, names: ReadonlySet<string>): ClangNode[] {
  return (root.inner ?? []).filter((d) => names.has((d as { name?: string }).name ?? ''));
}

describe.skipIf(!hasTool(CLANG))('parser vs clang-16 AST', () => {
  it('random expressions have the same shape (precedence, associativity, binding)', () => {
    const r = rng(0x5eed);
    const exprs = Array.from({ length: 300 }, () => genExpr(r, 3));
    const src = `int a, b, c, d, e;\n${exprs.map((x, i) => `int f${i}(void) { return ${x}; }`).join('\n')}\n`;
    const ours = parseCText(src, 'random.c');
    const lines = src.split('\n');
    expect(ours.diagnostics.map((d) => `${d.message}: ${lines[(d.span?.line ?? 1) - 1]}`)).toEqual([]);
    const oursRendered = ours.ast.decls
      .filter((d): d is FunctionDefinition => d.kind === 'FunctionDefinition')
      .map((f) => {
        const ret = f.body.items[0];
        return ret.kind === 'ReturnStmt' && ret.value ? render(ret.value) : '?';
      });
    const names = new Set(exprs.map((_, i) => `f${i}`));
    const theirs = clangDecls(clangAst(src), names).map((f) => {
      const body = (f.inner ?? []).find((k) => k.kind === 'CompoundStmt');
      const ret = body?.inner?.[0];
      return ret?.inner?.[0] ? renderClang(ret.inner[0]) : '?';
    });
    expect(oursRendered.length).toBe(300);
    expect(oursRendered).toEqual(theirs);
  });

  it('assignment, comma and conditional chains bind like clang', () => {
    const exprs = ['a = b = c', 'a += b -= c * d', 'a = b ? c : d ? e : a', 'a = (b, c, d)', 'a = b ? c = d : e',
      'a = b || c ? d && e : a | b', 'a <<= b >> c >> d', 'a = -b++ - --c', 'a = !~-b', 'a = b < c == d > e != a'];
    const src = `int a, b, c, d, e;\n${exprs.map((x, i) => `void f${i}(void) { ${x}; }`).join('\n')}\n`;
    const ours = parseCText(src, 'assign.c');
    expect(ours.diagnostics).toEqual([]);
    const oursRendered = ours.ast.decls
      .filter((d): d is FunctionDefinition => d.kind === 'FunctionDefinition')
      .map((f) => {
        const s = f.body.items[0];
        return s.kind === 'ExprStmt' && s.expr ? render(s.expr) : '?';
      });
    const theirs = clangDecls(clangAst(src), new Set(exprs.map((_, i) => `f${i}`))).map((f) => {
      const body = (f.inner ?? []).find((k) => k.kind === 'CompoundStmt');
      return body?.inner?.[0] ? renderClang(body.inner[0]) : '?';
    });
    expect(oursRendered).toEqual(theirs);
  });

  it('literal values equal clang-16\'s', () => {
    const ints = ['0', '7', '010', '0777', '0x1F', '0XaBu', '0b1011', '42u', '42l', '42LL', '42ull', '2147483647',
      '2147483648', '4294967295', '4294967296', '0x7fffffff', '0x80000000', '9223372036854775807',
      '18446744073709551615ULL', '0xffffffffffffffff', '01777777777777777777777'];
    const floats = ['1.5', '.5', '5.', '1e3', '1.5e-3', '2E+2', '1.0f', '0x1p3', '0x1.8p1', '0x.8p0', '1e-5', '3.14159'];
    const chars = ["'a'", "'\\n'", "'\\0'", "'\\x7f'", "'\\177'", "'\\''", "'\"'", "'\\\\'", "'\\e'", "'\\xff'", "'\\200'",
      "'ab'", "'abcd'", "L'x'", "L'\\xff'", "u'y'", "U'\\U0001F600'", "'\\a'", "'\\v'", "'\\?'"];
    const strings = ['"tab\\there\\n"', '"a" "b" "c"', '"\\x41\\102\\u00e9"', 'u8"\\u20ac"', '"\\"q\\" \\\\ \\?"',
      '"\\377\\001"', '"\\xfF"', '""'];
    const decls = [
      ...ints.map((v, i) => `unsigned long long i${i} = ${v};`),
      ...floats.map((v, i) => `double f${i} = ${v};`),
      ...chars.map((v, i) => `int c${i} = ${v};`),
      ...strings.map((v, i) => `char *s${i} = ${v};`),
    ];
    const src = decls.join('\n') + '\n';
    const ours = parseCText(src, 'literals.c');
    expect(ours.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ourValues = new Map<string, string>();
    for (const d of (ours.ast as TranslationUnit).decls) {
      if (d.kind !== 'Declaration') continue;
      const id = d.declarators[0] as InitDeclarator;
      const init = id.init;
      if (!init || !id.declarator.name) continue;
      ourValues.set(id.declarator.name, literalValue(init as Expr));
    }
    const names = new Set(ourValues.keys());
    const theirs = new Map<string, string>();
    for (const d of clangDecls(clangAst(src), names)) {
      const lit = findLiteral(d);
      theirs.set((d as { name: string }).name, lit ? clangLiteralValue(lit) : '?');
    }
    expect(Object.fromEntries(ourValues)).toEqual(Object.fromEntries(theirs));
  });
});

/** Our literal's value, written the way clang's JSON writes it. */
function literalValue(e: Expr): string {
  switch (e.kind) {
    case 'IntegerLiteral':
      return String(e.value);
    case 'FloatLiteral':
      return String(e.value);
    case 'CharLiteral':
      // clang gives the value after conversion to the literal's type: plain char is signed on BPF, so
      // '\xff' is -1, shown as its 32-bit unsigned pattern
      if (e.prefix === '' && e.value >= 0x80 && e.value <= 0xff) return String((e.value - 256) >>> 0);
      return String(e.value);
    case 'StringLiteral':
      return e.value.map((u) => u.toString(16)).join(' ');
    default:
      return `<${e.kind}>`;
  }
}

function findLiteral(n: ClangNode): ClangNode | undefined {
  if (n.kind === 'IntegerLiteral' || n.kind === 'FloatingLiteral' || n.kind === 'CharacterLiteral' || n.kind === 'StringLiteral') return n;
  for (const k of n.inner ?? []) {
    const f = findLiteral(k);
    if (f) return f;
  }
  return undefined;
}

/** clang's literal value in the same notation as literalValue(): string literals as hex code units. */
function clangLiteralValue(n: ClangNode): string {
  const v = String(n.value ?? '');
  if (n.kind === 'FloatingLiteral') return String(Number(v));
  if (n.kind !== 'StringLiteral') return v;
  // clang prints the string as a C literal with octal escapes for non-printable bytes
  const body = v.replace(/^[uUL8]*"/, '').replace(/"$/, '');
  const units: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      units.push(body.charCodeAt(i));
      continue;
    }
    const c = body[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34, "'": 39, '?': 63, e: 27 };
    if (c in simple) units.push(simple[c]);
    else if (/[0-7]/.test(c)) {
      let j = i;
      let val = 0;
      while (j < body.length && j < i + 3 && /[0-7]/.test(body[j])) val = val * 8 + Number(body[j++]);
      units.push(val);
      i = j - 1;
    } else units.push(c.charCodeAt(0));
  }
  return units.map((u) => u.toString(16)).join(' ');
}
