// `ebpfc run --trace`: one line per executed instruction — program and pc, the instruction in
// llvm-objdump syntax, and the registers it changed — with the source line from .BTF.ext line info
// printed whenever it changes, and the registers a run starts with:
//
//   ; registers: r1=0x120d0 r10=0x10200
//   ; xdp_counter.bpf.c:31  void *data_end = (void *)(long)ctx->data_end;
//   xdp_count+0: r6 = *(u32 *)(r1 + 4)               r6=0x12211
//
// The VM's trace hook runs before each instruction, so a line is written when the next instruction
// (or the end of the run: flush) shows what the previous one did.
import { printInsn } from '../runtime/isa/index.js';
import type { Program, RunState, TraceFn } from '../runtime/vm/index.js';

const hex = (lo: number, hi: number): string =>
  hi === 0 ? `0x${(lo >>> 0).toString(16)}` : `0x${(hi >>> 0).toString(16)}${(lo >>> 0).toString(16).padStart(8, '0')}`;

export interface Tracer {
  trace: TraceFn;
  /** Starts a new run. */
  reset(): void;
  /** Ends a run: writes the last instruction's line with `note` (e.g. the return value or the fault). */
  flush(note: string): void;
}

/** A tracer writing lines to `write`. */
export function createTracer(write: (line: string) => void): Tracer {
  const lastL = new Int32Array(11);
  const lastH = new Int32Array(11);
  let first = true;
  let lastSource = '';
  let pending: string | undefined;
  const emit = (extra: string): void => {
    if (pending !== undefined) write(extra === '' ? `${pending}\n` : `${pending.padEnd(48)} ${extra}\n`);
    pending = undefined;
  };
  const trace: TraceFn = (prog: Program, pc: number, st: RunState) => {
    const regs: string[] = [];
    for (let r = 0; r <= 10; r++) {
      const lo = st.L[r]!;
      const hi = st.H[r]!;
      if (first ? lo !== 0 || hi !== 0 : lo !== lastL[r] || hi !== lastH[r]) regs.push(`r${r}=${hex(lo, hi)}`);
      lastL[r] = lo;
      lastH[r] = hi;
    }
    if (first) write(`; registers: ${regs.join(' ')}\n`);
    else emit(regs.join(' '));
    first = false;
    const src = prog.sourceAt(pc);
    if (src !== undefined) {
      const where = `${src.file}:${src.line}`;
      if (where !== lastSource) {
        write(`; ${where}  ${(src.text ?? '').trim()}\n`);
        lastSource = where;
      }
    }
    let text: string;
    try {
      text = printInsn(prog.insns, pc, { lossless: true });
    } catch {
      text = '<unknown>';
    }
    pending = `${prog.name}+${pc}: ${text}`;
  };
  return {
    trace,
    reset(): void {
      first = true;
      lastSource = '';
      pending = undefined;
    },
    flush(note: string): void {
      emit(note);
    },
  };
}
