// The state and predicates under the C grammar: the typedef-name scope (C11 §6.7.8: an identifier is a
// type name where a typedef declaration is visible and not hidden by an inner ordinary declaration),
// token classification as the parser looks ahead (the "lexer hack"), and the lookahead predicates the
// rules use as GATEs (cast vs parenthesised expression, declaration vs statement, parenthesised vs
// function declarator). In: CToken[]; out: nothing by itself — the rule classes extend this.
import {
  CstParser, EarlyExitException, EOF, getLookaheadPaths, NoViableAltException, type CstNode, type IParserConfig,
  type IRecognitionException, type IToken, type ParserMethod, type TokenType,
} from 'chevrotain';
import { C_ERROR_MESSAGES } from './messages.js';
import type { CToken } from './token-stream.js';
import * as T from './tokens.js';

/** A grammar rule. Rules with arguments are typed at their definition. */
export type Rule = ParserMethod<[], CstNode>;

function idxSet(...types: TokenType[]): Set<number> {
  return new Set(types.map((t) => t.tokenTypeIdx ?? -1));
}

const TYPE_KEYWORDS = [T.Void, T.Char, T.Short, T.Int, T.Long, T.Float, T.Double, T.Signed, T.Unsigned,
  T.Bool, T.Complex, T.Int128, T.AutoType];
/** Tokens that can begin a type name (C11 §6.7.7): specifiers and qualifiers. */
const TYPE_NAME_START = idxSet(...TYPE_KEYWORDS, T.Const, T.Volatile, T.Restrict, T.Atomic, T.Struct, T.Union,
  T.Enum, T.Typeof, T.TypedefName, T.Attribute, T.Alignas);
/** Tokens that can begin declaration specifiers (C11 §6.7): the above plus storage and function specifiers. */
const DECL_START = idxSet(...TYPE_KEYWORDS, T.Const, T.Volatile, T.Restrict, T.Atomic, T.Struct, T.Union,
  T.Enum, T.Typeof, T.TypedefName, T.Alignas, T.Typedef, T.Extern, T.Static, T.Auto, T.Register,
  T.ThreadLocal, T.Inline, T.Noreturn, T.StaticAssert);

const TYPEDEF_IDX = T.TypedefName.tokenTypeIdx ?? -1;
const IDENT_IDX = T.Identifier.tokenTypeIdx ?? -1;
const ATTRIBUTE_IDX = T.Attribute.tokenTypeIdx ?? -1;
const LPAREN_IDX = T.LParen.tokenTypeIdx ?? -1;
const RPAREN_IDX = T.RParen.tokenTypeIdx ?? -1;

/** The Chevrotain internals used here (present in chevrotain ~11.2). */
interface ChevrotainInternals {
  /** The CST nodes of the rules being parsed, innermost last. */
  CST_STACK: CstNode[];
  getCurrRuleFullName(): string;
  SAVE_ERROR(e: IRecognitionException): IRecognitionException;
  getCurrentGrammarPath(tokType: TokenType, tokIdxInRule: number): GrammarPath;
  getNextPossibleTokenTypes(path: GrammarPath): TokenType[];
}

interface GrammarPath {
  ruleStack: string[];
  occurrenceStack: number[];
}

/** Rules whose "no alternative" message depends on what was expected (see messages.ts). */
const RULES_NEEDING_PATHS = new Set(['externalDeclaration', 'declarationSpecifiers', 'parameterDeclaration',
  'structDeclaration']);

export const PARSER_CONFIG: IParserConfig = {
  recoveryEnabled: true,
  errorMessageProvider: C_ERROR_MESSAGES,
  maxLookahead: 2,
  nodeLocationTracking: 'onlyOffset',
};

export abstract class CParserBase extends CstParser {
  /** Block scopes, innermost last: name → true (typedef) / false (ordinary name hiding a typedef). */
  private scopes: Map<string, boolean>[] = [new Map()];
  /** Bumped whenever the set of visible typedef names changes, so tokens know to reclassify. */
  private gen = 0;
  /** Name found by the last completed declarator (declarators may nest, see `declarator`). */
  protected lastDeclName: string | undefined;
  /** Parameter names of the last parameter list: they are in scope in a function body. */
  protected lastParams: Map<string, boolean> | undefined;

