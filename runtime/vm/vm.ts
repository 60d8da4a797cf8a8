// The VM: loads predecoded programs into one address space and runs them with exact RFC 9669
// semantics, in either tier (the reference interpreter, or compiled JavaScript for speed; both share
// this run state, the memory gate's slow path, helper calls, tail calls and callbacks defined here).
//
//   const vm = createVm({ helpers, budget, cpu, tier });
//   const prog = vm.load({ insns, name, lineInfo });          // throws VmFault('invalid-insn')
//   const { r0, insns } = vm.run(prog, { r1: ctxAddr, env, packet }); // throws VmFault
//
// Calls: BPF-to-BPF calls get their own 512-byte stack frame (at most MAX_CALL_FRAMES frames); r6-r9
// and r10 are restored on return. Tail calls (helper 12): r2 must point at a region whose owner is a
// ProgArray of programs loaded in this VM; kernel semantics: an index past max_entries or a 34th tail
// call falls through without a count, an empty slot falls through after counting; on success the
// target starts at pc 0 with all registers as they were, in the same frame. A helper may run a callback
// (a BPF_PSEUDO_FUNC value) in a new frame via HelperCall.callback. callx calls a function value of the
// running program (like a bpf-to-bpf call) or, given a plain number, the helper with that id.
//
// Function values (ld_imm64 BPF_PSEUDO_FUNC): high word FUNC_TAG | program id, low word the target
// pc; never a valid address.
//
// Stacks are zeroed when the VM is created and not between runs (as in the kernel, where the verifier
// rejects reads of uninitialized stack), unless `clearStack` is set. Tiers: see Tier. Budget: a run
// that would execute more than `budget` instructions faults at the first instruction past it.

import { EbpfcError } from '../errors.js';
import { FAULT, RawFault, VmFault, hex64, type FaultKind } from './fault.js';
import { AddressSpace, PERM, REGION_KIND, type MemoryOptions, type Region } from './memory.js';
import { ACCESS_READ, ACCESS_WRITE } from './access.js';
import { createHelperRegistry, type HelperRegistry } from './helpers.js';
import { decodeProgram, type CpuVersion, type ProgramSource, Program } from './program.js';
import { HelperCallImpl } from './helper-call.js';
import { fromBig, toBigU } from './int64.js';
import { interpret } from './interpreter.js';
import { compileProgram, type CompiledFn } from './compile.js';
import { insnText } from './describe.js';

import { DEFAULT_BUDGET, FRAME_STRIDE, FUNC_TAG, MAX_CALL_FRAMES, MAX_TAIL_CALL_CNT, STACK_SIZE } from './constants.js';

/** A prog-array map as the VM sees it (runtime/maps implements it on its PROG_ARRAY). */
export interface ProgArray {
  readonly maxEntries: number;
  /** the program in slot `index` (a Program loaded in this VM), or undefined for an empty slot */
  progAt(index: number): unknown;
}

export function isProgArray(x: unknown): x is ProgArray {
  return typeof x === 'object' && x !== null && typeof (x as ProgArray).progAt === 'function' &&
    typeof (x as ProgArray).maxEntries === 'number';
}

/**
 * 'interpreter': the reference interpreter. 'compiled': generated JavaScript, compiled on first use
 * (fastest once V8 has optimised it; large programs take V8 a while). 'auto' (the default): compiled
 * at once for programs of up to AUTO_COMPILE_SLOTS slots, otherwise interpreted until the program has
 * executed AUTO_COMPILE_INSNS instructions in total, then compiled.
 */
export type Tier = 'interpreter' | 'compiled' | 'auto';
export const AUTO_COMPILE_SLOTS = 200;
export const AUTO_COMPILE_INSNS = 2_000_000;

