// Public surface of the diagnostics infrastructure: the Diagnostic data type, the code catalog and the
// clang-style text formatter.
export { CATALOG, isDiagnosticCode, type CatalogEntry, type DiagnosticCode } from './catalog.js';
export {
  diagnostic,
  hasErrors,
  spanAt,
  spanBetween,
  type Diagnostic,
  type DiagnosticNote,
  type Severity,
  type Span,
} from './types.js';
export { caretLine, clipLine, formatDiagnostic, formatDiagnostics, sourceLookup, type FormatOptions, type SourceLookup } from './format.js';
