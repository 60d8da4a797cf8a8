// Seeded random differential test of the whole back end: random functions over i8/i16/i32/i64 values
// (every binary operation, compares, casts, byte swaps, stack loads and stores, diamonds with phis,
// helper-free calls) are run in the IR interpreter (the definition of IR semantics) and, after the
// optimiser and code generation at every -O level and cpu version, in runtime/vm. Results must agree.
import { describe, expect, it } from 'vitest';
import { generateModule, type Cpu } from '../../../compiler/codegen/index.js';
import { IrMemory, interpret, optimizeModule, printModule, validateModule, type Module } from '../../../compiler/ir/index.js';
import { genModule } from './randprog.js';
import { cloneModule } from '../../../compiler/ir/clone.js';
import { VmHarness } from './vmrun.js';
import { CLANG, canUseKernel, hasTool } from '../../helpers/tools.js';
import { runInKernel } from './kernel.js';
import { FuncBuilder, T as Ty } from '../../../compiler/ir/index.js';

function interp(m: Module, args: bigint[]): bigint {
  return interpret(m, 'f', args, { mem: new IrMemory(), helpers: new Map(), maps: new Map(), globals: new Map() });
}

const INPUTS: bigint[][] = [
  [0n, 0n, 0n],
  [1n, 2n, 3n],
  [0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn],
  [0x123456789abcdefn, 0xfedcba9876543210n, 0x80n],
  [0xffn, 0xffffn, 0xffffffffn],
  [0x80000000n, 0x7fffffffn, 0xffff8000n],
];

describe('back end: random programs agree with the IR interpreter', () => {
  const seeds = Array.from({ length: Number(process.env.RANDOM_SEEDS ?? 40) }, (_, i) => 1000 + i * 7919);
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      for (const mcpu of [1, 2, 3, 4] as Cpu[]) {
        const m = genModule(seed, mcpu === 4);
        expect(validateModule(m)).toEqual([]);
        const want = INPUTS.map((a) => interp(m, a));
        for (const level of [0, 1, 2] as const) {
          const opt = cloneModule(m);
          optimizeModule(opt, { level, validate: true });
          const ir = INPUTS.map((a) => interp(opt, a));
          expect(ir, `optimised IR at -O${level}\n${printModule(opt)}`).toEqual(want);
          const code = generateModule(opt, { mcpu });
          expect(code.diagnostics).toEqual([]);
          const h = new VmHarness(code, opt, {});
          const got = INPUTS.map((a) => h.run('f', a));
          expect(got, `-O${level} -mcpu=v${mcpu}\n${printModule(opt)}`).toEqual(want);
        }
      }
    });
  }
});


/** Adds an XDP entry that reads a, b, c from the packet, calls f and stores the result in out[0]. */
function withXdpEntry(m: Module): Module {
  m.maps.push({ name: 'out' });
  const span = { file: 'rand', line: 1, col: 1 };
  const b = FuncBuilder.create('entry', { params: [{ name: 'ctx', type: Ty.ptr.ctx }], ret: Ty.i32, section: 'xdp', span });
  m.funcs.push(b.func);
  const key = b.alloca(4, 4);
  const val = b.alloca(8, 8);
  const data = b.load(Ty.ptr.packet, b.param(0), { width: 4 });
  const end = b.load(Ty.ptr.packet_end, b.param(0), { offset: 4, width: 4 });
  const ok = b.newBlock();
  const bad = b.newBlock();
  b.condbr(b.cmp('ugt', b.ptradd(data, 24), end), bad, ok);
  b.setBlock(ok);
  const args = [0, 8, 16].map((o) => b.load(Ty.i64, data, { offset: o, align: 1 }));
  const r = b.callFunc('f', args, Ty.i64);
  b.store(key, b.i32(0));
  b.store(val, r);
  b.callHelper(2, [b.mapRef('out'), key, val, b.i64(0)], Ty.i64);
  b.br(bad);
  b.setBlock(bad);
  b.ret(b.i32(2));
  // f is an entry of its own in the random module: make it a subprogram
  const f = m.funcs.find((x) => x.name === 'f');
  if (f) {
    f.section = undefined;
    f.linkage = 'static';
    f.inline = 'never';
  }
  return m;
}

describe('back end: random programs in the kernel', () => {
  const kseeds = Array.from({ length: Number(process.env.RANDOM_KERNEL_SEEDS ?? 6) }, (_, i) => 1000 + i * 7919);
  for (const seed of kseeds) {
    it.skipIf(!canUseKernel() || !hasTool(CLANG))(`seed ${seed}: verified, same results as the IR interpreter`, async () => {
      const m = genModule(seed, false);
      const want = INPUTS.map((a) => interp(m, a));
      const opt = withXdpEntry(cloneModule(m));
      optimizeModule(opt, { level: 2, validate: true });
      const code = generateModule(opt, { mcpu: 3 });
      expect(code.diagnostics).toEqual([]);
      for (let k = 0; k < INPUTS.length; k++) {
        const pkt = new Uint8Array(24);
        const dv = new DataView(pkt.buffer);
        (INPUTS[k] as bigint[]).forEach((v, j) => dv.setBigUint64(j * 8, v, true));
        const r = await runInKernel(code, opt, { out: { type: 'array', keySize: 4, valueSize: 8, maxEntries: 1 } }, 'entry', [pkt]);
        const got = new DataView(Uint8Array.from(r.maps.out?.[0]?.value ?? []).buffer).getBigUint64(0, true);
        expect(got, `input ${k}`).toBe(want[k]);
      }
    });
  }
});
