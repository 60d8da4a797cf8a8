// The in-memory capture model shared by the pcap and pcapng codecs: packets with nanosecond timestamps,
// their interface (link type, snaplen), and the typed error every malformed input becomes.
import { EbpfcError } from '../errors.js';

/** Link-layer header types (tcpdump.org LINKTYPE_* values) that matter to eBPF programs. */
export const LINKTYPE = {
  LINKTYPE_NULL: 0,
  LINKTYPE_ETHERNET: 1,
  LINKTYPE_RAW: 101,
  LINKTYPE_LOOP: 108,
  LINKTYPE_LINUX_SLL: 113,
  LINKTYPE_IPV4: 228,
  LINKTYPE_IPV6: 229,
  LINKTYPE_LINUX_SLL2: 276,
} as const;

/** One captured packet. `data.length` is the captured length. */
export interface CapturedPacket {
  /** Nanoseconds since the Unix epoch. */
  timestampNs: bigint;
  /** Length on the wire (may exceed data.length when the capture was truncated by snaplen). */
  originalLength: number;
  data: Uint8Array;
  /** Index into Capture.interfaces. */
  interfaceId: number;
}

export interface CaptureInterface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (pcap: 1e6 or 1e9; pcapng: from if_tsresol, default 1e6). */
  tsUnitsPerSecond: bigint;
  name?: string;
}

export interface Capture {
  format: 'pcap' | 'pcapng';
  /** Byte order of the (first) file header. */
  littleEndian: boolean;
  interfaces: CaptureInterface[];
  packets: CapturedPacket[];
}

/** A malformed or unsupported capture file; the message names the record or block and its offset. */
export class PcapError extends EbpfcError {
  constructor(message: string) {
    super('pcap', message);
    this.name = 'PcapError';
  }
}
