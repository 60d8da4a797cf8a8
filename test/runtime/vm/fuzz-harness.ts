// Seeded random programs for the VM: generator, a fixed memory layout (read-write area, read-only area,
// XDP context, prog array, stacks) with canaries in every unmapped gap, and a runner that executes one
// program in a VM and reports its outcome (r0 and instruction count, or the fault's kind and pc) plus a
// digest of all writable memory. The fuzz test runs every program through both tiers and compares; the
// bench runs a longer campaign with the same code.
import { ISA_TABLE } from '../../../runtime/isa/index.js';
import type { Insn, IsaRow } from '../../../runtime/isa/index.js';
import {
  AddressSpace, ARG, RET, PERM, REGION_KIND, VmFault, createHelperRegistry, createVm, createXdpEnv,
} from '../../../runtime/vm/index.js';
import type { Helper, Program, Region, Tier, Vm, XdpEnv } from '../../../runtime/vm/index.js';

/** mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CANARY = 0xa5;
const IMMS = [0, 1, -1, 2, 4, 7, 8, 12, 16, 31, 32, 33, 63, 64, 0x7fffffff, -0x80000000, 0xff, 0xffff, 255, -8, -16];

/** Helpers available to fuzzed programs: 1 adds r1+r2, 2 sums r2 bytes at r1, 3 runs callback r1(r2). */
function fuzzHelpers(): Helper[] {
  return [
    { id: 1, name: 'fuzz_add', args: [ARG.ARG_ANYTHING, ARG.ARG_ANYTHING], ret: RET.RET_INTEGER, gplOnly: false,
      call: (c) => c.u64(1) + c.u64(2) },
    { id: 2, name: 'fuzz_sum', args: [ARG.ARG_PTR_TO_MEM, ARG.ARG_CONST_SIZE], ret: RET.RET_INTEGER, gplOnly: false,
      call: (c) => {
        const len = c.u32(2);
        if (len > 4096) c.fault(`size ${len} too large`);
        let s = 0;
        for (const b of c.mem.bytes(c.ptr(1), len)) s += b;
        return s;
      } },
    { id: 3, name: 'fuzz_callback', args: [ARG.ARG_PTR_TO_FUNC, ARG.ARG_ANYTHING], ret: RET.RET_INTEGER, gplOnly: false,
      call: (c) => c.callback(c.u64(1), [c.u64(2)]) },
  ];
}

export interface FuzzWorld {
  vm: Vm;
  /** unmapped ranges filled with canaries (set by setCanaries) */
  canaries: [number, number][];
  rw: Region;
  ro: Region;
  xdp: XdpEnv;
  progArray: Region;
  /** programs the prog array holds (slot 0: returns 42; slot 1: empty; slot 2: returns r1) */
  targets: Program[];
}

/** A VM with the fuzz layout; two worlds built with the same tier-independent steps have equal addresses. */
export function createWorld(tier: Tier, budget: number): FuzzWorld {
  const mem = new AddressSpace({ initialSize: 1 << 18 });
  const vm = createVm({ memory: mem, tier, budget, strict: false, helpers: createHelperRegistry(fuzzHelpers()) });
  const rw = mem.allocate(96, { kind: REGION_KIND.mapValue, perm: PERM.rw, name: 'rw' });
  const ro = mem.allocate(40, { kind: REGION_KIND.globalData, perm: PERM.r, name: '.rodata' });
  const xdp = createXdpEnv(mem, { maxLen: 128 });
  const targets = [
    vm.load({ insns: [{ code: 0xb7, dst: 0, src: 0, off: 0, imm: 42 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }], name: 'tail42' }),
    vm.load({ insns: [{ code: 0xbf, dst: 0, src: 1, off: 0, imm: 0 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }], name: 'tailr1' }),
  ];
  const progArray = mem.allocate(8, {
    kind: REGION_KIND.map, perm: PERM.none, name: 'prog_array',
    owner: { maxEntries: 4, progAt: (i: number) => (i === 0 ? targets[0] : i === 2 ? targets[1] : undefined) },
  });
  return { vm, rw, ro, xdp, progArray, targets, canaries: [] };
}

