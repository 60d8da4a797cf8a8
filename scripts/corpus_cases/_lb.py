"""Independent Python models used to compute expected outputs of the load balancers: Jenkins' lookup3
final mix (jhash_3words as the kernel defines it), a Maglev lookup-table population, IPIP encapsulation."""
import struct
from ._common import csum, ip4, MAC_B, eth

M32 = 0xffffffff


def rol32(w, s):
    return ((w << s) | (w >> (32 - s))) & M32


def jhash_final(a, b, c):
    c ^= b; c = (c - rol32(b, 14)) & M32
    a ^= c; a = (a - rol32(c, 11)) & M32
    b ^= a; b = (b - rol32(a, 25)) & M32
    c ^= b; c = (c - rol32(b, 16)) & M32
    a ^= c; a = (a - rol32(c, 4)) & M32
    b ^= a; b = (b - rol32(a, 14)) & M32
    c ^= b; c = (c - rol32(b, 24)) & M32
    return c


def jhash_3words(a, b, c, initval):
    return jhash_final((a + 0xdeadbeef) & M32, (b + 0xdeadbeef) & M32, (c + initval) & M32)


def maglev_table(backends: list, size: int) -> list:
    """Maglev (NSDI'16) population: each backend walks its permutation (offset, skip) in turn."""
    n = len(backends)
    perm = []
    for i, name in enumerate(backends):
        h = sum(name.encode()) * 2654435761
        offset = h % size
        skip = (h // size) % (size - 1) + 1
        perm.append([(offset + j * skip) % size for j in range(size)])
    table = [-1] * size
    nxt = [0] * n
    filled = 0
    while True:
        for i in range(n):
            c = perm[i][nxt[i]]
            while table[c] >= 0:
                nxt[i] += 1
                c = perm[i][nxt[i]]
            table[c] = i
            nxt[i] += 1
            filled += 1
            if filled == size:
                return table


def ipip_encap(frame: bytes, outer_src: str, real_addr: str, real_mac: bytes, ttl=64, df=True) -> bytes:
    """What the IPIP load balancers emit: new Ethernet (dst the backend's MAC, src the frame's old dst),
    an outer IPv4 header (id 0, the inner TOS, DF unless df=False) and the original IP packet."""
    inner = frame[14:]
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, inner[1], 20 + len(inner), 0, 0x4000 if df else 0, ttl, 4, 0, ip4(outer_src),
                      ip4(real_addr))
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    return eth(0x0800, hdr + inner, dst=real_mac, src=frame[0:6])
