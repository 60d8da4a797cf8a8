// The list of CLI commands. Each command module exports one register function.
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerConformancePlugin } from './conformance-plugin.js';

export function registerCommands(program: Command, io: CliIo): void {
  registerConformancePlugin(program, io);
}