/** Every unmapped byte from 1 KiB below the first slot to 1 KiB past the last (16-byte aligned ranges). */
function canaryRanges(w: FuzzWorld): [number, number][] {
  const regs = w.vm.mem.regions().sort((a, b) => a.base - b.base);
  const ranges: [number, number][] = [];
  let from = regs[0]!.base - 1024;
  for (const r of regs) {
    ranges.push([from, r.base]);
    from = r.base + r.capacity;
  }
  ranges.push([from, w.vm.mem.highWater + 1024]);
  // inside slots but outside windows (packet headroom/tailroom)
  for (const r of regs) {
    if (r.start > r.base) ranges.push([r.base, r.start]);
    if (r.end < r.base + r.capacity) ranges.push([r.end, r.base + r.capacity]);
  }
  return ranges;
}

/** Fills the canaries; the packet window must already have its final size (fillInputs sets 64 bytes). */
export function setCanaries(w: FuzzWorld): void {
  w.xdp.setPacket(new Uint8Array(PACKET_BYTES));
  w.canaries = canaryRanges(w);
  for (const [a, b] of w.canaries) w.vm.mem.u8.fill(CANARY, a, b);
}

const CANARY32 = CANARY * 0x01010101;

/** The first address outside every region whose canary changed, or -1. */
export function checkCanaries(w: FuzzWorld): number {
  const u8 = w.vm.mem.u8;
  const u32 = new Int32Array(u8.buffer);
  for (const [a, b] of w.canaries) {
    let i = a;
    for (; i < b && (i & 3) !== 0; i++) if (u8[i] !== CANARY) return i;
    for (; i + 4 <= b; i += 4) {
      if (u32[i >> 2] !== (CANARY32 | 0)) {
        for (let j = i; j < i + 4; j++) if (u8[j] !== CANARY) return j;
      }
    }
    for (; i < b; i++) if (u8[i] !== CANARY) return i;
  }
  return -1;
}


export interface Outcome {
  result: string;
  /** FNV-1a over the writable regions' bytes (rw area, packet, stacks) and the read-only area */
  memory: number;
}

function digest(w: FuzzWorld): number {
  const u8 = w.vm.mem.u8;
  let h = 0x811c9dc5;
  const regs = [w.rw, w.ro, w.xdp.packet, w.xdp.ctx, ...w.vm.stacks];
  for (const r of regs) {
    for (let i = r.start; i < r.end; i++) h = Math.imul(h ^ u8[i]!, 16777619);
  }
  return h >>> 0;
}

/** Random initial contents for the data regions (same for both tiers given the same rnd state). */
export function fillInputs(w: FuzzWorld, bytes: Uint8Array): void {
  const u8 = w.vm.mem.u8;
  u8.set(bytes.subarray(0, w.rw.size), w.rw.start);
  u8.set(bytes.subarray(w.rw.size, w.rw.size + w.ro.size), w.ro.start);
  w.xdp.setPacket(bytes.subarray(w.rw.size + w.ro.size, w.rw.size + w.ro.size + PACKET_BYTES));
  for (const s of w.vm.stacks) u8.fill(0, s.start, s.end);
}

const PACKET_BYTES = 64;
export const INPUT_BYTES = 96 + 40 + PACKET_BYTES;

