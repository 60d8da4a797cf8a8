"""Cases for the ICMP Time Exceeded generator, the tail trailer/truncation program, the count-min
sketch, device-map steering, the SYN-cookie responder and the global-data policy."""
from ._common import *  # noqa: F401,F403
from ._common import csum

M32 = 0xffffffff
SYN, ACK, RST = 0x02, 0x10, 0x04


# ---- xdp_icmp_ttl ----
def time_exceeded(frame):
    quote = frame[14:14 + 28]
    icmp = bytes([11, 0, 0, 0, 0, 0, 0, 0]) + quote
    icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
    sender = '.'.join(str(b) for b in frame[26:30])
    return eth(0x0800, ipv4(1, icmp, src='192.168.1.1', dst=sender, ttl=64, tos=0xc0, ident=0), dst=frame[6:12],
               src=frame[0:6])


TTL_UDP = udp4(33434, 33435, b'traceroute probe payload', src='10.0.0.7', dst='8.8.8.8', ttl=1)
TTL_TCP = tcp4(40000, 80, SYN, src='10.0.0.8', dst='8.8.8.8', ip_kw={'ttl': 0})
TTL_PING = icmp4(src='10.0.0.9', dst='8.8.8.8', ttl=1)
ICMP_TTL_CASES = [
    ('udp_probe_ttl1', TTL_UDP, XDP_TX, time_exceeded(TTL_UDP)),
    ('tcp_syn_ttl0', TTL_TCP, XDP_TX, time_exceeded(TTL_TCP)),
    ('ping_ttl1', TTL_PING, XDP_TX, time_exceeded(TTL_PING)),
    ('jumbo_ttl1', eth(0x0800, ipv4(17, udp(7, 9, bytes(1200)), ttl=1)), XDP_TX,
     time_exceeded(eth(0x0800, ipv4(17, udp(7, 9, bytes(1200)), ttl=1)))),
    ('exact_28_bytes', eth(0x0800, ipv4(17, udp(1, 2, b''), ttl=1)), XDP_TX,
     time_exceeded(eth(0x0800, ipv4(17, udp(1, 2, b''), ttl=1)))),
    ('icmp_error_ttl1', icmp4(typ=3, code=1, ttl=1), XDP_DROP),
    ('options_ttl1', udp4(1, 2, options=OPT_RA, ttl=1), XDP_DROP),
    ('later_fragment_ttl1', udp4(1, 2, frag=0x0004, ttl=1), XDP_DROP),
    ('too_short_for_quote', eth(0x0800, ipv4(17, b'\x00\x01\x00', ttl=1)), XDP_DROP),
    ('ttl_64', udp4(1, 2), XDP_PASS),
    ('ipv6', udp6(1, 2), XDP_PASS),
]


# ---- xdp_trailer ----
def truncated(frame, snap=128):
    b = bytearray(frame[:snap])
    b[16:18] = struct.pack('!H', snap - 14)
    b[24:26] = b'\0\0'
    ihl = (b[14] & 15) * 4
    b[24:26] = struct.pack('!H', csum(bytes(b[14:14 + ihl])))
    return bytes(b)


MON = udp4(1, 4242, b'mirror me')
TRAILER_CASES = [
    ('monitor_1', MON, XDP_PASS, MON + be32(1)),
    ('monitor_2', udp4(2, 4242, b'x' * 40), XDP_PASS, udp4(2, 4242, b'x' * 40) + be32(2)),
    ('other_port', udp4(1, 4243), XDP_PASS, udp4(1, 4243)),
    ('jumbo_truncated', P('jumbo_udp4'), XDP_PASS, truncated(P('jumbo_udp4'))),
    ('jumbo_monitor_truncated', udp4(1, 4242, bytes(300)), XDP_PASS, truncated(udp4(1, 4242, bytes(300)))),
    ('exactly_128', udp4(1, 2, bytes(128 - 42)), XDP_PASS, udp4(1, 2, bytes(128 - 42))),
    ('monitor_3', udp4(3, 4242), XDP_PASS, udp4(3, 4242) + be32(3)),
    ('monitor_tcp', tcp4(1, 4242), XDP_PASS, tcp4(1, 4242)),
    ('ipv6', udp6(1, 4242), XDP_PASS, udp6(1, 4242)),
]


