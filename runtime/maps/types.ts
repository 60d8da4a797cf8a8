// The common shape of every BPF map: its definition (what `BPF_MAP_CREATE` receives), the environment it
// lives in (VM memory for values, CPU count, current CPU) and the operations that programs (through the
// helpers) and user space (the CLI's --map-update, dumps) perform on it. Constants follow the kernel's
// uapi <linux/bpf.h> (enum bpf_map_type, map_flags, update flags) and errno values (asm-generic/errno).

/** `enum bpf_map_type` (uapi <linux/bpf.h>), kernel numbering. */
export const BPF_MAP_TYPE = {
  BPF_MAP_TYPE_UNSPEC: 0,
  BPF_MAP_TYPE_HASH: 1,
  BPF_MAP_TYPE_ARRAY: 2,
  BPF_MAP_TYPE_PROG_ARRAY: 3,
  BPF_MAP_TYPE_PERF_EVENT_ARRAY: 4,
  BPF_MAP_TYPE_PERCPU_HASH: 5,
  BPF_MAP_TYPE_PERCPU_ARRAY: 6,
  BPF_MAP_TYPE_STACK_TRACE: 7,
  BPF_MAP_TYPE_CGROUP_ARRAY: 8,
  BPF_MAP_TYPE_LRU_HASH: 9,
  BPF_MAP_TYPE_LRU_PERCPU_HASH: 10,
  BPF_MAP_TYPE_LPM_TRIE: 11,
  BPF_MAP_TYPE_ARRAY_OF_MAPS: 12,
  BPF_MAP_TYPE_HASH_OF_MAPS: 13,
  BPF_MAP_TYPE_DEVMAP: 14,
  BPF_MAP_TYPE_SOCKMAP: 15,
  BPF_MAP_TYPE_CPUMAP: 16,
  BPF_MAP_TYPE_XSKMAP: 17,
  BPF_MAP_TYPE_SOCKHASH: 18,
  BPF_MAP_TYPE_CGROUP_STORAGE: 19,
  BPF_MAP_TYPE_REUSEPORT_SOCKARRAY: 20,
  BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE: 21,
  BPF_MAP_TYPE_QUEUE: 22,
  BPF_MAP_TYPE_STACK: 23,
  BPF_MAP_TYPE_SK_STORAGE: 24,
  BPF_MAP_TYPE_DEVMAP_HASH: 25,
  BPF_MAP_TYPE_STRUCT_OPS: 26,
  BPF_MAP_TYPE_RINGBUF: 27,
  BPF_MAP_TYPE_INODE_STORAGE: 28,
  BPF_MAP_TYPE_TASK_STORAGE: 29,
  BPF_MAP_TYPE_BLOOM_FILTER: 30,
  BPF_MAP_TYPE_USER_RINGBUF: 31,
  BPF_MAP_TYPE_CGRP_STORAGE: 32,
  BPF_MAP_TYPE_ARENA: 33,
} as const;
export type BpfMapTypeName = keyof typeof BPF_MAP_TYPE;

/** `map_flags` bits of BPF_MAP_CREATE. */
export const BPF_F = {
  BPF_F_NO_PREALLOC: 1 << 0,
  BPF_F_NO_COMMON_LRU: 1 << 1,
  BPF_F_NUMA_NODE: 1 << 2,
  BPF_F_RDONLY: 1 << 3,
  BPF_F_WRONLY: 1 << 4,
  BPF_F_STACK_BUILD_ID: 1 << 5,
  BPF_F_ZERO_SEED: 1 << 6,
  BPF_F_RDONLY_PROG: 1 << 7,
  BPF_F_WRONLY_PROG: 1 << 8,
  BPF_F_CLONE: 1 << 9,
  BPF_F_MMAPABLE: 1 << 10,
  BPF_F_PRESERVE_ELEMS: 1 << 11,
  BPF_F_INNER_MAP: 1 << 12,
} as const;
/** BPF_F_ACCESS_MASK = RDONLY | RDONLY_PROG | WRONLY | WRONLY_PROG. */
export const BPF_F_ACCESS_MASK = BPF_F.BPF_F_RDONLY | BPF_F.BPF_F_RDONLY_PROG | BPF_F.BPF_F_WRONLY | BPF_F.BPF_F_WRONLY_PROG;

/** Flags of map update (`bpf_map_update_elem`, `BPF_MAP_UPDATE_ELEM`). */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;
export const BPF_F_LOCK = 4;

/** Errno values the map operations return, negated (as the kernel's map ops and helpers do). */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  E2BIG: 7,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ENOSPC: 28,
  ERANGE: 34,
  EOVERFLOW: 75,
  EOPNOTSUPP: 95,
  ENOTSUPP: 524,
} as const;

/** What BPF_MAP_CREATE receives (the fields that matter for semantics). */
export interface MapDef {
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  /** Up to 15 characters of [A-Za-z0-9_.]; used for VM region names. */
  name?: string;
  /** map_extra: bloom filter hash count (low 4 bits). */
  mapExtra?: number;
  /** Map-in-map: the inner map template. */
  innerMap?: MapDef;
  /** Offset of a `struct bpf_spin_lock` in the value (from BTF), when the value has one. */
  spinLockOff?: number;
}

/** One block of value storage in VM memory: its address and size. */
export interface MapBlock {
  addr: number;
  size: number;
}

/**
 * Storage for map values. Programs receive addresses from lookups and load/store through them, so the
 * loader adapts the VM's allocator to this (allocate → a zero-filled region's start, free, bytes → a
 * view of the address space). Maps never keep a `bytes` view: the buffer may be replaced when it grows.
 */
export interface MapMemory {
  /** A zero-filled block of `size` bytes; returns its address. */
  allocate(size: number, name: string): number;
  free(addr: number): void;
  /** A view of [addr, addr+len), valid until the next allocate. */
  bytes(addr: number, len: number): Uint8Array;
}

/** A program as a PROG_ARRAY (or devmap/cpumap) entry: its id (what user space reads back) and handle. */
export interface ProgRef {
  id: number;
  prog: unknown;
}

/** A map as a map-in-map entry: its id, the handle programs receive from lookups, and the map. */
export interface InnerMapRef {
  id: number;
  handle: number;
  map: import('./base.js').BpfMap;
}

/** Where maps live: value memory, the number of possible CPUs and the CPU the current run is on. */
export interface MapEnv {
  memory: MapMemory;
  /** num_possible_cpus(); fixed for the life of the maps. */
  readonly ncpus: number;
  /** The CPU of the running program (smp_processor_id()); the VM sets it per run. */
  cpu: number;
  /** Resolves a program "fd" written by user space into a prog array / devmap / cpumap value. */
  resolveProgFd?(fd: number): ProgRef | undefined;
  /** Resolves a map "fd" written by user space into a map-in-map value. */
  resolveMapFd?(fd: number): InnerMapRef | undefined;
  /** Whether a network interface exists (devmap values); default: any ifindex > 0. */
  ifindexExists?(ifindex: number): boolean;
  /** Resolves an AF_XDP socket "fd" (xskmap values) to a non-zero socket handle. */
  resolveXskFd?(fd: number): number | undefined;
}

/** A user-space (syscall-style) result: 0 or a negative errno, with the bytes read when 0. */
export interface SysResult {
  ret: number;
  value?: Uint8Array;
}

/** One map entry for dumps: per-CPU maps give one value per CPU. */
export interface MapEntry {
  key: Uint8Array;
  value: Uint8Array | Uint8Array[];
}

