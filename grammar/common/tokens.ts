// Token plumbing shared by the Chevrotain grammars: token types that no Chevrotain lexer matches (the
// token stream comes from our own lexers/preprocessor) and Chevrotain tokens linked back to the token
// they were converted from. In: names and labels; out: Chevrotain `TokenType`s and `IToken`s whose
// offsets are indices into the converted stream (so CST node locations are token-index ranges).
import { createToken, Lexer, type IToken, type ITokenConfig, type TokenType } from 'chevrotain';

/** A token type without a lexer pattern; `label` is what error messages show (e.g. "';'"). */
export function defineToken(name: string, label?: string, categories?: TokenType[]): TokenType {
  const config: ITokenConfig = { name, pattern: Lexer.NA, label: label ?? name };
  if (categories !== undefined && categories.length > 0) config.categories = categories;
  return createToken(config);
}

/**
 * A Chevrotain token built from an external token. `startOffset` and `endOffset` are both the token's
 * index in the stream handed to the parser; `index` repeats it for readability.
 */
export interface LinkedToken extends IToken {
  index: number;
}

/** Builds the Chevrotain token for stream position `index`. */
export function linkToken(type: TokenType, image: string, index: number): LinkedToken {
  return {
    image,
    startOffset: index,
    endOffset: index,
    startLine: NaN,
    endLine: NaN,
    startColumn: NaN,
    endColumn: NaN,
    tokenType: type,
    tokenTypeIdx: type.tokenTypeIdx ?? -1,
    index,
  };
}
