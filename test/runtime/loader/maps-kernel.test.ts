// The maps the loader creates are the maps libbpf creates: for every clang-built object we ship, each
// map's type, key and value sizes, max_entries, map_flags and frozen state (BTF-defined maps and the
// internal `.data` / `.rodata*` / `.bss` maps) must equal what `bpftool map show` reports after
// `bpftool prog loadall … pinmaps`. Skipped without root and bpftool.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelName, loadObject } from '../../../runtime/loader/index.js';
import { mapTypeName } from '../../../runtime/maps/index.js';
import { BPFTOOL, canUseKernel, withBpffsDir } from '../../helpers/tools.js';

const ROOT = join(import.meta.dirname, '../../..');

interface Shown {
  name: string;
  type: string;
  bytes_key: number;
  bytes_value: number;
  max_entries: number;
  flags: number;
  frozen: number;
}

function possibleCpus(): number {
  try {
    return readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split(',').reduce((n, part) => {
      const [a, b] = part.split('-').map(Number);
      return n + (b === undefined ? 1 : b - a! + 1);
    }, 0);
  } catch {
    return 1;
  }
}

function objects(): { path: string; progType?: string }[] {
  const out: { path: string; progType?: string }[] = [];
  for (const [dir, cases] of [['test/fixtures/clang', 'examples'], ['test/fixtures/corpus/clang', 'test/fixtures/corpus']] as const) {
    for (const f of readdirSync(join(ROOT, dir)).filter((x) => x.endsWith('.o')).sort()) {
      let progType: string | undefined;
      try {
        progType = (JSON.parse(readFileSync(join(ROOT, cases, f.replace(/\.o$/, '.test.json')), 'utf8')) as { progType?: string }).progType;
      } catch {
        progType = undefined;
      }
      out.push({ path: join(ROOT, dir, f), ...(progType !== undefined ? { progType } : {}) });
    }
  }
  return out;
}

/** Kernel map name → the name our loader uses (internal maps: `prefix.rodata` → `.rodata`). */
const ourName = (kernel: string): string => (kernel.includes('.') ? kernel.slice(kernel.indexOf('.')) : kernel);

function kernelMaps(objPath: string, progType: string | undefined, dir: string): Map<string, Shown> {
  const args = ['prog', 'loadall', objPath, join(dir, 'p')];
  if (progType !== undefined) args.push('type', progType);
  args.push('pinmaps', join(dir, 'm'));
  const load = spawnSync(BPFTOOL, args, { encoding: 'utf8' });
  if (load.status !== 0) throw new Error(`bpftool loadall ${objPath}: ${load.stderr.trim().split('\n').pop()}`);
  const pins = existsSync(join(dir, 'm')) ? readdirSync(join(dir, 'm')) : [];
  if (pins.length === 0) return new Map();
  const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-maps-'));
  const batch = join(tmp, 'batch');
  writeFileSync(batch, pins.map((p) => `map show pinned ${join(dir, 'm', p)}`).join('\n') + '\n');
  const r = spawnSync(BPFTOOL, ['-j', 'batch', 'file', batch], { encoding: 'utf8', maxBuffer: 64 << 20 });
  rmSync(tmp, { recursive: true, force: true });
  // bpftool 7.1 ends every batch with {"error": "reading batch file failed: …"} and exit status 255
  const entries = (JSON.parse(r.stdout) as { command?: string[]; output?: Shown }[]).filter((e) => e.command !== undefined);
  if (entries.length !== pins.length) throw new Error(`bpftool batch: ${r.stdout} ${r.stderr}`);
  const shown = entries.map((e) => e.output!);
  return new Map(shown.map((s) => [ourName(s.name), s]));
}

describe.skipIf(!canUseKernel())('maps created by the loader equal the maps libbpf creates', () => {
  const cpus = possibleCpus();
  it.each(objects())('$path', async ({ path, progType }) => {
    const kernel = await withBpffsDir((dir) => kernelMaps(path, progType, dir));
    const obj = loadObject(new Uint8Array(readFileSync(path)), { cpus, ...(progType !== undefined ? { progType } : {}) });
    const ours = new Map(obj.maps.map((m) => {
      const d = m.map.def;
      const name = m.kind === 'data' ? m.name : kernelName(m.name);
      return [name, { type: mapTypeName(d.type), bytes_key: d.keySize, bytes_value: d.valueSize, max_entries: d.maxEntries, flags: d.flags,
        frozen: m.map.frozen ? 1 : 0 }] as const;
    }));
    const theirs = new Map([...kernel].map(([n, s]) => [n, { type: s.type, bytes_key: s.bytes_key, bytes_value: s.bytes_value,
      max_entries: s.max_entries, flags: s.flags, frozen: s.frozen }] as const));
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });
});
