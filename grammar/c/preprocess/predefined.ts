// The predefined macros of clang's BPF target (what `clang-16 -target bpf -O2 -dM -E` prints), so real
// headers take their BPF paths, plus __BPF_CPU_VERSION__ and the __BPF_FEATURE_* macros that newer clang
// defines per -mcpu. In: the options. Out: the text of the "<built-in>" file (#define lines) and of the
// "<command line>" file (-D/-U). Checked against clang by test/grammar/c/preprocess/predefined.test.ts.
import type { BpfCpu } from './options.js';

interface IntType {
  bits: number;
  type: string;
  fmt: string; // printf length modifier
  max: string;
  suffix: string;
}

const SIGNED: IntType[] = [
  { bits: 8, type: 'signed char', fmt: 'hh', max: '127', suffix: '' },
  { bits: 16, type: 'short', fmt: 'h', max: '32767', suffix: '' },
  { bits: 32, type: 'int', fmt: '', max: '2147483647', suffix: '' },
  { bits: 64, type: 'long int', fmt: 'l', max: '9223372036854775807L', suffix: 'L' },
];
const UNSIGNED: IntType[] = [
  { bits: 8, type: 'unsigned char', fmt: 'hh', max: '255', suffix: '' },
  { bits: 16, type: 'unsigned short', fmt: 'h', max: '65535', suffix: '' },
  { bits: 32, type: 'unsigned int', fmt: '', max: '4294967295U', suffix: 'U' },
  { bits: 64, type: 'long unsigned int', fmt: 'l', max: '18446744073709551615UL', suffix: 'UL' },
];

function intFamilies(): [string, string][] {
  const d: [string, string][] = [];
  const signedFmts = (p: string, t: IntType): void => {
    d.push([`${p}_FMTd__`, `"${t.fmt}d"`], [`${p}_FMTi__`, `"${t.fmt}i"`]);
  };
  const unsignedFmts = (p: string, t: IntType): void => {
    for (const c of 'Xoux') d.push([`${p}_FMT${c}__`, `"${t.fmt}${c}"`]);
  };
  for (const t of SIGNED) {
    const p = `__INT${t.bits}`;
    d.push([`${p}_TYPE__`, t.type], [`${p}_MAX__`, t.max], [`${p}_C_SUFFIX__`, t.suffix]);
    signedFmts(p, t);
    for (const k of ['LEAST', 'FAST']) {
      const q = `__INT_${k}${t.bits}`;
      d.push([`${q}_TYPE__`, t.type], [`${q}_MAX__`, t.max], [`${q}_WIDTH__`, String(t.bits)]);
      signedFmts(q, t);
    }
  }
  for (const t of UNSIGNED) {
    const p = `__UINT${t.bits}`;
    d.push([`${p}_TYPE__`, t.type], [`${p}_MAX__`, t.max], [`${p}_C_SUFFIX__`, t.suffix]);
    unsignedFmts(p, t);
    for (const k of ['LEAST', 'FAST']) {
      const q = `__UINT_${k}${t.bits}`;
      d.push([`${q}_TYPE__`, t.type], [`${q}_MAX__`, t.max]);
      unsignedFmts(q, t);
    }
  }
  const s64 = SIGNED[3]!;
  const u64 = UNSIGNED[3]!;
  for (const p of ['__INTMAX', '__INTPTR']) {
    d.push([`${p}_TYPE__`, s64.type], [`${p}_MAX__`, s64.max], [`${p}_WIDTH__`, '64']);
    signedFmts(p, s64);
  }
  d.push(['__INTMAX_C_SUFFIX__', 'L'], ['__UINTMAX_C_SUFFIX__', 'UL']);
  for (const p of ['__UINTMAX', '__UINTPTR']) {
    d.push([`${p}_TYPE__`, u64.type], [`${p}_MAX__`, u64.max], [`${p}_WIDTH__`, '64']);
    unsignedFmts(p, u64);
  }
  d.push(['__PTRDIFF_TYPE__', s64.type], ['__PTRDIFF_MAX__', s64.max], ['__PTRDIFF_WIDTH__', '64']);
  signedFmts('__PTRDIFF', s64);
  d.push(['__SIZE_TYPE__', u64.type], ['__SIZE_MAX__', u64.max], ['__SIZE_WIDTH__', '64']);
  for (const c of 'Xoux') d.push([`__SIZE_FMT${c}__`, `"l${c}"`]);
  return d;
}

