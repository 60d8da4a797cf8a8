#!/usr/bin/env python3
"""Writes examples/<name>.test.json for each example: the program to run (and its type when the section
name does not give it), map updates and the packets (hex, from scripts/packets.py and EXTRA below).
Re-run after changing the lists below; then scripts/build-fixtures.sh and scripts/record-kernel.ts.
Usage: scripts/make-cases.py [NAME...]"""
import json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import struct
from packets import PACKETS, eth, ipv4, ipv6, udp, tcp, icmp_echo, csum

def vlan(vid: int, ethertype: int, payload: bytes, pcp=0) -> bytes:
    return eth(0x8100, struct.pack('!HH', (pcp << 13) | vid, ethertype) + payload)

# packets only some examples need, built like those of packets.py
EXTRA = {
    'udp4_mdns': eth(0x0800, ipv4(17, udp(5353, 5353, b'mdns-query'))),
    'udp4_dns_long': eth(0x0800, ipv4(17, udp(40010, 53, bytes(range(200))))),
    'udp6_mdns': eth(0x86dd, ipv6(17, udp(5353, 5353, b'mdns6'))),
    'tcp4_fin': eth(0x0800, ipv4(6, tcp(50000, 22, 0x11))),
    'tcp4_rst': eth(0x0800, ipv4(6, tcp(50001, 80, 0x04))),
    'icmp4_to_2': eth(0x0800, ipv4(1, icmp_echo(), src='10.0.0.1', dst='192.168.1.2')),
    'icmp4_to_3': eth(0x0800, ipv4(1, icmp_echo(), src='10.0.0.1', dst='192.168.1.3')),
    'icmp4_to_9': eth(0x0800, ipv4(1, icmp_echo(), src='10.0.0.1', dst='192.168.1.9')),
    'icmp4_10net2': eth(0x0800, ipv4(1, icmp_echo(), src='10.1.9.9', dst='192.168.7.7')),
    'gre4': eth(0x0800, ipv4(47, bytes(4) + b'inner')),
    'vlan100_udp': vlan(100, 0x0800, ipv4(17, udp(1000, 53))),
    'vlan100_tcp': vlan(100, 0x0800, ipv4(6, tcp(1001, 80, 0x18, b'data'))),
    'vlan200_udp': vlan(200, 0x0800, ipv4(17, udp(1002, 123))),
    'vlan300_udp': vlan(300, 0x0800, ipv4(17, udp(1003, 53))),
    'vlan100_arp': vlan(100, 0x0806, PACKETS['arp'][14:]),
    'udp4_vxlan_short': eth(0x0800, ipv4(17, udp(1234, 4789, b'vxlan-hdr'))),
    'udp4_vxlan_long': eth(0x0800, ipv4(17, udp(1235, 4789, bytes(range(150))), tos=0x20)),
    'udp4_port9999': eth(0x0800, ipv4(17, udp(4444, 9999, b'needs-a-shim'))),
    'tcp4_runt': eth(0x0800, ipv4(6, tcp(1, 80, 0x02)))[:50],
    'udp4_tiny': eth(0x0800, ipv4(17, udp(7, 7, b''))),
    'udp6_flow1': eth(0x86dd, struct.pack('!IHBB', 0x60000001, 8 + 4, 17, 64) + bytes(15) + b'\x01' + bytes(15) + b'\x02' + udp(1, 2, b'abcd')),
    'cmd_42': eth(0x0800, ipv4(17, udp(3000, 7777, b'cmd=42\0         '))),
    'cmd_neg': eth(0x0800, ipv4(17, udp(3001, 7777, b'cmd=-17 \0        '))),
    'cmd_hex': eth(0x0800, ipv4(17, udp(3002, 7777, b'cmd=0x1fZ\0       '))),
    'cmd_bad': eth(0x0800, ipv4(17, udp(3003, 7777, b'cmd=zz\0          '))),
    'cmd_big': eth(0x0800, ipv4(17, udp(3004, 7777, b'cmd=99999999999\0 '))),
    'cmd_short': eth(0x0800, ipv4(17, udp(3005, 7777, b'cmd=1'))),
}
for i in range(7):
    EXTRA[f'flow{i}'] = eth(0x0800, ipv4(17, udp(2000 + i, 53, b'x' * (i * 3))))
    EXTRA[f'tenant_port{i}'] = vlan(100 if i % 2 else 200, 0x0800, ipv4(17, udp(9000 + i, 53 + i * 1000, bytes(range(i * 10)))))
ALL = {**PACKETS, **EXTRA}

COMMON = ['udp4_dns', 'udp4_8080', 'tcp4_ssh', 'tcp4_http', 'tcp4_opts_ihl6', 'icmp4_echo', 'udp6_dns',
          'tcp6_ssh', 'arp', 'ipv4_ttl1', 'ipv4_frag', 'trunc_eth', 'trunc_ipv4', 'trunc_udp', 'trunc_ipv6',
          'bad_ihl3', 'vlan_ipv4', 'short_runt', 'jumbo_udp4']

