// .BTF section bytes → Btf (types.ts). Implements the wire format of include/uapi/linux/btf.h and
// Documentation/bpf/btf.rst, with the structural checks libbpf makes before it will use a BTF blob
// (btf_parse_hdr, btf_parse_str_sec, btf_parse_type_sec, btf_validate_type): every read is
// bounds-checked, every name offset must fall in the string section, every referenced type id must
// exist, FUNC must point at a FUNC_PROTO. Fields the model cannot represent (reserved bits, vlen or
// kind_flag on kinds that have none) are rejected too, so encode(decode(bytes)) reproduces the input.
// Semantic rules the kernel adds (identifier names, sizes, loops) live in validate.ts.
//
//  struct btf_header (24 bytes, little-endian; offsets are relative to the end of the header):
//   0       2         3       4          8          12         16         20         24
//  +-------+---------+-------+----------+----------+----------+----------+----------+
//  | magic | version | flags | hdr_len  | type_off | type_len | str_off  | str_len  |
//  +-------+---------+-------+----------+----------+----------+----------+----------+
//
//  struct btf_type (12 bytes) followed by kind-specific data:
//   0            4                                             8                12
//  +------------+---------------------------------------------+----------------+
//  |  name_off  |                    info                     |  size | type   |
//  +------------+---------------------------------------------+----------------+
//  info:  31 | 30  29 | 28     24 | 23      16 | 15                          0
//        kflag|  0    |   kind    |     0      |            vlen
import {
  BTF_HEADER_LEN, BTF_KIND_NAMES, BTF_MAGIC, BTF_MAX_TYPE, BTF_TYPE_LEN, BTF_VERSION, BTF_LINKAGE_NAMES,
  BTF_KIND_INT, BTF_KIND_PTR, BTF_KIND_ARRAY, BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_ENUM, BTF_KIND_FWD,
  BTF_KIND_TYPEDEF, BTF_KIND_VOLATILE, BTF_KIND_CONST, BTF_KIND_RESTRICT, BTF_KIND_FUNC,
  BTF_KIND_FUNC_PROTO, BTF_KIND_VAR, BTF_KIND_DATASEC, BTF_KIND_FLOAT, BTF_KIND_DECL_TAG,
  BTF_KIND_TYPE_TAG, BTF_KIND_ENUM64,
} from './constants.js';
import { BtfError, describeType } from './errors.js';
import { BtfStrings } from './strings.js';
import type { Btf, BtfLinkage, BtfType } from './types.js';
import { forEachReference } from './walk.js';

/** Header fields of a .BTF section as found in the bytes. */
export interface BtfHeader {
  magic: number;
  version: number;
  flags: number;
  hdrLen: number;
  typeOff: number;
  typeLen: number;
  strOff: number;
  strLen: number;
}

