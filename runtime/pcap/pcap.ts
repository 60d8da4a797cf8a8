// Classic libpcap files (draft-ietf-opsawg-pcap): decode in either byte order with microsecond
// (0xa1b2c3d4) or nanosecond (0xa1b23c4d) timestamps, and encode.
//
//  File header (24 bytes)                      Record header (16 bytes) + incl_len bytes of data
//  0  magic            4  major u16, minor u16   0  ts seconds   4  ts µs or ns
//  8  thiszone i32    12  sigfigs                8  incl_len    12  orig_len
// 16  snaplen         20  linktype (bits 0-27; 28-31 FCS info)
//
// Decoded packets' data are views of the input bytes (no copy per packet).
import { ByteReader, ByteWriter } from './reader.js';
import { LINKTYPE, PcapError, type Capture, type CapturedPacket } from './types.js';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Largest record libpcap accepts when the snaplen is smaller (MAXIMUM_SNAPLEN). */
const MAXIMUM_SNAPLEN = 262144;

/** Whether `bytes` start with a pcap magic number in either byte order. */
export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 4);
  for (const le of [true, false]) {
    const m = dv.getUint32(0, le);
    if (m === PCAP_MAGIC_US || m === PCAP_MAGIC_NS) return true;
  }
  return false;
}

export function decodePcap(bytes: Uint8Array): Capture {
  const r = new ByteReader(bytes, true);
  r.need(0, 24, 'pcap file header');
  let magic = r.u32(0, 'pcap magic');
  if (magic !== PCAP_MAGIC_US && magic !== PCAP_MAGIC_NS) {
    r.littleEndian = false;
    magic = r.u32(0, 'pcap magic');
    if (magic !== PCAP_MAGIC_US && magic !== PCAP_MAGIC_NS) throw new PcapError('not a pcap file (bad magic number)');
  }
  const nano = magic === PCAP_MAGIC_NS;
  const major = r.u16(4, 'pcap file header');
  if (major !== 2) throw new PcapError(`unsupported pcap version ${major}.${r.u16(6, 'pcap file header')}`);
  const snaplen = r.u32(16, 'pcap file header');
  const linkType = r.u32(20, 'pcap file header') & 0x0fffffff;
  const units = nano ? 1_000_000_000n : 1_000_000n;
  const fracLimit = nano ? 1_000_000_000 : 1_000_000;
  const maxIncl = Math.max(snaplen, MAXIMUM_SNAPLEN);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = r.littleEndian;
  const packets: CapturedPacket[] = [];
  // records of one second share its nanoseconds (one BigInt product per distinct second)
  let lastSec = -1;
  let secNs = 0n;
  let off = 24;
  for (let n = 1; off < r.length; n++) {
    if (off + 16 > r.length) r.need(off, 16, `record ${n} at offset ${off}: header`);
    const sec = dv.getUint32(off, le);
    const frac = dv.getUint32(off + 4, le);
    const incl = dv.getUint32(off + 8, le);
    const orig = dv.getUint32(off + 12, le);
    if (incl > maxIncl) throw new PcapError(`record ${n} at offset ${off}: captured length ${incl} exceeds the snapshot length ${snaplen}`);
    if (frac >= fracLimit) throw new PcapError(`record ${n} at offset ${off}: timestamp fraction ${frac} out of range`);
    if (off + 16 + incl > r.length) r.need(off + 16, incl, `record ${n} at offset ${off}: data`);
    const data = bytes.subarray(off + 16, off + 16 + incl);
    if (sec !== lastSec) {
      lastSec = sec;
      secNs = BigInt(sec) * 1_000_000_000n;
    }
    // the fraction in ns is below 1e9: exact as a number
    packets.push({ timestampNs: secNs + BigInt(nano ? frac : frac * 1000), originalLength: orig, data, interfaceId: 0 });
    off += 16 + incl;
  }
  return { format: 'pcap', littleEndian: r.littleEndian, interfaces: [{ linkType, snaplen, tsUnitsPerSecond: units }], packets };
}

export interface PcapWriteOptions {
  linkType?: number;
  snaplen?: number;
  /** Nanosecond timestamps (magic 0xa1b23c4d); default microseconds. */
  nanosecond?: boolean;
  /** Default true. */
  littleEndian?: boolean;
}

/** A packet to write: data, and optionally its timestamp and original length. */
export interface PacketToWrite {
  data: Uint8Array;
  timestampNs?: bigint;
  originalLength?: number;
}

/** Encodes a pcap file; packets longer than snaplen are truncated (their original length is kept). */
export function encodePcap(packets: readonly PacketToWrite[], opts: PcapWriteOptions = {}): Uint8Array {
  const nano = opts.nanosecond ?? false;
  const snaplen = opts.snaplen ?? MAXIMUM_SNAPLEN;
  const w = new ByteWriter(opts.littleEndian ?? true);
  w.u32(nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US);
  w.u16(2);
  w.u16(4);
  w.i32(0);
  w.u32(0);
  w.u32(snaplen);
  w.u32(opts.linkType ?? LINKTYPE.LINKTYPE_ETHERNET);
  for (const p of packets) {
    const ts = p.timestampNs ?? 0n;
    if (ts < 0n || ts >= 2n ** 32n * 1_000_000_000n) throw new PcapError(`timestamp ${ts} ns does not fit a pcap record`);
    const incl = Math.min(p.data.length, snaplen);
    w.u32(Number(ts / 1_000_000_000n));
    w.u32(Number(nano ? ts % 1_000_000_000n : (ts % 1_000_000_000n) / 1000n));
    w.u32(incl);
    w.u32(Math.max(p.originalLength ?? p.data.length, incl));
    w.bytes(p.data.subarray(0, incl));
  }
  return w.finish();
}
