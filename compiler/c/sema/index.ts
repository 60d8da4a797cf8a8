// Public surface of C semantic analysis: checkC (preprocess → parse → check), analyzeC (check a parsed
// AST), the typed AST and symbol types, the type model and layout, and the typed-AST printer.
export { checkC, type CheckOptions, type CheckResult } from './frontend.js';
export { analyzeC, type AnalyzeResult, type TypedUnit } from './analyze.js';
export type { SemaOptions, CallEdge } from './context.js';
export type * from './typed-ast.js';
export { CastKind } from './typed-ast.js';
export type { LoopPragma, AsmQualifier } from '../ast.js';
export type {
  Symbol, VarSymbol, FunctionSymbol, EnumConstSymbol, TypedefSymbol, VarStorage, Linkage, DataSection,
  FunctionDefinitionInfo,
} from './symbols.js';
export * from './types.js';
export { layoutRecord, enumUnderlying, type RecordLayout, type FieldLayout } from './layout.js';
export { compatible, typeToString, canonical, canonicalTypeString } from './compat.js';
export type { DeclAttributes } from './attributes.js';
export type { StaticData, DataReloc, RelocTarget } from './static-init.js';
export type { MapDefinition, MapValueRef, ProgramEntry } from './bpf.js';
export { printTypedUnit, type PrintTypedOptions } from './print.js';
