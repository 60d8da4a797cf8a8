"""Cases for the firewall, flow accounting and connection tracking programs."""
from ._common import *  # noqa: F401,F403

SYN, FIN, RST, PSH, ACK = 0x02, 0x01, 0x04, 0x08, 0x10


def lpm4(prefix, plen): return u32(plen) + ip4(prefix)
def lpm6(prefix, plen): return u32(plen) + ip6(prefix)
def rule(rid, action, proto=0, port=0): return u32(rid) + u8(action) + u8(proto) + be16(port)


ALLOW, DENY, ALLOW_PORT = 1, 2, 3

FW_RULES = [
    ('src_v4', lpm4('10.0.0.0', 8), rule(1, DENY)),
    ('src_v4', lpm4('10.1.0.0', 16), rule(2, ALLOW)),
    ('src_v4', lpm4('10.1.2.0', 24), rule(3, ALLOW_PORT, 6, 443)),
    ('dst_v4', lpm4('192.168.99.0', 24), rule(4, DENY)),
    ('dst_v4', lpm4('192.168.99.7', 32), rule(5, ALLOW)),
    ('src_v6', lpm6('2001:db8::', 32), rule(6, ALLOW_PORT, 17, 53)),
    ('src_v6', lpm6('2001:db8:bad::', 48), rule(7, DENY)),
    ('dst_v6', lpm6('2001:db8:1::', 48), rule(8, DENY)),
]

# conntrack: inside host 192.168.1.10, outside server 203.0.113.5
IN, OUT = '192.168.1.10', '203.0.113.5'


def o(flags, seq=1, data=b'', sp=40000, dp=80):     # outbound (inside -> outside)
    return tcp4(sp, dp, flags, data, src=IN, dst=OUT, seq=seq)


def i(flags, seq=1, data=b'', sp=80, dp=40000):     # inbound (outside -> inside)
    return tcp4(sp, dp, flags, data, src=OUT, dst=IN, seq=seq)


