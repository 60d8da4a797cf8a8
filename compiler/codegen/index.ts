// Public surface of the code generator: IR module → per-function eBPF code (raw instruction slots),
// relocation requests and line tables, for the object emitter. Per function: prepare (switch lowering),
// instruction selection, register allocation, peepholes, frame layout, block layout and encoding.
// Module checks: at most 5 parameters, no recursion, call chains of at most 8 frames whose stacks
// (each rounded up to 32 bytes, as the verifier counts them) fit in 512 bytes.
import type { Insn } from '../../runtime/isa/index.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { cloneFunc } from '../ir/clone.js';
import type { Func, Linkage, Module, Span } from '../ir/index.js';
import { dominators, loopDepths } from '../ir/index.js';
import { removeDeadCode } from './dce.js';
import { backendError } from './diagnostics.js';
import { encodeFunc, layoutBlocks, type CodeReloc, type LineEntry } from './emit.js';
import { checkFrame, layoutFrame, MAX_STACK, resolveFrame } from './frame.js';
import { mSuccessors, printMFunc, type MBlock, type MFunc } from './mir.js';
import { peephole } from './peephole.js';
import { prepareFunc } from './prepare.js';
import { shareStackSlots } from './stack-color.js';
import { allocateRegisters } from './regalloc.js';
import { selectFunc, type Cpu } from './select.js';

export type { Cpu } from './select.js';
export type { CodeReloc, CodeRelocKind, LineEntry } from './emit.js';
export { printMFunc };

export interface CodegenOptions {
  /** Target ISA version (default 3: alu32 and JMP32). */
  mcpu?: Cpu;
  /** Called with each function's machine IR after register allocation (debugging, tests). */
  traceMir?: (stage: 'selected' | 'allocated', f: MFunc) => void;
}

export interface FunctionCode {
  name: string;
  /** The SEC() name for entry programs; undefined for subprograms (which go to .text). */
  section?: string;
  linkage: Linkage;
  insns: Insn[];
  relocs: CodeReloc[];
  lines: LineEntry[];
  /** Stack bytes the function uses (a multiple of 8). */
  stackSize: number;
  span: Span;
}

export interface CodegenResult {
  functions: FunctionCode[];
  diagnostics: Diagnostic[];
}

export const MAX_CALL_FRAMES = 8;

export function generateModule(m: Module, opts: CodegenOptions = {}): CodegenResult {
  const mcpu = opts.mcpu ?? 3;
  const diagnostics: Diagnostic[] = [];
  const functions: FunctionCode[] = [];
  for (const f of m.funcs) {
    if (f.params.length > 5) diagnostics.push(backendError('B2003', `function '${f.name}' has ${f.params.length} parameters: eBPF passes at most 5, in r1-r5`, f.span));
  }
  diagnostics.push(...checkCallGraph(m));
  for (const f of m.funcs) {
    const r = generateFunc(f, m, mcpu, opts, diagnostics);
    if (r) functions.push(r);
  }
  diagnostics.push(...checkStackChains(m, functions));
  return { functions, diagnostics };
}

function generateFunc(src: Func, m: Module, mcpu: Cpu, opts: CodegenOptions, diagnostics: Diagnostic[]): FunctionCode | undefined {
  const f = cloneFunc(src);
  prepareFunc(f);
  const { mf, diags } = selectFunc(f, m, { mcpu });
  diagnostics.push(...diags);
  if (diags.some((d) => d.severity === 'error')) return undefined;
  removeDeadCode(mf);
  setLoopDepths(mf);
  opts.traceMir?.('selected', mf);
  allocateRegisters(mf);
  peephole(mf);
  opts.traceMir?.('allocated', mf);
  shareStackSlots(mf);
  const stackSize = layoutFrame(mf);
  const fd = checkFrame(mf, stackSize);
  diagnostics.push(...fd);
  resolveFrame(mf);
  const enc = encodeFunc(mf, layoutBlocks(mf), mcpu, diagnostics);
  return { name: f.name, section: f.section, linkage: f.linkage, insns: enc.insns, relocs: enc.relocs, lines: enc.lines, stackSize, span: f.span };
}

function setLoopDepths(mf: MFunc): void {
  const g = { entry: mf.blocks[0] as MBlock, succs: (b: MBlock) => mSuccessors(b.term) };
  const depths = loopDepths(g, dominators(g));
  for (const b of mf.blocks) b.depth = depths.get(b) ?? 0;
}

function calleesOf(f: Func): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  for (const b of f.blocks) for (const i of b.insts) if (i.kind === 'call' && i.callee.kind === 'func') out.push({ name: i.callee.name, span: i.span });
  return out;
}

/** Recursion (B2004) and call depth (B2007). */
function checkCallGraph(m: Module): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const byName = new Map(m.funcs.map((f) => [f.name, f]));
  const state = new Map<string, 'active' | 'done'>();
  const depth = new Map<string, number>();
  const reported = new Set<string>();
  const visit = (f: Func): number => {
    const st = state.get(f.name);
    if (st === 'done') return depth.get(f.name) as number;
    state.set(f.name, 'active');
    let d = 1;
    for (const c of calleesOf(f)) {
      const g = byName.get(c.name);
      if (!g) continue;
      if (state.get(g.name) === 'active') {
        if (!reported.has(`${f.name}>${g.name}`)) {
          reported.add(`${f.name}>${g.name}`);
          diags.push(backendError('B2004', `recursive call of '${g.name}' from '${f.name}': the kernel rejects call cycles`, c.span));
        }
        continue;
      }
      d = Math.max(d, 1 + visit(g));
    }
    state.set(f.name, 'done');
    depth.set(f.name, d);
    return d;
  };
  for (const f of m.funcs) {
    const d = visit(f);
    if (f.section !== undefined && d > MAX_CALL_FRAMES) diags.push(backendError('B2007', `calls from '${f.name}' nest ${d} frames deep; the kernel allows ${MAX_CALL_FRAMES}`, f.span));
  }
  return diags;
}

/** B2002: the stacks along any call chain (each rounded up to 32 bytes) must fit in 512 bytes. */
function checkStackChains(m: Module, code: FunctionCode[]): Diagnostic[] {
  const size = new Map(code.map((c) => [c.name, Math.max(32, Math.ceil(c.stackSize / 32) * 32)]));
  const byName = new Map(m.funcs.map((f) => [f.name, f]));
  const memo = new Map<string, { total: number; chain: string[] }>();
  const worst = (name: string, seen: Set<string>): { total: number; chain: string[] } => {
    const hit = memo.get(name);
    if (hit) return hit;
    const f = byName.get(name);
    const own = size.get(name) ?? 0;
    let best = { total: own, chain: [name] };
    if (f && !seen.has(name)) {
      seen.add(name);
      for (const c of calleesOf(f)) {
        const w = worst(c.name, seen);
        if (own + w.total > best.total) best = { total: own + w.total, chain: [name, ...w.chain] };
      }
      seen.delete(name);
    }
    memo.set(name, best);
    return best;
  };
  const diags: Diagnostic[] = [];
  for (const f of m.funcs) {
    if (f.section === undefined) continue;
    const w = worst(f.name, new Set());
    if (w.chain.length > 1 && w.total > MAX_STACK) {
      diags.push(backendError('B2002', `the call chain ${w.chain.join(' -> ')} uses ${w.total} bytes of stack (frames rounded to 32), more than ${MAX_STACK}`, f.span));
    }
  }
  return diags;
}
