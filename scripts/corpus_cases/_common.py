"""Shared bits for the case lists: verdict names, little-endian value encoders, common packet sets."""
import os, struct, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from corpus_packets import *  # noqa: F401,F403,E402
from packets import PACKETS  # noqa: E402

XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT = 0, 1, 2, 3, 4
TC_ACT_OK, TC_ACT_SHOT, TC_ACT_PIPE, TC_ACT_REDIRECT = 0, 2, 3, 7
ERR = 'error'


def u8(v): return struct.pack('<B', v)
def u16(v): return struct.pack('<H', v)
def u32(v): return struct.pack('<I', v)
def u64(v): return struct.pack('<Q', v)
def be16(v): return struct.pack('!H', v)
def be32(v): return struct.pack('!I', v)


def P(name):
    """A packet of scripts/packets.py by name."""
    return PACKETS[name]


# Short/malformed frames most parsers see: too short for XDP test_run, cut headers, a bad IHL.
TRUNC_ETH = P('trunc_eth')        # 11 bytes: test_run refuses it
TRUNC_IPV4 = P('trunc_ipv4')
TRUNC_UDP = P('trunc_udp')
TRUNC_IPV6 = P('trunc_ipv6')
BAD_IHL = P('bad_ihl3')
RUNT = P('short_runt')
