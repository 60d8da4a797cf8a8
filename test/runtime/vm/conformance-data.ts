// Reader for the eBPF conformance suite's `.data` files, following the parser rules spelled out in
// /work/shared/conformance/README.md: a line containing `--` starts a section whose kind is picked by
// substring in the order asm, result, mem, raw, `no register offset` (ignored), ` c` (ignored), error;
// any other directive makes the runner skip the file; `#` starts a comment; `raw` wins over `asm`; the
// last non-blank result line wins (hex when it contains 0x, else decimal); a file with neither a result
// nor a non-empty error is skipped.

export interface ConformanceCase {
  name: string;
  asm?: string;
  /** raw program bytes (from `-- raw`), little-endian slots */
  raw?: Uint8Array;
  mem?: Uint8Array;
  result?: bigint;
  error?: string;
  /** why the upstream runner would skip this file, if it would */
  skip?: string;
}

type Section = 'asm' | 'result' | 'mem' | 'raw' | 'ignored' | 'error';

function sectionOf(line: string): Section | undefined {
  if (line.includes('asm')) return 'asm';
  if (line.includes('result')) return 'result';
  if (line.includes('mem')) return 'mem';
  if (line.includes('raw')) return 'raw';
  if (line.includes('no register offset')) return 'ignored';
  if (line.includes(' c')) return 'ignored';
  if (line.includes('error')) return 'error';
  return undefined;
}

export function parseConformanceData(name: string, text: string): ConformanceCase {
  const c: ConformanceCase = { name };
  const parts: Record<Section, string[]> = { asm: [], result: [], mem: [], raw: [], ignored: [], error: [] };
  const seen = new Set<Section>();
  let cur: Section | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    if (rawLine.includes('--')) {
      const s = sectionOf(rawLine);
      if (s === undefined) {
        c.skip = `unknown directive: ${rawLine.trim()}`;
        return c;
      }
      cur = s;
      seen.add(s);
      continue;
    }
    const hash = rawLine.indexOf('#');
    const line = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trimEnd();
    if (cur === undefined || line.trim() === '') continue;
    parts[cur].push(line);
  }
  if (seen.has('asm')) c.asm = parts.asm.join('\n');
  if (seen.has('raw')) c.raw = rawBytes(parts.raw);
  if (seen.has('mem')) c.mem = hexBytes(parts.mem.join(' '));
  if (parts.result.length > 0) {
    const last = parts.result[parts.result.length - 1]!.trim();
    c.result = BigInt.asUintN(64, last.includes('0x') ? BigInt(last.slice(last.indexOf('0x'))) : BigInt(last));
  }
  if (parts.error.length > 0) c.error = parts.error.join('\n').trim();
  if (c.result === undefined && (c.error === undefined || c.error === '')) c.skip = 'neither a result nor an error';
  return c;
}

/** `-- raw`: whitespace-separated 64-bit values (0x hex or decimal), one per slot, little-endian. */
function rawBytes(lines: string[]): Uint8Array {
  const words = lines.join(' ').split(/\s+/).filter((w) => w !== '');
  const out = new Uint8Array(words.length * 8);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setBigUint64(i * 8, BigInt.asUintN(64, BigInt(w)), true));
  return out;
}

/** Whitespace-separated two-digit hex bytes. */
export function hexBytes(text: string): Uint8Array {
  const words = text.split(/\s+/).filter((w) => w !== '');
  return Uint8Array.from(words.map((w) => {
    if (!/^[0-9a-fA-F]{1,2}$/.test(w)) throw new Error(`bad hex byte "${w}"`);
    return parseInt(w, 16);
  }));
}

/**
 * `negative/unused-*.data` write their raw program as single hex bytes, eight per slot (the upstream
 * runner skips these files); returns those bytes.
 */
export function unusedRawBytes(text: string): Uint8Array {
  const lines: string[] = [];
  let inRaw = false;
  for (const l of text.split(/\r?\n/)) {
    if (l.includes('--')) {
      inRaw = l.includes('raw');
      continue;
    }
    const body = l.split('#')[0]!.trim();
    if (inRaw && body !== '') lines.push(body);
  }
  return hexBytes(lines.join(' '));
}
