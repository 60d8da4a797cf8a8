"""Cases for the socket filters. BPF_PROG_TEST_RUN gives a socket filter the packet after its Ethernet
header (offset 0 is the IP header, skb->protocol from the EtherType); the return value is the number of
bytes to keep."""
from ._common import *  # noqa: F401,F403

SYN, ACK = 0x02, 0x10


def ip_len(frame): return len(frame) - 14


def port_stats(): return u64(0) + u64(0)


D53 = udp4(40000, 53)
D123 = udp6(1, 123, b'ntp-v6-payload')
JUMBO = P('jumbo_udp4')

CASES = {
    'socket_udp_ports': {'prog': 'socket_udp_ports',
                         'mapUpdates': [('allowed', u16(53), port_stats()), ('allowed', u16(123), port_stats())],
                         'packets': [
        ('dns4', D53, ip_len(D53)),
        ('ntp6', D123, ip_len(D123)),
        ('udp_other_port', udp4(1, 8080), 0),
        ('tcp_53', tcp4(1, 53), 0),
        ('icmp6', icmp6(), 0),
        ('dns_with_options', udp4(1, 53, options=OPT_RA), ip_len(udp4(1, 53, options=OPT_RA))),
        ('later_fragment', udp4(1, 53, frag=0x0003), 0),
        ('first_fragment', udp4(1, 53, frag=0x2000), ip_len(udp4(1, 53))),
        ('udp_len_4', eth(0x0800, ipv4(17, struct.pack('!HHHH', 1, 53, 4, 0))), 0),
        ('udp_cut', eth(0x0800, ipv4(17, b'\x00\x01\x00\x35'))[:38], 0),
        ('arp', P('arp'), 0),
        ('bad_ihl3', BAD_IHL, 0),
    ]},
    'socket_ldabs': {'prog': 'socket_ldabs', 'packets': [
        ('tcp_80', tcp4(1, 80, SYN), 0xffffffff),
        ('tcp_443_data', tcp4(1, 443, ACK, b'tls'), 0xffffffff),
        ('tcp_22', tcp4(1, 22, SYN), 0),
        ('icmp_echo', icmp4(data=bytes(100)), 64),
        ('icmp_reply', icmp4(typ=0), 0),
        ('udp', udp4(1, 80), 0),
        ('tcp_options_80', tcp4(1, 80, SYN, ip_kw={'options': opt_rr(1)}), 0xffffffff),
        ('fragment', tcp4(1, 80, ip_kw={'frag': 0x0001}), 0),
        ('ipv6', tcp6(1, 80), 0),
        ('tcp_port_cut', eth(0x0800, ipv4(6, b'\x00\x01\x00')), 0),
        ('ip_cut', eth(0x0800, b'\x45\x00\x00\x30\x00\x00\x00\x00\x40\x06'), ERR),
        ('arp', P('arp'), 0),
    ]},
    'socket_snaplen': {'prog': 'socket_snaplen', 'packets': [
        ('tcp_syn', tcp4(1, 80, SYN), 40),
        ('tcp_data_opts', tcp4(1, 80, ACK, b'x' * 100, options=TCPOPT_TS + b'\x01\x01'), 52),
        ('udp_big', JUMBO, 28),
        ('icmp', icmp4(), 28),
        ('ipv4_options_udp', udp4(1, 2, options=opt_rr(2)), 40),
        ('tcp6', tcp6(1, 22, SYN), 60),
        ('udp6', udp6(1, 53), 48),
        ('gre_big', eth(0x0800, ipv4(47, bytes(300))), 148),
        ('gre_small', eth(0x0800, ipv4(47, bytes(30))), 50),
        ('tcp_doff_3', eth(0x0800, ipv4(6, tcp(1, 2)[:12] + b'\x30' + tcp(1, 2)[13:])), 0),
        ('tcp_cut', eth(0x0800, ipv4(6, tcp(1, 2)[:10])), 0),
        ('bad_ihl3', BAD_IHL, 0),
        ('arp', P('arp'), 0),
    ]},
}
