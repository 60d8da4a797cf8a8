"""Cases for the load balancers."""
from ._common import *  # noqa: F401,F403
from ._lb import jhash_3words, maglev_table, ipip_encap

RING = 13
SEED = 0x5eed
REALS = [('10.200.0.1', bytes.fromhex('0a0000000001')), ('10.200.0.2', bytes.fromhex('0a0000000002')),
         ('10.200.0.3', bytes.fromhex('0a0000000003')), ('10.200.0.4', bytes.fromhex('0a0000000004'))]
VIP_WEB = ('10.100.0.10', 80, 6)      # vip 0, IPIP, all four reals
VIP_DNS = ('10.100.0.53', 53, 17)     # vip 1, DSR, reals 2 and 3
RING_WEB = maglev_table(['r0', 'r1', 'r2', 'r3'], RING)
RING_DNS = [[2, 3][i] for i in maglev_table(['r2', 'r3'], RING)]


def lb_updates():
    ups = [('vips', ip4(VIP_WEB[0]) + be16(VIP_WEB[1]) + u8(VIP_WEB[2]) + u8(0), u32(0) + u32(0)),
           ('vips', ip4(VIP_DNS[0]) + be16(VIP_DNS[1]) + u8(VIP_DNS[2]) + u8(0), u32(1) + u32(1))]
    for i, (addr, mac) in enumerate(REALS):
        ups.append(('reals', u32(i), ip4(addr) + mac + u16(0)))
    for vip, ring in ((0, RING_WEB), (1, RING_DNS)):
        for s, r in enumerate(ring):
            ups.append(('ch_rings', u32(vip * RING + s), u32(r)))
    return ups


def pick(src, dst, sport, dport, proto, ring, vip):
    ip = lambda a: int.from_bytes(ip4(a), 'big')
    h = jhash_3words(ip(src), ip(dst), ((sport << 16) | dport) ^ proto, SEED)
    return ring[h % RING]


def web(src, sport, flags=0x02, data=b''):
    f = tcp4(sport, 80, flags, data, src=src, dst=VIP_WEB[0], ip_kw={'tos': 0x10})
    real = REALS[pick(src, VIP_WEB[0], sport, 80, 6, RING_WEB, 0)]
    return f, ipip_encap(f, '10.100.0.1', real[0], real[1])


def dns(src, sport):
    f = udp4(sport, 53, b'\x12\x34query', src=src, dst=VIP_DNS[0])
    real = REALS[pick(src, VIP_DNS[0], sport, 53, 17, RING_DNS, 1)]
    return f, real[1] + f[0:6] + f[12:]


def lb_packets():
    out = []
    for n, (src, sport) in enumerate([('198.51.100.1', 33000), ('198.51.100.2', 33001), ('198.51.100.3', 40000),
                                      ('203.0.113.9', 1025), ('203.0.113.9', 1026), ('192.0.2.77', 65535)]):
        f, want = web(src, sport)
        out.append((f'web_flow_{n}', f, XDP_TX, want))
    f, want = web('198.51.100.1', 33000, 0x18, b'GET / HTTP/1.1\r\n\r\n')
    out.append(('web_flow_0_data_same_real', f, XDP_TX, want))
    for n, (src, sport) in enumerate([('198.51.100.1', 5353), ('198.51.100.4', 5000), ('203.0.113.1', 12345)]):
        f, want = dns(src, sport)
        out.append((f'dns_flow_{n}', f, XDP_TX, want))
    out += [
        ('not_a_vip', tcp4(1, 80, dst='10.100.0.99'), XDP_PASS),
        ('vip_wrong_port', tcp4(1, 81, dst=VIP_WEB[0]), XDP_PASS),
        ('vip_wrong_proto', udp4(1, 80, dst=VIP_WEB[0]), XDP_PASS),
        ('vip_fragment', tcp4(1, 80, dst=VIP_WEB[0], ip_kw={'frag': 0x2000}), XDP_DROP),
        ('vip_with_options', tcp4(1, 80, dst=VIP_WEB[0], ip_kw={'options': OPT_RA}), XDP_PASS),
        ('icmp_to_vip', icmp4(dst=VIP_WEB[0]), XDP_PASS),
        ('ports_cut', eth(0x0800, ipv4(6, b'\x00\x01', dst=VIP_WEB[0])), XDP_DROP),
        ('ipv6', tcp6(1, 80), XDP_PASS),
        ('trunc_ipv4', TRUNC_IPV4, XDP_DROP),
    ]
    return out


