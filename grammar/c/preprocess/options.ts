// Options, results and the reusable cache of preprocess(). In: what the caller passes. Out: the same with
// defaults filled in (ResolvedOptions), the types of the result, and createPreprocessCache().
import type { SourceFile, SourceLoc } from '../../../compiler/source.js';
import type { Diagnostic } from '../../../compiler/diagnostics/index.js';
import type { FileSystem } from './fs.js';
import type { LexedFile } from './lexer.js';
import type { MacroDef } from './macro.js';
import type { PrefixSnapshot, PrefixUse } from './prefix.js';
import type { PPToken } from './token.js';

export type BpfCpu = 'v1' | 'v2' | 'v3' | 'v4' | 'generic' | 'probe';

export interface PreprocessOptions {
  /** Where included files are read (default: none, so only the main file and bundled headers exist). */
  fs?: FileSystem;
  /** -I directories, searched in order for <…> (and after the includer's directory for "…"). */
  includeDirs?: readonly string[];
  /** System directories searched after -I (default DEFAULT_SYSTEM_DIRS). */
  systemDirs?: readonly string[];
  /** Skip the system directories (the bundled headers are still searched last). */
  nostdinc?: boolean;
  /** The bundled headers (relative path → text) searched last, or false for none (default: compiler/include). */
  bundled?: Readonly<Record<string, string>> | false;
  /** -D arguments: "NAME", "NAME=VALUE" or "F(x)=VALUE", applied in order. */
  defines?: readonly string[];
  /** -U arguments, applied after the defines. */
  undefines?: readonly string[];
  /** Define clang's predefined macros for the BPF target (default true). */
  predefined?: boolean;
  /** -mcpu: sets __BPF_CPU_VERSION__ and the __BPF_FEATURE_* macros (default v3). */
  mcpu?: BpfCpu;
  /** Whether optimizing (__OPTIMIZE__, else __NO_INLINE__); default true (-O2). */
  optimize?: boolean;
  /** __has_builtin answers (default: the builtins clang-16 reports for the BPF target). */
  builtins?: ReadonlySet<string>;
  /** __has_attribute answers (default: the GNU attributes clang-16 reports). */
  attributes?: ReadonlySet<string>;
  /** __DATE__ / __TIME__ source, for reproducible output (default: 1970-01-01 00:00:00 UTC). */
  date?: Date;
  /** Token cache shared between runs (e.g. many compiles against the same headers). */
  cache?: PreprocessCache;
  /** #include depth limit (default 200, as clang). */
  maxIncludeDepth?: number;
  /** Abort with C1044 when expansions would produce more tokens than this (default 20 million). */
  maxTokens?: number;
}

export interface ResolvedOptions {
  fs: FileSystem | undefined;
  includeDirs: readonly string[];
  systemDirs: readonly string[] | undefined;
  nostdinc: boolean;
  bundled: Readonly<Record<string, string>> | false;
  defines: readonly string[];
  undefines: readonly string[];
  predefined: boolean;
  mcpu: BpfCpu;
  optimize: boolean;
  builtins: ReadonlySet<string>;
  attributes: ReadonlySet<string>;
  date: Date;
  maxIncludeDepth: number;
  maxTokens: number;
}

/** A pragma met while preprocessing (every one, including those that also became 'pragma' tokens). */
export interface PragmaRecord {
  /** The pragma after the word `pragma`, e.g. "GCC diagnostic push", "unroll 4". */
  text: string;
  loc: SourceLoc;
  tokens: PPToken[];
}

export interface PreprocessResult {
  tokens: PPToken[];
  pragmas: PragmaRecord[];
  diagnostics: Diagnostic[];
  /** Every file read (main, includes, <built-in>), for printing diagnostics. */
  files: Map<string, SourceFile>;
  /** The macro table at the end of the main file. */
  macros: ReadonlyMap<string, MacroDef>;
  /** Paths of the included files, in the order they were first entered. */
  includes: string[];
  /**
   * With a cache: the main file's include prefix (prefix.ts), restored from the cache or stored into it;
   * its tokens are the first `prefix.snapshot.tokens.length` of `tokens`.
   */
  prefix?: PrefixUse;
}

/**
 * State shared between runs: lexed files by canonical path (null: not readable), each re-checked against
 * the file system once per run (re-read and compared), and the preprocessor's state after include
 * prefixes (prefix.ts). Share one between runs against the same headers: each header is lexed once, and
 * a program whose opening #include lines were seen before skips them.
 */
export interface PreprocessCache {
  readonly files: Map<string, LexedFile | null>;
  readonly prefixes: Map<string, PrefixSnapshot>;
  /** Identities of table-valued options (bundled headers, builtins…) in prefix keys. */
  readonly ids: WeakMap<object, number>;
  lastId: number;
}

export function createPreprocessCache(): PreprocessCache {
  return { files: new Map(), prefixes: new Map(), ids: new WeakMap(), lastId: 0 };
}
