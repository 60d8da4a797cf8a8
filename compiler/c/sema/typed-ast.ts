// The typed AST: the C program after semantic analysis, ready to be lowered to the IR. Produced by
// sema/check-*.ts from the parser's AST (ast.ts); printed by sema/print.ts (`--emit-ast`).
//
// What the lowering may rely on:
// - Every expression has its `type` (typedef sugar kept; ask `resolve()`), its value category and its
//   span. `value` is set when the expression folds to an integer constant as clang folds it (integer
//   constant expressions, sizeof, enum constants, `(void *)2`, __builtin_bswap16 of a constant, …):
//   such an expression has no side effects and may be replaced by its value (wrapped to its type).
// - Conversions are explicit Cast nodes (`explicit: false` for implicit ones): lvalue-to-rvalue loads,
//   array/function decay, integer promotions, the usual arithmetic conversions, assignment/argument/return
//   conversions, conversions to _Bool. An operand that must be a value is an rvalue; an lvalue appears
//   only where C wants one (assignment targets, `&`, `++`, `.` on an lvalue, sizeof's operand).
// - Binary arithmetic operands already have the operation's type (`operandType`); pointer arithmetic has
//   its own nodes with the element size; compound assignments name their computation type.
// - Identifiers point at Symbol objects (symbols.ts); calls name their direct callee or BPF helper id.
// - Member accesses carry the member's offset and bit-field position; accesses through anonymous
//   struct/union members are chains of Member nodes (the inner ones `implicit`).
// - Initialisers are fully designated trees (TInitializer); whatever they do not cover is zero.
import type { Span } from '../../diagnostics/index.js';
import type { LoopPragma, AsmQualifier } from '../ast.js';
import type { MacroOrigin } from '../../../grammar/c/preprocess/token.js';
import type { CType, FunctionType, RecordDecl, ArrayType } from './types.js';
import type { EnumConstSymbol, FunctionSymbol, VarSymbol } from './symbols.js';

export type ValueCategory = 'lvalue' | 'rvalue';

interface TExprBase {
  type: CType;
  category: ValueCategory;
  span: Span;
  origin?: MacroOrigin;
  /** The folded integer value (see the file comment); for pointers, the address. */
  value?: bigint;
}

/** A variable (any storage): an lvalue. */
export interface TVarRef extends TExprBase { kind: 'VarRef'; symbol: VarSymbol }
/** A function designator (C11 §6.3.2.1p4): type is the function type; decays to a pointer. */
export interface TFuncRef extends TExprBase { kind: 'FuncRef'; symbol: FunctionSymbol }
export interface TEnumRef extends TExprBase { kind: 'EnumRef'; symbol: EnumConstSymbol }
export interface TIntLit extends TExprBase { kind: 'IntLit' }
export interface TFloatLit extends TExprBase { kind: 'FloatLit'; float: number }
/** A string literal: an lvalue of type char[N] (N counts the terminating zero). */
export interface TStringLit extends TExprBase { kind: 'StringLit'; data: StringData }

/** `+x`, `-x`, `~x` (operand promoted; result its type) and `!x` (operand scalar; result int). */
export interface TUnary extends TExprBase { kind: 'Unary'; op: '+' | '-' | '~' | '!'; operand: TExpr }
/** `&x`: operand an lvalue or a function designator. */
export interface TAddrOf extends TExprBase { kind: 'AddrOf'; operand: TExpr }
/** `*p`: operand a pointer rvalue; an lvalue (a function designator for function pointers). */
export interface TDeref extends TExprBase { kind: 'Deref'; operand: TExpr }
/**
 * `++x`, `x--`…: operand a modifiable lvalue; `step` is what is added (1, or the element size for a
 * pointer). For _Bool, `++` stores 1 and `--` stores !x, as C11 §6.5.2.4 (via x = x ± 1) implies.
 */
export interface TIncDec extends TExprBase { kind: 'IncDec'; op: '++' | '--'; prefix: boolean; operand: TExpr; step: bigint }

