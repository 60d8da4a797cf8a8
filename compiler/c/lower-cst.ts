// CST→AST lowering entry: a `translationUnit` CST (grammar/c) becomes a TranslationUnit (ast.ts).
// External declarations are split into declarations, function definitions, static assertions and
// file-scope asm here; the other node kinds are lowered by lower-decl/lower-expr/lower-stmt.
// In: CST + tokens + diagnostics list (through LowerContext); out: the AST. Never throws on any CST
// the parser produces, including CSTs left incomplete by error recovery.
import type { CstNode } from 'chevrotain';
import type { ExternalDecl, TranslationUnit } from './ast.js';
import { initDeclarator, lowerDeclarator, lowerInitDeclarator, lowerSpecifiers, lowerStaticAssert,
  lowerStringLiteral } from './lower-decl.js';
import { node, nodes, tok, toks, type LowerContext } from './lower-context.js';
import { lowerCompound } from './lower-stmt.js';

/** translationUnit := externalDeclaration* */
export function lowerTranslationUnit(cx: LowerContext, n: CstNode): TranslationUnit {
  const decls: ExternalDecl[] = [];
  for (const d of nodes(n, 'externalDeclaration')) {
    const out = lowerExternal(cx, d);
    if (out) decls.push(out);
  }
  return translationUnit(cx, decls);
}

/** The TranslationUnit node for already lowered external declarations (it spans the whole input). */
export function translationUnit(cx: LowerContext, decls: ExternalDecl[]): TranslationUnit {
  const span = cx.tokens.length > 0 ? cx.spanOfTokenRange(0, cx.tokens.length - 1) : cx.endSpan();
  return { kind: 'TranslationUnit', span, decls };
}

/**
 * externalDeclaration := ';' | Pragma | staticAssertDeclaration | asmStatement
 *   | declarationSpecifiers ( ';' | declarator ( compoundStatement | initDeclaratorTail (',' initDeclarator)* ';' ) )
 */
export function lowerExternal(cx: LowerContext, n: CstNode): ExternalDecl | undefined {
  const pragma = tok(n, 'Pragma');
  if (pragma) {
    cx.report('C1112', `expected a for, while, or do-while loop to follow '#pragma ${pragma.image}'`,
      cx.tokenSpan(pragma), pragma);
    return undefined;
  }
  const sa = node(n, 'staticAssertDeclaration');
  if (sa) return lowerStaticAssert(cx, sa);
  const asm = node(n, 'asmStatement');
  if (asm) {
    const operands = nodes(asm, 'outputs').length + nodes(asm, 'inputs').length + toks(asm, 'clobbers').length
      + toks(asm, 'labels').length;
    if (operands > 0 || tok(asm, 'outputsColon')) {
      cx.report('C1115', 'file-scope asm cannot have operands', cx.nodeSpan(asm), asm);
    }
    return { kind: 'FileScopeAsm', ...cx.base(n), template: lowerStringLiteral(cx, toks(asm, 'template')) };
  }
  const specsNode = node(n, 'declarationSpecifiers');
  if (!specsNode) return undefined; // a lone ';'
  const specifiers = lowerSpecifiers(cx, specsNode);
  const first = node(n, 'declarator');
  const body = node(n, 'compoundStatement');
  if (first && body) {
    const declarator = lowerDeclarator(cx, first);
    const fn = declarator.derived[0];
    if (fn === undefined || fn.kind !== 'Function') {
      cx.report('C1114', `'${declarator.name ?? ''}' is not declared as a function, so it cannot have a body`,
        declarator.nameSpan ?? declarator.span, first);
    }
    return { kind: 'FunctionDefinition', ...cx.base(n), specifiers, declarator, body: lowerCompound(cx, body) };
  }
  const declarators = [];
  if (first) declarators.push(initDeclarator(cx, first, first, node(n, 'initDeclaratorTail')));
  for (const d of nodes(n, 'initDeclarator')) declarators.push(lowerInitDeclarator(cx, d));
  return { kind: 'Declaration', ...cx.base(n), specifiers, declarators };
}


