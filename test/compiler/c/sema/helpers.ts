// Helpers for the semantic-analysis tests: run the C front end on text or a file with the system
// headers (node file system) or the bundled headers only, and format diagnostics as the CLI does.
import { readFileSync } from 'node:fs';
import { nodeFileSystem } from '../../../../grammar/c/preprocess/node-fs.js';
import { createSourceFile } from '../../../../compiler/source.js';
import { checkC, type CheckOptions, type CheckResult } from '../../../../compiler/c/sema/index.js';
import { formatDiagnostics, sourceLookup } from '../../../../compiler/diagnostics/index.js';

export type HeaderSet = 'system' | 'bundled';

export function options(headers: HeaderSet, extra: CheckOptions = {}): CheckOptions {
  return headers === 'system'
    ? { fs: nodeFileSystem(), ...extra }
    : { nostdinc: true, ...extra };
}

/** Checks C text as file `path` (no headers needed unless it includes some). */
export function checkText(text: string, path = 'test.c', extra: CheckOptions = {}): CheckResult {
  return checkC(createSourceFile(path, text), { fs: nodeFileSystem(), ...extra });
}

export function checkFile(path: string, headers: HeaderSet = 'system', extra: CheckOptions = {}): CheckResult {
  return checkC(createSourceFile(path, readFileSync(path, 'utf8')), options(headers, extra));
}

/** Diagnostics as the CLI prints them (without source lines unless asked). */
export function formatted(r: CheckResult, showSource = false): string {
  return formatDiagnostics(r.diagnostics, sourceLookup(r.files), { showSource });
}

/** Only the error and warning lines `file:line:col: severity[code]: message`. */
export function messages(r: CheckResult): string[] {
  return r.diagnostics.map((d) => `${d.span ? `${d.span.line}:${d.span.col}: ` : ''}${d.severity}[${d.code}]: ${d.message}`);
}
