"""Cases for the NAT programs. Expected outputs are rebuilt from scratch with full checksums."""
from ._common import *  # noqa: F401,F403

PUB = '198.51.100.1'
SYN, ACK = 0x02, 0x10


def snat_packets():
    return [
        ('udp_out_new', udp4(5000, 53, src='10.0.0.5', dst='8.8.8.8'), TC_ACT_OK,
         udp4(20000, 53, src=PUB, dst='8.8.8.8')),
        ('tcp_out_new', tcp4(40000, 80, SYN, src='10.0.0.6', dst='93.184.216.34', seq=7), TC_ACT_OK,
         tcp4(20001, 80, SYN, src=PUB, dst='93.184.216.34', seq=7)),
        ('udp_out_again', udp4(5000, 53, b'second', src='10.0.0.5', dst='8.8.8.8'), TC_ACT_OK,
         udp4(20000, 53, b'second', src=PUB, dst='8.8.8.8')),
        ('udp_reply_in', udp4(53, 20000, b'answer!', src='8.8.8.8', dst=PUB), TC_ACT_OK,
         udp4(53, 5000, b'answer!', src='8.8.8.8', dst='10.0.0.5')),
        ('tcp_synack_in', tcp4(80, 20001, SYN | ACK, src='93.184.216.34', dst=PUB, seq=99, ack=8), TC_ACT_OK,
         tcp4(80, 40000, SYN | ACK, src='93.184.216.34', dst='10.0.0.6', seq=99, ack=8)),
        ('icmp_echo_out', icmp4(8, ident=0x1234, src='10.0.0.5', dst='8.8.8.8'), TC_ACT_OK,
         icmp4(8, ident=20002, src=PUB, dst='8.8.8.8')),
        ('icmp_reply_in', icmp4(0, ident=20002, src='8.8.8.8', dst=PUB), TC_ACT_OK,
         icmp4(0, ident=0x1234, src='8.8.8.8', dst='10.0.0.5')),
        ('udp_unsolicited', udp4(53, 20050, src='8.8.8.8', dst=PUB), TC_ACT_SHOT),
        ('inside_to_inside', udp4(1, 2, src='10.0.0.5', dst='10.0.0.6'), TC_ACT_OK, udp4(1, 2, src='10.0.0.5', dst='10.0.0.6')),
        ('udp_zero_csum_out', eth(0x0800, ipv4(17, udp(6000, 123, b'ntp'), src='10.0.0.7', dst='8.8.4.4')), TC_ACT_OK,
         eth(0x0800, ipv4(17, udp(20003, 123, b'ntp'), src=PUB, dst='8.8.4.4'))),
        ('fragment_out', udp4(1, 53, src='10.0.0.5', dst='8.8.8.8', frag=0x2000), TC_ACT_OK),
        ('icmp_reply_out_untouched', icmp4(0, src='10.0.0.5', dst='8.8.8.8'), TC_ACT_OK),
        ('gre_out_untouched', eth(0x0800, ipv4(47, gre(0x0800, bytes(20)), src='10.0.0.5', dst='8.8.8.8')), TC_ACT_OK),
        ('ipv6', udp6(1, 2), TC_ACT_OK),
        ('tcp_options_out', tcp4(40001, 443, SYN, src='10.0.0.6', dst='1.1.1.1', ip_kw={'options': OPT_RA}),
         TC_ACT_OK, tcp4(20004, 443, SYN, src=PUB, dst='1.1.1.1', ip_kw={'options': OPT_RA})),
        ('udp_cut_out', eth(0x0800, ipv4(17, b'\x13\x88\x00\x35', src='10.0.0.5', dst='8.8.8.8')), TC_ACT_SHOT),
        ('bad_ihl3', BAD_IHL, TC_ACT_SHOT),
    ]


CASES = {
    'tc_snat': {'prog': 'tc_snat', 'checksums': True, 'packets': snat_packets()},
}

