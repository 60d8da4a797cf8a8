// Converts preprocessing tokens (grammar/c/preprocess PPToken, or any token with the same shape) into
// the parser's Chevrotain tokens (C11 §6.4: keywords, identifiers, constants, string literals,
// punctuators). Each Chevrotain token keeps the index of the source token it came from, so the AST can
// carry the source token's spelling location and macro origin. In: SourceToken[]; out: CToken[].
import type { TokenType } from 'chevrotain';
import type { LinkedToken } from '../common/tokens.js';
import type { MacroOrigin } from './preprocess/token.js';
import {
  CharConstant, Colon, FloatingConstant, Identifier, IntegerConstant, KEYWORDS, Pragma, PUNCTUATORS,
  StringLiteral,
} from './tokens.js';

/** A location in a source file: 1-based line and column, 0-based character offset. */
export interface SourceLoc {
  file: string;
  line: number;
  col: number;
  offset: number;
}

/**
 * The part of a preprocessing token the parser needs (PPToken is one). `kind` is one of 'identifier',
 * 'number', 'char', 'string', 'punctuator', 'pragma' (text: the pragma's text after `#pragma`), or
 * anything else for tokens the grammar never accepts.
 */
export interface SourceToken {
  kind: string;
  text: string;
  loc: SourceLoc;
  /** Set when the token comes from a macro expansion (see grammar/c/preprocess/token.ts). */
  origin?: MacroOrigin;
}

/**
 * A parser token. `src` indexes the SourceToken array it was converted from. Identifiers have
 * `gen >= -1` and are classified as Identifier or TypedefName by the parser when it looks at them
 * (their `tokenType` changes with the typedef scope); other tokens have `gen === undefined`.
 */
export interface CToken extends LinkedToken {
  src: number;
  gen?: number;
}

/**
 * Converts `tokens` to parser tokens; `__extension__` is dropped (it has no meaning but silence). Tokens
 * that are not C tokens (kind 'other' or 'header-name', an unknown punctuator such as '#' or '@') are
 * left out and, when `stray` is given, their indices are appended to it for the caller to report.
 */
export function convertTokens(tokens: readonly SourceToken[], stray?: number[]): CToken[] {
  const out: CToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const text = t.text;
    switch (t.kind) {
      case 'identifier': {
        if (text === '__extension__') continue;
        const type = KEYWORDS.get(text);
        if (type !== undefined) push(out, type, text, i);
        else push(out, Identifier, text, i, -1);
        break;
      }
      case 'number':
        push(out, isFloating(text) ? FloatingConstant : IntegerConstant, text, i);
        break;
      case 'char':
        push(out, CharConstant, text, i);
        break;
      case 'string':
        push(out, StringLiteral, text, i);
        break;
      case 'punctuator': {
        const type = PUNCTUATORS.get(text);
        if (type !== undefined) push(out, type, text, i);
        else if (text === '::') {
          // C11 has no '::' token; a lexer that produced one means two colons (`asm("" ::: "memory")`)
          push(out, Colon, ':', i);
          push(out, Colon, ':', i);
        } else stray?.push(i);
        break;
      }
      case 'pragma':
        // only loop pragmas are syntax (they attach to the next loop); others (diagnostic push/pop…)
        // may sit anywhere, even inside a declaration, and are dropped here
        if (isLoopPragma(text)) push(out, Pragma, text, i);
        break;
      default:
        stray?.push(i);
    }
  }
  return out;
}

function push(out: CToken[], type: TokenType, image: string, src: number, gen?: number): void {
  // one object literal shape for every token (keeps the parser's property accesses monomorphic)
  const index = out.length;
  out.push({
    image, startOffset: index, endOffset: index, startLine: NaN, endLine: NaN, startColumn: NaN, endColumn: NaN,
    tokenType: type, tokenTypeIdx: type.tokenTypeIdx ?? -1, index, src, gen,
  });
}

/**
 * `#pragma unroll [N]`, `nounroll`, `[no]unroll_and_jam`, `clang loop …`, `GCC unroll N`: pragmas that
 * apply to the next loop (the preprocessor passes only these through; other sources may have more).
 */
export function isLoopPragma(text: string): boolean {
  return /^(?:(?:no)?unroll(?:_and_jam)?|clang\s+loop|GCC\s+unroll)\b/.test(text.trim());
}

/** pp-number classification (C11 §6.4.4): a floating constant has '.', or an exponent (e/E, p/P for hex). */
export function isFloating(text: string): boolean {
  if (text.length > 1 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X')) {
    return text.includes('.') || text.includes('p') || text.includes('P');
  }
  return text.includes('.') || text.includes('e') || text.includes('E');
}