  // every rule, so each rule class can refer to rules defined by the others
  declare translationUnit: Rule;
  declare externalDeclaration: Rule;
  declare declaration: Rule;
  declare initDeclarator: ParserMethod<[boolean?], CstNode>;
  declare initDeclaratorTail: Rule;
  declare declarationSpecifiers: Rule;
  declare structOrUnionSpecifier: Rule;
  declare structBody: Rule;
  declare structDeclaration: Rule;
  declare structDeclarator: Rule;
  declare enumSpecifier: Rule;
  declare enumBody: Rule;
  declare enumerator: Rule;
  declare typeofSpecifier: Rule;
  declare atomicTypeSpecifier: Rule;
  declare alignasSpecifier: Rule;
  declare attributeSpecifier: Rule;
  declare attribute: Rule;
  declare asmLabel: Rule;
  declare declarator: Rule;
  declare abstractDeclarator: Rule;
  declare pointer: Rule;
  declare arraySuffix: Rule;
  declare functionSuffix: Rule;
  declare parameterDeclaration: Rule;
  declare typeName: Rule;
  declare initializer: Rule;
  declare initializerList: Rule;
  declare initializerItem: Rule;
  declare designator: Rule;
  declare staticAssertDeclaration: Rule;
  declare statement: Rule;
  declare labeledStatement: Rule;
  declare caseStatement: Rule;
  declare defaultStatement: Rule;
  declare compoundStatement: ParserMethod<[boolean?], CstNode>;
  declare blockItem: Rule;
  declare expressionStatement: Rule;
  declare ifStatement: Rule;
  declare switchStatement: Rule;
  declare whileStatement: Rule;
  declare doStatement: Rule;
  declare forStatement: Rule;
  declare gotoStatement: Rule;
  declare continueStatement: Rule;
  declare breakStatement: Rule;
  declare returnStatement: Rule;
  declare asmStatement: Rule;
  declare asmOperand: Rule;
  declare expression: Rule;
  declare assignmentExpression: Rule;
  declare conditionalExpression: Rule;
  declare binaryExpression: Rule;
  declare castExpression: Rule;
  declare unaryExpression: Rule;
  declare postfixExpression: Rule;
  declare postfixSuffix: Rule;
  declare primaryExpression: Rule;
  declare genericAssociation: Rule;
  declare offsetofDesignator: Rule;

  /** Alternatives and repetition options built once per parser (see `cached`). */
  private readonly built = new Map<string, unknown>();

  /** `validate`: run Chevrotain's grammar validations (a test does; they double the construction time). */
  constructor(validate: boolean) {
    super(T.C_TOKENS as TokenType[], { ...PARSER_CONFIG, skipValidations: !validate });
  }

  /**
   * `make()` on the first call for `key`, the same object afterwards. DSL arguments (OR alternatives,
   * GATE/DEF options) would otherwise be rebuilt — dozens of closures — on every rule call; they may be
   * shared only when their functions use nothing but `this` (no locals of the rule invocation).
   */
  protected cached<V>(key: string, make: () => V): V {
    let v = this.built.get(key) as V | undefined;
    if (v === undefined) {
      v = make();
      this.built.set(key, v);
    }
    return v;
  }

  /** Receives each external declaration's CST as soon as it is complete (see parser.ts). */
  protected onExternal: ((n: CstNode) => void) | undefined;

  /**
   * Hands the external declarations completed so far (normally one; more when recovery left a partial
   * one) to `onExternal` and drops them from the translation unit's CST under construction.
   */
  protected streamExternals(): void {
    if (this.onExternal === undefined) return;
    const stack = (this as unknown as ChevrotainInternals).CST_STACK;
    const list = stack[stack.length - 1]?.children.externalDeclaration;
    if (list === undefined) return;
    for (const d of list) this.onExternal(d as CstNode);
    list.length = 0;
  }

  /**
   * Starts a parse of `tokens` with a fresh file scope holding `typedefs` (the predefined ones), or a
   * copy of `scope` (a file scope left by an earlier parse, see fileScope).
   */
  protected beginParse(tokens: CToken[], typedefs: readonly string[], scope?: ReadonlyMap<string, boolean>): void {
    this.input = tokens.slice(); // Chevrotain may pad its input with end-of-input sentinels
    this.scopes = [scope !== undefined ? new Map(scope) : new Map(typedefs.map((n) => [n, true]))];
    this.gen++;
    this.lastDeclName = undefined;
    this.lastParams = undefined;
  }

