// Shared state and helpers of the CST→AST lowering: source spans of tokens and CST nodes (mapped through
// macro expansions to the text the user wrote), macro origins, CST child access and diagnostics.
// In: the parser tokens, the source tokens they came from, a diagnostics list; out: spans and nodes' bases.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { CToken, SourceToken } from '../../grammar/c/index.js';
import type { MacroOrigin } from '../../grammar/c/preprocess/token.js';
import { diagnostic, spanAt, type Diagnostic, type DiagnosticCode, type DiagnosticNote,
  type Span } from '../diagnostics/index.js';
import type { NodeBase } from './ast.js';

/** A span's start and end offset (exclusive) in one file. */
export interface Range {
  file: string;
  line: number;
  col: number;
  offset: number;
  end: number;
}

export class LowerContext {
  private readonly ranges: (Range | undefined)[];

  constructor(
    readonly tokens: readonly CToken[],
    readonly source: readonly SourceToken[],
    readonly diagnostics: Diagnostic[],
  ) {
    this.ranges = new Array<Range | undefined>(source.length);
  }

  // ---- spans ---------------------------------------------------------------------------------------

  /** The written-text range of source token `i` (see writtenRange), cached. */
  private range(i: number): Range {
    let r = this.ranges[i];
    if (r === undefined) {
      r = writtenRange(this.source[i]);
      this.ranges[i] = r;
    }
    return r;
  }

  /** The source index of a parser token; tokens inserted by error recovery borrow the previous one's. */
  private srcIndex(t: IToken | undefined): number | undefined {
    if (t === undefined) return undefined;
    const src = (t as CToken).src;
    return typeof src === 'number' ? src : undefined;
  }

  private spanOfRanges(a: Range, b: Range): Span {
    return spanOfRanges(a, b);
  }

  /** The span from parser token `first` to parser token `last` (indices into `tokens`). */
  spanOfTokenRange(first: number, last: number): Span {
    const n = this.tokens.length;
    if (n === 0 || this.source.length === 0) return { file: '<input>', line: 1, col: 1, offset: 0, length: 1 };
    const a = this.tokens[Math.min(Math.max(first, 0), n - 1)].src;
    const b = this.tokens[Math.min(Math.max(last, first, 0), n - 1)].src;
    return this.spanOfRanges(this.range(a), this.range(b));
  }

  /** The span of one token; at end of input (or for an inserted token) the point after the last real one. */
  tokenSpan(t: IToken | undefined): Span {
    const i = this.srcIndex(t);
    if (i !== undefined) return this.spanOfRanges(this.range(i), this.range(i));
    return this.endSpan();
  }

  /** The point just after source token `t` (where a missing ';' belongs). */
  afterToken(t: IToken | undefined): Span {
    const i = this.srcIndex(t);
    if (i === undefined) return this.endSpan();
    const r = this.range(i);
    const col = r.col + (r.end - r.offset);
    return { file: r.file, line: r.line, col, offset: r.end, length: 1 };
  }

  /**
   * The span of character `offset` (and `length` more) inside token `t`, when the token is written
   * as is in the file; else the token's span.
   */
  spanInToken(t: IToken, offset: number, length = 1): Span {
    const span = this.tokenSpan(t);
    if (span.length !== t.image.length || offset <= 0 || offset >= span.length) return span;
    const rest = span.length - offset;
    return { ...span, col: span.col + offset, offset: span.offset + offset, length: Math.min(length, rest) };
  }

  /** The point after the last token of the input. */
  endSpan(): Span {
    if (this.source.length === 0) return { file: '<input>', line: 1, col: 1, offset: 0, length: 1 };
    const last = this.tokens.length > 0 ? this.tokens[this.tokens.length - 1] : undefined;
    return last === undefined ? this.tokenSpan(undefined) : this.afterToken(last);
  }

