#!/usr/bin/env python3
"""Checks the output packets recorded in test/fixtures/corpus/<name>.kernel.json of every case marked
'checksums': True in scripts/corpus_cases: each output frame that parses (Ethernet, VLAN tags, IPv4 or
IPv6, possibly an IPIP/GRE/VXLAN encapsulation's outer headers) must carry a valid IPv4 header checksum
and a valid TCP/UDP/ICMP/ICMPv6 checksum (UDP over IPv4 may be 0) — an independent check of the
programs that rewrite packets. Frames too short to parse are skipped.
Usage: scripts/check-corpus-packets.py [name...]; exit 1 on any bad checksum."""
import importlib, json, os, pkgutil, struct, sys
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import corpus_cases  # noqa: E402
from packets import csum  # noqa: E402


def check_l4(proto, l4, pseudo, where):
    if proto == 6 and len(l4) >= 20:
        return [] if csum(pseudo + l4) == 0 else [f'{where}: bad TCP checksum']
    if proto == 17 and len(l4) >= 8:
        if l4[6:8] == b'\0\0' and len(pseudo) == 12:
            return []
        ulen = struct.unpack('!H', l4[4:6])[0]
        if ulen > len(l4):
            return []
        return [] if csum(pseudo + l4[:ulen]) == 0 else [f'{where}: bad UDP checksum']
    if proto == 1 and len(l4) >= 8:
        return [] if csum(l4) == 0 else [f'{where}: bad ICMP checksum']
    if proto == 58 and len(l4) >= 8:
        return [] if csum(pseudo + l4) == 0 else [f'{where}: bad ICMPv6 checksum']
    return []


def check_ip(b, where, depth=0):
    """b starts at an IP header. Returns a list of problems."""
    if len(b) < 1 or depth > 2:
        return []
    if b[0] >> 4 == 4 and len(b) >= 20:
        ihl = (b[0] & 15) * 4
        if ihl < 20 or len(b) < ihl:
            return []
        errs = [] if csum(b[:ihl]) == 0 else [f'{where}: bad IPv4 header checksum']
        total = struct.unpack('!H', b[2:4])[0]
        proto = b[9]
        frag = struct.unpack('!H', b[6:8])[0]
        payload = b[ihl:total] if ihl <= total <= len(b) else b[ihl:]
        if frag & 0x3fff:
            return errs
        if proto == 4:
            return errs + check_ip(payload, where + ' (inner)', depth + 1)
        pseudo = b[12:20] + struct.pack('!BBH', 0, proto, len(payload))
        errs += check_l4(proto, payload, pseudo, where)
        return errs + check_tunnel(proto, payload, where, depth)
    if b[0] >> 4 == 6 and len(b) >= 40:
        plen = struct.unpack('!H', b[4:6])[0]
        nh = b[6]
        payload = b[40:40 + plen]
        if nh == 41:
            return check_ip(payload, where + ' (inner)', depth + 1)
        pseudo = b[8:40] + struct.pack('!IxxxB', len(payload), nh)
        return check_l4(nh, payload, pseudo, where) + check_tunnel(nh, payload, where, depth)
    return []


def check_tunnel(proto, payload, where, depth):
    if proto == 17 and len(payload) >= 16 and struct.unpack('!H', payload[2:4])[0] == 4789:
        return check_eth(payload[16:], where + ' (vxlan inner)', depth + 1)
    if proto == 47 and len(payload) >= 4:
        flags, ptype = struct.unpack('!HH', payload[:4])
        off = 4 + 4 * bool(flags & 0x8000) + 4 * bool(flags & 0x2000) + 4 * bool(flags & 0x1000)
        if ptype == 0x0800:
            return check_ip(payload[off:], where + ' (gre inner)', depth + 1)
    return []


def check_eth(f, where, depth=0):
    off = 12
    while len(f) >= off + 2 and struct.unpack('!H', f[off:off + 2])[0] in (0x8100, 0x88a8):
        off += 4
    if len(f) < off + 2:
        return []
    et = struct.unpack('!H', f[off:off + 2])[0]
    if et in (0x0800, 0x86dd):
        return check_ip(f[off + 2:], where, depth)
    return []


def main():
    want = set(sys.argv[1:])
    cases = {}
    for m in pkgutil.iter_modules(corpus_cases.__path__):
        if not m.name.startswith('_'):
            cases.update(importlib.import_module('corpus_cases.' + m.name).CASES)
    bad = 0
    for name, c in sorted(cases.items()):
        if not c.get('checksums') or (want and name not in want):
            continue
        with open(os.path.join(here, '..', 'test', 'fixtures', 'corpus', name + '.kernel.json')) as fh:
            run = json.load(fh)
        n = 0
        for (label, *_), r in zip(c['packets'], run['results']):
            if 'packet' not in r:
                continue
            n += 1
            for e in check_eth(bytes.fromhex(r['packet']), f'{name}/{label}'):
                print(e)
                bad += 1
        print(f'{name}: {n} output packets checked')
    sys.exit(1 if bad else 0)


main()
