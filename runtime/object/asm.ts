// Assembly text → ObjectSpec, for `ebpfc asm`. In: a program in llvm-objdump syntax or the conformance
// suite's syntax (runtime/isa's assembler), plus the directives below. Out: an ObjectSpec ready for
// encodeObject (maps get libbpf-style BTF definitions so the object loads with libbpf).
//
// Directives (one per line; `#`, `//` and `;` start comments):
//   .section NAME                 following code goes to section NAME (default: options.section, "xdp")
//   .globl NAME  / .global NAME   label NAME starts a global function (an entry program outside .text)
//   .local NAME                   label NAME starts a static function (a subprogram, normally in .text)
//   .map NAME TYPE KEY VALUE MAX [FLAGS]
//                                 a BTF-defined map; TYPE is a number or a name (hash, array,
//                                 prog_array, percpu_hash, BPF_MAP_TYPE_LRU_HASH, …); sizes in bytes
//   .license TEXT                 the license string ("GPL" — quotes optional)
// A function runs from its label to the next function label of its section. Other labels are jump
// targets only. Without any .globl/.local, a file with one section is one global function `main`.
// `r1 = NAME ll` names a map, or a function/label (a callback address); `call NAME` to a function of
// another section becomes a relocation, as does any call the section itself does not define.
import { BtfBuilder } from '../btf/index.js';
import { EbpfcError } from '../errors.js';
import { assemble, detectSyntax, IsaError, type AsmResult, type AsmSyntax } from '../isa/index.js';
import { BPF_MAP_TYPE } from '../maps/index.js';
import { addBtfMapDef } from './btf-maps.js';
import type { FunctionSpec, MapDef, ObjectSpec, ProgramSection, Relocation } from './spec.js';

export interface AssembleObjectOptions {
  /** Section for code before any `.section` directive (default "xdp"). */
  section?: string;
  /** Source name used in error messages. */
  path?: string;
}

interface Chunk {
  name: string;
  /** The whole text with every line that is not this section's blanked (keeps line numbers). */
  lines: string[];
  result?: AsmResult;
}

const DIRECTIVE = /^\s*\.(section|globl|global|local|map|license)(?:\s+(.*))?$/;

