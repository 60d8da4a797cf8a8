// The C parser: one Chevrotain parser instance per process (its grammar analysis is immutable config,
// built on first use), reset for every parse. In: CToken[] (grammar/c/token-stream.ts); out: the
// `translationUnit` CST and Chevrotain's recognition errors (recovered: parsing continues after them).
import type { CstNode, IRecognitionException } from 'chevrotain';
import { CStatementRules } from './parser-stmt.js';
import type { CToken } from './token-stream.js';
import { PREDEFINED_TYPEDEFS } from './tokens.js';

class CParser extends CStatementRules {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /** Parses a whole translation unit. */
  parseTranslationUnit(tokens: CToken[], typedefs: readonly string[]): CstNode {
    this.beginParse(tokens, typedefs);
    return this.translationUnit();
  }
}

let shared: CParser | undefined;

/** The process-wide parser (grammar analysis runs once, on first use). */
function parser(): CParser {
  shared ??= new CParser();
  return shared;
}

export interface CstParseResult {
  cst: CstNode;
  errors: IRecognitionException[];
}

/**
 * Parses `tokens` as a translation unit. `typedefs` are names visible as typedef names from the start
 * (default: the ones clang predeclares). Not reentrant: the parser instance is shared.
 */
export function parseCst(tokens: CToken[], typedefs: readonly string[] = PREDEFINED_TYPEDEFS): CstParseResult {
  const p = parser();
  const cst = p.parseTranslationUnit(tokens, typedefs);
  return { cst, errors: [...p.errors] };
}