export interface VmOptions {
  /** an address space to share, or options for a new one */
  memory?: AddressSpace | MemoryOptions;
  helpers?: HelperRegistry;
  /** instruction budget per run (default 1,000,000) */
  budget?: number;
  /** highest cpu version programs may use (default 4) */
  cpu?: CpuVersion;
  /** reject invalid instructions at load (default true); otherwise they fault when reached */
  strict?: boolean;
  /** execution tier (default 'auto'; the interpreter is the reference and is used for tracing) */
  tier?: Tier;
  /** number of CPUs per-CPU maps model (for helpers; default 1) */
  cpus?: number;
  /** seed for deterministic helpers (random numbers); default 0 */
  seed?: number;
  /**
   * zero the stack frames a run used before the next run (default false: as in the kernel, a run may
   * find what the previous one left; the verifier rejects programs that read uninitialized stack)
   */
  clearStack?: boolean;
}

export type RegValue = bigint | number;

export interface RunOptions {
  r1?: RegValue;
  r2?: RegValue;
  r3?: RegValue;
  r4?: RegValue;
  r5?: RegValue;
  /** per-run environment handed to helpers (HelperCall.env) */
  env?: unknown;
  /** the packet region for legacy LD_ABS/LD_IND loads (its window is [data, data_end)) */
  packet?: Region;
  /** instruction budget for this run */
  budget?: number;
  tier?: Tier;
  /** first instruction (default 0) */
  entry?: number;
  /** the CPU the run is on, for helpers (default 0; must be below the VM's `cpus`) */
  cpu?: number;
  /**
   * called before every instruction executed (runs use the interpreter when set); `st.L` / `st.H`
   * hold the registers' low / high 32 bits at that point
   */
  trace?: TraceFn;
}

export type TraceFn = (prog: Program, pc: number, st: RunState) => void;

export interface RunResult {
  /** r0 at exit, as an unsigned 64-bit value */
  r0: bigint;
  /** instructions executed (ld_imm64 counts once) */
  insns: number;
}

/** The registers and bookkeeping of the run in progress (one per VM, reused). */
export class RunState {
  /** low / high 32 bits of r0..r10 */
  readonly L = new Int32Array(11);
  readonly H = new Int32Array(11);
  /** scratch for 64-bit results */
  readonly t = new Int32Array(2);
  budget = 0;
  /** budget the run started with */
  budgetStart = 0;
  tier: Tier = 'auto';
  /** current call frame (0 = the program's entry frame) */
  depth = 0;
  maxDepth = 0;
  tailCalls = 0;
  /** saved caller state per frame: return pc, r6..r9 (lo, hi), r10 (lo, hi) */
  readonly fr = new Int32Array(MAX_CALL_FRAMES * FRAME_STRIDE);
  readonly frProg: (Program | undefined)[] = new Array<Program | undefined>(MAX_CALL_FRAMES).fill(undefined);
  env: unknown = undefined;
  packet: Region | undefined = undefined;
  trace: TraceFn | undefined = undefined;
  cpu = 0;
  /** program and pc of the helper call in progress (for faults raised inside helpers) */
  callProg: Program | undefined = undefined;
  callPc = 0;
}

export class Vm {
  readonly mem: AddressSpace;
  readonly helpers: HelperRegistry;
  readonly budget: number;
  readonly cpu: CpuVersion;
  readonly strict: boolean;
  readonly tier: Tier;
  readonly cpus: number;
  readonly seed: number;
  readonly clearStack: boolean;
  /** top address (initial r10) of each call frame's stack */
  readonly stackTop: Int32Array;
  readonly stacks: Region[];
  readonly st = new RunState();
  private readonly programs: (Program | undefined)[] = [];
  private running = false;
  private readonly call: HelperCallImpl;

