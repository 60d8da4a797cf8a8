// Seeded fuzzing of the parser and the CST→AST lowering: token deletions, swaps, duplications and random
// tokens inserted into real programs (the examples, the AST fixtures), and character-level damage to
// source text. Every run must end with an AST and diagnostics only — no exception — with every
// diagnostic carrying a catalog code and a location, and must finish quickly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseC, parseCText, printAst, type ParseResult } from '../../../compiler/c/index.js';
import { isDiagnosticCode } from '../../../compiler/diagnostics/index.js';
import { createSourceFile } from '../../../compiler/source.js';
import { emptyFileSystem, expansionLoc, preprocess, type PPToken } from '../../../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';

function rng(seed: number): (n: number) => number {
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

const VOCAB: [PPToken['kind'], string][] = [
  ...['int', 'struct', 'union', 'enum', 'typedef', 'static', 'const', 'if', 'else', 'for', 'while', 'do', 'switch',
    'case', 'default', 'return', 'sizeof', '__attribute__', 'asm', 'goto', 'break', '_Static_assert', 'typeof',
    '__builtin_offsetof', '_Generic', 'x', 'T', 'u32'].map((w): [PPToken['kind'], string] => ['identifier', w]),
  ...['(', ')', '{', '}', '[', ']', ';', ',', '*', '&', '=', '+=', '?', ':', '.', '->', '...', '<<', '!', '#', '++']
    .map((p): [PPToken['kind'], string] => ['punctuator', p]),
  ['number', '0'], ['number', '0x1fz'], ['number', '1.5e'], ['string', '"s"'], ['char', "'c'"], ['char', "''"],
  ['other', '@'], ['pragma', 'unroll 4'],
];

function mutate(tokens: readonly PPToken[], r: (n: number) => number): PPToken[] {
  const out = [...tokens];
  const edits = 1 + r(5);
  for (let e = 0; e < edits && out.length > 1; e++) {
    const i = r(out.length);
    switch (r(4)) {
      case 0:
        out.splice(i, 1 + r(3));
        break;
      case 1: {
        const j = Math.min(out.length - 1, i + 1);
        [out[i], out[j]] = [out[j], out[i]];
        break;
      }
      case 2: {
        const [kind, text] = VOCAB[r(VOCAB.length)];
        out.splice(i, 0, { ...out[i], kind, text });
        break;
      }
      default:
        out.splice(i, 0, ...out.slice(i, i + 1 + r(6)));
    }
  }
  return out;
}

function check(r: ParseResult): void {
  for (const d of r.diagnostics) {
    expect(isDiagnosticCode(d.code)).toBe(true);
    expect(d.span).toBeDefined();
    expect(d.message.length).toBeGreaterThan(0);
  }
  expect(printAst(r.ast).length).toBeGreaterThan(0);
}

describe('parser fuzz', () => {
  it('mutated token streams give diagnostics, never exceptions', () => {
    const programs: { name: string; tokens: PPToken[]; typedefs: string[] }[] = [];
    const fixtures = join(import.meta.dirname, '../../fixtures/c-ast');
    for (const f of readdirSync(fixtures).filter((x) => x.endsWith('.c'))) {
      const pp = preprocess(createSourceFile(f, readFileSync(join(fixtures, f), 'utf8')), { fs: emptyFileSystem(), nostdinc: true });
      programs.push({ name: f, tokens: pp.tokens, typedefs: [] });
    }
    const examples = join(import.meta.dirname, '../../../examples');
    if (existsSync('/usr/include/linux/bpf.h')) {
      // the typedef names of the usual headers, from one parse; then each example's own tokens only
      const headers = ['linux/bpf.h', 'linux/pkt_cls.h', 'linux/if_ether.h', 'linux/ip.h', 'linux/ipv6.h', 'linux/in.h',
        'linux/tcp.h', 'linux/udp.h', 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h'];
      const hdr = preprocess(createSourceFile('h.c', headers.map((h) => `#include <${h}>\n`).join('')), { fs: nodeFileSystem() });
      const typedefs = parseC(hdr.tokens).ast.decls.flatMap((d) => (d.kind === 'Declaration' && d.specifiers.storage.includes('typedef')
        ? d.declarators.flatMap((x) => (x.declarator.name ? [x.declarator.name] : [])) : []));
      typedefs.push('__builtin_va_list');
      for (const f of readdirSync(examples).filter((x) => x.endsWith('.bpf.c')).sort().slice(0, 4)) {
        const pp = preprocess(createSourceFile(f, readFileSync(join(examples, f), 'utf8')), { fs: nodeFileSystem() });
        const own = pp.tokens.filter((t) => expansionLoc(t).file === f);
        if (parseC(own, { typedefs }).diagnostics.length === 0) programs.push({ name: f, tokens: own, typedefs });
      }
    }
    expect(programs.length).toBeGreaterThan(5);
    const r = rng(20261121);
    const started = performance.now();
    let runs = 0;
    let withErrors = 0;
    for (let round = 0; round < 12; round++) {
      for (const p of programs) {
        const tokens = mutate(p.tokens, r);
        const t0 = performance.now();
        const res = parseC(tokens, { typedefs: p.typedefs });
        expect(performance.now() - t0, `${p.name} round ${round}`).toBeLessThan(2000);
        check(res);
        runs++;
        if (res.diagnostics.some((d) => d.severity === 'error')) withErrors++;
      }
    }
    expect(runs).toBeGreaterThan(120);
    // the mutations do break programs (otherwise this test would test nothing)
    expect(withErrors / runs).toBeGreaterThan(0.5);
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('damaged source text gives diagnostics, never exceptions', () => {
    const fixtures = join(import.meta.dirname, '../../fixtures/c-ast');
    const texts = readdirSync(fixtures).filter((x) => x.endsWith('.c')).map((f) => readFileSync(join(fixtures, f), 'utf8'));
    const r = rng(42);
    const junk = ['(', ')', '{', '}', ';', '"', "'", '/*', '\\', '@', '0x', 'int ', ' * ', '[', ']', ',', '#'];
    for (let round = 0; round < 150; round++) {
      let text = texts[r(texts.length)];
      for (let e = 0; e < 1 + r(6); e++) {
        const i = r(text.length);
        text = r(2) === 0 ? text.slice(0, i) + text.slice(i + 1 + r(8)) : text.slice(0, i) + junk[r(junk.length)] + text.slice(i);
      }
      check(parseCText(text, 'damaged.c'));
    }
  });
});

