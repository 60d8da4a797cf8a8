// Program sections: the code generator's functions placed in ELF sections — subprograms in `.text`,
// each entry program in the section its SEC() names (several entries may share one), in module order —
// with their relocations in ObjectSpec form (reference/object-format.md §1.5: maps by name; data by
// section + byte offset, written against the variable's symbol for variables with external linkage and
// against the section for static ones and string literals; calls and callback addresses by section +
// slot, against the function's symbol for global functions, the section for static ones) and their
// .BTF.ext line records (the source line's text, one record wherever the source position changes, the
// first instruction of every function always covered, line and column packed as clang-16 packs them,
// columns past 1023 included). In: FunctionCode list, data placements, source
// files; out: ProgramSections (func_info is filled in later, once the BTF FUNC ids exist).
import type { CodegenResult, FunctionCode } from '../codegen/index.js';
import { diagSpan } from '../codegen/diagnostics.js';
import { diagnostic, type Diagnostic } from '../diagnostics/index.js';
import { lineText, type SourceFile } from '../source.js';
import { InternalError } from '../../runtime/errors.js';
import { BPF_LD_IMM64, type Insn } from '../../runtime/isa/index.js';
import type { LineInfo, ProgramSection, Relocation } from '../../runtime/object/index.js';
import type { PlacedGlobal } from './data.js';

export interface PlacedFunction {
  code: FunctionCode;
  section: string;
  /** First slot in the section. */
  offset: number;
}

export interface CodeLayout {
  sections: ProgramSection[];
  functions: Map<string, PlacedFunction>;
}

export interface CodeInput {
  code: CodegenResult;
  placed: ReadonlyMap<string, PlacedGlobal>;
  files: ReadonlyMap<string, SourceFile>;
  lineInfo: boolean;
  /** Symbol attributes of functions: `__weak` (STB_WEAK) and `__hidden` (STV_HIDDEN). */
  attributes: ReadonlyMap<string, { weak: boolean; hidden: boolean }>;
  diagnostics: Diagnostic[];
}

export function layoutCode(input: CodeInput): CodeLayout {
  const groups = new Map<string, FunctionCode[]>();
  const text: FunctionCode[] = [];
  for (const f of input.code.functions) {
    if (f.section === undefined || f.section === '.text') {
      text.push(f);
      continue;
    }
    const g = groups.get(f.section) ?? [];
    g.push(f);
    groups.set(f.section, g);
  }
  const functions = new Map<string, PlacedFunction>();
  const order: [string, FunctionCode[]][] = [];
  if (text.length > 0) order.push(['.text', text]);
  order.push(...groups);
  for (const [name, fns] of order) {
    let at = 0;
    for (const f of fns) {
      functions.set(f.name, { code: f, section: name, offset: at });
      at += f.insns.length;
    }
  }
  const sections = order.map(([name, fns]) => buildSection(name, fns, functions, input));
  return { sections, functions };
}

function buildSection(name: string, fns: FunctionCode[], functions: ReadonlyMap<string, PlacedFunction>, input: CodeInput): ProgramSection {
  const sec: ProgramSection = { name, insns: [], functions: [], relocations: [], funcInfo: [], lineInfo: [], coreRelos: [] };
  for (const f of fns) {
    const base = sec.insns.length;
    const entry = name !== '.text';
    const attrs = input.attributes.get(f.name);
    const global = entry || f.linkage === 'global';
    sec.functions.push({ name: f.name, offset: base, size: f.insns.length, linkage: !global ? 'static' : attrs?.weak ? 'weak' : 'global', hidden: global && attrs?.hidden === true });
    sec.insns.push(...f.insns.map((i) => ({ ...i })));
    for (const r of f.relocs) {
      const rel = relocation(f, r, base, sec.insns, functions, input);
      if (rel) sec.relocations.push(rel);
    }
    if (input.lineInfo) sec.lineInfo.push(...lineRecords(f, base, input.files));
  }
  sec.relocations.sort((a, b) => a.offset - b.offset);
  return sec;
}

