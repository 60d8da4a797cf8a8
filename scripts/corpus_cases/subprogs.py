"""Cases for the subprogram-heavy program and the MAC/IPv6 access list. xdp_subprogs' verdicts come from
a Python model of its flow hash."""
from ._common import *  # noqa: F401,F403

M32 = 0xffffffff


def mix32(h, v):
    h ^= v
    h = (h * 0x9e3779b1) & M32
    return h ^ (h >> 15)


def flow_verdict(src, dst, ports, proto, ttl):
    h = 0x12345678
    for v in (src, dst, ports, proto):
        h = mix32(h, v)
    if ttl < 2:
        return XDP_DROP
    return XDP_DROP if (h % 8 == 3 and proto == 17) else XDP_PASS


a4 = lambda s: int.from_bytes(ip4(s), 'big')
a6 = lambda s: int.from_bytes(ip6(s)[12:], 'big')


def sp_cases():
    out = []
    for sport in range(1000, 1012):
        f = udp4(sport, 53, src='10.0.0.1', dst='10.0.0.2')
        out.append((f'udp4_sport_{sport}', f, flow_verdict(a4('10.0.0.1'), a4('10.0.0.2'), (sport << 16) | 53, 17, 64)))
    for sport in range(2000, 2004):
        f = tcp4(sport, 80, src='10.0.0.1', dst='10.0.0.2')
        out.append((f'tcp4_sport_{sport}', f, flow_verdict(a4('10.0.0.1'), a4('10.0.0.2'), (sport << 16) | 80, 6, 64)))
    for sport in range(3000, 3004):
        out.append((f'udp6_sport_{sport}', udp6(sport, 53), flow_verdict(a6(V6_A), a6(V6_B), (sport << 16) | 53, 17, 64)))
    out += [
        ('icmp4', icmp4(), flow_verdict(a4('192.168.1.10'), a4('192.168.1.1'), 0, 1, 64)),
        ('ttl_1', udp4(1, 2, ttl=1), XDP_DROP),
        ('icmp6_hop_1', icmp6(hop=1), XDP_DROP),
        ('arp', P('arp'), XDP_PASS),
        ('ports_cut', eth(0x0800, ipv4(6, b'\x00')), XDP_DROP),
        ('bad_ihl3', BAD_IHL, XDP_DROP),
        ('trunc_eth', TRUNC_ETH, ERR),
    ]
    return out


MAC_X = bytes.fromhex('0a0b0c0d0e0f')
MAC_BAD = bytes.fromhex('02000000000f')


def acl_cases():
    return [
        ('mac_a_ipv4', udp4(1, 2), XDP_PASS),
        ('mac_c_ipv6', eth(0x86dd, ipv6(17, udp(1, 2)), src=MAC_C), XDP_PASS),
        ('mac_x_arp', eth(0x0806, P('arp')[14:], src=MAC_X), XDP_PASS),
        ('mac_b_not_allowed', eth(0x0800, ipv4(17, udp(1, 2)), src=MAC_B, dst=MAC_A), XDP_DROP),
        ('mac_differs_last_byte', eth(0x0800, ipv4(17, udp(1, 2)), src=MAC_BAD), XDP_DROP),
        ('ipv6_blocked_src', udp6(1, 2, src='2001:db8::bad'), XDP_DROP),
        ('ipv6_blocked_src_2', udp6(1, 2, src='2001:db8:1::1'), XDP_DROP),
        ('ipv6_near_blocked', udp6(1, 2, src='2001:db8::bae'), XDP_PASS),
        ('link_local_to_global', udp6(1, 2, src='fe80::1', dst='2001:db8::2'), XDP_DROP),
        ('link_local_to_link_local', udp6(1, 2, src='fe80::1', dst='fe80::2'), XDP_PASS),
        ('ipv6_cut', eth(0x86dd, ipv6(17, b'')[:20]), XDP_DROP),
        ('trunc_eth', TRUNC_ETH, ERR),
    ]


CASES = {
    'xdp_subprogs': {'prog': 'xdp_subprogs', 'packets': sp_cases()},
    'xdp_mac_acl': {'prog': 'xdp_mac_acl',
                    'mapUpdates': [('blocked6', u32(0), ip6('2001:db8::bad')), ('blocked6', u32(2), ip6('2001:db8:1::1'))],
                    'packets': acl_cases()},
}
