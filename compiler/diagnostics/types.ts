// The shape of a source diagnostic (DESIGN.md §4): severity, a stable code from catalog.ts, a message, the
// span it points at and follow-up notes. Diagnostics are data: stages collect them and keep going.
import type { SourceLoc } from '../source.js';
import { CATALOG, type DiagnosticCode } from './catalog.js';

export type Severity = 'error' | 'warning' | 'note';

/** A range of source text: its first character's location and its length in characters. */
export interface Span extends SourceLoc {
  length: number;
}

export interface DiagnosticNote {
  message: string;
  span?: Span;
}

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Absent for problems that have no place in a source file (a bad -D flag, a missing main file). */
  span?: Span;
  notes: DiagnosticNote[];
}

/** A span covering `length` characters from `loc` (at least one). */
export function spanAt(loc: SourceLoc, length = 1): Span {
  return { file: loc.file, line: loc.line, col: loc.col, offset: loc.offset, length: Math.max(1, length) };
}

/** A span from `start` to the end of `end` (a token of `endLength` characters), when both are in one file. */
export function spanBetween(start: SourceLoc, end: SourceLoc, endLength: number): Span {
  if (start.file !== end.file || end.offset < start.offset) return spanAt(start, 1);
  return spanAt(start, end.offset + endLength - start.offset);
}

/** Builds a diagnostic whose severity comes from the catalog entry of `code`. */
export function diagnostic(code: DiagnosticCode, message: string, span?: Span, notes: DiagnosticNote[] = []): Diagnostic {
  const d: Diagnostic = { severity: CATALOG[code].severity, code, message, notes };
  if (span) d.span = span;
  return d;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}
