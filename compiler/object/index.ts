// Public surface of object emission: IR module + generated code + C facts → ObjectSpec (then
// runtime/object's encodeObject writes the ELF), and the C-type → BTF translator.
export { emitObject, type EmitInput, type EmitResult } from './emit.js';
export { CTypeBtf } from './btf-types.js';
export { layoutData, type DataLayout, type PlacedGlobal } from './data.js';
export { layoutCode, type CodeLayout, type PlacedFunction } from './code.js';
export { contextNames } from './btf-funcs.js';
