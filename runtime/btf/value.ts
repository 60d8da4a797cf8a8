// Bytes of a BTF-typed object (a map key or value, a global variable, a whole .data section) → one line
// of C-initialiser-like text: `{.saddr = 0x100000a, .port = 80, .mac = {0, 1, 2, 3, 4, 5}, .name = "eth0"}`.
// Integers are little-endian and printed in decimal, unsigned ones from 0x10000 up in hex (addresses,
// masks and flags read better so); bitfields are extracted from their bit offsets; enums print their
// enumerator name when one matches; char arrays that hold a NUL-terminated printable string print as a
// string literal; DATASECs print their variables. Too few bytes or a type without a size is a BtfError.
import { BTF_INT_BOOL, BTF_INT_CHAR, BTF_INT_SIGNED, BTF_PTR_SIZE } from './constants.js';
import { BtfError, describeType } from './errors.js';
import { resolveType, typeSize } from './query.js';
import type { Btf, BtfType } from './types.js';

export interface FormatValueOptions {
  /** 'large' (default): unsigned values ≥ 0x10000 in hex; 'always' / 'never' for every unsigned value */
  hex?: 'large' | 'always' | 'never';
  /** print at most this many array elements, then "..." (default: all) */
  maxElements?: number;
}

const MAX_DEPTH = 64;

/** Formats `bytes` (at least the type's size) as a value of type `id`. */
export function formatValue(btf: Btf, id: number, bytes: Uint8Array, opts: FormatValueOptions = {}): string {
  const size = typeSize(btf, id);
  if (bytes.length < size) throw new BtfError(`value of ${describeType(id, btf.types[id]!.kind)}: ${size} bytes needed, ${bytes.length} given`);
  const f = new Formatter(btf, bytes, opts);
  return f.value(id, 0, 0);
}

class Formatter {
  private readonly dv: DataView;

  constructor(private readonly btf: Btf, private readonly bytes: Uint8Array, private readonly opts: FormatValueOptions) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  value(id: number, byteOff: number, depth: number): string {
    if (depth > MAX_DEPTH) throw new BtfError(`value of type ${id}: nested too deeply`);
    const rid = resolveType(this.btf, id);
    const t = this.btf.types[rid]!;
    switch (t.kind) {
      case 'INT':
        return this.int(t, byteOff * 8 + t.bitOffset, t.bits);
      case 'PTR':
        return `0x${this.uint(byteOff * 8, BTF_PTR_SIZE * 8).toString(16)}`;
      case 'ENUM':
      case 'ENUM64': {
        const raw = this.uint(byteOff * 8, t.size * 8);
        const v = t.signed ? BigInt.asIntN(t.size * 8, raw) : raw;
        const named = t.values.find((e) => BigInt(e.value) === v);
        return named ? named.name : this.number(v, t.signed);
      }
      case 'FLOAT':
        return this.float(byteOff, t.size);
      case 'ARRAY':
        return this.array(t.type, t.nelems, byteOff, depth);
      case 'STRUCT':
      case 'UNION': {
        const parts = t.members.map((m) => {
          const at = byteOff * 8 + m.bitOffset;
          let text: string;
          if (m.bitfieldSize > 0) {
            const mt = this.btf.types[resolveType(this.btf, m.type)]!;
            text = this.bitfield(mt, at, m.bitfieldSize);
          } else {
            if (at % 8 !== 0) throw new BtfError(`value of ${describeType(rid, t.kind)}: member ${m.name} is not byte aligned`);
            text = this.value(m.type, at / 8, depth + 1);
          }
          return m.name === '' ? text : `.${m.name} = ${text}`;
        });
        return `{${parts.join(', ')}}`;
      }
      case 'DATASEC': {
        const parts = t.vars.map((v) => {
          const vt = this.btf.types[v.type];
          const name = vt?.name ?? `type ${v.type}`;
          return `.${name} = ${this.value(v.type, byteOff + v.offset, depth + 1)}`;
        });
        return `{${parts.join(', ')}}`;
      }
      case 'VAR':
        return this.value(t.type, byteOff, depth + 1);
      case 'VOID':
      case 'FWD':
      case 'FUNC':
      case 'FUNC_PROTO':
      case 'DECL_TAG':
      case 'TYPEDEF':
      case 'CONST':
      case 'VOLATILE':
      case 'RESTRICT':
      case 'TYPE_TAG':
        throw new BtfError(`value of ${describeType(rid, t.kind)}: type has no value`);
      default: {
        const never: never = t;
        return never;
      }
    }
  }

