// Builtin macros (clang's): __FILE__, __LINE__, __COUNTER__, __INCLUDE_LEVEL__, __BASE_FILE__,
// __FILE_NAME__, __DATE__, __TIME__, __TIMESTAMP__ and the feature tests __has_include(_next),
// __has_builtin, __has_attribute, __has_c_attribute, __has_feature, __has_extension, __has_warning,
// __has_declspec_attribute, __is_identifier. In: the invocation (its name token; the operators read their
// parenthesized operand unexpanded). Out: one token pushed as the expansion. The answer tables are what
// clang-16 gives for `-target bpf` in C (gnu17) mode (checked by test/grammar/c/preprocess).
import { basename } from './path.js';
import { END, rootOrigin, type Preprocessor } from './engine.js';
import { endOf } from './expr.js';
import { resolveInclude } from './include.js';
import type { MacroDef } from './macro.js';
import type { MacroOrigin, PPToken, PPTokenKind } from './token.js';

/** Builtin functions clang-16 reports through __has_builtin for the BPF target that BPF C code uses. */
export const DEFAULT_BUILTINS: ReadonlySet<string> = new Set(
  (
    'memcpy memset memmove memcmp bcmp bzero strlen strcmp strncmp strcpy memcpy_inline memset_inline ' +
    'bswap16 bswap32 bswap64 expect expect_with_probability constant_p unreachable trap assume offsetof ' +
    'clz clzl clzll ctz ctzl ctzll popcount popcountl popcountll ffs ffsl ffsll parity parityl parityll clrsb ' +
    'abs labs llabs types_compatible_p choose_expr va_arg va_start va_end va_copy object_size ' +
    'add_overflow sub_overflow mul_overflow sadd_overflow uadd_overflow smul_overflow umul_overflow ' +
    'assume_aligned frame_address return_address alloca prefetch huge_val isnan classify_type ' +
    'unpredictable launder align_up align_down is_aligned addressof bit_cast dump_struct ' +
    'rotateleft8 rotateleft16 rotateleft32 rotateleft64 rotateright8 rotateright16 rotateright32 rotateright64 ' +
    'bitreverse8 bitreverse16 bitreverse32 bitreverse64 shufflevector convertvector readcyclecounter ' +
    'LINE FILE FUNCTION COLUMN preserve_access_index preserve_field_info btf_type_id preserve_type_info ' +
    'preserve_enum_value'
  )
    .split(' ')
    .map((s) => '__builtin_' + s)
    .concat(
      '__sync_fetch_and_add __sync_fetch_and_sub __sync_fetch_and_or __sync_fetch_and_and __sync_fetch_and_xor ' +
        '__sync_val_compare_and_swap __sync_bool_compare_and_swap __sync_lock_test_and_set __atomic_fetch_add ' +
        '__atomic_fetch_sub __atomic_fetch_or __atomic_fetch_and __atomic_fetch_xor __atomic_load_n ' +
        '__atomic_store_n __atomic_exchange_n __atomic_compare_exchange_n __c11_atomic_load'.split(' '),
    ),
);

/** GNU attributes clang-16 reports through __has_attribute (the ones kernel and BPF code test for). */
export const DEFAULT_ATTRIBUTES: ReadonlySet<string> = new Set(
  ('aligned always_inline noinline packed section unused used weak alias visibility noreturn const pure ' +
    'format deprecated cold hot flatten may_alias transparent_union warn_unused_result nonnull ' +
    'returns_nonnull fallthrough preserve_access_index btf_decl_tag btf_type_tag address_space noderef ' +
    'cleanup constructor destructor mode vector_size ext_vector_type naked nodebug overloadable malloc ' +
    'alloc_size error warning no_sanitize randomize_layout gnu_inline noduplicate nomerge weakref ' +
    'unavailable enable_if diagnose_if annotate aligned packed').split(' '),
);

