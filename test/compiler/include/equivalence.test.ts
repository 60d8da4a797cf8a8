// The bundled headers against the installed originals (skipped without clang-16 and the headers): for
// each bundled header, every constant the corresponding system file(s) define — macros and enumerators —
// must exist in the bundled header with the same value (both compiled by clang into a .data array and
// compared byte for byte), every non-integer object-like macro must expand to the same tokens, every
// function-like macro must exist, every struct/union/enum/typedef must have the same BTF; every helper
// must have the same id and prototype. What is left out on purpose is listed below with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../../../compiler/source.js';
import { preprocess, type PreprocessOptions } from '../../../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';
import { CLANG } from '../../helpers/tools.js';
import { btf, compile, dataSection, disassembly, errorLines, haveBpftool, haveClang } from './compile.js';
import { BUNDLED_OPTIONS, definedNames, SYSTEM_OPTIONS, type Names } from './names.js';

interface Coverage {
  header: string;
  /** The system files whose definitions the bundled header provides. */
  files: string[];
  /** Names left out on purpose (user-space-only interfaces). */
  omit?: RegExp;
  /** clang target for compiling both sides (x86_64 where the system header needs the C library). */
  target?: string;
  /** Included first, for headers that rely on their includer (libbpf's need the uapi types). */
  prelude?: string;
  /** A compiler header: compared with clang's own (its resource directory) in freestanding mode. */
  compilerHeader?: boolean;
}

const U = '/usr/include/';
const M = '/usr/include/x86_64-linux-gnu/';
const USER_SPACE_BPF = /^(union bpf_attr|struct bpf_(prog|map|btf|link)_info|union bpf_iter_link_info)$/;
const COVERAGE: Coverage[] = [
  // the x86 multiarch asm/bitsperlong.h gives 32 when __x86_64__ is not defined (as under -target bpf);
  // BPF's long is 64 bits, so the bundled header says 64 and sizes the __kernel_size_t family accordingly
  { header: 'asm/types.h', files: [U + 'asm-generic/int-ll64.h', M + 'asm/bitsperlong.h', U + 'asm-generic/bitsperlong.h'], omit: /^__BITS_PER_LONG$/ },
  { header: 'linux/posix_types.h', files: [U + 'linux/posix_types.h', U + 'asm-generic/posix_types.h', M + 'asm/posix_types_64.h'], omit: /^__kernel_(s?size|ptrdiff)_t$/ },
  { header: 'linux/types.h', files: [U + 'linux/types.h'] },
  { header: 'linux/stddef.h', files: [U + 'linux/stddef.h'] },
  // pointer and in-place variants (inline functions in the original) are not provided
  { header: 'asm/byteorder.h', files: [U + 'linux/byteorder/little_endian.h', U + 'linux/swab.h'], omit: /^__(cpu_to_(le|be)(16|32|64)s|(le|be)(16|32|64)_to_cpus|swahw32|swahb32)$/ },
  { header: 'linux/bpf_common.h', files: [U + 'linux/bpf_common.h'] },
  { header: 'linux/bpf.h', files: [U + 'linux/bpf.h'], omit: USER_SPACE_BPF },
  { header: 'linux/if_ether.h', files: [U + 'linux/if_ether.h'] },
  { header: 'linux/ip.h', files: [U + 'linux/ip.h'] },
  { header: 'linux/ipv6.h', files: [U + 'linux/ipv6.h'] },
  { header: 'linux/in.h', files: [U + 'linux/in.h'] },
  { header: 'linux/in6.h', files: [U + 'linux/in6.h'] },
  { header: 'linux/tcp.h', files: [U + 'linux/tcp.h'] },
  { header: 'linux/udp.h', files: [U + 'linux/udp.h'] },
  { header: 'linux/icmpv6.h', files: [U + 'linux/icmpv6.h'] },
  { header: 'linux/socket.h', files: [U + 'linux/socket.h'] },
  { header: 'linux/libc-compat.h', files: [U + 'linux/libc-compat.h'] },
  { header: 'linux/const.h', files: [U + 'linux/const.h'] },
  // these two pull in the C library's <sys/socket.h> on the system side, so both sides are compiled
  // for x86-64; the ioctl structures built on struct sockaddr are not provided
  { header: 'linux/icmp.h', files: [U + 'linux/icmp.h'], target: 'x86_64-linux-gnu' },
  { header: 'linux/if.h', files: [U + 'linux/if.h'], target: 'x86_64-linux-gnu', omit: /^(struct (ifreq|ifconf|if_settings)|IFHWADDRLEN|ifr_\w+|ifc_\w+)$/ },
  // program-facing subsets: netlink configuration and ptrace requests are user space's
  { header: 'linux/pkt_cls.h', files: [U + 'linux/pkt_cls.h'], omit: /^(?!TC_ACT|__TC_ACT|TC_POLICE_|TCA_ACT_FLAGS_|TCA_ACT_HW_STATS_|TCA_CLS_FLAGS_|TCA_BPF_|__TCA_BPF_MAX|TC_COOKIE_MAX_SIZE)/ },
  { header: 'linux/pkt_sched.h', files: [U + 'linux/pkt_sched.h'], omit: /^(?!TC_PRIO_|TC_H_)/ },
  { header: 'linux/ptrace.h', files: [U + 'linux/ptrace.h', M + 'asm/ptrace.h'], omit: /^(PTRACE_\w+|struct (ptrace_\w+|seccomp_metadata))$/ },
  // ___bpf_mvb is the original's internal building block for its byte swaps, which are written differently here
  { header: 'bpf/bpf_endian.h', files: [U + 'bpf/bpf_endian.h'], prelude: '#include <linux/types.h>\n', omit: /^___bpf_mvb$/ },
  { header: 'bpf/bpf_helpers.h', files: [U + 'bpf/bpf_helpers.h', U + 'bpf/bpf_helper_defs.h'], prelude: '#include <linux/bpf.h>\n' },
  // compiler headers against clang-16's own; not provided: the C2x *_WIDTH macros, rsize_t (C11 Annex K)
  // and clang's internal __-prefixed helper macros
  ...['stddef.h', 'stdbool.h', 'stdarg.h', 'limits.h', 'stdint.h'].map((h) => ({ header: h, files: [], compilerHeader: true, omit: /^(rsize_t|_Bool|\w+_WIDTH|__\w+)$/ })),
];

