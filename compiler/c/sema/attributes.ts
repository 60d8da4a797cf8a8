// GNU attributes (`__attribute__((…))`) as they bear on BPF code: section (SEC), inlining, packed,
// aligned, used/unused, weak, visibility, preserve_access_index, btf_decl_tag/btf_type_tag, noreturn.
// In: ast Attribute lists and an evaluator for their arguments; out: DeclAttributes, and diagnostics for
// malformed arguments. Unknown attributes are kept by name and otherwise ignored (as clang warns and
// ignores them).
import type { Attribute, Expr, Span } from '../ast.js';
import { DEFAULT_ATTRIBUTES } from '../../../grammar/c/preprocess/builtins.js';
import { DEFAULT_ATTRIBUTE_ALIGN } from './types.js';

export interface DeclAttributes {
  /** `section("name")`, i.e. libbpf's SEC("name"). */
  section?: { name: string; span: Span };
  alwaysInline: boolean;
  noinline: boolean;
  packed: boolean;
  /** `aligned(N)` / `aligned` (bytes; the largest when repeated). */
  aligned?: number;
  used: boolean;
  unused: boolean;
  weak: boolean;
  noreturn: boolean;
  preserveAccessIndex: boolean;
  visibility?: string;
  btfDeclTags: string[];
  btfTypeTags: string[];
  /** Every attribute name met, normalised (`__always_inline__` → `always_inline`), in order. */
  names: string[];
}

export function emptyAttributes(): DeclAttributes {
  return {
    alwaysInline: false,
    noinline: false,
    packed: false,
    used: false,
    unused: false,
    weak: false,
    noreturn: false,
    preserveAccessIndex: false,
    btfDeclTags: [],
    btfTypeTags: [],
    names: [],
  };
}

/** GNU/clang attribute names besides the preprocessor's __has_attribute set, known and ignored here. */
const OTHER_KNOWN = new Set((
  'nothrow leaf artificial sentinel optimize target designated_init preserve_static_offset ' +
  'counted_by no_instrument_function noclone no_reorder retain externally_visible copy access nonstring ' +
  'noipa no_stack_protector no_caller_saved_registers interrupt common nocommon tls_model vector_size ' +
  'scalar_storage_order assume_aligned alloc_align returns_twice no_split_stack used weak ' +
  'objc_boxable swift_name availability nodiscard likely unlikely noescape callback ownership_returns ' +
  'bpf_fastcall btf_decl_tag cdecl stdcall fastcall regparm force_align_arg_pointer ifunc'
).split(' '));

/** What reading attributes needs from the expression checker. */
export interface AttributeEnv {
  /** The value of an integer constant expression, or undefined (after reporting) when it is not one. */
  intConstant(e: Expr, what: string): bigint | undefined;
  error(span: Span, message: string): void;
  warn(span: Span, message: string): void;
}

/** The text of a string-literal argument (plain/u8 strings: bytes as Latin-1/UTF-8 decoded). */
export function stringArg(e: Expr | undefined): string | undefined {
  if (e === undefined || e.kind !== 'StringLiteral') return undefined;
  if (e.prefix !== '' && e.prefix !== 'u8') return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(e.value));
  } catch {
    return String.fromCharCode(...e.value);
  }
}

/** Adds the attributes in `list` to `into` (later ones win for single-valued attributes). */
export function readAttributes(list: readonly Attribute[], into: DeclAttributes, env: AttributeEnv): DeclAttributes {
  for (const a of list) {
    into.names.push(a.name);
    switch (a.name) {
      case 'section': {
        const name = stringArg(a.args[0]);
        if (name === undefined || a.args.length !== 1) env.error(a.args[0]?.span ?? a.span, "'section' attribute requires a string");
        else into.section = { name, span: a.span };
        break;
      }
      case 'always_inline':
        into.alwaysInline = true;
        break;
      case 'noinline':
        into.noinline = true;
        break;
      case 'packed':
        into.packed = true;
        break;
      case 'aligned': {
        if (a.args.length === 0) {
          into.aligned = Math.max(into.aligned ?? 0, DEFAULT_ATTRIBUTE_ALIGN);
          break;
        }
        const v = env.intConstant(a.args[0]!, "'aligned' attribute argument");
        if (v === undefined) break;
        if (v <= 0n || (v & (v - 1n)) !== 0n || v > 1n << 28n) {
          env.error(a.span, 'requested alignment is not a power of 2');
          break;
        }
        into.aligned = Math.max(into.aligned ?? 0, Number(v));
        break;
      }
      case 'used':
        into.used = true;
        break;
      case 'unused':
        into.unused = true;
        break;
      case 'weak':
        into.weak = true;
        break;
      case 'noreturn':
        into.noreturn = true;
        break;
      case 'preserve_access_index':
        into.preserveAccessIndex = true;
        break;
      case 'visibility': {
        const v = stringArg(a.args[0]);
        if (v === undefined) env.error(a.span, "'visibility' attribute requires a string");
        else into.visibility = v;
        break;
      }
      case 'btf_decl_tag':
      case 'btf_type_tag': {
        const v = stringArg(a.args[0]);
        if (v === undefined) env.error(a.span, `'${a.name}' attribute requires a string`);
        else (a.name === 'btf_decl_tag' ? into.btfDeclTags : into.btfTypeTags).push(v);
        break;
      }
      default:
        if (!DEFAULT_ATTRIBUTES.has(a.name) && !OTHER_KNOWN.has(a.name)) env.warn(a.span, `unknown attribute '${a.spelling}' ignored`);
        break;
    }
  }
  return into;
}