  /** The token index range a CST node covers, if it consumed any token. */
  tokenRangeOf(n: CstNode): [number, number] | undefined {
    const loc = n.location;
    if (loc !== undefined && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset ?? NaN)) {
      return [loc.startOffset, loc.endOffset as number];
    }
    // a node left by error recovery: take the extent of the tokens it holds
    let lo = Infinity;
    let hi = -Infinity;
    const visit = (e: CstElement): void => {
      if ('children' in e) {
        for (const list of Object.values(e.children)) for (const c of list) visit(c);
      } else if (typeof (e as CToken).src === 'number') {
        lo = Math.min(lo, e.startOffset);
        hi = Math.max(hi, e.startOffset);
      }
    };
    visit(n);
    return lo <= hi ? [lo, hi] : undefined;
  }

  /** The span of a CST node; an empty node (e.g. an absent abstract declarator) is the point after the previous token. */
  nodeSpan(n: CstNode): Span {
    const r = this.tokenRangeOf(n);
    if (r !== undefined) return this.spanOfTokenRange(r[0], r[1]);
    const start = n.location?.startOffset;
    if (start !== undefined && Number.isFinite(start) && start > 0) return this.afterToken(this.tokens[start - 1]);
    return this.endSpan();
  }

  /** A zero-length span just after the last token of `n` (where an empty node such as an absent declarator sits). */
  pointAfter(n: CstNode): Span {
    const r = this.tokenRangeOf(n);
    const span = r === undefined ? this.endSpan() : this.afterToken(this.tokens[r[1]]);
    return { ...span, length: 0 };
  }

  /** Whether a CST node consumed any token. */
  isEmpty(n: CstNode): boolean {
    return this.tokenRangeOf(n) === undefined;
  }

  /** The span from the start of `a` to the end of `b` (same file), else `a`. */
  join(a: Span, b: Span): Span {
    if (a.file === b.file && b.offset + b.length > a.offset) {
      return { file: a.file, line: a.line, col: a.col, offset: a.offset, length: b.offset + b.length - a.offset };
    }
    return a;
  }

  /** The macro origin of a CST node's first token, if it came from a macro expansion. */
  originOf(n: CstNode | IToken): MacroOrigin | undefined {
    let i: number | undefined;
    if ('children' in n) {
      const r = this.tokenRangeOf(n);
      i = r === undefined ? undefined : this.tokens[r[0]]?.src;
    } else {
      i = this.srcIndex(n);
    }
    return i === undefined ? undefined : this.source[i]?.origin;
  }

  /** `{span, origin?}` for a node built from CST node or token `n`. */
  base(n: CstNode | IToken): NodeBase {
    let span: Span;
    let first: number | undefined;
    if ('children' in n) {
      const r = this.tokenRangeOf(n);
      span = r !== undefined ? this.spanOfTokenRange(r[0], r[1]) : this.nodeSpan(n);
      first = r === undefined ? undefined : this.tokens[r[0]]?.src;
    } else {
      span = this.tokenSpan(n);
      first = this.srcIndex(n);
    }
    const origin = first === undefined ? undefined : this.source[first]?.origin;
    return origin === undefined ? { span } : { span, origin };
  }

  // ---- diagnostics ---------------------------------------------------------------------------------

  /**
   * Reports a diagnostic at `span`. When `from` (the token or CST node the problem is about, or a macro
   * origin) came from a macro expansion, notes name each expansion, innermost first, at the place the
   * macro was invoked: "in expansion of macro 'X'".
   */
  report(code: DiagnosticCode, message: string, span: Span, from?: IToken | CstNode | MacroOrigin): void {
    const origin = from === undefined ? undefined : 'macro' in from ? from : this.originOf(from);
    const notes: DiagnosticNote[] = [];
    for (let o = origin; o !== undefined; o = o.parent) {
      notes.push({ message: `in expansion of macro '${o.macro}'`, span: spanAt(o.loc, o.macro.length) });
    }
    this.diagnostics.push(diagnostic(code, message, span, notes));
  }
}