  constructor(opts: VmOptions = {}) {
    this.mem = opts.memory instanceof AddressSpace ? opts.memory : new AddressSpace(opts.memory);
    this.helpers = opts.helpers ?? createHelperRegistry();
    this.budget = opts.budget ?? DEFAULT_BUDGET;
    this.cpu = opts.cpu ?? 4;
    this.strict = opts.strict ?? true;
    this.tier = opts.tier ?? 'auto';
    this.cpus = opts.cpus ?? 1;
    this.seed = opts.seed ?? 0;
    this.clearStack = opts.clearStack ?? false;
    if (!Number.isInteger(this.budget) || this.budget < 0) throw new EbpfcError('vm', `bad instruction budget ${this.budget}`);
    if (!Number.isInteger(this.cpus) || this.cpus < 1 || this.cpus > 4096) throw new EbpfcError('vm', `bad CPU count ${this.cpus}`);
    this.stacks = [];
    this.stackTop = new Int32Array(MAX_CALL_FRAMES);
    for (let d = 0; d < MAX_CALL_FRAMES; d++) {
      const r = this.mem.allocate(STACK_SIZE, { kind: REGION_KIND.stack, perm: PERM.rw, name: `stack frame ${d}` });
      this.stacks.push(r);
      this.stackTop[d] = r.end;
    }
    this.call = new HelperCallImpl(this);
  }

  /** Predecodes and validates a program. Throws VmFault('invalid-insn') in strict mode. */
  load(source: ProgramSource, opts: { cpu?: CpuVersion; strict?: boolean } = {}): Program {
    if (this.programs.length >= 0x100000) throw new EbpfcError('vm', 'too many programs loaded');
    const p = decodeProgram(source, this.programs.length, { cpu: opts.cpu ?? this.cpu, strict: opts.strict ?? this.strict });
    if (!(p instanceof Program)) {
      const insns = source.insns;
      throw new VmFault({
        prog: source.name ?? 'prog', pc: p.pc, kind: FAULT.invalid, detail: p.detail,
        ...(p.pc < insns.length ? { insnText: insnText(insns, p.pc) } : {}),
      });
    }
    this.programs.push(p);
    return p;
  }

  /** Forgets a loaded program: it can no longer run or be a tail-call target (its id is not reused). */
  unload(prog: Program): void {
    if (this.programs[prog.id] !== prog) throw new EbpfcError('vm', `program "${prog.name}" was not loaded in this VM`);
    this.programs[prog.id] = undefined;
  }

  /** The function value a ld_imm64 BPF_PSEUDO_FUNC to `pc` of `prog` loads. */
  funcValue(prog: Program, pc: number): bigint {
    return toBigU(pc, FUNC_TAG | prog.id);
  }

  /** Runs `prog` from its first instruction. Throws VmFault. */
  run(prog: Program, opts: RunOptions = {}): RunResult {
    if (this.programs[prog.id] !== prog) throw new EbpfcError('vm', `program "${prog.name}" was not loaded in this VM`);
    if (this.running) throw new EbpfcError('vm', 'run() called while a run is in progress');
    const entry = opts.entry ?? 0;
    if (!Number.isInteger(entry) || entry < 0 || entry >= prog.n) throw new EbpfcError('vm', `entry ${entry} is outside program "${prog.name}"`);
    const st = this.st;
    const L = st.L;
    const H = st.H;
    for (let i = 0; i < 11; i++) {
      L[i] = 0;
      H[i] = 0;
    }
    if (opts.r1 !== undefined) setReg(st, 1, opts.r1);
    if (opts.r2 !== undefined) setReg(st, 2, opts.r2);
    if (opts.r3 !== undefined) setReg(st, 3, opts.r3);
    if (opts.r4 !== undefined) setReg(st, 4, opts.r4);
    if (opts.r5 !== undefined) setReg(st, 5, opts.r5);
    L[10] = this.stackTop[0]!;
    const budget = opts.budget ?? this.budget;
    if (budget !== this.budget && !(Number.isInteger(budget) && budget >= 0)) {
      throw new EbpfcError('vm', `bad instruction budget ${budget}`);
    }
    st.budget = budget;
    st.budgetStart = budget;
    st.trace = opts.trace;
    st.tier = opts.trace !== undefined ? 'interpreter' : opts.tier ?? this.tier;
    st.env = opts.env;
    st.packet = opts.packet;
    const cpu = opts.cpu ?? 0;
    if (cpu !== 0 && !(Number.isInteger(cpu) && cpu >= 0 && cpu < this.cpus)) {
      throw new EbpfcError('vm', `cpu ${cpu} is outside 0..${this.cpus - 1}`);
    }
    st.cpu = cpu;
    st.tailCalls = 0;
    st.depth = 0;
    if (this.clearStack) {
      const u8 = this.mem.u8;
      for (let d = 0; d <= st.maxDepth; d++) u8.fill(0, this.stackTop[d]! - STACK_SIZE, this.stackTop[d]!);
      st.maxDepth = 0;
    }
    this.running = true;
    try {
      this.exec(prog, entry, st.tier);
    } finally {
      prog.executed += budget - st.budget;
      this.running = false;
      st.env = undefined;
      st.packet = undefined;
      st.trace = undefined;
    }
    const lo = L[0]!;
    const hi = H[0]!;
    return { r0: hi === 0 && lo >= 0 && lo < SMALL.length ? SMALL[lo]! : toBigU(lo, hi), insns: budget - st.budget };
  }

