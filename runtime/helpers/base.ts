// The helpers every program type may call (the kernel's bpf_base_func_proto, as root has it): maps,
// ring buffers, time, random numbers, the CPU, bpf_loop and bpf_for_each_map_elem, spin locks, strings
// (strtol, strtoul, strncmp), trace_printk / snprintf, probe_read_kernel. Semantics and errnos follow
// kernel/bpf/helpers.c, kernel/bpf/ringbuf.c, kernel/bpf/bpf_iter.c and kernel/trace/bpf_trace.c.

import { ERRNO } from '../context/index.js';
import { BPF_MAP_TYPE, RingbufMap } from '../maps/index.js';
import { ARG, RET, REGION_KIND, PERM, RawFault, FAULT, type HelperCall } from '../vm/index.js';
import { mapArg, memArg, readArg, sizeArg, writeArg, type HelperDef } from './def.js';
import type { HelperEnv } from './env.js';
import { bprintf, MAX_BPRINTF_BUF, MAX_BPRINTF_VARARGS, type MemReader } from './printf.js';
import { strtol, strtoul } from './strto.js';

const A = ARG;
const PERCPU_TYPES = new Set<number>([
  BPF_MAP_TYPE.BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE.BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE.BPF_MAP_TYPE_LRU_PERCPU_HASH,
]);

/** A u64 flags argument as a number (values past 2^52 become 2^52: invalid for every helper alike). */
export function flagsArg(c: HelperCall, i: number): number {
  const hi = c.hi(i) >>> 0;
  return hi >= 0x100000 ? 2 ** 52 : hi * 4294967296 + (c.lo(i) >>> 0);
}
/** BPF_MAX_LOOPS */
export const BPF_MAX_LOOPS = 8 * 1024 * 1024;

/** A fault-safe reader of VM memory (for %s, %pI4, probe_read_kernel). */
export function memReader(c: HelperCall): MemReader {
  return {
    read(addr: bigint, len: number): Uint8Array | undefined {
      if (addr < 0n || addr > 0x7fffffffn) return undefined;
      try {
        return c.mem.bytes(Number(addr), len).slice();
      } catch (e) {
        if (e instanceof RawFault) return undefined;
        throw e;
      }
    },
  };
}

function keyOf(c: HelperCall, i: number, size: number): Uint8Array {
  return readArg(c, i, size);
}

function printk(c: HelperCall, env: HelperEnv, fmt: Uint8Array, args: bigint[]): number {
  const r = bprintf(fmt, args, memReader(c));
  if (typeof r === 'number') return r;
  env.emitTrace(r.slice(0, MAX_BPRINTF_BUF - 1));
  return r.length;
}

