// `ebpfc conformance-plugin [MEMORY_HEX] [--elf]`: the eBPF conformance suite's plugin protocol
// (/work/shared/conformance/README.md, cli-contract.md): the program as one line of hex on stdin (raw
// instruction bytes, or with --elf a whole ELF object whose code is function `main`), the input memory
// as hex bytes in the first argument. Prints r0 in hex and exits 0; on any failure prints the message on
// stdout (the runner compares it with a test's expected error) and exits 1.
import type { Command } from 'commander';
import { EbpfcError } from '../../runtime/errors.js';
import { EXIT, ExitRequest, type CliIo } from '../io.js';

export function registerConformancePlugin(program: Command, io: CliIo): void {
  program
    .command('conformance-plugin')
    .description('run one program under the eBPF conformance suite plugin protocol (program hex on stdin)')
    .argument('[memory]', 'input memory as hex bytes')
    .option('--elf', 'stdin holds an ELF object (function main in .text or xdp) instead of raw instructions')
    .action(async (memory: string | undefined, opts: { elf?: boolean }) => {
      const { parseHex, runConformance } = await import('../../runtime/vm/index.js');
      try {
        const r0 = runConformance({
          program: parseHex(io.readStdin(), 'program'),
          ...(memory !== undefined ? { memory: parseHex(memory, 'memory') } : {}),
          elf: opts.elf === true,
        });
        io.stdout(`0x${r0.toString(16)}\n`);
      } catch (e) {
        if (!(e instanceof EbpfcError)) throw e;
        io.stdout(`${e.message}\n`);
        throw new ExitRequest(EXIT.user);
      }
    });
}
