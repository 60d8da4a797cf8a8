// The C abstract syntax tree: what the parser understood, before any type checking or name resolution
// (C11 §6.5–6.9 plus the GNU extensions BPF code uses). Produced by lower-cst.ts from the CST, printed
// by print-ast.ts, consumed by semantic analysis.
//
// Conventions:
// - Every node has `kind` (the discriminant) and `span`: the source range it covers, in the file the user
//   wrote (for code that comes from a macro expansion, the range of the outermost macro invocation).
//   `origin` is set when the node's first token was produced by a macro expansion (innermost expansion
//   first; follow `parent` outward) so diagnostics can add "in expansion of macro" notes.
// - Nothing is resolved: identifiers are names, type specifiers are kept as written (`unsigned long
//   long` is three BuiltinType specifiers), `(void)` parameter lists are kept as one parameter, and
//   constraints the grammar cannot express (a declarator name inside a type name, `case` outside a
//   switch, lvalue-ness of an assignment target) are left to semantic analysis.
// - Derived declarators are listed from the declared name outward: `int *a[3]` declares `a` with
//   derived = [Array(3), Pointer], i.e. "array of 3 pointers to int"; the type is built by wrapping the
//   base type with the layers in reverse order.
// - Where the parser recovered from a syntax error, the missing part is an `ErrorExpr`/`ErrorStmt` (or
//   is left out); the parse also reports a diagnostic, so such an AST never reaches code generation.
import type { Span } from '../diagnostics/index.js';
import type { MacroOrigin } from '../../grammar/c/preprocess/token.js';

export type { Span, MacroOrigin };

export interface NodeBase {
  span: Span;
  origin?: MacroOrigin;
}

// ---- translation unit ------------------------------------------------------------------------------

export interface TranslationUnit extends NodeBase {
  kind: 'TranslationUnit';
  decls: ExternalDecl[];
}

export type ExternalDecl = Declaration | FunctionDefinition | StaticAssert | FileScopeAsm;

/** `specifiers declarators;`; no declarators for `struct s { … };` or `enum e { … };`. */
export interface Declaration extends NodeBase {
  kind: 'Declaration';
  specifiers: DeclSpecifiers;
  declarators: InitDeclarator[];
}

export interface InitDeclarator extends NodeBase {
  kind: 'InitDeclarator';
  declarator: Declarator;
  init?: Initializer;
}

/** `specifiers declarator { body }`; the declarator's outermost-from-name layer is a Function layer. */
export interface FunctionDefinition extends NodeBase {
  kind: 'FunctionDefinition';
  specifiers: DeclSpecifiers;
  declarator: Declarator;
  body: CompoundStmt;
}

/** `_Static_assert(condition, "message");` (the message may be omitted, as C2x and clang allow). */
export interface StaticAssert extends NodeBase {
  kind: 'StaticAssert';
  condition: Expr;
  message?: StringLiteral;
}

/** File-scope `asm("…");` (basic asm, no operands). */
export interface FileScopeAsm extends NodeBase {
  kind: 'FileScopeAsm';
  template: StringLiteral;
}

// ---- declaration specifiers --------------------------------------------------------------------------

export type StorageClass = 'typedef' | 'extern' | 'static' | 'auto' | 'register' | '_Thread_local';
export type TypeQualifier = 'const' | 'volatile' | 'restrict' | '_Atomic';
export type FunctionSpecifier = 'inline' | '_Noreturn';

/** Declaration specifiers, grouped by category; each list is in source order. */
export interface DeclSpecifiers extends NodeBase {
  kind: 'DeclSpecifiers';
  storage: StorageClass[];
  qualifiers: TypeQualifier[];
  functionSpecifiers: FunctionSpecifier[];
  alignas: AlignAs[];
  attributes: Attribute[];
  /** As written; semantic analysis checks the combination (`unsigned long long`, `long double`…). */
  typeSpecifiers: TypeSpecifier[];
}

export type TypeSpecifier = BuiltinType | TypedefName | RecordSpec | EnumSpec | TypeofSpec | AtomicTypeSpec;

export type BuiltinTypeKeyword =
  | 'void' | 'char' | 'short' | 'int' | 'long' | 'float' | 'double' | 'signed' | 'unsigned' | '_Bool'
  | '_Complex' | '__int128' | '__auto_type';

