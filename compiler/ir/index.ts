// Public surface of the IR: the model, its builder, printer/parser, validator, interpreter, analyses
// and the optimisation pipeline.
export * from './types.js';
export * from './nodes.js';
export { ModuleBuilder, FuncBuilder, checkCast, type FuncOptions, type LoadOptions, type StoreOptions } from './builder.js';
export { printModule, printFunc, printInst, printTerm, Namer, type PrintOptions } from './print.js';
export { parseModule, parseFunc } from './parse.js';
export { validateModule, validateFunc, assertValid } from './validate.js';
export { interpret, IrMemory, IrInterpFault, funcByHandle, type InterpEnv, type MemRegion } from './interp.js';
export { evalBin, evalCmp, evalCast, evalBswap, swapPred, invertPred, isSignedPred } from './eval.js';
export { helperInfo, helperByName, helperName, BPF_FUNC_tail_call, type HelperInfo, type HelperArg } from './helpers.js';
export { ctxLayoutOfSection, ctxPtrField, type CtxLayout, type CtxPtrField } from './ctx.js';
export * from './operands.js';
export { dominators, reversePostorder, loopDepths, type Graph, type DomInfo } from './analysis/graph.js';
export { funcGraph, funcDominators } from './analysis/cfg.js';
export { optimizeModule, runPass, PASSES, type OptLevel, type OptimizeOptions } from './passes/pipeline.js';
export { packetCheck, type PacketCheck } from './passes/bounds.js';
