"""Cases for the bitfield-heavy INT transit hop and the MPLS label switch. Expected outputs are built
field by field here, from the header layouts (not from the programs' structs)."""
from ._common import *  # noqa: F401,F403

SWITCH_ID = 0x2a


def int_payload(remaining, hops=None, ver=2, typ=1, length=11, hop_ml=2, bitmap=0xb001, domain=7, e=0, dscp=0):
    shim = bytes([(typ << 4), length, 0, dscp << 2])
    md = bytes([(ver << 4) | (e << 2), 0, hop_ml & 0x1f, remaining]) + struct.pack('!HH', bitmap, domain)
    recs = b''.join(hops or [bytes(8)] * 4)
    return shim + md + recs


def hop_record(queue, latency, congested, index):
    w = SWITCH_ID | (queue << 12) | (latency << 18) | (congested << 21)
    return u32(w) + u32(index)


def int_frame(payload, tos=0, ttl=64):
    return eth(0x0800, ipv4(17, udp(4000, 5000, payload), tos=tos, ttl=ttl))


def int_cases():
    out = []
    # 4 hops left: this hop is hop 0
    out.append(('transit_first_hop', int_frame(int_payload(4), tos=0x28), XDP_PASS,
                int_frame(int_payload(3, [hop_record(10, 1, 0, 0)] + [bytes(8)] * 3, dscp=10), tos=0x28)))
    prev = [hop_record(1, 1, 0, 0), bytes(8), bytes(8), bytes(8)]
    out.append(('transit_second_hop_congested', int_frame(int_payload(3, prev), tos=0xbb, ttl=20), XDP_PASS,
                int_frame(int_payload(2, [prev[0], hop_record(46, 5, 1, 1), bytes(8), bytes(8)], dscp=46),
                          tos=0xbb, ttl=20)))
    out.append(('transit_last_hop', int_frame(int_payload(1)), XDP_PASS,
                int_frame(int_payload(0, [bytes(8)] * 3 + [hop_record(0, 1, 0, 3)]))))
    out.append(('no_hops_left', int_frame(int_payload(0)), XDP_PASS, int_frame(int_payload(0, e=1))))
    out.append(('too_many_hops', int_frame(int_payload(9)), XDP_PASS, int_frame(int_payload(9, e=1))))
    out += [
        ('bad_version', int_frame(int_payload(4, ver=1)), XDP_DROP),
        ('bad_type', int_frame(int_payload(4, typ=2)), XDP_DROP),
        ('bad_length', int_frame(int_payload(4, length=10)), XDP_DROP),
        ('bad_hop_ml', int_frame(int_payload(4, hop_ml=3)), XDP_DROP),
        ('cut_short', int_frame(int_payload(4)[:30]), XDP_DROP),
        ('other_udp', udp4(4000, 5001, int_payload(4)), XDP_PASS),
        ('tcp_5000', tcp4(1, 5000), XDP_PASS),
    ]
    return out


LSR_MAC = bytes.fromhex('0a00000000aa')
POP_MAC = bytes.fromhex('0a00000000bb')
PAYLOAD4 = udp4(1, 2)[14:]
PAYLOAD6 = udp6(1, 2)[14:]


def lsr_entry(action, out_label, mac):
    return u32(action) + u32(out_label) + mac + u16(0)


def mf(labels, payload=PAYLOAD4, ttl=64):
    return eth(0x8847, mpls(labels, payload, ttl=ttl))


def mpls_cases():
    m = lambda labels, payload=PAYLOAD4, ttl=64: mpls(labels, payload, ttl=ttl)
    return [
        ('swap_100_to_200', mf([(100, 5)]), XDP_TX, eth(0x8847, m([(200, 5)], ttl=63), dst=LSR_MAC, src=MAC_B)),
        ('swap_top_of_two', mf([(100, 0), (16, 0)]), XDP_TX,
         eth(0x8847, be32((200 << 12) | 63) + m([(100, 0), (16, 0)])[4:], dst=LSR_MAC, src=MAC_B)),
        ('pop_bos_ipv4', mf([(300, 0)]), XDP_PASS, eth(0x0800, PAYLOAD4, dst=POP_MAC, src=MAC_B)),
        ('pop_bos_ipv6', mf([(300, 0)], PAYLOAD6), XDP_PASS, eth(0x86dd, PAYLOAD6, dst=POP_MAC, src=MAC_B)),
        ('pop_not_bos', mf([(300, 0), (100, 0)]), XDP_PASS, eth(0x8847, m([(100, 0)]), dst=POP_MAC, src=MAC_B)),
        ('pop_bos_unknown_payload', mf([(300, 0)], b'\x11' * 20), XDP_DROP),
        ('drop_label', mf([(400, 0)]), XDP_DROP),
        ('unknown_label', mf([(999, 0)]), XDP_DROP),
        ('ttl_1', mf([(100, 0)], ttl=1), XDP_DROP),
        ('four_labels', mf([(100, 0), (1, 0), (2, 0), (3, 0)]), XDP_TX),
        ('five_labels_no_bos', mf([(100, 0), (1, 0), (2, 0), (3, 0), (4, 0)]), XDP_DROP),
        ('stack_cut', eth(0x8847, b'\x00\x06\x40'), XDP_DROP),
        ('ipv4', udp4(1, 2), XDP_PASS),
    ]


CASES = {
    'xdp_int_telemetry': {'prog': 'xdp_int_telemetry', 'packets': int_cases()},
    'xdp_mpls_lsr': {'prog': 'xdp_mpls_lsr',
                     'mapUpdates': [('labels', u32(100), lsr_entry(1, 200, LSR_MAC)),
                                    ('labels', u32(300), lsr_entry(2, 0, POP_MAC)),
                                    ('labels', u32(400), lsr_entry(0, 0, bytes(6)))],
                     'packets': mpls_cases()},
}