  /** Runs from `pc` in the current frame until that frame exits. */
  exec(prog: Program, pc: number, tier: Tier): void {
    if (tier === 'auto') {
      tier = prog.compiled !== undefined || prog.n <= AUTO_COMPILE_SLOTS || prog.executed >= AUTO_COMPILE_INSNS
        ? 'compiled' : 'interpreter';
    }
    if (tier === 'interpreter') {
      interpret(this, this.st, prog, pc, this.st.depth);
    } else {
      let fn = prog.compiled as CompiledFn | undefined;
      if (fn === undefined) prog.compiled = fn = compileProgram(prog);
      fn(this, this.st, pc);
    }
  }

  // ---------- services for the tiers ----------

  /** Builds the VmFault for an instruction. */
  fault(prog: Program, pc: number, kind: FaultKind, detail: string): VmFault {
    const source = prog.sourceAt(pc);
    return new VmFault({
      prog: prog.name, pc, kind, detail,
      ...(pc < prog.n ? { insnText: insnText(prog.insns, pc) } : {}),
      ...(source !== undefined ? { source } : {}),
    });
  }

  /** Memory gate slow path: returns the region id or throws VmFault. `a` is -1 when not addressable. */
  gate(prog: Program, pc: number, a: number, size: number, need: number, lo: number, hi: number, off: number): number {
    if (a < 0) {
      const addr = (toBigU(lo, hi) + BigInt(off)) & 0xffffffffffffffffn;
      throw this.fault(prog, pc, FAULT.unmapped, `${need === ACCESS_WRITE ? 'write' : need === ACCESS_READ ? 'read' : 'atomic access'} of ${size} bytes at 0x${addr.toString(16)}: no region is mapped there`);
    }
    const id = this.mem.probe(a, size, need);
    if (id >= 0) return id;
    const e = this.mem.explain(a, size, need);
    throw this.fault(prog, pc, e.kind, e.detail);
  }

  /** Budget exhausted at `pc`. */
  budgetFault(prog: Program, pc: number): VmFault {
    this.st.budget = 0;
    return this.fault(prog, pc, FAULT.budget, `instruction budget of ${this.st.budgetStart} instructions exhausted`);
  }

