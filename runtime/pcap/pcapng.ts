// pcapng files (draft-ietf-opsawg-pcapng): Section Header Blocks in either byte order (each section may
// switch), Interface Description Blocks with if_tsresol/if_tsoffset, Enhanced, Simple and (obsolete)
// Packet Blocks; every other block type is skipped. Also an encoder (SHB + one IDB per link type + EPBs).
// Decoded packets' data are views of the input bytes (no copy per packet).
//
//  Block: 0 type u32 | 4 total length u32 | body ... padded to 4 | total length u32 (repeated)
//  SHB body: byte-order magic 0x1A2B3C4D, major u16 (1), minor u16, section length i64, options
//  IDB body: linktype u16, reserved u16, snaplen u32, options (9 if_tsresol u8, 14 if_tsoffset i64)
//  EPB body: interface id, ts high, ts low, captured len, original len, data (padded), options
//  SPB body: original len, data (captured = min(original, snaplen of interface 0))
import { ByteReader, ByteWriter } from './reader.js';
import { PcapError, type Capture, type CaptureInterface, type CapturedPacket } from './types.js';

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
export const BT_PB = 0x00000002;
export const BT_SPB = 0x00000003;
export const BT_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_ENDOFOPT = 0;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a;
}

interface Iface extends CaptureInterface {
  tsOffsetSec: bigint;
}

function readOptions(r: ByteReader, start: number, end: number, what: string, fn: (code: number, off: number, len: number) => void): void {
  let off = start;
  while (off + 4 <= end) {
    const code = r.u16(off, `${what}: option`);
    const len = r.u16(off + 2, `${what}: option`);
    if (code === OPT_ENDOFOPT) return;
    const padded = (len + 3) & ~3;
    if (off + 4 + padded > end) throw new PcapError(`${what}: option ${code} overruns the block`);
    fn(code, off + 4, len);
    off += 4 + padded;
  }
}

function tsresolUnits(v: number): bigint {
  const exp = BigInt(v & 0x7f);
  return v & 0x80 ? 2n ** exp : 10n ** exp;
}