export const BASE_HELPERS: readonly HelperDef[] = [
  {
    name: 'map_lookup_elem', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_MAP_KEY], ret: RET.RET_PTR_TO_MAP_VALUE_OR_NULL, types: 'base',
    call: (c) => {
      const m = mapArg(c, 1);
      const n = m.def.keySize;
      if (n === 0) return m.lookup(new Uint8Array(0));
      const key = memArg(c, 2, n);
      return m.lookupAt(c.mem.u8, key);
    },
  },
  {
    name: 'map_update_elem', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_MAP_KEY, A.ARG_PTR_TO_MAP_VALUE, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const m = mapArg(c, 1);
      if (m.def.keySize === 0 || m.def.valueSize === 0) {
        const key = keyOf(c, 2, m.def.keySize);
        const value = readArg(c, 3, m.def.valueSize);
        return m.update(key, value, flagsArg(c, 4));
      }
      const key = memArg(c, 2, m.def.keySize);
      const value = memArg(c, 3, m.def.valueSize);
      return m.updateAt(c.mem.u8, key, value, flagsArg(c, 4));
    },
  },
  {
    name: 'map_delete_elem', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_MAP_KEY], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const m = mapArg(c, 1);
      return m.delete(keyOf(c, 2, m.def.keySize));
    },
  },
  {
    name: 'map_push_elem', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_MAP_VALUE, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const m = mapArg(c, 1);
      return m.push(readArg(c, 2, m.def.valueSize), flagsArg(c, 3));
    },
  },
  {
    name: 'map_pop_elem', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_MAP_VALUE], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const m = mapArg(c, 1);
      return m.pop(writeArg(c, 2, m.def.valueSize));
    },
  },
  {
    name: 'map_peek_elem', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_MAP_VALUE], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const m = mapArg(c, 1);
      return m.peek(writeArg(c, 2, m.def.valueSize));
    },
  },
  {
    name: 'map_lookup_percpu_elem', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_MAP_KEY, A.ARG_ANYTHING], ret: RET.RET_PTR_TO_MAP_VALUE_OR_NULL, types: 'base',
    call: (c, env) => {
      const m = mapArg(c, 1);
      const cpu = c.u32(3);
      if (!PERCPU_TYPES.has(m.def.type)) c.fault('bpf_map_lookup_percpu_elem needs a per-CPU map');
      if (cpu >= env.cpuCount) return 0;
      return m.lookupPercpu(keyOf(c, 2, m.def.keySize), cpu);
    },
  },
  {
    name: 'for_each_map_elem', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_FUNC, A.ARG_PTR_TO_STACK_OR_NULL, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const m = mapArg(c, 1);
      const handle = c.u64(1);
      const fn = c.u64(2);
      const cbCtx = c.u64(3);
      if (c.u64(4) !== 0n) return -ERRNO.EINVAL;
      const keySize = Math.max(m.def.keySize, 1);
      const keyRegion = c.mem.allocate(keySize, { kind: REGION_KIND.scratch, perm: PERM.r, name: 'for_each key' });
      try {
        return m.forEach((key, valueAddr) => {
          c.mem.u8.set(key.subarray(0, m.def.keySize), keyRegion.start);
          const r = c.callback(fn, [handle, BigInt(keyRegion.start), BigInt(valueAddr), cbCtx]);
          return r !== 0n;
        });
      } finally {
        c.mem.free(keyRegion);
      }
    },
  },
  {
    name: 'loop', args: [A.ARG_ANYTHING, A.ARG_PTR_TO_FUNC, A.ARG_PTR_TO_STACK_OR_NULL, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const n = c.u32(1);
      const fn = c.u64(2);
      const cbCtx = c.u64(3);
      if (c.u64(4) !== 0n) return -ERRNO.EINVAL;
      // with flags 0 the verifier inlines bpf_loop (inline_bpf_loop), whose -E2BIG is a 32-bit move
      if (n > BPF_MAX_LOOPS) return 0x100000000 - ERRNO.E2BIG;
      for (let i = 0; i < n; i++) {
        if (c.callback(fn, [BigInt(i), cbCtx, 0n, 0n, 0n]) !== 0n) return i + 1;
      }
      return n;
    },
  },
  {
    name: 'ringbuf_output', args: [A.ARG_CONST_MAP_PTR, A.ARG_PTR_TO_MEM, A.ARG_CONST_SIZE_OR_ZERO, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const m = ringbuf(c);
      const size = sizeArg(c, 3);
      const flags = c.u64(4);
      if (flags & ~3n) return -ERRNO.EINVAL;
      return m.output(readArg(c, 2, size), Number(flags));
    },
  },
  {
    name: 'ringbuf_reserve', args: [A.ARG_CONST_MAP_PTR, A.ARG_CONST_ALLOC_SIZE_OR_ZERO, A.ARG_ANYTHING], ret: RET.RET_PTR_TO_RINGBUF_MEM_OR_NULL, types: 'base',
    call: (c, env) => {
      const m = ringbuf(c);
      const size = c.u64(2);
      const flags = c.u64(3);
      if (flags !== 0n || size > 0xffffffffn) return 0;
      const addr = m.reserve(Number(size), 0);
      if (addr) env.ringbufRecords.set(addr, m);
      return addr;
    },
  },
  {
    name: 'ringbuf_submit', args: [A.ARG_PTR_TO_RINGBUF_MEM, A.ARG_ANYTHING], ret: RET.RET_VOID, types: 'base',
    call: (c, env) => commitRecord(c, env, false),
  },
  {
    name: 'ringbuf_discard', args: [A.ARG_PTR_TO_RINGBUF_MEM, A.ARG_ANYTHING], ret: RET.RET_VOID, types: 'base',
    call: (c, env) => commitRecord(c, env, true),
  },
  {
    name: 'ringbuf_query', args: [A.ARG_CONST_MAP_PTR, A.ARG_ANYTHING], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => ringbuf(c).query(flagsArg(c, 2)),
  },
  {
    name: 'ktime_get_ns', args: [], ret: RET.RET_INTEGER, types: 'base',
    call: (_c, env) => env.readClock(),
  },
  {
    name: 'ktime_get_boot_ns', args: [], ret: RET.RET_INTEGER, types: 'base',
    call: (_c, env) => env.readClock() + env.bootOffsetNs,
  },
  {
    name: 'ktime_get_tai_ns', args: [], ret: RET.RET_INTEGER, types: 'base',
    call: (_c, env) => env.readClock() + env.taiOffsetNs,
  },
  {
    name: 'jiffies64', args: [], ret: RET.RET_INTEGER, types: 'base',
    call: (_c, env) => env.jiffiesAt(env.readClock() + env.bootOffsetNs),
  },
  {
    name: 'get_prandom_u32', args: [], ret: RET.RET_INTEGER, types: 'base',
    call: (_c, env) => env.random(),
  },
  {
    name: 'get_smp_processor_id', args: [], ret: RET.RET_INTEGER, types: 'base',
    call: (_c, env) => env.cpu,
  },
  {
    name: 'get_numa_node_id', args: [], ret: RET.RET_INTEGER, types: 'base',
    call: () => 0,
  },
  {
    name: 'tail_call', args: [A.ARG_PTR_TO_CTX, A.ARG_CONST_MAP_PTR, A.ARG_ANYTHING], ret: RET.RET_VOID, types: 'base',
    call: (c) => c.fault('bpf_tail_call is carried out by the VM itself'),
  },
  {
    name: 'spin_lock', args: [A.ARG_PTR_TO_SPIN_LOCK], ret: RET.RET_VOID, types: 'base',
    call: (c) => {
      const w = writeArg(c, 1, 4);
      if (w[0] !== 0) c.fault('bpf_spin_lock on a lock this program already holds (the kernel would deadlock)');
      w[0] = 1;
    },
  },
  {
    name: 'spin_unlock', args: [A.ARG_PTR_TO_SPIN_LOCK], ret: RET.RET_VOID, types: 'base',
    call: (c) => {
      const w = writeArg(c, 1, 4);
      if (w[0] === 0) c.fault('bpf_spin_unlock of a lock that is not held');
      w.fill(0);
    },
  },
  {
    name: 'strtol', args: [A.ARG_PTR_TO_MEM, A.ARG_CONST_SIZE, A.ARG_ANYTHING, A.ARG_PTR_TO_LONG], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => strto(c, strtol),
  },
  {
    name: 'strtoul', args: [A.ARG_PTR_TO_MEM, A.ARG_CONST_SIZE, A.ARG_ANYTHING, A.ARG_PTR_TO_LONG], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => strto(c, strtoul),
  },
  {
    name: 'strncmp', args: [A.ARG_PTR_TO_MEM, A.ARG_CONST_SIZE, A.ARG_PTR_TO_CONST_STR], ret: RET.RET_INTEGER, types: 'base',
    call: (c) => {
      const n = sizeArg(c, 2);
      const s1 = readArg(c, 1, n);
      const rd = memReader(c);
      const base = c.u64(3);
      for (let i = 0; i < n; i++) {
        const b = rd.read(base + BigInt(i), 1);
        if (b === undefined) return c.fault('bpf_strncmp: the constant string is not readable');
        const c1 = s1[i]!;
        const c2 = b[0]!;
        if (c1 !== c2) return c1 < c2 ? -1 : 1;
        if (c1 === 0) break;
      }
      return 0;
    },
  },
  {
    name: 'trace_printk', args: [A.ARG_PTR_TO_MEM, A.ARG_CONST_SIZE, A.ARG_ANYTHING, A.ARG_ANYTHING, A.ARG_ANYTHING], ret: RET.RET_INTEGER, gplOnly: true, types: 'base',
    call: (c, env) => printk(c, env, readArg(c, 1, sizeArg(c, 2)), [c.u64(3), c.u64(4), c.u64(5)]),
  },
  {
    name: 'trace_vprintk', args: [A.ARG_PTR_TO_MEM, A.ARG_CONST_SIZE, A.ARG_PTR_TO_MEM_OR_NULL, A.ARG_CONST_SIZE_OR_ZERO], ret: RET.RET_INTEGER, gplOnly: true, types: 'base',
    call: (c, env) => {
      const fmt = readArg(c, 1, sizeArg(c, 2));
      const args = varargs(c, 3, 4);
      return typeof args === 'number' ? args : printk(c, env, fmt, args);
    },
  },
  {
    name: 'snprintf', args: [A.ARG_PTR_TO_MEM_OR_NULL, A.ARG_CONST_SIZE_OR_ZERO, A.ARG_PTR_TO_CONST_STR, A.ARG_PTR_TO_MEM_OR_NULL, A.ARG_CONST_SIZE_OR_ZERO], ret: RET.RET_INTEGER, gplOnly: true, types: 'base',
    call: (c) => {
      const size = sizeArg(c, 2);
      const args = varargs(c, 4, 5);
      if (typeof args === 'number') return args;
      const fmt = constString(c, 3);
      const r = bprintf(fmt, args, memReader(c));
      if (typeof r === 'number') return r;
      if (size > 0) {
        const out = writeArg(c, 1, size);
        const n = Math.min(r.length, size - 1);
        for (let i = 0; i < n; i++) out[i] = r.charCodeAt(i);
        out[n] = 0;
      }
      return r.length + 1;
    },
  },
  {
    name: 'probe_read_kernel', args: [A.ARG_PTR_TO_UNINIT_MEM, A.ARG_CONST_SIZE_OR_ZERO, A.ARG_ANYTHING], ret: RET.RET_INTEGER, gplOnly: true, types: 'base',
    call: (c) => {
      const size = sizeArg(c, 2);
      const dst = writeArg(c, 1, size);
      const src = memReader(c).read(c.u64(3), size);
      if (src === undefined) {
        writeArg(c, 1, size).fill(0);
        return badKernelAddress(c.u64(3));
      }
      dst.set(src);
      return 0;
    },
  },
  {
    name: 'probe_read_kernel_str', args: [A.ARG_PTR_TO_UNINIT_MEM, A.ARG_CONST_SIZE_OR_ZERO, A.ARG_ANYTHING], ret: RET.RET_INTEGER, gplOnly: true, types: 'base',
    call: (c) => {
      const size = sizeArg(c, 2);
      if (size === 0) return 0;
      const rd = memReader(c);
      const src = c.u64(3);
      const bytes: number[] = [];
      for (let i = 0; i < size - 1; i++) {
        const b = rd.read(src + BigInt(i), 1);
        if (b === undefined) {
          writeArg(c, 1, size).fill(0);
          return badKernelAddress(src + BigInt(i));
        }
        if (b[0] === 0) break;
        bytes.push(b[0]!);
      }
      const dst = writeArg(c, 1, size);
      dst.set(bytes);
      dst[bytes.length] = 0;
      return bytes.length + 1;
    },
  },
];