export type TBinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '&' | '^' | '|' | '<' | '>' | '<=' | '>=' | '==' | '!=';

/**
 * An arithmetic, shift or comparison operator. Arithmetic and bitwise: both operands converted to
 * `operandType`, the result type. Shifts: each operand promoted on its own; `operandType` = the left's.
 * Comparisons: both operands converted to `operandType` (an arithmetic type, or a pointer type for
 * pointer comparisons); the result is int 0/1. Signedness of `/ % >> < …` follows `operandType`.
 */
export interface TBinary extends TExprBase { kind: 'Binary'; op: TBinaryOp; left: TExpr; right: TExpr; operandType: CType }
/** `&&`, `||`: scalar operands, compared with 0; result int 0/1; `right` runs only when needed. */
export interface TLogical extends TExprBase { kind: 'Logical'; op: '&&' | '||'; left: TExpr; right: TExpr }
/** `p + i`, `i + p`, `p - i`: `offset` is the integer converted to (unsigned) long; bytes = offset * elemSize. */
export interface TPtrArith extends TExprBase { kind: 'PtrArith'; op: '+' | '-'; pointer: TExpr; offset: TExpr; elemSize: number }
/** `p - q` (same element type): (p - q) / elemSize as long. */
export interface TPtrDiff extends TExprBase { kind: 'PtrDiff'; left: TExpr; right: TExpr; elemSize: number }
/** `x = v`: `rhs` converted to the target's unqualified type; the result is that value (an rvalue). */
export interface TAssign extends TExprBase { kind: 'Assign'; target: TExpr; rhs: TExpr }
/**
 * `x op= v`: load x, convert it to `computationType`, apply op with `rhs` (already of
 * `computationType`, or for shifts its own promoted type), convert back to x's type, store; the result
 * is the stored value. Pointer `+=`/`-=`: computationType is the pointer type, `rhs` is (unsigned)
 * long and `elemSize` scales it.
 */
export interface TCompoundAssign extends TExprBase {
  kind: 'CompoundAssign';
  op: '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '&' | '^' | '|';
  target: TExpr;
  rhs: TExpr;
  computationType: CType;
  elemSize?: number;
}
/** `c ? a : b`: `cond` scalar; `then`/`else` converted to the result type (void when both are void). */
export interface TConditional extends TExprBase { kind: 'Conditional'; cond: TExpr; then: TExpr; else: TExpr }
/**
 * A value computed once and used twice (GNU `a ?: b` is Conditional(Shared a, Shared a converted, b)):
 * evaluate `expr` at the first occurrence of `id` in evaluation order; later occurrences reuse it.
 */
export interface TShared extends TExprBase { kind: 'Shared'; id: number; expr: TExpr }
/**
 * `a, b, c`: all but the last operand are evaluated for their side effects only (they are not converted:
 * an lvalue there is not read, unless it is volatile); the last is an rvalue and gives the value.
 */
export interface TComma extends TExprBase { kind: 'Comma'; exprs: TExpr[] }

export const CastKind = {
  LValueToRValue: 'LValueToRValue',
  ArrayToPointerDecay: 'ArrayToPointerDecay',
  FunctionToPointerDecay: 'FunctionToPointerDecay',
  /** Same representation: qualifier changes, enum ↔ same-size integer of the same signedness. */
  NoOp: 'NoOp',
  IntegralCast: 'IntegralCast',
  IntegralToBoolean: 'IntegralToBoolean',
  PointerToBoolean: 'PointerToBoolean',
  IntegralToPointer: 'IntegralToPointer',
  PointerToIntegral: 'PointerToIntegral',
  NullToPointer: 'NullToPointer',
  BitCast: 'BitCast',
  ToVoid: 'ToVoid',
  /** GNU cast to a union type of one of its members' types. */
  ToUnion: 'ToUnion',
  IntegralToFloating: 'IntegralToFloating',
  FloatingToIntegral: 'FloatingToIntegral',
  FloatingCast: 'FloatingCast',
  FloatingToBoolean: 'FloatingToBoolean',
} as const;
export type CastKind = (typeof CastKind)[keyof typeof CastKind];

