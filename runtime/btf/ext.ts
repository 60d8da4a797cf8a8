// .BTF.ext section bytes ⇄ BtfExt: per-ELF-section func_info, line_info and CO-RE relocation records
// (libbpf src/libbpf_internal.h struct btf_ext_header, src/btf.c btf_ext_parse_hdr / btf_ext_setup_info;
// Documentation/bpf/btf.rst §4.2). Strings (section names, file names, source lines, CO-RE access
// strings) live in the .BTF string table, so decoding needs the decoded .BTF and encoding interns into
// a BtfStrings (encodeBtfAndExt does both sections at once). insn_off stays what it is in an ELF object: a byte offset from the start of the section.
//
//  struct btf_ext_header (little-endian; offsets relative to the end of the header):
//   0       2         3       4          8               12              16              20
//  +-------+---------+-------+----------+---------------+---------------+---------------+----------
//  | magic | version | flags | hdr_len  | func_info_off | func_info_len | line_info_off | line_info_len
//  +-------+---------+-------+----------+---------------+---------------+---------------+----------
//   24              28              32   (core_relo_* present when hdr_len ≥ 32)
//  +---------------+---------------+
//  | core_relo_off | core_relo_len |
//  +---------------+---------------+
//
//  subsection:  u32 rec_size, then repeated { u32 sec_name_off, u32 num_info, rec_size × num_info }
//  func_info:   { u32 insn_off, u32 type_id }
//  line_info:   { u32 insn_off, u32 file_name_off, u32 line_off, u32 line_col }  line_col = line<<10 | col
//  core_relo:   { u32 insn_off, u32 type_id, u32 access_str_off, u32 kind }
import {
  BPF_CORE_RELO_MIN_SIZE, BPF_FUNC_INFO_MIN_SIZE, BPF_LINE_INFO_COL_MASK, BPF_LINE_INFO_LINE_SHIFT,
  BPF_LINE_INFO_MIN_SIZE, BTF_EXT_HEADER_LEN_CORE, BTF_EXT_HEADER_LEN_MIN, BTF_MAGIC, BTF_VERSION,
} from './constants.js';
import { BtfError } from './errors.js';
import { encodeBtf } from './encode.js';
import type { BtfStrings } from './strings.js';
import type { Btf } from './types.js';

export interface BtfFuncInfo {
  /** byte offset of the function's first instruction in its ELF section */
  insnOff: number;
  /** FUNC type id */
  typeId: number;
  /** bytes past the known record fields when rec_size is larger than 8 */
  extra?: Uint8Array;
}

export interface BtfLineInfo {
  insnOff: number;
  fileName: string;
  /** the source line's text */
  line: string;
  lineNum: number;
  col: number;
  extra?: Uint8Array;
}

export interface BtfCoreRelo {
  insnOff: number;
  typeId: number;
  /** e.g. "0:1:2" */
  accessStr: string;
  /** enum bpf_core_relo_kind */
  kind: number;
  extra?: Uint8Array;
}

/** The records of one ELF section. */
export interface BtfExtSection<R> {
  section: string;
  records: R[];
}

export interface BtfExtInfo<R> {
  /** record size on the wire (≥ the known fields; larger records keep their tail in `extra`) */
  recSize: number;
  sections: BtfExtSection<R>[];
}

export interface BtfExt {
  /** 24 (no CO-RE part) or 32 (what clang writes) */
  hdrLen: number;
  funcInfo: BtfExtInfo<BtfFuncInfo>;
  lineInfo: BtfExtInfo<BtfLineInfo>;
  coreRelo: BtfExtInfo<BtfCoreRelo>;
}

/** An empty .BTF.ext with clang's header length and minimal record sizes. */
export function createBtfExt(): BtfExt {
  return {
    hdrLen: BTF_EXT_HEADER_LEN_CORE,
    funcInfo: { recSize: BPF_FUNC_INFO_MIN_SIZE, sections: [] },
    lineInfo: { recSize: BPF_LINE_INFO_MIN_SIZE, sections: [] },
    coreRelo: { recSize: BPF_CORE_RELO_MIN_SIZE, sections: [] },
  };
}

