// Whole-compiler fuzzing: real programs (examples, corpus) damaged at the source level the way edits
// damage them — a line deleted, duplicated or moved, a number replaced by an extreme one, an operator or
// an identifier swapped — compiled at a random -O level and cpu version. Every compile must end in an
// object or diagnostics with catalog codes; anything thrown is a failure. Used by the seeded test and by
// `npm run bench compile-fuzz` for long campaigns.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileC } from '../../compiler/index.js';
import { nodeFileSystem } from '../../grammar/c/preprocess/node-fs.js';

const ROOT = join(import.meta.dirname, '../..');

export const FUZZ_SOURCES: readonly string[] = ['examples', 'test/fixtures/corpus'].flatMap((d) =>
  readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.bpf.c')).sort().map((f) => join(ROOT, d, f)));

const NUMS = ['0', '1', '-1', '2', '7', '8', '64', '255', '256', '511', '512', '4096', '65535', '0x7fffffff',
  '0xffffffff', '0x100000000', '1000000', '-32769', '32768'];
const OPS: [RegExp, string[]][] = [
  [/\+(?![+=])/g, ['-', '*', '|', '^']], [/<(?![<=])/g, ['<=', '>', '==']], [/==/g, ['!=', '<', '>=']],
  [/&&/g, ['||', '&']], [/>>(?!=)/g, ['<<', '/', '%']],
];

/** xorshift32 over `seed`: n → an integer in [0, n). */
export function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

/** One source-level mutation of `src`. */
export function mutate(src: string, rnd: (n: number) => number): string {
  const lines = src.split('\n');
  const i = rnd(lines.length);
  const ids = src.match(/\b[a-z_][a-z0-9_]{2,}\b/g) ?? ['x'];
  switch (rnd(6)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[rnd(lines.length)]!);
      break;
    case 2: {
      const j = rnd(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    }
    case 3:
      lines[i] = lines[i]!.replace(/\b\d+\b/, NUMS[rnd(NUMS.length)]!);
      break;
    case 4: {
      const [re, subs] = OPS[rnd(OPS.length)]!;
      lines[i] = lines[i]!.replace(re, subs[rnd(subs.length)]!);
      break;
    }
    default:
      lines[i] = lines[i]!.replace(/\b[a-z_][a-z0-9_]{2,}\b/, ids[rnd(ids.length)]!);
  }
  return lines.join('\n');
}

export interface FuzzCase {
  path: string;
  source: string;
  optLevel: 0 | 1 | 2;
  mcpu: 1 | 2 | 3 | 4;
}

/** The `n`-th case of the campaign seeded with `seed`. */
export function fuzzCase(seed: number): FuzzCase {
  const rnd = rng(seed);
  const path = FUZZ_SOURCES[rnd(FUZZ_SOURCES.length)]!;
  let source = readFileSync(path, 'utf8');
  for (let m = 1 + rnd(3); m > 0; m--) source = mutate(source, rnd);
  return { path, source, optLevel: rnd(3) as 0 | 1 | 2, mcpu: (1 + rnd(4)) as 1 | 2 | 3 | 4 };
}

/** Compiles a case: 'object', 'diagnostics', or the failure (an exception, a code outside the catalog). */
export function compileCase(c: FuzzCase): { outcome: 'object' | 'diagnostics' } | { failure: string } {
  try {
    const r = compileC(c.source, { path: c.path, fs: nodeFileSystem(), optLevel: c.optLevel, mcpu: c.mcpu });
    const odd = r.diagnostics.find((d) => !/^[A-Z]\d{4}$/.test(d.code) || d.message === '');
    if (odd !== undefined) return { failure: `diagnostic without a code or message: ${JSON.stringify(odd)}` };
    return { outcome: r.object !== undefined ? 'object' : 'diagnostics' };
  } catch (e) {
    return { failure: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}
