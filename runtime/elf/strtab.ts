// ELF string tables (gABI "String Table"): a byte block of NUL-terminated names, offset 0 = "".
// readString: (table bytes, offset) → name, bounds-checked. StringTableBuilder: names → offsets and
// the encoded table (each distinct name stored once).
import { ElfError } from './errors.js';

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** Reads the NUL-terminated string at `offset`; `what` names the table in error messages. */
export function readString(table: Uint8Array, offset: number, what: string): string {
  if (offset === 0 && table.length === 0) return '';
  if (!Number.isInteger(offset) || offset < 0 || offset >= table.length) {
    throw new ElfError(`${what}: string offset ${offset} is outside the string table (size ${table.length})`);
  }
  const end = table.indexOf(0, offset);
  if (end < 0) throw new ElfError(`${what}: string at offset ${offset} is not NUL-terminated`);
  return utf8Decoder.decode(table.subarray(offset, end));
}

/** Builds a string table; offsets are final as soon as add() returns. */
export class StringTableBuilder {
  private readonly chunks: Uint8Array[] = [new Uint8Array(1)];
  private readonly offsets = new Map<string, number>();
  private length = 1;

  constructor() {
    this.offsets.set('', 0);
  }

  /** Adds `name` (once) and returns its offset. */
  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    if (name.includes('\0')) throw new ElfError(`string table: name ${JSON.stringify(name)} contains a NUL byte`);
    const bytes = utf8Encoder.encode(name);
    const off = this.length;
    const chunk = new Uint8Array(bytes.length + 1);
    chunk.set(bytes);
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.offsets.set(name, off);
    return off;
  }

  /** Offset of a name added before. */
  offsetOf(name: string): number {
    const off = this.offsets.get(name);
    if (off === undefined) throw new ElfError(`string table: ${JSON.stringify(name)} was never added`);
    return off;
  }

  get size(): number {
    return this.length;
  }

  encode(): Uint8Array {
    const out = new Uint8Array(this.length);
    let pos = 0;
    for (const c of this.chunks) {
      out.set(c, pos);
      pos += c.length;
    }
    return out;
  }
}
