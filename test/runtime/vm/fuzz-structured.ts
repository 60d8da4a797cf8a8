// Seeded random programs with structure, for comparing the VM's tiers: unlike genProgram's mostly
// faulting instruction soup, these run to their end. In: a PRNG and a shape. Out: a linked instruction
// list (main function, then subprograms) that
//   - starts by giving r0-r9 random 64-bit values (sign bits set in either half, edge values such as
//     0x80000000, 0xffffffff, 32, 63) and stores them to stack slots,
//   - runs a chain of basic blocks of every ALU/ALU64 operation (K and X, shifts by 0..63, signed
//     division, byte swaps, sign-extending moves), stack loads/stores of every size, helper calls and
//     bpf-to-bpf calls, each block ending in a fall-through, a goto, or a conditional jump of any kind
//     (JMP and JMP32, K and X) to any block, backwards too: loops whose headers have several
//     predecessors, nested and overlapping loops. Every backward edge first counts in a stack slot and
//     leaves for the epilogue past a per-function limit, so each run ends;
//   - ends (epilogue) by storing every register to the stack and observing each one through signed and
//     unsigned, 32- and 64-bit comparisons and a signed division, folded into r0 (a register whose
//     lo/hi halves are held in a wrong form changes the result or the instruction count).
// Subprograms are built the same way with their own stack frame, may call later subprograms (no
// recursion), and return r0.
import { ISA_TABLE } from '../../../runtime/isa/index.js';
import type { Insn, IsaRow } from '../../../runtime/isa/index.js';
import { compileProgram, type CompileOptions } from '../../../runtime/vm/compile.js';
import { INPUT_BYTES, createWorld, fillInputs, initialRegs, rng, runOne, type FuzzWorld } from './fuzz-harness.js';

export interface StructuredShape {
  /** basic blocks of the main function */
  blocks: number;
  /** instructions per block before its terminator (1..maxBlockLen) */
  maxBlockLen: number;
  /** subprograms (each with blocks / 3 + 1 blocks) */
  subprograms: number;
  /** backward jumps taken per function call before it leaves for its epilogue */
  loopLimit: number;
}

/** An instruction with an optional symbolic target, resolved when the program is laid out. */
interface Item {
  insn: Insn;
  /** jump: block index in this function (blocks.length = epilogue); call: subprogram index */
  block?: number;
  sub?: number;
}

const ALU_ROWS = ISA_TABLE.filter((r) => r.form === 'alu-imm' || r.form === 'alu-reg' || r.form === 'neg' ||
  r.form === 'endian' || r.form === 'movsx');
const JMP_ROWS = ISA_TABLE.filter((r) => r.form === 'jmp-imm' || r.form === 'jmp-reg');
const LDX_ROWS = ISA_TABLE.filter((r) => r.form === 'ldx');
const ST_ROWS = ISA_TABLE.filter((r) => r.form === 'st' || r.form === 'stx');

const EDGE32 = [0, 1, -1, 2, 7, 31, 32, 33, 63, 64, 255, 0xffff, 0x7fffffff, -0x80000000, -2, -8, 0x10000, 0xff00];
/** Stack slot of the loop counter; r10 - 16 … r10 - 8 * SLOTS hold data. */
const COUNTER = -8;
const SLOTS = 12;

const LDDW = 0x18;
const JA = 0x05;
const JGT_K = 0x25;
const LDXDW = 0x79;
const STXDW = 0x7b;
const STDW = 0x7a;
const ADD64_K = 0x07;
const CALL = 0x85;
const EXIT = 0x95;

function insn(code: number, dst = 0, src = 0, off = 0, imm = 0): Insn {
  return { code, dst, src, off, imm };
}

