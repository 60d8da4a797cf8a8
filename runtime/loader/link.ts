// BPF-to-BPF linking of one entry program, as libbpf's bpf_object__relocate / bpf_object__reloc_code
// (src/libbpf.c) do it (reference §1.5). In: an ObjectSpec and one entry function. Out: a flat program —
// the entry function's instructions, then a copy of every subprogram it reaches, appended depth-first in
// the order their first call (or callback reference) is met — with call and callback offsets fixed, and
// the map / global-data references left as fixups for the loader (which knows the addresses).
//
// Layout of a linked program (libbpf appends the same way, so instruction numbers match the kernel's):
//
//   pc 0 ............ entry function (copied from its section)
//   ................. first subprogram reached, then what it reaches first, … (DFS pre-order)
//
// Call targets come from the relocation (CodeRelocation: section + slot) or, without one, from the
// pc-relative immediate inside the caller's section; either must be the first instruction of a function
// symbol. The patched forms are the kernel's: `call` src 1 (BPF_PSEUDO_CALL) and `ld_imm64` src 4
// (BPF_PSEUDO_FUNC), both with imm = target pc - (pc + 1).
import {
  BPF_PSEUDO_CALL, BPF_PSEUDO_FUNC, type Insn,
} from '../isa/index.js';
import type { FunctionSpec, ObjectSpec, ProgramSection, Relocation } from '../object/index.js';
import { LoadError, LOAD_STAGE } from './errors.js';

const LD_IMM64 = 0x18;
const CALL = 0x85;

/** A function copied into a linked program. */
export interface PlacedFunction {
  /** Code section it comes from. */
  section: string;
  name: string;
  /** First slot in its section. */
  offset: number;
  /** Length in slots. */
  size: number;
  /** First pc in the linked program. */
  start: number;
}

/** An instruction the loader patches once maps exist: an ld_imm64 of a map handle or a data address. */
export type LinkFixup =
  | { kind: 'map'; pc: number; map: string }
  | { kind: 'data'; pc: number; section: string; addend: number };

/** A line-info record placed in the linked program. */
export interface LinkedLine {
  pc: number;
  file: string;
  line: number;
  col: number;
  /** Text of the source line. */
  text: string;
}

export interface LinkedProgram {
  /** Entry function name. */
  name: string;
  /** Its section. */
  section: string;
  /** Linked instructions (copies; ld_imm64 map/data slots still hold 0 until the loader fixes them). */
  insns: Insn[];
  /** Functions in program order; [0] is the entry function. */
  functions: PlacedFunction[];
  fixups: LinkFixup[];
  lineInfo: LinkedLine[];
}

/** Links the entry function `fn` of `section`. Throws LoadError ('load relocations') on a bad reference. */
export function linkProgram(spec: ObjectSpec, section: ProgramSection, fn: FunctionSpec): LinkedProgram {
  return new Linker(spec, fn.name).link(section, fn);
}

class Linker {
  private readonly insns: Insn[] = [];
  private readonly functions: PlacedFunction[] = [];
  private readonly fixups: LinkFixup[] = [];
  private readonly lines: LinkedLine[] = [];
  private readonly placed = new Map<string, PlacedFunction>();
  private readonly relocs = new Map<ProgramSection, Map<number, Relocation>>();

  constructor(
    private readonly spec: ObjectSpec,
    private readonly prog: string,
  ) {}

  link(section: ProgramSection, fn: FunctionSpec): LinkedProgram {
    this.place(section, fn);
    return {
      name: fn.name, section: section.name, insns: this.insns, functions: this.functions, fixups: this.fixups,
      lineInfo: this.lines,
    };
  }

  private fail(message: string): never {
    throw new LoadError(LOAD_STAGE.relocations, `program "${this.prog}": ${message}`);
  }

  /** Copies `fn` to the end of the program, then resolves its references (appending callees first met). */
  private place(section: ProgramSection, fn: FunctionSpec): PlacedFunction {
    if (!Number.isInteger(fn.offset) || !Number.isInteger(fn.size) || fn.offset < 0 || fn.size <= 0 ||
        fn.offset + fn.size > section.insns.length) {
      this.fail(`function "${fn.name}" [${fn.offset}, ${fn.offset + fn.size}) lies outside section "${section.name}" (${section.insns.length} instructions)`);
    }
    const p: PlacedFunction = { section: section.name, name: fn.name, offset: fn.offset, size: fn.size, start: this.insns.length };
    this.placed.set(key(section.name, fn.offset), p);
    this.functions.push(p);
    for (let i = 0; i < fn.size; i++) this.insns.push({ ...section.insns[fn.offset + i]! });
    for (const l of section.lineInfo) {
      if (l.offset >= fn.offset && l.offset < fn.offset + fn.size) {
        this.lines.push({ pc: p.start + l.offset - fn.offset, file: l.file, line: l.line, col: l.col, text: l.source });
      }
    }
    if (section.coreRelos.some((r) => r.offset >= fn.offset && r.offset < fn.offset + fn.size)) {
      this.fail(`function "${fn.name}" has CO-RE relocations (BPF_CORE_READ, preserve_access_index), which need kernel BTF and are not supported`);
    }
    this.resolve(section, fn, p);
    return p;
  }

