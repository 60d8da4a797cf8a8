#!/usr/bin/env python3
"""Writes examples/<name>.test.json for each example: the program to run, map updates and the packets
(hex, from scripts/packets.py). Re-run after changing the lists below; then scripts/record-kernel.ts."""
import json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
from packets import PACKETS

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
}

here = os.path.join(os.path.dirname(__file__), '..', 'examples')
for name, c in CASES.items():
    out = {'prog': c['prog']}
    if 'mapUpdates' in c:
        out['mapUpdates'] = c['mapUpdates']
    out['packets'] = [{'name': p, 'hex': PACKETS[p].hex()} for p in c['packets']]
    with open(os.path.join(here, name + '.test.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', name + '.test.json')