/** Generates one program. */
export function genStructured(rnd: () => number, shape: StructuredShape): Insn[] {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const int = (n: number): number => Math.floor(rnd() * n);
  const reg = (): number => int(10);
  const imm32 = (): number => (rnd() < 0.7 ? pick(EDGE32) : (int(4294967296) | 0));
  const value64 = (): [number, number] => {
    const lo = imm32();
    const r = rnd();
    const hi = r < 0.3 ? 0 : r < 0.5 ? lo >> 31 : r < 0.65 ? -1 : r < 0.75 ? pick(EDGE32) : int(4294967296) | 0;
    return [lo, hi];
  };

  const aluInsn = (row: IsaRow): Insn => {
    const x: Insn = { code: row.code, dst: reg(), src: 0, off: 0, imm: 0, ...row.match };
    if (row.form === 'alu-reg' || row.form === 'movsx') x.src = reg();
    if (row.form === 'alu-imm') {
      if (row.op === 'lsh' || row.op === 'rsh' || row.op === 'arsh') {
        const bits = row.width;
        x.imm = rnd() < 0.5 ? pick([0, 1, bits / 2 - 1, bits / 2, bits / 2 + 1, bits - 1]) : int(bits);
      } else {
        x.imm = imm32();
        if ((row.op === 'div' || row.op === 'sdiv' || row.op === 'mod' || row.op === 'smod') && x.imm === 0) x.imm = 3;
      }
    }
    return x;
  };

  /** What compilers emit around 32-bit values: zero/sign extension, high words, subregister moves. */
  const idiom = (d: number): Insn[] => {
    const s = reg();
    switch (int(6)) {
      case 0: return [insn(0x67, d, 0, 0, 32), insn(0x77, d, 0, 0, 32)]; // r <<= 32; r >>= 32
      case 1: return [insn(0x67, d, 0, 0, 32), insn(0xc7, d, 0, 0, 32)]; // r <<= 32; r s>>= 32
      case 2: return [insn(0x77, d, 0, 0, 32)]; // r >>= 32
      case 3: return [insn(0xbc, d, s, 0, 0), insn(0x0f, d, s, 0, 0)]; // w = w(s); r += s
      case 4: return [insn(0xb7, s, 0, 0, pick([32, 31, 63, 0, 33])), insn(pick([0x6f, 0x7f, 0xcf, 0x6c, 0x7c, 0xcc]), d, s, 0, 0)];
      default: return [insn(0x04, d, 0, 0, imm32()), insn(0x1c, d, s, 0, 0)]; // w += k; w -= w(s)
    }
  };

  /** A random conditional jump (JMP or JMP32, K or X) on register `d`. */
  const condJump = (d: number, off: number): Insn => {
    const row = pick(JMP_ROWS);
    const x: Insn = { code: row.code, dst: d, src: 0, off, imm: 0 };
    if (row.form === 'jmp-reg') x.src = reg();
    else x.imm = rnd() < 0.3 ? 0 : imm32();
    return x;
  };

  /** `if (cond on d) skip the next 1-3 instructions`: a join point inside a block; returns the last dst. */
  const ifThen = (items: Item[], d: number): number => {
    const skip = 1 + int(3);
    items.push({ insn: condJump(d, skip) });
    let last = d;
    for (let j = 0; j < skip; j++) {
      const x = aluInsn(pick(ALU_ROWS));
      items.push({ insn: x });
      last = x.dst;
    }
    return last;
  };

  const slot = (): number => -8 * (2 + int(SLOTS - 1));

  /** The items of one function (index `self`: -1 for main); calls go to subprograms after it. */
  const genFunction = (nBlocks: number, self: number): Item[] => {
    const items: Item[] = [];
    const blockAt: number[] = [];
    // prologue: counter, random register values, spilled to the data slots
    items.push({ insn: insn(STDW, 10, 0, COUNTER, 0) });
    for (let r = 0; r <= 9; r++) {
      if (self >= 0 && r >= 1 && r <= 5 && rnd() < 0.5) continue; // keep some arguments
      const [lo, hi] = value64();
      items.push({ insn: insn(LDDW, r, 0, 0, lo) }, { insn: insn(0, 0, 0, 0, hi) });
    }
    for (let k = 2; k <= SLOTS; k++) items.push({ insn: insn(STXDW, 10, reg(), -8 * k, 0) });
    for (let b = 0; b < nBlocks; b++) {
      blockAt.push(items.length);
      const len = 1 + int(shape.maxBlockLen);
      let last = reg();
      for (let i = 0; i < len; i++) {
        const r = rnd();
        if (r < 0.6) {
          const x = aluInsn(pick(ALU_ROWS));
          items.push({ insn: x });
          last = x.dst;
        } else if (r < 0.72) {
          last = reg();
          for (const x of idiom(last)) items.push({ insn: x });
          if (rnd() < 0.5) last = ifThen(items, last);
        } else if (r < 0.8) {
          last = ifThen(items, rnd() < 0.7 ? last : reg());
        } else if (r < 0.86) {
          const row = pick(LDX_ROWS);
          last = reg();
          items.push({ insn: { code: row.code, dst: last, src: 10, off: slot() + (8 - row.size) * int(2), imm: 0 } });
        } else if (r < 0.92) {
          const row = pick(ST_ROWS);
          items.push({ insn: { code: row.code, dst: 10, src: row.form === 'stx' ? reg() : 0, off: slot(), imm: row.form === 'st' ? imm32() : 0 } });
        } else if (r < 0.96) {
          items.push({ insn: insn(CALL, 0, 0, 0, 1) }); // fuzz_add: r0 = r1 + r2
          last = 0;
        } else if (self + 1 < shape.subprograms) {
          items.push({ insn: insn(CALL, 0, 1, 0, 0), sub: self + 1 + int(shape.subprograms - self - 1) });
          last = 0;
        }
      }
      // terminator: fall through, goto, or a conditional jump; backward edges count first
      const r = rnd();
      if (r < 0.25) continue;
      // mostly short jumps, as compilers lay code out; some anywhere
      const target = rnd() < 0.7 ? Math.max(0, Math.min(nBlocks, b - 3 + int(7))) : int(nBlocks + 1);
      if (target <= b) {
        const s = reg();
        items.push(
          { insn: insn(LDXDW, s, 10, COUNTER, 0) },
          { insn: insn(ADD64_K, s, 0, 0, 1) },
          { insn: insn(STXDW, 10, s, COUNTER, 0) },
          { insn: insn(JGT_K, s, 0, 0, shape.loopLimit), block: nBlocks },
        );
      }
      if (r < 0.35) {
        items.push({ insn: insn(JA), block: target });
      } else {
        // compilers compare what they just computed
        items.push({ insn: condJump(rnd() < 0.6 ? last : reg(), 0), block: target });
      }
    }
    // epilogue
    blockAt.push(items.length);
    for (let r = 0; r <= 9; r++) items.push({ insn: insn(STXDW, 10, r, -8 * (2 + r), 0) });
    const observe = (cond: Insn, k: number): void => {
      items.push({ insn: { ...cond, off: 1 } }, { insn: insn(ADD64_K, 0, 0, 0, k) });
    };
    let k = 1;
    for (let r = 0; r <= 9; r++) {
      const q = (r + 1 + int(9)) % 10;
      const checks = [
        insn(0x66, r, 0, 0, 0), // if w(r) s> 0
        insn(0xc5, r, 0, 0, 0), // if r s< 0
        insn(0x1d, r, q, 0, 0), // if r == q
        insn(0x1e, r, q, 0, 0), // if w(r) == w(q)
        insn(0x6e, r, q, 0, 0), // if w(r) s> w(q)
        insn(0x2d, r, q, 0, 0), // if r > q
        insn(0xae, r, q, 0, 0), // if w(r) < w(q)
        insn(0x45, r, 0, 0, -0x80000000), // if r & 0xffffffff80000000
      ];
      observe(checks[0]!, k++); // the sign of the low word: sees a half held unsigned
      for (let c = 0; c < 2; c++) observe(pick(checks), k++);
    }
    for (let r = 1; r <= 9; r++) {
      items.push({ insn: { code: 0x34, dst: r, src: 0, off: 1, imm: 7 } }); // w(r) s/= 7
      items.push({ insn: insn(0x0f, 0, r, 0, 0) }); // r0 += r
    }
    items.push({ insn: insn(EXIT) });
    // resolve jumps to blocks (function-relative positions)
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.block !== undefined) it.insn.off = blockAt[it.block]! - i - 1;
    }
    return items;
  };

  const funcs: Item[][] = [genFunction(shape.blocks, -1)];
  for (let s = 0; s < shape.subprograms; s++) funcs.push(genFunction(Math.floor(shape.blocks / 3) + 1, s));
  const starts: number[] = [];
  let at = 0;
  for (const f of funcs) {
    starts.push(at);
    at += f.length;
  }
  const out: Insn[] = [];
  for (const f of funcs) {
    for (const it of f) {
      if (it.sub !== undefined) it.insn.imm = starts[it.sub + 1]! - out.length - 1;
      out.push(it.insn);
    }
  }
  // keep the compiler honest about the encodable range of jump offsets
  for (const x of out) if (x.off < -32768 || x.off > 32767) throw new Error('structured program too large');
  return out;
}

