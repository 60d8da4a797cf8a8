// Helpers for the semantic-analysis tests: run the C front end on text or a file with the system
// headers (node file system) or the bundled headers only, and format diagnostics as the CLI does.
import { existsSync, readFileSync } from 'node:fs';
import { BUNDLED_HEADERS } from '../../../../compiler/include/index.js';
import { nodeFileSystem } from '../../../../grammar/c/preprocess/node-fs.js';
import { createPreprocessCache, type PreprocessCache } from '../../../../grammar/c/preprocess/index.js';
import { createSourceFile } from '../../../../compiler/source.js';
import { checkC, type CheckOptions, type CheckResult } from '../../../../compiler/c/sema/index.js';
import { formatDiagnostics, sourceLookup } from '../../../../compiler/diagnostics/index.js';

export type HeaderSet = 'system' | 'bundled';

/** Lexed headers, shared by the runs of one test file (the headers do not change during a run). */
const CACHES: Record<HeaderSet, PreprocessCache> = { system: createPreprocessCache(), bundled: createPreprocessCache() };

export function options(headers: HeaderSet, extra: CheckOptions = {}): CheckOptions {
  return headers === 'system'
    ? { fs: nodeFileSystem(), cache: CACHES.system, ...extra }
    : { nostdinc: true, cache: CACHES.bundled, ...extra };
}

/** Checks C text as file `path` (no headers needed unless it includes some). */
export function checkText(text: string, path = 'test.c', extra: CheckOptions = {}): CheckResult {
  return checkC(createSourceFile(path, text), { fs: nodeFileSystem(), ...extra });
}

export function checkFile(path: string, headers: HeaderSet = 'system', extra: CheckOptions = {}): CheckResult {
  return checkC(createSourceFile(path, readFileSync(path, 'utf8')), options(headers, extra));
}

/** Diagnostics as the CLI prints them (without source lines unless asked). */
export function formatted(r: CheckResult, showSource = false): string {
  return formatDiagnostics(r.diagnostics, sourceLookup(r.files), { showSource });
}

/** The formatted errors only (warnings left out). */
export function errorsOf(r: CheckResult): string {
  return formatDiagnostics(r.diagnostics.filter((d) => d.severity === 'error'), sourceLookup(r.files), { showSource: false });
}

/** Only the error and warning lines `file:line:col: severity[code]: message`. */
export function messages(r: CheckResult): string[] {
  return r.diagnostics.map((d) => `${d.span ? `${d.span.line}:${d.span.col}: ` : ''}${d.severity}[${d.code}]: ${d.message}`);
}

/** Headers the compiler itself provides (clang's resource directory), not the system. */
const COMPILER_HEADERS = new Set(['stddef.h', 'stdbool.h', 'stdarg.h', 'stdint.h', 'limits.h', 'stdatomic.h']);

/** The `<…>` headers a source includes directly. */
export function angleIncludes(text: string): string[] {
  return [...text.matchAll(/^\s*#\s*include\s*<([^>]+)>/gm)].map((m) => m[1]!);
}

/**
 * Why a program cannot be front-ended with a header set here (undefined when it can): a header it
 * includes that the set does not provide (the bundled set is still growing; compiler headers such as
 * stddef.h come with clang, not with the system).
 */
export function missingHeader(path: string, headers: HeaderSet): string | undefined {
  for (const h of angleIncludes(readFileSync(path, 'utf8'))) {
    if (headers === 'bundled' || COMPILER_HEADERS.has(h)) {
      if (!(h in BUNDLED_HEADERS)) return h;
    } else if (!existsSync(`/usr/include/${h}`) && !existsSync(`/usr/include/x86_64-linux-gnu/${h}`) && !(h in BUNDLED_HEADERS)) {
      return h;
    }
  }
  return undefined;
}
