// Options and result of a compile (the public API's types, shared by compiler/index.ts and driver.ts).
// In: nothing; out: CompileOptions, CompileResult, CompileTimings.
import type { FileSystem, PreprocessCache } from '../grammar/c/preprocess/index.js';
import type { ObjectSpec } from '../runtime/object/index.js';
import type { Diagnostic } from './diagnostics/index.js';
import type { SourceFile } from './source.js';

export interface CompileOptions {
  /** The source's path: names it in diagnostics and line info (default `input.bpf.c`). */
  path?: string;
  /** Where `#include` files are read (default: none — only the bundled headers exist). */
  fs?: FileSystem;
  /**
   * State shared between compiles (grammar/c/preprocess createPreprocessCache()): lexed headers, and the
   * preprocessed and parsed include prefix of each main file (its opening #include lines), reused while
   * the options, the prefix's text and every file it read are unchanged (files are re-read and compared).
   */
  cache?: PreprocessCache;
  /** -I directories, in order. */
  includeDirs?: readonly string[];
  /** System include directories searched after -I (default: /usr/include and the multiarch one). */
  systemDirs?: readonly string[];
  /** Do not search the system directories (the bundled headers are still searched last). */
  nostdinc?: boolean;
  /** -D arguments: `NAME` or `NAME=VALUE`. */
  defines?: readonly string[];
  /** -U arguments. */
  undefines?: readonly string[];
  /** -O0, -O1, -O2 (default 2). */
  optLevel?: 0 | 1 | 2;
  /** --mcpu v1–v4 (default 3). */
  mcpu?: 1 | 2 | 3 | 4;
  /** .BTF.ext line info (default true; -g0 sets false). func_info and .BTF are always written. */
  debugLines?: boolean;
  /** The verifier-aware checks (default true). */
  verifierChecks?: boolean;
  /**
   * Parse and check only the header declarations the program can reach (default true: every included
   * file; 'system': system and bundled headers only): the same object, faster; problems inside
   * declarations nothing reaches are not reported. False keeps every declaration of every header.
   */
  prune?: boolean | 'system';
  /** Keep the optimised IR's text in the result (--emit-ir). */
  emitIr?: boolean;
  /** Keep the object's disassembly with relocations and source lines in the result (--emit-asm). */
  emitAsm?: boolean;
  /** Keep the typed AST's text in the result (--emit-ast). */
  emitAst?: boolean;
  /** Name of the object in the --emit-asm listing header (default `out.o`). */
  objectName?: string;
  /** Validate the IR after every optimisation pass (tests). */
  validateIr?: boolean;
  /** A clock in milliseconds for per-stage timings (e.g. `() => performance.now()`); none by default. */
  clock?: () => number;
}

/** Milliseconds per stage, when a clock was given. */
export interface CompileTimings {
  frontEnd?: number;
  lower?: number;
  optimize?: number;
  checks?: number;
  codegen?: number;
  emit?: number;
  encode?: number;
}

export interface CompileResult {
  /** The ELF object; absent when an error was reported. */
  object?: Uint8Array;
  /** The object as an ObjectSpec (what `object` encodes). */
  spec?: ObjectSpec;
  /** Every stage's diagnostics, in stage order. */
  diagnostics: Diagnostic[];
  /** The source files read (for formatting diagnostics with formatDiagnostics + sourceLookup). */
  files: Map<string, SourceFile>;
  ir?: string;
  asm?: string;
  ast?: string;
  timings: CompileTimings;
}
