// Preprocessing directives (C17 §6.10): #define #undef #include #include_next #if #ifdef #ifndef #elif
// #elifdef #elifndef #else #endif #line (and GNU `# 33 "file"` markers) #error #warning #pragma #ident
// #sccs and the null directive. In: the file frame positioned on a '#' at the start of a line. Out: the
// directive's effect, the frame positioned after it (after the whole skipped group for a false
// condition), diagnostics for malformed lines.
import { spanAt } from '../../../compiler/diagnostics/index.js';
import { END, type CondFrame, type FileFrame, type Preprocessor } from './engine.js';
import { endOf, evaluateExpression } from './expr.js';
import { includeDirective } from './include.js';
import { parseDefine, sameDefinition } from './macro.js';
import { pragmaDirective, spelled } from './pragma.js';
import { reportUnterminated } from './stray.js';
import type { PPToken } from './token.js';

/** The tokens of the directive at f.pos (after '#'), advancing f.pos past its line. */
function takeLine(f: FileFrame): { hash: PPToken; line: PPToken[] } {
  const toks = f.lexed.tokens;
  const hash = toks[f.pos]!;
  let end = f.pos + 1;
  while (end < toks.length && !toks[end]!.atLineStart) end++;
  const line = toks.slice(f.pos + 1, end);
  f.pos = end;
  return { hash, line };
}

export function runDirective(pp: Preprocessor, f: FileFrame): void {
  const { line } = takeLine(f);
  const kw = line[0];
  if (!kw) return; // the null directive
  if (kw.kind === 'number') {
    lineDirective(pp, f, kw, line.slice(0), true);
    return;
  }
  const name = kw.kind === 'identifier' ? kw.text : '';
  switch (name) {
    case 'define': {
      const def = parseDefine(line.slice(1), kw.loc, pp.diagnostics);
      if (!def) return;
      for (const t of def.body) if (t.kind === 'other') reportUnterminated(pp, t);
      const old = pp.macros.get(def.name);
      if (old?.builtin) pp.report('C1026', `redefining builtin macro '${def.name}'`, line[1]);
      else if (old && !sameDefinition(old, def)) {
        const notes = old.loc ? [{ message: 'previous definition is here', span: spanAt(old.loc, old.name.length) }] : [];
        pp.report('C1018', `'${def.name}' macro redefined`, line[1], undefined, notes);
      }
      pp.macros.set(def.name, def);
      return;
    }
    case 'undef': {
      const id = macroName(pp, line, kw);
      if (id === undefined) return;
      if (line.length > 2) pp.report('C1022', 'extra tokens at end of #undef directive', line[2]);
      if (pp.macros.get(id)?.builtin) pp.report('C1026', `undefining builtin macro '${id}'`, line[1]);
      pp.macros.delete(id);
      return;
    }
    case 'include':
    case 'include_next':
    case 'import':
      includeDirective(pp, f, line);
      return;
    case 'if':
    case 'ifdef':
    case 'ifndef': {
      const frame: CondFrame = { directive: kw, taken: false, sawElse: false };
      f.conds.push(frame);
      if (condition(pp, kw, line)) frame.taken = true;
      else skipGroup(pp, f, frame);
      return;
    }
    case 'elif':
    case 'elifdef':
    case 'elifndef':
    case 'else': {
      if (name === 'elifdef' || name === 'elifndef') pp.report('C1033', `use of a '#${name}' directive is a C2x extension`, kw);
      // reached from a group that was taken: skip everything up to the matching #endif
      const frame = f.conds[f.conds.length - 1];
      if (!frame) {
        pp.report('C1015', `#${name} without #if`, kw);
        return;
      }
      if (frame.sawElse) pp.report('C1016', `#${name} after #else`, kw);
      if (name === 'else') {
        frame.sawElse = true;
        if (line.length > 1) pp.report('C1022', 'extra tokens at end of #else directive', line[1]);
      }
      skipGroup(pp, f, frame);
      return;
    }
    case 'endif':
      if (!f.conds.pop()) pp.report('C1015', '#endif without #if', kw);
      else if (line.length > 1) pp.report('C1022', 'extra tokens at end of #endif directive', line[1]);
      return;
    case 'line':
      lineDirective(pp, f, kw, line.slice(1), false);
      return;
    case 'error':
    case 'warning': {
      const text = spelled(line.slice(1));
      pp.report(name === 'error' ? 'C1023' : 'C1024', text === '' ? `#${name}` : text, kw);
      return;
    }
    case 'pragma':
      pragmaDirective(pp, kw, line.slice(1));
      return;
    case 'ident':
    case 'sccs':
      return;
    default:
      pp.report('C1010', `invalid preprocessing directive '#${kw.text}'`, kw);
  }
}

/** The identifier after #ifdef/#ifndef/#undef, or undefined (reported). */
function macroName(pp: Preprocessor, line: PPToken[], kw: PPToken): string | undefined {
  const t = line[1];
  if (!t) {
    pp.report('C1017', `macro name missing`, endOf(kw));
    return undefined;
  }
  if (t.kind !== 'identifier') {
    pp.report('C1017', 'macro name must be an identifier', t);
    return undefined;
  }
  if (t.text === 'defined') {
    pp.report('C1017', "'defined' cannot be used as a macro name", t);
    return undefined;
  }
  return t.text;
}

