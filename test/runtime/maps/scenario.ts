// Map scenarios: a map definition plus a sequence of user-space operations, run either in the kernel
// (scripts/kernel-maps.py through bpf()) or on our runtime/maps, producing the same JSON result shape,
// so the two can be compared directly (and kernel results recorded as fixtures).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  BloomFilterMap,
  checkMapDef,
  createMap,
  createPlainMapMemory,
  type BpfMap,
  type MapDef,
  type MapEnv,
  type SysResult,
} from '../../../runtime/maps/index.js';

export interface ScenarioOp {
  op: 'update' | 'lookup' | 'delete' | 'next' | 'push' | 'pop' | 'peek' | 'bloom' | 'lookup_and_delete' | 'freeze';
  key?: string | null;
  value?: string;
  flags?: number;
  /** Run this and later operations on that CPU. */
  cpu?: number;
}

export interface Scenario {
  name: string;
  def: MapDef;
  /** CPU to run on (the kernel side pins itself there). */
  cpu: number | null;
  ops: ScenarioOp[];
  /** Whether the dump order is meaningful (BPF_F_ZERO_SEED hash maps, arrays, LPM). */
  ordered?: boolean;
}

export interface ScenarioResult {
  create: number;
  ncpus: number;
  results: { ret: number; value?: string }[];
  dump: [string, string][];
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string | null | undefined): Uint8Array => new Uint8Array(Buffer.from(h ?? '', 'hex'));

const SCRIPT = fileURLToPath(new URL('../../../scripts/kernel-maps.py', import.meta.url));

/** Runs scenarios in the kernel (needs root and python3), all in one driver process. */
export function runKernelAll(scns: readonly Scenario[]): ScenarioResult[] {
  const input = JSON.stringify(scns.map((s) => ({ def: s.def, cpu: s.cpu, ops: s.ops })));
  const r = spawnSync('python3', [SCRIPT], { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`kernel-maps.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ScenarioResult[];
}

/** Runs one scenario in the kernel. */
export function runKernel(scn: Scenario): ScenarioResult {
  return runKernelAll([scn])[0]!;
}

/** The kernel reads value_size bytes from user space; the driver supplies zeros past what is given. */
function padded(v: Uint8Array, n: number): Uint8Array {
  if (v.length >= n) return v;
  const out = new Uint8Array(n);
  out.set(v);
  return out;
}

function res(r: SysResult): { ret: number; value?: string } {
  return r.ret === 0 && r.value ? { ret: 0, value: hex(r.value) } : { ret: r.ret };
}

/** Runs the scenario on runtime/maps with `ncpus` possible CPUs. */
export function runOurs(scn: Scenario, ncpus: number): ScenarioResult {
  const out: ScenarioResult = { create: 0, ncpus, results: [], dump: [] };
  const c = checkMapDef(scn.def);
  if (c) return { ...out, create: c };
  const env: MapEnv = { memory: createPlainMapMemory(), ncpus, cpu: scn.cpu ?? 0, ifindexExists: (i) => i === 1 };
  const map: BpfMap = createMap(scn.def, env);
  for (const op of scn.ops) {
    const key = op.key === undefined || op.key === null ? null : bytes(op.key);
    const flags = op.flags ?? 0;
    if (op.cpu !== undefined) env.cpu = op.cpu;
    switch (op.op) {
      case 'update':
        out.results.push({ ret: map.sysUpdate(key, padded(bytes(op.value), map.sysValueSize()), flags) });
        break;
      case 'push':
        out.results.push({ ret: map.sysUpdate(null, bytes(op.value), flags) });
        break;
      case 'lookup':
        out.results.push(res(map.sysLookup(key, flags)));
        break;
      case 'peek':
        out.results.push(res(map.sysLookup(null, flags)));
        break;
      case 'bloom':
        out.results.push({ ret: (map as BloomFilterMap).sysTest(bytes(op.value)) });
        break;
      case 'pop':
        out.results.push(res(map.sysLookupAndDelete(null, flags)));
        break;
      case 'lookup_and_delete':
        out.results.push(res(map.sysLookupAndDelete(key, flags)));
        break;
      case 'delete':
        out.results.push({ ret: map.sysDelete(key) });
        break;
      case 'next':
        out.results.push(res(map.sysGetNextKey(key)));
        break;
      case 'freeze':
        out.results.push({ ret: map.freeze() });
        break;
    }
  }
  if (scn.def.keySize > 0) {
    let key: Uint8Array | null = null;
    for (let i = 0; i < 1 << 20; i++) {
      const n = map.sysGetNextKey(key);
      if (n.ret !== 0 || !n.value) break;
      key = n.value;
      const v = map.sysLookup(key);
      if (v.ret === 0 && v.value) out.dump.push([hex(key), hex(v.value)]);
    }
  }
  return out;
}

/** The comparable form: unordered dumps are sorted. */
export function normalize(scn: Scenario, r: ScenarioResult): ScenarioResult {
  return scn.ordered ? r : { ...r, dump: [...r.dump].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
}
