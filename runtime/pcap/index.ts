// Public surface of runtime/pcap: read pcap and pcapng captures (format detected from the magic number),
// write pcap (and pcapng), with typed PcapError failures.
import { decodePcap, isPcap } from './pcap.js';
import { decodePcapng, isPcapng } from './pcapng.js';
import { PcapError, type Capture } from './types.js';

export * from './types.js';
export { decodePcap, encodePcap, isPcap, PCAP_MAGIC_US, PCAP_MAGIC_NS, type PcapWriteOptions, type PacketToWrite } from './pcap.js';
export { decodePcapng, encodePcapng, isPcapng, type PcapngPacketToWrite } from './pcapng.js';

/** Reads a pcap or pcapng capture. */
export function decodeCapture(bytes: Uint8Array): Capture {
  if (isPcapng(bytes)) return decodePcapng(bytes);
  if (isPcap(bytes)) return decodePcap(bytes);
  throw new PcapError(bytes.length < 4 ? 'file too short to be a capture' : 'not a pcap or pcapng file (unknown magic number)');
}
