// The list of CLI commands. Each command module exports one register function.
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerAsm } from './asm.js';
import { registerBtf } from './btf.js';
import { registerCompile } from './compile.js';
import { registerConformancePlugin } from './conformance-plugin.js';
import { registerObjdump } from './objdump.js';
import { registerRun } from './run.js';

export function registerCommands(program: Command, io: CliIo): void {
  registerCompile(program, io);
  registerConformancePlugin(program, io);
  registerObjdump(program, io);
  registerBtf(program, io);
  registerAsm(program, io);
  registerRun(program, io);
}
