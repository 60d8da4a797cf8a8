// The per-run environment the Linux helpers read and write (passed to vm.run as `env`): the program's
// context and type, the CPU, a virtual clock, a seeded random generator, and what the helpers produce
// (trace_printk lines, the redirect target). In: options (seed, clock, compatibility switches). Out: a
// HelperEnv whose fields a runner sets per packet (`ctx`) and reads after each run (`trace`, `redirect`).
//
// Time: ktime_get_ns / ktime_get_boot_ns / ktime_get_tai_ns / jiffies64 read a virtual clock that starts
// at `startNs` and advances by `stepNs` on every read, so runs are reproducible; a runner may also set
// it (e.g. from capture timestamps). jiffies64 is INITIAL_JIFFIES (2^32 - 300 HZ on 64-bit kernels)
// plus the boot time in ticks of 1/HZ s.
//
// Random numbers: bpf_get_prandom_u32 is the kernel's prandom_u32_state (the lfsr113 Tausworthe
// generator) on a per-CPU state seeded from `seed` and the CPU number (as prandom_seed_early does, then
// the kernel's warm-up of 10 rounds). The kernel seeds its states randomly, so only the algorithm matches.

import type { MapEnv, RingbufMap } from '../maps/index.js';
import type { ProgramContext } from '../context/index.js';

/** Compatibility switches where kernel versions differ. */
export interface HelperCompat {
  /**
   * bpf_csum_diff's result: 'folded' (Linux ≥ 6.13, including the 6.18 reference kernel: the 32-bit sum
   * folded to 16 bits by csum_from32to16) or 'partial' (earlier x86-64 kernels: csum_partial's 32-bit
   * value over the concatenated ~from and to words).
   */
  csumDiff: 'folded' | 'partial';
}

export interface HelperEnvOptions {
  /** seed of the random generator (default 0) */
  seed?: number;
  /** clock start in ns (default 1e9) and step per read in ns (default 1000) */
  startNs?: bigint;
  stepNs?: bigint;
  /** ktime_get_boot_ns − ktime_get_ns (time spent suspended; default 0) */
  bootOffsetNs?: bigint;
  /** ktime_get_tai_ns − ktime_get_ns (default 37 s + the Unix epoch offset 0) */
  taiOffsetNs?: bigint;
  /** CONFIG_HZ for jiffies64 (default 250) */
  hz?: number;
  /** the map environment (its `cpu` is the CPU of the run) */
  maps?: MapEnv;
  /** number of possible CPUs when no map environment is given (default 1) */
  ncpus?: number;
  /** net_cls class id of the task running the test (bpf_get_cgroup_classid; default 0) */
  cgroupClassid?: number;
  /**
   * Network devices by ifindex with their MTU (bpf_check_mtu, bpf_clone_redirect); default: the test
   * run's loopback device, ifindex 1 with MTU 65536
   */
  devices?: ReadonlyMap<number, { mtu: number }>;
  /** uid bpf_get_socket_uid reports for the packet's socket (default 0, as for the test run's socket) */
  socketUid?: number;
  /** key of the flow hash bpf_get_hash_recalc computes (default 0) */
  hashSeed?: bigint;
  /** called with every trace_printk line as it is produced */
  onTrace?: (rec: TraceRecord) => void;
  compat?: Partial<HelperCompat>;
}

/** One bpf_trace_printk / bpf_trace_vprintk output. */
export interface TraceRecord {
  cpu: number;
  /** the formatted message (as the kernel's trace buffer holds it, newline included if any) */
  message: string;
  /** the line as ebpfc prints it: `bpf_trace_printk: MESSAGE` with a trailing newline removed */
  line: string;
}

/** Where bpf_redirect / bpf_redirect_map / bpf_redirect_peer / bpf_redirect_neigh asked the packet to go. */
export interface RedirectTarget {
  helper: 'bpf_redirect' | 'bpf_redirect_map' | 'bpf_redirect_peer' | 'bpf_redirect_neigh';
  /** ifindex (bpf_redirect) or map key (bpf_redirect_map) */
  index: number;
  flags: bigint;
  /** the map (bpf_redirect_map) */
  map?: unknown;
}

export const INITIAL_JIFFIES_OFFSET = 300;

/**
 * The kernel's lfsr113 generator (struct rnd_state, lib/random32.c), seeded like prandom_seed_early
 * (the "super-duper" LCG x * 69069 feeding s1..s4, each raised to its minimum) and warmed up with ten
 * rounds, so the kernel's self-test vectors apply.
 */
export class Prandom {
  private s = new Uint32Array(4);
  constructor(seed: number) {
    const sd = (v: number, m: number): number => (v < m ? v + m : v) >>> 0;
    const lcg = (x: number): number => Math.imul(x, 69069) >>> 0;
    this.s[0] = sd(lcg(seed >>> 0), 2);
    this.s[1] = sd(lcg(this.s[0]!), 8);
    this.s[2] = sd(lcg(this.s[1]!), 16);
    this.s[3] = sd(lcg(this.s[2]!), 128);
    for (let k = 0; k < 10; k++) this.next();
  }
  /** prandom_u32_state: TAUSWORTHE(s, a, b, c, d) = ((s & c) << d) ^ (((s << a) ^ s) >> b) per word */
  next(): number {
    const s = this.s;
    let v = s[0]!;
    s[0] = (((v & 4294967294) << 18) ^ (((v << 6) ^ v) >>> 13)) >>> 0;
    v = s[1]!;
    s[1] = (((v & 4294967288) << 2) ^ (((v << 2) ^ v) >>> 27)) >>> 0;
    v = s[2]!;
    s[2] = (((v & 4294967280) << 7) ^ (((v << 13) ^ v) >>> 21)) >>> 0;
    v = s[3]!;
    s[3] = (((v & 4294967168) << 13) ^ (((v << 3) ^ v) >>> 12)) >>> 0;
    return (s[0]! ^ s[1]! ^ s[2]! ^ s[3]!) >>> 0;
  }
}