function floatMacros(): [string, string][] {
  const d: [string, string][] = [];
  const dbl = {
    DECIMAL_DIG: '17', DENORM_MIN: '4.9406564584124654e-324', DIG: '15', EPSILON: '2.2204460492503131e-16',
    HAS_DENORM: '1', HAS_INFINITY: '1', HAS_QUIET_NAN: '1', MANT_DIG: '53', MAX_10_EXP: '308', MAX_EXP: '1024',
    MAX: '1.7976931348623157e+308', MIN_10_EXP: '(-307)', MIN_EXP: '(-1021)', MIN: '2.2250738585072014e-308',
  };
  const flt = {
    DECIMAL_DIG: '9', DENORM_MIN: '1.40129846e-45F', DIG: '6', EPSILON: '1.19209290e-7F', HAS_DENORM: '1',
    HAS_INFINITY: '1', HAS_QUIET_NAN: '1', MANT_DIG: '24', MAX_10_EXP: '38', MAX_EXP: '128',
    MAX: '3.40282347e+38F', MIN_10_EXP: '(-37)', MIN_EXP: '(-125)', MIN: '1.17549435e-38F',
  };
  const float = new Set(['DENORM_MIN', 'EPSILON', 'MAX', 'MIN']);
  for (const [k, v] of Object.entries(dbl)) d.push([`__DBL_${k}__`, v], [`__LDBL_${k}__`, float.has(k) ? v + 'L' : v]);
  for (const [k, v] of Object.entries(flt)) d.push([`__FLT_${k}__`, v]);
  d.push(['__FLT_RADIX__', '2'], ['__DECIMAL_DIG__', '__LDBL_DECIMAL_DIG__'], ['__FINITE_MATH_ONLY__', '0']);
  return d;
}

function otherMacros(): [string, string][] {
  const d: [string, string][] = [
    ['__bpf__', '1'], ['__BPF__', '1'], ['__clang__', '1'], ['__llvm__', '1'],
    ['__clang_major__', '16'], ['__clang_minor__', '0'], ['__clang_patchlevel__', '6'],
    ['__clang_version__', '"16.0.6 (ebpfc)"'], ['__VERSION__', '"ebpfc (clang 16.0.6 compatible)"'],
    ['__clang_literal_encoding__', '"UTF-8"'], ['__clang_wide_literal_encoding__', '"UTF-32"'],
    ['__GNUC__', '4'], ['__GNUC_MINOR__', '2'], ['__GNUC_PATCHLEVEL__', '1'], ['__GNUC_STDC_INLINE__', '1'],
    ['__GXX_ABI_VERSION', '1002'], ['__STDC__', '1'], ['__STDC_HOSTED__', '1'], ['__STDC_VERSION__', '201710L'],
    ['__STDC_UTF_16__', '1'], ['__STDC_UTF_32__', '1'], ['_LP64', '1'], ['__LP64__', '1'],
    ['__BYTE_ORDER__', '__ORDER_LITTLE_ENDIAN__'], ['__ORDER_LITTLE_ENDIAN__', '1234'],
    ['__ORDER_BIG_ENDIAN__', '4321'], ['__ORDER_PDP_ENDIAN__', '3412'], ['__LITTLE_ENDIAN__', '1'],
    ['__CHAR_BIT__', '8'], ['__BIGGEST_ALIGNMENT__', '8'], ['__BITINT_MAXWIDTH__', '128'], ['__BOOL_WIDTH__', '8'],
    ['__CHAR16_TYPE__', 'unsigned short'], ['__CHAR32_TYPE__', 'unsigned int'], ['__WCHAR_TYPE__', 'int'],
    ['__WCHAR_MAX__', '2147483647'], ['__WCHAR_WIDTH__', '32'], ['__WINT_TYPE__', 'int'],
    ['__WINT_MAX__', '2147483647'], ['__WINT_WIDTH__', '32'], ['__SCHAR_MAX__', '127'], ['__SHRT_MAX__', '32767'],
    ['__SHRT_WIDTH__', '16'], ['__INT_MAX__', '2147483647'], ['__INT_WIDTH__', '32'],
    ['__LONG_MAX__', '9223372036854775807L'], ['__LONG_WIDTH__', '64'],
    ['__LONG_LONG_MAX__', '9223372036854775807LL'], ['__LLONG_WIDTH__', '64'],
    ['__SIG_ATOMIC_MAX__', '2147483647'], ['__SIG_ATOMIC_WIDTH__', '32'], ['__POINTER_WIDTH__', '64'],
    ['__SIZEOF_DOUBLE__', '8'], ['__SIZEOF_FLOAT__', '4'], ['__SIZEOF_INT128__', '16'], ['__SIZEOF_INT__', '4'],
    ['__SIZEOF_LONG_DOUBLE__', '8'], ['__SIZEOF_LONG_LONG__', '8'], ['__SIZEOF_LONG__', '8'],
    ['__SIZEOF_POINTER__', '8'], ['__SIZEOF_PTRDIFF_T__', '8'], ['__SIZEOF_SHORT__', '2'],
    ['__SIZEOF_SIZE_T__', '8'], ['__SIZEOF_WCHAR_T__', '4'], ['__SIZEOF_WINT_T__', '4'],
    ['__USER_LABEL_PREFIX__', ''], ['__CONSTANT_CFSTRINGS__', '1'], ['__OBJC_BOOL_IS_BOOL', '0'],
    ['__PRAGMA_REDEFINE_EXTNAME', '1'], ['__GCC_ATOMIC_TEST_AND_SET_TRUEVAL', '1'],
  ];
  for (const [k, v] of Object.entries({ RELAXED: 0, CONSUME: 1, ACQUIRE: 2, RELEASE: 3, ACQ_REL: 4, SEQ_CST: 5 })) d.push([`__ATOMIC_${k}`, String(v)]);
  for (const [k, v] of Object.entries({ WORK_ITEM: 0, WORK_GROUP: 1, DEVICE: 2, ALL_SVM_DEVICES: 3, SUB_GROUP: 4 })) d.push([`__OPENCL_MEMORY_SCOPE_${k}`, String(v)]);
  for (const t of ['BOOL', 'CHAR', 'CHAR16_T', 'CHAR32_T', 'WCHAR_T', 'SHORT', 'INT', 'LONG', 'LLONG', 'POINTER']) {
    d.push([`__GCC_ATOMIC_${t}_LOCK_FREE`, '2'], [`__CLANG_ATOMIC_${t}_LOCK_FREE`, '2']);
  }
  return d;
}