function stripComment(line: string): string {
  let end = line.length;
  for (const mark of ['#', '//', ';']) {
    const i = line.indexOf(mark);
    if (i >= 0 && i < end) end = i;
  }
  return line.slice(0, end);
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** Map type from a number, `hash`, `prog_array` or `BPF_MAP_TYPE_HASH`. */
function mapType(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const key = word.toUpperCase().startsWith('BPF_MAP_TYPE_') ? word.toUpperCase() : `BPF_MAP_TYPE_${word.toUpperCase()}`;
  return (BPF_MAP_TYPE as Readonly<Record<string, number>>)[key];
}

function parseCount(word: string | undefined, what: string, fail: (m: string) => never): number {
  if (word === undefined || !/^(0x[0-9a-fA-F]+|\d+)$/.test(word)) fail(`${what}: expected a number, got '${word ?? ''}'`);
  const v = Number(word);
  if (v > 0xffffffff) fail(`${what}: ${word} does not fit 32 bits`);
  return v;
}

/** Assembles `text` into an ObjectSpec. Errors are EbpfcErrors of stage "asm" naming path:line:col. */
export function assembleObject(text: string, opts: AssembleObjectOptions = {}): ObjectSpec {
  const path = opts.path ?? '<input>';
  const all = text.split('\n');
  const chunks = new Map<string, Chunk>();
  const functions = new Map<string, { linkage: 'global' | 'static'; line: number }>();
  const maps: MapDef[] = [];
  let license: string | undefined;
  let current = opts.section ?? 'xdp';
  const chunk = (name: string): Chunk => {
    let c = chunks.get(name);
    if (c === undefined) {
      c = { name, lines: all.map(() => '') };
      chunks.set(name, c);
    }
    return c;
  };
  all.forEach((raw, i) => {
    const line = i + 1;
    const fail = (m: string): never => {
      throw new EbpfcError('asm', `${path}:${line}: ${m}`);
    };
    const body = stripComment(raw);
    const m = DIRECTIVE.exec(body);
    if (m === null) {
      if (/^\s*\.[A-Za-z_]\w*(\s|$)/.test(body)) fail(`unknown directive '${body.trim().split(/\s+/)[0]}'`);
      if (body.trim() !== '') chunk(current).lines[i] = raw;
      return;
    }
    const args = (m[2] ?? '').trim();
    const words = args.split(/[\s,]+/).filter((w) => w !== '');
    switch (m[1]) {
      case 'section':
        if (words.length === 0) fail('.section needs a name');
        current = unquote(words[0] as string);
        if (current === '') fail('.section needs a name');
        chunk(current);
        break;
      case 'globl':
      case 'global':
      case 'local': {
        if (words.length !== 1 || !/^[A-Za-z_.$][\w.$]*$/.test(words[0] as string)) fail(`.${m[1]} needs one symbol name`);
        const name = words[0] as string;
        if (functions.has(name)) fail(`function '${name}' declared twice`);
        functions.set(name, { linkage: m[1] === 'local' ? 'static' : 'global', line });
        break;
      }
      case 'map': {
        if (words.length < 5 || words.length > 6) fail('.map NAME TYPE KEYSIZE VALUESIZE MAXENTRIES [FLAGS]');
        const [name, type, key, value, max, flags] = words as [string, string, string, string, string, string | undefined];
        if (!/^[A-Za-z_][\w]*$/.test(name)) fail(`bad map name '${name}'`);
        if (maps.some((x) => x.name === name)) fail(`map '${name}' declared twice`);
        const t = mapType(type);
        if (t === undefined) fail(`unknown map type '${type}'`);
        maps.push({
          name, type: t as number, keySize: parseCount(key, 'key size', fail), valueSize: parseCount(value, 'value size', fail),
          maxEntries: parseCount(max, 'max entries', fail), flags: flags === undefined ? 0 : parseCount(flags, 'flags', fail),
          numaNode: 0, pinning: 0, mapExtra: 0n, btfKeyType: 0, btfValueType: 0, values: [],
        });
        break;
      }
      case 'license':
        if (args === '') fail('.license needs a text');
        license = unquote(args);
        break;
      default:
        fail(`unknown directive .${m[1]}`);
    }
  });

  const codeText = all.map((l) => (DIRECTIVE.test(stripComment(l)) ? '' : l)).join('\n');
  const syntax: AsmSyntax = detectSyntax(codeText);
  const sections = [...chunks.values()].filter((c) => c.lines.some((l) => l.trim() !== ''));
  for (const c of sections) {
    try {
      c.result = assemble(c.lines.join('\n'), { syntax });
    } catch (e) {
      if (e instanceof IsaError && e.line !== undefined) throw new EbpfcError('asm', `${path}:${e.line}:${e.col ?? 1}: ${e.detail}`);
      throw e;
    }
  }
  const fail = (line: number, m: string): never => {
    throw new EbpfcError('asm', `${path}:${line}: ${m}`);
  };

  // functions
  const programs: ProgramSection[] = [];
  const where = new Map<string, { section: string; pc: number }>();
  const implicitMain = functions.size === 0 && sections.length === 1;
  for (const c of sections) {
    const res = c.result as AsmResult;
    const fns: FunctionSpec[] = [];
    for (const l of res.labels) {
      where.set(l.name, { section: c.name, pc: l.pc });
      const f = functions.get(l.name);
      if (f !== undefined) fns.push({ name: l.name, offset: l.pc, size: 0, linkage: f.linkage, hidden: false });
    }
    if (implicitMain) fns.push({ name: 'main', offset: 0, size: 0, linkage: 'global', hidden: false });
    fns.sort((a, b) => a.offset - b.offset);
    fns.forEach((f, i) => {
      f.size = (fns[i + 1]?.offset ?? res.insns.length) - f.offset;
      if (f.size === 0) fail(functions.get(f.name)?.line ?? 1, `function '${f.name}' has no instructions`);
    });
    if ((fns[0]?.offset ?? res.insns.length) > 0) {
      fail(res.labels[0]?.line ?? 1, `section '${c.name}' has instructions before its first function label (declare one with .globl or .local)`);
    }
    programs.push({ name: c.name, insns: res.insns, functions: fns, relocations: [], funcInfo: [], lineInfo: [], coreRelos: [] });
  }
  for (const [name, f] of functions) {
    if (!programs.some((p) => p.functions.some((x) => x.name === name))) fail(f.line, `function '${name}' is declared but has no label`);
  }

  // relocations
  programs.forEach((p, i) => {
    const res = sections[i]?.result as AsmResult;
    for (const r of res.relocs) {
      const at = `${path}:${r.line}:${r.col}`;
      const insn = p.insns[r.pc];
      if (insn === undefined) throw new EbpfcError('asm', `${at}: no instruction for the reference to '${r.symbol}'`);
      let rel: Relocation;
      const map = maps.find((m) => m.name === r.symbol);
      const target = where.get(r.symbol);
      if (r.kind === 'ld_imm64' && map !== undefined) {
        if (r.addend !== 0) throw new EbpfcError('asm', `${at}: a map reference takes no offset`);
        rel = { kind: 'map', offset: r.pc, map: map.name };
      } else if (target !== undefined) {
        const named = programs.find((x) => x.name === target.section)?.functions.some((f) => f.name === r.symbol && f.offset === target.pc) === true;
        const base = { offset: r.pc, section: target.section };
        if (r.kind === 'call') {
          rel = named ? { kind: 'call', ...base, target: target.pc, symbol: r.symbol } : { kind: 'call', ...base, target: target.pc };
        } else {
          if (r.addend % 8 !== 0) throw new EbpfcError('asm', `${at}: offset ${r.addend} from '${r.symbol}' is not a whole instruction`);
          const pc = target.pc + r.addend / 8;
          rel = named && r.addend === 0 ? { kind: 'callback', ...base, target: pc, symbol: r.symbol } : { kind: 'callback', ...base, target: pc };
        }
      } else {
        throw new EbpfcError('asm', `${at}: unknown symbol '${r.symbol}' (declare maps with .map NAME TYPE KEYSIZE VALUESIZE MAXENTRIES)`);
      }
      insn.imm = 0;
      p.relocations.push(rel);
    }
    p.relocations.sort((a, b) => a.offset - b.offset);
  });

  const spec: ObjectSpec = { programs, maps, data: [], externs: [] };
  if (license !== undefined) spec.license = { text: license, size: license.length + 1, symbol: 'LICENSE' };
  if (maps.length > 0) {
    const b = new BtfBuilder();
    const ids = maps.map((m) => addBtfMapDef(b, m));
    const types = b.build().types;
    let offset = 0;
    const vars = ids.map((id) => {
      const v = types[id];
      const st = v?.kind === 'VAR' ? types[v.type] : undefined;
      const size = st?.kind === 'STRUCT' ? st.size : 0;
      const entry = { type: id, offset, size };
      offset += Math.ceil(size / 8) * 8;
      return entry;
    });
    b.addDatasec('.maps', offset, vars);
    spec.btf = b.build();
  }
  return spec;
}
