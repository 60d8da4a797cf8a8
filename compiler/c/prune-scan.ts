// The scanner behind prune.ts: classifies preprocessed tokens and reads a top-level chunk's file-scope
// declarations (C11 §6.7, §6.9) without parsing it. In: SourceToken[] and a chunk's bounds; out: token
// classes, and per chunk the names it declares (an over-approximation) and whether it must be kept
// whatever it declares (see prune.ts).
//
// Scopes (C11 §6.2.1, §6.7.2.3): tags and enum constants declared in a struct body or an array bound
// belong to the file scope; those in a parameter list to the prototype; those in a function body to its
// block. A tag without a body refers to the visible declaration of that tag if there is one, and else
// declares it (`struct s;` alone always declares).
import { ctok, type SourceToken } from '../../grammar/c/index.js';

/** Token classes (one byte per token). An opener's closer is the opener + 1. */
export const Tok = {
  Other: 0, Name: 1, String: 2, Pragma: 3, Stray: 4, Extension: 5, Number: 6,
  LParen: 10, RParen: 11, LBracket: 12, RBracket: 13, LBrace: 14, RBrace: 15,
  Semi: 16, Comma: 17, Assign: 18, Star: 19, Minus: 20,
  Typedef: 30, Extern: 31, Static: 32, OtherStorage: 33, TypeKeyword: 34, Void: 35, Qualifier: 36,
  Atomic: 37, Record: 38, Enum: 39, Attribute: 40, Asm: 41, StaticAssert: 42, Typeof: 43, Alignas: 44,
  Keyword: 45,
} as const;

const K = ctok;

/** Spelling → class, for keywords and punctuators. */
const CLASS_OF: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  const byType = new Map<unknown, number>([
    [K.Typedef, Tok.Typedef], [K.Extern, Tok.Extern], [K.Static, Tok.Static], [K.Auto, Tok.OtherStorage],
    [K.Register, Tok.OtherStorage], [K.ThreadLocal, Tok.OtherStorage], [K.Void, Tok.Void],
    [K.Const, Tok.Qualifier], [K.Volatile, Tok.Qualifier], [K.Restrict, Tok.Qualifier], [K.Inline, Tok.Qualifier],
    [K.Noreturn, Tok.Qualifier], [K.Atomic, Tok.Atomic], [K.Struct, Tok.Record], [K.Union, Tok.Record],
    [K.Enum, Tok.Enum], [K.Attribute, Tok.Attribute], [K.Asm, Tok.Asm], [K.StaticAssert, Tok.StaticAssert],
    [K.Typeof, Tok.Typeof], [K.Alignas, Tok.Alignas],
  ]);
  for (const t of [K.Char, K.Short, K.Int, K.Long, K.Float, K.Double, K.Signed, K.Unsigned, K.Bool, K.Complex,
    K.Int128, K.AutoType]) byType.set(t, Tok.TypeKeyword);
  for (const [spelling, type] of K.KEYWORDS) m.set(spelling, byType.get(type) ?? Tok.Keyword);
  const punct: [string, number][] = [['(', Tok.LParen], [')', Tok.RParen], ['[', Tok.LBracket], ['<:', Tok.LBracket],
    [']', Tok.RBracket], [':>', Tok.RBracket], ['{', Tok.LBrace], ['<%', Tok.LBrace], ['}', Tok.RBrace],
    ['%>', Tok.RBrace], [';', Tok.Semi], [',', Tok.Comma], ['=', Tok.Assign], ['*', Tok.Star], ['-', Tok.Minus]];
  for (const [spelling, c] of punct) m.set(spelling, c);
  for (const spelling of K.PUNCTUATORS.keys()) if (!m.has(spelling)) m.set(spelling, Tok.Other);
  m.set('::', Tok.Other); // two colons for the parser
  return m;
})();