  private relocAt(section: ProgramSection, slot: number): Relocation | undefined {
    let m = this.relocs.get(section);
    if (m === undefined) {
      m = new Map(section.relocations.map((r) => [r.offset, r]));
      this.relocs.set(section, m);
    }
    return m.get(slot);
  }

  private resolve(section: ProgramSection, fn: FunctionSpec, p: PlacedFunction): void {
    for (let i = 0; i < fn.size; i++) {
      const slot = fn.offset + i;
      const pc = p.start + i;
      const insn = this.insns[pc]!;
      const isLd = insn.code === LD_IMM64;
      const where = `insn ${pc} (${section.name}+${slot})`;
      if (isLd && i + 1 >= fn.size) this.fail(`${where}: ld_imm64 is cut off by the end of function "${fn.name}"`);
      const rel = this.relocAt(section, slot);
      if (rel !== undefined) {
        this.apply(rel, pc, where);
      } else if (insn.code === CALL && insn.src === BPF_PSEUDO_CALL) {
        this.patch(pc, section.name, slot + insn.imm + 1, where, 'call');
      } else if (isLd && insn.src === BPF_PSEUDO_FUNC) {
        this.patch(pc, section.name, slot + insn.imm + 1, where, 'callback');
      } else if (isLd && insn.src !== 0) {
        this.fail(`${where}: ld_imm64 with pseudo source ${insn.src} has no relocation`);
      }
      if (isLd) i++;
    }
  }

  private apply(rel: Relocation, pc: number, where: string): void {
    const insn = this.insns[pc]!;
    switch (rel.kind) {
      case 'map':
        if (insn.code !== LD_IMM64) this.fail(`${where}: reference to map "${rel.map}" on an instruction that is not ld_imm64`);
        if (!this.spec.maps.some((m) => m.name === rel.map)) this.fail(`${where}: reference to unknown map "${rel.map}"`);
        this.fixups.push({ kind: 'map', pc, map: rel.map });
        return;
      case 'data':
        if (insn.code !== LD_IMM64) this.fail(`${where}: reference to "${rel.symbol ?? rel.section}" on an instruction that is not ld_imm64`);
        if (!this.spec.data.some((d) => d.name === rel.section)) this.fail(`${where}: reference to unknown data section "${rel.section}"`);
        this.fixups.push({ kind: 'data', pc, section: rel.section, addend: rel.addend });
        return;
      case 'call':
        if (insn.code !== CALL) this.fail(`${where}: call relocation on an instruction that is not a call`);
        this.patch(pc, rel.section, rel.target, where, 'call');
        return;
      case 'callback':
        if (insn.code !== LD_IMM64) this.fail(`${where}: function reference on an instruction that is not ld_imm64`);
        this.patch(pc, rel.section, rel.target, where, 'callback');
        return;
      case 'extern':
        this.fail(`${where}: refers to extern "${rel.name}" (kfuncs, ksyms and kconfig values are not supported)`);
      default: {
        const never: never = rel;
        throw new LoadError(LOAD_STAGE.relocations, `unknown relocation ${JSON.stringify(never)}`);
      }
    }
  }

  /** Points the call / function reference at `pc` to the function starting at (section, slot). */
  private patch(pc: number, sectionName: string, slot: number, where: string, kind: 'call' | 'callback'): void {
    const callee = this.callee(sectionName, slot, where, kind);
    const insn = this.insns[pc]!;
    insn.src = kind === 'call' ? BPF_PSEUDO_CALL : BPF_PSEUDO_FUNC;
    insn.imm = callee.start - pc - 1;
    if (kind === 'callback') this.insns[pc + 1]!.imm = 0;
  }

  private callee(sectionName: string, slot: number, where: string, kind: string): PlacedFunction {
    const done = this.placed.get(key(sectionName, slot));
    if (done !== undefined) return done;
    const section = this.spec.programs.find((s) => s.name === sectionName);
    if (section === undefined) this.fail(`${where}: ${kind} target section "${sectionName}" does not exist`);
    const fn = section.functions.find((f) => slot >= f.offset && slot < f.offset + f.size);
    if (fn === undefined) this.fail(`${where}: ${kind} target ${sectionName}+${slot} is not inside any function`);
    if (fn.offset !== slot) this.fail(`${where}: ${kind} target ${sectionName}+${slot} is inside function "${fn.name}", not at its start`);
    return this.place(section, fn);
  }
}

function key(section: string, offset: number): string {
  return `${section}\0${offset}`;
}