CASES = {
    'xdp_lb_ipip': {'prog': 'xdp_lb_ipip', 'checksums': True, 'mapUpdates': lb_updates(), 'packets': lb_packets()},
}

# ---- xdp_katran_mini -------------------------------------------------------------------------------
K_RING = 17
K_SEED = 0x4b41
GW = bytes.fromhex('0a00000000fe')
K_REALS = [('10.200.1.1', 0), ('10.200.1.2', 0), ('10.200.1.3', 0), ('10.200.1.4', 0),
           ('2001:db8:200::1', 1), ('2001:db8:200::2', 1), ('2001:db8:200::3', 1)]
K_VIPS = [  # (addr, port, proto, family, flags, reals)
    ('10.100.1.1', 80, 6, 4, 0, [0, 1, 2, 3]),
    ('10.100.1.2', 0, 17, 4, 1, [0, 1]),
    ('2001:db8:100::1', 443, 6, 6, 2, [4, 5]),
    ('10.100.1.3', 53, 17, 4, 0, [6]),
]


def k_addr(a, family):
    return ip4(a) + bytes(12) if family == 4 else ip6(a)


def k_ring(reals):
    return [reals[i] for i in maglev_table([f'k{r}' for r in reals], K_RING)] if len(reals) > 1 else reals * K_RING


K_RINGS = [k_ring(v[5]) for v in K_VIPS]


def katran_updates():
    ups = []
    for n, (addr, port, proto, fam, flags, _) in enumerate(K_VIPS):
        ups.append(('vip_map', k_addr(addr, fam) + be16(port) + u8(proto) + u8(fam), u32(flags) + u32(n)))
    ups.append(('vip_map', k_addr('10.100.1.1', 4) + be16(0) + u8(0) + u8(4), u32(0) + u32(0)))   # ICMP
    ups.append(('vip_map', k_addr('2001:db8:100::1', 6) + be16(0) + u8(0) + u8(6), u32(0) + u32(2)))
    for i, (addr, v6) in enumerate(K_REALS):
        ups.append(('reals', u32(i), k_addr(addr, 6 if v6 else 4) + u8(v6) + bytes(3)))
    for n, ring in enumerate(K_RINGS):
        for s, r in enumerate(ring):
            ups.append(('ch_rings', u32(n * K_RING + s), u32(r)))
    return ups


def k_hash(src_words, sport, dport, proto, no_src_port):
    src = 0
    for w in src_words:
        src ^= w
    ports = dport if no_src_port else (sport << 16) | dport
    return jhash_3words(src, ports, proto, K_SEED) % K_RING


def k_expect(frame, vip_idx, v6):
    """The encapsulated frame the balancer should emit for this client frame."""
    l3 = frame[14:]
    addr, port, proto, fam, flags, _ = K_VIPS[vip_idx]
    if v6:
        words = struct.unpack('!4I', l3[8:24])
        sport, dport = struct.unpack('!HH', l3[40:44])
        tos = ((l3[0] & 0xf) << 4) | (l3[1] >> 4)
    else:
        words = struct.unpack('!I', l3[12:16])
        ihl = (l3[0] & 15) * 4
        sport, dport = struct.unpack('!HH', l3[ihl:ihl + 4])
        tos = l3[1]
    real = K_RINGS[vip_idx][k_hash(words, sport, dport, proto, flags & 1)]
    raddr, rv6 = K_REALS[real]
    if not rv6:
        return ipip_encap(frame, '10.100.0.1', raddr, GW, df=False)
    outer = struct.pack('!IHBB', (6 << 28) | (tos << 20), len(l3), 41 if v6 else 4, 64) + ip6('fc00::1') + ip6(raddr)
    return eth(0x86dd, outer + l3, dst=GW, src=frame[0:6])