const FEATURES = new Set([
  'c_alignas', 'c_alignof', 'c_atomic', 'c_generic_selections', 'c_static_assert', 'attribute_deprecated_with_message',
  'nullability', 'enumerator_attributes', 'attribute_overloadable',
]);
const EXTENSIONS = new Set([
  ...FEATURES, 'statement_attributes_with_gnu_syntax', 'gnu_asm', 'gnu_asm_goto_with_outputs',
  'pragma_clang_attribute_external_declaration',
]);
const WARNINGS = new Set(
  ('all extra pedantic int-conversion ignored-attributes unused-variable unused-function unused-parameter ' +
    'unused-but-set-variable compare-distinct-pointer-types address-of-packed-member pointer-arith sign-compare ' +
    'missing-prototypes deprecated-declarations implicit-function-declaration unknown-pragmas unknown-attributes ' +
    'gnu-variable-sized-type-not-at-end int-to-pointer-cast pointer-to-int-cast unused-value unused-label').split(' '),
);
/** Keywords and keyword-like names of clang's C mode, for which __is_identifier is 0. */
const KEYWORDS = new Set(
  ('auto break case char const continue default do double else enum extern float for goto if inline int long ' +
    'register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while ' +
    '_Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local _BitInt ' +
    '_Float16 _Decimal32 _Decimal64 _Decimal128 __int128 __bf16 __float128 __ibm128 asm __asm __asm__ __attribute ' +
    '__attribute__ typeof __typeof __typeof__ __auto_type __label__ __inline __inline__ __extension__ __volatile ' +
    '__volatile__ __restrict __restrict__ __signed __signed__ __const __const__ __alignof __alignof__ __thread ' +
    '__real __real__ __imag __imag__ __func__ __FUNCTION__ __PRETTY_FUNCTION__ __builtin_offsetof ' +
    '__builtin_va_arg __builtin_types_compatible_p __builtin_choose_expr __builtin_convertvector ' +
    '__builtin_bit_cast __builtin_astype __complex __complex__').split(' '),
);

