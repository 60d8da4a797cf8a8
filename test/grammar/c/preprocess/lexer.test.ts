// The pp-token lexer: kinds, spellings, locations, white-space flags, backslash-newline splices,
// comments, unterminated literals and include-guard detection (C17 5.1.1.2 phases 1-3, 6.4).
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../../../../compiler/source.js';
import { lexFile, lexText } from '../../../../grammar/c/preprocess/lexer.js';
import type { Diagnostic } from '../../../../compiler/diagnostics/index.js';

const kinds = (s: string): string[] => lexText(s, 't.c').map((t) => `${t.kind}:${t.text}`);

describe('pp-token lexer', () => {
  it('classifies tokens', () => {
    expect(kinds('a _b $c 0x1fULL 1.5e+3 .5 08 1e 0x1p-3 \'a\' L\'b\' u8"s" U"w" "x\\"y"')).toEqual([
      'identifier:a', 'identifier:_b', 'identifier:$c', 'number:0x1fULL', 'number:1.5e+3', 'number:.5', 'number:08',
      'number:1e', 'number:0x1p-3', "char:'a'", "char:L'b'", 'string:u8"s"', 'string:U"w"', 'string:"x\\"y"',
    ]);
  });

  it('takes the longest punctuator, digraphs included', () => {
    expect(lexText('a->b ++ -- <<= >>= ... .. ## # %:%: %: <: :> <% %> && || != == <= >= += -=', 't.c').map((t) => t.text)).toEqual([
      'a', '->', 'b', '++', '--', '<<=', '>>=', '...', '.', '.', '##', '#', '%:%:', '%:', '<:', ':>', '<%', '%>', '&&', '||', '!=',
      '==', '<=', '>=', '+=', '-=',
    ]);
    expect(kinds('a+++++b')).toEqual(['identifier:a', 'punctuator:++', 'punctuator:++', 'punctuator:+', 'identifier:b']);
  });

  it('records locations and white space', () => {
    const t = lexText('int  a;\n  /* c */ b\t=1;', 'f.c');
    expect(t.map((x) => [x.text, x.loc.line, x.loc.col, x.loc.offset, x.hasLeadingSpace, x.atLineStart])).toEqual([
      ['int', 1, 1, 0, false, true],
      ['a', 1, 6, 5, true, false],
      [';', 1, 7, 6, false, false],
      ['b', 2, 11, 18, true, true],
      ['=', 2, 13, 20, true, false],
      ['1', 2, 14, 21, false, false],
      [';', 2, 15, 22, false, false],
    ]);
  });

  it('removes backslash-newline splices inside tokens and keeps line numbers', () => {
    const t = lexText('ab\\\ncd 1\\\r\n2 -\\\n> "x\\\ny" z', 's.c');
    expect(t.map((x) => [x.kind, x.text, x.loc.line])).toEqual([
      ['identifier', 'abcd', 1], ['number', '12', 2], ['punctuator', '->', 3], ['string', '"xy"', 4], ['identifier', 'z', 5],
    ]);
    // a splice between tokens is not a line break: a directive continues
    const d = lexText('#define X 1 \\\n + 2\nY', 'd.c');
    expect(d.filter((x) => x.atLineStart).map((x) => x.text)).toEqual(['#', 'Y']);
  });

  it('treats comments as white space; a multi-line comment does not start a new line', () => {
    const t = lexText('a/**/b /* x\n y */ c // d \\\n still comment\ne', 'c.c');
    expect(t.map((x) => [x.text, x.hasLeadingSpace, x.atLineStart, x.loc.line])).toEqual([
      ['a', false, true, 1], ['b', true, false, 1], ['c', true, false, 2], ['e', false, true, 4],
    ]);
  });

  it('turns an unterminated literal into one token running to the end of the line', () => {
    expect(kinds("don't x\n\"abc\nok")).toEqual(['identifier:don', "other:'t x", 'other:"abc', 'identifier:ok']);
    expect(kinds('"a\\"')).toEqual(['other:"a\\"']);
    expect(kinds('@ ` \\ é')).toEqual(['other:@', 'other:`', 'other:\\', 'identifier:é']);
  });

  it('reports an unterminated block comment', () => {
    const diags: Diagnostic[] = [];
    expect(lexText('a /* never', 'u.c', diags).map((t) => t.text)).toEqual(['a']);
    expect(diags.map((d) => [d.code, d.span?.col])).toEqual([['C1001', 3]]);
  });

  it('finds include guards only when the whole file is one #ifndef group', () => {
    const guard = (s: string): string | undefined => lexFile(createSourceFile('g.h', s)).guard;
    expect(guard('/* c */\n#ifndef G_H\n#define G_H\nint x;\n#endif /* G_H */\n')).toBe('G_H');
    expect(guard('#ifndef G_H\n#define G_H\n#if 1\n#endif\n#endif\n')).toBe('G_H');
    expect(guard('#ifndef G_H\n#define G_H\n#endif\nint after;\n')).toBeUndefined();
    expect(guard('#ifndef G_H\n#define G_H\n#else\n#endif\n')).toBeUndefined();
    expect(guard('int before;\n#ifndef G_H\n#endif\n')).toBeUndefined();
    expect(guard('#if !defined(G_H)\n#endif\n')).toBeUndefined();
  });
});