/** The class of every token. */
export function classify(tokens: readonly SourceToken[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.kind) {
      case 'identifier':
        out[i] = t.text === '__extension__' ? Tok.Extension : CLASS_OF.get(t.text) ?? Tok.Name;
        break;
      case 'punctuator':
        out[i] = CLASS_OF.get(t.text) ?? Tok.Stray;
        break;
      case 'number':
        out[i] = Tok.Number;
        break;
      case 'char':
        out[i] = Tok.Other;
        break;
      case 'string':
        out[i] = Tok.String;
        break;
      case 'pragma':
        out[i] = Tok.Pragma;
        break;
      default:
        out[i] = Tok.Stray; // reported by the parser
    }
  }
  return out;
}

export const isOpen = (c: number): boolean => c === Tok.LParen || c === Tok.LBracket || c === Tok.LBrace;
export const isClose = (c: number): boolean => c === Tok.RParen || c === Tok.RBracket || c === Tok.RBrace;

type Storage = 'none' | 'typedef' | 'static' | 'extern' | 'other';

/** Attributes that make a definition count even when nothing uses it. */
const EFFECT_ATTRIBUTES = new Set(['section', 'used', 'retain', 'alias', 'weakref', 'constructor', 'destructor']);

/**
 * Reads chunks in stream order. Per chunk: `declares` (file-scope names, over-approximated),
 * `uncertain` (a shape it cannot read with certainty) and `effect` (a declaration that matters even when
 * nothing names it: an object with external linkage, a function or object the compiler would emit or
 * warn about). Across chunks it knows the typedef names and tags declared so far, as the parser does.
 */
export class Scan {
  readonly typedefs: Set<string>;
  readonly tags = new Set<string>();
  declares: string[] = [];
  uncertain = false;
  effect = false;
  private end = 0;

  constructor(readonly tokens: readonly SourceToken[], readonly cls: Uint8Array, typedefs: readonly string[]) {
    this.typedefs = new Set(typedefs);
  }

  /** The class of token `i`, -1 past the chunk. */
  private c(i: number): number {
    return i < this.end ? this.cls[i]! : -1;
  }

  /**
   * Past the bracket group opening at `i`. Mode 'tags' declares the tags (and, in an enum body, the
   * constants) met inside, 'attr' notes effect attributes, 'skip' only skips.
   */
  private group(i: number, mode: 'tags' | 'attr' | 'skip', enumBody = false): number {
    const open = this.c(i);
    if (!isOpen(open)) {
      this.uncertain = true;
      return i + 1;
    }
    const stack = [open + 1];
    let constantNext = enumBody;
    for (let j = i + 1; j < this.end;) {
      const c = this.cls[j]!;
      if (isOpen(c)) {
        stack.push(c + 1);
        j++;
        continue;
      }
      if (isClose(c)) {
        if (stack.pop() !== c) break;
        j++;
        if (stack.length === 0) return j;
        continue;
      }
      if (enumBody && stack.length === 1) {
        if (c === Tok.Comma) constantNext = true;
        else if (constantNext) {
          if (c === Tok.Name) this.declares.push(this.tokens[j]!.text);
          constantNext = false;
        }
      }
      if (mode === 'tags' && (c === Tok.Record || c === Tok.Enum)) {
        j = this.tagSpecifier(j);
        continue;
      }
      if (mode === 'attr' && c === Tok.Name && EFFECT_ATTRIBUTES.has(this.tokens[j]!.text.replace(/^__(.*)__$/, '$1'))) this.effect = true;
      j++;
    }
    this.uncertain = true;
    return this.end;
  }

