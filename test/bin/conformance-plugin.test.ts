// `ebpfc conformance-plugin` speaks the conformance suite's plugin protocol: driven in-process for all
// 313 tests exactly as the upstream runner drives a plugin (program hex on stdin, memory hex with two
// spaces after each byte as the argument, r0 parsed from stdout as base 16), with --elf on a few
// programs wrapped in an ELF object, and once as a real child process.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { encode } from '../../runtime/isa/index.js';
import type { Insn } from '../../runtime/isa/index.js';
import {
  EM_BPF, ET_REL, SHF_ALLOC, SHF_EXECINSTR, SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STT_FUNC,
  StringTableBuilder, encodeElf, encodeSymbolTable,
} from '../../runtime/elf/index.js';
import { runCli } from '../../bin/cli.js';
import { memoryIo } from '../helpers/io.js';
import { parseConformanceData } from '../runtime/vm/conformance-data.js';
import { programOf } from '../runtime/vm/conformance-run.js';

const DIR = join(import.meta.dirname, '../../../shared/conformance/tests');
const ROOT = join(import.meta.dirname, '../..');
const TESTS = readdirSync(DIR).filter((f) => f.endsWith('.data')).sort();

/** As the upstream runner writes bytes: two hex digits and two spaces each. */
function runnerHex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0') + '  ').join('');
}

/** A relocatable ELF object with `insns` in section `sec` and a global function symbol `main`. */
function elfOf(insns: Insn[], sec = '.text'): Uint8Array {
  const code = encode(insns);
  const strings = new StringTableBuilder();
  const symtab = encodeSymbolTable([
    { name: '', value: 0, size: 0, bind: 0, type: 0, shndx: 0 },
    { name: 'main', value: 0, size: code.length, bind: STB_GLOBAL, type: STT_FUNC, shndx: 1 },
  ], strings);
  return encodeElf({
    type: ET_REL, machine: EM_BPF,
    sections: [
      { name: sec, type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addralign: 8, data: code },
      { name: '.strtab', type: SHT_STRTAB, addralign: 1 },
      { name: '.symtab', type: SHT_SYMTAB, link: 2, info: 1, entsize: 24, addralign: 8, data: symtab },
    ],
    names: { index: 2, strings },
  });
}

async function plugin(stdin: string, args: string[]): Promise<{ code: number; out: string }> {
  const io = memoryIo(stdin);
  const code = await runCli(['conformance-plugin', ...args], io);
  return { code, out: io.out() };
}

describe('ebpfc conformance-plugin', () => {
  it('passes all 313 conformance tests through the plugin protocol', async () => {
    const failures: string[] = [];
    for (const file of TESTS) {
      const c = parseConformanceData(file, readFileSync(join(DIR, file), 'utf8'));
      const stdin = runnerHex(encode(programOf(c))) + '\n';
      const args = c.mem !== undefined ? [runnerHex(c.mem)] : [];
      const { code, out } = await plugin(stdin, args);
      const r0 = code === 0 ? BigInt.asUintN(64, BigInt('0x' + out.trim().replace(/^0x/, ''))) : undefined;
      if (r0 !== c.result) failures.push(`${file}: exit ${code}, stdout ${JSON.stringify(out)}, expected 0x${c.result?.toString(16)}`);
    }
    expect(failures).toEqual([]);
  });

  it('runs ELF objects with --elf (function main in .text or xdp)', async () => {
    for (const [file, sec] of [['mem-len.data', '.text'], ['call_local.data', 'xdp'], ['lock_cmpxchg.data', '.text']] as const) {
      const c = parseConformanceData(file, readFileSync(join(DIR, file), 'utf8'));
      const stdin = runnerHex(elfOf(programOf(c), sec)) + '\n';
      const { code, out } = await plugin(stdin, [...(c.mem !== undefined ? [runnerHex(c.mem)] : []), '--elf']);
      expect(code, file).toBe(0);
      expect(BigInt(out.trim()), file).toBe(c.result);
    }
  });

  it('fails with a message and exit 1 on a rejected program', async () => {
    // add32 with a non-zero offset field: reserved, rejected
    const { code, out } = await plugin('04 00 01 00 01 00 00 00 95 00 00 00 00 00 00 00\n', []);
    expect(code).toBe(1);
    expect(out).toMatch(/^vm: main\+0: invalid-insn: .*off/);
    const bad = await plugin('61 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00\n', []);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/unmapped/);
  });

  it('works as a child process', () => {
    const c = parseConformanceData('mem-len.data', readFileSync(join(DIR, 'mem-len.data'), 'utf8'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/ebpfc.ts'), 'conformance-plugin', runnerHex(c.mem!)], {
      input: runnerHex(encode(programOf(c))) + '\n', encoding: 'utf8', cwd: ROOT, timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(BigInt(r.stdout.trim())).toBe(8n);
  });
});