  /** `bits` bits starting at bit `bitOff` of the buffer, little-endian, as an unsigned bigint. */
  private uint(bitOff: number, bits: number): bigint {
    const first = Math.floor(bitOff / 8);
    const last = Math.ceil((bitOff + bits) / 8);
    if (last > this.bytes.length) throw new BtfError(`value: reads past the end of the ${this.bytes.length}-byte buffer`);
    let v = 0n;
    for (let i = last - 1; i >= first; i--) v = (v << 8n) | BigInt(this.bytes[i]!);
    return BigInt.asUintN(bits, v >> BigInt(bitOff - first * 8));
  }

  private int(t: BtfType & { kind: 'INT' }, bitOff: number, bits: number): string {
    if (bits === 0) return '0';
    const raw = this.uint(bitOff, bits);
    if (t.encoding & BTF_INT_BOOL) return raw === 0n ? 'false' : raw === 1n ? 'true' : raw.toString();
    const signed = (t.encoding & BTF_INT_SIGNED) !== 0;
    const v = signed ? BigInt.asIntN(bits, raw) : raw;
    if ((t.encoding & BTF_INT_CHAR) && bits === 8) return this.char(Number(raw));
    return this.number(v, signed);
  }

  private bitfield(mt: BtfType, bitOff: number, bits: number): string {
    if (mt.kind === 'INT') return this.int(mt, bitOff, bits);
    const raw = this.uint(bitOff, bits);
    if (mt.kind === 'ENUM' || mt.kind === 'ENUM64') {
      const v = mt.signed ? BigInt.asIntN(bits, raw) : raw;
      return mt.values.find((e) => BigInt(e.value) === v)?.name ?? this.number(v, mt.signed);
    }
    return this.number(raw, false);
  }

  private number(v: bigint, signed: boolean): string {
    const hex = this.opts.hex ?? 'large';
    if (signed || hex === 'never' || (hex === 'large' && v < 0x10000n)) return v.toString();
    return `0x${v.toString(16)}`;
  }

  private char(c: number): string {
    if (c >= 0x20 && c < 0x7f && c !== 0x27 && c !== 0x5c) return `'${String.fromCharCode(c)}'`;
    return c.toString();
  }

  private float(byteOff: number, size: number): string {
    if (byteOff + size > this.bytes.length) throw new BtfError(`value: reads past the end of the ${this.bytes.length}-byte buffer`);
    if (size === 4) return String(this.dv.getFloat32(byteOff, true));
    if (size === 8) return String(this.dv.getFloat64(byteOff, true));
    return `0x${this.uint(byteOff * 8, size * 8).toString(16)}`;
  }

  private array(elem: number, nelems: number, byteOff: number, depth: number): string {
    const esize = typeSize(this.btf, elem);
    const et = this.btf.types[resolveType(this.btf, elem)]!;
    if (et.kind === 'INT' && esize === 1 && et.bits === 8 && !(et.encoding & BTF_INT_BOOL)) {
      const s = this.string(byteOff, nelems);
      if (s !== undefined) return s;
    }
    const max = Math.min(nelems, this.opts.maxElements ?? nelems);
    const parts: string[] = [];
    for (let i = 0; i < max; i++) parts.push(this.value(elem, byteOff + i * esize, depth + 1));
    if (max < nelems) parts.push('...');
    return `{${parts.join(', ')}}`;
  }

  /** A char array as a string literal, when it is printable text, NUL-terminated, zero after the NUL. */
  private string(byteOff: number, n: number): string | undefined {
    if (byteOff + n > this.bytes.length) throw new BtfError(`value: reads past the end of the ${this.bytes.length}-byte buffer`);
    const b = this.bytes.subarray(byteOff, byteOff + n);
    const nul = b.indexOf(0);
    if (nul <= 0) return undefined;
    for (let i = 0; i < nul; i++) if (b[i]! < 0x20 || b[i]! >= 0x7f) return undefined;
    for (let i = nul; i < n; i++) if (b[i] !== 0) return undefined;
    let s = '';
    for (let i = 0; i < nul; i++) {
      const c = String.fromCharCode(b[i]!);
      s += c === '"' || c === '\\' ? `\\${c}` : c;
    }
    return `"${s}"`;
  }
}