  /** Calls helper `id` with r1..r5 from st; sets r0. Budget must be synced in st around the call. */
  callHelper(prog: Program, pc: number, id: number): void {
    const h = this.helpers.get(id);
    const st = this.st;
    if (h === undefined) throw this.fault(prog, pc, FAULT.unknownHelper, `helper ${id} is not available`);
    const call = this.call;
    const prevProg = st.callProg;
    const prevPc = st.callPc;
    st.callProg = prog;
    st.callPc = pc;
    call.helper = h;
    let res;
    try {
      res = h.call(call);
    } catch (e) {
      if (e instanceof VmFault) throw e;
      if (e instanceof RawFault) throw this.fault(prog, pc, e.kind, `${h.name}: ${e.detail}`);
      const msg = e instanceof Error ? e.message : String(e);
      throw this.fault(prog, pc, FAULT.helper, `${h.name}: ${msg}`);
    } finally {
      st.callProg = prevProg;
      st.callPc = prevPc;
    }
    const L = st.L;
    const H = st.H;
    if (typeof res === 'number') {
      if (!Number.isSafeInteger(res)) throw this.fault(prog, pc, FAULT.helper, `${h.name} returned ${res}, not an integer`);
      L[0] = res | 0;
      H[0] = res >= 0 && res < 0x80000000 ? 0 : Math.floor(res / 4294967296) | 0;
    } else if (typeof res === 'bigint') {
      fromBig(st.t, res);
      L[0] = st.t[0]!;
      H[0] = st.t[1]!;
    } else {
      L[0] = 0;
      H[0] = 0;
    }
  }

  /**
   * bpf_tail_call(ctx = r1, prog_array = r2, index = r3): returns the target program, or undefined to
   * fall through (r0 and every other register unchanged).
   */
  tailCall(prog: Program, pc: number): Program | undefined {
    const st = this.st;
    const L = st.L;
    const H = st.H;
    const region = H[2] === 0 && L[2]! >= 0 ? this.mem.regionAt(L[2]!) : undefined;
    const arr = region?.owner;
    if (!isProgArray(arr)) {
      throw this.fault(prog, pc, FAULT.helper, `bpf_tail_call: r2 = ${hex64(H[2]!, L[2]!)} is not a prog array map`);
    }
    const index = L[3]! >>> 0;
    if (index >= arr.maxEntries) return undefined;
    if (st.tailCalls >= MAX_TAIL_CALL_CNT) return undefined;
    st.tailCalls++;
    const target: unknown = arr.progAt(index);
    if (target === undefined || target === null) return undefined;
    if (!(target instanceof Program) || this.programs[target.id] !== target) {
      throw this.fault(prog, pc, FAULT.helper, `bpf_tail_call: slot ${index} does not hold a program loaded in this VM`);
    }
    return target;
  }

  /** The target pc of a function value in `prog`, or -1 when the value is not one of prog's functions. */
  funcTarget(prog: Program, lo: number, hi: number): number {
    if (hi !== (FUNC_TAG | prog.id) || lo < 0 || lo >= prog.n) return -1;
    return lo;
  }

  /** Pushes a call frame (caller state saved) for a call from `prog` at `pc`; faults past the limit. */
  pushFrame(prog: Program, pc: number, retPc: number): void {
    const st = this.st;
    const d = st.depth;
    if (d + 1 >= MAX_CALL_FRAMES) throw this.fault(prog, pc, FAULT.callDepth, `more than ${MAX_CALL_FRAMES} nested call frames`);
    const L = st.L;
    const H = st.H;
    const fr = st.fr;
    const b = d * FRAME_STRIDE;
    fr[b] = retPc;
    fr[b + 1] = L[6]!; fr[b + 2] = H[6]!;
    fr[b + 3] = L[7]!; fr[b + 4] = H[7]!;
    fr[b + 5] = L[8]!; fr[b + 6] = H[8]!;
    fr[b + 7] = L[9]!; fr[b + 8] = H[9]!;
    fr[b + 9] = L[10]!; fr[b + 10] = H[10]!;
    st.frProg[d] = prog;
    st.depth = d + 1;
    if (d + 1 > st.maxDepth) st.maxDepth = d + 1;
    L[10] = this.stackTop[d + 1]!;
    H[10] = 0;
  }

