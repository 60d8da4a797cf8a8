// `ebpfc asm SRC.s -o OUT.o [--section S]`: assembles llvm-objdump-syntax or conformance-syntax assembly
// into an eBPF object (cli-contract.md). Labels declared with .globl/.local become functions, `.map`
// declares maps, `.section` switches sections — see runtime/object/asm.ts for the directives. A thin
// layer over assembleObject and encodeObject.
import type { Command } from 'commander';
import { EbpfcError } from '../../runtime/errors.js';
import { readInput, type CliIo } from '../io.js';

export function registerAsm(program: Command, io: CliIo): void {
  program
    .command('asm')
    .description('assemble eBPF assembly (llvm-objdump or conformance syntax) into an ELF object')
    .argument('<src>', 'assembly source')
    .requiredOption('-o, --output <file>', 'object to write')
    .option('--section <name>', 'section for code before any .section directive', 'xdp')
    .action(async (src: string, opts: { output: string; section: string }) => {
      const { assembleObject, encodeObject } = await import('../../runtime/object/index.js');
      const text = new TextDecoder('utf-8').decode(readInput(io, src, 'asm'));
      const bytes = encodeObject(assembleObject(text, { section: opts.section, path: src }));
      try {
        io.writeFile(opts.output, bytes);
      } catch (e) {
        throw new EbpfcError('asm', `cannot write '${opts.output}': ${(e as Error).message}`);
      }
    });
}