def katran_packets():
    out = []
    for n, (src, sport) in enumerate([('198.51.100.1', 40000), ('198.51.100.2', 40001), ('198.51.100.3', 40002),
                                      ('203.0.113.7', 1234)]):
        f = tcp4(sport, 80, 0x02, src=src, dst='10.100.1.1', ip_kw={'tos': 0x20})
        out.append((f'vip0_tcp_{n}', f, XDP_TX, k_expect(f, 0, False)))
    f = tcp4(40000, 80, 0x10, b'established', src='198.51.100.1', dst='10.100.1.1')
    out.append(('vip0_tcp_0_lru_hit', f, XDP_TX, k_expect(f, 0, False)))
    for n, (sport, dport) in enumerate([(5000, 7000), (5001, 7000), (5002, 8000)]):
        f = udp4(sport, dport, src='198.51.100.9', dst='10.100.1.2')
        out.append((f'vip1_udp_anyport_{n}', f, XDP_TX, k_expect(f, 1, False)))
    for n, src in enumerate(['2001:db8:1::1', '2001:db8:1::2', '2001:db8:1::3']):
        f = tcp6(33000 + n, 443, 0x02, src=src, dst='2001:db8:100::1')
        out.append((f'vip2_tcp6_{n}', f, XDP_TX, k_expect(f, 2, True)))
    f = udp4(9999, 53, b'query', src='198.51.100.4', dst='10.100.1.3', tos=0xb8)
    out.append(('vip3_udp_4in6', f, XDP_TX, k_expect(f, 3, False)))
    out += [
        ('icmp_echo_vip', icmp4(src='198.51.100.1', dst='10.100.1.1', ttl=50), XDP_TX,
         eth(0x0800, icmp4(typ=0, src='10.100.1.1', dst='198.51.100.1')[14:], dst=MAC_A, src=MAC_B)),
        ('icmp_echo_not_vip', icmp4(src='198.51.100.1', dst='10.100.9.9'), XDP_PASS),
        ('icmp6_echo_vip', icmp6(src='2001:db8:1::1', dst='2001:db8:100::1'), XDP_TX,
         eth(0x86dd, icmp6(typ=129, src='2001:db8:100::1', dst='2001:db8:1::1')[14:], dst=MAC_A, src=MAC_B)),
        ('icmp_unreach_vip', icmp4(typ=3, src='198.51.100.1', dst='10.100.1.1'), XDP_PASS),
        ('vip_fragment', tcp4(1, 80, src='198.51.100.1', dst='10.100.1.1', ip_kw={'frag': 0x2000}), XDP_DROP),
        ('vip_options', tcp4(1, 80, src='198.51.100.1', dst='10.100.1.1', ip_kw={'options': OPT_RA}), XDP_DROP),
        ('vip_wrong_port', tcp4(1, 81, src='198.51.100.1', dst='10.100.1.1'), XDP_PASS),
        ('v6_not_vip', tcp6(1, 443), XDP_PASS),
        ('v6_fragment', ipv6_chain([('frag', {})], 6, tcp(1, 443)), XDP_DROP),
        ('tcp_cut', eth(0x0800, ipv4(6, b'\x00\x01', src='198.51.100.1', dst='10.100.1.1')), XDP_DROP),
        ('gre', eth(0x0800, ipv4(47, bytes(8), dst='10.100.1.1')), XDP_PASS),
        ('arp', P('arp'), XDP_PASS),
        ('trunc_ipv6', TRUNC_IPV6, XDP_DROP),
    ]
    return out


CASES['xdp_katran_mini'] = {'prog': 'xdp_katran_mini', 'checksums': True, 'mapUpdates': katran_updates(),
                            'packets': katran_packets()}
