"""Cases for programs exercising map types: stack/queue, per-CPU maps, maps of maps, plus the
switch-heavy application classifier."""
from ._common import *  # noqa: F401,F403

SYN, FIN, RST, ACK = 0x02, 0x01, 0x04, 0x10
U4 = udp4(1, 53)[14:]


def syn(host, sport): return tcp4(sport, 80, SYN, src=f'10.0.0.{host}')
def fin(host, sport): return tcp4(sport, 80, FIN | ACK, src=f'10.0.0.{host}')


def retos(frame, tos):
    """The same IPv4 frame with another TOS byte and a recomputed header checksum."""
    ihl = (frame[14] & 15) * 4
    hdr = bytearray(frame[14:14 + ihl])
    hdr[1] = tos
    hdr[10:12] = b'\0\0'
    from ._common import csum
    hdr[10:12] = struct.pack('!H', csum(bytes(hdr)))
    return frame[:14] + bytes(hdr) + frame[14 + ihl:]


def retclass(frame, dscp):
    w = struct.unpack('!I', frame[14:18])[0]
    w = (w & ~(0xfc << 20)) | (dscp << 22)
    return frame[:14] + struct.pack('!I', w) + frame[18:]


CASES = {
    'xdp_port_alloc': {'prog': 'xdp_port_alloc', 'packets': [
        ('syn_a', syn(1, 5000), XDP_PASS),
        ('syn_b', syn(2, 5000), XDP_PASS),
        ('syn_a_retransmit', syn(1, 5000), XDP_PASS),
        ('syn_c', syn(3, 6000), XDP_PASS),
        ('fin_b', fin(2, 5000), XDP_PASS),
        ('syn_d', syn(4, 7000), XDP_PASS),
        ('syn_e', syn(5, 7001), XDP_PASS),
        ('syn_f_exhausted', syn(6, 7002), XDP_DROP),
        ('rst_a', tcp4(5000, 80, RST, src='10.0.0.1'), XDP_PASS),
        ('fin_unbound', fin(9, 1), XDP_PASS),
        ('syn_g', syn(7, 7003), XDP_PASS),
        ('udp', udp4(1, 2), XDP_PASS),
        ('tcp_cut', eth(0x0800, ipv4(6, b'\x00' * 12)), XDP_DROP),
    ]},
    'xdp_percpu_stats': {'prog': 'xdp_percpu_stats', 'packets': [
        (f'{n}', f, XDP_PASS) for n, f in [
            ('tcp_a', tcp4(1, 2, src='10.0.0.1')), ('udp_b', udp4(1, 2, src='10.0.0.2')), ('icmp_c', icmp4(src='10.0.0.3')),
            ('gre_d', eth(0x0800, ipv4(47, bytes(8), src='10.0.0.4'))), ('udp_a', udp4(3, 4, src='10.0.0.1')),
            ('udp_e', udp4(1, 2, src='10.0.0.5')), ('udp_f', udp4(1, 2, src='10.0.0.6')), ('tcp6', tcp6(1, 2)),
            ('icmp6', icmp6()), ('arp', P('arp')), ('jumbo', P('jumbo_udp4')), ('trunc_ipv4', TRUNC_IPV4)]]},
    'xdp_tenant_maps': {'prog': 'xdp_tenant_maps',
                        'mapUpdates': [('vlan_tenant', u16(10), u32(1)), ('vlan_tenant', u16(20), u32(2)),
                                       ('vlan_tenant', u16(30), u32(3)),
                                       ('ports_t0', u16(23), u8(1)), ('ports_t1', u16(53), u8(1)),
                                       ('ports_t2', u16(80), u8(1)), ('ports_t2', u16(443), u8(1))],
                        'packets': [
        ('t0_telnet', tcp4(1, 23), XDP_DROP),
        ('t0_dns', udp4(1, 53), XDP_PASS),
        ('t1_dns', eth_vlan(10, 0x0800, U4), XDP_DROP),
        ('t1_http', eth_vlan(10, 0x0800, tcp4(1, 80)[14:]), XDP_PASS),
        ('t2_http', eth_vlan(20, 0x0800, tcp4(1, 80)[14:]), XDP_DROP),
        ('t2_https_udp', eth_vlan(20, 0x0800, udp4(1, 443)[14:]), XDP_DROP),
        ('t2_ssh', eth_vlan(20, 0x0800, tcp4(1, 22)[14:]), XDP_PASS),
        ('t3_no_inner_maps', eth_vlan(30, 0x0800, tcp4(1, 23)[14:]), XDP_PASS),
        ('unknown_vlan', eth_vlan(99, 0x0800, U4), XDP_DROP),
        ('t1_ipv6', eth_vlan(10, 0x86dd, udp6(1, 53)[14:]), XDP_PASS),
        ('icmp', icmp4(), XDP_PASS),
        ('ports_cut', eth(0x0800, ipv4(17, b'\x00')), XDP_DROP),
    ]},
    'tc_app_classify': {'prog': 'tc_app_classify', 'checksums': True, 'packets': [
        ('ssh', tcp4(40000, 22), TC_ACT_OK, retos(tcp4(40000, 22), 16 << 2)),
        ('smtp_587', tcp4(40000, 587), TC_ACT_OK, retos(tcp4(40000, 587), 10 << 2)),
        ('https', tcp4(40000, 443), TC_ACT_OK, retos(tcp4(40000, 443), 18 << 2)),
        ('bgp_reply', tcp4(179, 40000), TC_ACT_OK, retos(tcp4(179, 40000), 48 << 2)),
        ('bittorrent', tcp4(40000, 6885), TC_ACT_OK, retos(tcp4(40000, 6885), 8 << 2)),
        ('unknown_tcp_keeps_ecn', tcp4(40000, 9999, ip_kw={'tos': 0x2b}), TC_ACT_OK, retos(tcp4(40000, 9999), 0x03)),
        ('dns', udp4(40000, 53), TC_ACT_OK, retos(udp4(40000, 53), 16 << 2)),
        ('dns_reply', udp4(53, 40000), TC_ACT_OK, retos(udp4(53, 40000), 16 << 2)),
        ('quic', udp4(40000, 443), TC_ACT_OK, retos(udp4(40000, 443), 18 << 2)),
        ('rtp_even', udp4(40000, 20000), TC_ACT_OK, retos(udp4(40000, 20000), 46 << 2)),
        ('rtp_odd_rtcp', udp4(40000, 20001), TC_ACT_OK, udp4(40000, 20001)),
        ('ntp_already_marked', udp4(123, 123, tos=16 << 2), TC_ACT_OK, udp4(123, 123, tos=16 << 2)),
        ('ping', icmp4(), TC_ACT_OK, retos(icmp4(), 16 << 2)),
        ('icmp_unreach', icmp4(typ=3, code=3), TC_ACT_OK, retos(icmp4(typ=3, code=3), 16 << 2)),
        ('icmp_redirect', icmp4(typ=5), TC_ACT_OK, icmp4(typ=5)),
        ('sip6', udp6(5060, 5060), TC_ACT_OK, retclass(udp6(5060, 5060), 24)),
        ('ping6', icmp6(), TC_ACT_OK, retclass(icmp6(), 16)),
        ('icmp6_too_big', icmp6(typ=2, body=bytes(8)), TC_ACT_OK, retclass(icmp6(typ=2, body=bytes(8)), 16)),
        ('gre', eth(0x0800, ipv4(47, bytes(8))), TC_ACT_OK),
        ('ports_cut', eth(0x0800, ipv4(6, b'\x00\x16')), TC_ACT_SHOT),
        ('arp', P('arp'), TC_ACT_OK),
    ]},
}