# ---- xdp_cms_sketch ----
SEEDS = [0x8badf00d, 0xdeadbeef, 0x1badb002, 0xcafebabe]


def fmix32(h):
    h ^= h >> 16
    h = (h * 0x85ebca6b) & M32
    h ^= h >> 13
    h = (h * 0xc2b2ae35) & M32
    return h ^ (h >> 16)


def sketch_cases():
    cells, heavy, out = {}, set(), []
    srcs = ['10.0.0.1'] * 7 + ['10.0.0.2', '10.0.0.3'] * 3 + ['10.0.0.4'] * 6 + ['10.0.0.1', '10.0.0.5']
    for n, s in enumerate(srcs):
        if s in heavy:
            verdict = XDP_DROP
        else:
            a = int.from_bytes(ip4(s), 'big')
            est = M32
            for r in range(4):
                idx = r * 32 + fmix32(a ^ SEEDS[r]) % 32
                cells[idx] = cells.get(idx, 0) + 1
                est = min(est, cells[idx])
            verdict = XDP_PASS
            if est > 4:
                heavy.add(s)
                verdict = XDP_DROP
        out.append((f'pkt{n}_{s}', udp4(1, 2, src=s), verdict))
    return out + [('ipv6', udp6(1, 2), XDP_PASS), ('trunc_ipv4', TRUNC_IPV4, XDP_DROP)]


# ---- xdp_devmap_redirect ----
def to(last): return eth(0x0800, udp4(1, 2)[14:], dst=bytes([2, 0, 0, 0, 0, last]))


def port_cfg(enabled): return u8(enabled) + bytes(3) + u32(0)


DEVMAP_UPDATES = [('tx_ports', u32(1), u32(1)), ('port_table', u32(1), port_cfg(1)), ('port_table', u32(2), port_cfg(1)),
                  ('port_table', u32(3), port_cfg(0))]
DEVMAP_CASES = [
    ('slot1_redirect', to(0x01), XDP_REDIRECT, to(0x01)),
    ('slot1_again', to(0x09), XDP_REDIRECT),
    ('slot2_empty_fallback', to(0x02), XDP_PASS),
    ('slot3_disabled', to(0x03), XDP_DROP),
    ('slot0_unconfigured', to(0x08), XDP_DROP),
    ('broadcast', arp(1, MAC_A, '10.0.0.1', bytes(6), '10.0.0.2'), XDP_PASS),
    ('multicast', eth(0x86dd, ipv6(58, b'\x80\x00\x00\x00'), dst=bytes.fromhex('333300000001')), XDP_PASS),
    ('trunc_eth', TRUNC_ETH, ERR),
]


# ---- xdp_syncookie ----
def cookie(saddr, daddr, sport, dport):
    h = 0x5ca1ab1e
    for v in (int.from_bytes(ip4(saddr), 'big'), int.from_bytes(ip4(daddr), 'big'), (sport << 16) | dport):
        h ^= v
        h = (h * 0x01000193) & M32
    return h ^ (h >> 16)


def synack(cl, sport, srv, dport, seq, tos=0):
    c = cookie(cl, srv, sport, dport)
    t = tcp(dport, sport, 0x12, b'', seq=c, ack=(seq + 1) & M32, window=8192, pseudo=pseudo4(srv, cl, 6, 20))
    return eth(0x0800, ipv4(6, t, src=srv, dst=cl, ttl=64, frag=0x4000, tos=tos), dst=MAC_A, src=MAC_B)


CL, SRV = '198.51.100.20', '192.0.2.80'


