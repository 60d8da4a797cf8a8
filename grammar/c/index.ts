// Public surface of the C grammar: token conversion (preprocessing tokens → parser tokens), a lexer for
// already-preprocessed text, the CST parser and its syntax-error descriptions. The preprocessor has its
// own surface in ./preprocess/index.ts.
export * as ctok from './tokens.js';
export { convertTokens, isFloating, isLoopPragma, type CToken, type SourceLoc,
  type SourceToken } from './token-stream.js';
export { lexPreprocessed } from './raw-lexer.js';
export { parseCst, validateGrammar, type CstParseResult } from './parser.js';
export {
  decodeSyntaxError,
  describeToken,
  type SyntaxErrorAnchor,
  type SyntaxErrorInfo,
  type SyntaxErrorKind,
} from './messages.js';