/** Reads and checks the header; throws BtfError when the section cannot be BTF. */
export function decodeBtfHeader(bytes: Uint8Array): BtfHeader {
  if (bytes.length < BTF_HEADER_LEN) {
    throw new BtfError(`section of ${bytes.length} bytes is too short for the ${BTF_HEADER_LEN}-byte BTF header`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint16(0, true);
  if (magic !== BTF_MAGIC) {
    if (magic === 0x9feb) throw new BtfError('big-endian BTF is not supported');
    throw new BtfError(`bad magic 0x${magic.toString(16)} (expected 0xeb9f)`);
  }
  const h: BtfHeader = {
    magic,
    version: dv.getUint8(2),
    flags: dv.getUint8(3),
    hdrLen: dv.getUint32(4, true),
    typeOff: dv.getUint32(8, true),
    typeLen: dv.getUint32(12, true),
    strOff: dv.getUint32(16, true),
    strLen: dv.getUint32(20, true),
  };
  if (h.version !== BTF_VERSION) throw new BtfError(`unsupported version ${h.version}`);
  if (h.flags !== 0) throw new BtfError(`unsupported flags 0x${h.flags.toString(16)}`);
  if (h.hdrLen < BTF_HEADER_LEN) throw new BtfError(`hdr_len ${h.hdrLen} is smaller than ${BTF_HEADER_LEN}`);
  if (h.hdrLen > bytes.length) throw new BtfError(`hdr_len ${h.hdrLen} is beyond the section (${bytes.length} bytes)`);
  for (let i = BTF_HEADER_LEN; i < h.hdrLen; i++) {
    if (bytes[i] !== 0) throw new BtfError(`unknown header field at byte ${i} is not zero`);
  }
  const dataLen = bytes.length - h.hdrLen;
  if (h.strOff + h.strLen > dataLen) {
    throw new BtfError(`string section (off ${h.strOff}, len ${h.strLen}) is beyond the section data (${dataLen} bytes)`);
  }
  if (h.typeOff + h.typeLen > h.strOff) {
    throw new BtfError(`type section (off ${h.typeOff}, len ${h.typeLen}) overlaps or follows the string section at ${h.strOff}`);
  }
  if (h.typeOff % 4 !== 0) throw new BtfError(`type section offset ${h.typeOff} is not 4-byte aligned`);
  if (h.typeLen % 4 !== 0) throw new BtfError(`type section length ${h.typeLen} is not a multiple of 4`);
  return h;
}

/** Decodes a whole .BTF section. */
export function decodeBtf(bytes: Uint8Array): Btf {
  const h = decodeBtfHeader(bytes);
  const strStart = h.hdrLen + h.strOff;
  const strBytes = bytes.subarray(strStart, strStart + h.strLen);
  if (strBytes.length === 0) throw new BtfError('string section is empty (it must at least hold the empty string)');
  if (strBytes[0] !== 0) throw new BtfError('string section does not start with a NUL byte');
  if (strBytes[strBytes.length - 1] !== 0) throw new BtfError('string section does not end with a NUL byte');
  const strings = BtfStrings.fromBytes(strBytes);
  const typeStart = h.hdrLen + h.typeOff;
  const reader = new TypeReader(bytes.subarray(typeStart, typeStart + h.typeLen), strings);
  const types: BtfType[] = [{ kind: 'VOID', name: '' }];
  while (!reader.done()) {
    if (types.length > BTF_MAX_TYPE) throw new BtfError(`more than ${BTF_MAX_TYPE} types`);
    types.push(reader.next(types.length));
  }
  const btf: Btf = { types, strings };
  checkReferences(btf);
  return btf;
}

function checkReferences(btf: Btf): void {
  const n = btf.types.length;
  for (let id = 1; id < n; id++) {
    const t = btf.types[id]!;
    forEachReference(t, (ref, what) => {
      if (ref >= n) throw new BtfError(`${describeType(id, t.kind)}: ${what} refers to type ${ref}, beyond the last type ${n - 1}`);
    });
    if (t.kind === 'FUNC' && btf.types[t.type]!.kind !== 'FUNC_PROTO') {
      throw new BtfError(`${describeType(id, t.kind)}: type ${t.type} is ${btf.types[t.type]!.kind}, not FUNC_PROTO`);
    }
  }
}

class TypeReader {
  private off = 0;
  private readonly dv: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly strings: BtfStrings) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  done(): boolean {
    return this.off >= this.bytes.length;
  }

  next(id: number): BtfType {
    const at = this.off;
    if (at + BTF_TYPE_LEN > this.bytes.length) {
      throw new BtfError(`type ${id}: header at type-section offset ${at} is truncated`);
    }
    const nameOff = this.u32(at);
    const info = this.u32(at + 4);
    const sizeType = this.u32(at + 8);
    const kindNum = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const kflag = info >>> 31 === 1;
    const kind = BTF_KIND_NAMES[kindNum];
    if (kindNum === 0 || kind === undefined) throw new BtfError(`type ${id}: unknown kind ${kindNum}`);
    const where = describeType(id, kind);
    if ((info & 0x60ff0000) !== 0) throw new BtfError(`${where}: reserved info bits set (info 0x${info.toString(16)})`);
    const name = this.name(nameOff, where, 'name');
    this.off = at + BTF_TYPE_LEN;
    const noVlen = (): void => {
      if (vlen !== 0) throw new BtfError(`${where}: vlen ${vlen} must be 0`);
    };
    const noKflag = (): void => {
      if (kflag) throw new BtfError(`${where}: kind_flag must be 0`);
    };
    const need = (n: number, what: string): void => {
      if (this.off + n > this.bytes.length) {
        throw new BtfError(`${where}: ${what} (${n} bytes) runs past the end of the type section`);
      }
    };
    switch (kindNum) {
      case BTF_KIND_INT: {
        noVlen();
        noKflag();
        need(4, 'int data');
        const v = this.u32(this.off);
        this.off += 4;
        if ((v & 0xf000ff00) !== 0) throw new BtfError(`${where}: reserved int data bits set (0x${v.toString(16)})`);
        return { kind: 'INT', name, size: sizeType, encoding: (v >>> 24) & 0x0f, bitOffset: (v >>> 16) & 0xff, bits: v & 0xff };
      }
      case BTF_KIND_PTR:
      case BTF_KIND_TYPEDEF:
      case BTF_KIND_VOLATILE:
      case BTF_KIND_CONST:
      case BTF_KIND_RESTRICT:
        noVlen();
        noKflag();
        return { kind: kind as 'PTR', name, type: sizeType };
      case BTF_KIND_TYPE_TAG:
        noVlen();
        return { kind: 'TYPE_TAG', name, type: sizeType, kindFlag: kflag };
      case BTF_KIND_ARRAY: {
        noVlen();
        noKflag();
        if (sizeType !== 0) throw new BtfError(`${where}: size ${sizeType} must be 0`);
        need(12, 'array data');
        const a = { kind: 'ARRAY' as const, name, type: this.u32(this.off), indexType: this.u32(this.off + 4), nelems: this.u32(this.off + 8) };
        this.off += 12;
        return a;
      }
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION: {
        need(vlen * 12, `${vlen} members`);
        const members = [];
        for (let i = 0; i < vlen; i++, this.off += 12) {
          const mName = this.name(this.u32(this.off), where, `member ${i} name`);
          const type = this.u32(this.off + 4);
          const o = this.u32(this.off + 8);
          members.push(kflag
            ? { name: mName, type, bitOffset: o & 0xffffff, bitfieldSize: o >>> 24 }
            : { name: mName, type, bitOffset: o, bitfieldSize: 0 });
        }
        return { kind: kind as 'STRUCT', name, size: sizeType, kindFlag: kflag, members };
      }
      case BTF_KIND_ENUM: {
        need(vlen * 8, `${vlen} enumerators`);
        const values = [];
        for (let i = 0; i < vlen; i++, this.off += 8) {
          const vName = this.name(this.u32(this.off), where, `enumerator ${i} name`);
          const value = kflag ? this.dv.getInt32(this.off + 4, true) : this.u32(this.off + 4);
          values.push({ name: vName, value });
        }
        return { kind: 'ENUM', name, size: sizeType, signed: kflag, values };
      }
      case BTF_KIND_ENUM64: {
        need(vlen * 12, `${vlen} enumerators`);
        const values = [];
        for (let i = 0; i < vlen; i++, this.off += 12) {
          const vName = this.name(this.u32(this.off), where, `enumerator ${i} name`);
          const raw = (BigInt(this.u32(this.off + 8)) << 32n) | BigInt(this.u32(this.off + 4));
          values.push({ name: vName, value: kflag ? BigInt.asIntN(64, raw) : raw });
        }
        return { kind: 'ENUM64', name, size: sizeType, signed: kflag, values };
      }
      case BTF_KIND_FWD:
        noVlen();
        if (sizeType !== 0) throw new BtfError(`${where}: size/type ${sizeType} must be 0`);
        return { kind: 'FWD', name, union: kflag };
      case BTF_KIND_FUNC: {
        noKflag();
        const linkage = BTF_LINKAGE_NAMES[vlen];
        if (linkage === undefined) throw new BtfError(`${where}: unknown linkage ${vlen}`);
        return { kind: 'FUNC', name, type: sizeType, linkage };
      }
      case BTF_KIND_FUNC_PROTO: {
        noKflag();
        need(vlen * 8, `${vlen} parameters`);
        const params = [];
        for (let i = 0; i < vlen; i++, this.off += 8) {
          params.push({ name: this.name(this.u32(this.off), where, `parameter ${i} name`), type: this.u32(this.off + 4) });
        }
        const last = params[params.length - 1];
        const variadic = last !== undefined && last.type === 0 && last.name === '';
        if (variadic) params.pop();
        return { kind: 'FUNC_PROTO', name, returnType: sizeType, params, variadic };
      }
      case BTF_KIND_VAR: {
        noVlen();
        noKflag();
        need(4, 'var data');
        const l = this.u32(this.off);
        this.off += 4;
        const linkage: BtfLinkage | undefined = BTF_LINKAGE_NAMES[l];
        if (linkage === undefined) throw new BtfError(`${where}: unknown linkage ${l}`);
        return { kind: 'VAR', name, type: sizeType, linkage };
      }
      case BTF_KIND_DATASEC: {
        noKflag();
        need(vlen * 12, `${vlen} var_secinfo entries`);
        const vars = [];
        for (let i = 0; i < vlen; i++, this.off += 12) {
          vars.push({ type: this.u32(this.off), offset: this.u32(this.off + 4), size: this.u32(this.off + 8) });
        }
        return { kind: 'DATASEC', name, size: sizeType, vars };
      }
      case BTF_KIND_FLOAT:
        noVlen();
        noKflag();
        return { kind: 'FLOAT', name, size: sizeType };
      case BTF_KIND_DECL_TAG: {
        noVlen();
        need(4, 'decl_tag data');
        const componentIdx = this.dv.getInt32(this.off, true);
        this.off += 4;
        return { kind: 'DECL_TAG', name, type: sizeType, componentIdx, kindFlag: kflag };
      }
      default:
        throw new BtfError(`type ${id}: unknown kind ${kindNum}`);
    }
  }

  private u32(off: number): number {
    return this.dv.getUint32(off, true);
  }

  private name(off: number, where: string, what: string): string {
    const s = this.strings.at(off);
    if (s === undefined) {
      throw new BtfError(`${where}: ${what} offset ${off} beyond string section (${this.strings.length} bytes)`);
    }
    return s;
  }
}
