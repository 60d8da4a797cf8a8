// Assembler behaviour beyond round trips: labels, relocation requests, syntax detection, and errors that
// carry line:col and say what is wrong. Bounded seeded fuzzing: no input makes decode, validate, the
// printers or the assembler throw anything but IsaError.
import { describe, expect, it } from 'vitest';
import {
  IsaError, assemble, decode, detectSyntax, disassemble, disassembleConformance, findIsaErrors, encode,
} from '../../../runtime/isa/index.js';

function asmError(text: string, syntax: 'llvm' | 'conformance' = 'llvm'): string {
  try {
    assemble(text, { syntax });
  } catch (e) {
    if (e instanceof IsaError) return e.message;
    throw e;
  }
  throw new Error(`assembled: ${text}`);
}

describe('assemble: labels and relocation requests', () => {
  it('resolves forward and backward labels in both syntaxes', () => {
    const llvm = assemble('start:\n  r0 = 0\n  if r0 == 0 goto done\n  goto start\ndone: exit\n');
    expect(llvm.insns.map((i) => i.off)).toEqual([0, 1, -3, 0]);
    expect(llvm.labels).toEqual([{ name: 'start', pc: 0, line: 1 }, { name: 'done', pc: 3, line: 5 }]);
    const conf = assemble('mov %r0, 0\njeq %r0, 0, done\nja -2\ndone:\nexit\n');
    expect(conf.insns.map((i) => i.off)).toEqual([0, 1, -2, 0]);
  });

  it('turns undefined call and ld_imm64 symbols into relocation requests', () => {
    const r = assemble('r1 = my_map ll\nr2 = data + 16 ll\ncall helper_fn\ncall local_fn\nexit\nlocal_fn:\nr0 = 1\nexit\n');
    expect(r.relocs).toEqual([
      { pc: 0, symbol: 'my_map', kind: 'ld_imm64', addend: 0, line: 1, col: 6 },
      { pc: 2, symbol: 'data', kind: 'ld_imm64', addend: 16, line: 2, col: 6 },
      { pc: 4, symbol: 'helper_fn', kind: 'call', addend: 0, line: 3, col: 6 },
    ]);
    // call to a label in the text: a resolved bpf-to-bpf call (src 1, imm = target - pc - 1)
    expect(r.insns[5]).toEqual({ code: 0x85, dst: 0, src: 1, off: 0, imm: 1 });
    expect(r.insns[4]).toEqual({ code: 0x85, dst: 0, src: 1, off: 0, imm: -1 });
    const c = assemble('lddw %r1, counts\ncall local f\nexit\n');
    expect(c.relocs.map((x) => [x.symbol, x.kind])).toEqual([['counts', 'ld_imm64'], ['f', 'call']]);
  });

  it('accepts comments, symbolized targets and both register spellings of 32-bit memory ops', () => {
    const a = assemble('  w1 = *(u32 *)(r2 + 4) // load\n  *(u32 *)(r10 - 4) = w1 ; store\n  goto +0 <LBB0_1> # jump\n  lock *(u32 *)(r1 + 0) += w2\n');
    const b = assemble('r1 = *(u32 *)(r2 + 4)\n*(u32 *)(r10 - 4) = r1\ngoto +0\nlock *(u32 *)(r1 + 0) += r2\n');
    expect(encode(a.insns)).toEqual(encode(b.insns));
  });

  it('detects the syntax', () => {
    expect(detectSyntax('mov %r0, 1\nexit\n')).toBe('conformance');
    expect(detectSyntax('ja L\nL:\nexit\n')).toBe('conformance');
    expect(detectSyntax('lock or [x]\n')).toBe('conformance');
    expect(detectSyntax('r0 = 1\nexit\n')).toBe('llvm');
    expect(detectSyntax('exit\n')).toBe('llvm');
    expect(detectSyntax('lock *(u64 *)(r1 + 0) += r2\n')).toBe('llvm');
  });
});

