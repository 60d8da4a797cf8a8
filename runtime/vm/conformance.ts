// Running a program the way the eBPF conformance suite's plugin protocol expects
// (/work/shared/conformance/README.md): the program as raw instruction bytes (or a whole ELF object
// whose code is the function `main` in `.text` or `xdp`), optional input memory; r1 = pointer to a
// private copy of the memory (0 when there is none), r2 = its length, r10 = top of a 512-byte stack,
// helper 5 returns its first argument. Out: r0. Used by `ebpfc conformance-plugin` and the tests.

import { decode, INSN_SIZE } from '../isa/index.js';
import type { Insn } from '../isa/index.js';
import { decodeElf, STT_FUNC } from '../elf/index.js';
import { EbpfcError } from '../errors.js';
import { conformanceHelpers, createHelperRegistry } from './helpers.js';
import { PERM, REGION_KIND } from './memory.js';
import { createVm, type Tier } from './vm.js';

export interface ConformanceRun {
  /** instruction bytes, or an ELF object when `elf` is set */
  program: Uint8Array;
  memory?: Uint8Array;
  elf?: boolean;
  tier?: Tier;
}

/** Parses hex text: whitespace-separated bytes (`b7 00 …`) or unseparated pairs (`b700…`). */
export function parseHex(text: string, what: string): Uint8Array {
  const out: number[] = [];
  for (const w of text.split(/\s+/)) {
    if (w === '') continue;
    const t = w.startsWith('0x') || w.startsWith('0X') ? w.slice(2) : w;
    if (!/^[0-9a-fA-F]+$/.test(t) || (t.length > 2 && t.length % 2 !== 0)) {
      throw new EbpfcError('conformance', `${what}: "${w}" is not hex bytes`);
    }
    if (t.length <= 2) out.push(parseInt(t, 16));
    else for (let i = 0; i < t.length; i += 2) out.push(parseInt(t.slice(i, i + 2), 16));
  }
  return Uint8Array.from(out);
}

/** The instructions of function `main` in an ELF object (section `.text` or `xdp`). */
export function conformanceElfProgram(bytes: Uint8Array): { insns: Insn[]; entry: number } {
  const elf = decodeElf(bytes);
  const main = elf.symbols.find((s) => s.name === 'main' && s.type === STT_FUNC);
  const sec = main !== undefined ? elf.sections[main.shndx] : elf.sections.find((s) => s.name === '.text' || s.name === 'xdp');
  if (sec === undefined) throw new EbpfcError('conformance', 'ELF object has no function "main" and no .text or xdp section');
  if (sec.data.length % INSN_SIZE !== 0) throw new EbpfcError('conformance', `section ${sec.name} size ${sec.data.length} is not a multiple of 8`);
  const entry = main !== undefined ? main.value / INSN_SIZE : 0;
  if (!Number.isInteger(entry) || entry < 0 || entry >= sec.data.length / INSN_SIZE) {
    throw new EbpfcError('conformance', `function main at offset ${main?.value} is outside section ${sec.name}`);
  }
  return { insns: decode(sec.data), entry };
}

/** Runs a conformance program; returns r0. Throws VmFault or EbpfcError. */
export function runConformance(run: ConformanceRun): bigint {
  let insns: Insn[];
  let entry = 0;
  if (run.elf === true) ({ insns, entry } = conformanceElfProgram(run.program));
  else {
    if (run.program.length % INSN_SIZE !== 0) {
      throw new EbpfcError('conformance', `program is ${run.program.length} bytes, not a multiple of 8`);
    }
    insns = decode(run.program);
  }
  const vm = createVm({ helpers: createHelperRegistry(conformanceHelpers()), ...(run.tier ? { tier: run.tier } : {}) });
  const prog = vm.load({ insns, name: 'main' });
  let r1 = 0;
  const mem = run.memory;
  if (mem !== undefined && mem.length > 0) {
    const r = vm.mem.allocate(mem.length, { kind: REGION_KIND.other, perm: PERM.rw, name: 'mem' });
    vm.mem.u8.set(mem, r.start);
    r1 = r.start;
  }
  return vm.run(prog, { r1, r2: mem?.length ?? 0, entry }).r0;
}
