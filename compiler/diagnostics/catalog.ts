// The single catalog of diagnostic codes (DESIGN.md §4). A code, once published, keeps its meaning: never
// renumber or reuse one; retire it by leaving a comment. Ranges:
//   C1000–C1099  C lexer and preprocessor          C1100–C1499  C parser and semantic checks
//   C1500–C1599  C warnings about suspicious code  P1xxx        P4 front end
//   B2xxx        backend limits                    L3xxx        loader            V4xxx  verifier
// Each stage appends its entries in its own range, keeping the table sorted by code.
import type { Severity } from './types.js';

export interface CatalogEntry {
  severity: Severity;
  /** One line saying what the code is about; the diagnostic's own message gives the specifics. */
  summary: string;
}

export const CATALOG = {
  // ---- C lexer ----
  C1001: { severity: 'error', summary: 'unterminated /* comment' },
  C1002: { severity: 'error', summary: 'missing terminating " character' },
  C1003: { severity: 'error', summary: "missing terminating ' character" },

  // ---- C preprocessor: directives ----
  C1010: { severity: 'error', summary: 'invalid preprocessing directive' },
  C1011: { severity: 'error', summary: 'malformed #include' },
  C1012: { severity: 'error', summary: 'included file not found' },
  C1013: { severity: 'error', summary: '#include nested too deeply' },
  C1014: { severity: 'error', summary: 'unterminated conditional directive' },
  C1015: { severity: 'error', summary: '#else, #elif or #endif without #if' },
  C1016: { severity: 'error', summary: '#elif or #else after #else' },
  C1017: { severity: 'error', summary: 'macro name missing or not an identifier' },
  C1018: { severity: 'warning', summary: 'macro redefined with a different body' },
  C1019: { severity: 'error', summary: 'malformed macro parameter list' },
  C1020: { severity: 'error', summary: "'#' is not followed by a macro parameter" },
  C1021: { severity: 'error', summary: "'##' at either end of a macro expansion" },
  C1022: { severity: 'warning', summary: 'extra tokens at end of directive' },
  C1023: { severity: 'error', summary: '#error directive' },
  C1024: { severity: 'warning', summary: '#warning directive' },
  C1025: { severity: 'error', summary: 'malformed #line directive' },
  C1026: { severity: 'warning', summary: 'redefining or undefining a builtin macro' },
  C1027: { severity: 'error', summary: 'malformed _Pragma operator' },
  C1028: { severity: 'error', summary: '#pragma GCC error' },
  C1029: { severity: 'warning', summary: '#pragma GCC warning or #pragma message' },
  C1030: { severity: 'warning', summary: '#pragma once in main file' },
  C1031: { severity: 'warning', summary: '#include_next in primary source file' },
  C1032: { severity: 'warning', summary: '__VA_ARGS__ or __VA_OPT__ outside a variadic macro' },
  C1033: { severity: 'warning', summary: 'C2x preprocessing directive used in C17 mode' },
  C1034: { severity: 'error', summary: 'malformed __VA_OPT__' },

  // ---- C preprocessor: macro expansion ----
  C1040: { severity: 'error', summary: 'unterminated function-like macro invocation' },
  C1041: { severity: 'error', summary: 'too many arguments to function-like macro' },
  C1042: { severity: 'error', summary: 'too few arguments to function-like macro' },
  C1043: { severity: 'error', summary: 'pasting formed an invalid preprocessing token' },
  C1044: { severity: 'error', summary: 'macro expansion exceeds the output limit' },
  C1045: { severity: 'error', summary: 'builtin macro used incorrectly' },
  C1046: { severity: 'warning', summary: 'stringizing produced an invalid string literal' },

  // ---- C preprocessor: #if expressions ----
  C1050: { severity: 'error', summary: 'invalid preprocessor expression' },
  C1051: { severity: 'error', summary: 'division by zero in preprocessor expression' },
  C1052: { severity: 'warning', summary: 'integer overflow in preprocessor expression' },
  C1053: { severity: 'error', summary: 'integer literal too large' },
  C1054: { severity: 'warning', summary: 'integer literal interpreted as unsigned' },
  C1055: { severity: 'warning', summary: 'negative value converted to unsigned in preprocessor expression' },

  // ---- C parser (grammar/c) and CST→AST lowering (compiler/c/parse.ts, lower-*.ts) ----
  C1100: { severity: 'error', summary: "expected a token (e.g. \"expected ';' after expression\")" },
  C1101: { severity: 'error', summary: 'expected expression' },
  C1102: { severity: 'error', summary: 'unknown type name (an identifier where a type is needed)' },
  C1103: { severity: 'error', summary: 'expected identifier' },
  C1104: { severity: 'error', summary: 'expected declaration' },
  C1105: { severity: 'error', summary: 'unexpected token' },
  C1106: { severity: 'error', summary: 'character or token that is not part of C' },
  C1107: { severity: 'error', summary: 'invalid integer constant' },
  C1108: { severity: 'error', summary: 'invalid floating constant' },
  C1109: { severity: 'error', summary: 'invalid character constant or string literal' },
  C1110: { severity: 'warning', summary: 'unknown escape sequence' },
  C1111: { severity: 'warning', summary: 'multi-character character constant' },
  C1112: { severity: 'error', summary: 'loop pragma not followed by a loop' },
  C1113: { severity: 'error', summary: 'declarator name in a type name' },
  C1114: { severity: 'error', summary: 'function body on a declarator that is not a function' },
  C1115: { severity: 'error', summary: 'invalid asm statement' },

  // ---- C semantic analysis (compiler/c/sema): errors ----
  C1200: { severity: 'error', summary: 'use of undeclared identifier' },
  C1201: { severity: 'error', summary: 'call to undeclared function (implicit declarations are not C99)' },
  C1202: { severity: 'error', summary: 'redefinition or conflicting declaration' },
  C1203: { severity: 'error', summary: 'invalid combination of type specifiers or missing type specifier' },
  C1204: { severity: 'error', summary: 'incomplete type where a complete type is required' },
  C1205: { severity: 'error', summary: 'invalid operands to an operator' },
  C1206: { severity: 'error', summary: 'expression is not assignable (not a modifiable lvalue)' },
  C1207: { severity: 'error', summary: 'incompatible types in assignment, initialisation, argument or return' },
  C1208: { severity: 'error', summary: 'wrong number of arguments to a function call' },
  C1209: { severity: 'error', summary: 'no member with that name' },
  C1210: { severity: 'error', summary: 'member access on something that is not a struct or union' },
  C1211: { severity: 'error', summary: 'subscripted value is not an array or pointer' },
  C1212: { severity: 'error', summary: 'called object is not a function or function pointer' },
  C1213: { severity: 'error', summary: 'expression is not an integer constant expression' },
  C1214: { severity: 'error', summary: 'invalid array size' },
  C1215: { severity: 'error', summary: 'invalid bit-field' },
  C1216: { severity: 'error', summary: 'invalid initializer' },
  C1217: { severity: 'error', summary: 'statement not allowed here (break/continue/case/default outside their context)' },
  C1218: { severity: 'error', summary: 'duplicate case value or default label' },
  C1219: { severity: 'error', summary: 'undefined or redefined label' },
  C1220: { severity: 'error', summary: 'invalid storage class or function specifier' },
  C1221: { severity: 'error', summary: 'static assertion failed' },
  C1222: { severity: 'error', summary: 'invalid return statement for the function type' },
  C1223: { severity: 'error', summary: 'invalid cast' },
  C1224: { severity: 'error', summary: 'invalid operand of sizeof, _Alignof or offsetof' },
  C1225: { severity: 'error', summary: 'invalid use of a void expression' },
  C1226: { severity: 'error', summary: 'invalid attribute' },
  C1227: { severity: 'error', summary: 'invalid call of a compiler builtin' },
  C1228: { severity: 'error', summary: 'invalid declaration (function/array/void where not allowed)' },
  C1229: { severity: 'error', summary: 'initializer element is not a compile-time constant' },
  C1230: { severity: 'error', summary: 'integer constant too large' },

  // ---- C semantic analysis: restrictions of BPF programs ----
  C1300: { severity: 'error', summary: 'recursion (BPF programs cannot call themselves, directly or indirectly)' },
  C1301: { severity: 'error', summary: 'too many arguments for a BPF function (at most 5)' },
  C1302: { severity: 'error', summary: 'floating point is not supported in BPF programs' },
  C1303: { severity: 'error', summary: 'variable length arrays are not supported in BPF programs' },
  C1304: { severity: 'error', summary: 'extern symbol (kfunc/ksym) not supported yet' },
  C1305: { severity: 'error', summary: 'invalid BTF map definition' },
  C1306: { severity: 'error', summary: 'invalid program or section declaration' },
  C1307: { severity: 'error', summary: 'C feature not supported for the BPF target' },

  // ---- C warnings about suspicious code (emitted by compiler/c checks) ----
  C1500: { severity: 'warning', summary: 'implicit declaration of function' },
  C1501: { severity: 'warning', summary: 'comparison of integers of different signs' },
  // ---- C semantic analysis (compiler/c/sema): more warnings ----
  C1502: { severity: 'warning', summary: 'implicit conversion changes the value of a constant' },
  C1503: { severity: 'warning', summary: 'excess elements in initializer' },
  C1504: { severity: 'warning', summary: 'incompatible pointer types' },
  C1505: { severity: 'warning', summary: 'conversion discards qualifiers' },
  C1506: { severity: 'warning', summary: 'division or remainder by zero' },
  C1507: { severity: 'warning', summary: 'shift count is negative or not less than the width of the type' },
  C1508: { severity: 'warning', summary: 'unknown attribute ignored' },
  C1509: { severity: 'warning', summary: 'non-void function does not return a value' },
  C1510: { severity: 'warning', summary: 'comparison of distinct pointer types' },
  C1511: { severity: 'warning', summary: 'expression result unused or suspicious statement' },
  C1512: { severity: 'warning', summary: 'declaration does not declare anything or is ignored' },
  C1513: { severity: 'warning', summary: 'variable is uninitialized when used (clang -Wuninitialized)' },

  // ---- B2: backend limits (compiler/codegen; compiler/codegen/diagnostics.ts) ----
  B2001: { severity: 'error', summary: 'stack frame larger than the 512 bytes the kernel allows' },
  B2002: { severity: 'error', summary: 'combined stack of a call chain larger than 512 bytes' },
  B2003: { severity: 'error', summary: 'call or function with more than 5 arguments' },
  B2004: { severity: 'error', summary: 'recursive call (the kernel rejects call cycles)' },
  B2005: { severity: 'error', summary: 'operation not available at the selected cpu version (-mcpu)' },
  B2006: { severity: 'error', summary: 'function too large: a jump does not fit the 16-bit offset' },
  B2007: { severity: 'error', summary: 'call chain deeper than the 8 frames the kernel allows' },
  // object emission (compiler/object)
  B2008: { severity: 'error', summary: 'a reference the object format cannot express (address in global data, missing target)' },
  B2009: { severity: 'error', summary: 'call to an entry program (only functions in .text can be called)' },
  // verifier-aware checks (compiler/checks): code the kernel's verifier is certain to reject
  B2101: { severity: 'error', summary: 'packet access before a bounds check against data_end' },
  B2102: { severity: 'error', summary: 'dereference of a possibly-NULL pointer (map lookup result) without a NULL check' },
  B2103: { severity: 'error', summary: 'loop the verifier cannot prove to terminate' },
  B2104: { severity: 'error', summary: 'GPL-only helper called from a program without a GPL-compatible license' },
  // ---- end of B2 ----
} as const satisfies Record<string, CatalogEntry>;

export type DiagnosticCode = keyof typeof CATALOG;

export function isDiagnosticCode(s: string): s is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(CATALOG, s);
}
