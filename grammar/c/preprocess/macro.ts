// Macro definitions (C17 §6.10.3). In: the tokens of a #define line after the word `define`. Out: a
// MacroDef (name, parameters, replacement list with each parameter use resolved to its index) or the
// diagnostics explaining why the line is not a valid definition. Also: the "same definition" test of
// §6.10.3p2 used to warn about redefinitions.
import { diagnostic, spanAt, type Diagnostic } from '../../../compiler/diagnostics/index.js';
import type { PPToken, SourceLoc } from './token.js';

/** Macros whose expansion the preprocessor computes (clang's builtin macros). */
export type BuiltinMacro =
  | '__FILE__'
  | '__LINE__'
  | '__COUNTER__'
  | '__INCLUDE_LEVEL__'
  | '__BASE_FILE__'
  | '__FILE_NAME__'
  | '__DATE__'
  | '__TIME__'
  | '__TIMESTAMP__'
  | '_Pragma'
  | '__has_include'
  | '__has_include_next'
  | '__has_builtin'
  | '__has_attribute'
  | '__has_c_attribute'
  | '__has_cpp_attribute'
  | '__has_declspec_attribute'
  | '__has_feature'
  | '__has_extension'
  | '__has_warning'
  | '__is_identifier';

export const BUILTIN_MACROS: readonly BuiltinMacro[] = [
  '__FILE__', '__LINE__', '__COUNTER__', '__INCLUDE_LEVEL__', '__BASE_FILE__', '__FILE_NAME__', '__DATE__',
  '__TIME__', '__TIMESTAMP__', '_Pragma', '__has_include', '__has_include_next', '__has_builtin',
  '__has_attribute', '__has_c_attribute', '__has_cpp_attribute', '__has_declspec_attribute', '__has_feature',
  '__has_extension', '__has_warning', '__is_identifier',
];

export interface MacroDef {
  name: string;
  functionLike: boolean;
  /** Parameter names; a variadic macro's last one is `__VA_ARGS__` or its GNU name (`args...`). */
  params: string[];
  variadic: boolean;
  body: PPToken[];
  /** For each body token, the index of the parameter it names, else -1. */
  paramIndex: number[];
  /** Whether the body uses __VA_OPT__. */
  hasVaOpt: boolean;
  /** The definition's name token location (absent for builtins). */
  loc?: SourceLoc;
  builtin?: BuiltinMacro;
  /** True while the macro's own expansion is being rescanned (C17 6.10.3.4p2). Per-run state. */
  disabled: boolean;
}

export function builtinMacro(name: BuiltinMacro): MacroDef {
  return { name, functionLike: false, params: [], variadic: false, body: [], paramIndex: [], hasVaOpt: false, builtin: name, disabled: false };
}

const isPunct = (t: PPToken | undefined, text: string): boolean => t !== undefined && t.kind === 'punctuator' && t.text === text;

