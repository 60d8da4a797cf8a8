"""Cases for the header parsers: VLAN, IPv4 options, IPv6 extension headers, L4 summary, TCP flags, ICMPv6."""
from ._common import *  # noqa: F401,F403

u4 = udp4(40000, 53)[14:]          # an IPv4/UDP packet without its Ethernet header
ARP_REQ = arp(1, MAC_A, '10.0.0.1', bytes(6), '10.0.0.2')

CASES = {
    'xdp_vlan_parse': {'prog': 'xdp_vlan_parse', 'packets': [
        ('untagged_ipv4', udp4(40000, 53), XDP_PASS),
        ('vlan100_ipv4', eth_vlan(100, 0x0800, u4, pcp=3), XDP_PASS),
        ('vlan100_ipv6', eth_vlan(100, 0x86dd, udp6(1, 2)[14:], pcp=5), XDP_PASS),
        ('vlan200_arp', eth_vlan(200, 0x0806, ARP_REQ[14:]), XDP_PASS),
        ('qinq_10_20', eth_qinq(10, 20, 0x0800, u4), XDP_PASS),
        ('vlan_blocked_666', eth_vlan(666, 0x0800, u4), XDP_DROP),
        ('qinq_inner_blocked', eth_qinq(30, 666, 0x0800, u4), XDP_DROP),
        ('three_tags', eth(0x8100, struct.pack('!HH', 5, 0x8100) + struct.pack('!HH', 6, 0x8100)
                                   + struct.pack('!HH', 7, 0x0800) + u4), XDP_DROP),
        ('vlan_cut', eth(0x8100, b'\x00\x64'), XDP_ABORTED),
        ('lldp', eth(0x88cc, bytes(46)), XDP_PASS),
        ('vlan4095_pcp7', eth_vlan(4095, 0x0800, u4, pcp=7), XDP_PASS),
        ('trunc_eth', TRUNC_ETH, ERR),
    ]},
    'xdp_ipv4_options': {'prog': 'xdp_ipv4_options', 'packets': [
        ('no_options', udp4(1000, 53), XDP_PASS),
        ('nop_eol', udp4(1000, 53, options=OPT_NOP + OPT_NOP + OPT_NOP + OPT_EOL), XDP_PASS),
        ('router_alert', udp4(1000, 53, options=OPT_RA), XDP_PASS),
        ('rr_ts', udp4(1000, 53, options=opt_rr(2) + OPT_NOP + opt_ts(3)), XDP_PASS),
        ('lsrr', udp4(1000, 53, options=OPT_NOP + opt_lsrr(('10.9.9.9', '10.8.8.8'))), XDP_DROP),
        ('ssrr', udp4(1000, 53, options=bytes([137, 7, 4]) + ip4('1.2.3.4') + OPT_EOL), XDP_DROP),
        ('opt_len_1', udp4(1000, 53, options=b'\x07\x01\x00\x00'), XDP_DROP),
        ('opt_past_end', udp4(1000, 53, options=b'\x44\x28\x05\x00'), XDP_DROP),
        ('many_nops', udp4(1000, 53, options=OPT_NOP * 16), XDP_DROP),
        ('max_40_bytes', udp4(1000, 53, options=opt_rr(9)), XDP_PASS),
        ('ihl_beyond_packet', eth(0x0800, ipv4(17, b'', ihl=15))[:40], XDP_DROP),
        ('bad_ihl3', BAD_IHL, XDP_DROP),
        ('ipv6', udp6(1, 53), XDP_PASS),
        ('trunc_ipv4', TRUNC_IPV4, XDP_DROP),
    ]},
}
