// Public surface of the C → IR lowering: lowerToIr(unit, options) turns a checked translation unit into
// an IR module, with the facts about functions and global data the object emitter needs beside it.
export { lowerToIr, type LowerResult, type LoweredFunction, type LoweredGlobal, type GlobalReloc } from './module.js';
export type { LowerOptions, Cpu } from './options.js';
