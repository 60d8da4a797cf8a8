// CST→AST lowering of expressions (C11 §6.5 plus GNU extensions). The grammar parses a binary
// expression as a flat `cast (op cast)*`; here the operators get C's precedence and left associativity
// (§6.5.5–6.5.14: * / % > + - > << >> > < > <= >= > == != > & > ^ > | > && > ||). Constants are decoded
// (literals.ts); decoding problems are reported. In: CST nodes of grammar/c's expression rules; out: Expr.
import type { CstNode } from 'chevrotain';
import type { CToken } from '../../grammar/c/index.js';
import type {
  AssignOp, BinaryOp, BuiltinOffsetof, CharLiteral, ConditionalExpr, ErrorExpr, Expr, FloatLiteral,
  GenericAssociation, IntegerLiteral, OffsetofStep, Span, UnaryOp,
} from './ast.js';
import { lowerInitList, lowerStringLiteral, lowerTypeName } from './lower-decl.js';
import { inOrder, node, nodes, tok, toks, type LowerContext } from './lower-context.js';
import { lowerCompound } from './lower-stmt.js';
import { decodeChar, decodeFloat, decodeInteger, isProblem, type LiteralProblem } from './literals.js';

/** A placeholder where the parser recovered from a syntax error (already reported). */
export function errorExpr(cx: LowerContext, at: CstNode | CToken | undefined): ErrorExpr {
  const span = at === undefined ? cx.endSpan() : 'children' in at ? cx.nodeSpan(at) : cx.tokenSpan(at);
  return { kind: 'ErrorExpr', span };
}

function sub(cx: LowerContext, n: CstNode | undefined, lower: (cx: LowerContext, n: CstNode) => Expr,
  parent: CstNode): Expr {
  return n ? lower(cx, n) : errorExpr(cx, parent);
}

/** expression := assignmentExpression (',' assignmentExpression)* */
export function lowerExpression(cx: LowerContext, n: CstNode): Expr {
  const parts = nodes(n, 'assignmentExpression').map((e) => lowerAssignment(cx, e));
  if (parts.length === 1) return parts[0];
  if (parts.length === 0) return errorExpr(cx, n);
  return { kind: 'CommaExpr', ...cx.base(n), exprs: parts };
}

/** assignmentExpression := conditionalExpression [AssignOp assignmentExpression] */
export function lowerAssignment(cx: LowerContext, n: CstNode): Expr {
  const left = sub(cx, node(n, 'conditionalExpression'), lowerConditional, n);
  const op = tok(n, 'AssignOp');
  if (!op) return left;
  return {
    kind: 'AssignExpr',
    ...cx.base(n),
    op: op.image as AssignOp,
    target: left,
    value: sub(cx, node(n, 'assignmentExpression'), lowerAssignment, n),
  };
}

/** conditionalExpression := binaryExpression ['?' [expression] ':' conditionalExpression] */
export function lowerConditional(cx: LowerContext, n: CstNode): Expr {
  const cond = sub(cx, node(n, 'binaryExpression'), lowerBinary, n);
  if (!tok(n, 'Question')) return cond;
  const out: ConditionalExpr = {
    kind: 'ConditionalExpr',
    ...cx.base(n),
    cond,
    else: sub(cx, node(n, 'conditionalExpression'), lowerConditional, n),
  };
  const then = node(n, 'expression');
  if (then) out.then = lowerExpression(cx, then);
  return out;
}

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  '*': 10, '/': 10, '%': 10, '+': 9, '-': 9, '<<': 8, '>>': 8, '<': 7, '>': 7, '<=': 7, '>=': 7, '==': 6,
  '!=': 6, '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

