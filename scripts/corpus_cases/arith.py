"""Cases for the SCTP CRC32c validator, the ECN marker and the packet-size statistics. SCTP checksums
are computed here with a bit-by-bit CRC32c (no table), independently of the program's table."""
from ._common import *  # noqa: F401,F403


def crc32c(data: bytes) -> int:
    crc = 0xffffffff
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xffffffff


def sctp(sport, dport, vtag, chunks: bytes, good=True) -> bytes:
    hdr = struct.pack('!HHI', sport, dport, vtag) + b'\0\0\0\0'
    c = crc32c(hdr + chunks)
    if not good:
        c ^= 0x00010000
    return hdr[:8] + struct.pack('<I', c) + chunks


def chunk(typ, flags, value: bytes) -> bytes:
    body = struct.pack('!BBH', typ, flags, 4 + len(value)) + value
    return body + bytes((4 - len(body) % 4) % 4)


INIT = chunk(1, 0, struct.pack('!IIHHI', 0x11223344, 65536, 10, 10, 1))
DATA = chunk(0, 3, struct.pack('!IHHI', 1, 0, 0, 51) + b'hello sctp')
BIG_DATA = chunk(0, 3, struct.pack('!IHHI', 2, 0, 0, 51) + bytes(200))


def sctp4(payload, **kw): return eth(0x0800, ipv4(132, payload, **kw))


SCTP_CASES = [
    ('init_good', sctp4(sctp(5000, 38412, 0, INIT)), XDP_PASS),
    ('data_good', sctp4(sctp(5000, 38412, 0x11223344, DATA)), XDP_PASS),
    ('data_bad_crc', sctp4(sctp(5000, 38412, 0x11223344, DATA, good=False)), XDP_DROP),
    ('abort_good', sctp4(sctp(5000, 38412, 0x11223344, chunk(6, 0, b''))), XDP_PASS),
    ('heartbeat_good', sctp4(sctp(5000, 38412, 7, chunk(4, 0, struct.pack('!HH', 1, 8) + b'beat'))), XDP_PASS),
    ('too_long', sctp4(sctp(5000, 38412, 1, BIG_DATA)), XDP_DROP),
    ('exactly_160', sctp4(sctp(1, 2, 3, chunk(0, 3, bytes(160 - 12 - 4)))), XDP_PASS),
    ('header_cut', sctp4(sctp(5000, 38412, 0, INIT)[:14]), XDP_DROP),
    ('tot_len_past_end', sctp4(sctp(5000, 38412, 0, INIT), total=200), XDP_DROP),
    ('trailing_padding_ignored', sctp4(sctp(5000, 38412, 0, INIT)) + bytes(6), XDP_PASS),
    ('udp', udp4(1, 2), XDP_PASS),
    ('ipv6', udp6(1, 2), XDP_PASS),
]

V6_ECT0 = lambda tc: eth(0x86dd, ipv6(17, udp(1, 2, bytes(60), pseudo6(V6_A, V6_B, 17, 68)), tclass=tc))

# backlog (bytes) per packet: +len, -60 drain; mark above 200 if ECN-capable, shoot above 400 if not
ECN_CASES = [
    (f'pkt{n}_{c[0]}', *c[1:]) for n, c in enumerate([
        ('ect0_small', udp4(1, 2, tos=0x02), TC_ACT_OK, udp4(1, 2, tos=0x02)),                    # 50
        ('not_ect_big', udp4(1, 2, bytes(150)), TC_ACT_OK, udp4(1, 2, bytes(150))),                # 192
        ('ect1_marked', udp4(1, 2, bytes(100), tos=0x01), TC_ACT_OK, udp4(1, 2, bytes(100), tos=0x03)),  # 274
        ('ect0_v6_marked', V6_ECT0(0x02), TC_ACT_OK, V6_ECT0(0x03)),                               # 336
        ('not_ect_over_drop', udp4(1, 2, bytes(200)), TC_ACT_SHOT),                                 # 518: shot
        ('ce_already', udp4(1, 2, bytes(100), tos=0x03), TC_ACT_OK, udp4(1, 2, bytes(100), tos=0x03)),  # 358
        ('not_ect_still_high', tcp4(1, 2, data=bytes(300)), TC_ACT_SHOT),                          # 652: shot
        ('arp_not_ect', P('arp'), TC_ACT_OK),                                                       # 280
        ('small_1', udp4(1, 2), TC_ACT_OK),                                                         # 270
        ('small_2', udp4(1, 2), TC_ACT_OK),                                                         # 260
        ('small_3', udp4(1, 2), TC_ACT_OK),                                                         # 250
        ('ect0_still_marked', udp4(1, 2, tos=0x02), TC_ACT_OK, udp4(1, 2, tos=0x03)),             # 240
    ])]

SIZE_CASES = [(f'{n}', f, XDP_PASS) for n, f in [
    ('tcp_small', tcp4(1, 2)), ('tcp_data', tcp4(1, 2, data=bytes(500))), ('tcp_small_2', tcp4(1, 2)),
    ('tcp_big', tcp4(1, 2, data=bytes(1400))), ('tcp_small_3', tcp4(1, 2)), ('udp', udp4(1, 2)),
    ('udp_jumbo', P('jumbo_udp4')), ('udp6', udp6(1, 2, bytes(100))), ('icmp', icmp4()), ('icmp6', icmp6()),
    ('arp', P('arp')), ('tcp6', tcp6(1, 2)), ('gre', eth(0x0800, ipv4(47, bytes(64)))), ('ip_cut', eth(0x0800, b'\x45'))]]

CASES = {
    'xdp_sctp_crc': {'prog': 'xdp_sctp_crc', 'packets': SCTP_CASES},
    'tc_ecn_mark': {'prog': 'tc_ecn_mark', 'checksums': True, 'packets': ECN_CASES},
    'xdp_size_stats': {'prog': 'xdp_size_stats', 'packets': SIZE_CASES},
}