let resource: string | undefined;
/** clang's resource include directory (its stddef.h, stdint.h, ...). */
function resourceDir(): string {
  resource ??= spawnSync(CLANG, ['-print-resource-dir'], { encoding: 'utf8' }).stdout.trim() + '/include';
  return resource;
}
/** Where a coverage entry's originals are, and how to preprocess and compile them. */
function systemSide(c: Coverage): { files: string[]; opts: PreprocessOptions; flags: string[] } {
  if (!c.compilerHeader) return { files: c.files, opts: SYSTEM_OPTIONS, flags: [] };
  // freestanding, as clang's headers then define everything themselves instead of deferring to the C library
  const dir = resourceDir();
  return { files: [`${dir}/${c.header}`, `${dir}/__stddef_max_align_t.h`], opts: { bundled: false, systemDirs: [dir], defines: ['__STDC_HOSTED__=0'] }, flags: ['-ffreestanding'] };
}

const runnable = haveClang() && existsSync(U + 'linux/bpf.h') && existsSync(U + 'bpf/bpf_helpers.h');

/** Macro expansion of `name` after including `header`, as token text. */
function expansion(head: string, name: string, opts: PreprocessOptions): string {
  const r = preprocess(createSourceFile('x.c', `${head}__expansion_of__ ${name}\n`), { fs: nodeFileSystem(), ...opts });
  const at = r.tokens.findIndex((t) => t.text === '__expansion_of__');
  return r.tokens.slice(at + 1).map((t) => t.text).join(' ');
}