def syncookie_cases():
    c = cookie(CL, SRV, 45000, 80)
    return [
        ('syn', tcp4(45000, 80, SYN, src=CL, dst=SRV, seq=1000), XDP_TX, synack(CL, 45000, SRV, 80, 1000)),
        ('syn_with_options', tcp4(45001, 443, SYN, src=CL, dst=SRV, seq=0xffffffff,
                                  options=tcpopt_mss(1460) + TCPOPT_SACKOK + TCPOPT_TS + b'\x01' + TCPOPT_WS7),
         XDP_TX, synack(CL, 45001, SRV, 443, 0xffffffff)),
        ('syn_tos', tcp4(45002, 80, SYN, src=CL, dst=SRV, seq=5, ip_kw={'tos': 0x10}), XDP_TX,
         synack(CL, 45002, SRV, 80, 5, tos=0x10)),
        ('good_ack', tcp4(45000, 80, ACK, src=CL, dst=SRV, seq=1001, ack=(c + 1) & M32), XDP_PASS),
        ('bad_ack', tcp4(45000, 80, ACK, src=CL, dst=SRV, seq=1001, ack=c), XDP_DROP),
        ('ack_other_client', tcp4(45000, 80, ACK, src='198.51.100.21', dst=SRV, ack=(c + 1) & M32), XDP_DROP),
        ('rst', tcp4(45000, 80, RST, src=CL, dst=SRV), XDP_PASS),
        ('syn_unprotected_port', tcp4(45000, 22, SYN, src=CL, dst=SRV), XDP_PASS),
        ('syn_ip_options', tcp4(45000, 80, SYN, src=CL, dst=SRV, ip_kw={'options': OPT_RA}), XDP_PASS),
        ('tcp_cut', eth(0x0800, ipv4(6, tcp(1, 80)[:16], dst=SRV)), XDP_DROP),
        ('udp', udp4(1, 80), XDP_PASS),
    ]


# ---- xdp_global_config ----
GLOBAL_DATA = u32(1) + u32(1000) + u8(17) + u8(1) + u16(7)   # enabled, max_frame, drop UDP, strict, gen 7
GLOBAL_CASES = [
    ('tcp', tcp4(1, 2), XDP_PASS),
    ('udp_dropped_by_rule', udp4(1, 2), XDP_DROP),
    ('icmp', icmp4(), XDP_PASS),
    ('ipv6_udp', udp6(1, 2), XDP_PASS),
    ('arp', P('arp'), XDP_PASS),
    ('vlan_not_allowed', eth_vlan(5, 0x0800, tcp4(1, 2)[14:]), XDP_DROP),
    ('lldp_not_allowed', eth(0x88cc, bytes(40)), XDP_DROP),
    ('jumbo_too_big', P('jumbo_udp4'), XDP_DROP),
    ('gre_proto_47', eth(0x0800, ipv4(47, bytes(8))), XDP_PASS),
    ('ip_cut', eth(0x0800, b'\x45\x00\x00'), XDP_DROP),
]

CASES = {
    'xdp_icmp_ttl': {'prog': 'xdp_icmp_ttl', 'checksums': True, 'packets': ICMP_TTL_CASES},
    'xdp_trailer': {'prog': 'xdp_trailer', 'packets': TRAILER_CASES},
    'xdp_cms_sketch': {'prog': 'xdp_cms_sketch', 'packets': sketch_cases()},
    'xdp_devmap_redirect': {'prog': 'xdp_devmap_redirect', 'mapUpdates': DEVMAP_UPDATES, 'packets': DEVMAP_CASES},
    'xdp_syncookie': {'prog': 'xdp_syncookie', 'checksums': True,
                      'mapUpdates': [('protected_ports', u16(80), u8(1)), ('protected_ports', u16(443), u8(1))],
                      'packets': syncookie_cases()},
    'xdp_global_config': {'prog': 'xdp_global_config', 'mapUpdates': [('.data', u32(0), GLOBAL_DATA)],
                          'packets': GLOBAL_CASES},
}
