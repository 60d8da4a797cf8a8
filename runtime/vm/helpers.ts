// The helper interface between the VM and helper implementations (runtime/helpers builds the Linux
// set on it). In: helpers registered by id with a prototype in the kernel's terms (argument and return
// types spelled as in include/linux/bpf.h). Out: a registry the VM consults on `call imm`.
//
// Calling convention (RFC 9669 §4.3.1, kernel ABI): the VM passes r1..r5 and expects r0 back; r1..r5
// are not preserved across the call (the VM leaves them as they were; a verified program never reads
// them). A helper receives a HelperCall:
//
//   call.u64(i) / call.i64(i): bigint     exact 64-bit value of r<i> (i = 1..5)
//   call.lo(i) / call.hi(i): number        its low / high 32 bits (int32)
//   call.u32(i): number                    low 32 bits, unsigned
//   call.ptr(i): number                    r<i> as an address (a number < 2^31); faults if it is not one
//   call.mem: AddressSpace                 memory; use call.mem.bytes(addr, len, write?) for checked views
//   call.env: unknown                      the per-run environment passed to vm.run (maps, context, …)
//   call.cpu / call.cpus / call.seed        the CPU this run is on (RunOptions.cpu), the VM's CPU count
//                                          (per-CPU maps) and seed (deterministic random numbers)
//   call.callback(fn, args): bigint        run a BPF callback (value of a ld_imm64 BPF_PSEUDO_FUNC) to exit
//   call.fault(detail): never              fail the run with a 'helper' fault naming the helper
//
// and returns r0: a number (a safe integer; negative values sign-extend, e.g. -2 for -ENOENT), a bigint
// (taken modulo 2^64), or undefined (r0 = 0, for RET_VOID). Memory faults raised inside (RawFault from
// mem.bytes) become VmFaults at the call instruction. Helper 12 (bpf_tail_call) is handled by the VM
// itself (see vm.ts): register a prototype for it if the verifier needs one, its implementation is
// never called.

import type { AddressSpace } from './memory.js';

/** Argument types of helper prototypes (kernel enum bpf_arg_type). */
export const ARG = {
  ARG_DONTCARE: 'ARG_DONTCARE',
  ARG_ANYTHING: 'ARG_ANYTHING',
  ARG_CONST_MAP_PTR: 'ARG_CONST_MAP_PTR',
  ARG_PTR_TO_MAP_KEY: 'ARG_PTR_TO_MAP_KEY',
  ARG_PTR_TO_MAP_VALUE: 'ARG_PTR_TO_MAP_VALUE',
  ARG_PTR_TO_MAP_VALUE_OR_NULL: 'ARG_PTR_TO_MAP_VALUE_OR_NULL',
  ARG_PTR_TO_MEM: 'ARG_PTR_TO_MEM',
  ARG_PTR_TO_MEM_OR_NULL: 'ARG_PTR_TO_MEM_OR_NULL',
  ARG_PTR_TO_UNINIT_MEM: 'ARG_PTR_TO_UNINIT_MEM',
  ARG_CONST_SIZE: 'ARG_CONST_SIZE',
  ARG_CONST_SIZE_OR_ZERO: 'ARG_CONST_SIZE_OR_ZERO',
  ARG_CONST_ALLOC_SIZE_OR_ZERO: 'ARG_CONST_ALLOC_SIZE_OR_ZERO',
  ARG_PTR_TO_CTX: 'ARG_PTR_TO_CTX',
  ARG_PTR_TO_CTX_OR_NULL: 'ARG_PTR_TO_CTX_OR_NULL',
  ARG_PTR_TO_STACK: 'ARG_PTR_TO_STACK',
  ARG_PTR_TO_STACK_OR_NULL: 'ARG_PTR_TO_STACK_OR_NULL',
  ARG_PTR_TO_LONG: 'ARG_PTR_TO_LONG',
  ARG_PTR_TO_INT: 'ARG_PTR_TO_INT',
  ARG_PTR_TO_FUNC: 'ARG_PTR_TO_FUNC',
  ARG_PTR_TO_CONST_STR: 'ARG_PTR_TO_CONST_STR',
  ARG_PTR_TO_SPIN_LOCK: 'ARG_PTR_TO_SPIN_LOCK',
  ARG_PTR_TO_TIMER: 'ARG_PTR_TO_TIMER',
  ARG_PTR_TO_DYNPTR: 'ARG_PTR_TO_DYNPTR',
  ARG_PTR_TO_BTF_ID: 'ARG_PTR_TO_BTF_ID',
  ARG_PTR_TO_RINGBUF_MEM: 'ARG_PTR_TO_RINGBUF_MEM',
  ARG_PTR_TO_SOCKET: 'ARG_PTR_TO_SOCKET',
} as const;
export type ArgType = (typeof ARG)[keyof typeof ARG];

