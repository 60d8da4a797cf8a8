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