/** A conversion. IntegralCast truncates or sign/zero-extends by the operand's signedness. */
export interface TCast extends TExprBase { kind: 'Cast'; cast: CastKind; operand: TExpr; explicit: boolean }

/**
 * A call. `callee` is a pointer-to-function rvalue; `args` are converted to the parameter types (extra
 * variadic arguments: promoted). `direct` names the called function when the callee is a function
 * designator; `helperId` is set when the callee is a BPF helper pointer (symbols.ts VarSymbol.helperId).
 */
export interface TCall extends TExprBase {
  kind: 'Call';
  callee: TExpr;
  args: TExpr[];
  calleeType: FunctionType;
  direct?: FunctionSymbol;
  calleeHelperId?: number;
}
/** A compiler builtin (builtins.ts lists them); `typeArg` for those that take a type. */
export interface TBuiltinCall extends TExprBase { kind: 'BuiltinCall'; name: string; args: TExpr[]; typeArg?: CType }

/** A struct/union member, located. */
export interface FieldRef {
  record: RecordDecl;
  index: number;
  name?: string;
  type: CType;
  /** Byte offset within the record (for a bit-field: of the byte holding its first bit). */
  offset: number;
  bitOffset: number;
  bitWidth?: number;
}
/** `o.m` (object a record lvalue or rvalue) or `p->m` (object a pointer rvalue). */
export interface TMember extends TExprBase { kind: 'Member'; object: TExpr; field: FieldRef; arrow: boolean; implicit: boolean }
/** `a[i]`, normalised: `base` a pointer rvalue (the decayed array), `index` (unsigned) long; an lvalue. */
export interface TIndex extends TExprBase { kind: 'Index'; base: TExpr; index: TExpr; elemSize: number }
/** A constant computed at compile time from types: sizeof, _Alignof, offsetof, __builtin_types_compatible_p… */
export interface TConstant extends TExprBase {
  kind: 'Constant';
  from: 'sizeof' | 'alignof' | 'offsetof' | 'types_compatible_p' | 'constant_p';
  operandType?: CType;
}
/** `(T){…}`: an lvalue; at file scope it has static storage (`object` holds it). */
export interface TCompoundLiteral extends TExprBase { kind: 'CompoundLiteral'; init: TInitializer; object?: VarSymbol }
/** GNU `({ … })`: runs `body`, then `result` (the last expression statement) gives the value. */
export interface TStmtExpr extends TExprBase { kind: 'StmtExpr'; body: TStmt[]; result?: TExpr }
/** An expression that could not be checked (an error was reported). */
export interface TErrorExpr extends TExprBase { kind: 'Error' }

export type TExpr =
  | TVarRef | TFuncRef | TEnumRef | TIntLit | TFloatLit | TStringLit | TUnary | TAddrOf | TDeref | TIncDec
  | TBinary | TLogical | TPtrArith | TPtrDiff | TAssign | TCompoundAssign | TConditional | TShared | TComma
  | TCast | TCall | TBuiltinCall | TMember | TIndex | TConstant | TCompoundLiteral | TStmtExpr | TErrorExpr;

/** A string literal's object: bytes including the terminating zero(s); one per literal occurrence. */
export interface StringData {
  id: number;
  /** The bytes (code units little-endian for wide strings), terminator included. */
  bytes: Uint8Array;
  type: ArrayType;
  /** The local symbol name clang gives it (`.L.str`, `.L.str.1`, …). */
  objectName: string;
}

// ---- initialisers -----------------------------------------------------------------------------------

