// Post-build step: make the compiled CLI entry point executable, and point the compiled modules at
// Chevrotain's single-file ESM build. The package's main entry (lib/src/api.js) pulls in ~60 modules of
// its own and lodash-es, ~640 more; the published one-file build holds the same code, and loading one
// file instead of ~700 is most of the CLI's start-up time. The file is copied to dist/vendor/ (the
// package's exports map does not expose it) and the `from 'chevrotain'` specifiers in dist/ are
// rewritten to it. When the build is missing (another Chevrotain layout), dist/ keeps the bare import.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const entry = join(dist, 'bin/ebpfc.js');
if (existsSync(entry)) chmodSync(entry, 0o755);

function chevrotainBundle() {
  try {
    const api = fileURLToPath(import.meta.resolve('chevrotain'));
    const bundle = join(dirname(api), '..', 'chevrotain.mjs');
    return existsSync(bundle) ? bundle : undefined;
  } catch {
    return undefined;
  }
}

function* jsFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* jsFiles(p);
    else if (e.name.endsWith('.js')) yield p;
  }
}

const bundle = existsSync(dist) ? chevrotainBundle() : undefined;
if (bundle !== undefined) {
  const vendored = join(dist, 'vendor', 'chevrotain.mjs');
  mkdirSync(dirname(vendored), { recursive: true });
  copyFileSync(bundle, vendored);
  const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*)(['"])chevrotain\2/g;
  for (const file of jsFiles(dist)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('chevrotain')) continue;
    let rel = relative(dirname(file), vendored).split(sep).join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    const out = text.replace(IMPORT, (_m, head, q) => `${head}${q}${rel}${q}`);
    if (out !== text) writeFileSync(file, out);
  }
}
