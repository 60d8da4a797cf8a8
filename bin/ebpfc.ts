#!/usr/bin/env node
// Shell entry point: run the CLI on process.argv and exit with its code.
import { runCli } from './cli.js';

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
