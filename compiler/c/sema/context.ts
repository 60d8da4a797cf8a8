// Per-translation-unit state of semantic analysis: diagnostics, the scope chain, the function being
// checked (labels, loops, switches), id counters and everything collected for the TypedUnit (records,
// strings, globals, calls). In: options; out: a SemaContext that the check-* modules share. Nothing here
// is module-level: each analysis run has its own context.
import {
  diagnostic, type Diagnostic, type DiagnosticCode, type DiagnosticNote, type Span,
} from '../../diagnostics/index.js';
import type { MacroOrigin } from '../../../grammar/c/preprocess/token.js';
import { locAt, type SourceFile } from '../../source.js';
import { Scope, type FunctionSymbol, type Symbol, type TypedefSymbol, type VarSymbol } from './symbols.js';
import type { CType, EnumDecl, RecordDecl } from './types.js';
import type { LabelInfo, StringData, TCaseStmt, TDefaultStmt } from './typed-ast.js';
import type { AttributeEnv } from './attributes.js';

export interface SemaOptions {
  /**
   * Treat a call of an undeclared function as clang does with -Wno-error=implicit-function-declaration:
   * a warning (C1500) and an implicit `int f()` declaration. Default: an error (clang-16's C99 default).
   */
  implicitDeclarationsAsWarnings?: boolean;
  /** The BPF helper-argument limit (default 5: R1–R5). */
  maxArguments?: number;
  /** The main file's path (default: the file of the unit's first declaration). */
  mainFile?: string;
  /** The pragmas the preprocessor met (for `#pragma clang attribute push(…preserve_access_index…)`). */
  pragmas?: readonly { text: string; loc: { file: string; offset: number } }[];
  /** The source files (from the preprocessor), to place diagnostics at the end of a span. */
  files?: ReadonlyMap<string, SourceFile>;
}

/** Warnings about what code does when it runs (clang's DiagRuntimeBehavior): not for unevaluated code. */
const RUNTIME_WARNINGS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['C1501', 'C1502', 'C1506', 'C1507', 'C1510']);

export interface SwitchState {
  promoted: CType;
  cases: TCaseStmt[];
  default?: TDefaultStmt;
  seen: Map<bigint, Span>;
}

export interface FunctionState {
  symbol: FunctionSymbol;
  returns: CType;
  labels: Map<string, LabelInfo>;
  locals: VarSymbol[];
  /** Enclosing statements `break` / `continue` may leave, innermost last. */
  breakables: ('loop' | 'switch')[];
  switches: SwitchState[];
}

/** A call edge of the call graph (for recursion detection): caller → callee at `span`. */
export interface CallEdge {
  caller: FunctionSymbol;
  callee: FunctionSymbol;
  span: Span;
  /** The callee was reached through a function pointer taken here (`&f` or `f` as a value). */
  indirect: boolean;
}

