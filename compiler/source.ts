// Source files and locations. In: a path and its text. Out: a SourceFile with the offset of every line
// start, so any character offset maps to a 1-based line and column (columns count UTF-16 code units; for
// the ASCII text of C sources that is clang's byte column). Used by the preprocessor, the parsers and the
// diagnostics formatter; depends on nothing.

/** A position in a source file: 1-based line and column, 0-based character offset. */
export interface SourceLoc {
  file: string;
  line: number;
  col: number;
  offset: number;
}

export interface SourceFile {
  readonly path: string;
  readonly text: string;
  /** Offset of the first character of each line; lineStarts[0] is 0. */
  readonly lineStarts: readonly number[];
}

export function createSourceFile(path: string, text: string): SourceFile {
  const lineStarts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    lineStarts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return { path, text, lineStarts };
}

/** The 0-based index of the line holding `offset` (offsets past the end map to the last line). */
export function lineIndexAt(file: SourceFile, offset: number): number {
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The location of character `offset` in `file`. */
export function locAt(file: SourceFile, offset: number): SourceLoc {
  const o = Math.max(0, Math.min(offset, file.text.length));
  const idx = lineIndexAt(file, o);
  return { file: file.path, line: idx + 1, col: o - file.lineStarts[idx]! + 1, offset: o };
}

/** The text of 1-based line `line`, without its line terminator ('' when out of range). */
export function lineText(file: SourceFile, line: number): string {
  const starts = file.lineStarts;
  if (line < 1 || line > starts.length) return '';
  const start = starts[line - 1]!;
  let end = line < starts.length ? starts[line]! - 1 : file.text.length;
  if (end > start && file.text.charCodeAt(end - 1) === 13) end--;
  return file.text.slice(start, end);
}
