// Post-build step: make the compiled CLI entry point executable.
import { chmodSync, existsSync } from 'node:fs';

const entry = new URL('../dist/bin/ebpfc.js', import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
