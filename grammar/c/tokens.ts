// The C token vocabulary (C11 §6.4 plus the GNU/clang spellings BPF code and system headers use) as
// Chevrotain token types, and the tables that map a preprocessing token's spelling to its type.
// In: nothing (static tables). Out: token types, categories, `C_TOKENS` (the parser's vocabulary),
// `KEYWORDS` / `PUNCTUATORS` spelling tables. The token stream itself comes from grammar/c/token-stream.ts.
import type { TokenType } from 'chevrotain';
import { defineToken } from '../common/tokens.js';

// ---- categories: one CONSUME matches any member; the CST keeps the concrete token -------------------
/** Identifier or typedef name (struct tags, member names and labels accept both). */
export const Name = defineToken('Name', 'identifier');
/** void char short int long float double signed unsigned _Bool _Complex __int128 __auto_type. */
export const TypeKeyword = defineToken('TypeKeyword', 'type keyword');
/** typedef extern static auto register _Thread_local __thread. */
export const StorageClass = defineToken('StorageClass', 'storage class');
/** const volatile restrict (and their __x__ spellings); `_Atomic` is separate (also a specifier). */
export const Qualifier = defineToken('Qualifier', 'type qualifier');
/** inline _Noreturn. */
export const FunctionSpec = defineToken('FunctionSpec', 'function specifier');
/** = *= /= %= += -= <<= >>= &= ^= |=. */
export const AssignOp = defineToken('AssignOp', 'assignment operator');
/** Binary operators of precedence levels multiplicative … logical-or (C11 §6.5.5–6.5.14). */
export const BinaryOp = defineToken('BinaryOp', 'binary operator');
/** Every keyword (attribute names may be keywords: `__attribute__((const))`). */
export const Keyword = defineToken('Keyword', 'keyword');

// ---- identifiers and literals ------------------------------------------------------------------------
export const Identifier = defineToken('Identifier', 'identifier', [Name]);
/** An identifier that names a typedef in the current scope (classified while parsing). */
export const TypedefName = defineToken('TypedefName', 'type name', [Name]);
export const IntegerConstant = defineToken('IntegerConstant', 'integer constant');
export const FloatingConstant = defineToken('FloatingConstant', 'floating constant');
export const CharConstant = defineToken('CharConstant', 'character constant');
export const StringLiteral = defineToken('StringLiteral', 'string literal');
/** `#pragma …` / `_Pragma(…)` passed through by the preprocessor; image = the pragma text. */
export const Pragma = defineToken('Pragma', '#pragma');

// ---- keywords ----------------------------------------------------------------------------------------
function kw(name: string, spelling: string, categories: TokenType[] = []): TokenType {
  return defineToken(name, `'${spelling}'`, [...categories, Keyword]);
}
export const Void = kw('Void', 'void', [TypeKeyword]);
export const Char = kw('Char', 'char', [TypeKeyword]);
export const Short = kw('Short', 'short', [TypeKeyword]);
export const Int = kw('Int', 'int', [TypeKeyword]);
export const Long = kw('Long', 'long', [TypeKeyword]);
export const Float = kw('Float', 'float', [TypeKeyword]);
export const Double = kw('Double', 'double', [TypeKeyword]);
export const Signed = kw('Signed', 'signed', [TypeKeyword]);
export const Unsigned = kw('Unsigned', 'unsigned', [TypeKeyword]);
export const Bool = kw('Bool', '_Bool', [TypeKeyword]);
export const Complex = kw('Complex', '_Complex', [TypeKeyword]);
export const Int128 = kw('Int128', '__int128', [TypeKeyword]);
export const AutoType = kw('AutoType', '__auto_type', [TypeKeyword]);

export const Typedef = kw('Typedef', 'typedef', [StorageClass]);
export const Extern = kw('Extern', 'extern', [StorageClass]);
export const Static = kw('Static', 'static', [StorageClass]);
export const Auto = kw('Auto', 'auto', [StorageClass]);
export const Register = kw('Register', 'register', [StorageClass]);
export const ThreadLocal = kw('ThreadLocal', '_Thread_local', [StorageClass]);

export const Const = kw('Const', 'const', [Qualifier]);
export const Volatile = kw('Volatile', 'volatile', [Qualifier]);
export const Restrict = kw('Restrict', 'restrict', [Qualifier]);
export const Atomic = kw('Atomic', '_Atomic');

export const Inline = kw('Inline', 'inline', [FunctionSpec]);
export const Noreturn = kw('Noreturn', '_Noreturn', [FunctionSpec]);

