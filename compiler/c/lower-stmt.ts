// CST→AST lowering of statements (C11 §6.8 plus GNU case ranges, attributed statements and asm) and of
// loop pragmas: `#pragma unroll …` tokens in front of a statement attach to it when it is a loop, and
// are an error otherwise (as in clang). In: CST nodes of grammar/c's statement rules; out: Stmt nodes.
import type { CstNode } from 'chevrotain';
import type { CToken } from '../../grammar/c/index.js';
import type { AsmOperand, AsmQualifier, BlockItem, CompoundStmt, ErrorStmt, ForStmt, LoopPragma, Stmt } from './ast.js';
import { lowerAttributeSpecifiers, lowerDeclaration, lowerStringLiteral } from './lower-decl.js';
import { errorExpr, lowerConditional, lowerExpression } from './lower-expr.js';
import { keywordOf, node, nodes, tok, toks, type LowerContext } from './lower-context.js';

function errorStmt(cx: LowerContext, at: CstNode): ErrorStmt {
  return { kind: 'ErrorStmt', span: cx.nodeSpan(at) };
}

function stmtOr(cx: LowerContext, n: CstNode | undefined, parent: CstNode): Stmt {
  return n ? lowerStatement(cx, n) : errorStmt(cx, parent);
}

function exprOr(cx: LowerContext, n: CstNode | undefined, parent: CstNode) {
  return n ? lowerExpression(cx, n) : errorExpr(cx, parent);
}

/** compoundStatement := '{' blockItem* '}' */
export function lowerCompound(cx: LowerContext, n: CstNode): CompoundStmt {
  const items: BlockItem[] = [];
  for (const b of nodes(n, 'blockItem')) {
    const d = node(b, 'declaration');
    if (d) {
      const decl = lowerDeclaration(cx, d);
      if (decl) items.push(decl);
      continue;
    }
    const s = node(b, 'statement');
    if (s) items.push(lowerStatement(cx, s));
  }
  return { kind: 'CompoundStmt', ...cx.base(n), items };
}

/** A loop pragma's meaning for unrolling. */
export function parseLoopPragma(text: string): LoopPragma['unroll'] {
  const t = text.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if (/^nounroll\b/.test(t)) return 'disable';
  if ((m = /^unroll\s*(?:\(\s*(\d+)\s*\)|(\d+))?\s*$/.exec(t))) {
    const n = m[1] ?? m[2];
    return n === undefined ? 'full' : Number(n);
  }
  if ((m = /^GCC unroll\s*(\d+)/.exec(t))) return Number(m[1]);
  if (/^clang loop\b/.test(t)) {
    if ((m = /unroll_count\s*\(\s*(\d+)\s*\)/.exec(t))) return Number(m[1]);
    if ((m = /unroll\s*\(\s*(\w+)\s*\)/.exec(t))) {
      if (m[1] === 'disable') return 'disable';
      if (m[1] === 'full' || m[1] === 'enable') return 'full';
    }
  }
  return undefined;
}

function lowerPragma(cx: LowerContext, t: CToken): LoopPragma {
  const out: LoopPragma = { kind: 'LoopPragma', ...cx.base(t), text: t.image };
  const unroll = parseLoopPragma(t.image);
  if (unroll !== undefined) out.unroll = unroll;
  return out;
}

/** statement := Pragma* ( labeledStatement | … | attributeSpecifier+ statement | expressionStatement ) */
export function lowerStatement(cx: LowerContext, n: CstNode): Stmt {
  const stmt = lowerBareStatement(cx, n);
  const pragmas = toks(n, 'Pragma');
  if (pragmas.length > 0) {
    if (stmt.kind === 'WhileStmt' || stmt.kind === 'DoWhileStmt' || stmt.kind === 'ForStmt') {
      stmt.pragmas = pragmas.map((p) => lowerPragma(cx, p));
    } else {
      for (const p of pragmas) {
        const message = `expected a for, while, or do-while loop to follow '#pragma ${p.image}'`;
        cx.report('C1112', message, cx.tokenSpan(p), p);
      }
    }
  }
  return stmt;
}