/** A shape drawn at random around `blocks` main-function blocks. */
export function randomShape(rnd: () => number, blocks: number): StructuredShape {
  return {
    blocks: Math.max(1, Math.floor(blocks * (0.5 + rnd()))),
    maxBlockLen: 1 + Math.floor(rnd() * 8),
    subprograms: Math.floor(rnd() * 3),
    loopLimit: 1 + Math.floor(rnd() * 12),
  };
}

export const BIG_BUDGET = 1 << 22;

export interface Stats {
  programs: number;
  results: number;
  /** runs that took a backward jump in the main function (its loop counter, r10 - 8, is not zero) */
  looped: number;
  /** programs compiled into more than one chunk function */
  split: number;
  mismatches: string[];
}

/**
 * Runs `programs` structured programs (about `blocks` blocks in main) in both tiers: first in the
 * interpreter with a large budget (for the statistics and the instruction count), then in both with
 * `budget(rnd, count)`, compiled with `chunking(rnd)`.
 */
export function compareTiers(seed: number, programs: number, blocks: number, chunking: (rnd: () => number) => CompileOptions,
  budget: (rnd: () => number, full: number) => number): Stats {
  const rnd = rng(seed);
  const interp: FuzzWorld = createWorld('interpreter', BIG_BUDGET);
  const comp: FuzzWorld = createWorld('compiled', BIG_BUDGET);
  const input = new Uint8Array(INPUT_BYTES);
  const s: Stats = { programs, results: 0, looped: 0, split: 0, mismatches: [] };
  for (let i = 0; i < programs; i++) {
    const insns: Insn[] = genStructured(rnd, randomShape(rnd, blocks));
    for (let j = 0; j < input.length; j++) input[j] = Math.floor(rnd() * 256);
    const regs = initialRegs(interp, rnd);
    fillInputs(interp, input);
    const full = runOne(interp, insns, regs, `s${i}`, false);
    const m = /insns=(\d+)/.exec(full.result);
    const n = m ? Number(m[1]) : 0;
    if (m) s.results++;
    const top = interp.vm.stackTop[0]!;
    if (new DataView(interp.vm.mem.u8.buffer).getInt32(top - 8, true) > 0) s.looped++;
    const b = budget(rnd, n);
    const withBudget = { ...regs, budget: b }; // RunOptions.budget
    const opts = chunking(rnd);
    fillInputs(interp, input);
    fillInputs(comp, input);
    const x = runOne(interp, insns, withBudget, `s${i}`);
    let y;
    try {
      y = runOne(comp, insns, withBudget, `s${i}`, true, (p) => {
        const fn = compileProgram(p, opts);
        if ((fn.chunks ?? 1) > 1) s.split++;
        return fn;
      });
    } catch (e) {
      y = { result: `threw ${String(e)}`, memory: 0 }; // an InternalError of checkInt32, or a crash
    }
    if (x.result !== y.result || x.memory !== y.memory) {
      s.mismatches.push(`seed 0x${seed.toString(16)} program ${i} (${insns.length} slots, budget ${b}, ${JSON.stringify(opts)}): interpreter ${x.result} mem ${x.memory}, compiled ${y.result} mem ${y.memory}`);
    }
  }
  return s;
}