  // ---- typedef scope -------------------------------------------------------------------------------

  protected isTypedefName(name: string): boolean {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v !== undefined) return v;
    }
    return false;
  }

  /** Declares `name` in the innermost scope as a typedef name or as an ordinary identifier. */
  protected declareName(name: string | undefined, typedef: boolean): void {
    if (name === undefined) return;
    const top = this.scopes[this.scopes.length - 1];
    const was = this.isTypedefName(name);
    if (typedef) {
      top.set(name, true);
      if (!was) this.gen++;
    } else if (was || top.has(name)) {
      top.set(name, false);
      if (was) this.gen++;
    }
  }

  /** Opens a block scope (optionally pre-filled, e.g. with a function's parameters); returns the depth to close to. */
  protected openScope(initial?: Map<string, boolean>): number {
    const depth = this.scopes.length;
    this.scopes.push(initial ? new Map(initial) : new Map());
    if (initial !== undefined && initial.size > 0) this.gen++;
    return depth;
  }

  /** Closes scopes down to `depth` (also repairs scopes left open by error recovery). */
  protected closeScope(depth: number): void {
    let changed = false;
    while (this.scopes.length > Math.max(depth, 1)) {
      const s = this.scopes.pop();
      if (s !== undefined && s.size > 0) changed = true;
    }
    if (changed) this.gen++;
  }

  /** The file scope's names (typedef: true, an ordinary name hiding one: false) as the parse left them. */
  fileScope(): ReadonlyMap<string, boolean> {
    return new Map(this.scopes[0]);
  }

  /** The innermost scope's contents (used to keep a parameter list's names for the function body). */
  protected innermostScope(): Map<string, boolean> {
    return this.scopes[this.scopes.length - 1];
  }

  // ---- classification on lookahead ------------------------------------------------------------------

  protected override LA(howMuch: number): IToken {
    const t = super.LA(howMuch) as CToken;
    if (t.gen !== this.gen && t.gen !== undefined) {
      const type = this.isTypedefName(t.image) ? T.TypedefName : T.Identifier;
      t.tokenType = type;
      t.tokenTypeIdx = type.tokenTypeIdx ?? -1;
      t.gen = this.gen;
    }
    return t;
  }

  protected override LA_FAST(howMuch: number): IToken {
    return this.LA(howMuch);
  }

  // ---- syntax errors and recovery -------------------------------------------------------------------
  //
  // Chevrotain builds the message of a "no alternative matched" error from the k-token lookahead paths of
  // the whole alternation, recomputed on every error — slow on C's large alternations. These two replace
  // its internal raiseNoAltException/raiseEarlyExitException (chevrotain ~11.2): the paths are computed
  // only for the few rules whose message needs them, once per alternation.

  /** Lookahead paths of alternation `occurrence` of `rule`, cached. */
  private altPaths(rule: string, occurrence: number): TokenType[][][] {
    return this.cached(`paths:${rule}:${occurrence}`, () => {
      const gast = this.getGAstProductions()[rule];
      return gast === undefined ? [] : getLookaheadPaths({ occurrence, rule: gast, prodType: 'Alternation',
        maxLookahead: 1 });
    });
  }

  private chevrotainInternals(): ChevrotainInternals {
    return this as unknown as ChevrotainInternals;
  }

  /**
   * The tokens that may follow token occurrence `tokIdxInRule` of `tokType` on the current rule path;
   * Chevrotain walks the grammar for this at every recovery attempt (also after repetitions in valid
   * input). The answer depends only on the rule/occurrence path, so it is cached by it.
   */
  getFollowsForInRuleRecovery(tokType: TokenType, tokIdxInRule: number): TokenType[] {
    const internals = this as unknown as ChevrotainInternals;
    const path = internals.getCurrentGrammarPath(tokType, tokIdxInRule);
    const key = `follows:${path.ruleStack.join('/')}:${path.occurrenceStack.join('/')}:${tokType.name}:${tokIdxInRule}`;
    const hit = this.built.get(key) as TokenType[] | undefined;
    if (hit !== undefined) return hit;
    const follows = internals.getNextPossibleTokenTypes(path);
    if (this.built.size < 50_000) this.built.set(key, follows);
    return follows;
  }

  raiseNoAltException(occurrence: number, errMsgTypes: string | undefined): never {
    const internals = this.chevrotainInternals();
    const ruleName = internals.getCurrRuleFullName();
    const msg = C_ERROR_MESSAGES.buildNoViableAltMessage({
      expectedPathsPerAlt: RULES_NEEDING_PATHS.has(ruleName) ? this.altPaths(ruleName, occurrence) : [],
      actual: [this.LA(1), this.LA(2)],
      previous: this.LA(0),
      customUserDescription: errMsgTypes,
      ruleName,
    });
    throw internals.SAVE_ERROR(new NoViableAltException(msg, this.LA(1), this.LA(0)));
  }

  raiseEarlyExitException(occurrence: number, prodType: unknown, userDefinedErrMsg: string | undefined): never {
    void occurrence;
    void prodType;
    const internals = this.chevrotainInternals();
    const msg = C_ERROR_MESSAGES.buildEarlyExitMessage({
      expectedIterationPaths: [],
      actual: [this.LA(1), this.LA(2)],
      previous: this.LA(0),
      customUserDescription: userDefinedErrMsg,
      ruleName: internals.getCurrRuleFullName(),
    });
    throw internals.SAVE_ERROR(new EarlyExitException(msg, this.LA(1), this.LA(0)));
  }

  // ---- lookahead predicates (GATEs) -----------------------------------------------------------------

  protected isTypeNameStart(k: number): boolean {
    return TYPE_NAME_START.has(this.LA(k).tokenTypeIdx);
  }

  /** Index after the attribute specifiers starting at LA(k) (k itself when there are none). */
  protected skipAttributes(k: number): number {
    while (this.LA(k).tokenTypeIdx === ATTRIBUTE_IDX) {
      k++;
      if (this.LA(k).tokenTypeIdx !== LPAREN_IDX) return k;
      let depth = 0;
      for (;;) {
        const idx = this.LA(k).tokenTypeIdx;
        if (idx === LPAREN_IDX) depth++;
        else if (idx === RPAREN_IDX) depth--;
        else if (this.LA(k).tokenType === EOF) return k;
        k++;
        if (depth === 0) break;
      }
    }
    return k;
  }

  /** LA(1) begins a declaration (possibly after pragmas and attribute specifiers) rather than a statement. */
  protected isDeclarationStart(): boolean {
    let p = 1;
    while (this.LA(p).tokenType === T.Pragma) p++;
    const k = this.skipAttributes(p);
    const idx = this.LA(k).tokenTypeIdx;
    // `name name` cannot start an expression: it is a declaration whose type name is unknown (the
    // declaration specifiers accept it and the lowering reports "unknown type name 'u32'")
    if (idx === IDENT_IDX && this.LA(k + 1).tokenTypeIdx === IDENT_IDX) return true;
    if (!DECL_START.has(idx)) return false;
    // `T:` is a label, not a declaration of type T
    return !(idx === TYPEDEF_IDX && this.LA(k + 1).tokenType === T.Colon);
  }

  /** LA(1) is '(' opening a cast or compound literal: `( type-name )`. */
  protected isParenTypeName(): boolean {
    return this.LA(1).tokenTypeIdx === LPAREN_IDX && this.isTypeNameStart(2);
  }

  /**
   * In an abstract declarator, LA(1) = '(' opens a parenthesised declarator (`(*)(int)`, `(*p)`) rather
   * than a parameter list (`(int)`, `()`): C11 §6.7.7p2 reads `(` followed by a type name as parameters.
   */
  protected isParenDeclarator(): boolean {
    if (this.LA(1).tokenTypeIdx !== LPAREN_IDX) return false;
    const k = this.skipAttributes(2);
    const t = this.LA(k);
    if (t.tokenTypeIdx === RPAREN_IDX) return k !== 2; // `( attrs )` is odd either way; `()` is a parameter list
    if (t.tokenTypeIdx === IDENT_IDX) return true;
    return t.tokenType === T.Star || t.tokenType === T.LParen || t.tokenType === T.LBracket;
  }
}
