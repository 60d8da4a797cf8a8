// `ebpfc objdump FILE.o [-r] [-S] [--json] [--print-imm-hex]`: disassembly of every code section in
// llvm-objdump-16's format (cli-contract.md), relocations with -r, .BTF.ext source lines with -S, or the
// listing as one JSON object. A thin layer over runtime/object's listObject / printListing.
import type { Command } from 'commander';
import { readInput, type CliIo } from '../io.js';

interface ObjdumpOptions {
  reloc?: boolean;
  source?: boolean;
  json?: boolean;
  printImmHex?: boolean;
}

export function registerObjdump(program: Command, io: CliIo): void {
  program
    .command('objdump')
    .description('disassemble an eBPF object in llvm-objdump syntax')
    .argument('<file>', 'ELF object')
    .option('-d, --disassemble', 'disassemble code sections (always on)')
    .option('-r, --reloc', 'show relocations after the instructions they patch')
    .option('-S, --source', 'show source lines from .BTF.ext line info')
    .option('--print-imm-hex', 'print immediates in hex (decimal by default)')
    .option('--json', 'print the listing as one JSON object')
    .action(async (file: string, opts: ObjdumpOptions) => {
      const { listObject, printListing } = await import('../../runtime/object/index.js');
      const listing = listObject(readInput(io, file, 'objdump'), {
        relocations: opts.reloc === true || opts.json === true,
        source: opts.source === true || opts.json === true,
        hex: opts.printImmHex === true,
      });
      if (opts.json === true) io.stdout(`${JSON.stringify({ file, sections: listing.sections })}\n`);
      else io.stdout(printListing(listing, file));
    });
}
