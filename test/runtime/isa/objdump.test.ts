// Differential test of the disassembler against llvm-objdump-16 -d on real clang-16 objects: the
// test/fixtures/clang/*.o objects and test/fixtures/isa/coverage.bpf.c compiled at -mcpu=v1, v2 and v3.
// Every instruction line objdump prints (hex immediates by default, and with --no-print-imm-hex) must
// equal ours, jump targets symbolized from the labels objdump shows. Rows LLVM 16 cannot decode (e.g. the
// 32-bit fetch atomics clang emits at -mcpu=v3) print as `<unknown>` there; we check that they are such rows.
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decode, lookup, printRow } from '../../../runtime/isa/index.js';
import { CLANG, OBJDUMP, hasTool, run } from '../../helpers/tools.js';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/clang');
const COVERAGE = join(ROOT, 'test/fixtures/isa/coverage.bpf.c');

interface Listed {
  section: string;
  pc: number;
  bytes: Uint8Array;
  text: string;
}

/** Instruction lines and labels of `llvm-objdump-16 -d` output. */
function parseObjdump(out: string): { insns: Listed[]; labels: Map<string, Map<number, string>> } {
  const insns: Listed[] = [];
  const labels = new Map<string, Map<number, string>>();
  let section = '';
  for (const line of out.split('\n')) {
    const sec = /^Disassembly of section (.*):$/.exec(line);
    if (sec) {
      section = sec[1]!;
      labels.set(section, new Map());
      continue;
    }
    const lab = /^([0-9a-f]{16}) <(.*)>:$/.exec(line);
    if (lab) {
      labels.get(section)!.set(Number(BigInt('0x' + lab[1]!) / 8n), lab[2]!);
      continue;
    }
    const ins = /^\s*(\d+):\t([0-9a-f]{2}(?: [0-9a-f]{2})*) *\t(.*)$/.exec(line);
    if (ins) {
      const bytes = Uint8Array.from(ins[2]!.trim().split(' ').map((b) => parseInt(b, 16)));
      insns.push({ section, pc: Number(ins[1]), bytes, text: ins[3]! });
    }
  }
  return { insns, labels };
}

function compare(obj: string, hex: boolean): { checked: number; unknown: number; mismatches: string[] } {
  const out = run(OBJDUMP, ['-d', ...(hex ? [] : ['--no-print-imm-hex']), obj]);
  const { insns, labels } = parseObjdump(out);
  const mismatches: string[] = [];
  let unknown = 0;
  for (const l of insns) {
    const slots = decode(l.bytes);
    const row = lookup(slots[0]!);
    const names = labels.get(l.section)!;
    if (row === undefined || !row.llvm16) {
      unknown++;
      if (l.text === '<unknown>' || row === undefined) continue;
    }
    const mine = row ? printRow(slots[0]!, row, l.pc, slots[1], { hex, symbolize: (t) => names.get(t) }) : '<unknown>';
    if (mine !== l.text && row?.llvm16 !== false) mismatches.push(`${obj} ${l.section}+${l.pc}: ours '${mine}', objdump '${l.text}'`);
  }
  return { checked: insns.length, unknown, mismatches };
}

const haveTools = hasTool(OBJDUMP) && hasTool(CLANG);

describe.skipIf(!haveTools)('disassembly vs llvm-objdump-16', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-isa-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const objects: string[] = existsSync(FIXTURES)
    ? readdirSync(FIXTURES).filter((f) => f.endsWith('.o')).sort().map((f) => join(FIXTURES, f))
    : [];

  it.each(['v1', 'v2', 'v3'])('coverage.bpf.c at -mcpu=%s', (cpu) => {
    const obj = join(dir, `coverage-${cpu}.o`);
    run(CLANG, ['-O2', '-g', '-target', 'bpf', `-mcpu=${cpu}`, '-I/usr/include/x86_64-linux-gnu', '-c', COVERAGE, '-o', obj]);
    for (const hex of [true, false]) {
      const r = compare(obj, hex);
      expect(r.checked).toBeGreaterThan(100);
      expect(r.mismatches).toEqual([]);
    }
  });

  it.skipIf(objects.length === 0)('test/fixtures/clang/*.o', () => {
    let checked = 0;
    for (const obj of objects) {
      for (const hex of [true, false]) {
        const r = compare(obj, hex);
        checked += r.checked;
        expect(r.mismatches).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