/** binaryExpression := castExpression (BinaryOp castExpression)*, with C precedence applied. */
export function lowerBinary(cx: LowerContext, n: CstNode): Expr {
  const casts = nodes(n, 'castExpression');
  // each operand with the span of its whole CST node (which includes any parentheses around it)
  const operands = casts.map((c) => ({ e: lowerCast(cx, c), span: cx.nodeSpan(c) }));
  const ops = toks(n, 'BinaryOp').map((t) => t.image as BinaryOp);
  if (operands.length === 0) return errorExpr(cx, n);
  while (operands.length < ops.length + 1) operands.push({ e: errorExpr(cx, n), span: cx.nodeSpan(n) });
  if (ops.length === 0) return operands[0].e;
  // operator-precedence parsing over the flat list: reduce while the stacked operator binds at least as
  // tightly as the incoming one (all binary operators are left-associative)
  const values = [operands[0]];
  const stack: BinaryOp[] = [];
  const reduce = (): void => {
    const right = values.pop() as (typeof values)[number];
    const left = values.pop() as (typeof values)[number];
    const op = stack.pop() as BinaryOp;
    const span = cx.join(left.span, right.span);
    values.push({ e: { kind: 'BinaryExpr', span, ...originOf(left.e), op, left: left.e, right: right.e }, span });
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    while (stack.length > 0 && PRECEDENCE[stack[stack.length - 1]] >= PRECEDENCE[op]) reduce();
    stack.push(op);
    values.push(operands[i + 1]);
  }
  while (stack.length > 0) reduce();
  return values[0].e;
}

function originOf(e: Expr): { origin?: Expr['origin'] } {
  return e.origin === undefined ? {} : { origin: e.origin };
}

/** castExpression := '(' typeName ')' ( initializerList postfixSuffix* | castExpression ) | unaryExpression */
export function lowerCast(cx: LowerContext, n: CstNode): Expr {
  const unary = node(n, 'unaryExpression');
  if (unary) return lowerUnary(cx, unary);
  const tn = node(n, 'typeName');
  if (!tn) return errorExpr(cx, n);
  const type = lowerTypeName(cx, tn);
  const list = node(n, 'initializerList');
  if (list) return compoundLiteral(cx, n, type, list);
  return { kind: 'CastExpr', ...cx.base(n), type, operand: sub(cx, node(n, 'castExpression'), lowerCast, n) };
}

/** `( type ) { … } postfixSuffix*` in a cast or sizeof node. */
function compoundLiteral(cx: LowerContext, n: CstNode, type: ReturnType<typeof lowerTypeName>, list: CstNode): Expr {
  const lit: Expr = { kind: 'CompoundLiteral', ...cx.base(n), type, init: lowerInitList(cx, list) };
  const lparen = tok(n, 'LParen');
  lit.span = cx.join(lparen ? cx.tokenSpan(lparen) : type.span, cx.nodeSpan(list));
  return applySuffixes(cx, lit, lit.span, nodes(n, 'postfixSuffix'));
}

const UNARY_KEYS = ['Amp', 'Star', 'Plus', 'Minus', 'Tilde', 'Bang'];

/**
 * unaryExpression := postfixExpression | ('++' | '--') unaryExpression | UnaryOp castExpression
 *   | ('sizeof' | '_Alignof') ( '(' typeName ')' [initializerList postfixSuffix*] | unaryExpression )
 */
export function lowerUnary(cx: LowerContext, n: CstNode): Expr {
  const post = node(n, 'postfixExpression');
  if (post) return lowerPostfix(cx, post);
  const incdec = tok(n, 'PlusPlus') ?? tok(n, 'MinusMinus');
  if (incdec) {
    const operand = sub(cx, node(n, 'unaryExpression'), lowerUnary, n);
    return { kind: 'UnaryExpr', ...cx.base(n), op: incdec.image as UnaryOp, operand };
  }
  const opTok = inOrder(n, UNARY_KEYS)[0]?.el as CToken | undefined;
  if (opTok) {
    const operand = sub(cx, node(n, 'castExpression'), lowerCast, n);
    return { kind: 'UnaryExpr', ...cx.base(n), op: opTok.image as UnaryOp, operand };
  }
  const sizeofTok = tok(n, 'Sizeof');
  const alignofTok = tok(n, 'Alignof');
  if (!sizeofTok && !alignofTok) return errorExpr(cx, n);
  const tn = node(n, 'typeName');
  if (tn) {
    const type = lowerTypeName(cx, tn);
    const list = node(n, 'initializerList');
    if (list) {
      const operand = compoundLiteral(cx, n, type, list);
      return sizeofTok
        ? { kind: 'SizeofExpr', ...cx.base(n), operand }
        : { kind: 'AlignofExpr', ...cx.base(n), operand };
    }
    return sizeofTok ? { kind: 'SizeofType', ...cx.base(n), type } : { kind: 'AlignofType', ...cx.base(n), type };
  }
  const operand = sub(cx, node(n, 'unaryExpression'), lowerUnary, n);
  return sizeofTok ? { kind: 'SizeofExpr', ...cx.base(n), operand } : { kind: 'AlignofExpr', ...cx.base(n), operand };
}

