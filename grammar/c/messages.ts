// Syntax error messages in C terms ("expected ';' after expression", "unknown type name 'u32'"), built by
// Chevrotain's error-message hook from the failing rule and tokens. Chevrotain only stores a string per
// error, so the message carries a kind and an anchor: `kind \x1f anchor \x1f text`; `decodeSyntaxError`
// splits it again. In: Chevrotain error contexts; out: encoded messages / SyntaxErrorInfo.
import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';
import type { CToken } from './token-stream.js';

/** What kind of syntax error (the compiler maps each to a stable diagnostic code). */
export type SyntaxErrorKind = 'expected-token' | 'expected-expression' | 'unknown-type-name' | 'expected-identifier'
  | 'expected-declaration' | 'unexpected-token';

/**
 * Where the error is shown: at the unexpected token, or just after the previous token (for a missing
 * terminator such as ';', clang's convention).
 */
export type SyntaxErrorAnchor = 'token' | 'after-previous';

export interface SyntaxErrorInfo {
  kind: SyntaxErrorKind;
  anchor: SyntaxErrorAnchor;
  message: string;
  /** The unexpected token (stream index), undefined at end of input. */
  token: CToken | undefined;
  /** The token before it, if any. */
  previous: CToken | undefined;
}

const SEP = '\x1f';
function encode(kind: SyntaxErrorKind, anchor: SyntaxErrorAnchor, message: string): string {
  return `${kind}${SEP}${anchor}${SEP}${message}`;
}

/** How a token is named in a message: its spelling, or "end of input". */
export function describeToken(t: IToken | undefined): string {
  if (t === undefined || t.tokenType === undefined || t.tokenType.name === 'EOF') return 'end of input';
  return `'${t.image}'`;
}

const SEMICOLON_CONTEXT: Readonly<Record<string, string>> = {
  expressionStatement: 'after expression',
  returnStatement: 'after return statement',
  breakStatement: "after 'break'",
  continueStatement: "after 'continue'",
  gotoStatement: 'after goto statement',
  doStatement: 'after do/while statement',
  declaration: 'after declaration',
  externalDeclaration: 'after top level declarator',
  structDeclaration: 'at end of declaration list',
  staticAssertDeclaration: 'after static assertion',
  asmStatement: "after 'asm' statement",
  forStatement: "in 'for' statement specifier",
};

/** Rules in which "no alternative matched" means an expression was expected. */
const EXPRESSION_RULES = new Set(['expression', 'assignmentExpression', 'conditionalExpression', 'binaryExpression',
  'castExpression', 'unaryExpression', 'postfixExpression', 'primaryExpression', 'initializer', 'statement',
  'blockItem', 'expressionStatement']);

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function isIdentifier(t: IToken | undefined): t is IToken {
  return t !== undefined && t.tokenType === T.Identifier;
}

function firstTokens(paths: TokenType[][][] | TokenType[][]): Set<TokenType> {
  const out = new Set<TokenType>();
  for (const p of paths.flat(1) as (TokenType | TokenType[])[]) {
    const first = Array.isArray(p) ? p[0] : p;
    if (first !== undefined) out.add(first);
  }
  return out;
}

function noViable(ruleName: string, actual: IToken | undefined, expected: Set<TokenType>): string {
  if (EXPRESSION_RULES.has(ruleName)) return encode('expected-expression', 'token', 'expected expression');
  switch (ruleName) {
    case 'externalDeclaration':
    case 'declarationSpecifiers':
    case 'parameterDeclaration':
    case 'structDeclaration':
      if (expected.has(T.Semicolon) && (expected.has(T.Name) || expected.has(T.Star) || expected.has(T.LParen))) {
        return encode('expected-identifier', 'token', "expected identifier or '('");
      }
      if (expected.has(T.Semicolon) && ruleName === 'externalDeclaration') {
        return encode('expected-token', 'after-previous', "expected ';' after top level declarator");
      }
      if (isIdentifier(actual)) return encode('unknown-type-name', 'token', `unknown type name '${actual?.image}'`);
      return encode('expected-declaration', 'token', ruleName === 'structDeclaration'
        ? 'expected member declaration' : ruleName === 'parameterDeclaration' ? 'expected parameter declarator'
          : 'expected external declaration');
    case 'declarator':
      return encode('expected-identifier', 'token', "expected identifier or '('");
    case 'structOrUnionSpecifier':
    case 'enumSpecifier':
      return encode('expected-identifier', 'token', "expected identifier or '{'");
    case 'typeName':
    case 'genericAssociation':
      if (isIdentifier(actual)) return encode('unknown-type-name', 'token', `unknown type name '${actual?.image}'`);
      return encode('expected-declaration', 'token', 'expected a type');
    case 'attribute':
      return encode('expected-identifier', 'token', 'expected attribute name');
    default:
      return encode('unexpected-token', 'token', `unexpected ${describeToken(actual)}`);
  }
}

/** The error-message hook installed in the parser's configuration. */
export const C_ERROR_MESSAGES: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected === T.Semicolon) {
      const ctx = SEMICOLON_CONTEXT[ruleName];
      return encode('expected-token', 'after-previous', ctx ? `expected ';' ${ctx}` : "expected ';'");
    }
    if (expected === T.Name || expected === T.Identifier) {
      return encode('expected-identifier', 'token', 'expected identifier');
    }
    if (expected.name === 'EOF') {
      // top level: something that cannot start a declaration
      if (isIdentifier(actual)) return encode('unknown-type-name', 'token', `unknown type name '${actual.image}'`);
      return encode('unexpected-token', 'token', `unexpected ${describeToken(actual)}`);
    }
    // a missing token is reported where the token found in its place begins, or at the end of the last
    // token when the input ended, as clang-16 reports it
    const anchor = actual.tokenType.name === 'EOF' ? 'after-previous' : 'token';
    return encode('expected-token', anchor, `expected ${label(expected)}`);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return encode('unexpected-token', 'token', `unexpected ${describeToken(firstRedundant)}`);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    return noViable(ruleName, actual[0], firstTokens(expectedPathsPerAlt));
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    if (ruleName === 'asmStatement' || ruleName === 'asmLabel' || ruleName === 'staticAssertDeclaration') {
      return encode('expected-token', 'token', 'expected string literal');
    }
    return noViable(ruleName, actual[0], firstTokens(expectedIterationPaths));
  },
};

/** Splits a recognition error into kind, anchor, message and tokens. */
export function decodeSyntaxError(e: IRecognitionException): SyntaxErrorInfo {
  const parts = e.message.split(SEP);
  const token = e.token as CToken | undefined;
  const prevRaw = (e as { previousToken?: IToken }).previousToken as CToken | undefined;
  const real = (t: CToken | undefined) => (t !== undefined && typeof t.src === 'number' ? t : undefined);
  if (parts.length !== 3) {
    return { kind: 'unexpected-token', anchor: 'token', message: e.message, token: real(token),
      previous: real(prevRaw) };
  }
  return {
    kind: parts[0] as SyntaxErrorKind,
    anchor: parts[1] as SyntaxErrorAnchor,
    message: parts[2],
    token: real(token),
    previous: real(prevRaw),
  };
}