/** One type keyword (the GNU spellings `__signed__`, `__complex__` are normalised). */
export interface BuiltinType extends NodeBase {
  kind: 'BuiltinType';
  keyword: BuiltinTypeKeyword;
}

/** A name declared by `typedef` (or predeclared: `__builtin_va_list`, `__int128_t`, `__uint128_t`). */
export interface TypedefName extends NodeBase {
  kind: 'TypedefName';
  name: string;
}

/** `struct`/`union` with an optional tag; `members` is absent when there is no body (`struct s *p`). */
export interface RecordSpec extends NodeBase {
  kind: 'RecordSpec';
  tag: 'struct' | 'union';
  name?: string;
  members?: MemberDecl[];
  /** Attributes after the keyword and after the closing brace (`packed`, `aligned(8)`…). */
  attributes: Attribute[];
}

export type MemberDecl = FieldDecl | StaticAssert;

/** A member declaration; no declarators means an anonymous struct/union member (C11 §6.7.2.1p13). */
export interface FieldDecl extends NodeBase {
  kind: 'FieldDecl';
  specifiers: DeclSpecifiers;
  declarators: FieldDeclarator[];
}

/** A member declarator: a declarator and/or a bit-field width (`int : 3` has no declarator). */
export interface FieldDeclarator extends NodeBase {
  kind: 'FieldDeclarator';
  declarator?: Declarator;
  bitWidth?: Expr;
  /** Attributes after the bit-field width. */
  attributes: Attribute[];
}

/** `enum` with an optional tag; `enumerators` is absent when there is no body. */
export interface EnumSpec extends NodeBase {
  kind: 'EnumSpec';
  name?: string;
  enumerators?: Enumerator[];
  attributes: Attribute[];
}

export interface Enumerator extends NodeBase {
  kind: 'Enumerator';
  name: string;
  value?: Expr;
  attributes: Attribute[];
}

/** `typeof(type)` or `typeof(expression)` (also `__typeof__`). */
export interface TypeofSpec extends NodeBase {
  kind: 'TypeofSpec';
  operand: TypeName | Expr;
}

/** `_Atomic(type)`. */
export interface AtomicTypeSpec extends NodeBase {
  kind: 'AtomicTypeSpec';
  type: TypeName;
}

/** `_Alignas(type)` or `_Alignas(constant-expression)`. */
export interface AlignAs extends NodeBase {
  kind: 'AlignAs';
  operand: TypeName | Expr;
}

/**
 * One attribute of `__attribute__((…))`. `name` drops the optional surrounding underscores
 * (`__always_inline__` → `always_inline`); `spelling` is as written. Arguments are expressions
 * (identifier arguments such as `mode(DI)` or `format(printf, 1, 2)` are Identifier nodes).
 */
export interface Attribute extends NodeBase {
  kind: 'Attribute';
  name: string;
  spelling: string;
  args: Expr[];
}

// ---- declarators -------------------------------------------------------------------------------------

/** A declarator, concrete or abstract (no name). See the file comment for the order of `derived`. */
export interface Declarator extends NodeBase {
  kind: 'Declarator';
  name?: string;
  nameSpan?: Span;
  derived: DerivedDeclarator[];
  /** Attributes written inside or after the declarator (they apply to the declared entity). */
  attributes: Attribute[];
  /** `int x asm("sym")`: the symbol name. */
  asmLabel?: StringLiteral;
}

export type DerivedDeclarator = PointerDeclarator | ArrayDeclarator | FunctionDeclarator;

/** `* qualifiers`: the qualifiers apply to the pointer itself. */
export interface PointerDeclarator extends NodeBase {
  kind: 'Pointer';
  qualifiers: TypeQualifier[];
  attributes: Attribute[];
}

/** `[static qualifiers size]`; `size` absent for `[]`; `star` for the VLA form `[*]`. */
export interface ArrayDeclarator extends NodeBase {
  kind: 'Array';
  size?: Expr;
  star: boolean;
  isStatic: boolean;
  qualifiers: TypeQualifier[];
}

/**
 * A parameter list. `params` is as written: `f(void)` has one unnamed `void` parameter, `f()` has none
 * and `prototype: false` (an old-style declaration without parameter information).
 */
