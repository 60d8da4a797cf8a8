// The quick-start demo (`npm run demo`): compile an XDP firewall from C with ebpfc, show its code, build
// a capture of mixed traffic and run it through the program in the bundled VM with two ports blocked.
// Uses the built package (dist/, made by `npm install`); needs no clang, no root and no kernel.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePcap, LINKTYPE } from '../dist/runtime/index.js';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/bin/ebpfc.js');
const dir = mkdtempSync(join(tmpdir(), 'ebpfc-demo-'));

function ebpfc(...args) {
  console.log(`\n$ ebpfc ${args.map((a) => (a.startsWith(dir) ? a.replace(dir, '$TMP') : a)).join(' ')}`);
  process.stdout.write(execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' }));
}

/** An Ethernet/IPv4 or IPv6 frame carrying UDP or TCP to `dport`, with valid IPv4 header checksum. */
function frame(i) {
  const v6 = i % 5 === 4;
  const tcp = i % 2 === 0;
  const dport = [22, 53, 80, 443, 8080][i % 5];
  const l4 = tcp
    ? [0xc3, 0x50, dport >> 8, dport & 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]
    : [0x9c, 0x40, dport >> 8, dport & 0xff, 0, 16, 0, 0, ...Array(8).fill(0x61)];
  const proto = tcp ? 6 : 17;
  const eth = (type) => [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, type >> 8, type & 0xff];
  if (v6) {
    const addr = (n) => [0x20, 1, 0x0d, 0xb8, ...Array(11).fill(0), n];
    return Uint8Array.from([...eth(0x86dd), 0x60, 0, 0, 0, 0, l4.length, proto, 64, ...addr(1), ...addr(2), ...l4]);
  }
  const ip = [0x45, 0, 0, 20 + l4.length, 0, i & 0xff, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1 + (i % 7), 192, 168, 1, 1];
  let sum = 0;
  for (let k = 0; k < 20; k += 2) sum += (ip[k] << 8) | ip[k + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  ip[10] = (~sum >> 8) & 0xff;
  ip[11] = ~sum & 0xff;
  return Uint8Array.from([...eth(0x0800), ...ip, ...l4]);
}

try {
  const obj = join(dir, 'xdp_drop_port.o');
  const pcap = join(dir, 'traffic.pcap');
  ebpfc('compile', join(root, 'examples/xdp_drop_port.bpf.c'), '-o', obj);
  ebpfc('objdump', '-S', obj);
  const packets = Array.from({ length: 10_000 }, (_, i) => ({ data: frame(i), timestampNs: BigInt(i) * 1000n }));
  writeFileSync(pcap, encodePcap(packets, { linkType: LINKTYPE.LINKTYPE_ETHERNET }));
  console.log(`\n(wrote ${packets.length} packets to $TMP/traffic.pcap: UDP/TCP over IPv4 and IPv6 to ports 22, 53, 80, 443, 8080)`);
  // block ports 22 and 53: the map key is the port as a host-order (little-endian) u16
  ebpfc('run', obj, '--pcap', pcap, '--map-update', 'blocked_ports', '1600', '0000000000000000',
    '--map-update', 'blocked_ports', '3500', '0000000000000000', '--dump-maps');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
