// Real headers through the real preprocessor and the parser: the kernel uapi headers (linux/bpf.h and
// the network headers), libbpf's headers and the example programs must parse without a diagnostic —
// with the system headers, and with the bundled headers alone (compiler/include) where those provide
// the file. For the system headers, the declarations we find are compared with clang-16's AST: the same
// typedefs, struct/union/enum definitions, enumerators, functions and variables.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeclSpecifiers, TranslationUnit, TypeSpecifier } from '../../../compiler/c/index.js';
import { parseCSource } from '../../../compiler/c/index.js';
import { BUNDLED_HEADERS } from '../../../compiler/include/index.js';
import { formatDiagnostics, sourceLookup } from '../../../compiler/diagnostics/index.js';
import { createSourceFile } from '../../../compiler/source.js';
import { createPreprocessCache } from '../../../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';
import { CLANG, hasTool, run } from '../../helpers/tools.js';

const SYSTEM = existsSync('/usr/include/linux/bpf.h') && existsSync('/usr/include/bpf/bpf_helpers.h');
// (linux/icmp.h is left out: on this system it pulls in libc's socket headers, which need clang's own
// stddef.h; clang -target bpf rejects it as well. The bundled headers have their own icmp.h below.)
const NET = ['linux/if_ether.h', 'linux/ip.h', 'linux/ipv6.h', 'linux/in.h', 'linux/in6.h', 'linux/tcp.h',
  'linux/udp.h', 'linux/icmpv6.h', 'linux/pkt_cls.h', 'linux/if_packet.h', 'linux/if_vlan.h'];