function lowerBareStatement(cx: LowerContext, n: CstNode): Stmt {
  let c: CstNode | undefined;
  if ((c = node(n, 'expressionStatement'))) {
    const e = node(c, 'expression');
    return e ? { kind: 'ExprStmt', ...cx.base(c), expr: lowerExpression(cx, e) } : { kind: 'ExprStmt', ...cx.base(c) };
  }
  if ((c = node(n, 'compoundStatement'))) return lowerCompound(cx, c);
  if ((c = node(n, 'ifStatement'))) {
    const [then, otherwise] = nodes(c, 'statement');
    const cond = exprOr(cx, node(c, 'expression'), c);
    const out: Stmt = { kind: 'IfStmt', ...cx.base(c), cond, then: stmtOr(cx, then, c) };
    if (otherwise) out.else = lowerStatement(cx, otherwise);
    return out;
  }
  if ((c = node(n, 'returnStatement'))) {
    const e = node(c, 'expression');
    return e
      ? { kind: 'ReturnStmt', ...cx.base(c), value: lowerExpression(cx, e) }
      : { kind: 'ReturnStmt', ...cx.base(c) };
  }
  if ((c = node(n, 'forStatement'))) return lowerFor(cx, c);
  if ((c = node(n, 'whileStatement'))) {
    return {
      kind: 'WhileStmt', ...cx.base(c), cond: exprOr(cx, node(c, 'expression'), c),
      body: stmtOr(cx, node(c, 'statement'), c), pragmas: [],
    };
  }
  if ((c = node(n, 'doStatement'))) {
    return {
      kind: 'DoWhileStmt', ...cx.base(c), body: stmtOr(cx, node(c, 'statement'), c),
      cond: exprOr(cx, node(c, 'expression'), c), pragmas: [],
    };
  }
  if ((c = node(n, 'switchStatement'))) {
    const cond = exprOr(cx, node(c, 'expression'), c);
    return { kind: 'SwitchStmt', ...cx.base(c), cond, body: stmtOr(cx, node(c, 'statement'), c) };
  }
  if ((c = node(n, 'caseStatement'))) {
    const [value, last] = nodes(c, 'conditionalExpression');
    const out: Stmt = {
      kind: 'CaseStmt', ...cx.base(c), value: value ? lowerConditional(cx, value) : errorExpr(cx, c),
      body: stmtOr(cx, node(c, 'statement'), c),
    };
    if (last) out.last = lowerConditional(cx, last);
    return out;
  }
  if ((c = node(n, 'defaultStatement'))) {
    return { kind: 'DefaultStmt', ...cx.base(c), body: stmtOr(cx, node(c, 'statement'), c) };
  }
  if ((c = node(n, 'breakStatement'))) return { kind: 'BreakStmt', ...cx.base(c) };
  if ((c = node(n, 'continueStatement'))) return { kind: 'ContinueStmt', ...cx.base(c) };
  if ((c = node(n, 'gotoStatement'))) return { kind: 'GotoStmt', ...cx.base(c), label: tok(c, 'Name')?.image ?? '' };
  if ((c = node(n, 'labeledStatement'))) {
    return {
      kind: 'LabeledStmt', ...cx.base(c), label: tok(c, 'Name')?.image ?? '',
      attributes: lowerAttributeSpecifiers(cx, nodes(c, 'attributeSpecifier')),
      body: stmtOr(cx, node(c, 'statement'), c),
    };
  }
  if ((c = node(n, 'asmStatement'))) return lowerAsm(cx, c);
  const attrs = nodes(n, 'attributeSpecifier');
  if (attrs.length > 0) {
    return {
      kind: 'AttributedStmt', ...cx.base(n), attributes: lowerAttributeSpecifiers(cx, attrs),
      body: stmtOr(cx, node(n, 'statement'), n),
    };
  }
  return errorStmt(cx, n);
}

/** forStatement := 'for' '(' ( declaration | [init] ';' ) [cond] ';' [step] ')' statement */
function lowerFor(cx: LowerContext, n: CstNode): ForStmt {
  const out: ForStmt = { kind: 'ForStmt', ...cx.base(n), body: stmtOr(cx, node(n, 'statement'), n), pragmas: [] };
  const decl = node(n, 'declaration');
  const init = node(n, 'init');
  const cond = node(n, 'cond');
  const step = node(n, 'step');
  if (decl) {
    const d = lowerDeclaration(cx, decl);
    if (d) out.init = d;
  } else if (init) {
    out.init = lowerExpression(cx, init);
  }
  if (cond) out.cond = lowerExpression(cx, cond);
  if (step) out.step = lowerExpression(cx, step);
  return out;
}

/** asmStatement := 'asm' qualifiers '(' template [':' outputs [':' inputs [':' clobbers [':' labels]]]] ')' ';' */
function lowerAsm(cx: LowerContext, n: CstNode): Stmt {
  const qualifiers: AsmQualifier[] = [];
  const written = [...toks(n, 'Qualifier'), ...toks(n, 'Inline'), ...toks(n, 'Goto')];
  for (const q of written.sort((a, b) => a.startOffset - b.startOffset)) {
    const k = keywordOf(q);
    if (k === 'volatile' || k === 'inline' || k === 'goto') qualifiers.push(k);
    else cx.report('C1115', `'${q.image}' is not a valid asm qualifier`, cx.tokenSpan(q), q);
  }
  return {
    kind: 'AsmStmt',
    ...cx.base(n),
    qualifiers,
    template: lowerStringLiteral(cx, toks(n, 'template')),
    outputs: nodes(n, 'outputs').map((o) => lowerAsmOperand(cx, o)),
    inputs: nodes(n, 'inputs').map((o) => lowerAsmOperand(cx, o)),
    clobbers: toks(n, 'clobbers').map((t) => lowerStringLiteral(cx, [t])),
    labels: toks(n, 'labels').map((t) => t.image),
  };
}

/** asmOperand := ['[' Name ']'] StringLiteral '(' expression ')' */
function lowerAsmOperand(cx: LowerContext, n: CstNode): AsmOperand {
  const out: AsmOperand = {
    kind: 'AsmOperand',
    ...cx.base(n),
    constraint: lowerStringLiteral(cx, toks(n, 'StringLiteral')),
    expr: exprOr(cx, node(n, 'expression'), n),
  };
  const name = tok(n, 'Name');
  if (name) out.name = name.image;
  return out;
}