export interface FunctionDeclarator extends NodeBase {
  kind: 'Function';
  params: ParamDecl[];
  variadic: boolean;
  prototype: boolean;
}

export interface ParamDecl extends NodeBase {
  kind: 'ParamDecl';
  specifiers: DeclSpecifiers;
  /** Possibly abstract (no name) and possibly empty (`int`). */
  declarator: Declarator;
}

/** A type name (casts, sizeof, compound literals…): specifiers and an abstract declarator. */
export interface TypeName extends NodeBase {
  kind: 'TypeName';
  specifiers: DeclSpecifiers;
  declarator: Declarator;
}

// ---- initialisers ------------------------------------------------------------------------------------

export type Initializer = Expr | InitList;

/** `{ items }` (possibly empty, as GNU C allows). */
export interface InitList extends NodeBase {
  kind: 'InitList';
  items: InitItem[];
}

/** `designators = value`, or just `value`. GNU `field: value` is recorded as a FieldDesignator. */
export interface InitItem extends NodeBase {
  kind: 'InitItem';
  designators: Designator[];
  value: Initializer;
}

export type Designator = FieldDesignator | IndexDesignator;

export interface FieldDesignator extends NodeBase {
  kind: 'FieldDesignator';
  name: string;
}

/** `[index]`, or the GNU range `[index ... last]`. */
export interface IndexDesignator extends NodeBase {
  kind: 'IndexDesignator';
  index: Expr;
  last?: Expr;
}

// ---- statements --------------------------------------------------------------------------------------

export type Stmt =
  | CompoundStmt | ExprStmt | IfStmt | SwitchStmt | CaseStmt | DefaultStmt | WhileStmt | DoWhileStmt
  | ForStmt | GotoStmt | ContinueStmt | BreakStmt | ReturnStmt | LabeledStmt | AttributedStmt | AsmStmt
  | ErrorStmt;

export type BlockItem = Declaration | StaticAssert | Stmt;

export interface CompoundStmt extends NodeBase {
  kind: 'CompoundStmt';
  items: BlockItem[];
}

/** `expression;` or the null statement `;` (no expr). */
export interface ExprStmt extends NodeBase {
  kind: 'ExprStmt';
  expr?: Expr;
}

export interface IfStmt extends NodeBase {
  kind: 'IfStmt';
  cond: Expr;
  then: Stmt;
  else?: Stmt;
}

export interface SwitchStmt extends NodeBase {
  kind: 'SwitchStmt';
  cond: Expr;
  body: Stmt;
}

/** `case value: body`, or the GNU range `case value ... last: body`. */
export interface CaseStmt extends NodeBase {
  kind: 'CaseStmt';
  value: Expr;
  last?: Expr;
  body: Stmt;
}

export interface DefaultStmt extends NodeBase {
  kind: 'DefaultStmt';
  body: Stmt;
}

/**
 * A loop hint from `#pragma unroll [N]`, `#pragma nounroll`, `#pragma clang loop unroll(…)` /
 * `unroll_count(N)` or `#pragma GCC unroll N`, attached to the loop that follows it. `unroll` is the
 * requested factor, 'full', or 'disable'; undefined for loop pragmas that say nothing about unrolling.
 */
export interface LoopPragma extends NodeBase {
  kind: 'LoopPragma';
  text: string;
  unroll?: number | 'full' | 'disable';
}

export interface WhileStmt extends NodeBase {
  kind: 'WhileStmt';
  cond: Expr;
  body: Stmt;
  pragmas: LoopPragma[];
}

export interface DoWhileStmt extends NodeBase {
  kind: 'DoWhileStmt';
  body: Stmt;
  cond: Expr;
  pragmas: LoopPragma[];
}

/** `for (init; cond; step) body`; `init` is a declaration (its own scope) or an expression. */
export interface ForStmt extends NodeBase {
  kind: 'ForStmt';
  init?: Declaration | StaticAssert | Expr;
  cond?: Expr;
  step?: Expr;
  body: Stmt;
  pragmas: LoopPragma[];
}

export interface GotoStmt extends NodeBase {
  kind: 'GotoStmt';
  label: string;
}

export interface ContinueStmt extends NodeBase {
  kind: 'ContinueStmt';
}