/** Header sets a BPF program includes together (each begins with what the others need). */
const COMBOS: Record<string, string[]> = {
  'linux/bpf.h': ['linux/bpf.h'],
  'bpf_helper_defs.h': ['linux/types.h', 'bpf/bpf_helper_defs.h'],
  'libbpf headers': ['linux/bpf.h', 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h', 'bpf/bpf_tracing.h', 'bpf/bpf_core_read.h'],
  'network uapi': ['linux/types.h', ...NET],
  'everything': ['linux/bpf.h', ...NET, 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h'],
};

function source(headers: readonly string[]): string {
  return headers.map((h) => `#include <${h}>\n`).join('');
}

const cache = createPreprocessCache();

function parse(name: string, text: string, bundledOnly: boolean) {
  return parseCSource(createSourceFile(name, text), bundledOnly
    ? { nostdinc: true, cache: undefined }
    : { fs: nodeFileSystem(), cache });
}

function expectClean(r: ReturnType<typeof parse>): void {
  const text = formatDiagnostics(r.diagnostics, sourceLookup(r.files));
  expect(text).toBe('');
}

describe.skipIf(!SYSTEM)('system headers parse', () => {
  for (const [name, headers] of Object.entries(COMBOS)) {
    it(name, () => expectClean(parse(`${name}.c`, source(headers), false)));
  }

  const examples = join(import.meta.dirname, '../../../examples');
  for (const f of readdirSync(examples).filter((x) => x.endsWith('.bpf.c'))) {
    it(`examples/${f}`, () => expectClean(parse(f, readFileSync(join(examples, f), 'utf8'), false)));
  }
});

describe('bundled headers parse', () => {
  const available = (headers: readonly string[]) => headers.every((h) => h in BUNDLED_HEADERS);
  const combos = { ...COMBOS, icmp: ['linux/types.h', 'linux/icmp.h'] };
  for (const [name, headers] of Object.entries(combos)) {
    it.skipIf(!available(headers))(name, () => expectClean(parse(`${name}.c`, source(headers), true)));
  }

  it('every bundled header, all together', () => {
    const all = Object.keys(BUNDLED_HEADERS).sort();
    expect(all.length).toBeGreaterThan(10);
    const first = ['linux/types.h', 'linux/bpf.h'];
    const r = parse('all.c', source([...first, ...all.filter((h) => !first.includes(h))]), true);
    // (the preprocessor may warn, e.g. about offsetof defined by two headers; nothing may fail)
    expect(formatDiagnostics(r.diagnostics.filter((d) => d.severity === 'error'), sourceLookup(r.files))).toBe('');
    expect(r.ast.decls.length).toBeGreaterThan(100);
  });
});

// ---- same declarations as clang ---------------------------------------------------------------------

interface DeclNames {
  typedefs: string[];
  records: string[];
  enums: string[];
  enumerators: string[];
  functions: string[];
  variables: string[];
}

function sorted(s: Set<string>): string[] {
  return [...s].sort();
}

/** The file-scope declarations of our AST, by category. */
function ourNames(tu: TranslationUnit): DeclNames {
  const typedefs = new Set<string>();
  const records = new Set<string>();
  const enums = new Set<string>();
  const enumerators = new Set<string>();
  const functions = new Set<string>();
  const variables = new Set<string>();
  const visitSpecs = (s: DeclSpecifiers): void => s.typeSpecifiers.forEach(visitType);
  const visitType = (t: TypeSpecifier): void => {
    if (t.kind === 'RecordSpec' && t.members) {
      if (t.name) records.add(`${t.tag} ${t.name}`);
      for (const m of t.members) if (m.kind === 'FieldDecl') visitSpecs(m.specifiers);
    } else if (t.kind === 'EnumSpec' && t.enumerators) {
      if (t.name) enums.add(t.name);
      for (const e of t.enumerators) enumerators.add(e.name);
    }
  };
  for (const d of tu.decls) {
    if (d.kind === 'FunctionDefinition') {
      if (d.declarator.name) functions.add(d.declarator.name);
      visitSpecs(d.specifiers);
    } else if (d.kind === 'Declaration') {
      visitSpecs(d.specifiers);
      for (const id of d.declarators) {
        const name = id.declarator.name;
        if (!name) continue;
        if (d.specifiers.storage.includes('typedef')) typedefs.add(name);
        else if (id.declarator.derived[0]?.kind === 'Function') functions.add(name);
        else variables.add(name);
      }
    }
  }
  return {
    typedefs: sorted(typedefs), records: sorted(records), enums: sorted(enums), enumerators: sorted(enumerators),
    functions: sorted(functions), variables: sorted(variables),
  };
}

interface ClangDecl {
  kind?: string;
  name?: string;
  tagUsed?: string;
  isImplicit?: boolean;
  completeDefinition?: boolean;
  inner?: ClangDecl[];
}

/** The same categories from clang's JSON AST (implicit builtin declarations left out). */
function clangNames(root: ClangDecl): DeclNames {
  const typedefs = new Set<string>();
  const records = new Set<string>();
  const enums = new Set<string>();
  const enumerators = new Set<string>();
  const functions = new Set<string>();
  const variables = new Set<string>();
  const visit = (d: ClangDecl, top: boolean): void => {
    if (d.isImplicit) return;
    switch (d.kind) {
      case 'TypedefDecl':
        if (top && d.name) typedefs.add(d.name);
        break;
      case 'RecordDecl':
        if (d.completeDefinition && d.name) records.add(`${d.tagUsed} ${d.name}`);
        for (const k of d.inner ?? []) visit(k, false);
        break;
      case 'EnumDecl':
        if (d.name && (d.inner ?? []).length > 0) enums.add(d.name);
        for (const k of d.inner ?? []) if (k.kind === 'EnumConstantDecl' && k.name) enumerators.add(k.name);
        break;
      case 'FunctionDecl':
        if (top && d.name) functions.add(d.name);
        break;
      case 'VarDecl':
        if (top && d.name) variables.add(d.name);
        break;
      case 'FieldDecl':
        for (const k of d.inner ?? []) visit(k, false);
        break;
      default:
        break;
    }
  };
  for (const d of root.inner ?? []) visit(d, true);
  return {
    typedefs: sorted(typedefs), records: sorted(records), enums: sorted(enums), enumerators: sorted(enumerators),
    functions: sorted(functions), variables: sorted(variables),
  };
}

describe.skipIf(!SYSTEM || !hasTool(CLANG))('declarations match clang-16', () => {
  for (const name of ['everything', 'libbpf headers', 'bpf_helper_defs.h']) {
    it(name, () => {
      const text = source(COMBOS[name]);
      const r = parse(`${name}.c`, text, false);
      expect(r.diagnostics).toEqual([]);
      const json = run(CLANG, ['-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-w', '-fsyntax-only', '-Xclang',
        '-ast-dump=json', '-x', 'c', '-'], text);
      const theirs = clangNames(JSON.parse(json) as ClangDecl);
      const ours = ourNames(r.ast);
      expect(ours.typedefs.length).toBeGreaterThan(10);
      expect(ours).toEqual(theirs);
    });
  }
});