  /** Past `struct|union|enum [attributes] [tag] [attributes] [{ body }]` at `i`. */
  private tagSpecifier(i: number): number {
    const isEnum = this.c(i) === Tok.Enum;
    let j = this.attributes(i + 1);
    const tag = this.c(j) === Tok.Name ? this.tokens[j]!.text : undefined;
    if (tag !== undefined) j = this.attributes(j + 1);
    const body = this.c(j) === Tok.LBrace;
    const alone = !body && this.c(j) === Tok.Semi;
    if (tag !== undefined) {
      if (body || alone || !this.tags.has(tag)) this.declares.push(tag);
      this.tags.add(tag);
    }
    if (body) j = this.group(j, 'tags', isEnum);
    else if (isEnum && alone) this.uncertain = true; // a forward enum declaration (an extension)
    return j;
  }

  /** Past any `__attribute__((…))` at `i`. */
  private attributes(i: number): number {
    while (this.c(i) === Tok.Attribute) i = this.group(i + 1, 'attr');
    return i;
  }

  /** Reads chunk [start, end). */
  read(start: number, end: number): void {
    this.declares = [];
    this.uncertain = false;
    this.effect = false;
    this.end = end;
    let i = start;
    while (this.c(i) === Tok.Extension) i++;
    const c0 = this.c(i);
    if (c0 === -1 || c0 === Tok.Pragma || c0 === Tok.Semi || c0 === Tok.StaticAssert || c0 === Tok.Asm) return;
    // declaration specifiers (a typedef name only while no type specifier was seen, as the parser reads)
    let storage: Storage = 'none';
    let seenType = false;
    let others = 0; // specifiers besides tag specifiers
    let records = 0;
    const specStart = i;
    for (;;) {
      const c = this.c(i);
      if (c === Tok.Extension) i++;
      else if (c === Tok.Name) {
        if (seenType || !this.typedefs.has(this.tokens[i]!.text)) break;
        seenType = true;
        others++;
        i++;
      } else if (c === Tok.Typedef || c === Tok.Extern || c === Tok.Static || c === Tok.OtherStorage) {
        storage = storage !== 'none' ? 'other' : c === Tok.Typedef ? 'typedef' : c === Tok.Static ? 'static' : c === Tok.Extern ? 'extern' : 'other';
        others++;
        i++;
      } else if (c === Tok.TypeKeyword || c === Tok.Void || c === Tok.Qualifier) {
        if (c !== Tok.Qualifier) seenType = true;
        others++;
        i++;
      } else if (c === Tok.Record || c === Tok.Enum) {
        i = this.tagSpecifier(i);
        seenType = true;
        records++;
      } else if (c === Tok.Attribute) {
        i = this.attributes(i);
      } else if (c === Tok.Typeof || c === Tok.Alignas || c === Tok.Atomic) {
        if (c !== Tok.Alignas) seenType = true;
        others++;
        i = this.c(i + 1) === Tok.LParen ? this.group(i + 1, 'tags') : i + 1;
      } else break;
    }
    if (!seenType || i === specStart) {
      this.uncertain = true;
      return;
    }
    if (this.c(i) === Tok.Semi) {
      // `struct s {…};`, `enum {…};`, `struct s;`: only a lone tag specifier declares without a warning
      if (i + 1 !== end || others > 0 || records !== 1) this.uncertain = true;
      return;
    }
    this.declarators(i, storage);
  }

