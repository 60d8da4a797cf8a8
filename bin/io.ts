// The CLI's view of the outside world: output streams, file access and the exit code, so that commands
// run in-process in tests exactly as they run from a shell.
import { readFileSync, writeFileSync } from 'node:fs';
import { EbpfcError } from '../runtime/errors.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array | string): void;
  readStdin(): string;
  /** Whether stderr is an interactive terminal (progress bars are shown only then). */
  stderrIsTty: boolean;
}

export function nodeIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readFile: (p) => new Uint8Array(readFileSync(p)),
    writeFile: (p, d) => writeFileSync(p, d),
    readStdin: () => readFileSync(0, 'utf8'),
    stderrIsTty: Boolean(process.stderr.isTTY),
  };
}

/** Thrown by a command to end with a given exit code after it has printed what it had to say. */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitRequest';
  }
}

/** Exit codes of the command-line contract. */
export const EXIT = { ok: 0, user: 1, check: 2, internal: 70 } as const;

/** Reads an input file; a missing or unreadable file is a user error of `stage`. */
export function readInput(io: CliIo, path: string, stage: string): Uint8Array {
  try {
    return io.readFile(path);
  } catch (e) {
    throw new EbpfcError(stage, `cannot read '${path}': ${(e as Error).message}`);
  }
}
