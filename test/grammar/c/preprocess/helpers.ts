// Shared by the preprocessor tests: run our preprocessor on a fixture and clang-16 -E -P on the same file,
// and compare both as token sequences (our lexer splits clang's printed output; pragma lines that clang
// prints but that never become tokens in our stream are dropped from its side).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { createSourceFile } from '../../../../compiler/source.js';
import { lexText, preprocess, type PreprocessOptions, type PreprocessResult, type PPToken } from '../../../../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../../../../grammar/c/preprocess/node-fs.js';
import type { FileSystem } from '../../../../grammar/c/preprocess/fs.js';
import type { MacroDef } from '../../../../grammar/c/preprocess/macro.js';
import { CLANG, hasTool, run } from '../../../helpers/tools.js';

export const FIXTURES = new URL('../../../fixtures/preprocess/', import.meta.url).pathname;

/** A node file system that resolves relative paths against `dir` (as a process started in `dir` would). */
export function fsIn(dir: string): FileSystem {
  const fs = nodeFileSystem();
  const abs = (p: string): string => (isAbsolute(p) ? p : join(dir, p));
  return { readFile: (p) => fs.readFile(abs(p)), exists: (p) => fs.exists!(abs(p)) };
}

/** `-I`, `-D`, `-U` arguments from a first line `// pp-args: …`. */
export function fixtureArgs(text: string): string[] {
  const m = /^\/\/ pp-args:(.*)$/m.exec(text.split('\n')[0] ?? '');
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : [];
}

export function optionsFromArgs(args: string[]): Pick<PreprocessOptions, 'includeDirs' | 'defines' | 'undefines'> {
  const includeDirs: string[] = [];
  const defines: string[] = [];
  const undefines: string[] = [];
  for (const a of args) {
    if (a.startsWith('-I')) includeDirs.push(a.slice(2));
    else if (a.startsWith('-D')) defines.push(a.slice(2));
    else if (a.startsWith('-U')) undefines.push(a.slice(2));
  }
  return { includeDirs, defines, undefines };
}

let resourceInclude: string | undefined;
/** The search list clang-16 -target bpf uses after -I, with the multiarch directory added after it. */
export function clangSystemDirs(): string[] {
  resourceInclude ??= run(CLANG, ['-print-resource-dir']).trim() + '/include';
  return ['/usr/local/include', resourceInclude, '/usr/include', '/usr/include/x86_64-linux-gnu'];
}

export const clangAvailable = (): boolean => hasTool(CLANG);

/** Preprocesses fixture `name` (relative to `dir`) with our preprocessor. */
export function ours(dir: string, name: string, extra: PreprocessOptions = {}): PreprocessResult {
  const text = readFileSync(join(dir, name), 'utf8');
  return preprocess(createSourceFile(name, text), {
    fs: fsIn(dir),
    ...optionsFromArgs(fixtureArgs(text)),
    ...extra,
  });
}

/** clang-16 -E -P output of fixture `name`, run in `dir`. */
export function theirs(dir: string, name: string, extraArgs: string[] = []): string {
  const text = readFileSync(join(dir, name), 'utf8');
  const args = ['-target', 'bpf', '-O2', '-E', '-P', '-w', '-idirafter', '/usr/include/x86_64-linux-gnu', ...fixtureArgs(text), ...extraArgs, name];
  return execFileSync(CLANG, args, { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

const LOOP_PRAGMA = /^\s*#\s*pragma\s+(unroll|nounroll|unroll_and_jam|nounroll_and_jam|clang\s+loop|GCC\s+unroll)\b/;

/** clang's printed output as token spellings, keeping only the pragmas that are tokens in our stream
 * (and dropping the #ident lines clang passes through, which we ignore). */
export function clangTokens(output: string): string[] {
  const kept = output
    .split('\n')
    .map((l) => ((/^\s*#\s*pragma\b/.test(l) && !LOOP_PRAGMA.test(l)) || /^\s*#\s*ident\b/.test(l) ? '' : l))
    .join('\n');
  return lexText(kept, '<clang>').map((t) => t.text);
}

/** Our stream as token spellings, a pragma token spelled out as clang prints it. */
export function ourTokens(tokens: readonly PPToken[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'pragma') out.push(...lexText(`#pragma ${t.text}`, '<pragma>').map((p) => p.text));
    else out.push(t.text);
  }
  return out;
}

/** undefined when equal, else a description of the first difference with context. */
export function firstDifference(a: string[], b: string[]): string | undefined {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  const ctx = (x: string[]): string => x.slice(Math.max(0, i - 12), i + 12).join(' ');
  return `first difference at token ${i} (ours ${a.length} tokens, clang ${b.length})\n  ours:  ${ctx(a)}\n  clang: ${ctx(b)}`;
}

/** Our macro table in clang's -dM form: NAME → "params|body tokens" (builtins left out). */
export function ourMacroTable(macros: ReadonlyMap<string, MacroDef>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, m] of macros) {
    if (m.builtin) continue;
    const params = m.functionLike ? `(${m.params.map((p, i) => (m.variadic && i === m.params.length - 1 ? (p === '__VA_ARGS__' ? '...' : p + '...') : p)).join(',')})` : '';
    out.set(name, `${params}|${m.body.map((t) => t.text).join(' ')}`);
  }
  return out;
}

/** clang -dM output in the same form. */
export function clangMacroTable(output: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of output.split('\n')) {
    const m = /^#define ([A-Za-z_$][\w$]*)(\([^)]*\))?(?: (.*))?$/.exec(line);
    if (!m) continue;
    const params = m[2] ? m[2].replace(/\s+/g, '') : '';
    out.set(m[1]!, `${params}|${lexText(m[3] ?? '', '<dM>').map((t) => t.text).join(' ')}`);
  }
  return out;
}

/** Names whose definitions legitimately differ from clang-16's (our version strings, newer-clang cpu macros). */
export const OWN_MACROS = new Set(['__VERSION__', '__clang_version__', '__BPF_CPU_VERSION__', '__BPF_FEATURE_JMP_EXT', '__BPF_FEATURE_JMP32', '__BPF_FEATURE_ALU32']);

/** Differences between two macro tables, as readable lines. */
export function tableDifferences(ours: Map<string, string>, clang: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of clang) {
    if (OWN_MACROS.has(k)) continue;
    const o = ours.get(k);
    if (o === undefined) out.push(`missing ${k}: ${v}`);
    else if (o !== v) out.push(`differs ${k}: ours ${o} / clang ${v}`);
  }
  for (const k of ours.keys()) if (!clang.has(k) && !OWN_MACROS.has(k)) out.push(`extra ${k}: ${ours.get(k)}`);
  return out;
}