/**
 * copy_from_kernel_nofault's error for an address outside VM memory on x86-64: -ERANGE for user-space
 * and non-canonical addresses (copy_from_kernel_nofault_allowed refuses them), -EFAULT for the
 * kernel half, where nothing is mapped in the VM.
 */
function badKernelAddress(addr: bigint): number {
  return addr >= 0xffff800000000000n ? -ERRNO.EFAULT : -ERRNO.ERANGE;
}

function ringbuf(c: HelperCall): RingbufMap {
  const m = mapArg(c, 1);
  if (!(m instanceof RingbufMap)) c.fault(`${c.helper.name} needs a BPF_MAP_TYPE_RINGBUF map`);
  return m;
}

function commitRecord(c: HelperCall, env: HelperEnv, discard: boolean): void {
  const addr = c.ptr(1);
  const m = env.ringbufRecords.get(addr);
  if (m === undefined) c.fault(`0x${addr.toString(16)} is not a reserved ring buffer record`);
  env.ringbufRecords.delete(addr);
  if (m.commit(addr, discard) !== 0) c.fault(`0x${addr.toString(16)} is not a reserved ring buffer record`);
}

function strto(c: HelperCall, fn: (b: Uint8Array, flags: bigint) => [number, bigint]): number {
  const len = sizeArg(c, 2);
  const buf = readArg(c, 1, len);
  const res = writeArg(c, 4, 8);
  const [r, v] = fn(buf, c.u64(3));
  new DataView(res.buffer, res.byteOffset, 8).setBigUint64(0, BigInt.asUintN(64, v), true);
  return r;
}

/** The u64 array of bpf_snprintf / bpf_trace_vprintk, or -EINVAL. */
function varargs(c: HelperCall, ptr: number, lenArg: number): bigint[] | number {
  const len = sizeArg(c, lenArg);
  if (len % 8 || len > MAX_BPRINTF_VARARGS * 8 || (len && c.u64(ptr) === 0n)) return -ERRNO.EINVAL;
  const b = readArg(c, ptr, len);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: bigint[] = [];
  for (let i = 0; i < len; i += 8) out.push(v.getBigUint64(i, true));
  return out;
}

/** A NUL-terminated string at r<i> (ARG_PTR_TO_CONST_STR), NUL included. */
function constString(c: HelperCall, i: number): Uint8Array {
  const rd = memReader(c);
  const base = c.u64(i);
  const bytes: number[] = [];
  for (let k = 0; k < 65536; k++) {
    const b = rd.read(base + BigInt(k), 1);
    if (b === undefined) throw new RawFault(FAULT.unmapped, `r${i}: the format string is not NUL-terminated readable memory`);
    bytes.push(b[0]!);
    if (b[0] === 0) return Uint8Array.from(bytes);
  }
  throw new RawFault(FAULT.helper, `r${i}: the format string is longer than 64 KiB`);
}

