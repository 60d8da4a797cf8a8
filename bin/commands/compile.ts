// `ebpfc compile SRC -o OUT.o [-I DIR]... [-D NAME[=VALUE]]... [-U NAME]... [-O0|-O1|-O2]
// [--mcpu v1|v2|v3|v4] [--emit-ir FILE] [--emit-asm FILE] [--emit-ast FILE] [-g0]` (cli-contract.md):
// a thin layer over compiler/index.ts's compileC. Includes are read from disk (-I directories, then the
// system ones, then the bundled headers). Diagnostics go to stderr in the contract's format; any error
// ends with exit 1 and no output file. `.p4` sources are refused until a P4 front end exists.
import type { Command } from 'commander';
import { EbpfcError } from '../../runtime/errors.js';
import { EXIT, ExitRequest, readInput, type CliIo } from '../io.js';

interface CompileFlags {
  output?: string;
  include: string[];
  define: string[];
  undefine: string[];
  O?: string;
  mcpu?: string;
  emitIr?: string;
  emitAsm?: string;
  emitAst?: string;
  g?: string | boolean;
  verifierChecks?: boolean;
  prune?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

function optLevel(v: string | undefined): 0 | 1 | 2 {
  if (v === undefined) return 2;
  if (v === '0' || v === '1' || v === '2') return Number(v) as 0 | 1 | 2;
  if (v === '3' || v === 's' || v === 'z') return 2;
  throw new EbpfcError('compile', `invalid optimisation level '-O${v}' (use -O0, -O1 or -O2)`);
}

function mcpuOf(v: string | undefined): 1 | 2 | 3 | 4 {
  if (v === undefined) return 3;
  const m = /^v([1-4])$/.exec(v);
  if (!m) throw new EbpfcError('compile', `invalid --mcpu '${v}' (use v1, v2, v3 or v4)`);
  return Number(m[1]) as 1 | 2 | 3 | 4;
}

function debugLines(g: string | boolean | undefined): boolean {
  if (g === undefined || typeof g === 'boolean') return true;
  if (g === '0') return false;
  if (/^[1-3]$/.test(g)) return true;
  throw new EbpfcError('compile', `invalid debug level '-g${g}' (use -g or -g0)`);
}

export function registerCompile(program: Command, io: CliIo): void {
  program
    .command('compile')
    .description('compile restricted C to an eBPF ELF object')
    .argument('<src>', 'source file (.c / .bpf.c; .p4 for the P4-like DSL)')
    .option('-o, --output <file>', 'output object file')
    .option('-I, --include <dir>', 'add an include directory (repeatable)', collect, [])
    .option('-D, --define <name[=value]>', 'define a macro (repeatable)', collect, [])
    .option('-U, --undefine <name>', 'undefine a macro (repeatable)', collect, [])
    .option('-O <level>', 'optimisation level: 0, 1 or 2 (default 2)')
    .option('--mcpu <cpu>', 'target ISA version: v1, v2, v3 or v4 (default v3)')
    .option('--emit-ir <file>', 'write the optimised IR')
    .option('--emit-asm <file>', 'write the disassembly of the object (relocations and source lines)')
    .option('--emit-ast <file>', 'write the typed AST')
    .option('-g [level]', 'line info in .BTF.ext (on by default; -g0 turns it off)')
    .option('--no-verifier-checks', 'skip the checks for code the kernel verifier rejects')
    .option('--no-prune', 'parse and check every declaration of every header, also those the program never reaches')
    .action(async (src: string, flags: CompileFlags) => {
      if (src.endsWith('.p4')) throw new EbpfcError('compile', `'${src}': the P4 front end is not available yet; only C sources (.c, .bpf.c) can be compiled`);
      if (flags.output === undefined) throw new EbpfcError('compile', 'no output file given (-o OUT.o)');
      const text = new TextDecoder().decode(readInput(io, src, 'compile'));
      // loaded here, so that the other commands start without the compiler
      const { compileC, formatDiagnostics, hasErrors, sourceLookup } = await import('../../compiler/index.js');
      const { nodeFileSystem } = await import('../../grammar/c/preprocess/node-fs.js');
      const r = compileC(text, {
        path: src,
        fs: nodeFileSystem(),
        includeDirs: flags.include,
        defines: flags.define,
        undefines: flags.undefine,
        optLevel: optLevel(flags.O),
        mcpu: mcpuOf(flags.mcpu),
        debugLines: debugLines(flags.g),
        verifierChecks: flags.verifierChecks !== false,
        prune: flags.prune !== false,
        emitIr: flags.emitIr !== undefined,
        emitAsm: flags.emitAsm !== undefined,
        emitAst: flags.emitAst !== undefined,
        objectName: flags.output,
      });
      if (r.diagnostics.length > 0) io.stderr(formatDiagnostics(r.diagnostics, sourceLookup(r.files)));
      if (flags.emitAst !== undefined && r.ast !== undefined) io.writeFile(flags.emitAst, r.ast);
      if (flags.emitIr !== undefined && r.ir !== undefined) io.writeFile(flags.emitIr, r.ir);
      if (hasErrors(r.diagnostics) || r.object === undefined) throw new ExitRequest(EXIT.user);
      io.writeFile(flags.output, r.object);
      if (flags.emitAsm !== undefined && r.asm !== undefined) io.writeFile(flags.emitAsm, r.asm);
    });
}