export interface BreakStmt extends NodeBase {
  kind: 'BreakStmt';
}

export interface ReturnStmt extends NodeBase {
  kind: 'ReturnStmt';
  value?: Expr;
}

export interface LabeledStmt extends NodeBase {
  kind: 'LabeledStmt';
  label: string;
  attributes: Attribute[];
  body: Stmt;
}

/** A statement with attributes in front, e.g. `__attribute__((fallthrough));` (body: a null ExprStmt). */
export interface AttributedStmt extends NodeBase {
  kind: 'AttributedStmt';
  attributes: Attribute[];
  body: Stmt;
}

export type AsmQualifier = 'volatile' | 'inline' | 'goto';

/** GNU `asm [qualifiers] (template : outputs : inputs : clobbers : labels);` */
export interface AsmStmt extends NodeBase {
  kind: 'AsmStmt';
  qualifiers: AsmQualifier[];
  template: StringLiteral;
  outputs: AsmOperand[];
  inputs: AsmOperand[];
  clobbers: StringLiteral[];
  labels: string[];
}

/** `[name] "constraint" (expr)`. */
export interface AsmOperand extends NodeBase {
  kind: 'AsmOperand';
  name?: string;
  constraint: StringLiteral;
  expr: Expr;
}

/** Where a statement could not be parsed. */
export interface ErrorStmt extends NodeBase {
  kind: 'ErrorStmt';
}

// ---- expressions -------------------------------------------------------------------------------------

export type Expr =
  | Identifier | IntegerLiteral | FloatLiteral | CharLiteral | StringLiteral | UnaryExpr | PostfixExpr
  | BinaryExpr | AssignExpr | ConditionalExpr | CommaExpr | CastExpr | CallExpr | IndexExpr | MemberExpr
  | SizeofExpr | SizeofType | AlignofExpr | AlignofType | CompoundLiteral | StmtExpr | GenericSelection
  | BuiltinOffsetof | BuiltinVaArg | BuiltinTypesCompatible | ErrorExpr;

export interface Identifier extends NodeBase {
  kind: 'Identifier';
  name: string;
}

/**
 * An integer constant (C11 §6.4.4.1). `value` is exact (it may exceed 64 bits: semantic analysis reports
 * that); its type follows from value, base and suffix by the rules of §6.4.4.1p5.
 */
export interface IntegerLiteral extends NodeBase {
  kind: 'IntegerLiteral';
  text: string;
  value: bigint;
  base: 2 | 8 | 10 | 16;
  unsigned: boolean;
  /** 0: no L suffix, 1: `l`/`L`, 2: `ll`/`LL`. */
  longs: 0 | 1 | 2;
}

/** A floating constant (C11 §6.4.4.2); suffix '' (double), 'f' (float) or 'l' (long double). */
export interface FloatLiteral extends NodeBase {
  kind: 'FloatLiteral';
  text: string;
  value: number;
  suffix: '' | 'f' | 'l';
}

export type CharPrefix = '' | 'L' | 'u' | 'U' | 'u8';

/** A character constant; `value` as clang computes it (plain: int, multi-character: big-endian packed). */
export interface CharLiteral extends NodeBase {
  kind: 'CharLiteral';
  text: string;
  prefix: CharPrefix;
  value: number;
}

/**
 * Adjacent string literals, concatenated (C11 §6.4.5). `value` holds the code units without the
 * terminating zero: bytes (UTF-8) for plain and u8 strings, UTF-16 units for u"", code points for
 * U"" and L"" (wchar_t is 32-bit on Linux).
 */
export interface StringLiteral extends NodeBase {
  kind: 'StringLiteral';
  prefix: CharPrefix;
  value: number[];
  /** The literal tokens as written. */
  parts: string[];
}

export type UnaryOp = '&' | '*' | '+' | '-' | '~' | '!' | '++' | '--';

/** A prefix operator (`++x` and `--x` included). */
export interface UnaryExpr extends NodeBase {
  kind: 'UnaryExpr';
  op: UnaryOp;
  operand: Expr;
}

export interface PostfixExpr extends NodeBase {
  kind: 'PostfixExpr';
  op: '++' | '--';
  operand: Expr;
}

