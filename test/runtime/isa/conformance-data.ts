// Reader for the bpf_conformance `.data` test files in /work/shared/conformance, following the rules in
// its README: a line containing `--` starts a section whose kind is picked by substring (asm, result,
// mem, raw, `no register offset`, ` c`, error, in that order; anything else makes the file unusable),
// `#` starts a comment, `raw` holds little-endian u64 slots (or single bytes in negative/unused-*).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const CONFORMANCE_DIR = '/work/shared/conformance';

export interface DataFile {
  name: string;
  asm?: string;
  /** `raw` section tokens, as written. */
  raw?: string[];
  mem?: Uint8Array;
  result?: bigint;
  error?: string;
  /** Set when a `-- xyz` line names no known section (the upstream runner skips such files). */
  unknownDirective?: string;
}

const KINDS = ['asm', 'result', 'mem', 'raw', 'no register offset', ' c', 'error'] as const;

export function parseDataFile(name: string, text: string): DataFile {
  const f: DataFile = { name };
  const sections = new Map<string, string[]>();
  let cur: string[] | undefined;
  let errorRaw: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.includes('--')) {
      const kind = KINDS.find((k) => line.includes(k));
      if (kind === undefined) {
        f.unknownDirective = line.trim();
        cur = undefined;
        continue;
      }
      cur = [];
      sections.set(kind, cur);
      if (kind === 'error') errorRaw = cur;
      continue;
    }
    if (cur === errorRaw && cur !== undefined) {
      cur.push(line);
      continue;
    }
    const body = line.replace(/#.*/, '');
    if (body.trim() !== '') cur?.push(body);
  }
  const asm = sections.get('asm');
  if (asm) f.asm = asm.join('\n') + '\n';
  const raw = sections.get('raw');
  if (raw) f.raw = raw.join(' ').split(/\s+/).filter((t) => t !== '');
  const mem = sections.get('mem');
  if (mem) f.mem = Uint8Array.from(mem.join(' ').split(/\s+/).filter((t) => t !== '').map((t) => parseInt(t, 16)));
  const result = sections.get('result');
  if (result && result.length > 0) {
    const last = result[result.length - 1]!.trim();
    f.result = last.includes('0x') ? BigInt(last) : BigInt(last);
  }
  if (errorRaw) f.error = errorRaw.join('\n').replace(/\s+$/, '');
  return f;
}

/** Raw section as slot bytes: u64 little-endian values, or (negative/unused-*) single bytes. */
export function rawBytes(raw: readonly string[]): Uint8Array {
  const singleBytes = raw.every((t) => /^[0-9a-fA-F]{2}$/.test(t));
  if (singleBytes) return Uint8Array.from(raw.map((t) => parseInt(t, 16)));
  const out = new Uint8Array(raw.length * 8);
  const view = new DataView(out.buffer);
  raw.forEach((t, i) => view.setBigUint64(i * 8, BigInt.asUintN(64, BigInt(t)), true));
  return out;
}

export function readDataDir(sub: 'tests' | 'negative'): DataFile[] {
  const dir = join(CONFORMANCE_DIR, sub);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.data'))
    .sort()
    .map((n) => parseDataFile(n, readFileSync(join(dir, n), 'utf8')));
}

export interface ManifestRow {
  name: string;
  cpu: number;
  groups: string[];
  slots: number;
}

export function readManifest(): ManifestRow[] {
  const text = readFileSync(join(CONFORMANCE_DIR, 'manifest.tsv'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [name, cpu, groups, slots] = l.split('\t');
      return { name: name!, cpu: Number(cpu!.slice(1)), groups: groups!.split(',').sort(), slots: Number(slots) };
    });
}