export const Struct = kw('Struct', 'struct');
export const Union = kw('Union', 'union');
export const Enum = kw('Enum', 'enum');
export const Alignas = kw('Alignas', '_Alignas');
export const Alignof = kw('Alignof', '_Alignof');
export const Sizeof = kw('Sizeof', 'sizeof');
export const Generic = kw('Generic', '_Generic');
export const StaticAssert = kw('StaticAssert', '_Static_assert');
export const Typeof = kw('Typeof', 'typeof');
export const Attribute = kw('Attribute', '__attribute__');
export const Asm = kw('Asm', 'asm');
export const BuiltinOffsetof = kw('BuiltinOffsetof', '__builtin_offsetof');
export const BuiltinVaArg = kw('BuiltinVaArg', '__builtin_va_arg');
export const BuiltinTypesCompatibleP = kw('BuiltinTypesCompatibleP', '__builtin_types_compatible_p');

export const If = kw('If', 'if');
export const Else = kw('Else', 'else');
export const Switch = kw('Switch', 'switch');
export const Case = kw('Case', 'case');
export const Default = kw('Default', 'default');
export const While = kw('While', 'while');
export const Do = kw('Do', 'do');
export const For = kw('For', 'for');
export const Goto = kw('Goto', 'goto');
export const Continue = kw('Continue', 'continue');
export const Break = kw('Break', 'break');
export const Return = kw('Return', 'return');

// ---- punctuators (C11 §6.4.6) ------------------------------------------------------------------------
function punct(name: string, spelling: string, categories?: TokenType[]): TokenType {
  return defineToken(name, `'${spelling}'`, categories);
}
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const Dot = punct('Dot', '.');
export const Arrow = punct('Arrow', '->');
export const PlusPlus = punct('PlusPlus', '++');
export const MinusMinus = punct('MinusMinus', '--');
export const Amp = punct('Amp', '&', [BinaryOp]);
export const Star = punct('Star', '*', [BinaryOp]);
export const Plus = punct('Plus', '+', [BinaryOp]);
export const Minus = punct('Minus', '-', [BinaryOp]);
export const Tilde = punct('Tilde', '~');
export const Bang = punct('Bang', '!');
export const Slash = punct('Slash', '/', [BinaryOp]);
export const Percent = punct('Percent', '%', [BinaryOp]);
export const ShiftLeft = punct('ShiftLeft', '<<', [BinaryOp]);
export const ShiftRight = punct('ShiftRight', '>>', [BinaryOp]);
export const Less = punct('Less', '<', [BinaryOp]);
export const Greater = punct('Greater', '>', [BinaryOp]);
export const LessEqual = punct('LessEqual', '<=', [BinaryOp]);
export const GreaterEqual = punct('GreaterEqual', '>=', [BinaryOp]);
export const EqualEqual = punct('EqualEqual', '==', [BinaryOp]);
export const NotEqual = punct('NotEqual', '!=', [BinaryOp]);
export const Caret = punct('Caret', '^', [BinaryOp]);
export const Pipe = punct('Pipe', '|', [BinaryOp]);
export const AmpAmp = punct('AmpAmp', '&&', [BinaryOp]);
export const PipePipe = punct('PipePipe', '||', [BinaryOp]);
export const Question = punct('Question', '?');
export const Colon = punct('Colon', ':');
export const Semicolon = punct('Semicolon', ';');
export const Ellipsis = punct('Ellipsis', '...');
export const Assign = punct('Assign', '=', [AssignOp]);
export const StarAssign = punct('StarAssign', '*=', [AssignOp]);
export const SlashAssign = punct('SlashAssign', '/=', [AssignOp]);
export const PercentAssign = punct('PercentAssign', '%=', [AssignOp]);
export const PlusAssign = punct('PlusAssign', '+=', [AssignOp]);
export const MinusAssign = punct('MinusAssign', '-=', [AssignOp]);
export const ShiftLeftAssign = punct('ShiftLeftAssign', '<<=', [AssignOp]);
export const ShiftRightAssign = punct('ShiftRightAssign', '>>=', [AssignOp]);
export const AmpAssign = punct('AmpAssign', '&=', [AssignOp]);
export const CaretAssign = punct('CaretAssign', '^=', [AssignOp]);
export const PipeAssign = punct('PipeAssign', '|=', [AssignOp]);
export const Comma = punct('Comma', ',');