/** Generates a random program of 2..maxLen slots (mostly valid instructions, some random bytes). */
export function genProgram(rnd: () => number, maxLen: number): Insn[] {
  const n = 2 + Math.floor(rnd() * (maxLen - 1));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const reg = (): number => Math.floor(rnd() * 11);
  const ptrReg = (): number => pick([1, 2, 3, 4, 6, 10, 10, 10, reg()]);
  const insns: Insn[] = [];
  while (insns.length < n - 1) {
    const pc = insns.length;
    if (rnd() < 0.04) {
      insns.push({ code: Math.floor(rnd() * 256), dst: Math.floor(rnd() * 16), src: Math.floor(rnd() * 16),
        off: Math.floor(rnd() * 65536) - 32768, imm: Math.floor(rnd() * 4294967296) | 0 });
      continue;
    }
    const row: IsaRow = pick(ISA_TABLE);
    const x: Insn = { code: row.code, dst: reg(), src: reg(), off: 0, imm: pick(IMMS), ...row.match };
    const rel = (): number => Math.floor(rnd() * (n + 2)) - pc - 1 - (rnd() < 0.2 ? 2 : 0);
    switch (row.form) {
      case 'ldx': case 'st': case 'stx': case 'atomic':
        if (row.form === 'ldx') x.src = ptrReg();
        else x.dst = ptrReg();
        x.off = rnd() < 0.9 ? Math.floor(rnd() * 160) - 80 : Math.floor(rnd() * 65536) - 32768;
        break;
      case 'ja': case 'jmp-imm': case 'jmp-reg':
        x.off = rel();
        break;
      case 'ja32': case 'call-local':
        x.imm = rel();
        break;
      case 'call':
        x.imm = pick([1, 2, 3, 12, 12, 5, 99]);
        break;
      case 'ld-imm64':
        if (x.src === 4) x.imm = rel();
        else if (rnd() < 0.5) x.imm = pick(IMMS);
        break;
      default:
        break;
    }
    if (row.form !== 'ldx' && row.form !== 'st' && row.form !== 'stx' && row.form !== 'atomic' && rnd() < 0.5) x.off = 0;
    for (const f of row.reserved) if (rnd() < 0.97) x[f] = 0;
    if (row.form === 'exit') Object.assign(x, { dst: 0, src: 0, off: 0, imm: 0 });
    insns.push(x);
    if (row.slots === 2) insns.push({ code: 0, dst: 0, src: 0, off: 0, imm: rnd() < 0.7 ? 0 : pick(IMMS) });
  }
  insns.push({ code: 0x95, dst: 0, src: 0, off: 0, imm: 0 });
  return insns;
}

/** Initial registers: r1 ctx, r2 rw area, r3 rw length, r4 .rodata, r5 prog array, r6 packet data. */
export function initialRegs(w: FuzzWorld, rnd: () => number): { r1: number; r2: number; r3: number; r4: number; r5: number } {
  const r1 = rnd() < 0.8 ? w.xdp.ctx.start : w.rw.start;
  return { r1, r2: w.rw.start, r3: w.rw.size, r4: w.ro.start, r5: w.progArray.start };
}

/** Loads and runs `insns` in world `w`; never throws anything but an Error naming a VM bug. */
export function runOne(w: FuzzWorld, insns: Insn[], regs: ReturnType<typeof initialRegs>, name: string, withDigest = true,
  compile?: (p: Program) => unknown): Outcome {
  let result: string;
  try {
    const p = w.vm.load({ insns, name });
    if (compile !== undefined) p.compiled = compile(p);
    try {
      const r = w.vm.run(p, regs);
      result = `r0=${r.r0} insns=${r.insns}`;
    } finally {
      w.vm.unload(p);
    }
  } catch (e) {
    if (!(e instanceof VmFault)) throw e;
    result = `fault ${e.kind} at ${e.pc}`;
  }
  return { result, memory: withDigest ? digest(w) : 0 };
}

/** Loads `insns` without running it (keeps program ids in step between worlds). */
export function loadOnly(w: FuzzWorld, insns: Insn[], name: string): void {
  try {
    w.vm.unload(w.vm.load({ insns, name }));
  } catch (e) {
    if (!(e instanceof VmFault)) throw e;
  }
}
