// Public surface of runtime/object: the ObjectSpec model and its ELF encoding (decodeObject /
// encodeObject), plus the BTF map-definition helpers the compiler and `ebpfc asm` use.
export * from './spec.js';
export { ObjectError } from './errors.js';
export { decodeObject } from './decode.js';
export { addBtfMapDef, parseBtfMapDef, isMapInMap, MAP_DEF_FIELDS, type ParsedMapDef } from './btf-maps.js';
export { fixupDatasecs, type DatasecEnv } from './btf-fixup.js';
export { encodeObject } from './encode.js';
export { canonicalizeObject, cloneSpec } from './canonical.js';
export { layoutMaps, type MapPlacement } from './layout.js';
export {
  listObject, printListing, type ListingOptions, type ListedInsn, type ListedRelocation, type ListedSection,
  type ObjectListing,
} from './listing.js';
export { assembleObject, type AssembleObjectOptions } from './asm.js';
export { BPF_PROG_TYPE, BPF_ATTACH_TYPE, sectionDefOf, progTypeName, type SectionDef } from './sections.js';