/** Every token type the parser knows (categories first, as Chevrotain requires them in the vocabulary). */
export const C_TOKENS: readonly TokenType[] = [
  Name, TypeKeyword, StorageClass, Qualifier, FunctionSpec, AssignOp, BinaryOp, Keyword,
  Identifier, TypedefName, IntegerConstant, FloatingConstant, CharConstant, StringLiteral, Pragma,
  Void, Char, Short, Int, Long, Float, Double, Signed, Unsigned, Bool, Complex, Int128, AutoType,
  Typedef, Extern, Static, Auto, Register, ThreadLocal, Const, Volatile, Restrict, Atomic, Inline, Noreturn,
  Struct, Union, Enum, Alignas, Alignof, Sizeof, Generic, StaticAssert, Typeof, Attribute, Asm,
  BuiltinOffsetof, BuiltinVaArg, BuiltinTypesCompatibleP,
  If, Else, Switch, Case, Default, While, Do, For, Goto, Continue, Break, Return,
  LBracket, RBracket, LParen, RParen, LBrace, RBrace, Dot, Arrow, PlusPlus, MinusMinus, Amp, Star, Plus,
  Minus, Tilde, Bang, Slash, Percent, ShiftLeft, ShiftRight, Less, Greater, LessEqual, GreaterEqual,
  EqualEqual, NotEqual, Caret, Pipe, AmpAmp, PipePipe, Question, Colon, Semicolon, Ellipsis, Assign,
  StarAssign, SlashAssign, PercentAssign, PlusAssign, MinusAssign, ShiftLeftAssign, ShiftRightAssign,
  AmpAssign, CaretAssign, PipeAssign, Comma,
];

/**
 * Keyword spellings, including the GNU alternates clang accepts (`__inline__`, `__restrict`,
 * `__typeof__`, `__asm__`, `__signed__`, `__alignof__`, `__thread`, `__complex__`…). `__extension__` is
 * not here: the token converter drops it (it only silences pedantic warnings).
 */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['void', Void], ['char', Char], ['short', Short], ['int', Int], ['long', Long], ['float', Float],
  ['double', Double], ['signed', Signed], ['__signed', Signed], ['__signed__', Signed],
  ['unsigned', Unsigned], ['_Bool', Bool], ['_Complex', Complex], ['__complex__', Complex],
  ['__int128', Int128], ['__auto_type', AutoType],
  ['typedef', Typedef], ['extern', Extern], ['static', Static], ['auto', Auto], ['register', Register],
  ['_Thread_local', ThreadLocal], ['__thread', ThreadLocal],
  ['const', Const], ['__const', Const], ['__const__', Const],
  ['volatile', Volatile], ['__volatile', Volatile], ['__volatile__', Volatile],
  ['restrict', Restrict], ['__restrict', Restrict], ['__restrict__', Restrict],
  ['_Atomic', Atomic],
  ['inline', Inline], ['__inline', Inline], ['__inline__', Inline], ['_Noreturn', Noreturn],
  ['struct', Struct], ['union', Union], ['enum', Enum],
  ['_Alignas', Alignas], ['_Alignof', Alignof], ['__alignof', Alignof], ['__alignof__', Alignof],
  ['sizeof', Sizeof], ['_Generic', Generic], ['_Static_assert', StaticAssert],
  ['typeof', Typeof], ['__typeof', Typeof], ['__typeof__', Typeof],
  ['__attribute__', Attribute], ['__attribute', Attribute],
  ['asm', Asm], ['__asm', Asm], ['__asm__', Asm],
  ['__builtin_offsetof', BuiltinOffsetof], ['__builtin_va_arg', BuiltinVaArg],
  ['__builtin_types_compatible_p', BuiltinTypesCompatibleP],
  ['if', If], ['else', Else], ['switch', Switch], ['case', Case], ['default', Default], ['while', While],
  ['do', Do], ['for', For], ['goto', Goto], ['continue', Continue], ['break', Break], ['return', Return],
]);

/** Punctuator spellings, digraphs (C11 §6.4.6p3) included. */
export const PUNCTUATORS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['[', LBracket], [']', RBracket], ['(', LParen], [')', RParen], ['{', LBrace], ['}', RBrace],
  ['<:', LBracket], [':>', RBracket], ['<%', LBrace], ['%>', RBrace],
  ['.', Dot], ['->', Arrow], ['++', PlusPlus], ['--', MinusMinus], ['&', Amp], ['*', Star], ['+', Plus],
  ['-', Minus], ['~', Tilde], ['!', Bang], ['/', Slash], ['%', Percent], ['<<', ShiftLeft],
  ['>>', ShiftRight], ['<', Less], ['>', Greater], ['<=', LessEqual], ['>=', GreaterEqual],
  ['==', EqualEqual], ['!=', NotEqual], ['^', Caret], ['|', Pipe], ['&&', AmpAmp], ['||', PipePipe],
  ['?', Question], [':', Colon], [';', Semicolon], ['...', Ellipsis], ['=', Assign], ['*=', StarAssign],
  ['/=', SlashAssign], ['%=', PercentAssign], ['+=', PlusAssign], ['-=', MinusAssign],
  ['<<=', ShiftLeftAssign], ['>>=', ShiftRightAssign], ['&=', AmpAssign], ['^=', CaretAssign],
  ['|=', PipeAssign], [',', Comma],
]);

/** Typedef names clang predeclares in every translation unit. */
export const PREDEFINED_TYPEDEFS: readonly string[] = ['__builtin_va_list', '__int128_t', '__uint128_t'];