export function decodePcapng(bytes: Uint8Array): Capture {
  const r = new ByteReader(bytes, true);
  const interfaces: CaptureInterface[] = [];
  const packets: CapturedPacket[] = [];
  let section: Iface[] = [];
  let sectionBase = 0;
  let firstLittle: boolean | undefined;
  let off = 0;
  for (let n = 1; off < r.length; n++) {
    let what = `block ${n} at offset ${off}`;
    r.need(off, 12, what);
    const rawType = new DataView(bytes.buffer, bytes.byteOffset + off, 4).getUint32(0, true);
    if (rawType === BT_SHB) {
      r.need(off, 12, `${what} (section header)`);
      const bom = new DataView(bytes.buffer, bytes.byteOffset + off + 8, 4);
      if (bom.getUint32(0, true) === BYTE_ORDER_MAGIC) r.littleEndian = true;
      else if (bom.getUint32(0, false) === BYTE_ORDER_MAGIC) r.littleEndian = false;
      else throw new PcapError(`${what}: bad section header byte-order magic`);
      firstLittle ??= r.littleEndian;
      const major = r.u16(off + 12, what);
      if (major !== 1) throw new PcapError(`${what}: unsupported pcapng version ${major}`);
      section = [];
      sectionBase = interfaces.length;
    } else if (n === 1) {
      throw new PcapError('not a pcapng file (no section header block first)');
    }
    const type = r.u32(off, what);
    const total = r.u32(off + 4, what);
    if (total < 12 || total % 4 !== 0) throw new PcapError(`${what}: bad block length ${total}`);
    r.need(off, total, what);
    if (r.u32(off + total - 4, what) !== total) throw new PcapError(`${what}: trailing block length does not match ${total}`);
    const body = off + 8;
    const end = off + total - 4;
    switch (type) {
      case BT_SHB:
        break;
      case BT_IDB: {
        what += ' (interface description)';
        r.need(body, 8, what);
        const iface: Iface = { linkType: r.u16(body, what), snaplen: r.u32(body + 4, what), tsUnitsPerSecond: 1_000_000n, tsOffsetSec: 0n };
        readOptions(r, body + 8, end, what, (code, o, len) => {
          if (code === IF_TSRESOL && len >= 1) iface.tsUnitsPerSecond = tsresolUnits(bytes[o]!);
          else if (code === IF_TSOFFSET && len >= 8) iface.tsOffsetSec = r.i64(o, what);
          else if (code === IF_NAME) iface.name = new TextDecoder().decode(bytes.subarray(o, o + len)).replace(/\0+$/, '');
        });
        if (iface.tsUnitsPerSecond === 0n) throw new PcapError(`${what}: invalid if_tsresol`);
        section.push(iface);
        const pub: CaptureInterface = { linkType: iface.linkType, snaplen: iface.snaplen, tsUnitsPerSecond: iface.tsUnitsPerSecond };
        if (iface.name !== undefined) pub.name = iface.name;
        interfaces.push(pub);
        break;
      }
      case BT_EPB:
      case BT_PB: {
        what += type === BT_EPB ? ' (enhanced packet)' : ' (packet)';
        r.need(body, 20, what);
        const ifId = type === BT_EPB ? r.u32(body, what) : r.u16(body, what);
        const iface = section[ifId];
        if (!iface) throw new PcapError(`${what}: interface ${ifId} is not defined in this section`);
        const ts = (BigInt(r.u32(body + 4, what)) << 32n) | BigInt(r.u32(body + 8, what));
        const cap = r.u32(body + 12, what);
        const orig = r.u32(body + 16, what);
        if (body + 20 + cap > end) throw new PcapError(`${what}: captured length ${cap} overruns the block`);
        packets.push({
          timestampNs: (ts * 1_000_000_000n) / iface.tsUnitsPerSecond + iface.tsOffsetSec * 1_000_000_000n,
          originalLength: orig,
          data: r.sub(body + 20, cap, what),
          interfaceId: sectionBase + ifId,
        });
        break;
      }
      case BT_SPB: {
        what += ' (simple packet)';
        const iface = section[0];
        if (!iface) throw new PcapError(`${what}: no interface defined in this section`);
        const orig = r.u32(body, what);
        let cap = Math.min(orig, end - body - 4);
        if (iface.snaplen > 0) cap = Math.min(cap, iface.snaplen);
        packets.push({ timestampNs: 0n, originalLength: orig, data: r.sub(body + 4, cap, what), interfaceId: sectionBase });
        break;
      }
      default:
        break; // unknown or uninteresting block: skipped
    }
    off += total;
  }
  return { format: 'pcapng', littleEndian: firstLittle ?? true, interfaces, packets };
}

export interface PcapngPacketToWrite {
  data: Uint8Array;
  timestampNs?: bigint;
  originalLength?: number;
  interfaceId?: number;
}

/** Encodes one section: an IDB per interface (if_tsresol 9 = ns) and an EPB per packet. */
export function encodePcapng(
  interfaces: readonly { linkType: number; snaplen?: number }[],
  packets: readonly PcapngPacketToWrite[],
  littleEndian = true,
): Uint8Array {
  const w = new ByteWriter(littleEndian);
  const block = (type: number, body: () => void): void => {
    const start = w.length;
    w.u32(type);
    w.u32(0);
    body();
    w.pad4();
    const total = w.length - start + 4;
    w.u32(total);
    w.patchU32(start + 4, total);
  };
  block(BT_SHB, () => {
    w.u32(BYTE_ORDER_MAGIC);
    w.u16(1);
    w.u16(0);
    w.u64(0xffffffffffffffffn);
  });
  for (const i of interfaces) {
    block(BT_IDB, () => {
      w.u16(i.linkType);
      w.u16(0);
      w.u32(i.snaplen ?? 0);
      w.u16(IF_TSRESOL);
      w.u16(1);
      w.bytes(new Uint8Array([9, 0, 0, 0]));
      w.u16(OPT_ENDOFOPT);
      w.u16(0);
    });
  }
  for (const p of packets) {
    const ts = p.timestampNs ?? 0n;
    const id = p.interfaceId ?? 0;
    if (id >= interfaces.length) throw new PcapError(`packet names interface ${id}, only ${interfaces.length} defined`);
    block(BT_EPB, () => {
      w.u32(id);
      w.u32(Number((ts >> 32n) & 0xffffffffn));
      w.u32(Number(ts & 0xffffffffn));
      w.u32(p.data.length);
      w.u32(Math.max(p.originalLength ?? p.data.length, p.data.length));
      w.bytes(p.data);
    });
  }
  return w.finish();
}
