// File access for the preprocessor, injected so the compiler runs in a browser: the FileSystem interface,
// an in-memory implementation (tests, browser uploads) and the virtual root under which the bundled
// headers (compiler/include) are searched last. The Node adapter is in node-fs.ts, kept out of index.ts so
// browser bundles never see node:fs.
import { canonicalPath } from './path.js';

export interface FileSystem {
  /** The text of the file at `path`, or undefined when there is no such readable file. */
  readFile(path: string): string | undefined;
  /** Whether a readable file exists at `path` (defaults to readFile(path) !== undefined). */
  exists?(path: string): boolean;
}

/** The directory name under which bundled headers appear in paths and diagnostics (searched last). */
export const BUNDLED_ROOT = '<bundled>';

/**
 * The bundled compiler headers (stddef.h, stdint.h, stdbool.h, stdarg.h, limits.h: the top-level files of
 * the bundle) are searched right after -I, before the system directories, as clang searches its resource
 * directory; they are freestanding, so `#include <stdint.h>` works for BPF whatever C library is installed.
 */
export const RESOURCE_ROOT = '<resource>';

/** The system include directories searched after -I (the x86-64 Debian/Ubuntu multiarch layout). */
export const DEFAULT_SYSTEM_DIRS: readonly string[] = ['/usr/include', '/usr/include/x86_64-linux-gnu'];

/** A file system holding exactly `files` (path → text); "./a.h", "x/../a.h" and "a.h" name one file. */
export function memoryFileSystem(files: Readonly<Record<string, string>> | ReadonlyMap<string, string>): FileSystem {
  const entries = files instanceof Map ? [...files] : Object.entries(files as Record<string, string>);
  const map = new Map(entries.map(([k, v]) => [canonicalPath(k), v]));
  return {
    readFile: (p) => map.get(canonicalPath(p)),
    exists: (p) => map.has(canonicalPath(p)),
  };
}

/** A file system with no files (the default: only the main file and the bundled headers are visible). */
export function emptyFileSystem(): FileSystem {
  return { readFile: () => undefined, exists: () => false };
}