/** postfixExpression := primaryExpression postfixSuffix* */
export function lowerPostfix(cx: LowerContext, n: CstNode): Expr {
  const primary = node(n, 'primaryExpression');
  const first = sub(cx, primary, lowerPrimary, n);
  return applySuffixes(cx, first, primary ? cx.nodeSpan(primary) : first.span, nodes(n, 'postfixSuffix'));
}

/** postfixSuffix := '[' expression ']' | '(' args ')' | ('.' | '->') Name | '++' | '--' — applied left to right. */
function applySuffixes(cx: LowerContext, first: Expr, firstSpan: Span, suffixes: readonly CstNode[]): Expr {
  let e = first;
  for (const s of suffixes) {
    // from the start of the operand as written (with its parentheses) to the end of the suffix
    const span = cx.join(firstSpan, cx.nodeSpan(s));
    const origin = originOf(first);
    if (tok(s, 'LBracket')) {
      e = { kind: 'IndexExpr', span, ...origin, base: e, index: sub(cx, node(s, 'expression'), lowerExpression, s) };
    } else if (tok(s, 'LParen')) {
      const args = nodes(s, 'assignmentExpression').map((a) => lowerAssignment(cx, a));
      e = { kind: 'CallExpr', span, ...origin, callee: e, args };
    } else if (tok(s, 'Dot') || tok(s, 'Arrow')) {
      const name = tok(s, 'Name');
      e = {
        kind: 'MemberExpr', span, ...origin, object: e, member: name?.image ?? '',
        memberSpan: name ? cx.tokenSpan(name) : span, arrow: tok(s, 'Arrow') !== undefined,
      };
    } else {
      const op = tok(s, 'PlusPlus') ? '++' : '--';
      e = { kind: 'PostfixExpr', span, ...origin, op, operand: e };
    }
  }
  return e;
}

/**
 * primaryExpression := Identifier | IntegerConstant | FloatingConstant | CharConstant | StringLiteral+
 *   | '(' compoundStatement ')' | '(' expression ')' | _Generic | __builtin_offsetof | __builtin_va_arg
 *   | __builtin_types_compatible_p
 */