CASES = {
    'xdp_fw_lpm': {'prog': 'xdp_fw_lpm', 'mapUpdates': FW_RULES, 'packets': [
        ('src_10_8_deny', udp4(1, 53, src='10.0.0.1'), XDP_DROP),
        ('src_10_1_allow', udp4(1, 53, src='10.1.9.9'), XDP_PASS),
        ('src_10_1_2_tcp443', tcp4(1, 443, src='10.1.2.3'), XDP_PASS),
        ('src_10_1_2_tcp80', tcp4(1, 80, src='10.1.2.3'), XDP_DROP),
        ('src_10_1_2_udp443', udp4(1, 443, src='10.1.2.3'), XDP_DROP),
        ('dst_99_deny', udp4(1, 53, src='172.16.0.1', dst='192.168.99.1'), XDP_DROP),
        ('dst_99_7_allow', udp4(1, 53, src='172.16.0.1', dst='192.168.99.7'), XDP_PASS),
        ('src_wins_over_dst', udp4(1, 53, src='10.1.0.1', dst='192.168.99.1'), XDP_PASS),
        ('no_rule_default', udp4(1, 53, src='172.16.0.1', dst='192.168.1.1'), XDP_PASS),
        ('v6_dns_allowed', udp6(1, 53), XDP_PASS),
        ('v6_tcp_denied', tcp6(1, 53), XDP_DROP),
        ('v6_bad_prefix', udp6(1, 53, src='2001:db8:bad::9'), XDP_DROP),
        ('v6_dst_rule', udp6(1, 53, src='2001:db9::1', dst='2001:db8:1::5'), XDP_DROP),
        ('v6_no_rule', udp6(1, 53, src='2001:db9::1', dst='2001:db9::2'), XDP_PASS),
        ('icmp_from_10', icmp4(src='10.1.2.3'), XDP_DROP),
        ('udp_ports_cut', eth(0x0800, ipv4(17, b'\x00\x01', src='10.1.2.3')), XDP_DROP),
        ('arp', P('arp'), XDP_PASS),
        ('trunc_ipv6', TRUNC_IPV6, XDP_DROP),
    ]},
    'xdp_flow_lru': {'prog': 'xdp_flow_lru', 'packets': (
        [('flow_a', udp4(1000, 53), XDP_PASS), ('flow_a_again', udp4(1000, 53, b'more-bytes'), XDP_PASS),
         ('tcp_syn', tcp4(2000, 80, SYN), XDP_PASS), ('tcp_ack', tcp4(2000, 80, ACK | PSH, b'x'), XDP_PASS),
         ('v6_flow', udp6(3000, 53), XDP_PASS), ('v6_tcp', tcp6(3001, 443, SYN), XDP_PASS),
         ('icmp', icmp4(), XDP_PASS)]
        + [(f'udp_sport_{n}', udp4(10000 + n, 9999), XDP_PASS) for n in range(24)]
        + [('flow_a_late', udp4(1000, 53), XDP_PASS), ('tcp_cut', eth(0x0800, ipv4(6, b'\x00' * 10)), XDP_DROP),
           ('arp', P('arp'), XDP_PASS), ('trunc_eth', TRUNC_ETH, ERR)])},
    'tc_conntrack': {'prog': 'tc_conntrack', 'mapUpdates': [('open_ports', u16(22), u8(1))], 'packets': [
        ('out_syn', o(SYN, seq=1000), TC_ACT_OK),
        ('in_synack', i(SYN | ACK, seq=5000), TC_ACT_OK),
        ('out_ack', o(ACK, seq=1001), TC_ACT_OK),
        ('out_data', o(ACK | PSH, seq=1001, data=b'GET / HTTP/1.0\r\n\r\n'), TC_ACT_OK),
        ('in_data', i(ACK | PSH, seq=5001, data=b'HTTP/1.0 200 OK\r\n\r\n'), TC_ACT_OK),
        ('in_syn_in_established', i(SYN, seq=9), TC_ACT_SHOT),
        ('out_fin', o(FIN | ACK, seq=1019), TC_ACT_OK),
        ('in_fin', i(FIN | ACK, seq=5020), TC_ACT_OK),
        ('out_last_ack', o(ACK, seq=1020), TC_ACT_OK),
        ('in_ack_after_close', i(ACK, seq=5021), TC_ACT_SHOT),
        ('in_syn_open_port_22', i(SYN, sp=50000, dp=22, seq=77), TC_ACT_OK),
        ('out_synack_22', o(SYN | ACK, sp=22, dp=50000, seq=88), TC_ACT_OK),
        ('in_data_before_ack', i(ACK | PSH, sp=50000, dp=22, seq=78, data=b'x'), TC_ACT_OK),
        ('in_rst_22', i(RST, sp=50000, dp=22, seq=79), TC_ACT_OK),
        ('in_syn_closed_port', i(SYN, sp=50001, dp=23), TC_ACT_SHOT),
        ('in_unsolicited_synack', i(SYN | ACK, sp=443, dp=40001), TC_ACT_SHOT),
        ('out_syn_2', o(SYN, sp=40002, seq=10), TC_ACT_OK),
        ('in_data_in_syn_sent', i(ACK, sp=80, dp=40002, seq=3), TC_ACT_SHOT),
        ('out_dns', udp4(5353, 53, src=IN, dst='8.8.8.8'), TC_ACT_OK),
        ('in_dns_reply', udp4(53, 5353, b'answer', src='8.8.8.8', dst=IN), TC_ACT_OK),
        ('in_udp_unsolicited', udp4(53, 5354, src='8.8.8.8', dst=IN), TC_ACT_SHOT),
        ('transit', udp4(1, 2, src='10.0.0.1', dst='10.0.0.2'), TC_ACT_OK),
        ('icmp_in', icmp4(src=OUT, dst=IN), TC_ACT_OK),
        ('tcp_hdr_cut', eth(0x0800, ipv4(6, b'\x00\x50\x9c\x40' + bytes(8), src=OUT, dst=IN)), TC_ACT_SHOT),
        ('ipv6', tcp6(1, 2), TC_ACT_OK),
    ]},
}

