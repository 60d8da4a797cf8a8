// The C parser: one Chevrotain parser instance per process (its grammar analysis is immutable config,
// built on first use), reset for every parse. In: CToken[] (grammar/c/token-stream.ts); out: the
// `translationUnit` CST and Chevrotain's recognition errors (recovered: parsing continues after them).
import type { CstElement, CstNode, IRecognitionException, TokenType } from 'chevrotain';
import { CStatementRules } from './parser-stmt.js';
import type { CToken } from './token-stream.js';
import * as T from './tokens.js';
import { PREDEFINED_TYPEDEFS } from './tokens.js';

class CParser extends CStatementRules {
  constructor(validate = false) {
    super(validate);
    this.performSelfAnalysis();
  }

  /**
   * Parses a whole translation unit. Chevrotain's recovery resynchronises inside rules; when it gives up
   * (the top rule stops before the end of the input), parsing resumes at the next token that can start
   * an external declaration, and the CSTs of all runs are merged. With `onExternal`, each external
   * declaration's CST is handed over as soon as it is complete, in order, and not kept in the result.
   */
  parseTranslationUnit(tokens: CToken[], typedefs: readonly string[],
    onExternal?: (n: CstNode) => void, scope?: ReadonlyMap<string, boolean>): CstParseResult {
    this.beginParse(tokens, typedefs, scope);
    this.onExternal = onExternal;
    const decls: CstElement[] = [];
    const errors: IRecognitionException[] = [];
    let cst: CstNode | undefined;
    try {
      for (;;) {
        const part = this.translationUnit();
        cst ??= part;
        const rest = part.children.externalDeclaration ?? [];
        if (onExternal !== undefined) for (const d of rest) onExternal(d as CstNode);
        else decls.push(...rest);
        errors.push(...this.errors);
        const stop = this.errors.find((e) => e.name === 'NotAllInputParsedException');
        if (stop === undefined) break;
        const resume = this.resumePoint(tokens, (stop.token as CToken).index + 1);
        if (resume >= tokens.length) break;
        this.closeScope(1);
        this.input = tokens.slice(resume);
      }
    } finally {
      this.onExternal = undefined;
    }
    cst.children.externalDeclaration = decls;
    if (cst.location) cst.location.endOffset = tokens.length - 1;
    return { cst, errors, scope: this.fileScope() };
  }

  /** The first index from `from` whose token can begin an external declaration. */
  private resumePoint(tokens: CToken[], from: number): number {
    let i = from;
    while (i < tokens.length && !TOP_LEVEL_START.has(tokens[i].tokenType)) i++;
    return i;
  }
}

/** Tokens at which parsing may resume at file scope. */
const TOP_LEVEL_START: ReadonlySet<TokenType> = new Set([
  T.Semicolon, T.Typedef, T.Extern, T.Static, T.Struct, T.Union, T.Enum, T.Void, T.Char, T.Short, T.Int, T.Long,
  T.Float, T.Double, T.Signed, T.Unsigned, T.Bool, T.Const, T.Volatile, T.Inline, T.Attribute, T.StaticAssert,
  T.TypedefName, T.Typeof,
]);

let shared: CParser | undefined;

/**
 * Builds a parser with Chevrotain's grammar validations (ambiguities, left recursion, unreachable
 * alternatives…), which the process-wide parser skips to start faster; throws when the grammar fails them.
 */
export function validateGrammar(): void {
  void new CParser(true);
}

/** The process-wide parser (grammar analysis runs once, on first use, without validations). */
function parser(): CParser {
  shared ??= new CParser();
  return shared;
}

export interface CstParseResult {
  cst: CstNode;
  errors: IRecognitionException[];
  /** The file scope's names at the end (typedef: true, ordinary name hiding a typedef: false). */
  scope: ReadonlyMap<string, boolean>;
}

/**
 * Parses `tokens` as a translation unit. `typedefs` are names visible as typedef names from the start
 * (default: the ones clang predeclares). With `onExternal`, external declarations are streamed to it as
 * they complete (so a caller can lower them and let their CST go: large inputs such as vmlinux.h then
 * never hold a whole CST) and the returned CST has none. With `scope`, the parse starts in that file
 * scope instead (one a parse of the tokens before these returned: C code split between declarations
 * parses as the whole does). Not reentrant: the parser instance is shared.
 */
export function parseCst(tokens: CToken[], typedefs: readonly string[] = PREDEFINED_TYPEDEFS,
  onExternal?: (n: CstNode) => void, scope?: ReadonlyMap<string, boolean>): CstParseResult {
  return parser().parseTranslationUnit(tokens, typedefs, onExternal, scope);
}
