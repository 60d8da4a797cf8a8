// Assembler for both text syntaxes. In: program text in LLVM's BPF syntax (as our disassembler prints it,
// plus `name:` labels, `goto name`, `call name`, `r1 = sym ll`, comments after `#`, `//` or `;`) or in the
// bpf_conformance syntax (`%r0`, `lddw`, `ja label`, `call local f`, `lock fetch add32 [...]`, comments
// after `#`). Out: instruction slots, the labels defined, and relocation requests for symbols the text uses
// but does not define (`r1 = my_map ll`, `call func`), for the object writer to turn into ELF relocations.
// Errors are IsaErrors carrying line:col.
import type { Insn } from './opcodes.js';
import { IsaError } from './errors.js';
import { Cursor, tokenize } from './asm-lexer.js';
import type { ParsedStmt } from './asm-common.js';
import { parseLlvmStmt } from './asm-llvm.js';
import { parseConformanceStmt } from './asm-conformance.js';
import { ISA_TABLE } from './table.js';

export type AsmSyntax = 'llvm' | 'conformance';

export interface AsmOptions {
  /** Default 'auto': conformance syntax when the text uses `%r` registers, LLVM syntax otherwise. */
  syntax?: AsmSyntax | 'auto';
}

export interface AsmLabel {
  name: string;
  /** Slot index the label points at. */
  pc: number;
  line: number;
}

/** A use of a symbol the text does not define: the slot at `pc` needs a relocation against `symbol`. */
export interface RelocRequest {
  pc: number;
  symbol: string;
  /** ld_imm64 (a 64-bit address: map, global, function pointer) or a bpf-to-bpf call (imm = -1). */
  kind: 'ld_imm64' | 'call';
  addend: number;
  line: number;
  col: number;
}

export interface AsmResult {
  insns: Insn[];
  labels: AsmLabel[];
  relocs: RelocRequest[];
  syntax: AsmSyntax;
}

interface Placed {
  pc: number;
  line: number;
  stmt: ParsedStmt;
}

/**
 * Detects the syntax of a text: conformance when it names `%r` registers or a line starts with a
 * conformance mnemonic (`mov`, `ja`, `lock or`, ...); LLVM's statements start with a register, `if`,
 * `goto`, `call`, `exit`, `lock *`, `*(` or `ld_pseudo`.
 */
export function detectSyntax(text: string): AsmSyntax {
  if (/%r\d/.test(text)) return 'conformance';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').replace(/^\s*([A-Za-z_.$][\w.$]*\s*:\s*)*/, '').trim();
    const m = /^([a-z][a-z0-9_]*)(\s+(\S))?/.exec(line);
    if (m === null) continue;
    const word = m[1]!;
    if (word === 'lock') return m[3] === '*' ? 'llvm' : 'conformance';
    if (CONFORMANCE_WORDS.has(word)) return 'conformance';
    if (word !== 'call' && word !== 'exit') return 'llvm';
  }
  return 'llvm';
}

const CONFORMANCE_WORDS: ReadonlySet<string> = new Set(
  ISA_TABLE.map((r) => r.mnemonic).filter((m) => m !== 'call' && m !== 'exit' && m !== 'lock'),
);

export function assemble(text: string, opts: AsmOptions = {}): AsmResult {
  const syntax = opts.syntax === undefined || opts.syntax === 'auto' ? detectSyntax(text) : opts.syntax;
  const insns: Insn[] = [];
  const labels: AsmLabel[] = [];
  const byName = new Map<string, AsmLabel>();
  const placed: Placed[] = [];
  let firstExit: number | undefined;
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = ln + 1;
    const body = stripComment(lines[ln]!, syntax);
    const toks = tokenize(body, line);
    const c = new Cursor(toks, line, body.length + 1);
    // labels: ident ':' (any number, possibly followed by an instruction)
    while (c.peek()?.kind === 'ident' && c.peek(1)?.text === ':') {
      const t = c.next('a label');
      c.next(':');
      const prev = byName.get(t.text);
      if (prev !== undefined) {
        throw c.error(`Duplicate label ${t.text} (previous definition at line ${prev.line})`, t.col);
      }
      const l = { name: t.text, pc: insns.length, line };
      labels.push(l);
      byName.set(t.text, l);
    }
    if (c.atEnd()) continue;
    const stmt = syntax === 'llvm' ? parseLlvmStmt(c) : parseConformanceStmt(c);
    if (firstExit === undefined && stmt.insns[0]!.code === 0x95) firstExit = insns.length;
    placed.push({ pc: insns.length, line, stmt });
    insns.push(...stmt.insns);
  }
  const relocs: RelocRequest[] = [];
  for (const { pc, line, stmt } of placed) {
    const insn = insns[pc]!;
    if (stmt.symbol !== undefined) {
      const { name, addend, col } = stmt.symbol;
      relocs.push({ pc, symbol: name, kind: 'ld_imm64', addend, line, col });
    }
    const t = stmt.target;
    if (t === undefined) continue;
    let dest = byName.get(t.name)?.pc;
    // the conformance assembler defines `exit` as the first exit instruction
    if (dest === undefined && syntax === 'conformance' && t.name === 'exit') dest = firstExit;
    if (dest === undefined) {
      if (t.kind === 'call') {
        relocs.push({ pc, symbol: t.name, kind: 'call', addend: 0, line, col: t.col });
        continue;
      }
      throw new IsaError('asm', `Invalid label: ${t.name}`, { line, col: t.col });
    }
    const rel = dest - pc - 1;
    if (t.field === 'off' && (rel < -0x8000 || rel > 0x7fff)) {
      throw new IsaError('asm', `jump to ${t.name} (${rel}) does not fit in 16 bits; use gotol`, { line, col: t.col });
    }
    insn[t.field] = rel;
  }
  return { insns, labels, relocs, syntax };
}

function stripComment(line: string, syntax: AsmSyntax): string {
  let end = line.length;
  const cut = (i: number): void => {
    if (i >= 0 && i < end) end = i;
  };
  cut(line.indexOf('#'));
  if (syntax === 'llvm') {
    cut(line.indexOf('//'));
    cut(line.indexOf(';'));
  }
  let s = line.slice(0, end);
  // llvm-objdump's symbolized jump target `goto +3 <LBB0_5>` carries no information beyond the offset
  if (syntax === 'llvm') s = s.replace(/\s<[^<>\s]+>\s*$/, '');
  return s;
}
