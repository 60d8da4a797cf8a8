// Records the kernel's outcome of every map scenario (test/runtime/maps/scenarios.ts) as JSON fixtures
// in test/runtime/maps/fixtures/, so the comparison with runtime/maps runs where there is no kernel.
// Usage (root, python3): npx tsx scripts/record-map-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runKernelAll } from '../test/runtime/maps/scenario.js';
import { scenarios } from '../test/runtime/maps/scenarios.js';

const dir = fileURLToPath(new URL('../test/runtime/maps/fixtures/', import.meta.url));
mkdirSync(dir, { recursive: true });
const kernel = release();
const all = scenarios();
const results = runKernelAll(all);
for (const [i, scn] of all.entries()) {
  const result = results[i]!;
  writeFileSync(`${dir}${scn.name}.json`, JSON.stringify({ kernel, scenario: scn, result }) + '\n');
  process.stdout.write(`${scn.name}: create ${result.create}, ${result.results.length} ops, ${result.dump.length} entries\n`);
}
