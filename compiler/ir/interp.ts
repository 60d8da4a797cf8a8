// A reference interpreter for the IR: executes a function of a module on concrete arguments with a
// small byte-addressed memory (regions for ctx, packet, stack objects, map values, globals) and helper
// implementations supplied by the caller. It defines what the IR means, so passes can be checked by
// running the same function before and after them. Faults (access outside a region, step budget) are
// IrInterpFault (EbpfcError, stage "ir interp").
import { EbpfcError, InternalError } from '../../runtime/errors.js';
import { evalBin, evalBswap, evalCast, evalCmp } from './eval.js';
import type { Block, Func, Inst, Module, Value } from './nodes.js';
import { bitsOf, normInt, signedOf, type IntBits, type ValueType } from './types.js';

export class IrInterpFault extends EbpfcError {
  constructor(message: string) {
    super('ir interp', message);
    this.name = 'IrInterpFault';
  }
}

/** A legacy packet load out of the packet ends the program with 0 (how BPF_LD_ABS fails). */
class ProgramExit {
  constructor(readonly value: bigint) {}
}

export interface MemRegion {
  readonly start: number;
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly writable: boolean;
}

/** Byte-addressed memory made of disjoint regions with gaps between them (addresses fit in 32 bits). */
export class IrMemory {
  readonly regions: MemRegion[] = [];
  private next = 0x1000;

  /** Maps a new region of `size` bytes (zero-filled or a copy of `init`) and returns its address. */
  alloc(size: number, name: string, init?: Uint8Array, writable = true): number {
    const start = this.next;
    const bytes = new Uint8Array(size);
    if (init) bytes.set(init.subarray(0, size));
    this.regions.push({ start, bytes, name, writable });
    this.next = start + size + 0x100 - ((start + size) % 0x100) + 0x100; // leave a gap
    return start;
  }
  regionOf(addr: bigint, width: number): { r: MemRegion; off: number } {
    for (const r of this.regions) {
      const off = Number(addr - BigInt(r.start));
      if (off >= 0 && off + width <= r.bytes.length) return { r, off };
    }
    throw new IrInterpFault(`access of ${width} bytes at 0x${addr.toString(16)} is outside every region`);
  }
  read(addr: bigint, width: number): bigint {
    const { r, off } = this.regionOf(addr, width);
    let v = 0n;
    for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(r.bytes[off + i] as number);
    return v;
  }
  write(addr: bigint, width: number, value: bigint): void {
    const { r, off } = this.regionOf(addr, width);
    if (!r.writable) throw new IrInterpFault(`write to read-only region ${r.name}`);
    for (let i = 0; i < width; i++) r.bytes[off + i] = Number((value >> BigInt(8 * i)) & 0xffn);
  }
  bytesAt(addr: number, size: number): Uint8Array {
    const { r, off } = this.regionOf(BigInt(addr), size);
    return r.bytes.subarray(off, off + size);
  }
}

export interface InterpEnv {
  mem: IrMemory;
  /** Helper implementations by id; arguments and result are 64-bit values. */
  helpers: Map<number, (args: bigint[], env: InterpEnv) => bigint>;
  /** Addresses (or handles) of maps and globals. */
  maps: Map<string, bigint>;
  globals: Map<string, bigint>;
  /** Instruction budget for the whole run (default 1,000,000). */
  maxSteps?: number;
}

interface RunState {
  steps: number;
  max: number;
  funcHandles: Map<string, bigint>;
}

/** Runs `name` with `args` and returns its result (0n for void). */
export function interpret(m: Module, name: string, args: bigint[], env: InterpEnv): bigint {
  const st: RunState = { steps: 0, max: env.maxSteps ?? 1_000_000, funcHandles: new Map() };
  m.funcs.forEach((f, i) => st.funcHandles.set(f.name, BigInt(0xf000_0000 + i * 8)));
  try {
    return callFunc(m, name, args, env, st, 0);
  } catch (e) {
    if (e instanceof ProgramExit) return e.value;
    throw e;
  }
}

/** Calls a function by the handle a funcref evaluates to (for callback helpers). */
export function funcByHandle(m: Module, handle: bigint): Func | undefined {
  const i = Number(handle - 0xf000_0000n) / 8;
  return Number.isInteger(i) ? m.funcs[i] : undefined;
}