/** Return types of helper prototypes (kernel enum bpf_return_type). */
export const RET = {
  RET_INTEGER: 'RET_INTEGER',
  RET_VOID: 'RET_VOID',
  RET_PTR_TO_MAP_VALUE_OR_NULL: 'RET_PTR_TO_MAP_VALUE_OR_NULL',
  RET_PTR_TO_MEM_OR_NULL: 'RET_PTR_TO_MEM_OR_NULL',
  RET_PTR_TO_RINGBUF_MEM_OR_NULL: 'RET_PTR_TO_RINGBUF_MEM_OR_NULL',
  RET_PTR_TO_SOCKET_OR_NULL: 'RET_PTR_TO_SOCKET_OR_NULL',
  RET_PTR_TO_BTF_ID_OR_NULL: 'RET_PTR_TO_BTF_ID_OR_NULL',
  RET_PTR_TO_MEM_OR_BTF_ID: 'RET_PTR_TO_MEM_OR_BTF_ID',
} as const;
export type RetType = (typeof RET)[keyof typeof RET];

/** What the verifier and the VM know about a helper. */
export interface HelperProto {
  id: number;
  /** kernel name, e.g. 'bpf_map_lookup_elem' */
  name: string;
  /** argument types of r1.. (length = number of arguments, at most 5) */
  args: readonly ArgType[];
  ret: RetType;
  /** callable only from programs whose license is GPL-compatible */
  gplOnly: boolean;
}

export type HelperResult = number | bigint | undefined | void;

export interface Helper extends HelperProto {
  call(c: HelperCall): HelperResult;
}

export interface HelperCall {
  readonly mem: AddressSpace;
  readonly env: unknown;
  /** the CPU the run is on (0 ≤ cpu < cpus) */
  readonly cpu: number;
  readonly cpus: number;
  readonly seed: number;
  /** the helper being called */
  readonly helper: HelperProto;
  /** exact unsigned value of r<i> */
  u64(i: number): bigint;
  /** exact signed value of r<i> */
  i64(i: number): bigint;
  /** low 32 bits of r<i> (int32) */
  lo(i: number): number;
  /** high 32 bits of r<i> (int32) */
  hi(i: number): number;
  /** low 32 bits of r<i>, unsigned */
  u32(i: number): number;
  /** r<i> as a memory address; faults if its value cannot be an address */
  ptr(i: number): number;
  /** runs a BPF callback function (a BPF_PSEUDO_FUNC value) with up to 5 arguments; returns its r0 */
  callback(fn: bigint, args: readonly bigint[]): bigint;
  /** ends the run with a 'helper' fault */
  fault(detail: string): never;
}

export interface HelperRegistry {
  get(id: number): Helper | undefined;
  /** every registered helper, by increasing id */
  list(): Helper[];
}

/** A registry holding `helpers`; later entries with the same id replace earlier ones. */
export function createHelperRegistry(helpers: readonly Helper[] = []): HelperRegistry {
  const byId = new Map<number, Helper>();
  for (const h of helpers) byId.set(h.id, h);
  return {
    get: (id) => byId.get(id),
    list: () => [...byId.values()].sort((a, b) => a.id - b.id),
  };
}

/** The helper id the VM implements itself. */
export const BPF_FUNC_tail_call = 12;

/**
 * Helper 5 as the eBPF conformance suite expects it (uBPF's "unwind" test helper): returns its first
 * argument. (In Linux, id 5 is bpf_ktime_get_ns; this registry is only for conformance runs.)
 */
export function conformanceHelpers(): Helper[] {
  return [
    {
      id: 5,
      name: 'conformance_unwind',
      args: [ARG.ARG_ANYTHING],
      ret: RET.RET_INTEGER,
      gplOnly: false,
      call: (c) => c.u64(1),
    },
  ];
}
