// VM behaviour beyond single instructions, in both tiers: faults (location, disassembly, source line),
// permissions, the instruction budget, BPF-to-BPF calls and their frames, tail calls with the kernel's
// counting rules, callx, helper calls and callbacks, memory growth inside a helper, legacy packet
// loads, and non-strict loading.
import { describe, expect, it } from 'vitest';
import { assemble, insnOf, ldImm64 } from '../../../runtime/isa/index.js';
import type { Insn } from '../../../runtime/isa/index.js';
import {
  ARG, AddressSpace, PERM, REGION_KIND, RET, VmFault, createHelperRegistry, createVm, createXdpEnv,
} from '../../../runtime/vm/index.js';
import type { Helper, Program, RunOptions, Tier, Vm, VmOptions } from '../../../runtime/vm/index.js';

const TIERS: Tier[] = ['interpreter', 'compiled'];
const asm = (text: string): Insn[] => assemble(text, { syntax: 'llvm' }).insns;

function faultOf(f: () => unknown): VmFault {
  try {
    f();
  } catch (e) {
    if (e instanceof VmFault) return e;
    throw e;
  }
  throw new Error('expected a VmFault');
}

function helper(id: number, call: Helper['call'], name = `h${id}`): Helper {
  return { id, name, args: [ARG.ARG_ANYTHING], ret: RET.RET_INTEGER, gplOnly: false, call };
}

function setup(tier: Tier, opts: VmOptions = {}): { vm: Vm; load: (text: string | Insn[], name?: string) => Program } {
  const vm = createVm({ tier, ...opts });
  return { vm, load: (text, name = 'p') => vm.load({ insns: typeof text === 'string' ? asm(text) : text, name }) };
}