export function expandBuiltin(pp: Preprocessor, nameTok: PPToken, m: MacroDef): boolean {
  const origin: MacroOrigin = { macro: m.name, loc: nameTok.loc, end: nameTok.loc };
  if (nameTok.origin) origin.parent = nameTok.origin;
  const make = (kind: PPTokenKind, text: string): PPToken => ({
    kind,
    text,
    loc: nameTok.loc,
    origin,
    hasLeadingSpace: nameTok.hasLeadingSpace,
    atLineStart: nameTok.atLineStart,
  });
  const f = pp.currentFile;
  const presumed = f?.presumedFile ?? pp.mainPath;
  const date = pp.opts.date;
  let result: PPToken;
  switch (m.builtin) {
    case '__FILE__':
      result = make('string', quote(presumed));
      break;
    case '__FILE_NAME__':
      result = make('string', quote(basename(presumed)));
      break;
    case '__BASE_FILE__':
      result = make('string', quote(pp.mainPath));
      break;
    case '__LINE__': {
      const loc = nameTok.origin ? rootOrigin(nameTok.origin).end : nameTok.loc;
      const delta = f && loc.file === f.lexed.file.path ? f.lineDelta : 0;
      result = make('number', String(loc.line + delta));
      break;
    }
    case '__COUNTER__':
      result = make('number', String(pp.counter++));
      break;
    case '__INCLUDE_LEVEL__':
      result = make('number', String(Math.max(0, pp.fileStack.length - 1)));
      break;
    case '__DATE__':
      result = make('string', quote(`${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${date.getUTCFullYear()}`));
      break;
    case '__TIME__':
      result = make('string', quote(hms(date)));
      break;
    case '__TIMESTAMP__':
      result = make('string', quote(`${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${hms(date)} ${date.getUTCFullYear()}`));
      break;
    default: {
      const operand = readOperand(pp, nameTok, m.name);
      result = make('number', operand === undefined ? '0' : evaluateFeature(pp, m.name, operand, nameTok) ? '1' : '0');
      break;
    }
  }
  pp.pushTokens([result]);
  return true;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const hms = (d: Date): string => [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');

/** A C string literal holding `s`. */
export function quote(s: string): string {
  return '"' + s.replace(/[\\"]/g, '\\$&') + '"';
}

/** Reads `( tokens )` unexpanded after a feature-test operator; undefined (reported) when malformed. */
function readOperand(pp: Preprocessor, nameTok: PPToken, name: string): PPToken[] | undefined {
  if (!pp.peekIsLParen()) {
    pp.report('C1045', `missing '(' after '${name}'`, endOf(nameTok));
    return undefined;
  }
  pp.lexRaw();
  const toks: PPToken[] = [];
  let depth = 0;
  for (;;) {
    const t = pp.lexRaw();
    if (t === null || t === END) {
      pp.report('C1045', `missing ')' after '${name}'`, nameTok);
      return undefined;
    }
    if (t.kind === 'punctuator' && t.text === '(') depth++;
    if (t.kind === 'punctuator' && t.text === ')' && depth-- === 0) return toks;
    toks.push(t);
  }
}

function evaluateFeature(pp: Preprocessor, name: string, operand: PPToken[], nameTok: PPToken): boolean {
  if (name === '__has_include' || name === '__has_include_next') {
    let toks = operand;
    if (!(toks[0]?.kind === 'string' || toks[0]?.text === '<')) toks = pp.expandIsolated(operand, false);
    const spec = headerSpec(toks);
    if (!spec) {
      pp.report('C1045', 'expected "FILENAME" or <FILENAME>', operand[0] ?? nameTok);
      return false;
    }
    return resolveInclude(pp, spec.name, spec.angled, name === '__has_include_next') !== undefined;
  }
  if (name === '__has_warning') {
    const s = operand.length === 1 && operand[0]!.kind === 'string' ? operand[0]!.text : undefined;
    if (s === undefined) {
      pp.report('C1045', '__has_warning requires a string literal operand', operand[0] ?? nameTok);
      return false;
    }
    return s.startsWith('"-W') && WARNINGS.has(s.slice(3, -1));
  }
  const id = operand.length === 1 && operand[0]!.kind === 'identifier' ? operand[0]!.text : undefined;
  if (id === undefined) {
    pp.report('C1045', 'builtin feature check macro requires a parenthesized identifier', operand[0] ?? nameTok);
    return false;
  }
  switch (name) {
    case '__has_builtin':
      return pp.opts.builtins.has(id);
    case '__has_attribute':
      return pp.opts.attributes.has(/^__\w+__$/.test(id) ? id.slice(2, -2) : id);
    case '__has_feature':
      return FEATURES.has(/^__\w+__$/.test(id) ? id.slice(2, -2) : id);
    case '__has_extension':
      return EXTENSIONS.has(/^__\w+__$/.test(id) ? id.slice(2, -2) : id);
    case '__is_identifier':
      return !KEYWORDS.has(id);
    default:
      return false; // __has_c_attribute (no C2x attributes in gnu17), __has_declspec_attribute
  }
}

/** The header named by `"file"` or `< tokens >` (spellings joined, a space where the source had one). */
export function headerSpec(toks: PPToken[]): { name: string; angled: boolean; used: number } | undefined {
  const first = toks[0];
  if (!first) return undefined;
  if (first.kind === 'string' && first.text.startsWith('"')) return { name: first.text.slice(1, -1), angled: false, used: 1 };
  if (first.kind !== 'punctuator' || first.text !== '<') return undefined;
  let name = '';
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind === 'punctuator' && t.text === '>') return { name, angled: true, used: i + 1 };
    if (i > 1 && t.hasLeadingSpace) name += ' ';
    name += t.text;
  }
  return undefined;
}
