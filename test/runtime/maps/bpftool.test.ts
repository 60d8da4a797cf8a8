// The same kind of scenario driven through bpftool (pinned maps in a private bpffs directory, one
// command per operation, errors read from bpftool's messages), compared with runtime/maps: a second,
// independent path into the kernel beside scripts/kernel-maps.py. Skipped without root/bpftool.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BPFTOOL, canUseKernel, withBpffsDir } from '../../helpers/tools.js';
import { normalize, runOurs, type Scenario, type ScenarioResult } from './scenario.js';

const ERRNO_BY_TEXT: Record<string, number> = {
  'File exists': -17,
  'No such file or directory': -2,
  'Argument list too long': -7,
  'Invalid argument': -22,
  'No space left on device': -28,
  'Operation not permitted': -1,
};

const hexArgs = (h: string): string[] => ['hex', ...(h.match(/../g) ?? [])];

function bpftool(args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('taskset', ['-c', '0', BPFTOOL, '-j', ...args], { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout, err: r.stderr + r.stdout };
}

function errnoOf(text: string): number {
  // lookup/peek/pop print a JSON null (and exit non-zero) when the kernel says ENOENT
  if (text.trim() === 'null') return -2;
  for (const [t, e] of Object.entries(ERRNO_BY_TEXT)) if (text.includes(t)) return e;
  throw new Error(`unrecognised bpftool error: ${text}`);
}

const TYPES: Record<number, string> = { 1: 'hash', 2: 'array', 11: 'lpm_trie', 22: 'queue', 23: 'stack' };

function runBpftool(scn: Scenario, dir: string): ScenarioResult {
  const pin = `${dir}/m`;
  const d = scn.def;
  const c = bpftool(['map', 'create', pin, 'type', TYPES[d.type]!, 'key', String(d.keySize), 'value', String(d.valueSize), 'entries', String(d.maxEntries), 'name', 'm', 'flags', String(d.flags)]);
  const out: ScenarioResult = { create: c.ok ? 0 : errnoOf(c.err), ncpus: 0, results: [], dump: [] };
  if (!c.ok) return out;
  const m = ['pinned', pin];
  const flagWord = (f = 0): string[] => (f === 1 ? ['noexist'] : f === 2 ? ['exist'] : []);
  for (const op of scn.ops) {
    let r: ReturnType<typeof bpftool>;
    if (op.op === 'update') r = bpftool(['map', 'update', ...m, 'key', ...hexArgs(op.key!), 'value', ...hexArgs(op.value!), ...flagWord(op.flags)]);
    else if (op.op === 'delete') r = bpftool(['map', 'delete', ...m, 'key', ...hexArgs(op.key!)]);
    else if (op.op === 'push') r = bpftool(['map', 'push', ...m, 'value', ...hexArgs(op.value!)]);
    else if (op.op === 'pop' || op.op === 'peek') r = bpftool(['map', op.op, ...m]);
    else if (op.op === 'lookup') r = bpftool(['map', 'lookup', ...m, 'key', ...hexArgs(op.key!)]);
    else throw new Error(`op ${op.op} not driven through bpftool`);
    if (!r.ok) {
      out.results.push({ ret: errnoOf(r.err) });
      continue;
    }
    const j = (r.out.trim() ? (JSON.parse(r.out) as { value?: string[] } | null) : null) ?? {};
    out.results.push(j.value ? { ret: 0, value: j.value.map((x) => x.slice(2)).join('') } : { ret: 0 });
  }
  if (d.keySize > 0) {
    const dump = JSON.parse(bpftool(['map', 'dump', ...m]).out) as { key: string[]; value: string[] }[];
    out.dump = dump.map((e) => [e.key.map((x) => x.slice(2)).join(''), e.value.map((x) => x.slice(2)).join('')]);
  }
  return out;
}

const k = (n: number): string => Buffer.from(new Uint32Array([n]).buffer).toString('hex');
const v = (n: number): string => Buffer.from(new BigUint64Array([BigInt(n)]).buffer).toString('hex');

const SCENARIOS: Scenario[] = [
  {
    name: 'hash E2BIG / EEXIST / ENOENT',
    def: { type: 1, keySize: 4, valueSize: 8, maxEntries: 2, flags: 64 },
    cpu: 0,
    ordered: true,
    ops: [
      { op: 'update', key: k(1), value: v(1) },
      { op: 'update', key: k(2), value: v(2), flags: 1 },
      { op: 'update', key: k(3), value: v(3) },
      { op: 'update', key: k(2), value: v(4), flags: 1 },
      { op: 'update', key: k(3), value: v(4), flags: 2 },
      { op: 'update', key: k(2), value: v(5), flags: 2 },
      { op: 'lookup', key: k(2) },
      { op: 'delete', key: k(7) },
    ],
  },
  {
    name: 'lpm trie longest match and ENOSPC',
    def: { type: 11, keySize: 8, valueSize: 8, maxEntries: 3, flags: 1 },
    cpu: 0,
    ordered: true,
    ops: [
      { op: 'update', key: k(8) + '0a000000', value: v(1) },
      { op: 'update', key: k(24) + '0a010200', value: v(2) },
      { op: 'update', key: k(16) + '0a010000', value: v(3) },
      { op: 'update', key: k(32) + '0a010203', value: v(4) },
      { op: 'lookup', key: k(32) + '0a010203' },
      { op: 'lookup', key: k(32) + '0a01ff03' },
      { op: 'lookup', key: k(32) + '0b010203' },
    ],
  },
  {
    name: 'stack overflow and LIFO pops',
    def: { type: 23, keySize: 0, valueSize: 4, maxEntries: 2, flags: 0 },
    cpu: 0,
    ops: [
      { op: 'push', value: k(1) },
      { op: 'push', value: k(2) },
      { op: 'push', value: k(3) },
      { op: 'peek' },
      { op: 'pop' },
      { op: 'pop' },
      { op: 'pop' },
    ],
  },
];

describe('maps vs the kernel through bpftool', () => {
  for (const scn of SCENARIOS) {
    it.skipIf(!canUseKernel())(scn.name, async () => {
      const kernel = await withBpffsDir((dir) => runBpftool(scn, dir));
      const ours = runOurs(scn, 2);
      expect({ ...normalize(scn, ours), ncpus: 0 }).toEqual(normalize(scn, kernel));
    });
  }
});