/** Evaluates the condition of #if/#ifdef/#ifndef/#elif/#elifdef/#elifndef (`line` starts with the keyword). */
function condition(pp: Preprocessor, kw: PPToken, line: PPToken[]): boolean {
  if (kw.text.endsWith('def')) {
    const id = macroName(pp, line, kw);
    if (id === undefined) return false;
    if (line.length > 2) pp.report('C1022', `extra tokens at end of #${kw.text} directive`, line[2]);
    return pp.macros.has(id) === !kw.text.endsWith('ndef');
  }
  const toks = expandCondition(pp, line.slice(1));
  if (toks === undefined) return false;
  const v = evaluateExpression(toks, (code, message, at) => pp.report(code, message, at ?? kw), kw);
  return v !== undefined && v.value !== 0n;
}

/** Macro-expands a #if line, replacing `defined X` / `defined(X)` by 1 or 0 before X can expand. */
function expandCondition(pp: Preprocessor, toks: PPToken[]): PPToken[] | undefined {
  let failed = false;
  const out = pp.expandIsolated(toks, false, (t) => {
    if (failed) return undefined;
    if (t.kind !== 'identifier' || t.text !== 'defined') return t;
    let n = pp.lexRaw();
    const paren = n !== null && n !== END && n.kind === 'punctuator' && n.text === '(';
    const last = paren ? n! : t;
    if (paren) n = pp.lexRaw();
    if (n === null || n === END || n.kind !== 'identifier') {
      if (n === null || n === END) pp.report('C1050', 'macro name missing', endOf(paren ? last : t));
      else pp.report('C1050', 'macro name must be an identifier', n);
      failed = true;
      return undefined;
    }
    if (paren) {
      const c = pp.lexRaw();
      if (c === null || c === END || c.kind !== 'punctuator' || c.text !== ')') {
        pp.report('C1050', "missing ')' after 'defined'", c && c !== END ? c : endOf(n));
        failed = true;
        return undefined;
      }
    }
    return { ...t, kind: 'number', text: pp.macros.has(n.text) ? '1' : '0' };
  });
  return failed ? undefined : out;
}

/** Skips the rest of a group whose condition failed (or after a taken one), stopping at a group to take. */
function skipGroup(pp: Preprocessor, f: FileFrame, frame: CondFrame): void {
  const toks = f.lexed.tokens;
  let depth = 0;
  while (f.pos < toks.length) {
    const t = toks[f.pos]!;
    if (!(t.atLineStart && t.kind === 'punctuator' && (t.text === '#' || t.text === '%:'))) {
      f.pos++;
      continue;
    }
    const kw = toks[f.pos + 1];
    if (!kw || kw.atLineStart || kw.kind !== 'identifier') {
      f.pos++;
      continue;
    }
    const name = kw.text;
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
      depth++;
      f.pos += 2;
      continue;
    }
    if (name === 'endif') {
      if (depth > 0) {
        depth--;
        f.pos += 2;
        continue;
      }
      const { line } = takeLine(f);
      if (line.length > 1) pp.report('C1022', 'extra tokens at end of #endif directive', line[1]);
      f.conds.pop();
      return;
    }
    if (depth > 0 || (name !== 'else' && name !== 'elif' && name !== 'elifdef' && name !== 'elifndef')) {
      f.pos += 2;
      continue;
    }
    const { line } = takeLine(f);
    if (name === 'elifdef' || name === 'elifndef') pp.report('C1033', `use of a '#${name}' directive is a C2x extension`, kw);
    if (frame.sawElse) pp.report('C1016', `#${name} after #else`, kw);
    if (name === 'else') {
      frame.sawElse = true;
      if (line.length > 1) pp.report('C1022', 'extra tokens at end of #else directive', line[1]);
      if (!frame.taken) {
        frame.taken = true;
        return;
      }
      continue;
    }
    if (!frame.taken && !frame.sawElse && condition(pp, kw, line)) {
      frame.taken = true;
      return;
    }
  }
}

/** `#line N ["file"]` and `# N "file" flags…`: renumbers the following lines for __LINE__/__FILE__. */
function lineDirective(pp: Preprocessor, f: FileFrame, kw: PPToken, args: PPToken[], marker: boolean): void {
  const toks = marker ? args : pp.expandIsolated(args, false);
  const num = toks[0];
  if (marker && !/^[0-9]+$/.test(num!.text)) {
    const bad = /[^0-9]/.exec(num!.text)!.index;
    pp.report('C1025', 'GNU line marker directive requires a simple digit sequence', { ...num!.loc, col: num!.loc.col + bad, offset: num!.loc.offset + bad }, 1);
    return;
  }
  if (!num || num.kind !== 'number' || !/^[0-9]+$/.test(num.text) || Number(num.text) > 2147483647) {
    pp.report('C1025', `#line directive requires a positive integer argument`, num ?? endOf(kw));
    return;
  }
  const n = Number(num.text);
  const file = toks[1];
  if (file && !(file.kind === 'string' && file.text.startsWith('"'))) {
    pp.report('C1025', 'invalid filename for #line directive', file);
    return;
  }
  if (!marker && toks.length > 2) pp.report('C1022', 'extra tokens at end of #line directive', toks[2]);
  // the line after the directive gets number n
  f.lineDelta = n - (lastLine(f, kw) + 1);
  if (file) f.presumedFile = file.text.slice(1, -1).replace(/\\([\\"])/g, '$1');
}

/** The physical line on which the directive containing `kw` ends. */
function lastLine(f: FileFrame, kw: PPToken): number {
  const toks = f.lexed.tokens;
  const prev = toks[f.pos - 1];
  return prev && prev.loc.offset >= kw.loc.offset ? prev.loc.line : kw.loc.line;
}
