"""Cases for the ARP responder, the MSS clamp and the router."""
from ._common import *  # noqa: F401,F403

PROXY_MAC = bytes.fromhex('0a00000000a1')
SYN, ACK = 0x02, 0x10


def arp_reply_for(req_mac, req_ip, target_ip, our_mac):
    body = struct.pack('!HHBBH', 1, 0x0800, 6, 4, 2) + our_mac + ip4(target_ip) + req_mac + ip4(req_ip)
    return eth(0x0806, body, dst=req_mac, src=our_mac)


def neigh(mac=bytes(6), state=0, updates=0): return mac + u16(state) + u32(updates)


ARP_CASES = [
    ('request_proxied', arp(1, MAC_A, '10.0.0.1', bytes(6), '10.0.0.50'), XDP_TX,
     arp_reply_for(MAC_A, '10.0.0.1', '10.0.0.50', PROXY_MAC)),
    ('request_proxied_2', arp(1, MAC_C, '10.0.0.3', bytes(6), '10.0.0.51'), XDP_TX,
     arp_reply_for(MAC_C, '10.0.0.3', '10.0.0.51', PROXY_MAC)),
    ('request_other', arp(1, MAC_A, '10.0.0.1', bytes(6), '10.0.0.99'), XDP_PASS),
    ('reply', arp(2, MAC_B, '10.0.0.2', MAC_A, '10.0.0.1', dst=MAC_A), XDP_PASS),
    ('gratuitous', arp(1, MAC_C, '10.0.0.3', bytes(6), '10.0.0.3'), XDP_PASS),
    ('request_again', arp(1, MAC_A, '10.0.0.1', bytes(6), '10.0.0.50'), XDP_TX,
     arp_reply_for(MAC_A, '10.0.0.1', '10.0.0.50', PROXY_MAC)),
    ('rarp_op3', arp(3, MAC_A, '10.0.0.1', bytes(6), '10.0.0.50'), XDP_DROP),
    ('not_ethernet_htype', eth(0x0806, struct.pack('!HHBBH', 6, 0x0800, 6, 4, 1) + bytes(20)), XDP_DROP),
    ('ipv6_ptype', eth(0x0806, struct.pack('!HHBBH', 1, 0x86dd, 6, 4, 1) + bytes(20)), XDP_DROP),
    ('arp_cut', arp(1, MAC_A, '10.0.0.1', bytes(6), '10.0.0.50')[:30], XDP_DROP),
    ('ipv4', udp4(1, 2), XDP_PASS),
]


def mss_syn(mss, options=None, v6=False, flags=SYN, **kw):
    opts = options if options is not None else tcpopt_mss(mss) + TCPOPT_SACKOK + TCPOPT_TS + b'\x01' + TCPOPT_WS7
    return tcp6(40000, 443, flags, options=opts) if v6 else tcp4(40000, 443, flags, options=opts, **kw)


MSS_CASES = [
    ('syn_1460_clamped', mss_syn(1460), TC_ACT_OK, mss_syn(1400)),
    ('syn_1200_kept', mss_syn(1200), TC_ACT_OK, mss_syn(1200)),
    ('syn_1400_kept', mss_syn(1400), TC_ACT_OK, mss_syn(1400)),
    ('synack_9000_clamped', mss_syn(9000, flags=SYN | ACK), TC_ACT_OK, mss_syn(1400, flags=SYN | ACK)),
    ('syn6_1440_clamped', mss_syn(1440, v6=True), TC_ACT_OK, mss_syn(1380, v6=True)),
    ('mss_after_nops', mss_syn(0, options=b'\x01\x01\x01' + TCPOPT_WS7 + tcpopt_mss(1500)), TC_ACT_OK,
     mss_syn(0, options=b'\x01\x01\x01' + TCPOPT_WS7 + tcpopt_mss(1400))),
    ('no_mss', mss_syn(0, options=TCPOPT_SACKOK + TCPOPT_TS), TC_ACT_OK, mss_syn(0, options=TCPOPT_SACKOK + TCPOPT_TS)),
    ('eol_before_mss', mss_syn(0, options=b'\x00\x00\x00\x00' + tcpopt_mss(1500)), TC_ACT_OK,
     mss_syn(0, options=b'\x00\x00\x00\x00' + tcpopt_mss(1500))),
    ('mss_len_3', mss_syn(0, options=b'\x02\x03\x05\x00'), TC_ACT_OK, mss_syn(0, options=b'\x02\x03\x05\x00')),
    ('option_len_0', mss_syn(0, options=b'\x08\x00' + bytes(6)), TC_ACT_OK),
    ('option_past_doff', mss_syn(0, options=b'\x01\x01\x08\x0a'), TC_ACT_OK),
    ('twelve_nops_then_mss', mss_syn(0, options=b'\x01' * 12 + tcpopt_mss(1500)), TC_ACT_OK),
    ('ack_not_syn', tcp4(40000, 443, ACK, options=tcpopt_mss(1460)), TC_ACT_OK, tcp4(40000, 443, ACK, options=tcpopt_mss(1460))),
    ('ip_options_syn', mss_syn(1460, ip_kw={'options': OPT_RA}), TC_ACT_OK, mss_syn(1400, ip_kw={'options': OPT_RA})),
    ('udp', udp4(1, 2), TC_ACT_OK),
]


