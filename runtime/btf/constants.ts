// BTF and .BTF.ext wire-format constants, spelled as in the kernel's include/uapi/linux/btf.h and
// include/uapi/linux/bpf.h (enum bpf_core_relo_kind). Layouts are drawn where they are encoded
// (encode.ts, ext-encode.ts); this file only names the numbers.

export const BTF_MAGIC = 0xeb9f;
export const BTF_VERSION = 1;
/** sizeof(struct btf_header) */
export const BTF_HEADER_LEN = 24;
/** sizeof(struct btf_type): name_off, info, size_or_type */
export const BTF_TYPE_LEN = 12;

export const BTF_MAX_TYPE = 0x000fffff;
export const BTF_MAX_NAME_OFFSET = 0x00ffffff;
export const BTF_MAX_VLEN = 0xffff;

// kinds (bits 24-28 of btf_type.info)
export const BTF_KIND_UNKN = 0;
export const BTF_KIND_INT = 1;
export const BTF_KIND_PTR = 2;
export const BTF_KIND_ARRAY = 3;
export const BTF_KIND_STRUCT = 4;
export const BTF_KIND_UNION = 5;
export const BTF_KIND_ENUM = 6;
export const BTF_KIND_FWD = 7;
export const BTF_KIND_TYPEDEF = 8;
export const BTF_KIND_VOLATILE = 9;
export const BTF_KIND_CONST = 10;
export const BTF_KIND_RESTRICT = 11;
export const BTF_KIND_FUNC = 12;
export const BTF_KIND_FUNC_PROTO = 13;
export const BTF_KIND_VAR = 14;
export const BTF_KIND_DATASEC = 15;
export const BTF_KIND_FLOAT = 16;
export const BTF_KIND_DECL_TAG = 17;
export const BTF_KIND_TYPE_TAG = 18;
export const BTF_KIND_ENUM64 = 19;
export const BTF_KIND_MAX = BTF_KIND_ENUM64;

/** Kind number → the name bpftool and the kernel print ("STRUCT", "FUNC_PROTO", …). */
export const BTF_KIND_NAMES = [
  'UNKNOWN', 'INT', 'PTR', 'ARRAY', 'STRUCT', 'UNION', 'ENUM', 'FWD', 'TYPEDEF', 'VOLATILE', 'CONST',
  'RESTRICT', 'FUNC', 'FUNC_PROTO', 'VAR', 'DATASEC', 'FLOAT', 'DECL_TAG', 'TYPE_TAG', 'ENUM64',
] as const;

// BTF_KIND_INT encoding bits (bits 24-27 of the u32 after the type)
export const BTF_INT_SIGNED = 1 << 0;
export const BTF_INT_CHAR = 1 << 1;
export const BTF_INT_BOOL = 1 << 2;

// FUNC linkage (vlen of BTF_KIND_FUNC)
export const BTF_FUNC_STATIC = 0;
export const BTF_FUNC_GLOBAL = 1;
export const BTF_FUNC_EXTERN = 2;

// VAR linkage (u32 after BTF_KIND_VAR)
export const BTF_VAR_STATIC = 0;
export const BTF_VAR_GLOBAL_ALLOCATED = 1;
export const BTF_VAR_GLOBAL_EXTERN = 2;

/** The linkage names bpftool prints, indexed by the linkage number (same for FUNC and VAR). */
export const BTF_LINKAGE_NAMES = ['static', 'global', 'extern'] as const;

// .BTF.ext
/** Header length without the CO-RE part (func_info + line_info only). */
export const BTF_EXT_HEADER_LEN_MIN = 24;
/** Header length with core_relo_off/core_relo_len (what clang-16 writes). */
export const BTF_EXT_HEADER_LEN_CORE = 32;
/** Minimum record sizes: bpf_func_info, bpf_line_info, bpf_core_relo. */
export const BPF_FUNC_INFO_MIN_SIZE = 8;
export const BPF_LINE_INFO_MIN_SIZE = 16;
export const BPF_CORE_RELO_MIN_SIZE = 16;

// line_col packing of bpf_line_info
export const BPF_LINE_INFO_LINE_SHIFT = 10;
export const BPF_LINE_INFO_COL_MASK = 0x3ff;

// enum bpf_core_relo_kind
export const BPF_CORE_FIELD_BYTE_OFFSET = 0;
export const BPF_CORE_FIELD_BYTE_SIZE = 1;
export const BPF_CORE_FIELD_EXISTS = 2;
export const BPF_CORE_FIELD_SIGNED = 3;
export const BPF_CORE_FIELD_LSHIFT_U64 = 4;
export const BPF_CORE_FIELD_RSHIFT_U64 = 5;
export const BPF_CORE_TYPE_ID_LOCAL = 6;
export const BPF_CORE_TYPE_ID_TARGET = 7;
export const BPF_CORE_TYPE_EXISTS = 8;
export const BPF_CORE_TYPE_SIZE = 9;
export const BPF_CORE_ENUMVAL_EXISTS = 10;
export const BPF_CORE_ENUMVAL_VALUE = 11;
export const BPF_CORE_TYPE_MATCHES = 12;

/** Pointer size on the BPF target (bytes). */
export const BTF_PTR_SIZE = 8;