/** A scalar (or whole-struct) initialiser: `expr` converted to the object's type. */
export interface TInitExpr { kind: 'InitExpr'; type: CType; expr: TExpr; span: Span }
/** A char array initialised by a string literal: `bytes` (up to the array's length; the rest is zero). */
export interface TInitString { kind: 'InitString'; type: CType; bytes: Uint8Array; literal: TStringLit; span: Span }
/** Array elements: `count` consecutive elements from `index` get `init` (ranges from `[a ... b]`); sorted. */
export interface TInitArray {
  kind: 'InitArray';
  type: CType;
  elements: { index: number; count: number; init: TInitializer }[];
  span: Span;
}
/** Struct members in member order (a union: at most one). */
export interface TInitRecord { kind: 'InitRecord'; type: CType; fields: { field: FieldRef; init: TInitializer }[]; span: Span }
export type TInitializer = TInitExpr | TInitString | TInitArray | TInitRecord;

// ---- statements ---------------------------------------------------------------------------------------

interface TStmtBase {
  span: Span;
  origin?: MacroOrigin;
}

export interface TCompoundStmt extends TStmtBase { kind: 'Compound'; items: TStmt[] }
/** Block-scope automatic variables coming into scope, with their initialisers (static locals: none here). */
export interface TDeclStmt extends TStmtBase { kind: 'Decl'; vars: { symbol: VarSymbol; init?: TInitializer }[] }
/**
 * An expression statement (its value is discarded; `expr` is not converted, so an lvalue is not read
 * unless volatile), or the null statement when `expr` is absent.
 */
export interface TExprStmt extends TStmtBase { kind: 'Expr'; expr?: TExpr }
/** Conditions (if, loops, ?:) are scalar rvalues tested against zero. */
export interface TIfStmt extends TStmtBase { kind: 'If'; cond: TExpr; then: TStmt; else?: TStmt }
/** `cond` is the promoted controlling expression; `cases` lists every case of this switch, in order. */
export interface TSwitchStmt extends TStmtBase { kind: 'Switch'; cond: TExpr; body: TStmt; cases: TCaseStmt[]; default?: TDefaultStmt }
/** `case low:` or GNU `case low ... high:`; values converted to the switch's promoted type. */
export interface TCaseStmt extends TStmtBase { kind: 'Case'; low: bigint; high: bigint; body: TStmt }
export interface TDefaultStmt extends TStmtBase { kind: 'Default'; body: TStmt }
export interface TWhileStmt extends TStmtBase { kind: 'While'; cond: TExpr; body: TStmt; pragmas: LoopPragma[] }
export interface TDoWhileStmt extends TStmtBase { kind: 'DoWhile'; body: TStmt; cond: TExpr; pragmas: LoopPragma[] }
export interface TForStmt extends TStmtBase {
  kind: 'For';
  init?: TDeclStmt | TExprStmt;
  cond?: TExpr;
  step?: TExpr;
  body: TStmt;
  pragmas: LoopPragma[];
}
export interface LabelInfo { name: string; span: Span; defined: boolean; used: boolean }
export interface TGotoStmt extends TStmtBase { kind: 'Goto'; label: LabelInfo }
export interface TLabelStmt extends TStmtBase { kind: 'Label'; label: LabelInfo; body: TStmt }
export interface TContinueStmt extends TStmtBase { kind: 'Continue' }
export interface TBreakStmt extends TStmtBase { kind: 'Break' }
/** `value` converted to the function's return type. */
export interface TReturnStmt extends TStmtBase { kind: 'Return'; value?: TExpr }
export interface TAsmOperand { name?: string; constraint: string; expr: TExpr }
export interface TAsmStmt extends TStmtBase {
  kind: 'Asm';
  qualifiers: AsmQualifier[];
  template: string;
  outputs: TAsmOperand[];
  inputs: TAsmOperand[];
  clobbers: string[];
  labels: LabelInfo[];
}
export interface TErrorStmt extends TStmtBase { kind: 'Error' }

export type TStmt =
  | TCompoundStmt | TDeclStmt | TExprStmt | TIfStmt | TSwitchStmt | TCaseStmt | TDefaultStmt | TWhileStmt
  | TDoWhileStmt | TForStmt | TGotoStmt | TLabelStmt | TContinueStmt | TBreakStmt | TReturnStmt | TAsmStmt
  | TErrorStmt;
