// Argument substitution (C17 §6.10.3.1–6.10.3.3). In: a macro, its collected arguments and the origin of
// this expansion. Out: the replacement list with parameters replaced — by the fully expanded argument, or
// by the raw argument next to `#` (stringified) or `##` (pasted, with placemarkers for empty arguments) —
// and `##` applied left to right, every token stamped with the expansion's origin. Also GNU ", ##
// __VA_ARGS__" (the comma goes when the variadic argument is left out, and is not pasted when there is
// one) and C2x __VA_OPT__, as clang-16 implements them in GNU C mode.
import { lexText } from './lexer.js';
import { isHash, isHashHash, type MacroDef } from './macro.js';
import type { Preprocessor } from './engine.js';
import type { MacroOrigin, PPToken } from './token.js';

/** An empty argument next to `##` (C17 6.10.3.3p2). */
class Placemarker {}
const PLACEMARKER = new Placemarker();
class Paste {
  constructor(readonly op: PPToken) {}
}
type Item = PPToken | Placemarker | Paste;

const isComma = (it: Item | undefined): boolean =>
  it !== undefined && !(it instanceof Paste) && !(it instanceof Placemarker) && it.kind === 'punctuator' && it.text === ',';

export function substitute(pp: Preprocessor, m: MacroDef, args: PPToken[][] | null, vaElided: boolean, nameTok: PPToken, origin: MacroOrigin): PPToken[] {
  const body = m.body;
  const pidx = m.paramIndex;
  const vaIndex = m.variadic ? m.params.length - 1 : -1;
  const expanded: (PPToken[] | undefined)[] = [];
  const expandedArg = (p: number): PPToken[] => (expanded[p] ??= pp.preexpand(args![p]!));
  const argOrigins = new Map<MacroOrigin | undefined, MacroOrigin>();
  const argOrigin = (t: PPToken): MacroOrigin => {
    let o = argOrigins.get(t.origin);
    if (!o) {
      o = { ...origin, argument: t.origin ? { origin: t.origin } : {} };
      argOrigins.set(t.origin, o);
    }
    return o;
  };
  const copy = (t: PPToken, o: MacroOrigin, lead: boolean): PPToken => {
    const c: PPToken = { kind: t.kind, text: t.text, loc: t.loc, origin: o, hasLeadingSpace: lead, atLineStart: false };
    if (t.noExpand) c.noExpand = true;
    if (t.pragmaTokens) c.pragmaTokens = t.pragmaTokens;
    return c;
  };
  const pushArg = (items: Item[], toks: PPToken[], lead: boolean): void => {
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      items.push(copy(t, argOrigin(t), k === 0 ? lead : t.hasLeadingSpace || t.atLineStart));
    }
  };

  /** Index of the ')' matching the '(' at `open` (or `to` when unbalanced). */
  const matchParen = (open: number, to: number): number => {
    let depth = 0;
    for (let k = open; k < to; k++) {
      const t = body[k]!;
      if (t.kind !== 'punctuator') continue;
      if (t.text === '(') depth++;
      else if (t.text === ')' && --depth === 0) return k;
    }
    return to;
  };
  const vaPresent = (): boolean => vaIndex >= 0 && expandedArg(vaIndex).length > 0;

  const walk = (from: number, to: number, items: Item[]): void => {
    for (let i = from; i < to; i++) {
      const t = body[i]!;
      const p = pidx[i]!;
      const lead = i === 0 ? nameTok.hasLeadingSpace : t.hasLeadingSpace;
      if (m.functionLike && isHash(t) && i + 1 < to) {
        const next = body[i + 1]!;
        const np = pidx[i + 1]!;
        if (np >= 0) {
          items.push(stringify(pp, args![np]!, t, origin, lead));
          i++;
          continue;
        }
        if (m.hasVaOpt && next.text === '__VA_OPT__' && next.kind === 'identifier') {
          const close = matchParen(i + 2, to);
          const sub: Item[] = [];
          if (vaPresent()) walk(i + 3, close, sub);
          items.push(stringify(pp, resolvePastes(pp, sub, origin), t, origin, lead));
          i = close;
          continue;
        }
      }
      if (isHashHash(t)) {
        items.push(new Paste(t));
        continue;
      }
      if (m.hasVaOpt && t.kind === 'identifier' && t.text === '__VA_OPT__' && body[i + 1]?.text === '(') {
        const close = matchParen(i + 1, to);
        const sub: Item[] = [];
        if (vaPresent()) walk(i + 2, close, sub);
        if (sub.length === 0) items.push(PLACEMARKER);
        else items.push(...sub);
        i = close;
        continue;
      }
      if (p < 0) {
        items.push(copy(t, origin, lead));
        continue;
      }
      const pasteBefore = i > 0 && isHashHash(body[i - 1]!);
      const pasteAfter = i + 1 < body.length && isHashHash(body[i + 1]!);
      if (!pasteBefore && !pasteAfter) {
        pushArg(items, expandedArg(p), lead);
        continue;
      }
      const raw = args![p]!;
      const gnuComma = pasteBefore && p === vaIndex && (vaElided || raw.length > 0) && items.length >= 2 && items[items.length - 1] instanceof Paste && isComma(items[items.length - 2]);
      if (raw.length === 0) {
        if (gnuComma) {
          items.length -= 2; // drop ", ##"
          if (items[items.length - 1] instanceof Paste) items.length -= 1;
          continue;
        }
        items.push(PLACEMARKER);
        continue;
      }
      if (gnuComma) items.length -= 1; // ", ## __VA_ARGS__" with arguments: no paste
      pushArg(items, raw, lead);
    }
  };

  const items: Item[] = [];
  walk(0, body.length, items);
  const out = resolvePastes(pp, items, origin);
  if (out.length > 0) {
    out[0]!.hasLeadingSpace = nameTok.hasLeadingSpace;
    out[0]!.atLineStart = nameTok.atLineStart;
  }
  return out;
}