export class HelperEnv {
  /** the context of the program being run (set per packet) */
  ctx: ProgramContext | undefined = undefined;
  /** program type of the running program ('xdp', 'sched_cls', …): helpers it may not call fault */
  progType: string | undefined = undefined;
  /** whether the program's license is GPL-compatible (GPL-only helpers fault otherwise); undefined: unchecked */
  gpl: boolean | undefined = undefined;
  /** virtual monotonic time (ns) returned by the next clock read */
  nowNs: bigint;
  stepNs: bigint;
  bootOffsetNs: bigint;
  taiOffsetNs: bigint;
  readonly hz: number;
  readonly maps: MapEnv | undefined;
  readonly cgroupClassid: number;
  readonly hashSeed: bigint;
  readonly socketUid: number;
  readonly devices: ReadonlyMap<number, { mtu: number }>;
  readonly compat: HelperCompat;
  /** trace_printk output of the runs so far (a runner drains it) */
  trace: TraceRecord[] = [];
  /** ring buffer records reserved and not yet submitted or discarded, by address */
  readonly ringbufRecords = new Map<number, RingbufMap>();
  /** copies of the packet bpf_clone_redirect sent (a runner may show or drain them) */
  clones: { ifindex: number; ingress: boolean; packet: Uint8Array }[] = [];
  /** the last redirect a helper recorded in this run */
  redirect: RedirectTarget | undefined = undefined;
  private readonly onTrace: ((rec: TraceRecord) => void) | undefined;
  private readonly rnd: Prandom[] = [];
  private readonly seed: number;
  private readonly ncpus: number;
  private cpuOverride = 0;

  constructor(opts: HelperEnvOptions = {}) {
    this.nowNs = opts.startNs ?? 1_000_000_000n;
    this.stepNs = opts.stepNs ?? 1000n;
    this.bootOffsetNs = opts.bootOffsetNs ?? 0n;
    this.taiOffsetNs = opts.taiOffsetNs ?? 37_000_000_000n;
    this.hz = opts.hz ?? 250;
    this.maps = opts.maps;
    this.ncpus = opts.maps?.ncpus ?? opts.ncpus ?? 1;
    this.cgroupClassid = opts.cgroupClassid ?? 0;
    this.hashSeed = opts.hashSeed ?? 0n;
    this.socketUid = opts.socketUid ?? 0;
    this.devices = opts.devices ?? new Map([[1, { mtu: 65536 }]]);
    this.onTrace = opts.onTrace;
    this.seed = opts.seed ?? 0;
    this.compat = { csumDiff: opts.compat?.csumDiff ?? 'folded' };
  }

  /** The CPU the program runs on (the map environment's, so per-CPU maps agree). */
  get cpu(): number {
    return this.maps !== undefined ? this.maps.cpu : this.cpuOverride;
  }
  set cpu(c: number) {
    if (this.maps !== undefined) this.maps.cpu = c;
    else this.cpuOverride = c;
  }

  /** nr_cpu_ids */
  get cpuCount(): number {
    return this.ncpus;
  }

  /** Reads the monotonic clock (then advances it). */
  readClock(): bigint {
    const t = this.nowNs;
    this.nowNs += this.stepNs;
    return t;
  }

  /** get_jiffies_64() for a boot-time clock reading. */
  jiffiesAt(bootNs: bigint): bigint {
    const initial = BigInt(2 ** 32 - INITIAL_JIFFIES_OFFSET * this.hz);
    return initial + (bootNs * BigInt(this.hz)) / 1_000_000_000n;
  }

  /** The next bpf_get_prandom_u32 value of the current CPU. */
  random(): number {
    const cpu = this.cpu;
    let g = this.rnd[cpu];
    if (g === undefined) this.rnd[cpu] = g = new Prandom((this.seed + Math.imul(cpu, 0x9e3779b9)) >>> 0);
    return g.next();
  }

  /**
   * Ends a run: ring buffer records the run reserved and never submitted (possible only when the run
   * faulted; the kernel's verifier forbids it otherwise) are discarded so consumers are not blocked.
   * Returns how many were discarded.
   */
  finishRun(): number {
    if (this.ringbufRecords.size === 0) return 0;
    let n = 0;
    for (const [addr, rb] of this.ringbufRecords) if (rb.commit(addr, true) === 0) n++;
    this.ringbufRecords.clear();
    return n;
  }

  /** Records a trace_printk message. */
  emitTrace(message: string): void {
    const rec: TraceRecord = { cpu: this.cpu, message, line: `bpf_trace_printk: ${message.replace(/\n$/, '')}` };
    this.trace.push(rec);
    this.onTrace?.(rec);
  }
}
