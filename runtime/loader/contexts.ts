// The program-type side of a test run: for each packet, the context the program gets in r1 (runtime/
// context: xdp_md, or a TC / socket-filter __sk_buff, set up as net/bpf/test_run.c does it) and the
// per-run helper environment (runtime/helpers HelperEnv: program type, license, CPU, clock, random
// numbers, printk sink), the kernel's input checks (a refused input is reported, not run), and the
// packet handed back (BPF_PROG_TEST_RUN's data_out). In: a loaded program and packet bytes.
import { EbpfcError } from '../errors.js';
import {
  contextKindOf, createContext, followPacket, type ContextOptions, type ProgramContext as Ctx,
} from '../context/index.js';
import { HelperEnv, type TraceRecord } from '../helpers/index.js';
import { BPF_ATTACH_TYPE } from '../object/index.js';
import type { Region } from '../vm/index.js';
import type { LoadedObject, LoadedProgram } from './load.js';

export interface ProgramContext {
  /** The helpers' environment of this program's runs. */
  readonly env: HelperEnv;
  /** Sets the context up for `packet`: r1, the helpers' environment and the packet region. */
  begin(packet: Uint8Array): { r1: number; env: HelperEnv; packet: Region } | { refused: string };
  /**
   * begin() without the result object, for the per-packet path: undefined when the context is ready
   * (then `r1` and `packet` hold the run's r1 and packet region), else why the test run refuses.
   */
  prepare(packet: Uint8Array): string | undefined;
  /** r1 of the run prepared last: the context's address */
  readonly r1: number;
  /** the packet region of the run prepared last */
  readonly packet: Region;
  /**
   * The packet after the run: `dataOut` as the kernel's test run copies it out (XDP: from data_meta, so
   * with any metadata; socket filters: with the 14 MAC bytes zeroed), and `frame` the Ethernet frame
   * to write to a capture (XDP: from data, without the metadata; otherwise dataOut).
   */
  end(): { dataOut: Uint8Array; frame: Uint8Array };
}

export interface ContextRunOptions {
  /** Seed of bpf_get_prandom_u32 (default 0). */
  seed?: number;
  /** Called with each bpf_trace_printk line as it is produced. */
  onTrace?: (rec: TraceRecord) => void;
  /** Largest XDP metadata (bpf_xdp_adjust_meta): 32 (default, the original limit) or 255 (newer kernels). */
  xdpMetaMax?: number;
}

/** Licenses the kernel treats as GPL-compatible (include/linux/license.h license_is_gpl_compatible). */
const GPL_COMPATIBLE = ['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'];

export function isGplCompatible(license: string | undefined): boolean {
  return license !== undefined && GPL_COMPATIBLE.includes(license);
}

/** The context of `prog`'s type; throws EbpfcError for types the VM cannot run on packets. */
export function createProgramContext(obj: LoadedObject, prog: LoadedProgram, opts: ContextRunOptions = {}): ProgramContext {
  const type = prog.type.name;
  if (contextKindOf(type) === undefined) {
    throw new EbpfcError('run', `program "${prog.name}": running ${type} programs on packets is not supported (xdp, tc and socket filters are)`);
  }
  const attach = prog.type.expectedAttachType;
  const devmapOrCpumap = attach === BPF_ATTACH_TYPE.BPF_XDP_DEVMAP || attach === BPF_ATTACH_TYPE.BPF_XDP_CPUMAP;
  const ctxOpts: ContextOptions = { ...(opts.xdpMetaMax !== undefined ? { metaMax: opts.xdpMetaMax } : {}) };
  const ctx: Ctx = followPacket(createContext(obj.vm.mem, type, ctxOpts), obj.vm.st);
  const env = new HelperEnv({
    maps: obj.env,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.onTrace !== undefined ? { onTrace: opts.onTrace } : {}),
  });
  env.progType = type;
  env.gpl = isGplCompatible(obj.license);
  env.ctx = ctx;
  const prepare = (packet: Uint8Array): string | undefined => {
    if (devmapOrCpumap) return 'test run refused: XDP programs for devmap or cpumap entries cannot be test-run (EINVAL)';
    const refused = ctx.trySetup(packet);
    if (refused !== undefined) return `test run refused: ${refused.message}`;
    env.redirect = undefined;
    if (env.trace.length !== 0) env.trace.length = 0;
    return undefined;
  };
  return {
    env,
    prepare,
    get r1() {
      return ctx.r1;
    },
    get packet() {
      return ctx.packet;
    },
    begin(packet) {
      const refused = prepare(packet);
      return refused !== undefined ? { refused } : { r1: ctx.r1, env, packet: ctx.packet };
    },
    end: () => {
      const r = ctx.result();
      return { dataOut: r.dataOut, frame: ctx.kind === 'xdp' ? r.packet : r.dataOut };
    },
  };
}
