// An in-memory CliIo for running CLI commands inside tests; files go to the real file system.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CliIo } from '../../bin/io.js';

export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
}

export function memoryIo(stdin = ''): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readFile: (p) => new Uint8Array(readFileSync(p)),
    writeFile: (p, d) => writeFileSync(p, d),
    readStdin: () => stdin,
    stderrIsTty: false,
    out: () => out,
    err: () => err,
  };
}