export type BinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '<' | '>' | '<=' | '>=' | '==' | '!=' | '&' | '^' | '|'
  | '&&' | '||';

export interface BinaryExpr extends NodeBase {
  kind: 'BinaryExpr';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export type AssignOp = '=' | '*=' | '/=' | '%=' | '+=' | '-=' | '<<=' | '>>=' | '&=' | '^=' | '|=';

export interface AssignExpr extends NodeBase {
  kind: 'AssignExpr';
  op: AssignOp;
  target: Expr;
  value: Expr;
}

/** `cond ? then : else`; `then` is absent for the GNU form `cond ?: else`. */
export interface ConditionalExpr extends NodeBase {
  kind: 'ConditionalExpr';
  cond: Expr;
  then?: Expr;
  else: Expr;
}

/** `a, b, c` (two or more operands). */
export interface CommaExpr extends NodeBase {
  kind: 'CommaExpr';
  exprs: Expr[];
}

export interface CastExpr extends NodeBase {
  kind: 'CastExpr';
  type: TypeName;
  operand: Expr;
}

/** A call; builtins (`__builtin_memcpy`, `__sync_fetch_and_add`, …) are calls of an Identifier. */
export interface CallExpr extends NodeBase {
  kind: 'CallExpr';
  callee: Expr;
  args: Expr[];
}

export interface IndexExpr extends NodeBase {
  kind: 'IndexExpr';
  base: Expr;
  index: Expr;
}

/** `object.member` or `object->member` (arrow). */
export interface MemberExpr extends NodeBase {
  kind: 'MemberExpr';
  object: Expr;
  member: string;
  memberSpan: Span;
  arrow: boolean;
}

export interface SizeofExpr extends NodeBase {
  kind: 'SizeofExpr';
  operand: Expr;
}

export interface SizeofType extends NodeBase {
  kind: 'SizeofType';
  type: TypeName;
}

/** GNU `__alignof__ expr`. */
export interface AlignofExpr extends NodeBase {
  kind: 'AlignofExpr';
  operand: Expr;
}

export interface AlignofType extends NodeBase {
  kind: 'AlignofType';
  type: TypeName;
}

/** `(type){ initialisers }`. */
export interface CompoundLiteral extends NodeBase {
  kind: 'CompoundLiteral';
  type: TypeName;
  init: InitList;
}

/** GNU `({ … })`: the value is that of the last expression statement. */
export interface StmtExpr extends NodeBase {
  kind: 'StmtExpr';
  body: CompoundStmt;
}

/** `_Generic(controlling, type: value, …, default: value)`; `type` absent for `default`. */
export interface GenericSelection extends NodeBase {
  kind: 'GenericSelection';
  controlling: Expr;
  associations: GenericAssociation[];
}

export interface GenericAssociation extends NodeBase {
  kind: 'GenericAssociation';
  type?: TypeName;
  value: Expr;
}

/** `__builtin_offsetof(type, a.b[2])`: `path` = [Field a, Field b, Index 2]. */
export interface BuiltinOffsetof extends NodeBase {
  kind: 'BuiltinOffsetof';
  type: TypeName;
  path: OffsetofStep[];
}

export type OffsetofStep = { kind: 'Field'; name: string; span: Span } | { kind: 'Index'; index: Expr; span: Span };

/** `__builtin_va_arg(list, type)`. */
export interface BuiltinVaArg extends NodeBase {
  kind: 'BuiltinVaArg';
  list: Expr;
  type: TypeName;
}

/** `__builtin_types_compatible_p(left, right)`. */
export interface BuiltinTypesCompatible extends NodeBase {
  kind: 'BuiltinTypesCompatible';
  left: TypeName;
  right: TypeName;
}

/** Where an expression could not be parsed. */
export interface ErrorExpr extends NodeBase {
  kind: 'ErrorExpr';
}

/** Every node kind. */
export type Node =
  | TranslationUnit | ExternalDecl | InitDeclarator | DeclSpecifiers | TypeSpecifier | MemberDecl
  | FieldDeclarator | Enumerator | AlignAs | Attribute | Declarator | DerivedDeclarator | ParamDecl | TypeName
  | InitList | InitItem | Designator | Stmt | LoopPragma | AsmOperand | Expr | GenericAssociation;
