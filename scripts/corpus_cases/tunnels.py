"""Cases for the tunnel decapsulators and the XDP metadata pipeline."""
from ._common import *  # noqa: F401,F403

INNER = inner_ipv4_udp()
INNER_V6 = udp6(7, 8, b'v6-inner', src='fd00::1', dst='fd00::2')
INNER_IP = INNER[14:]


def vx(vni, inner=INNER, flags=0x08, dport=4789, **kw):
    return udp4(50000, dport, vxlan(vni, inner, flags), src='192.0.2.1', dst='192.0.2.2', **kw)


def gre_pkt(inner, proto, **kw):
    return eth(0x0800, ipv4(47, gre(proto, inner, **kw), src='192.0.2.1', dst='192.0.2.2'))


def vni_stats(): return u64(0) + u64(0) + u32(0) + u32(0)
def tunnel(): return u64(0) + u64(0) + u32(0) + u32(0)


CASES = {
    'xdp_vxlan_decap': {'prog': 'xdp_vxlan_decap', 'checksums': True,
                        'mapUpdates': [('vnis', u32(100), vni_stats()), ('vnis', u32(0xabcdef), vni_stats())],
                        'packets': [
        ('vni_100_ipv4', vx(100), XDP_PASS, INNER),
        ('vni_abcdef_ipv6', vx(0xabcdef, INNER_V6), XDP_PASS, INNER_V6),
        ('vni_100_again', vx(100), XDP_PASS, INNER),
        ('unknown_vni', vx(7), XDP_DROP),
        ('i_flag_clear', vx(100, flags=0x00), XDP_DROP),
        ('reserved_byte_set', udp4(50000, 4789, b'\x08\x00\x00\x00\x00\x00\x64\x01' + INNER, src='192.0.2.1',
                                   dst='192.0.2.2'), XDP_DROP),
        ('inner_cut', vx(100, INNER[:10]), XDP_DROP),
        ('other_udp_port', vx(100, dport=4790), XDP_PASS),
        ('fragmented_outer', vx(100, frag=0x2000), XDP_PASS),
        ('tcp', tcp4(1, 4789), XDP_PASS),
        ('udp_cut', eth(0x0800, ipv4(17, b'\xc3\x50\x12')), XDP_DROP),
        ('ipv6_outer', udp6(1, 4789), XDP_PASS),
    ]},
    'xdp_gre_decap': {'prog': 'xdp_gre_decap', 'checksums': True,
                      'mapUpdates': [('tunnels', u32(0), tunnel()), ('tunnels', u32(42), tunnel())],
                      'packets': [
        ('keyless_ipv4', gre_pkt(INNER_IP, 0x0800), XDP_PASS, eth(0x0800, INNER_IP)),
        ('key42_teb', gre_pkt(INNER, 0x6558, key=42), XDP_PASS, INNER),
        ('key42_seq_ipv4', gre_pkt(INNER_IP, 0x0800, key=42, seq=1000), XDP_PASS, eth(0x0800, INNER_IP)),
        ('csum_key_seq_teb', gre_pkt(INNER, 0x6558, key=42, seq=1001, checksum=True), XDP_PASS, INNER),
        ('unknown_key', gre_pkt(INNER_IP, 0x0800, key=7), XDP_DROP),
        ('version_1', eth(0x0800, ipv4(47, b'\x20\x01\x88\x0b' + bytes(8), src='192.0.2.1')), XDP_DROP),
        ('routing_bit', eth(0x0800, ipv4(47, b'\x40\x00\x08\x00' + INNER_IP)), XDP_DROP),
        ('ipv6_payload', gre_pkt(INNER_V6[14:], 0x86dd), XDP_DROP),
        ('key_cut', eth(0x0800, ipv4(47, b'\x20\x00\x08\x00\x00\x00'))[:14 + 20 + 6], XDP_DROP),
        ('inner_ip_cut', gre_pkt(INNER_IP[:12], 0x0800), XDP_DROP),
        ('gre_cut', eth(0x0800, ipv4(47, b'\x00\x00')), XDP_DROP),
        ('not_gre', udp4(1, 2), XDP_PASS),
    ]},
    'xdp_meta_mark': {'prog': 'xdp_meta_mark', 'packets': [
        ('udp_dns', udp4(1, 53), XDP_PASS),
        ('tcp_ssh6', tcp6(1, 22), XDP_PASS),
        ('tcp_bgp', tcp4(1, 179), XDP_PASS),
        ('tcp_http', tcp4(1, 80), XDP_PASS),
        ('icmp', icmp4(), XDP_PASS),
        ('gre', eth(0x0800, ipv4(47, gre(0x0800, INNER_IP))), XDP_PASS),
        ('arp', P('arp'), XDP_PASS),
        ('ports_cut', eth(0x0800, ipv4(6, b'\x00')), XDP_DROP),
        ('trunc_ipv4', TRUNC_IPV4, XDP_DROP),
        ('eth_only', eth(0x0800, b''), XDP_DROP),
    ]},
}
