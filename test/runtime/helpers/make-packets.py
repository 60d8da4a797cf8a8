#!/usr/bin/env python3
"""Builds the packets of the skb differential cases (fixtures/tc_skb.case.json, socket_skb.case.json):
Ethernet frames with IPv4/IPv6 TCP/UDP, VLAN tags, ARP, 802.3 lengths, with correct checksums.
The source MAC's first byte selects the program's test group (see the .bpf.c files)."""
import json, struct, sys, os

def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def ipv4(proto, payload, src=b'\x0a\x00\x00\x01', dst=b'\xc0\xa8\x01\x02', ttl=64, frag=0, tos=0):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, tos, 20 + len(payload), 0x1234, frag, ttl, proto, 0, src, dst)
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h, payload

def l4(proto, sport, dport, data, src, dst, zero_udp=False):
    if proto == 17:
        u = struct.pack('!HHHH', sport, dport, 8 + len(data), 0) + data
        ph = src + dst + struct.pack('!BBH', 0, 17, len(u))
        c = 0 if zero_udp else (csum(ph + u) or 0xffff)
        return u[:6] + struct.pack('!H', c) + u[8:]
    t = struct.pack('!HHIIBBHHH', sport, dport, 1, 0, 0x50, 0x18, 0xffff, 0, 0) + data
    ph = src + dst + struct.pack('!BBH', 0, 6, len(t))
    c = csum(ph + t)
    return t[:16] + struct.pack('!H', c) + t[18:]

def v4frame(g, proto, sport=1000, dport=53, data=b'hello world!', dmac=b'\x02\x00\x00\x00\x00\x02', zero_udp=False, src=b'\x0a\x00\x00\x01', dst=b'\xc0\xa8\x01\x02', tags=(), tos=0):
    payload = l4(proto, sport, dport, data, src, dst, zero_udp)
    h, p = ipv4(proto, payload, src, dst, tos=tos)
    eth = dmac + bytes([g]) + b'\x00\x00\x00\x00\x01'
    for tpid, tci in tags: eth += struct.pack('!HH', tpid, tci)
    return (eth + b'\x08\x00' + h + p).hex()

def v6frame(g, proto, sport=1000, dport=53, data=b'hello six', dmac=b'\x02\x00\x00\x00\x00\x02', src=bytes(range(16)), dst=bytes(range(16, 32)), tc=0):
    payload = l4(proto, sport, dport, data, src, dst)
    h = struct.pack('!IHBB16s16s', 0x60000000 | tc << 20, len(payload), proto, 64, src, dst)
    return (dmac + bytes([g]) + b'\x00\x00\x00\x00\x01' + b'\x86\xdd' + h + payload).hex()

def other(g, ethertype, body):
    return (b'\xff' * 6 + bytes([g]) + b'\x00\x00\x00\x00\x01' + struct.pack('!H', ethertype) + body).hex()

