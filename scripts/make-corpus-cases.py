#!/usr/bin/env python3
"""Writes test/fixtures/corpus/<name>.test.json for every corpus program from the case lists in
scripts/corpus_cases/*.py: the program to run (and its type when the section does not say), the map
updates applied before the first packet, and the packets (hex) with the verdict each was written to get
(`expect`: a return value, or "error" where BPF_PROG_TEST_RUN refuses the packet) and, for programs that
rewrite packets, the output packet computed here independently (`expectPacket`). Then run
scripts/record-corpus.ts, which records the kernel's results and checks them against `expect`.
Usage: scripts/make-corpus-cases.py [name...]"""
import importlib, json, os, pkgutil, sys
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import corpus_cases  # noqa: E402

cases = {}
for mod in sorted(m.name for m in pkgutil.iter_modules(corpus_cases.__path__)):
    if mod.startswith('_'):
        continue
    for name, c in importlib.import_module('corpus_cases.' + mod).CASES.items():
        assert name not in cases, f'duplicate case {name}'
        cases[name] = c

out_dir = os.path.join(here, '..', 'test', 'fixtures', 'corpus')
want = set(sys.argv[1:])
for name, c in sorted(cases.items()):
    if want and name not in want:
        continue
    assert os.path.exists(os.path.join(out_dir, name + '.bpf.c')), f'{name}.bpf.c is missing'
    out = {'prog': c['prog']}
    if 'progType' in c:
        out['progType'] = c['progType']
    if c.get('mapUpdates'):
        out['mapUpdates'] = [{'map': m, 'key': k.hex(), 'value': v.hex()} for m, k, v in c['mapUpdates']]
    pkts = []
    for label, data, expect, *out_packet in c['packets']:
        p = {'name': label, 'hex': data.hex()}
        if expect is not None:
            p['expect'] = expect
        if out_packet:
            p['expectPacket'] = out_packet[0].hex()
        pkts.append(p)
    out['packets'] = pkts
    with open(os.path.join(out_dir, name + '.test.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', name + '.test.json', f'({len(pkts)} packets)')