CASES = {
    'xdp_counter': {'prog': 'xdp_count', 'packets': COMMON + ['udp4_dns', 'udp4_dns']},
    'xdp_drop_port': {'prog': 'xdp_drop_port',
                      'mapUpdates': [{'map': 'blocked_ports', 'key': '1600', 'value': '00' * 8},
                                     {'map': 'blocked_ports', 'key': '3500', 'value': '0500000000000000'}],
                      'packets': COMMON},
    'xdp_icmp_echo': {'prog': 'xdp_icmp_echo', 'packets': ['icmp4_echo', 'icmp4_reply'] + COMMON},
    'xdp_tailcall': {'prog': 'xdp_dispatch', 'packets': COMMON + ['ipv4_ttl1']},
    'xdp_global_data': {'prog': 'xdp_global', 'packets': COMMON + ['udp4_dns'] * 4},
    'tc_dscp_mark': {'prog': 'tc_mark', 'packets': ['ipv4_ef_10net', 'ipv4_ef_other', 'ipv4_af41', 'ipv4_ttl0'] + COMMON},
    'xdp_lpm_acl': {'prog': 'xdp_lpm_acl',
                    'mapUpdates': [
                        # struct lpm_v4 {u32 prefixlen; u8 addr[4]} -> struct rule {u32 verdict; u32 hits}
                        {'map': 'rules_v4', 'key': '080000000a000000', 'value': '0300000000000000'},   # 10/8: ports
                        {'map': 'rules_v4', 'key': '100000000a010000', 'value': '0100000000000000'},   # 10.1/16: drop
                        {'map': 'rules_v4', 'key': '18000000c0a80100', 'value': '0200000000000000'},   # 192.168.1/24: pass
                        {'map': 'rules_v4', 'key': '0c000000ac100000', 'value': '0100000000000000'},   # 172.16/12: drop
                        {'map': 'rules_v6', 'key': '2000000020010db8000000000000000000000000', 'value': '0300000000000000'},
                        {'map': 'allowed_ports', 'key': '0035', 'value': '01'},
                        {'map': 'allowed_ports', 'key': '0016', 'value': '01'}],
                    'packets': COMMON + ['icmp4_10net2', 'ipv4_ef_10net', 'ipv4_ef_other', 'ipv4_af41', 'udp4_mdns']},
    'xdp_conn_table': {'prog': 'xdp_conn_table',
                       'packets': ['flow0', 'flow1', 'flow0', 'flow2', 'flow3', 'tcp4_ssh', 'flow4', 'flow0', 'tcp4_fin',
                                   'flow5', 'tcp4_http', 'tcp4_rst', 'flow6', 'flow1', 'flow6'] + COMMON},
    'socket_dns_snap': {'prog': 'socket_dns_snap', 'progType': 'socket',
                        'packets': COMMON + ['udp4_mdns', 'udp6_mdns', 'udp4_dns_long']},
    'tc_vlan_policy': {'prog': 'tc_vlan_policy',
                       'packets': ['vlan100_udp', 'vlan100_tcp', 'vlan200_udp', 'vlan100_arp'] + COMMON},
    'xdp_ipip_encap': {'prog': 'xdp_ipip_encap',
                       'packets': ['udp4_vxlan_short', 'udp4_vxlan_long', 'udp4_vxlan_short'] + COMMON},
    'xdp_redirect_maps': {'prog': 'xdp_redirect_maps',
                          'mapUpdates': [
                              {'map': 'ports', 'key': '01000000', 'value': '01000000'},
                              {'map': 'ports', 'key': '02000000', 'value': '01000000'},
                              {'map': 'port_by_id', 'key': '35000000', 'value': '0100000000000000'},
                              {'map': 'cpus', 'key': '01000000', 'value': 'c000000000000000'}],
                          'packets': COMMON + ['icmp4_to_2', 'icmp4_to_3', 'icmp4_to_9', 'udp6_flow1', 'gre4']},
    'xdp_event_log': {'prog': 'xdp_event_log', 'packets': COMMON + ['tcp4_http'] * 30 + ['udp4_dns', 'icmp4_echo']},
    'xdp_queue_stack': {'prog': 'xdp_queue_stack',
                        'packets': ['tcp4_ssh', 'flow0', 'flow1', 'flow2', 'tcp4_ssh', 'flow3', 'flow4', 'flow5',
                                    'flow6', 'icmp4_echo', 'icmp4_to_9', 'tcp4_ssh', 'tcp4_http', 'tcp4_ssh',
                                    'tcp4_ssh', 'tcp4_ssh', 'tcp4_ssh'] + COMMON},
    'xdp_loop_tenants': {'prog': 'xdp_loop_tenants',
                         'mapUpdates': [
                             {'map': 'blocked_default', 'key': '3500', 'value': '0000000000000000'},
                             {'map': 'blocked_t100', 'key': 'ed0b', 'value': '0000000000000000'},
                             {'map': 'blocked_t200', 'key': '0508', 'value': '0000000000000000'}],
                         'packets': [f'tenant_port{i}' for i in range(7)] + ['vlan300_udp', 'vlan100_udp', 'vlan200_udp'] + COMMON},
    'xdp_misc_helpers': {'prog': 'xdp_misc_helpers',
                         'packets': ['cmd_42', 'cmd_neg', 'cmd_hex', 'cmd_bad', 'cmd_big', 'cmd_short'] + COMMON},
    'tc_skb_resize': {'prog': 'tc_skb_resize',
                      'packets': ['udp4_port9999', 'tcp4_http', 'icmp4_echo', 'tcp4_runt', 'udp4_tiny', 'tcp6_ssh'] + COMMON},
}

here = os.path.join(os.path.dirname(__file__), '..', 'examples')
wanted = sys.argv[1:]
for name, c in CASES.items():
    if wanted and name not in wanted:
        continue
    out = {'prog': c['prog']}
    if 'progType' in c:
        out['progType'] = c['progType']
    if 'mapUpdates' in c:
        out['mapUpdates'] = c['mapUpdates']
    out['packets'] = [{'name': p, 'hex': ALL[p].hex()} for p in c['packets']]
    with open(os.path.join(here, name + '.test.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', name + '.test.json')
