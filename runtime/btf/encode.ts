// Btf (types.ts) → .BTF section bytes, in the layout clang and libbpf write: a 24-byte header, the type
// section at offset 0, the string section right after it (include/uapi/linux/btf.h). Names missing from
// the string table are interned in a copy of it, so encoding never mutates its input. Values that do not
// fit their wire fields (vlen > 0xffff, a bitfield offset ≥ 2^24 with kind_flag, an enumerator out of
// the s32/u32 range, …) are a BtfError. Header and btf_type layouts are drawn in decode.ts; the
// kind-specific records are:
//
//   INT        u32  encoding(27-24) | offset(23-16) | bits(7-0)
//   ARRAY      u32 type, u32 index_type, u32 nelems
//   STRUCT     vlen × { u32 name_off, u32 type, u32 offset }   offset = kflag ? size<<24 | bit : bit
//   ENUM       vlen × { u32 name_off, s32/u32 val }
//   ENUM64     vlen × { u32 name_off, u32 val_lo32, u32 val_hi32 }
//   FUNC_PROTO vlen × { u32 name_off, u32 type }
//   VAR        u32 linkage
//   DATASEC    vlen × { u32 type, u32 offset, u32 size }
//   DECL_TAG   s32 component_idx
import {
  BTF_HEADER_LEN, BTF_KIND_NAMES, BTF_LINKAGE_NAMES, BTF_MAGIC, BTF_MAX_VLEN, BTF_VERSION,
} from './constants.js';
import { BtfError, describeType } from './errors.js';
import type { BtfStrings } from './strings.js';
import type { Btf, BtfType } from './types.js';

/** Encodes `btf` as a .BTF section. */
export function encodeBtf(btf: Btf): Uint8Array {
  const strings = btf.strings.clone();
  const w = new Writer();
  if (btf.types.length === 0 || btf.types[0]!.kind !== 'VOID') {
    throw new BtfError('encode: types[0] must be VOID');
  }
  for (let id = 1; id < btf.types.length; id++) encodeType(w, btf.types[id]!, id, strings);
  const typeBytes = w.bytes();
  const strBytes = strings.toBytes();
  const out = new Uint8Array(BTF_HEADER_LEN + typeBytes.length + strBytes.length);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, BTF_MAGIC, true);
  dv.setUint8(2, BTF_VERSION);
  dv.setUint8(3, 0);
  dv.setUint32(4, BTF_HEADER_LEN, true);
  dv.setUint32(8, 0, true);
  dv.setUint32(12, typeBytes.length, true);
  dv.setUint32(16, typeBytes.length, true);
  dv.setUint32(20, strBytes.length, true);
  out.set(typeBytes, BTF_HEADER_LEN);
  out.set(strBytes, BTF_HEADER_LEN + typeBytes.length);
  return out;
}

/** Kind name → kind number. */
const KIND_NUMBER = new Map<string, number>(BTF_KIND_NAMES.map((n, i) => [n, i]));

