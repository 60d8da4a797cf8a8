// Recorded kernel outcomes (test/runtime/maps/fixtures/*.json, written by scripts/record-map-fixtures.ts
// on Linux 6.18): runtime/maps must reproduce each one exactly, with the recorded CPU count and CPU.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalize, runOurs, type Scenario, type ScenarioResult } from './scenario.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('maps vs recorded kernel outcomes', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThan(40));
  for (const f of files) {
    it(f, () => {
      const { scenario, result } = JSON.parse(readFileSync(dir + f, 'utf8')) as { scenario: Scenario; result: ScenarioResult };
      expect(normalize(scenario, runOurs(scenario, result.ncpus))).toEqual(normalize(scenario, result));
    });
  }
});
