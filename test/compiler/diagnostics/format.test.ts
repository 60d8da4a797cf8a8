// The diagnostics formatter: `path:line:col: severity[CODE]: message`, the source line with tabs
// expanded, a `^~~~` underline aligned under it, notes with their own locations, and the catalog.
import { describe, expect, it } from 'vitest';
import {
  CATALOG, caretLine, clipLine, diagnostic, formatDiagnostic, formatDiagnostics, hasErrors, isDiagnosticCode, sourceLookup, spanAt,
  spanBetween,
} from '../../../compiler/diagnostics/index.js';
import { createSourceFile, lineText, locAt } from '../../../compiler/source.js';

const file = createSourceFile('prog.bpf.c', 'int a;\n\tint  bad = FOO(1,\n  x;\r\nlast');
const lookup = sourceLookup([file]);

describe('source files', () => {
  it('maps offsets to 1-based lines and columns', () => {
    expect(file.lineStarts).toEqual([0, 7, 26, 32]);
    expect(locAt(file, 0)).toEqual({ file: 'prog.bpf.c', line: 1, col: 1, offset: 0 });
    expect(locAt(file, 8)).toEqual({ file: 'prog.bpf.c', line: 2, col: 2, offset: 8 });
    expect(locAt(file, 999)).toEqual({ file: 'prog.bpf.c', line: 4, col: 5, offset: 36 });
    expect(lineText(file, 3)).toBe('  x;');
    expect(lineText(file, 4)).toBe('last');
    expect(lineText(file, 9)).toBe('');
  });
});

describe('diagnostic formatting', () => {
  it('prints location, severity, code, message, source line and underline', () => {
    const d = diagnostic('C1040', 'unterminated function-like macro invocation', spanAt(locAt(file, 19), 3), [
      { message: "macro 'FOO' defined here", span: spanAt(locAt(file, 0), 3) },
    ]);
    expect(d.severity).toBe('error');
    expect(formatDiagnostic(d, lookup)).toBe(
      [
        'prog.bpf.c:2:13: error[C1040]: unterminated function-like macro invocation',
        '        int  bad = FOO(1,',
        '                   ^~~',
        "prog.bpf.c:1:1: note: macro 'FOO' defined here",
        'int a;',
        '^~~',
        '',
      ].join('\n'),
    );
  });

  it('expands tabs and keeps the underline aligned under them', () => {
    expect(caretLine('\tx\ty', 2, 1)).toEqual(['        x       y', '        ^']);
    expect(caretLine('\tx\ty', 3, 2)).toEqual(['        x       y', '         ^~~~~~~~']);
    expect(caretLine('a\tb', 2, 1)).toEqual(['a       b', ' ^~~~~~~']);
  });

  it('underlines to the end of the line when a span runs past it, and past-the-end columns get a caret', () => {
    expect(caretLine('abc', 2, 50)).toEqual(['abc', ' ^~']);
    expect(caretLine('abc', 4, 1)).toEqual(['abc', '   ^']);
  });

  it('shows a window of a long line around the caret, cut ends marked', () => {
    const line = 'a'.repeat(1000) + 'X' + 'b'.repeat(1000);
    const [shown, under] = clipLine(...caretLine(line, 1001, 1));
    expect(shown).toBe('...' + 'a'.repeat(60) + 'X' + 'b'.repeat(99) + '...');
    expect(under).toBe(' '.repeat(63) + '^');
    expect(clipLine(...caretLine('short', 2, 1))).toEqual(['short', ' ^']);
    const [s0, u0] = clipLine(...caretLine('X' + 'b'.repeat(300), 1, 1));
    expect([s0, u0]).toEqual(['X' + 'b'.repeat(159) + '...', '^']);
  });

  it('takes severity from the catalog and prints warnings and span-less diagnostics', () => {
    const w = diagnostic('C1018', "'A' macro redefined", spanAt(locAt(file, 27), 1));
    expect(formatDiagnostic(w, lookup)).toBe("prog.bpf.c:3:2: warning[C1018]: 'A' macro redefined\n  x;\n ^\n");
    const n = diagnostic('C1012', "'x.h' file not found");
    expect(formatDiagnostic(n, lookup)).toBe("ebpfc: error[C1012]: 'x.h' file not found\n");
    expect(formatDiagnostic(w, lookup, { showSource: false })).toBe("prog.bpf.c:3:2: warning[C1018]: 'A' macro redefined\n");
    expect(hasErrors([w])).toBe(false);
    expect(hasErrors([w, n])).toBe(true);
  });

  it('prints the header alone when the file text is unknown', () => {
    const d = diagnostic('C1023', 'stop', { file: 'gone.c', line: 3, col: 1, offset: 10, length: 1 });
    expect(formatDiagnostics([d, d], lookup)).toBe('gone.c:3:1: error[C1023]: stop\n'.repeat(2));
  });

  it('spans between two locations in one file', () => {
    expect(spanBetween(locAt(file, 8), locAt(file, 19), 3)).toMatchObject({ line: 2, col: 2, length: 14 });
    expect(spanBetween(locAt(file, 19), locAt(file, 8), 3)).toMatchObject({ col: 13, length: 1 });
  });
});

describe('catalog', () => {
  it('has stable, well-formed codes with a severity and summary each', () => {
    for (const [code, entry] of Object.entries(CATALOG)) {
      expect(code).toMatch(/^[CPBLV][1-4]\d{3}$/);
      expect(['error', 'warning', 'note']).toContain(entry.severity);
      expect(entry.summary.length).toBeGreaterThan(5);
    }
    expect(isDiagnosticCode('C1001')).toBe(true);
    expect(isDiagnosticCode('C9999')).toBe(false);
    expect(isDiagnosticCode('toString')).toBe(false);
  });
});