function encodeType(w: Writer, t: BtfType, id: number, strings: BtfStrings): void {
  const where = `encode: ${describeType(id, t.kind)}`;
  const u32 = (v: number, what: string): number => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new BtfError(`${where}: ${what} ${v} is not a u32`);
    return v;
  };
  const name = (s: string): number => strings.add(s);
  const head = (vlen: number, kflag: boolean, sizeType: number, what: string): void => {
    if (!Number.isInteger(vlen) || vlen < 0 || vlen > BTF_MAX_VLEN) throw new BtfError(`${where}: vlen ${vlen} exceeds ${BTF_MAX_VLEN}`);
    const kind = KIND_NUMBER.get(t.kind);
    if (kind === undefined) throw new BtfError(`${where}: cannot encode kind ${t.kind}`);
    w.u32(name(t.name));
    w.u32(((kflag ? 0x80000000 : 0) | (kind << 24) | vlen) >>> 0);
    w.u32(u32(sizeType, what));
  };
  switch (t.kind) {
    case 'VOID':
      throw new BtfError(`${where}: VOID is only valid as type 0`);
    case 'INT': {
      head(0, false, t.size, 'size');
      const field = (v: number, max: number, what: string): number => {
        if (!Number.isInteger(v) || v < 0 || v > max) throw new BtfError(`${where}: ${what} ${v} exceeds ${max}`);
        return v;
      };
      w.u32(((field(t.encoding, 15, 'encoding') << 24) | (field(t.bitOffset, 255, 'bit offset') << 16) | field(t.bits, 255, 'bits')) >>> 0);
      return;
    }
    case 'PTR':
    case 'TYPEDEF':
    case 'VOLATILE':
    case 'CONST':
    case 'RESTRICT':
      head(0, false, t.type, 'type');
      return;
    case 'TYPE_TAG':
      head(0, t.kindFlag, t.type, 'type');
      return;
    case 'ARRAY':
      head(0, false, 0, 'size');
      w.u32(u32(t.type, 'element type'));
      w.u32(u32(t.indexType, 'index type'));
      w.u32(u32(t.nelems, 'nelems'));
      return;
    case 'STRUCT':
    case 'UNION':
      head(t.members.length, t.kindFlag, t.size, 'size');
      t.members.forEach((m, i) => {
        w.u32(name(m.name));
        w.u32(u32(m.type, `member ${i} type`));
        if (t.kindFlag) {
          if (!Number.isInteger(m.bitOffset) || m.bitOffset < 0 || m.bitOffset > 0xffffff) {
            throw new BtfError(`${where}: member ${i} bit offset ${m.bitOffset} does not fit 24 bits (kind_flag layout)`);
          }
          if (!Number.isInteger(m.bitfieldSize) || m.bitfieldSize < 0 || m.bitfieldSize > 255) {
            throw new BtfError(`${where}: member ${i} bitfield size ${m.bitfieldSize} does not fit 8 bits`);
          }
          w.u32(((m.bitfieldSize << 24) | m.bitOffset) >>> 0);
        } else {
          if (m.bitfieldSize !== 0) throw new BtfError(`${where}: member ${i} is a bitfield but kind_flag is 0`);
          w.u32(u32(m.bitOffset, `member ${i} bit offset`));
        }
      });
      return;
    case 'ENUM':
      head(t.values.length, t.signed, t.size, 'size');
      t.values.forEach((v, i) => {
        w.u32(name(v.name));
        const [lo, hi] = t.signed ? [-0x80000000, 0x7fffffff] : [0, 0xffffffff];
        if (!Number.isInteger(v.value) || v.value < lo || v.value > hi) {
          throw new BtfError(`${where}: enumerator ${i} value ${v.value} is out of the ${t.signed ? 's32' : 'u32'} range`);
        }
        w.u32(v.value >>> 0);
      });
      return;
    case 'ENUM64':
      head(t.values.length, t.signed, t.size, 'size');
      t.values.forEach((v, i) => {
        const ok = t.signed ? BigInt.asIntN(64, v.value) === v.value : BigInt.asUintN(64, v.value) === v.value;
        if (!ok) throw new BtfError(`${where}: enumerator ${i} value ${v.value} is out of the ${t.signed ? 's64' : 'u64'} range`);
        const raw = BigInt.asUintN(64, v.value);
        w.u32(name(v.name));
        w.u32(Number(raw & 0xffffffffn));
        w.u32(Number(raw >> 32n));
      });
      return;
    case 'FWD':
      head(0, t.union, 0, 'size');
      return;
    case 'FUNC':
      head(linkageNumber(t.linkage, where), false, t.type, 'type');
      return;
    case 'FUNC_PROTO': {
      head(t.params.length + (t.variadic ? 1 : 0), false, t.returnType, 'return type');
      t.params.forEach((p, i) => {
        w.u32(name(p.name));
        w.u32(u32(p.type, `parameter ${i} type`));
      });
      if (t.variadic) {
        w.u32(0);
        w.u32(0);
      }
      return;
    }
    case 'VAR':
      head(0, false, t.type, 'type');
      w.u32(linkageNumber(t.linkage, where));
      return;
    case 'DATASEC':
      head(t.vars.length, false, t.size, 'size');
      t.vars.forEach((v, i) => {
        w.u32(u32(v.type, `var ${i} type`));
        w.u32(u32(v.offset, `var ${i} offset`));
        w.u32(u32(v.size, `var ${i} size`));
      });
      return;
    case 'FLOAT':
      head(0, false, t.size, 'size');
      return;
    case 'DECL_TAG':
      head(0, t.kindFlag, t.type, 'type');
      if (!Number.isInteger(t.componentIdx) || t.componentIdx < -0x80000000 || t.componentIdx > 0x7fffffff) {
        throw new BtfError(`${where}: component_idx ${t.componentIdx} is not an s32`);
      }
      w.u32(t.componentIdx >>> 0);
      return;
    default: {
      const never: never = t;
      throw new BtfError(`encode: type ${id} has unknown kind ${(never as { kind: string }).kind}`);
    }
  }
}

function linkageNumber(l: string, where: string): number {
  const n = (BTF_LINKAGE_NAMES as readonly string[]).indexOf(l);
  if (n < 0) throw new BtfError(`${where}: unknown linkage ${l}`);
  return n;
}

/** A growable little-endian u32 buffer. */
class Writer {
  private buf = new Uint8Array(1024);
  private dv = new DataView(this.buf.buffer);
  private len = 0;

  u32(v: number): void {
    if (this.len + 4 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
      this.dv = new DataView(next.buffer);
    }
    this.dv.setUint32(this.len, v, true);
    this.len += 4;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
