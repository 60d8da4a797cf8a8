// `ebpfc run OBJ [--prog NAME] [--prog-type T] (--packet HEX … | --pcap FILE) [--out FILE.pcap]
//   [--map-update MAP KEYHEX VALUEHEX …] [--cpus N] [--repeat N] [--dump-maps] [--trace] [--json]`
// (/work/shared/cli-contract.md): the command's flags; bin/run-exec.ts (loaded when the command runs)
// does the work.
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { RunFlags } from '../run-exec.js';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function registerRun(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('run an eBPF object on packets in the VM, as BPF_PROG_TEST_RUN does')
    .argument('<obj>', 'ELF object')
    .option('--prog <name>', "program to run: its function name (or its section name when unique)")
    .option('--prog-type <type>', 'program type when the section name does not give it (xdp, tc, socket, …)')
    .option('--packet <hex>', 'a packet as hex bytes (repeat for more packets)', collect, [])
    .option('--pcap <file>', 'run every packet of a pcap or pcapng capture (Ethernet)')
    .option('--out <file>', 'write the packets after the run (those that ran) to a pcap file')
    .option('--map-update <map key value...>', 'set MAP[KEYHEX] = VALUEHEX before the first packet (repeatable)')
    .option('--cpus <n>', 'number of CPUs (values in per-CPU maps); the program runs on CPU 0', '1')
    .option('--repeat <n>', 'run each packet N times, each from the original packet (maps keep changing; the last run is reported)', '1')
    .option('--seed <n>', 'seed of bpf_get_prandom_u32 (default 0)', '0')
    .option('--xdp-meta-max <n>', 'largest XDP metadata bpf_xdp_adjust_meta allows: 32 (the original limit) or 255 (Linux 6.x)', '32')
    .option('--dump-maps', 'print every map after the run')
    .option('--trace', 'print each executed instruction with the registers')
    .option('--json', 'print one JSON object per packet (and the maps), as the command-line contract says')
    .action(async (obj: string, flags: RunFlags) => {
      const { run } = await import('../run-exec.js');
      run(io, obj, flags);
    });
}
