// The list of CLI commands. Each command module exports one register function.
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export function registerCommands(program: Command, io: CliIo): void {
  void program;
  void io;
}
