// Golden IR dumps after every pass (-O2) and golden code listings (-O2 -mcpu=v3) for the IR fixtures
// whose behaviour the codegen tests check by running them (examples.test.ts, features.test.ts,
// drop-port.test.ts). A diff here is a change of the optimiser's or code generator's output: inspect it,
// then accept with UPDATE_GOLDEN=1.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../../compiler/codegen/index.js';
import { optimizeModule, parseModule, printFunc } from '../../../compiler/ir/index.js';
import { printProgram } from '../../../runtime/isa/index.js';

const dir = new URL('../../fixtures/ir/', import.meta.url).pathname;
const goldenDir = join(dir, 'golden');

function check(file: string, text: string): void {
  const path = join(goldenDir, file);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, text);
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('golden IR and code', () => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ir')).sort()) {
    const name = f.replace(/\.ir$/, '');
    it(`${name}: IR after each -O2 pass`, () => {
      const m = parseModule(readFileSync(join(dir, f), 'utf8'), `${name}.bpf.c`);
      const out: string[] = [];
      optimizeModule(m, { level: 2, validate: true, trace: (pass, fn) => out.push(`;; after ${pass}\n${printFunc(fn)}`) });
      check(`${name}.passes.txt`, out.join('\n'));
    });
    it(`${name}: -O2 -mcpu=v3 listing`, () => {
      const m = parseModule(readFileSync(join(dir, f), 'utf8'), `${name}.bpf.c`);
      optimizeModule(m, { level: 2 });
      const code = generateModule(m, { mcpu: 3 });
      const text = code.functions
        .map((fn) => `${fn.name} (${fn.section ?? '.text'}, ${fn.insns.length} slots, stack ${fn.stackSize}):\n${printProgram(fn.insns)}${fn.relocs.map((r) => `  reloc @${r.slot}: ${r.kind} ${r.symbol}${r.offset ? `+${r.offset}` : ''}\n`).join('')}`)
        .join('\n');
      check(`${name}.s`, text);
    });
  }
});
