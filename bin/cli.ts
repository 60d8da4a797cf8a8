// Commander wiring only: each command lives in bin/commands/<name>.ts and calls library functions.
// runCli() is what both the shell entry point and the in-process tests use.
import { Command, CommanderError } from 'commander';
import { EbpfcError, InternalError } from '../runtime/errors.js';
import { CliIo, EXIT, ExitRequest, nodeIo } from './io.js';
import { registerCommands } from './commands/index.js';

export function createProgram(io: CliIo): Command {
  const program = new Command();
  program
    .name('ebpfc')
    .description('eBPF toolchain: compile restricted C and P4 to eBPF objects; load, verify and run them')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  registerCommands(program, io);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  }
  return program;
}

/** Runs the CLI with `argv` (without node and script path) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo = nodeIo()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    return exitCodeFor(e, io);
  }
}

function exitCodeFor(e: unknown, io: CliIo): number {
  if (e instanceof ExitRequest) return e.code;
  if (e instanceof CommanderError) {
    // help and version end with code 0; usage errors were already printed by commander
    return e.exitCode === 0 ? EXIT.ok : EXIT.user;
  }
  if (e instanceof EbpfcError) {
    io.stderr(`error: ${e.message}\n`);
    return EXIT.user;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const kind = e instanceof InternalError ? 'internal error' : 'internal error (unexpected exception)';
  io.stderr(`${kind}: ${err.message}\n${err.stack ?? ''}\nThis is a bug in ebpfc; please report it.\n`);
  return EXIT.internal;
}
