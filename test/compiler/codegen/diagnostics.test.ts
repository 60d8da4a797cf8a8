// Golden backend diagnostics: each test/fixtures/codegen-diags/NAME.ir (the IR a front end makes from
// NAME.c, with spans into it; `; mcpu: N` on its first line) is optimised at -O2 and compiled; the
// formatted diagnostics must equal NAME.expected. UPDATE_GOLDEN=1 rewrites the expected files.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateModule, type Cpu } from '../../../compiler/codegen/index.js';
import { formatDiagnostics, sourceLookup } from '../../../compiler/diagnostics/index.js';
import { optimizeModule, parseModule } from '../../../compiler/ir/index.js';
import { createSourceFile } from '../../../compiler/source.js';

const dir = new URL('../../fixtures/codegen-diags/', import.meta.url).pathname;

describe('backend diagnostics (golden)', () => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ir')).sort()) {
    const name = f.replace(/\.ir$/, '');
    it(name, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      const mcpu = Number(text.match(/^; mcpu: (\d)/)?.[1] ?? 3) as Cpu;
      const m = parseModule(text, `${name}.c`);
      optimizeModule(m, { level: 2 });
      const code = generateModule(m, { mcpu });
      const src = createSourceFile(`${name}.c`, readFileSync(join(dir, `${name}.c`), 'utf8'));
      const out = formatDiagnostics(code.diagnostics, sourceLookup([src]));
      const golden = join(dir, `${name}.expected`);
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, out);
      expect(out).toBe(readFileSync(golden, 'utf8'));
      expect(code.diagnostics.length).toBeGreaterThan(0);
    });
  }
});