/** Parses `NAME[(params)] body…`; `toks` excludes `#` and `define`; `at` locates a missing name. */
export function parseDefine(toks: PPToken[], at: SourceLoc, diags: Diagnostic[]): MacroDef | undefined {
  const nameTok = toks[0];
  if (!nameTok) {
    diags.push(diagnostic('C1017', 'macro name missing', spanAt({ ...at, col: at.col + 6, offset: at.offset + 6 })));
    return undefined;
  }
  if (nameTok.kind !== 'identifier') {
    diags.push(diagnostic('C1017', 'macro name must be an identifier', spanAt(nameTok.loc, nameTok.text.length)));
    return undefined;
  }
  if (nameTok.text === 'defined') {
    diags.push(diagnostic('C1017', "'defined' cannot be used as a macro name", spanAt(nameTok.loc, 7)));
    return undefined;
  }
  const def: MacroDef = {
    name: nameTok.text,
    functionLike: false,
    params: [],
    variadic: false,
    body: [],
    paramIndex: [],
    hasVaOpt: false,
    loc: nameTok.loc,
    disabled: false,
  };
  let i = 1;
  const open = toks[1];
  if (open && isPunct(open, '(') && !open.hasLeadingSpace) {
    def.functionLike = true;
    i = 2;
    const bad = (t: PPToken | undefined, msg: string): undefined => {
      // a missing token is reported just after the last one, as clang does
      const last = toks[toks.length - 1]!;
      const loc = t ? t.loc : { ...last.loc, col: last.loc.col + last.text.length, offset: last.loc.offset + last.text.length };
      diags.push(diagnostic('C1019', msg, spanAt(loc, t ? t.text.length : 1)));
      return undefined;
    };
    if (isPunct(toks[i], ')')) i++;
    else {
      for (;;) {
        const p = toks[i];
        if (isPunct(p, '...')) {
          def.variadic = true;
          def.params.push('__VA_ARGS__');
          i++;
          if (!isPunct(toks[i], ')')) return bad(toks[i], "missing ')' in macro parameter list");
          i++;
          break;
        }
        if (!p || p.kind !== 'identifier') return bad(p, p ? 'expected identifier in macro parameter list' : "missing ')' in macro parameter list");
        if (def.params.includes(p.text)) return bad(p, `duplicate macro parameter name '${p.text}'`);
        def.params.push(p.text);
        i++;
        if (isPunct(toks[i], '...')) {
          def.variadic = true; // GNU named variadic parameter: `args...`
          i++;
          if (!isPunct(toks[i], ')')) return bad(toks[i], "missing ')' in macro parameter list");
          i++;
          break;
        }
        if (isPunct(toks[i], ')')) {
          i++;
          break;
        }
        if (!isPunct(toks[i], ',')) return bad(toks[i], 'expected comma in macro parameter list');
        i++;
      }
    }
  }
  def.body = toks.slice(i);
  const body = def.body;
  for (let k = 0; k < body.length; k++) {
    const t = body[k]!;
    const idx = def.functionLike && t.kind === 'identifier' ? def.params.indexOf(t.text) : -1;
    def.paramIndex.push(idx);
    if (t.kind !== 'identifier') continue;
    if (t.text === '__VA_OPT__') {
      if (!def.variadic) diags.push(diagnostic('C1032', '__VA_OPT__ can only appear in the expansion of a variadic macro', spanAt(t.loc, 10)));
      else def.hasVaOpt = true;
    }
  }
  if (body.length > 0) {
    const first = body[0]!;
    const last = body[body.length - 1]!;
    if (isHashHash(first)) {
      diags.push(diagnostic('C1021', "'##' cannot appear at start of macro expansion", spanAt(first.loc, 2)));
      return undefined;
    }
    if (isHashHash(last)) {
      diags.push(diagnostic('C1021', "'##' cannot appear at end of macro expansion", spanAt(last.loc, 2)));
      return undefined;
    }
  }
  if (def.hasVaOpt && !checkVaOpt(body, diags)) return undefined;
  if (def.functionLike) {
    for (let k = 0; k < body.length; k++) {
      if (!isHash(body[k]!)) continue;
      const next = body[k + 1];
      if (next && (def.paramIndex[k + 1]! >= 0 || (def.hasVaOpt && next.text === '__VA_OPT__'))) continue;
      const at = next ?? body[k]!;
      diags.push(diagnostic('C1020', "'#' is not followed by a macro parameter", spanAt(at.loc, at.text.length)));
      return undefined;
    }
  }
  return def;
}

/** __VA_OPT__ must be followed by a parenthesized group that contains no other __VA_OPT__ (C2x 6.10.4.1). */
function checkVaOpt(body: PPToken[], diags: Diagnostic[]): boolean {
  for (let k = 0; k < body.length; k++) {
    const t = body[k]!;
    if (t.kind !== 'identifier' || t.text !== '__VA_OPT__') continue;
    if (!isPunct(body[k + 1], '(')) {
      const at = body[k + 1] ?? t;
      diags.push(diagnostic('C1034', "missing '(' following __VA_OPT__", spanAt(at.loc, at.text.length)));
      return false;
    }
    let depth = 0;
    let j = k + 1;
    for (; j < body.length; j++) {
      const u = body[j]!;
      if (isPunct(u, '(')) depth++;
      else if (isPunct(u, ')') && --depth === 0) break;
      else if (u.kind === 'identifier' && u.text === '__VA_OPT__') {
        diags.push(diagnostic('C1034', '__VA_OPT__ cannot be nested within its own replacement tokens', spanAt(u.loc, 10)));
        return false;
      }
    }
    if (j >= body.length) {
      const last = body[body.length - 1]!;
      diags.push(diagnostic('C1034', "missing ')' to end __VA_OPT__", spanAt({ ...last.loc, col: last.loc.col + last.text.length, offset: last.loc.offset + last.text.length })));
      return false;
    }
    k = j;
  }
  return true;
}

export const isHash = (t: PPToken): boolean => t.kind === 'punctuator' && (t.text === '#' || t.text === '%:');
export const isHashHash = (t: PPToken): boolean => t.kind === 'punctuator' && (t.text === '##' || t.text === '%:%:');

/** C17 6.10.3p2: same parameters, and replacement lists with the same spellings and white-space layout. */
export function sameDefinition(a: MacroDef, b: MacroDef): boolean {
  if (a.functionLike !== b.functionLike || a.variadic !== b.variadic || a.params.length !== b.params.length) return false;
  if (a.params.some((p, i) => p !== b.params[i])) return false;
  if (a.body.length !== b.body.length) return false;
  for (let i = 0; i < a.body.length; i++) {
    const x = a.body[i]!;
    const y = b.body[i]!;
    if (x.text !== y.text) return false;
    if (i > 0 && x.hasLeadingSpace !== y.hasLeadingSpace) return false;
  }
  return true;
}
