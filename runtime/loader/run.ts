// Running a loaded program on packets, the way BPF_PROG_TEST_RUN does it (net/bpf/test_run.c): each
// packet is set up in the program type's context, the program runs on one CPU (map state persists from
// packet to packet), and the outcome is the return value (u32) and the packet as the kernel hands it
// back — or a refusal where the kernel's test run fails before running (e.g. an XDP packet shorter than
// an Ethernet header: EINVAL), or a VM fault. In: a LoadedObject and a program. Out: PacketOutcome.
import { EbpfcError } from '../errors.js';
import { VmFault, type RunOptions, type TraceFn } from '../vm/index.js';
import type { LoadedObject, LoadedProgram } from './load.js';
import { createProgramContext, type ContextRunOptions, type ProgramContext } from './contexts.js';

export type PacketOutcome =
  /** packet: as BPF_PROG_TEST_RUN's data_out; frame: the Ethernet frame (XDP: without metadata) */
  | { kind: 'ok'; retval: number; packet: Uint8Array; frame: Uint8Array; insns: number }
  /** the kernel's test run would fail for this input before running the program */
  | { kind: 'refused'; error: string }
  | { kind: 'fault'; error: string; pc: number; fault: VmFault };

const EMPTY = new Uint8Array(0);

export interface RunnerOptions extends ContextRunOptions {
  /** CPU the program runs on (default 0; below the object's CPU count). */
  cpu?: number;
  /** Called before every executed instruction (runs then use the interpreter). */
  trace?: TraceFn;
  /** Instruction budget per run (default: the VM's). */
  budget?: number;
}

export interface Runner {
  readonly program: LoadedProgram;
  /** The helpers' environment (clock, random state, printk records, last redirect). */
  readonly context: ProgramContext;
  /**
   * Runs the program once on `packet`. With `wantPacket` false the outcome's packet is left empty
   * (copying it out costs more than a short program's run).
   */
  run(packet: Uint8Array, wantPacket?: boolean): PacketOutcome;
}

/** A runner for `prog` of `obj`; throws EbpfcError when the program type cannot be run on packets. */
export function createRunner(obj: LoadedObject, prog: LoadedProgram, opts: RunnerOptions = {}): Runner {
  const cpu = opts.cpu ?? 0;
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= obj.env.ncpus) {
    throw new EbpfcError('run', `CPU ${cpu} does not exist (the object was loaded for ${obj.env.ncpus} CPU${obj.env.ncpus === 1 ? '' : 's'})`);
  }
  const ctx: ProgramContext = createProgramContext(obj, prog, opts);
  const vm = obj.vm;
  const env = ctx.env;
  // one options object for every run (vm.run reads it and keeps nothing)
  const runOpts: RunOptions = { r1: 0, cpu, env };
  if (opts.trace !== undefined) runOpts.trace = opts.trace;
  if (opts.budget !== undefined) runOpts.budget = opts.budget;
  return {
    program: prog,
    context: ctx,
    run(packet: Uint8Array, wantPacket = true): PacketOutcome {
      const refused = ctx.prepare(packet);
      if (refused !== undefined) return { kind: 'refused', error: refused };
      obj.env.cpu = cpu;
      try {
        runOpts.r1 = ctx.r1;
        runOpts.packet = ctx.packet;
        const r = vm.run(prog.prog, runOpts);
        // r0's low 32 bits, as the run state holds them (the same as Number(r.r0 & 0xffffffff))
        const retval = vm.st.L[0]! >>> 0;
        if (!wantPacket) return { kind: 'ok', retval, packet: EMPTY, frame: EMPTY, insns: r.insns };
        const out = ctx.end();
        return { kind: 'ok', retval, packet: out.dataOut, frame: out.frame, insns: r.insns };
      } catch (e) {
        if (e instanceof VmFault) return { kind: 'fault', error: e.message, pc: e.pc, fault: e };
        throw e;
      } finally {
        runOpts.packet = undefined;
        // a faulted run may leave ring buffer records reserved: they are discarded
        env.finishRun();
      }
    },
  };
}
