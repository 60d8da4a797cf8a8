// How the helper tables are written: one HelperDef per Linux helper with the kernel's prototype
// (struct bpf_func_proto: argument and return types, gpl_only), the program types whose func_proto
// offers it, whether it is in bpf_helper_changes_pkt_data, and its implementation. Plus the argument
// accessors the implementations share (map from a handle, bytes from a pointer, the context).

import { BpfMap } from '../maps/index.js';
import { SkbContext, XdpContext } from '../context/index.js';
import { ACCESS_READ, ACCESS_WRITE, type ArgType, type HelperCall, type HelperResult, type RetType } from '../vm/index.js';
import { HelperEnv } from './env.js';

/** Program-type families as the kernel's func_proto callbacks group them. */
export const PROG_FAMILY = { xdp: 'xdp', tc: 'tc', socket: 'socket' } as const;
export type ProgFamily = (typeof PROG_FAMILY)[keyof typeof PROG_FAMILY];

/** The family of a program type name ('xdp', 'sched_cls', 'sched_act', 'socket_filter'), if modelled. */
export function progFamily(progType: string | undefined): ProgFamily | undefined {
  switch (progType) {
    case 'xdp':
      return PROG_FAMILY.xdp;
    case 'sched_cls':
    case 'sched_act':
      return PROG_FAMILY.tc;
    case 'socket_filter':
      return PROG_FAMILY.socket;
    default:
      return undefined;
  }
}

export interface HelperDef {
  /** kernel name without the bpf_ prefix */
  name: string;
  args: readonly ArgType[];
  ret: RetType;
  gplOnly?: boolean;
  /** program families that may call it: 'base' = every type (bpf_base_func_proto) */
  types: 'base' | readonly ProgFamily[];
  /** in bpf_helper_changes_pkt_data: packet pointers are invalid after the call */
  changesPkt?: boolean;
  call(c: HelperCall, env: HelperEnv): HelperResult;
}

/** The run's HelperEnv (faults when the run was started without one). */
export function envOf(c: HelperCall): HelperEnv {
  const e = c.env;
  if (!(e instanceof HelperEnv)) c.fault('the run has no helper environment (pass a runtime/helpers HelperEnv as env)');
  return e;
}

/** The map whose handle is in r<i>. */
export function mapArg(c: HelperCall, i: number): BpfMap {
  const addr = c.ptr(i);
  const owner = c.mem.regionAt(addr)?.owner;
  if (!(owner instanceof BpfMap)) c.fault(`r${i} = 0x${addr.toString(16)} is not a map`);
  return owner;
}

/** A copy of `len` bytes at the address in r<i>. */
export function readArg(c: HelperCall, i: number, len: number): Uint8Array {
  if (len === 0) return new Uint8Array(0);
  return c.mem.bytes(c.ptr(i), len).slice();
}

/**
 * The address in r<i>, once `len` (> 0) bytes there are known to be readable (or writable) — the same
 * check and the same faults as readArg / writeArg, without a copy or a view: for keys and values read
 * in place from `c.mem.u8`.
 */
export function memArg(c: HelperCall, i: number, len: number, write = false): number {
  const addr = c.ptr(i);
  const r = c.mem.regionAt(addr);
  const need = write ? ACCESS_WRITE : ACCESS_READ;
  if (r === undefined || addr + len > r.end || (r.perm & need) !== need) c.mem.bytes(addr, len, write);
  return addr;
}

/** A writable view of `len` bytes at the address in r<i> (do not keep it across allocations). */
export function writeArg(c: HelperCall, i: number, len: number): Uint8Array {
  if (len === 0) return new Uint8Array(0);
  return c.mem.bytes(c.ptr(i), len, true);
}

/** A size argument (ARG_CONST_SIZE*): the u32 value of r<i>, faulting above `max`. */
export function sizeArg(c: HelperCall, i: number, max = 0x7fffffff): number {
  const v = c.u64(i);
  if (v > BigInt(max)) c.fault(`size argument r${i} = ${v} is too large`);
  return Number(v);
}

function checkCtx(c: HelperCall, r1: number): void {
  if (c.hi(1) !== 0 || c.lo(1) !== r1) c.fault('r1 is not the program context');
}

/** The XDP context (r1 must point at it). */
export function xdpArg(c: HelperCall, env: HelperEnv): XdpContext {
  const x = env.ctx;
  if (!(x instanceof XdpContext)) c.fault(`${c.helper.name} needs an XDP context`);
  checkCtx(c, x.r1);
  return x;
}

/** The __sk_buff context (r1 must point at it). */
export function skbArg(c: HelperCall, env: HelperEnv): SkbContext {
  const x = env.ctx;
  if (!(x instanceof SkbContext)) c.fault(`${c.helper.name} needs an __sk_buff context`);
  checkCtx(c, x.r1);
  return x;
}

/** r<i> as an int (the low 32 bits, signed): the kernel's `int offset` arguments. */
export const intArg = (c: HelperCall, i: number): number => c.lo(i);
