// The program-type side of a test run: for each packet, the context the program gets in r1 (and the
// per-run environment its helpers see), the kernel's input checks, and the packet handed back. In: a
// loaded program and packet bytes. Out: a ProgramContext. Implements BPF_PROG_TEST_RUN's input rules
// (net/bpf/test_run.c) for the types the VM can run.
import { EbpfcError } from '../errors.js';
import { BPF_ATTACH_TYPE, BPF_PROG_TYPE } from '../object/index.js';
import { createXdpEnv, type Region } from '../vm/index.js';
import type { LoadedObject, LoadedProgram } from './load.js';

/** ETH_HLEN: BPF_PROG_TEST_RUN refuses shorter XDP and skb inputs with EINVAL. */
const ETH_HLEN = 14;

export interface ProgramContext {
  /** Sets the context up for `packet`: r1, the helpers' environment and the packet region. */
  begin(packet: Uint8Array): { r1: number; env?: unknown; packet?: Region } | { refused: string };
  /** The packet after the run, as the kernel's test run copies it out. */
  end(): Uint8Array;
  /** The test run's retval from r0's low 32 bits, when the type changes it. */
  retval?(r0: number): number;
}

/** The context of `prog`'s type; throws EbpfcError for types the VM cannot run on packets. */
export function createProgramContext(obj: LoadedObject, prog: LoadedProgram): ProgramContext {
  const t = prog.type;
  switch (t.progType) {
    case BPF_PROG_TYPE.BPF_PROG_TYPE_XDP:
      return xdpContext(obj, prog);
    default:
      throw new EbpfcError('run', `program "${prog.name}": running ${t.name} programs on packets is not supported`);
  }
}

function refuse(why: string): { refused: string } {
  return { refused: `test run refused: ${why} (BPF_PROG_TEST_RUN fails with EINVAL)` };
}

function xdpContext(obj: LoadedObject, prog: LoadedProgram): ProgramContext {
  const attach = prog.type.expectedAttachType;
  const env = createXdpEnv(obj.vm.mem);
  return {
    begin(packet) {
      if (attach === BPF_ATTACH_TYPE.BPF_XDP_DEVMAP || attach === BPF_ATTACH_TYPE.BPF_XDP_CPUMAP) {
        return refuse('XDP programs for devmap or cpumap entries cannot be test-run');
      }
      if (packet.length < ETH_HLEN) return refuse(`packet of ${packet.length} bytes is shorter than an Ethernet header`);
      env.setPacket(packet);
      return { r1: env.ctx.start, packet: env.packet };
    },
    end: () => env.packetBytes(),
  };
}