for (const tier of TIERS) {
  describe(`VM (${tier})`, () => {
    it('reports faults with pc, kind, disassembly and source line', () => {
      const { vm } = setup(tier);
      const p = vm.load({
        insns: asm('r0 = 0\nr1 = 16\nr0 = *(u32 *)(r1 + 8)\nexit'), name: 'f',
        lineInfo: [{ pc: 0, file: 'f.bpf.c', line: 3 }, { pc: 2, file: 'f.bpf.c', line: 7, text: '  return *p;' }],
      });
      const f = faultOf(() => vm.run(p));
      expect(f.pc).toBe(2);
      expect(f.kind).toBe('unmapped');
      expect(f.insnText).toMatch(/^r0 = \*\(u32 \*\)\(r1 \+ 8\) \(61 10 08 00/);
      expect(f.source).toEqual({ file: 'f.bpf.c', line: 7, text: '  return *p;' });
      expect(f.message).toBe(`vm: f+2: unmapped: read of 4 bytes at 0x18: the unmapped low guard area [${f.insnText}] (f.bpf.c:7)`);
    });

    it('faults writes to read-only memory and to read-only context fields, and narrow context loads', () => {
      const { vm, load } = setup(tier);
      const ro = vm.mem.allocate(8, { kind: REGION_KIND.globalData, perm: PERM.r, name: '.rodata' });
      vm.mem.u8[ro.start] = 5;
      expect(vm.run(load('r0 = *(u8 *)(r1 + 0)\nexit'), { r1: ro.start }).r0).toBe(5n);
      const w = faultOf(() => vm.run(load('*(u8 *)(r1 + 0) = 1\nr0 = 0\nexit'), { r1: ro.start }));
      expect([w.kind, w.pc]).toEqual(['permission', 0]);
      expect(w.detail).toMatch(/read-only/);
      const env = createXdpEnv(vm.mem);
      env.setPacket(new Uint8Array(20));
      expect(vm.run(load('r2 = *(u32 *)(r1 + 4)\nr1 = *(u32 *)(r1 + 0)\nr2 -= r1\nr0 = r2\nexit'), { r1: env.ctx.start }).r0).toBe(20n);
      expect(faultOf(() => vm.run(load('*(u32 *)(r1 + 0) = 1\nexit'), { r1: env.ctx.start })).kind).toBe('ctx-access');
      expect(faultOf(() => vm.run(load('r0 = *(u16 *)(r1 + 0)\nexit'), { r1: env.ctx.start })).kind).toBe('ctx-access');
      expect(faultOf(() => vm.run(load('r0 = *(u64 *)(r1 + 0)\nexit'), { r1: env.ctx.start })).kind).toBe('ctx-access');
      expect(faultOf(() => vm.run(load('r0 = *(u32 *)(r1 + 24)\nexit'), { r1: env.ctx.start })).kind).toBe('unmapped');
      // packet: reads and writes inside [data, data_end), faults past it
      const pk = load('r2 = *(u32 *)(r1 + 0)\nr0 = *(u8 *)(r2 + 19)\n*(u8 *)(r2 + 0) = 7\nexit');
      expect(vm.run(pk, { r1: env.ctx.start }).r0).toBe(0n);
      expect(env.packetBytes()[0]).toBe(7);
      const past = faultOf(() => vm.run(load('r2 = *(u32 *)(r1 + 0)\nr0 = *(u16 *)(r2 + 19)\nexit'), { r1: env.ctx.start }));
      expect([past.kind, past.pc]).toEqual(['straddle', 1]);
    });

    it('counts instructions and ends a run that exceeds its budget at the exact instruction', () => {
      const { vm, load } = setup(tier, { budget: 1000 });
      const p = load('r0 = 0\nr1 = 10\nloop:\nr0 += 1\nr1 -= 1\nif r1 != 0 goto loop\nexit');
      expect(vm.run(p)).toEqual({ r0: 10n, insns: 2 + 30 + 1 });
      expect(vm.run(p, { budget: 33 }).insns).toBe(33);
      for (const budget of [0, 1, 2, 3, 17, 31, 32]) {
        const f = faultOf(() => vm.run(p, { budget }));
        expect(f.kind).toBe('budget');
        // instruction number budget+1 is the one that faults
        const order = [0, 1, ...Array.from({ length: 30 }, (_, i) => 2 + (i % 3)), 5];
        expect(f.pc, `budget ${budget}`).toBe(order[budget]);
      }
      const inf = faultOf(() => vm.run(load('l:\ngoto l')));
      expect(inf.kind).toBe('budget');
      expect(inf.detail).toMatch(/1000 instructions/);
    });

    it('gives each BPF-to-BPF call its own stack frame, restores r6-r10, and limits the depth to 8 frames', () => {
      const { vm, load } = setup(tier);
      const p = load(`
        r6 = 1
        *(u64 *)(r10 - 8) = r6
        r1 = r10
        call f
        r2 = *(u64 *)(r10 - 8)
        r0 += r2
        r0 += r6
        exit
      f:
        r6 = 100
        *(u64 *)(r10 - 8) = r6
        r0 = *(u64 *)(r1 - 8)
        r0 <<= 4
        exit`);
      // the callee reads the caller's slot through r1 (16) and writes its own frame; r6 is restored
      expect(vm.run(p).r0).toBe(16n + 1n + 1n);
      const rec = load('r1 += 1\ncall f\nexit\nf:\nr0 = r1\nr1 += 1\ncall f\nexit');
      const f = faultOf(() => vm.run(rec));
      expect(f.kind).toBe('call-depth');
      // frames 0..7 exist: 1 entry + 7 nested calls, the 8th nested call (at pc 5) faults
      expect(f.pc).toBe(5);
      const frames = load('call f\nexit\nf:\nr0 = r10\nexit');
      expect(vm.run(frames).r0).toBe(BigInt(vm.stackTop[1]!));
      // frames are separate regions with unmapped gaps between them
      expect(Math.abs(vm.stackTop[1]! - vm.stackTop[0]!)).toBeGreaterThanOrEqual(512 + 16);
      // the frame below the caller's is not the callee's: writing past a frame's bottom faults
      expect(faultOf(() => vm.run(load('*(u8 *)(r10 - 513) = 1\nexit'))).kind).toBe('unmapped');
    });

    it('tail-calls through a prog array with the kernel counting rules', () => {
      const { vm, load } = setup(tier);
      const counter = vm.mem.allocate(8, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'counter' });
      const slots: (Program | undefined)[] = [undefined, undefined, undefined];
      const arr = vm.mem.allocate(8, {
        kind: REGION_KIND.map, perm: PERM.none, name: 'jmp_table',
        owner: { maxEntries: 3, progAt: (i: number) => slots[i] },
      });
      // increments the counter, tail-calls slot r7 (via r3), returns 1000 + counter if it falls through
      const text = (tailIndexReg: string): string => `
        r6 = r1
        r8 = *(u64 *)(r6 + 0)
        r8 += 1
        *(u64 *)(r6 + 0) = r8
        r1 = r6
        r2 = ${arr.start} ll
        r3 = ${tailIndexReg}
        call 12
        r0 = *(u64 *)(r6 + 0)
        r0 += 1000
        exit`;
      const self = load(text('0'), 'self');
      slots[0] = self;
      const r = vm.run(self, { r1: counter.start });
      // 1 initial run + 33 successful tail calls, the 34th call falls through
      expect(r.r0).toBe(1000n + 34n);
      // an empty slot falls through but counts: calling slot 1 (empty) from slot 2 repeatedly
      vm.mem.dv.setBigUint64(counter.start, 0n, true);
      const empty = load(text('1'), 'empty');
      expect(vm.run(empty, { r1: counter.start }).r0).toBe(1001n);
      // index past max_entries falls through
      const past = load(text('7'), 'past');
      vm.mem.dv.setBigUint64(counter.start, 0n, true);
      expect(vm.run(past, { r1: counter.start }).r0).toBe(1001n);
      // a target returns its own r0; r1 is kept
      const target = load('r0 = *(u64 *)(r1 + 0)\nr0 += 500\nexit', 'target');
      slots[2] = target;
      vm.mem.dv.setBigUint64(counter.start, 0n, true);
      expect(vm.run(load(text('2'), 'caller'), { r1: counter.start }).r0).toBe(501n);
      // r2 that is not a prog array faults
      const bad = faultOf(() => vm.run(load('r2 = 0\nr3 = 0\ncall 12\nexit')));
      expect([bad.kind, bad.pc]).toEqual(['helper', 2]);
    });

    it('counts empty-slot tail calls toward the limit of 33', () => {
      const { vm, load } = setup(tier);
      const slots: (Program | undefined)[] = [];
      const arr = vm.mem.allocate(8, {
        kind: REGION_KIND.map, perm: PERM.none, name: 'jmp_table',
        owner: { maxEntries: 2, progAt: (i: number) => slots[i] },
      });
      slots[1] = load('r0 = 77\nexit', 'target');
      // 33 calls of the empty slot 0, then slot 1 (which then falls through: the count is used up)
      const p = load(`
        r6 = 0
      loop:
        r2 = ${arr.start} ll
        r3 = 0
        call 12
        r6 += 1
        if r6 < ${'$N'} goto loop
        r2 = ${arr.start} ll
        r3 = 1
        call 12
        r0 = 5
        exit`.replace('$N', '33'));
      expect(vm.run(p).r0).toBe(5n);
      const q = load(`
        r6 = 0
      loop:
        r2 = ${arr.start} ll
        r3 = 0
        call 12
        r6 += 1
        if r6 < 32 goto loop
        r2 = ${arr.start} ll
        r3 = 1
        call 12
        r0 = 5
        exit`);
      expect(vm.run(q).r0).toBe(77n);
    });

    it('calls functions and helpers through callx', () => {
      const helpers = createHelperRegistry([helper(7, (c) => c.u64(1) * 3n)]);
      const { vm } = setup(tier, { helpers });
      const fnRef = ldImm64(2, 3, 4); // pc 0: r2 = &f (target 0 + 3 + 1 = 4)
      const p = vm.load({
        name: 'cx',
        insns: [...fnRef, insnOf('callx', { dst: 2 }), insnOf('exit'),
          insnOf('mov_imm', { dst: 0, imm: 9 }), insnOf('exit')],
      });
      expect(vm.run(p).r0).toBe(9n);
      const h = vm.load({ name: 'cxh', insns: [insnOf('mov_imm', { dst: 1, imm: 5 }), insnOf('mov_imm', { dst: 3, imm: 7 }), insnOf('callx', { dst: 3 }), insnOf('exit')] });
      expect(vm.run(h).r0).toBe(15n);
      const bad = vm.load({ name: 'cxbad', insns: [...ldImm64(3, -1n), insnOf('callx', { dst: 3 }), insnOf('exit')] });
      expect(faultOf(() => vm.run(bad)).kind).toBe('bad-call');
    });

    it('calls helpers with exact 64-bit arguments and results, and reports helper failures', () => {
      const helpers = createHelperRegistry([
        helper(1, (c) => c.u64(1) + c.u64(2)),
        helper(2, (c) => -2),
        helper(3, () => undefined),
        helper(4, (c) => c.i64(1)),
        helper(6, () => { throw new Error('boom'); }, 'bpf_boom'),
        helper(8, (c) => c.fault('bad argument'), 'bpf_picky'),
        helper(9, (c) => c.mem.bytes(c.ptr(1), 4)[0]!, 'bpf_peek'),
        helper(10, () => 1.5, 'bpf_frac'),
      ]);
      const { vm, load } = setup(tier, { helpers });
      expect(vm.run(load('r1 = -1 ll\nr2 = 2\ncall 1\nexit')).r0).toBe(1n);
      expect(vm.run(load('call 2\nexit')).r0).toBe(0xfffffffffffffffen);
      expect(vm.run(load('r0 = 5\ncall 3\nexit')).r0).toBe(0n);
      expect(vm.run(load('r1 = -5\ncall 4\nexit')).r0).toBe(0xfffffffffffffffbn);
      const u = faultOf(() => vm.run(load('r0 = 0\ncall 99\nexit')));
      expect([u.kind, u.pc, u.detail]).toEqual(['unknown-helper', 1, 'helper 99 is not available']);
      expect(faultOf(() => vm.run(load('call 6\nexit'))).detail).toBe('bpf_boom: boom');
      expect(faultOf(() => vm.run(load('call 8\nexit'))).detail).toBe('bpf_picky: bad argument');
      const peek = faultOf(() => vm.run(load('r1 = 8\ncall 9\nexit')));
      expect([peek.kind, peek.pc]).toEqual(['unmapped', 1]);
      expect(peek.detail).toMatch(/^bpf_peek: read of 4 bytes at 0x8/);
      expect(faultOf(() => vm.run(load('call 10\nexit'))).kind).toBe('helper');
    });

    it('runs callbacks from helpers in their own frame with the shared budget', () => {
      const helpers = createHelperRegistry([
        // bpf_loop-like: calls fn(i, ctx) for i < n until it returns non-zero; returns the count
        { id: 181, name: 'bpf_loop', args: [ARG.ARG_ANYTHING, ARG.ARG_PTR_TO_FUNC, ARG.ARG_ANYTHING, ARG.ARG_ANYTHING],
          ret: RET.RET_INTEGER, gplOnly: false,
          call: (c) => {
            const n = c.u64(1);
            let i = 0n;
            for (; i < n; i++) if (c.callback(c.u64(2), [i, c.u64(3)]) !== 0n) return i + 1n;
            return i;
          } },
      ]);
      const { vm } = setup(tier, { helpers, budget: 10_000 });
      const acc = vm.mem.allocate(8, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'acc' });
      // main: r6 = 1; loop(10, cb, acc); return count*1000 + *acc + r6   (r6 must survive)
      const insns: Insn[] = [
        insnOf('mov_imm', { dst: 6, imm: 1 }),
        insnOf('mov_imm', { dst: 1, imm: 10 }),
        ...ldImm64(2, 9, 4), // pc 2: r2 = &cb at 2 + 9 + 1 = 12
        ...ldImm64(3, BigInt(acc.start)),
        insnOf('mov_imm', { dst: 4, imm: 0 }),
        insnOf('call', { imm: 181 }),
        insnOf('mul_imm', { dst: 0, imm: 1000 }),
        insnOf('ldxdw', { dst: 1, src: 10, off: -8 }), // the callback's writes to its frame do not touch ours
        insnOf('add_reg', { dst: 0, src: 6 }),
        insnOf('exit'),
        // cb(i, acc): *acc += i; *(r10-8) = 99; r6 = 50; return i == 6
        insnOf('ldxdw', { dst: 3, src: 2, off: 0 }),
        insnOf('add_reg', { dst: 3, src: 1 }),
        insnOf('stxdw', { dst: 2, src: 3, off: 0 }),
        insnOf('stdw', { dst: 10, off: -8, imm: 99 }),
        insnOf('mov_imm', { dst: 6, imm: 50 }),
        insnOf('mov_imm', { dst: 0, imm: 0 }),
        insnOf('jne_imm', { dst: 1, imm: 6, off: 1 }),
        insnOf('mov_imm', { dst: 0, imm: 1 }),
        insnOf('exit'),
      ];
      const p = vm.load({ insns, name: 'loop' });
      const r = vm.run(p);
      expect(r.r0).toBe(7n * 1000n + 1n);
      expect(vm.mem.dv.getBigUint64(acc.start, true)).toBe(0n + 1n + 2n + 3n + 4n + 5n + 6n);
      // main: 10 instructions; callbacks i = 0..5: 8 each, i = 6: 9
      expect(r.insns).toBe(10 + 6 * 8 + 9);
      // budget exhaustion inside a callback faults inside the callback
      const f = faultOf(() => vm.run(p, { budget: 20 }));
      expect(f.kind).toBe('budget');
      expect(f.pc).toBeGreaterThanOrEqual(12);
    });

    it('keeps working when a helper grows memory', () => {
      const helpers = createHelperRegistry([
        helper(20, (c) => c.mem.allocate(1 << 20, { kind: REGION_KIND.other, perm: PERM.rw, name: 'big' }).start),
      ]);
      const { vm, load } = setup(tier, { helpers, memory: { initialSize: 1 << 17 } });
      const g = vm.mem.generation;
      const r = vm.run(load('*(u64 *)(r10 - 8) = 42\ncall 20\n*(u8 *)(r0 + 5) = 3\nr1 = *(u8 *)(r0 + 5)\nr0 = *(u64 *)(r10 - 8)\nr0 += r1\nexit'));
      expect(vm.mem.generation).toBeGreaterThan(g);
      expect(r.r0).toBe(45n);
    });

    it('runs legacy packet loads in network byte order and returns 0 when out of bounds', () => {
      const { vm, load } = setup(tier);
      const pkt = vm.mem.allocate(8, { kind: REGION_KIND.packet, perm: PERM.rw, name: 'skb' });
      vm.mem.u8.set([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88], pkt.start);
      const opts: RunOptions = { packet: pkt };
      expect(vm.run(load('r0 = *(u8 *)skb[1]\nexit'), opts).r0).toBe(0x22n);
      expect(vm.run(load('r0 = *(u16 *)skb[2]\nexit'), opts).r0).toBe(0x3344n);
      expect(vm.run(load('r0 = *(u32 *)skb[4]\nexit'), opts).r0).toBe(0x55667788n);
      expect(vm.run(load('r2 = 3\nr0 = *(u32 *)skb[r2 + 1]\nexit'), opts).r0).toBe(0x55667788n);
      expect(vm.run(load('r0 = 9\nr0 = *(u32 *)skb[5]\nr0 = 9\nexit'), opts)).toEqual({ r0: 0n, insns: 2 });
      expect(vm.run(load('r2 = -1\nr0 = *(u8 *)skb[r2 + 0]\nr0 = 9\nexit'), opts).r0).toBe(0n);
      // inside a subprogram: the function returns 0 to its caller
      expect(vm.run(load('call f\nr0 += 3\nexit\nf:\nr0 = *(u8 *)skb[100]\nr0 = 9\nexit'), opts).r0).toBe(3n);
      expect(faultOf(() => vm.run(load('r0 = *(u8 *)skb[1]\nexit'))).kind).toBe('unmapped');
    });

    it('loads invalid instructions non-strictly and faults only when they are reached', () => {
      const { vm } = setup(tier, { strict: false });
      const bad: Insn = { code: 0xff, dst: 0, src: 0, off: 0, imm: 0 };
      const p = vm.load({ name: 'ns', insns: [insnOf('mov_imm', { dst: 0, imm: 1 }), insnOf('jeq_imm', { dst: 1, imm: 0, off: 1 }), bad, insnOf('exit')] });
      expect(vm.run(p, { r1: 0 }).r0).toBe(1n);
      const f = faultOf(() => vm.run(p, { r1: 1 }));
      expect([f.kind, f.pc]).toEqual(['invalid-insn', 2]);
      const off = vm.load({ name: 'off', insns: [insnOf('mov_imm', { dst: 0, imm: 1 })] });
      expect(faultOf(() => vm.run(off)).kind).toBe('pc-range');
      const strict = createVm({ tier });
      expect(faultOf(() => strict.load({ name: 's', insns: [bad, insnOf('exit')] })).kind).toBe('invalid-insn');
      expect(faultOf(() => strict.load({ name: 's', insns: [...ldImm64(1, 0n, 1), insnOf('exit')] })).detail).toMatch(/pseudo source 1/);
    });

    it('takes register arguments as numbers or bigints and rejects misuse', () => {
      const { vm, load } = setup(tier);
      const p = load('r0 = r1\nr0 += r2\nexit');
      expect(vm.run(p, { r1: -1, r2: 0 }).r0).toBe(0xffffffffffffffffn);
      expect(vm.run(p, { r1: 2n ** 64n + 5n, r2: 1 }).r0).toBe(6n);
      expect(vm.run(p, { r1: 0x1_0000_0000, r2: 1 }).r0).toBe(0x1_0000_0001n);
      expect(() => vm.run(p, { r1: 0.5 })).toThrow(/not a safe integer/);
      expect(() => vm.run(p, { budget: Number.NaN })).toThrow(/bad instruction budget/);
      expect(() => vm.run(p, { budget: -1 })).toThrow(/bad instruction budget/);
      const other = createVm({ tier });
      expect(() => other.run(p)).toThrow(/not loaded in this VM/);
      vm.unload(p);
      expect(() => vm.run(p)).toThrow(/not loaded in this VM/);
    });
  });
}

