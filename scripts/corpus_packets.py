#!/usr/bin/env python3
"""Packet builders for the program corpus (test/fixtures/corpus): everything scripts/packets.py has, plus
VLAN/QinQ tags, IPv4 options, IPv6 extension headers, TCP options, real TCP/UDP/ICMP/ICMPv6 checksums
(pseudo-headers), DNS queries, VXLAN, GRE, IPIP, MPLS and ARP. Every builder returns bytes.
Usage: scripts/corpus_packets.py -> prints {name: hex} of the named packets in CORPUS_PACKETS."""
import json, os, struct, sys
sys.path.insert(0, os.path.dirname(__file__))
from packets import PACKETS, csum, MAC_A, MAC_B  # noqa: E402

MAC_C = bytes.fromhex('020000000003')
BCAST = b'\xff' * 6


def ip4(a: str) -> bytes:
    return bytes(int(x) for x in a.split('.'))


def ip6(s: str) -> bytes:
    import ipaddress
    return ipaddress.IPv6Address(s).packed


V6_A = '2001:db8::1'
V6_B = '2001:db8::2'


def eth(ethertype: int, payload: bytes, dst=MAC_B, src=MAC_A) -> bytes:
    return dst + src + struct.pack('!H', ethertype) + payload


def vlan(vid: int, inner_type: int, payload: bytes, pcp=0, tpid=0x8100) -> bytes:
    """A tag as it sits after the source MAC: TPID, TCI, then the inner EtherType (the caller's eth() gives TPID)."""
    return struct.pack('!HH', (pcp << 13) | vid, inner_type) + payload


def eth_vlan(vid: int, ethertype: int, payload: bytes, pcp=0, dst=MAC_B, src=MAC_A) -> bytes:
    return eth(0x8100, vlan(vid, ethertype, payload, pcp), dst, src)


def eth_qinq(svid: int, cvid: int, ethertype: int, payload: bytes) -> bytes:
    return eth(0x88a8, struct.pack('!HH', svid, 0x8100) + struct.pack('!HH', cvid, ethertype) + payload)


def ipv4(proto: int, payload: bytes, src='10.0.0.1', dst='192.168.1.1', ttl=64, tos=0, frag=0, options=b'',
         ident=0x1234, ihl=None, total=None) -> bytes:
    if len(options) % 4:
        options += b'\0' * (4 - len(options) % 4)
    hl = ihl if ihl is not None else 5 + len(options) // 4
    tl = total if total is not None else 20 + len(options) + len(payload)
    hdr = struct.pack('!BBHHHBBH4s4s', 0x40 | hl, tos, tl, ident, frag, ttl, proto, 0, ip4(src), ip4(dst)) + options
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    return hdr + payload


def ipv6(nexthdr: int, payload: bytes, src=V6_A, dst=V6_B, hop=64, tclass=0, flow=0) -> bytes:
    first = (6 << 28) | (tclass << 20) | flow
    return struct.pack('!IHBB', first, len(payload), nexthdr, hop) + ip6(src) + ip6(dst) + payload


def pseudo4(src: str, dst: str, proto: int, length: int) -> bytes:
    return ip4(src) + ip4(dst) + struct.pack('!BBH', 0, proto, length)


def pseudo6(src: str, dst: str, proto: int, length: int) -> bytes:
    return ip6(src) + ip6(dst) + struct.pack('!IxxxB', length, proto)


def udp(sport: int, dport: int, data: bytes = b'payload!', pseudo: bytes | None = None) -> bytes:
    h = struct.pack('!HHHH', sport, dport, 8 + len(data), 0) + data
    if pseudo is None:
        return h
    c = csum(pseudo + h) or 0xffff
    return h[:6] + struct.pack('!H', c) + h[8:]


def tcp(sport: int, dport: int, flags=0x02, data: bytes = b'', seq=1, ack=0, options=b'', window=65535,
        pseudo: bytes | None = None) -> bytes:
    if len(options) % 4:
        options += b'\x01' * (4 - len(options) % 4)  # NOP padding
    off = 5 + len(options) // 4
    h = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, off << 4, flags, window, 0, 0) + options + data
    if pseudo is None:
        return h
    return h[:16] + struct.pack('!H', csum(pseudo + h)) + h[18:]


