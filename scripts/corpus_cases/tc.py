"""Cases for the TC programs over __sk_buff fields, VLAN push/pop and packet resizing."""
from ._common import *  # noqa: F401,F403
from ._common import csum

U4 = udp4(1, 53)[14:]


def ipip(frame, src='192.0.2.1', dst='192.0.2.2'):
    inner = frame[14:]
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, inner[1], 20 + len(inner), 0, 0, 64, 4, 0, ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    return frame[:14] + hdr + inner


TUN_IN = udp4(7, 8, b'to-tunnel' * 4, src='10.0.0.1', dst='10.99.1.1', tos=0x28)
FROM_TUN = ipip(udp4(9, 10, b'from-tunnel', src='10.99.2.2', dst='10.0.0.1'), src='192.0.2.2', dst='192.0.2.1')
SHORT = udp4(1, 2, b'')                       # 42 bytes
TRAILER = udp4(1, 2, b'abc') + b'\xee' * 20    # Ethernet padding after the IP packet
IP6_MC = eth(0x86dd, ipv6(58, b'\x80\x00\x00\x00', dst='ff02::1'), dst=bytes.fromhex('333300000001'))

CASES = {
    'tc_skb_fields': {'prog': 'tc_skb_fields', 'packets': [
        ('udp4_be', udp4(1, 53), TC_ACT_OK),
        ('udp4_ef', udp4(5004, 5004, b'rtp', tos=46 << 2), TC_ACT_OK),
        ('tcp4_af41', tcp4(1, 443, ip_kw={'tos': (34 << 2) | 2}), TC_ACT_OK),
        ('udp4_cs1_scavenger', udp4(1, 6881, tos=8 << 2), TC_ACT_SHOT),
        ('icmp4', icmp4(), TC_ACT_OK),
        ('udp6_ef', eth(0x86dd, ipv6(17, udp(1, 2), tclass=46 << 2)), TC_ACT_OK),
        ('icmp6_multicast', IP6_MC, TC_ACT_OK),
        ('arp_broadcast', arp(1, MAC_A, '10.0.0.1', bytes(6), '10.0.0.2'), TC_ACT_OK),
        ('vlan_tagged', eth_vlan(100, 0x0800, U4), TC_ACT_OK),
        ('jumbo', P('jumbo_udp4'), TC_ACT_OK),
        ('runt_ipv4', eth(0x0800, b'\x45\x00'), ERR),
    ]},
    'tc_vlan_retag': {'prog': 'tc_vlan_retag', 'mapUpdates': [('translate', u16(100), u16(200)),
                                                              ('translate', u16(101), u16(0))], 'packets': [
        ('vlan100_to_200', eth_vlan(100, 0x0800, U4, pcp=5), TC_ACT_OK),
        ('vlan101_untag', eth_vlan(101, 0x0800, U4), TC_ACT_OK, eth(0x0800, U4)),
        ('vlan102_unknown', eth_vlan(102, 0x0800, U4), TC_ACT_SHOT),
        ('untagged_ipv4_push', udp4(1, 53), TC_ACT_OK),
        ('untagged_ipv6', udp6(1, 53), TC_ACT_OK, udp6(1, 53)),
        ('qinq_pop_outer', eth_qinq(10, 100, 0x0800, U4), TC_ACT_OK),
        ('vlan100_arp', eth_vlan(100, 0x0806, P('arp')[14:]), TC_ACT_OK),
        ('vlan_cut', eth(0x8100, b'\x00'), TC_ACT_SHOT),
    ]},
    'tc_resize': {'prog': 'tc_resize', 'checksums': True, 'packets': [
        ('short_udp_pad', SHORT, TC_ACT_OK, SHORT + bytes(60 - len(SHORT))),
        ('arp_42_pad', P('arp'), TC_ACT_OK, P('arp') + bytes(60 - len(P('arp')))),
        ('trailer_trim', TRAILER, TC_ACT_OK, udp4(1, 2, b'abc') + b'\xee' * (60 - len(udp4(1, 2, b'abc')))),
        ('trailer_trim_long', udp4(1, 2, b'x' * 40) + b'\xee' * 7, TC_ACT_OK, udp4(1, 2, b'x' * 40)),
        ('encap', TUN_IN, TC_ACT_OK, ipip(TUN_IN)),
        ('encap_with_trailer', TUN_IN + b'\xee' * 4, TC_ACT_OK, ipip(TUN_IN)),
        ('decap', FROM_TUN, TC_ACT_OK, udp4(9, 10, b'from-tunnel', src='10.99.2.2', dst='10.0.0.1')),
        ('ipip_not_ours', ipip(udp4(9, 10, b'from-tunnel'), src='192.0.2.2', dst='192.0.2.9'), TC_ACT_OK),
        ('plain_udp', udp4(1, 2, b'nothing to do here'), TC_ACT_OK, udp4(1, 2, b'nothing to do here')),
        ('ipv6', udp6(1, 2), TC_ACT_OK, udp6(1, 2)),
        ('trunc_ipv4', TRUNC_IPV4, ERR),
    ]},
}
