// Token conversion (preprocessing tokens → parser tokens, C11 §6.4) and the lexer for preprocessed text.
import { describe, expect, it } from 'vitest';
import { convertTokens, ctok, isFloating, isLoopPragma, lexPreprocessed, type SourceToken } from '../../../grammar/c/index.js';

function tok(kind: string, text: string): SourceToken {
  return { kind, text, loc: { file: 't.c', line: 1, col: 1, offset: 0 } };
}

function types(tokens: SourceToken[]): string[] {
  return convertTokens(tokens).map((t) => t.tokenType.name);
}

describe('convertTokens', () => {
  it('maps keywords, GNU spellings and identifiers', () => {
    const words = ['int', '__inline__', '__inline', 'inline', '__restrict', '__restrict__', '__volatile__', '__const',
      '__signed__', '__typeof__', 'typeof', '__alignof__', '_Alignof', '__asm__', 'asm', '__attribute', '__thread',
      '_Thread_local', '__int128', '_Bool', 'x', '__u32'];
    expect(types(words.map((w) => tok('identifier', w)))).toEqual(['Int', 'Inline', 'Inline', 'Inline', 'Restrict',
      'Restrict', 'Volatile', 'Const', 'Signed', 'Typeof', 'Typeof', 'Alignof', 'Alignof', 'Asm', 'Asm', 'Attribute',
      'ThreadLocal', 'ThreadLocal', 'Int128', 'Bool', 'Identifier', 'Identifier']);
  });

  it('keeps the spelling as the image and links each token to its source index', () => {
    const out = convertTokens([tok('identifier', '__inline__'), tok('identifier', 'f')]);
    expect(out.map((t) => [t.image, t.src, t.index])).toEqual([['__inline__', 0, 0], ['f', 1, 1]]);
    // identifiers are classified later (typedef names depend on the parser's scope)
    expect(out.map((t) => t.gen)).toEqual([undefined, -1]);
  });

  it('drops __extension__', () => {
    const out = convertTokens([tok('identifier', '__extension__'), tok('identifier', 'int')]);
    expect(out.map((t) => [t.image, t.src])).toEqual([['int', 1]]);
  });

  it('classifies pp-numbers', () => {
    for (const f of ['1.5', '.5', '5.', '1e3', '1E-3', '0x1p3', '0x1.8P-1', '1.0f']) expect(isFloating(f), f).toBe(true);
    for (const i of ['0', '10', '0x1e5', '0xE', '077', '42ULL', '0b101']) expect(isFloating(i), i).toBe(false);
    expect(types([tok('number', '0x1e5'), tok('number', '1e5')])).toEqual(['IntegerConstant', 'FloatingConstant']);
  });

  it('maps punctuators and digraphs, splits "::"', () => {
    const ps = ['<:', ':>', '<%', '%>', '->', '<<=', '...', '::'];
    expect(types(ps.map((p) => tok('punctuator', p)))).toEqual(['LBracket', 'RBracket', 'LBrace', 'RBrace', 'Arrow',
      'ShiftLeftAssign', 'Ellipsis', 'Colon', 'Colon']);
  });

  it('reports what is not a C token through `stray`', () => {
    const stray: number[] = [];
    const out = convertTokens([tok('identifier', 'a'), tok('other', '@'), tok('punctuator', '#'), tok('punctuator', '##'),
      tok('header-name', '<x.h>'), tok('identifier', 'b')], stray);
    expect(out.map((t) => t.image)).toEqual(['a', 'b']);
    expect(stray).toEqual([1, 2, 3, 4]);
  });

  it('keeps loop pragmas only', () => {
    for (const p of ['unroll', 'unroll 4', 'unroll(8)', 'nounroll', 'unroll_and_jam', 'clang loop unroll(full)', 'GCC unroll 2']) {
      expect(isLoopPragma(p), p).toBe(true);
    }
    for (const p of ['GCC diagnostic push', 'pack(1)', 'once', 'unrolled', 'clang diagnostic ignored "-Wx"']) {
      expect(isLoopPragma(p), p).toBe(false);
    }
    expect(types([tok('pragma', 'unroll 4'), tok('pragma', 'GCC diagnostic pop')])).toEqual(['Pragma']);
  });

  it('every token type is in the parser vocabulary', () => {
    const vocab = new Set(ctok.C_TOKENS);
    for (const t of ctok.KEYWORDS.values()) expect(vocab.has(t)).toBe(true);
    for (const t of ctok.PUNCTUATORS.values()) expect(vocab.has(t)).toBe(true);
  });
});

describe('lexPreprocessed', () => {
  it('lexes C tokens with their locations', () => {
    const toks = lexPreprocessed('int x = 0x1f;\n  char *s = L"a\\"b" u8"c";\n', 'f.c');
    expect(toks.map((t) => `${t.kind}:${t.text}@${t.loc.line}:${t.loc.col}`)).toEqual([
      'identifier:int@1:1', 'identifier:x@1:5', 'punctuator:=@1:7', 'number:0x1f@1:9', 'punctuator:;@1:13',
      'identifier:char@2:3', 'punctuator:*@2:8', 'identifier:s@2:9', 'punctuator:=@2:11', 'string:L"a\\"b"@2:13',
      'string:u8"c"@2:21', 'punctuator:;@2:26',
    ]);
  });

  it('skips comments and follows line markers', () => {
    const text = '/* a\n b */ int a; // c\n# 40 "hdr.h" 1\nint b;\n#line 7 "x.c"\nint c;\n';
    const toks = lexPreprocessed(text, 'main.c');
    expect(toks.filter((t) => t.kind === 'identifier').map((t) => `${t.text}@${t.loc.file}:${t.loc.line}:${t.loc.col}`))
      .toEqual(['int@main.c:2:7', 'a@main.c:2:11', 'int@hdr.h:40:1', 'b@hdr.h:40:5', 'int@x.c:7:1', 'c@x.c:7:5']);
  });

  it('turns #pragma lines into pragma tokens and other directives into one stray token', () => {
    const toks = lexPreprocessed('#pragma unroll 4\nfor(;;);\n#define X 1\n');
    expect(toks[0]).toMatchObject({ kind: 'pragma', text: 'unroll 4' });
    expect(toks[toks.length - 1]).toMatchObject({ kind: 'other', text: '#define X 1' });
  });

  it('splits numbers with exponent signs as pp-numbers', () => {
    expect(lexPreprocessed('1e+5 0x1p-3 1+2').map((t) => t.text)).toEqual(['1e+5', '0x1p-3', '1', '+', '2']);
  });

  it('never throws on odd input', () => {
    for (const s of ['"unterminated', "'x", '/* open', '\\', '\u00e9\u0000', '#', '0x', '...', '.']) {
      expect(() => lexPreprocessed(s)).not.toThrow();
    }
  });
});