def r4(prefix, plen): return u32(plen) + ip4(prefix)
def r6(prefix, plen): return u32(plen) + ip6(prefix)
def nexthop(dmac, smac, ifindex): return dmac + smac + u32(ifindex) + u64(0)


NH1_D, NH1_S = bytes.fromhex('0a0000000101'), bytes.fromhex('0a00000001fe')
NH2_D, NH2_S = bytes.fromhex('0a0000000202'), bytes.fromhex('0a00000002fe')
ROUTE_UPDATES = [
    ('routes4', r4('0.0.0.0', 0), u32(1)),
    ('routes4', r4('192.168.0.0', 16), u32(2)),
    ('routes4', r4('192.168.1.1', 32), u32(0xffffffff)),
    ('routes4', r4('172.16.0.0', 12), u32(3)),
    ('routes6', r6('2001:db8::', 32), u32(2)),
    ('routes6', r6('2001:db8:ffff::', 48), u32(5)),
    ('nexthops', u32(1), nexthop(NH1_D, NH1_S, 1)),
    ('nexthops', u32(2), nexthop(NH2_D, NH2_S, 7)),
    ('nexthops', u32(3), nexthop(bytes(6), bytes(6), 0)),
]


ROUTER_CASES = [
    ('default_route_tx', udp4(1, 2, dst='8.8.8.8'), XDP_TX,
     eth(0x0800, udp4(1, 2, dst='8.8.8.8', ttl=63)[14:], dst=NH1_D, src=NH1_S)),
    ('subnet_redirect', udp4(1, 2, dst='192.168.7.7', ttl=10), XDP_REDIRECT,
     eth(0x0800, udp4(1, 2, dst='192.168.7.7', ttl=9)[14:], dst=NH2_D, src=NH2_S)),
    ('ttl_2_forwarded', tcp4(1, 2, dst='8.8.4.4', ip_kw={'ttl': 2}), XDP_TX,
     eth(0x0800, tcp4(1, 2, dst='8.8.4.4', ip_kw={'ttl': 1})[14:], dst=NH1_D, src=NH1_S)),
    ('ttl_1_expired', udp4(1, 2, dst='8.8.8.8', ttl=1), XDP_PASS),
    ('local_address', udp4(1, 2, dst='192.168.1.1'), XDP_PASS),
    ('local_ttl_1', udp4(1, 2, dst='192.168.1.1', ttl=1), XDP_PASS),
    ('nexthop_without_interface', udp4(1, 2, dst='172.20.0.1'), XDP_PASS),
    ('v6_redirect', udp6(1, 2), XDP_REDIRECT,
     eth(0x86dd, eth(0x86dd, ipv6(17, udp6(1, 2)[54:], hop=63))[14:], dst=NH2_D, src=NH2_S)),
    ('v6_nexthop_missing', udp6(1, 2, dst='2001:db8:ffff::1'), XDP_PASS),
    ('v6_no_route', udp6(1, 2, dst='2001:db9::1'), XDP_PASS),
    ('v6_hop_1', icmp6(hop=1), XDP_PASS),
    ('arp', P('arp'), XDP_PASS),
    ('trunc_ipv4', TRUNC_IPV4, XDP_DROP),
]

CASES = {
    'xdp_arp_responder': {'prog': 'xdp_arp_responder', 'mapUpdates': [
        ('proxy', ip4('10.0.0.50'), neigh(PROXY_MAC)), ('proxy', ip4('10.0.0.51'), neigh(PROXY_MAC))],
        'packets': ARP_CASES},
    'tc_mss_clamp': {'prog': 'tc_mss_clamp', 'checksums': True, 'packets': MSS_CASES},
    'xdp_router': {'prog': 'xdp_router', 'checksums': True, 'mapUpdates': ROUTE_UPDATES, 'packets': ROUTER_CASES},
}