  /** The init-declarator list from `i` to the chunk's end. */
  private declarators(i: number, storage: Storage): void {
    for (let index = 0; ; index++) {
      // the prefix: pointers with their qualifiers, attributes, '(' of groups; then the name
      let groups = 0;
      let pointer = false;
      let name: string | undefined;
      while (name === undefined) {
        const c = this.c(i);
        if (c === Tok.Star) pointer = true;
        else if (c === Tok.LParen) groups++;
        else if (c === Tok.Attribute) {
          i = this.attributes(i);
          continue;
        } else if (c === Tok.Name) name = this.tokens[i]!.text;
        else if (c !== Tok.Qualifier && c !== Tok.Atomic && c !== Tok.Extension) break;
        i++;
      }
      if (name === undefined) {
        this.uncertain = true;
        return;
      }
      const fn = this.c(i) === Tok.LParen;
      // the suffixes: parameter lists (prototype scope), array bounds, ')' of groups, attributes, asm labels
      for (;;) {
        const c = this.c(i);
        if (c === Tok.LParen) i = this.group(i, 'skip');
        else if (c === Tok.LBracket) i = this.group(i, 'tags');
        else if (c === Tok.RParen && groups > 0) {
          groups--;
          i++;
        } else if (c === Tok.Attribute) i = this.attributes(i);
        else if (c === Tok.Asm) i = this.group(i + 1, 'skip');
        else break;
      }
      const next = this.c(i);
      if (groups !== 0 || !(next === Tok.Comma || next === Tok.Semi || next === Tok.Assign || next === Tok.LBrace)) {
        this.uncertain = true;
        return;
      }
      this.declares.push(name);
      if (storage === 'typedef') this.typedefs.add(name);
      if (storage === 'other') this.effect = true;
      if (next === Tok.Assign) {
        const from = i + 1;
        i = this.initializer(from);
        if (storage === 'typedef' || fn) this.uncertain = true;
        else if (storage !== 'static' || !this.simpleInitializer(from, i, pointer)) this.effect = true;
      } else if (next === Tok.LBrace) {
        // a function definition: the chunk ends with its body
        if (!fn || index > 0 || storage === 'typedef') this.uncertain = true;
        else if (storage !== 'static' || this.stringInBody(i)) this.effect = true;
        return;
      } else if (storage === 'none' && !fn) {
        this.effect = true; // a tentative definition with external linkage
      }
      if (this.c(i) === Tok.Semi) {
        if (i + 1 !== this.end) this.uncertain = true;
        return;
      }
      if (this.c(i) !== Tok.Comma) {
        this.uncertain = true;
        return;
      }
      i++;
    }
  }

  /** Past an initializer starting at `i` (up to ',' or ';' outside brackets). */
  private initializer(i: number): number {
    while (i < this.end) {
      const c = this.cls[i]!;
      if (c === Tok.Comma || c === Tok.Semi) return i;
      if (isOpen(c)) i = this.group(i, 'skip');
      else if (isClose(c)) {
        this.uncertain = true;
        return this.end;
      } else i++;
    }
    return i;
  }

  /**
   * Whether a static object's initializer goes unnoticed when the object is unused: `(void *) N` for a
   * pointer (the helper definitions of bpf_helper_defs.h) or an integer `[-]N` for a non-pointer.
   * Anything else may name a function (which its relocation would make the compiler emit), a string
   * literal (numbered in order) or draw a diagnostic.
   */
  private simpleInitializer(from: number, to: number, pointer: boolean): boolean {
    const int = (i: number): boolean => this.c(i) === Tok.Number && !/[.eEpP]/.test(this.tokens[i]!.text.replace(/^0[xX][0-9a-fA-F]*/, ''));
    if (pointer) {
      return to - from === 5 && this.c(from) === Tok.LParen && this.c(from + 1) === Tok.Void &&
        this.c(from + 2) === Tok.Star && this.c(from + 3) === Tok.RParen && int(from + 4);
    }
    return (to - from === 1 && int(from)) || (to - from === 2 && this.c(from) === Tok.Minus && int(from + 1));
  }

  /**
   * Whether the function body at `i` holds a string literal outside asm statements, attributes and
   * static assertions (string literals are numbered in the order sema meets them, used or not).
   */
  private stringInBody(i: number): boolean {
    for (let j = i; j < this.end; j++) {
      const c = this.cls[j]!;
      if (c === Tok.String) return true;
      if (c === Tok.Attribute || c === Tok.StaticAssert) j = this.group(j + 1, 'skip') - 1;
      else if (c === Tok.Asm) {
        while (j + 1 < this.end && this.cls[j + 1] !== Tok.LParen) j++;
        j = this.group(j + 1, 'skip') - 1;
      }
    }
    return false;
  }
}
