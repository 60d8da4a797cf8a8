#!/usr/bin/env python3
# Writes reference capture files with the struct module, straight from the pcap and pcapng specifications
# (draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng), into the directory given as argv[1], and prints a
# JSON list of {"file", "linktypes", "packets": [{"ts_ns", "orig", "data", "iface"}]} describing what each
# file holds. The runtime/pcap tests decode these files and compare with the description.
import json, struct, sys, os

out = sys.argv[1]
files = []


def pkt(i, n):
    return bytes((i * 37 + k * 11) & 0xFF for k in range(n))


def pcap(name, endian, nano, linktype, snaplen, packets):
    magic = 0xA1B23C4D if nano else 0xA1B2C3D4
    b = struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)
    desc = []
    for ts_ns, data, orig in packets:
        sec, frac = divmod(ts_ns, 10**9)
        if not nano:
            frac //= 1000
        cap = data[:snaplen]
        b += struct.pack(endian + "IIII", sec, frac, len(cap), orig) + cap
        desc.append({"ts_ns": (sec * 10**9 + (frac if nano else frac * 1000)), "orig": orig, "data": cap.hex(), "iface": 0})
    open(os.path.join(out, name), "wb").write(b)
    files.append({"file": name, "tcpdump": True, "linktypes": [linktype], "packets": desc})


def block(endian, btype, body):
    body += b"\0" * ((4 - len(body) % 4) % 4)
    total = len(body) + 12
    return struct.pack(endian + "II", btype, total) + body + struct.pack(endian + "I", total)


def opt(endian, code, value):
    return struct.pack(endian + "HH", code, len(value)) + value + b"\0" * ((4 - len(value) % 4) % 4)


def shb(endian):
    return block(endian, 0x0A0D0D0A, struct.pack(endian + "IHHq", 0x1A2B3C4D, 1, 0, -1) + opt(endian, 1, b"made by struct") + opt(endian, 0, b""))


def idb(endian, linktype, snaplen, tsresol=None, tsoffset=None, name=None):
    opts = b""
    if name:
        opts += opt(endian, 2, name.encode())
    if tsresol is not None:
        opts += opt(endian, 9, bytes([tsresol]))
    if tsoffset is not None:
        opts += opt(endian, 14, struct.pack(endian + "q", tsoffset))
    if opts:
        opts += opt(endian, 0, b"")
    return block(endian, 1, struct.pack(endian + "HHI", linktype, 0, snaplen) + opts)


def epb(endian, iface, ts_units, data, orig, comment=None):
    body = struct.pack(endian + "IIIII", iface, ts_units >> 32, ts_units & 0xFFFFFFFF, len(data), orig) + data
    body += b"\0" * ((4 - len(body) % 4) % 4)
    if comment:
        body += opt(endian, 1, comment.encode()) + opt(endian, 0, b"")
    return block(endian, 6, body)


def spb(endian, data, orig):
    return block(endian, 3, struct.pack(endian + "I", orig) + data)


# classic pcap: both byte orders, µs and ns, a truncated-by-snaplen packet
base = 1700000000 * 10**9
pcap("le-us.pcap", "<", False, 1, 65535, [(base + 123456000, pkt(1, 60), 60), (base + 10**9 + 999999000, pkt(2, 98), 98)])
pcap("be-ns.pcap", ">", True, 1, 65535, [(base + 123456789, pkt(3, 42), 42), (base + 5, pkt(4, 1514), 1514)])
pcap("le-ns-snap.pcap", "<", True, 101, 64, [(base + 1, pkt(5, 100), 100), (base + 2, pkt(6, 20), 20)])
pcap("be-us-empty.pcap", ">", False, 113, 262144, [])

# pcapng: little-endian, default µs resolution and 10^-9, two interfaces, EPB options, an unknown block
for endian, tag in (("<", "le"), (">", "be")):
    name = f"{tag}-multi.pcapng"
    b = shb(endian)
    b += idb(endian, 1, 0, name="eth0")                 # default resolution 10^-6
    b += idb(endian, 1, 0, tsresol=9)                   # nanoseconds
    b += block(endian, 0x00000BAD, b"custom block body")  # unknown: skipped
    b += block(endian, 0x00000005, b"\0" * 8)          # interface statistics: skipped
    d1, d2, d3 = pkt(7, 60), pkt(8, 33), pkt(9, 70)
    b += epb(endian, 0, 1700000000123456, d1, 60, comment="hello")
    b += epb(endian, 1, 1700000000987654321, d2, 40)
    b += epb(endian, 0, 1700000001000001, d3, 70)
    open(os.path.join(out, name), "wb").write(b)
    files.append({"file": name, "tcpdump": True, "linktypes": [1, 1], "packets": [
        {"ts_ns": 1700000000123456000, "orig": 60, "data": d1.hex(), "iface": 0},
        {"ts_ns": 1700000000987654321, "orig": 40, "data": d2.hex(), "iface": 1},
        {"ts_ns": 1700000001000001000, "orig": 70, "data": d3.hex(), "iface": 0},
    ]})

# pcapng: binary resolution 2^-20 with an offset, a simple packet block, and a second section in the other order
b = shb("<")
b += idb("<", 1, 100, tsresol=0x80 | 20, tsoffset=100)
d1 = pkt(10, 64)
units = (1700000000 << 20) + (1 << 19)   # .5 s
b += epb("<", 0, units, d1, 64)
d2 = pkt(11, 120)
b += spb("<", d2, 120)                     # captured = min(120, snaplen 100)
b += shb(">")
b += idb(">", 228, 0, tsresol=3)           # milliseconds
d3 = pkt(12, 20)
b += epb(">", 0, 1700000000123, d3, 20)
open(os.path.join(out, "mixed-sections.pcapng"), "wb").write(b)
files.append({"file": "mixed-sections.pcapng", "tcpdump": False, "linktypes": [1, 228], "packets": [
    {"ts_ns": (1700000000 + 100) * 10**9 + 500000000, "orig": 64, "data": d1.hex(), "iface": 0},
    {"ts_ns": 0, "orig": 120, "data": d2[:100].hex(), "iface": 0},
    {"ts_ns": 1700000000123000000, "orig": 20, "data": d3.hex(), "iface": 1},
]})

print(json.dumps(files))