describe('VM tracing', () => {
  it('calls the trace hook before every instruction with the registers at that point', () => {
    const vm = createVm({ tier: 'compiled' });
    const p = vm.load({ insns: asm('r0 = 1\nr1 = 3\nl:\nr0 *= 2\nr1 -= 1\nif r1 != 0 goto l\nexit'), name: 't' });
    const seen: string[] = [];
    const r = vm.run(p, { trace: (prog, pc, st) => seen.push(`${prog.name}:${pc}:r0=${st.L[0]}`) });
    expect(r).toEqual({ r0: 8n, insns: 12 });
    expect(seen).toEqual([
      't:0:r0=0', 't:1:r0=1', 't:2:r0=1', 't:3:r0=2', 't:4:r0=2', 't:2:r0=2', 't:3:r0=4', 't:4:r0=4',
      't:2:r0=4', 't:3:r0=8', 't:4:r0=8', 't:5:r0=8',
    ]);
  });
});

describe('VM with runtime/maps values in its memory', () => {
  it('lets a program update a map value through the pointer a lookup helper returns', async () => {
    const { createMap, vmMapMemory } = await import('../../../runtime/maps/index.js');
    for (const tier of TIERS) {
      const mem = new AddressSpace();
      const map = createMap({ type: 2, keySize: 4, valueSize: 8, maxEntries: 4, flags: 0, name: 'counts' } as never,
        { memory: vmMapMemory(mem), ncpus: 1, cpu: 0 } as never);
      const mapHandle = mem.allocate(8, { kind: REGION_KIND.map, perm: PERM.none, name: 'counts', owner: map });
      const helpers = createHelperRegistry([{
        id: 1, name: 'bpf_map_lookup_elem', args: [ARG.ARG_CONST_MAP_PTR, ARG.ARG_PTR_TO_MAP_KEY],
        ret: RET.RET_PTR_TO_MAP_VALUE_OR_NULL, gplOnly: false,
        call: (c) => {
          const owner = c.mem.regionAt(c.ptr(1))?.owner as typeof map;
          return owner.lookup(c.mem.bytes(c.ptr(2), 4));
        },
      }]);
      const run = createVm({ tier, memory: mem, helpers });
      const p = run.load({ name: 'count', insns: asm(`
        *(u32 *)(r10 - 4) = 2
        r1 = ${mapHandle.start} ll
        r2 = r10
        r2 += -4
        call 1
        if r0 == 0 goto out
        r1 = 5
        lock *(u64 *)(r0 + 0) += r1
        r0 = *(u64 *)(r0 + 0)
      out:
        exit`) });
      expect(run.run(p).r0).toBe(5n);
      expect(run.run(p).r0).toBe(10n);
      const v = map.sysLookup(Uint8Array.of(2, 0, 0, 0));
      expect(v.ret).toBe(0);
      expect(Buffer.from(v.value!).readBigUInt64LE(0)).toBe(10n);
    }
  });
});
