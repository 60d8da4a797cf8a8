// Diagnostics → text, in clang's layout (DESIGN.md §4, cli-contract "Diagnostics on stderr"):
//
//   prog.bpf.c:12:5: error[C1040]: unterminated function-like macro invocation
//       FOO(a, b
//       ^~~
//   prog.bpf.c:3:9: note: macro 'FOO' defined here
//   #define FOO(x, y) ((x) + (y))
//           ^
//
// The source line is printed with tabs expanded (tab stop 8) and the underline is aligned to it; a span
// running past the end of its line is underlined to the end of that line. Notes print the same way.
import { lineText, type SourceFile } from '../source.js';
import type { Diagnostic, Span } from './types.js';

/** Finds the text of a file named in a span (the preprocessor returns every file it read). */
export type SourceLookup = (path: string) => SourceFile | undefined;

export function sourceLookup(files: Iterable<SourceFile> | ReadonlyMap<string, SourceFile>): SourceLookup {
  const map = new Map<string, SourceFile>();
  if (files instanceof Map) for (const [k, v] of files as ReadonlyMap<string, SourceFile>) map.set(k, v);
  else for (const f of files as Iterable<SourceFile>) map.set(f.path, f);
  return (p) => map.get(p);
}

export interface FormatOptions {
  /** Print the source line and underline (default true). */
  showSource?: boolean;
}

export function formatDiagnostic(d: Diagnostic, lookup: SourceLookup, opts: FormatOptions = {}): string {
  const out: string[] = [];
  const head = `${d.severity}[${d.code}]: ${d.message}`;
  emit(out, head, d.span, lookup, opts);
  for (const n of d.notes) emit(out, `note: ${n.message}`, n.span, lookup, opts);
  return out.join('\n') + '\n';
}

export function formatDiagnostics(ds: readonly Diagnostic[], lookup: SourceLookup, opts: FormatOptions = {}): string {
  return ds.map((d) => formatDiagnostic(d, lookup, opts)).join('');
}

function emit(out: string[], head: string, span: Span | undefined, lookup: SourceLookup, opts: FormatOptions): void {
  if (!span) {
    out.push(`ebpfc: ${head}`);
    return;
  }
  out.push(`${span.file}:${span.line}:${span.col}: ${head}`);
  if (opts.showSource === false) return;
  const file = lookup(span.file);
  if (!file) return;
  const text = lineText(file, span.line);
  if (text === '' && span.col > 1) return;
  const [shown, underline] = clipLine(...caretLine(text, span.col, span.length));
  out.push(shown, underline);
}

/** Widest source line printed whole; a longer one is shown as a window around the caret. */
const MAX_SHOWN = 160;

/** A window of at most MAX_SHOWN columns of a long line and its underline, cut ends marked `...`. */
export function clipLine(shown: string, underline: string): [string, string] {
  if (shown.length <= MAX_SHOWN) return [shown, underline];
  const caret = Math.max(0, underline.indexOf('^'));
  const from = Math.max(0, Math.min(caret - 60, shown.length - MAX_SHOWN));
  const to = from + MAX_SHOWN;
  const head = from > 0 ? '...' : '';
  const tail = to < shown.length ? '...' : '';
  return [head + shown.slice(from, to) + tail, (' '.repeat(head.length) + underline.slice(from, to)).trimEnd()];
}

/** The line with tabs expanded and the `^~~~` underline for columns [col, col+length). */
export function caretLine(text: string, col: number, length: number): [string, string] {
  let shown = '';
  let pad = '';
  let mark = '';
  const start = Math.max(0, col - 1);
  const end = Math.max(start + 1, Math.min(text.length, start + Math.max(1, length)));
  for (let i = 0; i < Math.max(text.length, start + 1); i++) {
    const ch = i < text.length ? text[i]! : ' ';
    const width = ch === '\t' ? 8 - (shown.length % 8) : 1;
    const cell = ch === '\t' ? ' '.repeat(width) : ch;
    if (i < start) pad += ' '.repeat(width);
    else if (i === start) mark += '^' + '~'.repeat(width - 1);
    else if (i < end) mark += '~'.repeat(width);
    if (i < text.length) shown += cell;
  }
  return [shown, (pad + mark).trimEnd()];
}