/**
 * The written-text range of a source token: its own text when it is written in the file (also as a
 * macro argument inside an invocation), else the whole outermost macro invocation it came from.
 */
export function writtenRange(t: SourceToken): Range {
  let o: MacroOrigin | undefined = t.origin;
  if (o === undefined) {
    return { file: t.loc.file, line: t.loc.line, col: t.loc.col, offset: t.loc.offset, end: t.loc.offset + t.text.length };
  }
  while (o.parent !== undefined) o = o.parent;
  const endLen = o.end.offset === o.loc.offset ? o.macro.length : 1;
  const end = o.end.file === o.loc.file && o.end.offset >= o.loc.offset ? o.end.offset + endLen : o.loc.offset + o.macro.length;
  if (t.loc.file === o.loc.file && t.loc.offset >= o.loc.offset && t.loc.offset < end) {
    // written in the invocation itself (a macro argument): its own place is the precise one
    return { file: t.loc.file, line: t.loc.line, col: t.loc.col, offset: t.loc.offset, end: t.loc.offset + t.text.length };
  }
  return { file: o.loc.file, line: o.loc.line, col: o.loc.col, offset: o.loc.offset, end };
}

/** The span from the start of range `a` to the end of range `b` when they are in one file in order, else `a`. */
export function spanOfRanges(a: Range, b: Range): Span {
  if (a.file === b.file && b.end > a.offset) {
    return { file: a.file, line: a.line, col: a.col, offset: a.offset, length: b.end - a.offset };
  }
  return { file: a.file, line: a.line, col: a.col, offset: a.offset, length: Math.max(1, a.end - a.offset) };
}

// ---- CST access ---------------------------------------------------------------------------------------

const NONE: readonly never[] = Object.freeze([] as never[]);

/** The child nodes under `key` (empty when absent). */
export function nodes(n: CstNode | undefined, key: string): readonly CstNode[] {
  return (n?.children[key] ?? NONE) as readonly CstNode[];
}

/** The child node under `key` at position `i`. */
export function node(n: CstNode | undefined, key: string, i = 0): CstNode | undefined {
  return n?.children[key]?.[i] as CstNode | undefined;
}

/** The tokens under `key` (empty when absent). */
export function toks(n: CstNode | undefined, key: string): readonly CToken[] {
  return (n?.children[key] ?? NONE) as readonly CToken[];
}

/** The token under `key` at position `i`. */
export function tok(n: CstNode | undefined, key: string, i = 0): CToken | undefined {
  return n?.children[key]?.[i] as CToken | undefined;
}

/** Position of a CST element in the token stream (for putting children of different keys in order). */
export function startOf(e: CstElement): number {
  if ('children' in e) {
    const s = e.location?.startOffset;
    if (s !== undefined && Number.isFinite(s)) return s;
    let lo = Infinity;
    for (const list of Object.values(e.children)) for (const c of list) lo = Math.min(lo, startOf(c));
    return lo;
  }
  return Number.isFinite(e.startOffset) ? e.startOffset : Infinity;
}

/** The elements under `keys`, in source order. */
export function inOrder(n: CstNode | undefined, keys: readonly string[]): { key: string; el: CstElement }[] {
  const out: { key: string; el: CstElement }[] = [];
  let groups = 0;
  for (const key of keys) {
    const list = n?.children[key];
    if (list === undefined) continue;
    groups++;
    for (const el of list) out.push({ key, el });
  }
  // elements under one key are already in order
  return groups > 1 ? out.sort((a, b) => startOf(a.el) - startOf(b.el)) : out;
}

/** The canonical spelling of a keyword token (`__inline__` → `inline`), from its token type's label. */
export function keywordOf(t: IToken): string {
  const label = t.tokenType.LABEL ?? t.image;
  return label.startsWith("'") && label.endsWith("'") ? label.slice(1, -1) : t.image;
}