function callFunc(m: Module, name: string, args: bigint[], env: InterpEnv, st: RunState, depth: number): bigint {
  const f = m.funcs.find((x) => x.name === name);
  if (!f) throw new IrInterpFault(`call to unknown function @${name}`);
  if (depth > 8) throw new IrInterpFault('call depth exceeds 8 frames');
  const vals = new Map<Value, bigint>();
  f.params.forEach((p, i) => vals.set(p, normV(args[i] ?? 0n, p.type)));
  const get = (v: Value): bigint => {
    switch (v.kind) {
      case 'const':
        return v.value;
      case 'undef':
        return 0n;
      case 'mapref': {
        const a = env.maps.get(v.name);
        if (a === undefined) throw new IrInterpFault(`unknown map @${v.name}`);
        return a;
      }
      case 'globalref': {
        const a = env.globals.get(v.symbol);
        if (a === undefined) throw new IrInterpFault(`unknown global @${v.symbol}`);
        return normInt(a + BigInt(v.offset), 64);
      }
      case 'funcref': {
        const h = st.funcHandles.get(v.name);
        if (h === undefined) throw new IrInterpFault(`unknown function @${v.name}`);
        return h;
      }
      default: {
        const x = vals.get(v);
        if (x === undefined) throw new InternalError(`interp: value used before definition in @${f.name}`);
        return x;
      }
    }
  };
  let prev: Block | null = null;
  let block = f.blocks[0] as Block;
  for (;;) {
    // phis read their inputs simultaneously
    const phiVals: [Inst, bigint][] = [];
    for (const i of block.insts) {
      if (i.kind !== 'phi') break;
      const inc = i.incoming.find((x) => x.block === prev);
      if (!inc) throw new IrInterpFault(`phi in @${f.name} has no value for the edge taken`);
      phiVals.push([i, get(inc.value)]);
    }
    for (const [i, v] of phiVals) vals.set(i, v);
    for (const i of block.insts) {
      if (i.kind === 'phi') continue;
      if (++st.steps > st.max) throw new IrInterpFault('step budget exceeded');
      const r = exec(i, get, m, env, st, depth);
      if (r !== undefined) vals.set(i, r);
    }
    const t = block.term;
    if (!t) throw new InternalError(`interp: block without terminator in @${f.name}`);
    if (++st.steps > st.max) throw new IrInterpFault('step budget exceeded');
    prev = block;
    switch (t.kind) {
      case 'br':
        block = t.target;
        break;
      case 'condbr':
        block = get(t.cond) !== 0n ? t.then : t.else;
        break;
      case 'switch': {
        const v = get(t.value);
        block = t.cases.find((c) => c.value === v)?.target ?? t.default;
        break;
      }
      case 'ret':
        return t.value ? get(t.value) : 0n;
      case 'unreachable':
        throw new IrInterpFault(`reached unreachable in @${f.name}`);
      default: {
        const never: never = t;
        throw new InternalError(`interp: terminator ${(never as { kind: string }).kind}`);
      }
    }
  }
}

function normV(v: bigint, t: ValueType): bigint {
  return normInt(v, bitsOf(t));
}

function exec(i: Inst, get: (v: Value) => bigint, m: Module, env: InterpEnv, st: RunState, depth: number): bigint | undefined {
  const bits = (v: Value): IntBits => bitsOf(v.type as ValueType);
  switch (i.kind) {
    case 'bin':
      return evalBin(i.op, bits(i), get(i.a), get(i.b));
    case 'cmp':
      return evalCmp(i.pred, bits(i.a), get(i.a), get(i.b)) ? 1n : 0n;
    case 'cast':
      return evalCast(i.op, bits(i.a), bits(i), get(i.a));
    case 'bswap':
      return evalBswap(bits(i), get(i.a));
    case 'copy':
      return get(i.a);
    case 'ptradd':
      return normInt(get(i.base) + get(i.offset), 64);
    case 'ptrdiff':
      return normInt(get(i.a) - get(i.b), 64);
    case 'alloca':
      return BigInt(env.mem.alloc(i.size, `stack ${i.name ?? i.id}`));
    case 'load': {
      const raw = env.mem.read(normInt(get(i.ptr) + BigInt(i.offset), 64), i.width);
      return i.signed ? normInt(signedOf(raw, (i.width * 8) as IntBits), bits(i)) : raw;
    }
    case 'store':
      env.mem.write(normInt(get(i.ptr) + BigInt(i.offset), 64), i.width, get(i.value));
      return undefined;
    case 'atomic': {
      const addr = normInt(get(i.ptr) + BigInt(i.offset), 64);
      const w = (i.width * 8) as IntBits;
      const old = env.mem.read(addr, i.width);
      const v = get(i.value);
      let nv: bigint;
      switch (i.op) {
        case 'add':
          nv = normInt(old + v, w);
          break;
        case 'or':
          nv = old | v;
          break;
        case 'and':
          nv = old & v;
          break;
        case 'xor':
          nv = old ^ v;
          break;
        case 'xchg':
          nv = v;
          break;
        case 'cmpxchg':
          nv = old === get(i.expected as Value) ? v : old;
          break;
        default:
          throw new InternalError("interp: unknown atomic op");
      }
      env.mem.write(addr, i.width, nv);
      return i.fetch ? old : undefined;
    }
    case 'call': {
      const args = i.args.map(get);
      let r: bigint;
      if (i.callee.kind === 'func') r = callFunc(m, i.callee.name, args, env, st, depth + 1);
      else {
        const h = env.helpers.get(i.callee.id);
        if (!h) throw new IrInterpFault(`helper ${i.callee.id} not available`);
        r = h(args, env);
      }
      return i.type.kind === 'void' ? undefined : normV(r, i.type);
    }
    case 'memcpy': {
      const d = get(i.dst);
      const s = get(i.src);
      const tmp: bigint[] = [];
      for (let k = 0; k < i.size; k++) tmp.push(env.mem.read(s + BigInt(k), 1));
      for (let k = 0; k < i.size; k++) env.mem.write(d + BigInt(k), 1, tmp[k] as bigint);
      return undefined;
    }
    case 'memset': {
      const d = get(i.dst);
      const v = get(i.value) & 0xffn;
      for (let k = 0; k < i.size; k++) env.mem.write(d + BigInt(k), 1, v);
      return undefined;
    }
    case 'pktload': {
      // the context is a struct __sk_buff: data at offset 76, data_end at 80 (u32 addresses)
      const ctx = get(i.ctx);
      const data = env.mem.read(ctx + 76n, 4);
      const end = env.mem.read(ctx + 80n, 4);
      const off = get(i.offset);
      if (off + BigInt(i.width) > end - data) throw new ProgramExit(0n);
      let v = 0n;
      for (let k = 0; k < i.width; k++) v = (v << 8n) | env.mem.read(data + off + BigInt(k), 1);
      return v;
    }
    case 'phi':
      throw new InternalError('interp: phi executed as an instruction');
    default: {
      const never: never = i;
      throw new InternalError(`interp: ${(never as Inst).kind}`);
    }
  }
}