def udp4(sport, dport, data=b'payload!', src='10.0.0.1', dst='192.168.1.1', **kw) -> bytes:
    """Ethernet + IPv4 + UDP with a correct UDP checksum."""
    u = udp(sport, dport, data, pseudo4(src, dst, 17, 8 + len(data)))
    return eth(0x0800, ipv4(17, u, src=src, dst=dst, **kw))


def tcp4(sport, dport, flags=0x02, data=b'', src='10.0.0.1', dst='192.168.1.1', seq=1, ack=0, options=b'',
         ip_kw=None, eth_kw=None) -> bytes:
    ln = 20 + ((len(options) + 3) // 4) * 4 + len(data)
    t = tcp(sport, dport, flags, data, seq, ack, options, pseudo=pseudo4(src, dst, 6, ln))
    return eth(0x0800, ipv4(6, t, src=src, dst=dst, **(ip_kw or {})), **(eth_kw or {}))


def udp6(sport, dport, data=b'payload!', src=V6_A, dst=V6_B) -> bytes:
    u = udp(sport, dport, data, pseudo6(src, dst, 17, 8 + len(data)))
    return eth(0x86dd, ipv6(17, u, src=src, dst=dst))


def tcp6(sport, dport, flags=0x02, data=b'', src=V6_A, dst=V6_B, options=b'') -> bytes:
    ln = 20 + ((len(options) + 3) // 4) * 4 + len(data)
    t = tcp(sport, dport, flags, data, options=options, pseudo=pseudo6(src, dst, 6, ln))
    return eth(0x86dd, ipv6(6, t, src=src, dst=dst))


def icmp4(typ=8, code=0, ident=0x1234, seq=1, data=b'hello-ping-data!', src='192.168.1.10', dst='192.168.1.1',
          ttl=64) -> bytes:
    h = struct.pack('!BBHHH', typ, code, 0, ident, seq) + data
    h = h[:2] + struct.pack('!H', csum(h)) + h[4:]
    return eth(0x0800, ipv4(1, h, src=src, dst=dst, ttl=ttl))


def icmp6(typ=128, code=0, body=b'\x12\x34\x00\x01hello-v6-ping!', src=V6_A, dst=V6_B, hop=64) -> bytes:
    h = struct.pack('!BBH', typ, code, 0) + body
    c = csum(pseudo6(src, dst, 58, len(h)) + h)
    h = h[:2] + struct.pack('!H', c) + h[4:]
    return eth(0x86dd, ipv6(58, h, src=src, dst=dst, hop=hop))


# --- IPv4 options -------------------------------------------------------------------------------------
OPT_NOP = b'\x01'
OPT_EOL = b'\x00'
OPT_RA = b'\x94\x04\x00\x00'                       # router alert


def opt_rr(n=2) -> bytes:                          # record route with n empty slots
    return bytes([7, 3 + 4 * n, 4]) + bytes(4 * n)


def opt_ts(n=2) -> bytes:                          # timestamp, flag 0 (timestamps only)
    return bytes([68, 4 + 4 * n, 5, 0]) + bytes(4 * n)


def opt_lsrr(hops=('10.9.9.9',)) -> bytes:
    return bytes([131, 3 + 4 * len(hops), 4]) + b''.join(ip4(h) for h in hops)


# --- IPv6 extension headers -------------------------------------------------------------------------
def ext_hbh(nexthdr: int, opts: bytes = b'\x01\x04\x00\x00\x00\x00') -> bytes:
    """Hop-by-hop / destination options header: next, hdr-ext-len (8-byte units beyond the first), options."""
    body = opts
    pad = (8 - (2 + len(body)) % 8) % 8
    if pad == 1:
        body += b'\x00'
    elif pad:
        body += bytes([1, pad - 2]) + bytes(pad - 2)
    return bytes([nexthdr, (2 + len(body)) // 8 - 1]) + body


def ext_routing(nexthdr: int, rtype=4, segments=(V6_B,), left=1) -> bytes:
    addrs = b''.join(ip6(s) for s in segments)
    return bytes([nexthdr, 2 * len(segments), rtype, left]) + bytes(4) + addrs


def ext_frag(nexthdr: int, offset=0, more=False, ident=0xabcd) -> bytes:
    return struct.pack('!BBHI', nexthdr, 0, (offset << 3) | int(more), ident)


def ext_ah(nexthdr: int, icv_words=3) -> bytes:
    # payload len in 4-byte units minus 2; SPI, sequence, ICV
    return struct.pack('!BBHII', nexthdr, 1 + icv_words, 0, 0x100, 7) + bytes(4 * icv_words)


def ipv6_chain(exts: list, final_proto: int, l4: bytes, src=V6_A, dst=V6_B) -> bytes:
    """exts: list of (kind, kwargs) in order; kind in hbh/dst/rt/frag/ah. Next-header fields are chained."""
    codes = {'hbh': 0, 'dst': 60, 'rt': 43, 'frag': 44, 'ah': 51}
    builders = {'hbh': ext_hbh, 'dst': ext_hbh, 'rt': ext_routing, 'frag': ext_frag, 'ah': ext_ah}
    body = l4
    nxt = final_proto
    for kind, kw in reversed(exts):
        body = builders[kind](nxt, **kw) + body
        nxt = codes[kind]
    return eth(0x86dd, ipv6(nxt, body, src=src, dst=dst))


# --- TCP options ------------------------------------------------------------------------------------
def tcpopt_mss(v: int) -> bytes:
    return struct.pack('!BBH', 2, 4, v)


TCPOPT_SACKOK = b'\x04\x02'
TCPOPT_WS7 = b'\x03\x03\x07'
TCPOPT_TS = b'\x08\x0a' + struct.pack('!II', 1000, 0)


# --- DNS --------------------------------------------------------------------------------------------
def dns_name(name: str) -> bytes:
    out = b''
    for label in name.split('.'):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b'\0'


def dns_query(name: str, qtype=1, ident=0x4242, flags=0x0100, raw_name: bytes | None = None, qdcount=1) -> bytes:
    q = (raw_name if raw_name is not None else dns_name(name)) + struct.pack('!HH', qtype, 1)
    return struct.pack('!HHHHHH', ident, flags, qdcount, 0, 0, 0) + q


# --- tunnels ----------------------------------------------------------------------------------------
def vxlan(vni: int, inner: bytes, flags=0x08) -> bytes:
    return struct.pack('!B3xI', flags, vni << 8) + inner


def gre(proto: int, inner: bytes, key=None, seq=None, checksum=False) -> bytes:
    flags = (0x8000 if checksum else 0) | (0x2000 if key is not None else 0) | (0x1000 if seq is not None else 0)
    h = struct.pack('!HH', flags, proto)
    if checksum:
        h += b'\0\0\0\0'
    if key is not None:
        h += struct.pack('!I', key)
    if seq is not None:
        h += struct.pack('!I', seq)
    if checksum:
        c = csum(h + inner)
        h = h[:4] + struct.pack('!H', c) + h[6:]
    return h + inner


def mpls(labels: list, payload: bytes, ttl=64) -> bytes:
    out = b''
    for i, (label, tc) in enumerate(labels):
        bos = 1 if i == len(labels) - 1 else 0
        out += struct.pack('!I', (label << 12) | (tc << 9) | (bos << 8) | ttl)
    return out + payload


def arp(op: int, sha: bytes, spa: str, tha: bytes, tpa: str, dst=BCAST) -> bytes:
    body = struct.pack('!HHBBH', 1, 0x0800, 6, 4, op) + sha + ip4(spa) + tha + ip4(tpa)
    return eth(0x0806, body, dst=dst, src=sha)


def inner_ipv4_udp() -> bytes:
    """The inner frame of the tunnel packets: Ethernet + IPv4 + UDP (checksummed)."""
    return udp4(1111, 2222, b'inner-data', src='172.16.0.1', dst='172.16.0.2', ident=0x0077)


if __name__ == '__main__':
    print(json.dumps({k: v.hex() for k, v in PACKETS.items()}, indent=1))
