"""Cases for the rate limiter and the DNS filter."""
from ._common import *  # noqa: F401,F403


def bucket(tokens, burst, last_ns, ns_per_token):
    # struct bucket: spin lock (4), tokens, burst, pad, last_ns, ns_per_token, passed, dropped
    return u32(0) + u32(tokens) + u32(burst) + u32(0) + u64(last_ns) + u64(ns_per_token) + u64(0) + u64(0)


RL_UPDATES = [
    ('src_class', ip4('10.0.0.1'), u32(1)),
    ('src_class', ip4('10.0.0.2'), u32(2)),
    ('src_class', ip4('10.0.0.3'), u32(3)),
    ('src_class', ip4('10.0.0.4'), u32(4)),
    ('buckets', u32(1), bucket(3, 3, 1 << 63, 1000)),         # never refills: 3 packets pass
    ('buckets', u32(2), bucket(0, 2, 0, 1)),                  # refills every ns: always passes
    ('buckets', u32(3), bucket(1, 5, 0, 1 << 62)),            # one token, next one in 146 years
    ('buckets', u32(4), bucket(0, 0, 0, 1)),                  # burst 0: drops everything
]


def rl_packets():
    out = []
    seq = [(1, XDP_PASS), (2, XDP_PASS), (1, XDP_PASS), (3, XDP_PASS), (1, XDP_PASS), (1, XDP_DROP), (2, XDP_PASS),
           (3, XDP_DROP), (4, XDP_DROP), (1, XDP_DROP), (2, XDP_PASS), (3, XDP_DROP), (2, XDP_PASS)]
    for n, (host, verdict) in enumerate(seq):
        out.append((f'pkt{n}_class{host}', udp4(1000 + n, 53, src=f'10.0.0.{host}'), verdict))
    out += [('unclassified', udp4(1, 53, src='10.0.0.9'), XDP_PASS), ('ipv6', udp6(1, 53), XDP_PASS),
            ('trunc_ipv4', TRUNC_IPV4, XDP_DROP)]
    return out


def qname_key(name):
    w = dns_name(name.lower())
    return w + bytes(48 - len(w))


def dq(name, qtype=1, v6=False, **kw):
    q = dns_query(name, qtype, **kw)
    return udp6(5353, 53, q) if v6 else udp4(5353, 53, q)


DNS_UPDATES = [('blocklist', qname_key('ads.example.com'), u64(0)),
               ('blocklist', qname_key('tracker.test'), u64(0))]

LONG = 'a' * 20 + '.' + 'b' * 22 + '.com'        # 49 bytes in wire format: one more than the buffer

DNS_PACKETS = [
    ('allowed_a', dq('www.example.com'), XDP_PASS),
    ('blocked_a', dq('ads.example.com'), XDP_DROP),
    ('blocked_mixed_case', dq('ADS.Example.COM', 28), XDP_DROP),
    ('blocked_v6', dq('tracker.test', 16, v6=True), XDP_DROP),
    ('allowed_v6_mx', dq('example.org', 15, v6=True), XDP_PASS),
    ('any_query', dq('example.com', 255), XDP_DROP),
    ('subdomain_not_blocked', dq('x.ads.example.com'), XDP_PASS),
    ('response', dq('ads.example.com', flags=0x8180), XDP_PASS),
    ('two_questions', dq('example.com', qdcount=2), XDP_DROP),
    ('compression_ptr', dq('', raw_name=b'\xc0\x0c'), XDP_DROP),
    ('label_64', dq('', raw_name=b'\x40' + b'a' * 64 + b'\0'), XDP_DROP),
    ('name_too_long', dq(LONG), XDP_DROP),
    ('name_48_bytes', dq('a' * 20 + '.' + 'b' * 21 + '.com'), XDP_PASS),
    ('root_name', dq('', qtype=2), XDP_PASS),
    ('qtype_cut', udp4(5353, 53, dns_query('example.com')[:-3]), XDP_DROP),
    ('name_cut', udp4(5353, 53, dns_query('example.com')[:20]), XDP_DROP),
    ('header_cut', udp4(5353, 53, b'\x00\x01\x01'), XDP_DROP),
    ('not_dns', udp4(5353, 5353, dns_query('ads.example.com')), XDP_PASS),
    ('tcp_53', tcp4(1, 53), XDP_PASS),
    ('trunc_udp', TRUNC_UDP, XDP_DROP),
]

CASES = {
    'xdp_rate_limit': {'prog': 'xdp_rate_limit', 'mapUpdates': RL_UPDATES, 'packets': rl_packets()},
    'xdp_dns_filter': {'prog': 'xdp_dns_filter', 'mapUpdates': DNS_UPDATES, 'packets': DNS_PACKETS},
}
