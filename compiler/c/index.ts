// Public surface of the C front end's syntax stage: parse preprocessed tokens into the AST (ast.ts) and
// print it. Semantic analysis builds on these.
export type * from './ast.js';
export { parseC, parseCSource, parseCText, parsePreprocessed, type ParseOptions, type ParseResult,
  type ParseSourceResult } from './parse.js';
export { printAst, type PrintAstOptions } from './print-ast.js';
export { COMPILER_LOOKUPS, headerFileTest, pruneTokens, systemFileTest, type PruneFileStats, type PruneResult, type PruneSetup,
  type SystemDirsOptions } from './prune.js';
export { parseLoopPragma } from './lower-stmt.js';
export { decodeChar, decodeFloat, decodeInteger, decodeStrings, type LiteralProblem } from './literals.js';
export { checkC, analyzeC, printTypedUnit, type CheckOptions, type CheckResult, type TypedUnit } from './sema/index.js';
