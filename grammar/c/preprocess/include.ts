// #include / #include_next (C17 §6.10.2, GNU include_next). In: the directive's tokens. Out: the named
// file entered on the file stack, or a diagnostic. Search order: for "file", the including file's
// directory first; then, for both forms, the -I directories, the system directories (unless nostdinc)
// and last the bundled headers. #include_next continues after the directory the current file came from.
// A file is skipped when it said #pragma once or when its include guard macro is already defined.
import { headerSpec } from './builtins.js';
import { endOf } from './expr.js';
import { canonicalPath, dirname, isAbsolute, joinPath } from './path.js';
import type { FileFrame, Preprocessor } from './engine.js';
import type { PPToken } from './token.js';

export interface ResolvedInclude {
  path: string;
  /** Index in pp.searchDirs() where it was found, -1 when found beside the includer or by absolute path. */
  searchIndex: number;
}

export function resolveInclude(pp: Preprocessor, name: string, angled: boolean, next: boolean): ResolvedInclude | undefined {
  if (name === '') return undefined;
  if (isAbsolute(name)) return pp.fileExists(name) ? { path: name, searchIndex: -1 } : undefined;
  const cur = pp.currentFile;
  if (!angled && !next && cur) {
    const p = joinPath(dirname(cur.lexed.file.path), name);
    if (pp.fileExists(p)) return { path: p, searchIndex: -1 };
  }
  const dirs = pp.searchDirs();
  const start = next && cur && cur.searchIndex >= 0 ? cur.searchIndex + 1 : 0;
  for (let i = start; i < dirs.length; i++) {
    const p = joinPath(dirs[i]!, name);
    if (pp.fileExists(p)) return { path: p, searchIndex: i };
  }
  return undefined;
}

/** Handles `#include …` / `#include_next …`; `line` holds the tokens after `#`. */
export function includeDirective(pp: Preprocessor, f: FileFrame, line: PPToken[]): void {
  const kw = line[0]!;
  const next = kw.text === 'include_next';
  let rest = line.slice(1);
  let name: string | undefined;
  let angled = false;
  let extra: PPToken | undefined;
  const first = rest[0];
  if (first && first.kind === 'punctuator' && first.text === '<') {
    // <…> written in the file: the header name is the raw text up to '>' on this line
    const text = f.lexed.file.text;
    const start = first.loc.offset + 1;
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 62 && text.charCodeAt(end) !== 10) end++;
    if (text.charCodeAt(end) !== 62) {
      pp.report('C1011', "expected '>'", endOf(rest[rest.length - 1]!));
      return;
    }
    name = text.slice(start, end);
    angled = true;
    extra = rest.find((t) => t.loc.offset > end);
  } else if (first && first.kind === 'string' && first.text.startsWith('"')) {
    name = first.text.slice(1, -1);
    extra = rest[1];
  } else if (first) {
    rest = pp.expandIsolated(rest, false);
    const spec = headerSpec(rest);
    if (spec) {
      name = spec.name;
      angled = spec.angled;
      extra = rest[spec.used];
    }
  }
  if (name === undefined) {
    pp.report('C1011', 'expected "FILENAME" or <FILENAME>', first ?? endOf(kw));
    return;
  }
  if (name === '') {
    pp.report('C1011', 'empty filename', first ?? kw);
    return;
  }
  if (extra) pp.report('C1022', `extra tokens at end of #${kw.text} directive`, extra);
  if (next && f.searchIndex < 0) pp.report('C1031', '#include_next in primary source file', kw);
  const found = resolveInclude(pp, name, angled, next);
  if (!found) {
    pp.report('C1012', `'${name}' file not found`, first ?? kw, first ? undefined : kw.text.length);
    return;
  }
  const lexed = pp.readLexed(found.path);
  if (!lexed) {
    pp.report('C1012', `'${name}' file not found`, first ?? kw);
    return;
  }
  if (pp.onceFiles.has(canonicalPath(lexed.file.path))) return;
  if (lexed.guard !== undefined && pp.macros.has(lexed.guard)) return;
  if (pp.fileStack.length > pp.opts.maxIncludeDepth) {
    // fatal, as in clang: a file including itself twice would otherwise branch out exponentially
    pp.report('C1013', `#include nested too deeply (limit ${pp.opts.maxIncludeDepth})`, first ?? kw);
    pp.abort();
    return;
  }
  // every inclusion counts against the output budget, so no include pattern can run unbounded
  if (!pp.spend(Math.max(1, lexed.tokens.length), first ?? kw)) return;
  if (!pp.includes.includes(lexed.file.path)) pp.includes.push(lexed.file.path);
  pp.enterFile(lexed, found.searchIndex);
}