/** __BPF_CPU_VERSION__ and __BPF_FEATURE_* as clang 18 defines them for -mcpu (our ISA subset). */
export function cpuMacros(mcpu: BpfCpu): [string, string][] {
  if (mcpu === 'probe') return [['__BPF_CPU_VERSION__', '0']];
  const v = mcpu === 'generic' ? 1 : Number(mcpu.slice(1));
  const d: [string, string][] = [['__BPF_CPU_VERSION__', String(v)]];
  if (v >= 2) d.push(['__BPF_FEATURE_JMP_EXT', '1']);
  if (v >= 3) d.push(['__BPF_FEATURE_JMP32', '1'], ['__BPF_FEATURE_ALU32', '1']);
  if (v >= 4) for (const f of ['LDSX', 'MOVSX', 'BSWAP', 'SDIV_SMOD', 'GOTOL', 'ST']) d.push([`__BPF_FEATURE_${f}`, '1']);
  return d;
}

/** [name, replacement] of every predefined macro for these options. */
export function predefinedMacros(mcpu: BpfCpu, optimize: boolean): [string, string][] {
  return [
    ...otherMacros(),
    ...intFamilies(),
    ...floatMacros(),
    ...cpuMacros(mcpu),
    optimize ? ['__OPTIMIZE__', '1'] : ['__NO_INLINE__', '1'],
  ];
}

export function predefinedSource(mcpu: BpfCpu, optimize: boolean): string {
  return predefinedMacros(mcpu, optimize)
    .map(([k, v]) => `#define ${k} ${v}\n`)
    .join('');
}

/** The "<command line>" file for -D and -U arguments (clang's spelling rules: NAME → NAME 1). */
export function commandLineSource(defines: readonly string[], undefines: readonly string[]): string {
  let s = '';
  for (const d of defines) {
    const eq = d.indexOf('=');
    s += eq < 0 ? `#define ${d} 1\n` : `#define ${d.slice(0, eq)} ${d.slice(eq + 1)}\n`;
  }
  for (const u of undefines) s += `#undef ${u}\n`;
  return s;
}