# ---- xdp_filter_mini (deny mode) ------------------------------------------------------------------
F_SRC, F_DST, F_TCP, F_UDP = 1, 2, 4, 8
MAC_SRC_BAD, MAC_DST_BAD = bytes.fromhex('02000000000b'), bytes.fromhex('02000000000c')
FILTER_UPDATES = [
    ('filter_ports', u16(22), u64(F_TCP | F_DST)),
    ('filter_ports', u16(53), u64(F_UDP | F_SRC | F_DST)),
    ('filter_ports', u16(8080), u64(F_TCP | F_UDP | F_DST)),
    ('filter_ipv4', ip4('10.9.9.9'), u64(F_SRC)),
    ('filter_ipv4', ip4('192.168.99.1'), u64(F_DST)),
    ('filter_ipv4', ip4('10.8.8.8'), u64(F_SRC | F_DST)),
    ('filter_ipv6', ip6('2001:db8::bad'), u64(F_SRC)),
    ('filter_ethernet', MAC_SRC_BAD, u64(F_SRC)),
    ('filter_ethernet', MAC_DST_BAD, u64(F_DST)),
]
U53 = udp4(1, 53)[14:]

FILTER_PACKETS = [
    ('udp_dst_53', udp4(1000, 53), XDP_DROP),
    ('udp_src_53', udp4(53, 1000), XDP_DROP),
    ('tcp_dst_53', tcp4(1000, 53), XDP_PASS),
    ('tcp_dst_22', tcp4(1000, 22), XDP_DROP),
    ('tcp_src_22', tcp4(22, 1000), XDP_PASS),
    ('udp_dst_22', udp4(1000, 22), XDP_PASS),
    ('tcp_8080', tcp4(1000, 8080), XDP_DROP),
    ('udp_8080', udp4(1000, 8080), XDP_DROP),
    ('src_10_9_9_9', udp4(1, 2, src='10.9.9.9'), XDP_DROP),
    ('dst_10_9_9_9', udp4(1, 2, dst='10.9.9.9'), XDP_PASS),
    ('dst_192_168_99_1', udp4(1, 2, dst='192.168.99.1'), XDP_DROP),
    ('dst_10_8_8_8', icmp4(dst='10.8.8.8'), XDP_DROP),
    ('v6_bad_src', udp6(1, 2, src='2001:db8::bad'), XDP_DROP),
    ('v6_tcp_22', tcp6(1, 22), XDP_DROP),
    ('v6_other', udp6(1, 2), XDP_PASS),
    ('mac_src_bad', eth(0x0800, udp4(1, 2)[14:], src=MAC_SRC_BAD), XDP_DROP),
    ('mac_dst_bad', eth(0x0800, udp4(1, 2)[14:], dst=MAC_DST_BAD), XDP_DROP),
    ('mac_bad_src_as_dst', eth(0x0800, udp4(1, 2)[14:], dst=MAC_SRC_BAD), XDP_PASS),
    ('vlan_udp_53', eth_vlan(7, 0x0800, U53), XDP_DROP),
    ('qinq_tcp_22', eth_qinq(7, 8, 0x0800, tcp4(1, 22)[14:]), XDP_DROP),
    ('ip_options_tcp_22', tcp4(1, 22, ip_kw={'options': opt_rr(2)}), XDP_DROP),
    ('tcp_doff_3', eth(0x0800, ipv4(6, tcp(1, 2)[:12] + b'\x30' + tcp(1, 2)[13:])), XDP_ABORTED),
    ('udp_len_4', eth(0x0800, ipv4(17, struct.pack('!HHHH', 1, 2, 4, 0))), XDP_ABORTED),
    ('bad_ihl3', BAD_IHL, XDP_ABORTED),
    ('arp', P('arp'), XDP_PASS),
    ('trunc_eth', TRUNC_ETH, ERR),
]

CASES['xdp_filter_mini'] = {'prog': 'xdp_filter_deny', 'mapUpdates': FILTER_UPDATES, 'packets': FILTER_PACKETS}