/** Compiles `long long v[] = { marker, (long long)(NAME)... }` and returns the values, dropping names clang rejects. */
function values(head: string, names: string[], side: 'system' | 'bundled', target: string, flags: string[] = []): { values: Map<string, bigint>; rejected: string[] } {
  let list = names;
  const rejected: string[] = [];
  const first = head.split('\n').length + 2; // the line of the first entry
  for (let round = 0; round < 4; round++) {
    const src = `${head}long long __values[] = {\n0x1234567,\n${list.map((n) => `(long long)(${n}),`).join('\n')}\n};\n`;
    const c = compile(src, side, flags, target);
    try {
      if (c.ok) {
        const data = dataSection(c.object);
        const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
        const out = new Map<string, bigint>();
        list.forEach((n, i) => out.set(n, view.getBigInt64(8 * (i + 1), true)));
        return { values: out, rejected };
      }
      const bad = new Set(errorLines(c.stderr).map((l) => l - first));
      if (bad.size === 0) throw new Error(`clang failed without line numbers:\n${c.stderr.slice(0, 2000)}`);
      rejected.push(...list.filter((_, i) => bad.has(i)));
      list = list.filter((_, i) => !bad.has(i));
    } finally {
      c.dispose();
    }
  }
  throw new Error(`could not compile the values after:\n${head}`);
}

/** Headers compiled together: one clang run per side computes the values and the BTF of a whole group. */
interface Group {
  key: string;
  members: Coverage[];
  head: string;
  target: string;
  flags: string[];
}
const groupKey = (c: Coverage): string => `${c.target ?? 'bpf'}${c.compilerHeader ? ' freestanding' : ''}`;
const groups = new Map<string, Group>();
for (const c of COVERAGE) {
  const key = groupKey(c);
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { key, members: [], head: '', target: c.target ?? 'bpf', flags: systemSide(c).flags }));
  g.members.push(c);
  g.head += `${c.prelude ?? ''}#include <${c.header}>\n`;
}

interface HeaderNames {
  sys: Names;
  constants: string[];
  types: string[];
}
const namesCache = new Map<Coverage, HeaderNames>();
function namesOf(c: Coverage): HeaderNames {
  let n = namesCache.get(c);
  if (!n) {
    const { files, opts } = systemSide(c);
    const sys = definedNames(c.header, opts, new Set(files), c.prelude ?? '');
    const keep = (x: string): boolean => !c.omit?.test(x);
    n = { sys, constants: [...new Set([...sys.enumerators, ...sys.objectMacros])].filter(keep), types: [...sys.tags, ...sys.typedefs].filter(keep) };
    namesCache.set(c, n);
  }
  return n;
}

interface GroupValues {
  system: Map<string, bigint>;
  bundled: Map<string, bigint>;
  rejected: Set<string>;
  bundledRejected: string[];
}
const valuesCache = new Map<string, GroupValues>();
/** The values of every constant of the group, compiled once against each side. */
function groupValues(g: Group): GroupValues {
  let v = valuesCache.get(g.key);
  if (!v) {
    const all = [...new Set(g.members.flatMap((c) => namesOf(c).constants))];
    const s = values(g.head, all, 'system', g.target, g.flags);
    const b = values(g.head, [...s.values.keys()], 'bundled', g.target, g.flags);
    v = { system: s.values, bundled: b.values, rejected: new Set(s.rejected), bundledRejected: b.rejected };
    valuesCache.set(g.key, v);
  }
  return v;
}