def tc_packets():
    P = []
    add = lambda name, hexs: P.append({"name": name, "hex": hexs})
    for g in range(8):
        add(f"g{g}_udp4", v4frame(g, 17))
        add(f"g{g}_tcp4", v4frame(g, 6, 40000, 443, b'x' * 100))
        add(f"g{g}_udp6", v6frame(g, 17))
    for g in (0, 1, 3, 4, 5):
        add(f"g{g}_vlan_udp4", v4frame(g, 17, tags=[(0x8100, 0x0064)]))
        add(f"g{g}_qinq_udp4", v4frame(g, 17, tags=[(0x88a8, 0x0010), (0x8100, 0x0020)]))
        add(f"g{g}_arp", other(g, 0x0806, bytes(28)))
        add(f"g{g}_8023", other(g, 0x0040, b'\xaa\xaa\x03' + bytes(61)))
        add(f"g{g}_bcast_udp4", v4frame(g, 17, dmac=b'\xff' * 6))
        add(f"g{g}_mcast_udp4", v4frame(g, 17, dmac=b'\x01\x00\x5e\x00\x00\x01'))
        add(f"g{g}_host_udp4", v4frame(g, 17, dmac=b'\x00' * 6))
    add("g0_min14", (b'\x02' * 6 + b'\x00' * 6 + b'\x08\x00').hex())
    add("g0_min15", (b'\x02' * 6 + b'\x00' * 6 + b'\x08\x00\x45').hex())
    add("g2_udp4_zero_csum", v4frame(2, 17, zero_udp=True))
    add("g3_vlan_udp4_push_again", v4frame(0x83, 17, tags=[(0x8100, 0x0064)]))
    add("g5_udp4_big", v4frame(5, 17, data=bytes(range(256)) * 5))
    add("g6_ret", v4frame(0x26, 17))
    # g7: flow hash equalities (byte 7: slot | 0x80 = clear after); forward then reverse then another flow
    a, b = b'\x0a\x00\x00\x01', b'\xc0\xa8\x01\x02'
    def g7(op, **kw):
        h = bytes.fromhex(v4frame(7, **kw))
        return (h[:7] + bytes([op]) + h[8:]).hex()
    add("g7_fwd", g7(0, proto=17, sport=1111, dport=2222, src=a, dst=b))
    add("g7_rev", g7(1, proto=17, sport=2222, dport=1111, src=b, dst=a))
    add("g7_same", g7(2, proto=17, sport=2222, dport=1111, src=b, dst=a, data=b'other payload'))
    add("g7_other_port", g7(3, proto=17, sport=2223, dport=1111, src=b, dst=a))
    add("g7_tcp", g7(4, proto=6, sport=2223, dport=1111, src=b, dst=a))
    add("g7_tcp_rev", g7(0x85, proto=6, sport=1111, dport=2223, src=a, dst=b))
    for i, tos in enumerate((0, 1, 2, 3, 0xb8, 0xbb)):
        add(f"g8_ecn4_{tos:02x}", v4frame(8 | i << 4, 17, tos=tos))
        add(f"g8_ecn6_{tos:02x}", v6frame(8 | i << 4, 17, tc=tos))
    add("g8_ecn_vlan", v4frame(8 | 6 << 4, 17, tos=2, tags=[(0x8100, 0x0005)]))
    add("g8_arp", other(8 | 7 << 4, 0x0806, bytes(28)))
    def g9(op, hexs):
        h = bytes.fromhex(hexs)
        return (h[:7] + bytes([op]) + h[8:]).hex()
    add("g9_udp4_to6", g9(0, v4frame(9, 17)))
    add("g9_tcp6_to4", g9(1, v6frame(9, 6, 40000, 80, b'z' * 30)))
    add("g9_udp6_to6", g9(0, v6frame(9, 17)))
    add("g9_arp", g9(0, other(9, 0x0806, bytes(28))))
    add("g9_vlan", g9(0, v4frame(9, 17, tags=[(0x8100, 0x0009)])))
    add("g10_grow_udp4", v4frame(10, 17))
    add("g10_grow_udp6", v6frame(10, 17))
    add("g11_arp", other(11, 0x0806, bytes(28)))
    add("g11_big_udp4", v4frame(11, 17, data=bytes(1400)))
    add("g11_udp4", v4frame(11, 17))
    add("short", "0200000000020000")
    return P

def socket_packets():
    P = []
    add = lambda name, hexs: P.append({"name": name, "hex": hexs})
    for g in range(3):
        add(f"g{g}_udp4", v4frame(g, 17))
        add(f"g{g}_tcp4", v4frame(g, 6, 40000, 443, b'y' * 60))
        add(f"g{g}_udp6", v6frame(g, 17))
        add(f"g{g}_vlan", v4frame(g, 17, tags=[(0x8100, 0x0007)]))
        add(f"g{g}_arp_bcast", other(g, 0x0806, bytes(28)))
        add(f"g{g}_mcast", v4frame(g, 17, dmac=b'\x01\x00\x5e\x00\x00\x01'))
        add(f"g{g}_host", v4frame(g, 17, dmac=b'\x00' * 6))
    add("g1_short_ip", (b'\x02' * 6 + bytes([1]) + b'\x00' * 5 + b'\x08\x00').hex() + '45' * 20)
    add("g3", v4frame(3, 17))
    return P

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')
json.dump({"prog": "tc_skb", "packets": tc_packets()}, open(os.path.join(here, 'tc_skb.case.json'), 'w'), indent=1)
json.dump({"prog": "socket_skb", "packets": socket_packets()}, open(os.path.join(here, 'socket_skb.case.json'), 'w'), indent=1)
