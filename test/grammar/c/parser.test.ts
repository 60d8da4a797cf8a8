// The CST parser: typedef-name classification across scopes (the declaration/expression ambiguity of C),
// independence of successive parses on the shared parser instance, error recovery, CST shape details
// the lowering relies on (locations are token indices; pragmas sit on statements).
import type { CstNode } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { convertTokens, lexPreprocessed, parseCst, validateGrammar } from '../../../grammar/c/index.js';

function cst(text: string, typedefs?: readonly string[]) {
  return parseCst(convertTokens(lexPreprocessed(text)), typedefs);
}

function child(n: CstNode | undefined, key: string, i = 0): CstNode | undefined {
  return n?.children[key]?.[i] as CstNode | undefined;
}

/** For each block item of the first function body: 'declaration' or 'statement'. */
function blockItemKinds(text: string, typedefs?: readonly string[]): string[] {
  const { cst: tu, errors } = cst(text, typedefs);
  expect(errors.map((e) => e.message)).toEqual([]);
  const fn = (tu.children.externalDeclaration as CstNode[]).find((d) => child(d, 'compoundStatement'));
  const body = child(fn, 'compoundStatement');
  return ((body?.children.blockItem ?? []) as CstNode[]).map((b) => (child(b, 'declaration') ? 'declaration' : 'statement'));
}

describe('grammar', () => {
  it("passes Chevrotain's validations (skipped when the shared parser is built)", () => {
    expect(() => validateGrammar()).not.toThrow();
  });
});

describe('typedef names', () => {
  it('`T * x;` is a declaration when T is a typedef, a multiplication otherwise', () => {
    expect(blockItemKinds('typedef int T; int a, b; void f(void) { T * x; a * b; }')).toEqual(['declaration', 'statement']);
  });

  it('an inner declaration hides the typedef until the end of its block', () => {
    const src = 'typedef int T; int b; void f(void) { { int T; T * b; } T * c; }';
    const { cst: tu, errors } = cst(src);
    expect(errors).toEqual([]);
    const fn = tu.children.externalDeclaration[2] as CstNode;
    const inner = child(child(child(child(fn, 'compoundStatement'), 'blockItem'), 'statement'), 'compoundStatement');
    const kinds = ((inner?.children.blockItem ?? []) as CstNode[]).map((b) => (child(b, 'declaration') ? 'd' : 's'));
    expect(kinds).toEqual(['d', 's']);
    expect(blockItemKinds(src)).toEqual(['statement', 'declaration']);
  });

  it('parameters hide typedefs in the function body, enumerators everywhere after them', () => {
    expect(blockItemKinds('typedef int T; void f(int T) { T * 2; }')).toEqual(['statement']);
    expect(blockItemKinds('typedef int T; enum { T }; int x; void f(void) { T * x; }')).toEqual(['statement']);
  });

  it('`(T)x` is a cast only when T is a typedef', () => {
    const isCast = (text: string) => {
      const { cst: tu } = cst(text);
      const json = JSON.stringify(tu, (k, v) => (k === 'tokenType' ? undefined : v));
      return json.includes('"typeName"');
    };
    expect(isCast('typedef int T; int x; int f(void) { return (T)x; }')).toBe(true);
    expect(isCast('int T, x; int f(void) { return (T)-x; }')).toBe(false);
  });

  it('predefined typedefs are visible; a parse does not see the typedefs of the previous one', () => {
    expect(blockItemKinds('void f(void) { __builtin_va_list * ap; }')).toEqual(['declaration']);
    expect(blockItemKinds('void f(void) { U * p; }', ['U'])).toEqual(['declaration']);
    expect(blockItemKinds('typedef int V; void f(void) { V * p; }')).toEqual(['declaration']);
    expect(blockItemKinds('int V, p; void f(void) { V * p; }')).toEqual(['statement']);
  });

  it('a redeclared typedef name can be a declarator and a member name', () => {
    const { errors } = cst('typedef int T; typedef int T; struct s { T T; }; void g(void) { unsigned T; }');
    expect(errors).toEqual([]);
  });
});

describe('CST shape', () => {
  it('node locations are token index ranges', () => {
    const { cst: tu } = cst('int a; int b = 2;');
    const second = tu.children.externalDeclaration[1] as CstNode;
    expect([second.location?.startOffset, second.location?.endOffset]).toEqual([3, 7]);
  });

  it('loop pragmas are children of the statement they precede', () => {
    const { cst: tu, errors } = cst('void f(int n) {\n#pragma unroll 4\nwhile (n--) ;\n}');
    expect(errors).toEqual([]);
    const stmt = child(child(child(tu.children.externalDeclaration[0] as CstNode, 'compoundStatement'), 'blockItem'), 'statement');
    expect((stmt?.children.Pragma ?? []).map((t) => (t as { image: string }).image)).toEqual(['unroll 4']);
    expect(child(stmt, 'whileStatement')).toBeDefined();
  });
});

describe('error recovery', () => {
  it('reports errors and keeps parsing the following declarations', () => {
    const { cst: tu, errors } = cst('int f(void) { x = ; } } int g; int h(void) { return 1 }');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect((tu.children.externalDeclaration ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('terminates on hostile input', () => {
    for (const s of ['(((((((((', '}}}}}}', 'int (((((*(*(*x', 'struct { struct { struct {', ') ; ( ; { ; }',
      'typedef typedef typedef', 'a ? b : c ? : ? :', 'for (;;', '__attribute__((((((']) {
      const { errors } = cst(s);
      expect(errors.length, s).toBeGreaterThan(0);
    }
  });
});