/** Applies the `##` markers left to right and drops placemarkers. */
function resolvePastes(pp: Preprocessor, items: Item[], origin: MacroOrigin): PPToken[] {
  const out: (PPToken | Placemarker)[] = [];
  let pending: Paste | null = null;
  for (const it of items) {
    if (it instanceof Paste) {
      pending = it;
      continue;
    }
    if (pending) {
      const lhs = out.pop() ?? PLACEMARKER;
      out.push(...paste(pp, lhs, it, pending.op, origin));
      pending = null;
      continue;
    }
    out.push(it);
  }
  return out.filter((t): t is PPToken => !(t instanceof Placemarker));
}

function paste(pp: Preprocessor, lhs: PPToken | Placemarker, rhs: PPToken | Placemarker, op: PPToken, origin: MacroOrigin): (PPToken | Placemarker)[] {
  if (lhs instanceof Placemarker) return [rhs];
  if (rhs instanceof Placemarker) return [lhs];
  const text = lhs.text + rhs.text;
  let kind = lhs.kind;
  if (!(lhs.kind === 'identifier' && (rhs.kind === 'identifier' || (rhs.kind === 'number' && /^[0-9A-Za-z_$]+$/.test(rhs.text))))) {
    const toks = lexText(text, '<paste>');
    const only = toks[0];
    const ok = toks.length === 1 && only!.text === text && (only!.kind !== 'other' || !/['"]/.test(text));
    if (!ok) {
      pp.report('C1043', `pasting formed '${text}', an invalid preprocessing token`, { ...op, origin });
      return [lhs, rhs];
    }
    kind = only!.kind;
  }
  return [{ kind, text, loc: lhs.loc, origin: lhs.origin ?? origin, hasLeadingSpace: lhs.hasLeadingSpace, atLineStart: false }];
}

/** `#arg`: the argument's spelling as a string literal (C17 6.10.3.2). */
function stringify(pp: Preprocessor, toks: PPToken[], hash: PPToken, origin: MacroOrigin, lead: boolean): PPToken {
  let s = '"';
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (k > 0 && (t.hasLeadingSpace || t.atLineStart)) s += ' ';
    const text = t.kind === 'pragma' ? `_Pragma("${t.text}")` : t.text;
    s += t.kind === 'string' || t.kind === 'char' ? text.replace(/[\\"]/g, '\\$&') : text;
  }
  // a final unescaped backslash would escape the closing quote: clang drops it (and warns)
  const trailing = /\\+$/.exec(s)?.[0].length ?? 0;
  if (trailing % 2 === 1) {
    pp.report('C1046', "invalid string literal, ignoring final '\\'", hash);
    s = s.slice(0, -1);
  }
  s += '"';
  return { kind: 'string', text: s, loc: hash.loc, origin, hasLeadingSpace: lead, atLineStart: false };
}