describe.skipIf(!runnable)('bundled headers define what the system headers define', () => {
  it.each(COVERAGE)('$header: constants and macros', (cov) => {
    const { header, omit, prelude = '' } = cov;
    const { opts } = systemSide(cov);
    const head = `${prelude}#include <${header}>\n`;
    const { sys, constants } = namesOf(cov);
    const ours = definedNames(header, BUNDLED_OPTIONS, undefined, prelude);
    const keep = (n: string): boolean => !omit?.test(n);
    // function-like macros: present (their behavior is checked by compiling programs)
    const ourFunctions = new Set(ours.functionMacros);
    expect(sys.functionMacros.filter(keep).filter((n) => !ourFunctions.has(n))).toEqual([]);
    // integer constants: same values (clang computes them for the whole group at once)
    const g = groups.get(groupKey(cov))!;
    const v = groupValues(g);
    expect(v.bundledRejected.filter((n) => constants.includes(n))).toEqual([]);
    const differ = constants
      .filter((n) => v.system.has(n) && v.bundled.get(n) !== v.system.get(n))
      .map((n) => `${n}: system ${v.system.get(n)}, bundled ${v.bundled.get(n)}`);
    expect(differ).toEqual([]);
    // the rest (types, initializers, member aliases): the same tokens
    const textual = constants.filter((n) => v.rejected.has(n) && sys.objectMacros.includes(n));
    const mismatched = textual.filter((n) => expansion(head, n, opts) !== expansion(head, n, BUNDLED_OPTIONS));
    expect(mismatched).toEqual([]);
    expect(constants.length + sys.functionMacros.length + sys.tags.length + sys.typedefs.length).toBeGreaterThan(0);
  });

  it.skipIf(!haveBpftool()).each([...groups.values()].map((g) => [g.key, g] as const))('%s group: types have the same BTF (or size)', (_k, g) => {
    const types = [...new Set(g.members.flatMap((c) => namesOf(c).types))];
    expect(types.length).toBeGreaterThan(0);
    if (g.target !== 'bpf') {
      // no BTF for other targets: compare each type's size instead
      const sizes = types.map((t) => `sizeof(${t})`);
      const a = values(g.head, sizes, 'system', g.target, g.flags);
      const b = values(g.head, sizes, 'bundled', g.target, g.flags);
      expect([a.rejected, b.rejected]).toEqual([[], []]);
      expect([...b.values]).toEqual([...a.values]);
      return;
    }
    const src = `${g.head}${types.map((t, i) => `${t} __v${i};`).join('\n')}\n`;
    const a = compile(src, 'system', g.flags, g.target);
    const b = compile(src, 'bundled', g.flags, g.target);
    try {
      expect(a.stderr).not.toMatch(/error/);
      expect(b.stderr).not.toMatch(/error/);
      const sysBtf = btf(a.object);
      expect(sysBtf).toContain('STRUCT');
      expect(btf(b.object)).toBe(sysBtf);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('every helper has the same id and prototype', () => {
    const sys = preprocess(createSourceFile('h.c', '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n'), { fs: nodeFileSystem(), ...SYSTEM_OPTIONS });
    const helpers: string[] = [];
    for (let i = 0; i + 3 < sys.tokens.length; i++) {
      const t = sys.tokens[i]!;
      if (t.text === '(' && sys.tokens[i + 1]!.text === '*' && sys.tokens[i + 2]!.kind === 'identifier' && sys.tokens[i + 2]!.text.startsWith('bpf_') && t.loc.file.endsWith('bpf_helper_defs.h')) {
        helpers.push(sys.tokens[i + 2]!.text);
      }
    }
    expect(helpers.length).toBeGreaterThan(200);
    const src =
      '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n' +
      helpers.map((h) => `__typeof__(*${h}) *__p_${h};`).join('\n') +
      '\nSEC("xdp") int ids(void *ctx) { volatile long s;\n' +
      helpers.map((h) => `s = (long)${h};`).join('\n') +
      '\nreturn 0; }\n';
    const a = compile(src, 'system');
    const b = compile(src, 'bundled');
    try {
      expect(b.stderr).not.toMatch(/error/);
      expect(disassembly(b.object)).toBe(disassembly(a.object));
      if (haveBpftool()) expect(btf(b.object)).toBe(btf(a.object));
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
