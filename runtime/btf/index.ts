// Public surface of runtime/btf: the BTF type graph (types.ts), .BTF and .BTF.ext decode/encode,
// kernel-style validation, queries (sizes, alignment, lookups), the builder the compiler uses, and the
// printers (bpftool raw/JSON dump, C declarations, values).
export * from './constants.js';
export { BtfError, describeType } from './errors.js';
export { BtfStrings } from './strings.js';
export type {
  Btf, BtfType, BtfKindName, BtfLinkage, BtfVoid, BtfInt, BtfRef, BtfTypeTag, BtfArray, BtfMember,
  BtfComposite, BtfEnumValue, BtfEnum, BtfEnum64Value, BtfEnum64, BtfFwd, BtfFunc, BtfParam, BtfFuncProto,
  BtfVar, BtfVarSecinfo, BtfDatasec, BtfFloat, BtfDeclTag,
} from './types.js';
export { decodeBtf, decodeBtfHeader, type BtfHeader } from './decode.js';
export { encodeBtf } from './encode.js';
export { forEachReference, mapReferences } from './walk.js';
export {
  MAX_RESOLVE_DEPTH, btfType, skipModifiers, resolveType, typeSize, typeAlign, findType, findTypes, indexByName,
} from './query.js';
export { BtfBuilder, type IntOptions, type MemberSpec } from './builder.js';
export {
  createBtfExt, decodeBtfExt, encodeBtfExt, encodeBtfAndExt,
  type BtfExt, type BtfExtInfo, type BtfExtSection, type BtfFuncInfo, type BtfLineInfo, type BtfCoreRelo,
} from './ext.js';
export { printBtf, printBtfType, printBtfJson } from './print.js';
export { printBtfC, printCDecls, printCType, BTF_C_HEADER, BTF_C_FOOTER } from './cdecl.js';
export { validateBtf, btfProblem, isValidIdentifier, isValidSectionName } from './validate.js';
export { formatValue, type FormatValueOptions } from './value.js';
export { validateBtfExt } from './validate-ext.js';