export function lowerPrimary(cx: LowerContext, n: CstNode): Expr {
  const id = tok(n, 'Identifier');
  if (id) return { kind: 'Identifier', ...cx.base(id), name: id.image };
  const int = tok(n, 'IntegerConstant');
  if (int) return lowerInteger(cx, int);
  const flt = tok(n, 'FloatingConstant');
  if (flt) return lowerFloat(cx, flt);
  const chr = tok(n, 'CharConstant');
  if (chr) return lowerChar(cx, chr);
  const strs = toks(n, 'StringLiteral');
  if (strs.length > 0) return lowerStringLiteral(cx, strs);
  const body = node(n, 'compoundStatement');
  if (body) return { kind: 'StmtExpr', ...cx.base(n), body: lowerCompound(cx, body) };
  const paren = node(n, 'expression');
  if (paren) return lowerExpression(cx, paren);
  if (tok(n, 'Generic')) {
    const associations: GenericAssociation[] = nodes(n, 'genericAssociation').map((a) => {
      const tn = node(a, 'typeName');
      const value = sub(cx, node(a, 'assignmentExpression'), lowerAssignment, a);
      const out: GenericAssociation = { kind: 'GenericAssociation', ...cx.base(a), value };
      if (tn) out.type = lowerTypeName(cx, tn);
      return out;
    });
    const controlling = sub(cx, node(n, 'assignmentExpression'), lowerAssignment, n);
    return { kind: 'GenericSelection', ...cx.base(n), controlling, associations };
  }
  const types = nodes(n, 'typeName');
  if (tok(n, 'BuiltinOffsetof') && types[0]) {
    const type = lowerTypeName(cx, types[0]);
    const out: BuiltinOffsetof = { kind: 'BuiltinOffsetof', ...cx.base(n), type, path: [] };
    const d = node(n, 'offsetofDesignator');
    if (d) out.path = lowerOffsetofPath(cx, d);
    return out;
  }
  if (tok(n, 'BuiltinVaArg') && types[0]) {
    const list = sub(cx, node(n, 'assignmentExpression'), lowerAssignment, n);
    return { kind: 'BuiltinVaArg', ...cx.base(n), list, type: lowerTypeName(cx, types[0]) };
  }
  if (tok(n, 'BuiltinTypesCompatibleP') && types[0] && types[1]) {
    const [left, right] = [lowerTypeName(cx, types[0]), lowerTypeName(cx, types[1])];
    return { kind: 'BuiltinTypesCompatible', ...cx.base(n), left, right };
  }
  return errorExpr(cx, n);
}

/** offsetofDesignator := Name ('.' Name | '[' expression ']')* */
function lowerOffsetofPath(cx: LowerContext, n: CstNode): OffsetofStep[] {
  const names = toks(n, 'Name');
  const exprs = nodes(n, 'expression');
  const path: OffsetofStep[] = [];
  if (names[0]) path.push({ kind: 'Field', name: names[0].image, span: cx.tokenSpan(names[0]) });
  let ni = 1;
  let ei = 0;
  for (const { key, el } of inOrder(n, ['Dot', 'LBracket'])) {
    if (key === 'Dot') {
      const name = names[ni++];
      if (name) path.push({ kind: 'Field', name: name.image, span: cx.tokenSpan(name) });
    } else {
      const e = exprs[ei++];
      const index = e ? lowerExpression(cx, e) : errorExpr(cx, el as CToken);
      path.push({ kind: 'Index', index, span: e ? cx.nodeSpan(e) : cx.tokenSpan(el as CToken) });
    }
  }
  return path;
}

// ---- constants ---------------------------------------------------------------------------------------

function reportLiteral(cx: LowerContext, t: CToken, p: LiteralProblem, errorCode: 'C1107' | 'C1108' | 'C1109'): void {
  const at = cx.spanInToken(t, p.offset, p.message.includes('escape') ? 2 : 1);
  if (p.severity === 'error') cx.report(errorCode, p.message, at, t);
  else cx.report(p.message.startsWith('multi-character') ? 'C1111' : 'C1110', p.message, at, t);
}

function lowerInteger(cx: LowerContext, t: CToken): IntegerLiteral {
  const r = decodeInteger(t.image);
  if (isProblem(r)) {
    reportLiteral(cx, t, r, 'C1107');
    return { kind: 'IntegerLiteral', ...cx.base(t), text: t.image, value: 0n, base: 10, unsigned: false, longs: 0 };
  }
  return { kind: 'IntegerLiteral', ...cx.base(t), text: t.image, ...r };
}

function lowerFloat(cx: LowerContext, t: CToken): FloatLiteral {
  const r = decodeFloat(t.image);
  if (isProblem(r)) {
    reportLiteral(cx, t, r, 'C1108');
    return { kind: 'FloatLiteral', ...cx.base(t), text: t.image, value: 0, suffix: '' };
  }
  return { kind: 'FloatLiteral', ...cx.base(t), text: t.image, ...r };
}

function lowerChar(cx: LowerContext, t: CToken): CharLiteral {
  const problems: LiteralProblem[] = [];
  const { prefix, value } = decodeChar(t.image, problems);
  for (const p of problems) reportLiteral(cx, t, p, 'C1109');
  return { kind: 'CharLiteral', ...cx.base(t), text: t.image, prefix, value };
}
