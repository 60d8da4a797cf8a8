// `ebpfc btf FILE [--json]`: the BTF of an ELF object (its .BTF section) or of a raw BTF file (such as
// /sys/kernel/btf/vmlinux), printed as `bpftool btf dump file FILE` does (cli-contract.md), or as
// `bpftool -j btf dump file FILE` with --json. A thin layer over runtime/btf's decoder and printers.
import type { Command } from 'commander';
import { EbpfcError } from '../../runtime/errors.js';
import { readInput, type CliIo } from '../io.js';

/** The .BTF bytes of an ELF object, or the file itself when it is raw BTF. */
async function btfBytesOf(bytes: Uint8Array, path: string, magic: number): Promise<Uint8Array> {
  if (bytes.length >= 2 && (bytes[0] | ((bytes[1] ?? 0) << 8)) === magic) return bytes;
  const { decodeElf } = await import('../../runtime/elf/index.js');
  const elf = decodeElf(bytes);
  const sec = elf.sections.find((s) => s.name === '.BTF');
  if (sec === undefined) throw new EbpfcError('btf', `'${path}' has no .BTF section`);
  return sec.data;
}

export function registerBtf(program: Command, io: CliIo): void {
  program
    .command('btf')
    .description("dump the BTF of an object (or of a raw BTF file) in bpftool's format")
    .argument('<file>', 'ELF object or raw BTF')
    .option('--json', "print bpftool's JSON form")
    .action(async (file: string, opts: { json?: boolean }) => {
      const { BTF_MAGIC, decodeBtf, printBtf, printBtfJson } = await import('../../runtime/btf/index.js');
      const btf = decodeBtf(await btfBytesOf(readInput(io, file, 'btf'), file, BTF_MAGIC));
      io.stdout(opts.json === true ? printBtfJson(btf) : printBtf(btf));
    });
}