describe('assemble: errors', () => {
  it.each([
    ['r0 = 1\nr11 = 2\n', 'asm: 2:1: invalid register \'r11\' (r0..r10)'],
    ['r0 = 2147483648\n', 'asm: 1:6: immediate 2147483648 does not fit in 32 bits'],
    ['w0 = 0xffffffff\nr0 = 0x100000000\n', 'asm: 2:6: immediate 0x100000000 does not fit in 32 bits'],
    ['r0 = *(u32 *)(r1 + 32768)\n', 'asm: 1:18: offset 32768 does not fit in 16 bits'],
    ['goto nowhere\n', 'asm: 1:6: Invalid label: nowhere'],
    ['r0 += w1\n', 'asm: 1:7: register widths differ: \'r0\' and \'w1\''],
    ['r0 = -r1\n', 'asm: 1:7: negation must name the destination register again'],
    ['frob r0\n', 'asm: 1:1: unknown instruction \'frob\''],
    ['r0 = *(u128 *)(r1 + 0)\n', 'asm: 1:8: expected u8, u16, u32, u64, s8, s16 or s32, found \'u128\''],
    ['if r0 ~ 1 goto +1\n', 'asm: 1:7: unexpected character \'~\''],
    ['L:\nL:\n', 'asm: 2:1: Duplicate label L (previous definition at line 1)'],
    ['exit r0\n', 'asm: 1:6: unexpected \'r0\' at end of instruction'],
    ['r1 = 5 ll extra\n', 'asm: 1:11: unexpected \'extra\' at end of instruction'],
    ['w1 = le16 w1\n', 'asm: 1:11: expected a 64-bit register, found \'w1\''],
    ['r2 = atomic_fetch_add((u64 *)(r1 + 0), r3)\n', 'asm: 1:40: atomic_fetch_add must return into its source register'],
    ['r0 = 12abc\n', 'asm: 1:6: invalid number \'12a\''],
    ['ld_pseudo r1, 9, 0\n', 'asm: 1:15: ld_pseudo kind 9 is not 1..6'],
  ])('%j', (text, message) => {
    expect(asmError(text)).toBe(message);
  });

  it.each([
    ['add32 %r0\n', 'asm: 1:1: Invalid number of operands for mnemonic: add32'],
    ['movsx832 %r0, 5\n', 'asm: 1:15: movsx832 takes a register source'],
    ['stxw %r0, %r1\n', 'asm: 1:6: Failed to decode register and offset: %r0'],
    ['jeq %r0, 1, nowhere\n', 'asm: 1:13: Invalid label: nowhere'],
    ['lock fetch nand [%r1], %r2\n', 'asm: 1:12: Invalid mnemonic: lock nand'],
    ['lddw %r0, 0x10000000000000000\n', 'asm: 1:11: immediate 0x10000000000000000 does not fit in 64 bits'],
  ])('conformance %j', (text, message) => {
    expect(asmError(text, 'conformance')).toBe(message);
  });
});

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fuzz (seeded, bounded)', () => {
  it('random bytes: decode, validate and print never throw', () => {
    const rnd = prng(1234);
    for (let n = 0; n < 300; n++) {
      const bytes = Uint8Array.from({ length: 8 * (1 + Math.floor(rnd() * 12)) }, () => Math.floor(rnd() * 256));
      const insns = decode(bytes);
      findIsaErrors(insns);
      disassemble(insns, { hex: rnd() < 0.5, lossless: true });
      disassembleConformance(insns);
    }
  });

  it('mutated program text: the assembler throws only IsaError', () => {
    const rnd = prng(99);
    const seeds = [
      'r0 = *(u32 *)(r1 + 4)\nif r3 > r2 goto +1\nlock *(u64 *)(r0 + 0) += r1\nr1 = 0 ll\ncall 1\nw0 = w1\nr0 = be16 r0\nexit\n',
      'lddw %r0, 0x1122334455667788\njne %r0, 15, L\nlock fetch add32 [%r10-4], %r1\ncall local L\nL:\nexit\n',
    ];
    const alphabet = ' \t\n()[]*+-=,:<>%#;/sx0123456789rwl_LabcdefgkpuvxyzA';
    let rejected = 0;
    for (let n = 0; n < 1500; n++) {
      const chars = [...seeds[n % 2]!];
      const edits = 1 + Math.floor(rnd() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * chars.length);
        const op = rnd();
        const c = alphabet[Math.floor(rnd() * alphabet.length)]!;
        if (op < 0.4) chars[at] = c;
        else if (op < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, c);
      }
      try {
        assemble(chars.join(''));
      } catch (e) {
        if (!(e instanceof IsaError)) throw new Error(`non-IsaError for ${JSON.stringify(chars.join(''))}: ${String(e)}`);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(100);
  });
});