function relocation(f: FunctionCode, r: FunctionCode['relocs'][number], base: number, insns: Insn[], functions: ReadonlyMap<string, PlacedFunction>, input: CodeInput): Relocation | undefined {
  const offset = base + r.slot;
  const insn = insns[offset];
  if (insn) insn.imm = 0;
  switch (r.kind) {
    case 'map':
      return { kind: 'map', offset, map: r.symbol };
    case 'data': {
      const p = input.placed.get(r.symbol);
      if (!p) {
        input.diagnostics.push(diagnostic('B2008', `'${f.name}' refers to global data '${r.symbol}', which the object does not define`, diagSpan(f.span)));
        return undefined;
      }
      const rel: Relocation = { kind: 'data', offset, section: p.section, addend: p.offset + r.offset };
      if (p.variable && p.linkage !== 'static') rel.symbol = p.variable.objectName;
      return rel;
    }
    case 'call':
    case 'callback': {
      const t = functions.get(r.symbol);
      if (!t) {
        input.diagnostics.push(diagnostic('B2008', `'${f.name}' calls '${r.symbol}', which has no code in the object`, diagSpan(f.span)));
        return undefined;
      }
      if (t.section !== '.text') {
        input.diagnostics.push(diagnostic('B2009', `'${f.name}' ${r.kind === 'call' ? 'calls' : 'takes the address of'} '${r.symbol}', an entry program in section '${t.section}': only functions in .text can be called`, diagSpan(f.span)));
        return undefined;
      }
      const rel: Relocation = { kind: r.kind, offset, section: t.section, target: t.offset };
      if (t.code.linkage === 'global') rel.symbol = t.code.name;
      return rel;
    }
    default: {
      const never: never = r.kind;
      throw new InternalError(`object: unknown relocation kind ${String(never)}`);
    }
  }
}

/** Line records of one function: where the position changes, never on an ld_imm64's second slot. */
function lineRecords(f: FunctionCode, base: number, files: ReadonlyMap<string, SourceFile>): LineInfo[] {
  const out: LineInfo[] = [];
  const second = new Set<number>();
  for (let s = 0; s < f.insns.length; s++) if ((f.insns[s] as Insn).code === BPF_LD_IMM64) second.add(++s);
  const lines = [...f.lines].sort((a, b) => a.slot - b.slot);
  if (lines.length === 0 || (lines[0] as { slot: number }).slot !== 0) lines.unshift({ slot: 0, span: f.span });
  let last = '';
  for (const l of lines) {
    if (l.slot >= f.insns.length || second.has(l.slot)) continue;
    const key = `${l.span.file}:${l.span.line}:${l.span.col}`;
    if (key === last && out.length > 0) continue;
    if (out.length > 0 && out[out.length - 1]!.offset === base + l.slot) out.pop();
    last = key;
    const file = files.get(l.span.file);
    out.push({ offset: base + l.slot, file: l.span.file, source: file ? lineText(file, l.span.line) : '', ...packedPosition(l.span.line, l.span.col) });
  }
  return out;
}

/**
 * The line and column a record holds, as clang-16 writes them into bpf_line_info.line_col (22 bits of
 * line, 10 of column):
 *
 *    31                      10 9         0
 *   +--------------------------+-----------+
 *   |          line            |  column   |     line_col = line << 10 | column   (32 bits)
 *   +--------------------------+-----------+
 *
 * The column is not masked: one past 1023 spills into the line number's low bits (clang-16 writes
 * column 1103 of line 8 as line 9, column 79); a column past 65535, more than an LLVM DILocation holds,
 * is written as 0. The source text of the record stays the statement's own line.
 */
function packedPosition(line: number, col: number): { line: number; col: number } {
  const packed = ((line << 10) | (col > 0xffff ? 0 : col)) >>> 0;
  return { line: packed >>> 10, col: packed & 0x3ff };
}
