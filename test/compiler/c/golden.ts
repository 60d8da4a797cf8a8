// Shared helpers of the C front-end golden tests: preprocess + parse a fixture file, compare with (or,
// with UPDATE_GOLDENS=1, write) its golden file. Goldens are reviewed by hand before they are committed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCSource, type ParseSourceResult } from '../../../compiler/c/index.js';
import { createSourceFile } from '../../../compiler/source.js';
import { emptyFileSystem } from '../../../grammar/c/preprocess/index.js';

/** Preprocesses (no include directories: fixtures are self-contained) and parses a fixture. */
export function parseFixture(path: string): ParseSourceResult {
  const text = readFileSync(path, 'utf8');
  return parseCSource(createSourceFile(basename(path), text), { fs: emptyFileSystem(), nostdinc: true, bundled: false });
}

/** The golden text for `path`, or undefined after writing it when UPDATE_GOLDENS is set. */
export function golden(path: string, actual: string): string | undefined {
  if (process.env.UPDATE_GOLDENS === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDENS === '1') {
      writeFileSync(path, actual);
      return undefined;
    }
    throw new Error(`missing golden ${path}: run with UPDATE_GOLDENS=1, then review it`);
  }
  return readFileSync(path, 'utf8');
}
