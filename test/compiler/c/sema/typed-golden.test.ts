// Golden typed-AST dumps (printTypedUnit, what `--emit-ast` prints after semantic analysis) of a few
// programs in test/fixtures/sema/typed: every expression's type, value category, explicit conversion
// and folded value, every identifier's symbol, layouts, data placement, maps and programs. The goldens
// were reviewed line by line against C11's rules and clang's AST (clang-16 -Xclang -ast-dump) of the
// same sources; regenerate with UPDATE_GOLDENS=1 and review the diff.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printTypedUnit } from '../../../../compiler/c/sema/index.js';
import { checkFile, formatted } from './helpers.js';

const DIR = 'test/fixtures/sema/typed';

describe('typed AST goldens', () => {
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.c')).sort()) {
    it(f, () => {
      const r = checkFile(join(DIR, f));
      expect(formatted(r)).toBe('');
      const text = printTypedUnit(r.unit!);
      const golden = join(DIR, f.replace(/\.c$/, '.typed'));
      if (process.env.UPDATE_GOLDENS === '1') writeFileSync(golden, text);
      else if (!existsSync(golden)) throw new Error(`missing golden ${golden}: run with UPDATE_GOLDENS=1, then review it`);
      else expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
