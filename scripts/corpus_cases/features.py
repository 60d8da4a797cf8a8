"""Cases for programs built around one kernel feature: ring buffer, perf events, tail-call pipelines,
bpf_loop, bpf_for_each_map_elem."""
from ._common import *  # noqa: F401,F403

SYN, ACK = 0x02, 0x10
U4 = udp4(1, 53)[14:]


def pop_tags(frame: bytes, n: int) -> bytes:
    return frame[:12] + frame[12 + 4 * n:]


def bad_csum(frame: bytes) -> bytes:
    b = bytearray(frame)
    b[14 + 20 + 6] ^= 0x5a
    return bytes(b)


QINQ = eth_qinq(10, 20, 0x0800, U4)
TRIPLE = eth(0x8100, struct.pack('!HH', 1, 0x8100) + struct.pack('!HH', 2, 0x88a8) + struct.pack('!HH', 3, 0x86dd)
             + udp6(1, 8080)[14:])

CASES = {
    'xdp_ringbuf_sample': {'prog': 'xdp_ringbuf_sample', 'packets': [
        (f'pkt{n}', f, XDP_PASS) for n, f in enumerate([
            udp4(1, 53), tcp4(1, 80), icmp4(), P('jumbo_udp4'), udp6(1, 2), icmp4(typ=0), P('jumbo_udp4'), tcp4(2, 22),
            icmp4(typ=3, code=1), udp4(3, 4), icmp4(), P('arp'), udp4(5, 6), icmp4()])] + [('trunc_eth', TRUNC_ETH, ERR)]},
    'xdp_perf_sample': {'prog': 'xdp_perf_sample', 'packets': [
        ('tcp_syn', tcp4(1, 80, SYN), XDP_PASS),
        ('tcp_synack', tcp4(80, 1, SYN | ACK), XDP_PASS),
        ('icmp', icmp4(), XDP_PASS),
        ('jumbo_icmp', icmp4(data=bytes(1000)), XDP_PASS),
        ('udp', udp4(1, 2), XDP_PASS),
        ('tcp_cut', eth(0x0800, ipv4(6, b'\x00' * 8)), XDP_PASS),
        ('ipv6', tcp6(1, 80, SYN), XDP_PASS),
    ]},
    'xdp_tail_pipeline': {'prog': 'stage_entry',
                          'mapUpdates': [('blocked_ports', u16(23), u8(1)), ('blocked_ports', u16(8080), u8(1))],
                          'packets': [
        ('udp4', udp4(1, 53), XDP_PASS, udp4(1, 53)),
        ('tcp4_telnet', tcp4(1, 23), XDP_DROP),
        ('udp6', udp6(1, 53), XDP_PASS),
        ('vlan_udp4', eth_vlan(5, 0x0800, U4), XDP_PASS, eth(0x0800, U4)),
        ('qinq_udp4', QINQ, XDP_PASS, pop_tags(QINQ, 2)),
        ('three_tags_udp6_8080', TRIPLE, XDP_DROP, pop_tags(TRIPLE, 3)),
        ('icmp4', icmp4(), XDP_PASS),
        ('arp_empty_slot', P('arp'), XDP_PASS),
        ('lldp', eth(0x88cc, bytes(40)), XDP_PASS),
        ('ports_cut', eth(0x0800, ipv4(17, b'\x00\x01')), XDP_DROP),
        ('vlan_cut', eth(0x8100, b'\x00\x05\x08'), XDP_DROP),
        ('trunc_ipv6', TRUNC_IPV6, XDP_DROP),
    ]},
    'xdp_udp_verify_loop': {'prog': 'xdp_udp_verify_loop', 'packets': [
        ('good_csum', udp4(1, 2, b'hello world!'), XDP_PASS),
        ('good_csum_odd_len', udp4(1, 2, b'odd length payload'), XDP_PASS),
        ('good_odd_1', udp4(1, 2, b'x'), XDP_PASS),
        ('bad_csum', bad_csum(udp4(1, 2, b'hello world!')), XDP_DROP),
        ('no_csum', P('udp4_dns'), XDP_PASS),
        ('signature', udp4(1, 2, b'....EVIL....'), XDP_DROP),
        ('signature_at_end', udp4(1, 2, b'abcdefEVIL'), XDP_DROP),
        ('signature_cut', udp4(1, 2, b'abcdefgEVI'), XDP_PASS),
        ('signature_no_csum', eth(0x0800, ipv4(17, udp(1, 2, b'EVIL'))), XDP_DROP),
        ('jumbo', udp4(7, 9, bytes(range(256)) * 5), XDP_PASS),
        ('empty_payload', udp4(1, 2, b''), XDP_PASS),
        ('len_past_end', eth(0x0800, ipv4(17, struct.pack('!HHHH', 1, 2, 100, 0) + b'short')), XDP_DROP),
        ('len_below_8', eth(0x0800, ipv4(17, struct.pack('!HHHH', 1, 2, 4, 0))), XDP_DROP),
        ('options_good', udp4(1, 2, b'with options', options=OPT_RA), XDP_PASS),
        ('tcp', tcp4(1, 2), XDP_PASS),
    ]},
    'xdp_map_iter': {'prog': 'xdp_map_iter', 'packets': [
        ('a1', udp4(1, 2, src='10.0.0.1'), XDP_PASS),
        ('a2', tcp4(1, 2, src='10.0.0.1'), XDP_PASS),
        ('b1', udp4(1, 2, b'x' * 100, src='10.0.0.2'), XDP_PASS),
        ('c1', P('jumbo_udp4')[:14] + ipv4(17, udp(7, 9, bytes(600)), src='10.0.0.3'), XDP_PASS),
        ('a3', icmp4(src='10.0.0.1'), XDP_PASS),
        ('control_min2', udp4(1, 9999, b'\x02', src='10.9.9.9'), XDP_DROP),
        ('d1', udp4(1, 2, src='10.0.0.4'), XDP_PASS),
        ('b2', udp4(1, 2, src='10.0.0.2'), XDP_PASS),
        ('control_min0', udp4(1, 9999, b'\x00', src='10.9.9.9'), XDP_DROP),
        ('control_no_payload', udp4(1, 9999, b'', src='10.0.0.5'), XDP_PASS),
        ('ipv6', udp6(1, 2), XDP_PASS),
        ('trunc_ipv4', TRUNC_IPV4, XDP_DROP),
    ]},
}
