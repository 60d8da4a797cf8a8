// Backend diagnostics (B2xxx codes of compiler/diagnostics/catalog.ts): limits of the target that the
// code generator detects, reported at the source span of the offending IR instruction or function.
import { diagnostic, type Diagnostic, type Span as DiagSpan } from '../diagnostics/index.js';
import type { Span } from '../ir/index.js';

export type BackendCode = 'B2001' | 'B2002' | 'B2003' | 'B2004' | 'B2005' | 'B2006' | 'B2007';

/** The diagnostics span of an IR span (IR spans from a front end usually carry offset and length). */
export function diagSpan(s: Span): DiagSpan {
  const x = s as Span & { offset?: number; length?: number };
  return { file: s.file, line: s.line, col: s.col, offset: x.offset ?? 0, length: x.length ?? 1 };
}

export function backendError(code: BackendCode, message: string, span: Span): Diagnostic {
  return diagnostic(code, message, diagSpan(span));
}