export class SemaContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly fileScope = new Scope('file');
  scope: Scope = this.fileScope;
  fn: FunctionState | undefined;
  /** Made on first use by check-expr.ts's attributeEnv(). */
  attributeEnv: AttributeEnv | undefined;
  /** Nesting depth of the expression or statement being checked, and whether the limit was hit. */
  depth = 0;
  tooDeep = false;
  /** File-scope compound literals made so far (their objects are `.compoundliteral`, `.compoundliteral.1`…). */
  compoundLiterals = 0;
  /** > 0 inside sizeof, typeof, _Alignof, __builtin_constant_p…: nothing there is evaluated. */
  unevaluated = 0;
  private nextId = 1;

  // collected for the TypedUnit
  readonly records: RecordDecl[] = [];
  readonly enums: EnumDecl[] = [];
  readonly typedefs: TypedefSymbol[] = [];
  readonly strings: StringData[] = [];
  readonly functions: FunctionSymbol[] = [];
  /** File-scope variables and static locals, in declaration order. */
  readonly globals: VarSymbol[] = [];
  readonly edges: CallEdge[] = [];
  /** Calls passing more arguments than BPF registers hold (judged once all definitions are known). */
  readonly wideCalls: { direct?: FunctionSymbol; span: Span; count: number }[] = [];
  /** Uses of `extern` variables in evaluated code (unsupported unless defined later in the unit). */
  readonly externUses: { symbol: VarSymbol; span: Span }[] = [];
  /** Names declared implicitly by calls (reported once each). */
  readonly implicitReported = new Set<string>();
  /** Object names given to static locals so far (a repeated `f.x` gets a `.1`, `.2`… suffix). */
  readonly staticLocalNames = new Map<string, number>();

  /** Source ranges under `#pragma clang attribute push(__attribute__((preserve_access_index)), …)`. */
  readonly preserveRegions: { file: string; start: number; end: number }[] = [];

  constructor(readonly options: SemaOptions = {}) {
    const open: { file: string; start: number; preserve: boolean }[] = [];
    for (const p of options.pragmas ?? []) {
      const t = p.text.replace(/\s+/g, ' ');
      if (t.startsWith('clang attribute push')) {
        open.push({ file: p.loc.file, start: p.loc.offset, preserve: /preserve_access_index/.test(t) && /apply_to\s*=\s*record/.test(p.text) });
      } else if (t.startsWith('clang attribute pop')) {
        const o = open.pop();
        if (o?.preserve && o.file === p.loc.file) this.preserveRegions.push({ file: o.file, start: o.start, end: p.loc.offset });
      }
    }
    for (const o of open) if (o.preserve) this.preserveRegions.push({ file: o.file, start: o.start, end: Infinity });
  }

  /**
   * The `#pragma pack` value in force at `span` (undefined: none), from the pack pragmas written
   * earlier in the same file: `pack(N)`, `pack()`, `pack(push[, N])`, `pack(pop)`.
   */
  packAt(span: Span): number | undefined {
    let cur: number | undefined;
    const stack: (number | undefined)[] = [];
    for (const p of this.options.pragmas ?? []) {
      if (p.loc.file !== span.file || p.loc.offset >= span.offset) continue;
      const m = /^pack\s*\(([^)]*)\)/.exec(p.text.trim());
      if (!m) continue;
      const args = m[1]!.split(',').map((a) => a.trim()).filter((a) => a !== '');
      const n = args.map((a) => Number(a)).find((v) => Number.isInteger(v) && v > 0);
      if (args[0] === 'push') {
        stack.push(cur);
        if (n !== undefined) cur = n;
      } else if (args[0] === 'pop') {
        cur = stack.length > 0 ? stack.pop() : undefined;
        if (n !== undefined) cur = n;
      } else if (args.length === 0) {
        cur = undefined;
      } else if (n !== undefined) {
        cur = n;
      }
    }
    return cur;
  }

  /** Whether a record defined at `span` is under a preserve_access_index pragma. */
  underPreservePragma(span: Span): boolean {
    return this.preserveRegions.some((r) => r.file === span.file && span.offset >= r.start && span.offset < r.end);
  }

  id(): number {
    return this.nextId++;
  }

  // ---- diagnostics ----------------------------------------------------------------------------------

  report(code: DiagnosticCode, message: string, span: Span, origin?: MacroOrigin, notes: DiagnosticNote[] = []): void {
    // warnings about run-time behaviour are not given for code that is never evaluated (sizeof, typeof…)
    if (this.unevaluated > 0 && RUNTIME_WARNINGS.has(code)) return;
    const all = [...notes];
    // where the code came from a macro written elsewhere on the line, name the outermost invocation
    let o = origin;
    while (o?.parent !== undefined) o = o.parent;
    if (o !== undefined && (o.loc.file !== span.file || o.loc.offset !== span.offset)) {
      all.push({ message: `in expansion of macro '${o.macro}'`, span: { ...o.loc, length: o.macro.length } });
    }
    this.diagnostics.push(diagnostic(code, message, span, all));
  }

  /** A one-character span at the last character of `s` (e.g. a body's closing brace). */
  lastCharSpan(s: Span): Span {
    const file = this.options.files?.get(s.file);
    if (file === undefined) return s;
    const loc = locAt(file, s.offset + Math.max(0, s.length - 1));
    return { ...loc, length: 1 };
  }

  /**
   * The span of binary operator `op` written between `left` and `right` (clang points diagnostics
   * about an operation at its operator), when both are written in one file.
   */
  operatorSpan(left: Span, right: Span, op: string): Span | undefined {
    const file = this.options.files?.get(left.file);
    if (file === undefined || right.file !== left.file) return undefined;
    const from = left.offset + left.length;
    const at = file.text.slice(from, right.offset).indexOf(op);
    if (at < 0) return undefined;
    return { ...locAt(file, from + at), length: op.length };
  }

  /** The source text a span covers ('' when the file is not known). */
  textOf(s: Span): string {
    const file = this.options.files?.get(s.file);
    return file === undefined ? '' : file.text.slice(s.offset, s.offset + s.length);
  }

  /** The first `token` written after `after` (within a line's reach), e.g. the `(` of a call. */
  tokenAfter(after: Span, token: string): Span | undefined {
    const file = this.options.files?.get(after.file);
    if (file === undefined) return undefined;
    const from = after.offset + after.length;
    const at = file.text.slice(from, from + 200).indexOf(token);
    return at < 0 ? undefined : { ...locAt(file, from + at), length: token.length };
  }

  /** Where identifier `name` is written inside `within` (the name of a struct in its specifier…). */
  nameIn(within: Span, name: string): Span | undefined {
    const file = this.options.files?.get(within.file);
    if (file === undefined) return undefined;
    const text = file.text.slice(within.offset, within.offset + within.length);
    const m = new RegExp(`(?<![A-Za-z0-9_])${name.replace(/[$]/g, '\\$')}(?![A-Za-z0-9_])`).exec(text);
    return m === null ? undefined : { ...locAt(file, within.offset + m.index), length: name.length };
  }

  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  // ---- scopes ---------------------------------------------------------------------------------------

  push(kind: 'block' | 'function' | 'prototype'): Scope {
    this.scope = new Scope(kind, this.scope);
    return this.scope;
  }

  pop(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }

  /** Runs `f` in a new scope of `kind`. */
  inScope<R>(kind: 'block' | 'function' | 'prototype', f: () => R): R {
    this.push(kind);
    try {
      return f();
    } finally {
      this.pop();
    }
  }

  lookup(name: string): Symbol | undefined {
    return this.scope.lookup(name);
  }
}
