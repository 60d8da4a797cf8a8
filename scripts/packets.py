#!/usr/bin/env python3
"""Builds test packets (hex) for the examples' .test.json files: Ethernet/IPv4/IPv6/TCP/UDP/ICMP/ARP with
correct checksums, plus malformed variants (truncated headers, bad IHL, odd EtherTypes).
Usage: scripts/packets.py  -> prints a JSON object {name: hex} of every packet it knows."""
import json, struct

def csum(b: bytes) -> int:
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

MAC_A = bytes.fromhex('020000000001')
MAC_B = bytes.fromhex('020000000002')

def eth(ethertype: int, payload: bytes, dst=MAC_B, src=MAC_A) -> bytes:
    return dst + src + struct.pack('!H', ethertype) + payload

def ipv4(proto: int, payload: bytes, src='10.0.0.1', dst='192.168.1.1', ttl=64, tos=0, ihl=5, frag=0, options=b''):
    a = bytes(int(x) for x in src.split('.'))
    b = bytes(int(x) for x in dst.split('.'))
    hdr = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, tos, 20 + len(options) + len(payload), 0x1234, frag, ttl, proto, 0, a, b) + options
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    return hdr + payload

def ipv6(nexthdr: int, payload: bytes, hop=64):
    src = bytes.fromhex('20010db8000000000000000000000001')
    dst = bytes.fromhex('20010db8000000000000000000000002')
    return struct.pack('!IHBB', 0x60000000, len(payload), nexthdr, hop) + src + dst + payload

def udp(sport: int, dport: int, data: bytes = b'payload!') -> bytes:
    return struct.pack('!HHHH', sport, dport, 8 + len(data), 0) + data

def tcp(sport: int, dport: int, flags=0x02, data: bytes = b'') -> bytes:
    return struct.pack('!HHIIBBHHH', sport, dport, 1, 0, 5 << 4, flags, 65535, 0, 0) + data

def icmp_echo(ident=0x1234, seq=1, data=b'hello-ping-data!', typ=8) -> bytes:
    h = struct.pack('!BBHHH', typ, 0, 0, ident, seq) + data
    return h[:2] + struct.pack('!H', csum(h)) + h[4:]

ARP = eth(0x0806, bytes.fromhex('0001080006040001') + MAC_A + bytes([10, 0, 0, 1]) + bytes(6) + bytes([10, 0, 0, 2]))

PACKETS = {
    'udp4_dns': eth(0x0800, ipv4(17, udp(40000, 53))),
    'udp4_8080': eth(0x0800, ipv4(17, udp(40001, 8080, b'x' * 18))),
    'tcp4_ssh': eth(0x0800, ipv4(6, tcp(50000, 22))),
    'tcp4_http': eth(0x0800, ipv4(6, tcp(50001, 80, 0x18, b'GET / HTTP/1.0\r\n\r\n'))),
    'tcp4_opts_ihl6': eth(0x0800, ipv4(6, tcp(50002, 443), ihl=6, options=b'\x01\x01\x01\x00')),
    'icmp4_echo': eth(0x0800, ipv4(1, icmp_echo(), src='192.168.1.10', dst='192.168.1.1')),
    'icmp4_reply': eth(0x0800, ipv4(1, icmp_echo(typ=0))),
    'udp6_dns': eth(0x86dd, ipv6(17, udp(40002, 53))),
    'tcp6_ssh': eth(0x86dd, ipv6(6, tcp(50003, 22))),
    'arp': ARP,
    'ipv4_ttl1': eth(0x0800, ipv4(17, udp(1, 2), ttl=1)),
    'ipv4_ttl0': eth(0x0800, ipv4(17, udp(1, 2), ttl=0)),
    'ipv4_ef_10net': eth(0x0800, ipv4(17, udp(5004, 5004, b'rtp' * 10), src='10.1.2.3', tos=46 << 2)),
    'ipv4_ef_other': eth(0x0800, ipv4(17, udp(5004, 5004, b'rtp' * 10), src='172.16.0.9', tos=46 << 2)),
    'ipv4_af41': eth(0x0800, ipv4(6, tcp(1234, 443), tos=(34 << 2) | 1)),
    'ipv4_frag': eth(0x0800, ipv4(17, udp(1, 53), frag=0x2000)),
    'trunc_eth': bytes.fromhex('0200000000010200000000'),
    'trunc_ipv4': eth(0x0800, ipv4(17, udp(1, 53)))[:30],
    'trunc_udp': eth(0x0800, ipv4(17, udp(1, 53)))[:38],
    'trunc_ipv6': eth(0x86dd, ipv6(17, udp(1, 53)))[:40],
    'bad_ihl3': eth(0x0800, ipv4(17, udp(1, 53), ihl=3)),
    'vlan_ipv4': eth(0x8100, struct.pack('!HH', 100, 0x0800) + ipv4(17, udp(1, 53))),
    'short_runt': eth(0x0800, b'\x45\x00'),
    'jumbo_udp4': eth(0x0800, ipv4(17, udp(7, 9, bytes(range(256)) * 5))),
}

if __name__ == '__main__':
    print(json.dumps({k: v.hex() for k, v in PACKETS.items()}, indent=1))