  /** Pops a call frame: restores r6-r10 and returns [caller program, return pc] via st.frProg. */
  popFrame(): number {
    const st = this.st;
    const d = --st.depth;
    const L = st.L;
    const H = st.H;
    const fr = st.fr;
    const b = d * FRAME_STRIDE;
    L[6] = fr[b + 1]!; H[6] = fr[b + 2]!;
    L[7] = fr[b + 3]!; H[7] = fr[b + 4]!;
    L[8] = fr[b + 5]!; H[8] = fr[b + 6]!;
    L[9] = fr[b + 7]!; H[9] = fr[b + 8]!;
    L[10] = fr[b + 9]!; H[10] = fr[b + 10]!;
    return fr[b]!;
  }

  /** Runs a callback function value with arguments in a new frame; returns its r0. */
  callback(fn: bigint, args: readonly bigint[]): bigint {
    const st = this.st;
    const prog = st.callProg;
    if (prog === undefined) throw new EbpfcError('vm', 'callback() outside a helper call');
    const pc = st.callPc;
    fromBig(st.t, fn);
    const target = this.funcTarget(prog, st.t[0]!, st.t[1]!);
    if (target < 0) throw this.fault(prog, pc, FAULT.badCall, `callback 0x${BigInt.asUintN(64, fn).toString(16)} is not a function of "${prog.name}"`);
    if (args.length > 5) throw this.fault(prog, pc, FAULT.helper, 'a callback takes at most 5 arguments');
    const d = st.depth;
    if (d + 1 >= MAX_CALL_FRAMES) throw this.fault(prog, pc, FAULT.callDepth, `more than ${MAX_CALL_FRAMES} nested call frames`);
    const L = st.L;
    const H = st.H;
    const saveL = L.slice();
    const saveH = H.slice();
    for (let i = 0; i < 5; i++) {
      fromBig(st.t, i < args.length ? args[i]! : 0n);
      L[i + 1] = st.t[0]!;
      H[i + 1] = st.t[1]!;
    }
    st.depth = d + 1;
    if (d + 1 > st.maxDepth) st.maxDepth = d + 1;
    L[10] = this.stackTop[d + 1]!;
    H[10] = 0;
    try {
      this.exec(prog, target, st.tier);
    } finally {
      st.depth = d;
    }
    const r0 = toBigU(L[0]!, H[0]!);
    L.set(saveL);
    H.set(saveH);
    return r0;
  }

  /** A VmFault for the sentinel past the last instruction. */
  endFault(prog: Program, pc: number): VmFault {
    return this.fault(prog, pc, FAULT.pcRange, `control reached pc ${pc}, past the last instruction (${prog.n - 1})`);
  }

  /** A VmFault for an instruction rejected at load in non-strict mode, now reached. */
  invalidFault(prog: Program, pc: number): VmFault {
    const p = prog.problems.find((x) => x.pc === pc);
    return this.fault(prog, pc, FAULT.invalid, p?.detail ?? 'invalid instruction');
  }

  /** A fault for a legacy packet load without a packet. */
  noPacketFault(prog: Program, pc: number): VmFault {
    return this.fault(prog, pc, FAULT.unmapped, 'legacy packet load (LD_ABS/LD_IND) but the run has no packet');
  }
}

/** BigInts 0..1023, so that the usual small r0 values need no allocation. */
const SMALL: readonly bigint[] = Object.freeze(Array.from({ length: 1024 }, (_, i) => BigInt(i)));

function setReg(st: RunState, r: number, v: RegValue): void {
  if (typeof v === 'number') {
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) {
      st.L[r] = v;
      st.H[r] = 0;
      return;
    }
    if (!Number.isSafeInteger(v)) throw new EbpfcError('vm', `register r${r} value ${v} is not a safe integer`);
    v = BigInt(v);
  }
  fromBig(st.t, v);
  st.L[r] = st.t[0]!;
  st.H[r] = st.t[1]!;
}

/** Creates a VM with its own (or a shared) address space. */
export function createVm(opts: VmOptions = {}): Vm {
  return new Vm(opts);
}