DPUB = '203.0.113.1'
ROUTER, UPLINK = bytes.fromhex('020000000002'), bytes.fromhex('020000000001')
BE_WEB, BE_DNS = ('10.1.1.10', bytes.fromhex('0a0000000010')), ('10.1.1.11', bytes.fromhex('0a0000000011'))


def dnat_updates():
    return [('forwards', be16(8080) + u8(6) + u8(0), ip4(BE_WEB[0]) + be16(80) + BE_WEB[1]),
            ('forwards', be16(5353) + u8(17) + u8(0), ip4(BE_DNS[0]) + be16(53) + BE_DNS[1]),
            ('reverse', ip4(BE_WEB[0]) + be16(80) + u8(6) + u8(0), be16(8080)),
            ('reverse', ip4(BE_DNS[0]) + be16(53) + u8(17) + u8(0), be16(5353))]


def dnat_packets():
    cl = '198.51.100.77'
    return [
        ('tcp_in_8080', tcp4(41000, 8080, SYN, src=cl, dst=DPUB, seq=5), XDP_TX,
         tcp4(41000, 80, SYN, src=cl, dst=BE_WEB[0], seq=5, ip_kw={'ttl': 63}, eth_kw={'dst': BE_WEB[1], 'src': ROUTER})),
        ('tcp_reply_out', tcp4(80, 41000, SYN | ACK, src=BE_WEB[0], dst=cl, seq=9, ack=6), XDP_TX,
         tcp4(8080, 41000, SYN | ACK, src=DPUB, dst=cl, seq=9, ack=6, ip_kw={'ttl': 63}, eth_kw={'dst': UPLINK, 'src': ROUTER})),
        ('udp_in_5353', udp4(3333, 5353, b'q', src=cl, dst=DPUB, ttl=2), XDP_TX,
         eth(0x0800, ipv4(17, udp(3333, 53, b'q', pseudo4(cl, BE_DNS[0], 17, 9)), src=cl, dst=BE_DNS[0], ttl=1),
             dst=BE_DNS[1], src=ROUTER)),
        ('udp_reply_out', udp4(53, 3333, b'answer', src=BE_DNS[0], dst=cl), XDP_TX,
         eth(0x0800, ipv4(17, udp(5353, 3333, b'answer', pseudo4(DPUB, cl, 17, 14)), src=DPUB, dst=cl, ttl=63),
             dst=UPLINK, src=ROUTER)),
        ('udp_in_no_csum', eth(0x0800, ipv4(17, udp(3334, 5353, b'zz'), src=cl, dst=DPUB)), XDP_TX,
         eth(0x0800, ipv4(17, udp(3334, 53, b'zz'), src=cl, dst=BE_DNS[0], ttl=63), dst=BE_DNS[1], src=ROUTER)),
        ('ttl_1_in', tcp4(41000, 8080, SYN, src=cl, dst=DPUB, ip_kw={'ttl': 1}), XDP_PASS),
        ('not_forwarded_port', tcp4(41000, 22, SYN, src=cl, dst=DPUB), XDP_PASS),
        ('udp_to_tcp_port', udp4(1, 8080, src=cl, dst=DPUB), XDP_PASS),
        ('unrelated_out', tcp4(80, 41000, ACK, src='10.1.1.12', dst=cl), XDP_PASS),
        ('ip_options', tcp4(41000, 8080, SYN, src=cl, dst=DPUB, ip_kw={'options': OPT_RA}), XDP_PASS),
        ('icmp', icmp4(dst=DPUB), XDP_PASS),
        ('tcp_cut', eth(0x0800, ipv4(6, tcp(1, 8080)[:12], src=cl, dst=DPUB)), XDP_DROP),
        ('ipv6', udp6(1, 2), XDP_PASS),
        ('trunc_ipv4', TRUNC_IPV4, XDP_DROP),
    ]


CASES['xdp_dnat'] = {'prog': 'xdp_dnat', 'checksums': True, 'mapUpdates': dnat_updates(), 'packets': dnat_packets()}