/** Decodes a .BTF.ext section; `strings` is the string table of the object's .BTF. */
export function decodeBtfExt(bytes: Uint8Array, strings: BtfStrings): BtfExt {
  if (bytes.length < 8) throw new BtfError(`.BTF.ext: section of ${bytes.length} bytes is too short for a header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint16(0, true);
  if (magic !== BTF_MAGIC) {
    if (magic === 0x9feb) throw new BtfError('.BTF.ext: big-endian .BTF.ext is not supported');
    throw new BtfError(`.BTF.ext: bad magic 0x${magic.toString(16)} (expected 0xeb9f)`);
  }
  const version = dv.getUint8(2);
  const flags = dv.getUint8(3);
  const hdrLen = dv.getUint32(4, true);
  if (version !== BTF_VERSION) throw new BtfError(`.BTF.ext: unsupported version ${version}`);
  if (flags !== 0) throw new BtfError(`.BTF.ext: unsupported flags 0x${flags.toString(16)}`);
  if (hdrLen < BTF_EXT_HEADER_LEN_MIN) throw new BtfError(`.BTF.ext: hdr_len ${hdrLen} is smaller than ${BTF_EXT_HEADER_LEN_MIN}`);
  if (hdrLen > bytes.length) throw new BtfError(`.BTF.ext: hdr_len ${hdrLen} is beyond the section (${bytes.length} bytes)`);
  if (hdrLen === bytes.length) throw new BtfError('.BTF.ext: no data after the header');
  if (hdrLen > BTF_EXT_HEADER_LEN_MIN && hdrLen < BTF_EXT_HEADER_LEN_CORE) {
    throw new BtfError(`.BTF.ext: hdr_len ${hdrLen} cuts the core_relo fields`);
  }
  for (let i = BTF_EXT_HEADER_LEN_CORE; i < hdrLen; i++) {
    if (bytes[i] !== 0) throw new BtfError(`.BTF.ext: unknown header field at byte ${i} is not zero`);
  }
  const sub = (fieldOff: number, what: string, minRec: number): { recSize: number; bytes: Uint8Array } | undefined => {
    const off = dv.getUint32(fieldOff, true);
    const len = dv.getUint32(fieldOff + 4, true);
    if (len === 0) return undefined;
    if (off % 4 !== 0) throw new BtfError(`.BTF.ext: ${what} offset ${off} is not 4-byte aligned`);
    if (hdrLen + off + len > bytes.length) {
      throw new BtfError(`.BTF.ext: ${what} (off ${off}, len ${len}) is beyond the end of the section`);
    }
    if (len < 4) throw new BtfError(`.BTF.ext: ${what} record size not found`);
    const recSize = dv.getUint32(hdrLen + off, true);
    if (recSize < minRec || recSize % 4 !== 0) throw new BtfError(`.BTF.ext: ${what} has invalid record size ${recSize}`);
    if (len === 4) throw new BtfError(`.BTF.ext: ${what} has no records`);
    return { recSize, bytes: bytes.subarray(hdrLen + off + 4, hdrLen + off + len) };
  };
  const ext = createBtfExt();
  ext.hdrLen = hdrLen;
  const func = sub(8, 'func_info', BPF_FUNC_INFO_MIN_SIZE);
  const line = sub(16, 'line_info', BPF_LINE_INFO_MIN_SIZE);
  const core = hdrLen >= BTF_EXT_HEADER_LEN_CORE ? sub(24, 'core_relo', BPF_CORE_RELO_MIN_SIZE) : undefined;
  const str = (off: number, what: string): string => {
    const s = strings.at(off);
    if (s === undefined) throw new BtfError(`.BTF.ext: ${what} string offset ${off} beyond the .BTF string section (${strings.length} bytes)`);
    return s;
  };
  if (func) {
    ext.funcInfo = decodeInfo(func.bytes, func.recSize, BPF_FUNC_INFO_MIN_SIZE, 'func_info', str, (r, at): BtfFuncInfo => ({
      insnOff: r.getUint32(at, true),
      typeId: r.getUint32(at + 4, true),
    }));
  }
  if (line) {
    ext.lineInfo = decodeInfo(line.bytes, line.recSize, BPF_LINE_INFO_MIN_SIZE, 'line_info', str, (r, at, where): BtfLineInfo => {
      const lineCol = r.getUint32(at + 12, true);
      return {
        insnOff: r.getUint32(at, true),
        fileName: str(r.getUint32(at + 4, true), `${where} file name`),
        line: str(r.getUint32(at + 8, true), `${where} line`),
        lineNum: lineCol >>> BPF_LINE_INFO_LINE_SHIFT,
        col: lineCol & BPF_LINE_INFO_COL_MASK,
      };
    });
  }
  if (core) {
    ext.coreRelo = decodeInfo(core.bytes, core.recSize, BPF_CORE_RELO_MIN_SIZE, 'core_relo', str, (r, at, where): BtfCoreRelo => ({
      insnOff: r.getUint32(at, true),
      typeId: r.getUint32(at + 4, true),
      accessStr: str(r.getUint32(at + 8, true), `${where} access string`),
      kind: r.getUint32(at + 12, true),
    }));
  }
  return ext;
}

function decodeInfo<R extends { extra?: Uint8Array }>(
  bytes: Uint8Array,
  recSize: number,
  minRec: number,
  what: string,
  str: (off: number, what: string) => string,
  rec: (dv: DataView, at: number, where: string) => R,
): BtfExtInfo<R> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sections: BtfExtSection<R>[] = [];
  let at = 0;
  while (at < bytes.length) {
    const n = sections.length;
    if (at + 8 > bytes.length) throw new BtfError(`.BTF.ext: ${what} section ${n} header is truncated`);
    const section = str(dv.getUint32(at, true), `${what} section ${n} name`);
    const num = dv.getUint32(at + 4, true);
    if (num === 0) throw new BtfError(`.BTF.ext: ${what} section ${n} (${section}) has num_info 0`);
    at += 8;
    if (num * recSize > bytes.length - at) {
      throw new BtfError(`.BTF.ext: ${what} section ${n} (${section}): ${num} records of ${recSize} bytes run past the end`);
    }
    const records: R[] = [];
    for (let i = 0; i < num; i++, at += recSize) {
      const r = rec(dv, at, `${what} section ${n} (${section}) record ${i}`);
      if (recSize > minRec) r.extra = bytes.slice(at + minRec, at + recSize);
      records.push(r);
    }
    sections.push({ section, records });
  }
  return { recSize, sections };
}

/**
 * Encodes `ext`; every string it needs is interned into `strings` (which must then be the string table
 * of the .BTF written beside it — see encodeBtfAndExt in index.ts for the one-call version).
 */
export function encodeBtfExt(ext: BtfExt, strings: BtfStrings): Uint8Array {
  const { hdrLen } = ext;
  if (hdrLen !== BTF_EXT_HEADER_LEN_MIN && (!Number.isInteger(hdrLen) || hdrLen < BTF_EXT_HEADER_LEN_CORE || hdrLen % 4 !== 0 || hdrLen > 0x10000)) {
    throw new BtfError(`.BTF.ext: encode: hdr_len ${hdrLen} must be 24 or a multiple of 4 from 32`);
  }
  if (hdrLen === BTF_EXT_HEADER_LEN_MIN && ext.coreRelo.sections.length > 0) {
    throw new BtfError('.BTF.ext: encode: CO-RE relocations need hdr_len 32');
  }
  const parts: Uint8Array[] = [];
  const func = encodeInfo(ext.funcInfo, BPF_FUNC_INFO_MIN_SIZE, 'func_info', strings, (dv, at, r) => {
    dv.setUint32(at, u32(r.insnOff, 'func_info insn_off'), true);
    dv.setUint32(at + 4, u32(r.typeId, 'func_info type_id'), true);
  });
  const line = encodeInfo(ext.lineInfo, BPF_LINE_INFO_MIN_SIZE, 'line_info', strings, (dv, at, r) => {
    if (!Number.isInteger(r.lineNum) || r.lineNum < 0 || r.lineNum > 0x3fffff) throw new BtfError(`.BTF.ext: encode: line number ${r.lineNum} does not fit 22 bits`);
    if (!Number.isInteger(r.col) || r.col < 0 || r.col > BPF_LINE_INFO_COL_MASK) throw new BtfError(`.BTF.ext: encode: column ${r.col} does not fit 10 bits`);
    dv.setUint32(at, u32(r.insnOff, 'line_info insn_off'), true);
    dv.setUint32(at + 4, strings.add(r.fileName), true);
    dv.setUint32(at + 8, strings.add(r.line), true);
    dv.setUint32(at + 12, ((r.lineNum << BPF_LINE_INFO_LINE_SHIFT) | r.col) >>> 0, true);
  });
  const core = encodeInfo(ext.coreRelo, BPF_CORE_RELO_MIN_SIZE, 'core_relo', strings, (dv, at, r) => {
    dv.setUint32(at, u32(r.insnOff, 'core_relo insn_off'), true);
    dv.setUint32(at + 4, u32(r.typeId, 'core_relo type_id'), true);
    dv.setUint32(at + 8, strings.add(r.accessStr), true);
    dv.setUint32(at + 12, u32(r.kind, 'core_relo kind'), true);
  });
  const head = new Uint8Array(hdrLen);
  const hv = new DataView(head.buffer);
  hv.setUint16(0, BTF_MAGIC, true);
  hv.setUint8(2, BTF_VERSION);
  hv.setUint32(4, hdrLen, true);
  let off = 0;
  const place = (fieldOff: number, b: Uint8Array): void => {
    hv.setUint32(fieldOff, off, true);
    hv.setUint32(fieldOff + 4, b.length, true);
    parts.push(b);
    off += b.length;
  };
  place(8, func);
  place(16, line);
  if (hdrLen >= BTF_EXT_HEADER_LEN_CORE) place(24, core);
  const out = new Uint8Array(hdrLen + off);
  out.set(head);
  let at = hdrLen;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new BtfError(`.BTF.ext: encode: ${what} ${v} is not a u32`);
  return v;
}

function encodeInfo<R extends { extra?: Uint8Array }>(
  info: BtfExtInfo<R>,
  minRec: number,
  what: string,
  strings: BtfStrings,
  rec: (dv: DataView, at: number, r: R) => void,
): Uint8Array {
  const nonEmpty = info.sections.filter((s) => s.records.length > 0);
  if (nonEmpty.length === 0) return new Uint8Array(0);
  const { recSize } = info;
  if (!Number.isInteger(recSize) || recSize < minRec || recSize % 4 !== 0 || recSize > 0x10000) {
    throw new BtfError(`.BTF.ext: encode: ${what} record size ${recSize} must be a multiple of 4 of at least ${minRec}`);
  }
  const total = 4 + nonEmpty.reduce((n, s) => n + 8 + s.records.length * recSize, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, recSize, true);
  let at = 4;
  for (const s of nonEmpty) {
    dv.setUint32(at, strings.add(s.section), true);
    dv.setUint32(at + 4, s.records.length, true);
    at += 8;
    for (const r of s.records) {
      rec(dv, at, r);
      if (r.extra !== undefined) {
        if (r.extra.length !== recSize - minRec) {
          throw new BtfError(`.BTF.ext: encode: ${what} record in ${s.section} has ${r.extra.length} extra bytes, record size needs ${recSize - minRec}`);
        }
        out.set(r.extra, at + minRec);
      }
      at += recSize;
    }
  }
  return out;
}

/**
 * Encodes a .BTF and its .BTF.ext together: the strings .BTF.ext needs are interned (in a copy of
 * btf.strings) before the .BTF string section is written, so the offsets in both agree.
 */
export function encodeBtfAndExt(btf: Btf, ext: BtfExt): { btf: Uint8Array; ext: Uint8Array } {
  const strings = btf.strings.clone();
  const extBytes = encodeBtfExt(ext, strings);
  return { btf: encodeBtf({ types: btf.types, strings }), ext: extBytes };
}
