#!/usr/bin/env python3
# Runs a map scenario against the real kernel through the bpf() syscall and prints what the kernel did,
# as JSON. It is the reference the runtime/maps differential tests and fixture recordings compare with.
#
# stdin:  a scenario or a JSON list of scenarios (answered with a list), each {"def": {"type", "keySize", "valueSize", "maxEntries", "flags", "mapExtra"?},
#          "cpu": N or null (pin to that CPU), "ops": [{"op": "update"|"lookup"|"delete"|"next"|"push"|
#          "pop"|"peek"|"bloom"|"lookup_and_delete"|"freeze", "key"?: HEX|null, "value"?: HEX, "flags"?: N,
#          "cpu"?: N (move to that CPU first)}]}
# stdout: {"create": 0 or -errno, "ncpus": N, "results": [{"ret": 0 or -errno, "value"?: HEX}],
#          "dump": [[KEYHEX, VALUEHEX], ...] in get_next_key order}
# Needs root (CAP_BPF/CAP_SYS_ADMIN). Creates no pins: the map lives as long as this process.
import ctypes, json, os, struct, sys

NR_BPF = 321
BPF_MAP_CREATE, BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM, BPF_MAP_DELETE_ELEM, BPF_MAP_GET_NEXT_KEY = 0, 1, 2, 3, 4
BPF_MAP_LOOKUP_AND_DELETE_ELEM, BPF_MAP_FREEZE = 21, 22
ATTR_SIZE = 128

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.syscall.argtypes = [ctypes.c_long, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint]


def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(bytes(attr).ljust(ATTR_SIZE, b"\0"), ATTR_SIZE)
    r = libc.syscall(NR_BPF, cmd, ctypes.addressof(buf), ATTR_SIZE)
    return r if r >= 0 else -ctypes.get_errno()


def possible_cpus():
    text = open("/sys/devices/system/cpu/possible").read().strip()
    n = 0
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        n = max(n, int(hi or lo) + 1)
    return n


def run(scn):
    if scn.get("cpu") is not None:
        os.sched_setaffinity(0, {int(scn["cpu"])})
    d = scn["def"]
    ncpus = possible_cpus()
    name = (d.get("name") or "ebpfc_t").encode()[:15]
    attr = struct.pack("<7I16s5IQ", d["type"], d["keySize"], d["valueSize"], d["maxEntries"], d.get("flags", 0),
                       0, 0, name, 0, 0, 0, 0, 0, d.get("mapExtra", 0))
    fd = bpf(BPF_MAP_CREATE, attr)
    out = {"create": 0 if fd >= 0 else fd, "ncpus": ncpus, "results": [], "dump": []}
    if fd < 0:
        return out
    percpu = d["type"] in (5, 6, 10)
    fdmap = d["type"] in (3, 4, 12, 13)
    vsize = ((d["valueSize"] + 7) // 8 * 8) * ncpus if percpu else (4 if fdmap else d["valueSize"])
    ksize = d["keySize"]

    def elem(cmd, key, value, flags=0, vlen=vsize):
        kbuf = ctypes.create_string_buffer(bytes.fromhex(key) if key is not None else b"", max(ksize, 1))
        vbuf = ctypes.create_string_buffer(bytes.fromhex(value) if value else b"", max(vlen, 1))
        kp = ctypes.addressof(kbuf) if key is not None else 0
        vp = ctypes.addressof(vbuf) if vlen else 0
        r = bpf(cmd, struct.pack("<IIQQQ", fd, 0, kp, vp, flags))
        return r, vbuf.raw[:vlen]

    for op in scn["ops"]:
        if op.get("cpu") is not None:
            os.sched_setaffinity(0, {int(op["cpu"])})
        o = op["op"]
        key = op.get("key")
        flags = op.get("flags", 0)
        if o == "update":
            r, _ = elem(BPF_MAP_UPDATE_ELEM, key, op["value"], flags)
            res = {"ret": r}
        elif o == "push":
            r, _ = elem(BPF_MAP_UPDATE_ELEM, None, op["value"], flags)
            res = {"ret": r}
        elif o in ("lookup", "peek"):
            r, v = elem(BPF_MAP_LOOKUP_ELEM, key if o == "lookup" else None, None, flags)
            res = {"ret": r, "value": v.hex()} if r == 0 else {"ret": r}
        elif o == "bloom":
            r, _ = elem(BPF_MAP_LOOKUP_ELEM, None, op["value"], 0)
            res = {"ret": r}
        elif o in ("pop", "lookup_and_delete"):
            r, v = elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, key if o == "lookup_and_delete" else None, None, flags)
            res = {"ret": r, "value": v.hex()} if r == 0 else {"ret": r}
        elif o == "delete":
            r, _ = elem(BPF_MAP_DELETE_ELEM, key, None, 0, 0)
            res = {"ret": r}
        elif o == "next":
            r, v = elem(BPF_MAP_GET_NEXT_KEY, key, None, 0, ksize)
            res = {"ret": r, "value": v.hex()} if r == 0 else {"ret": r}
        elif o == "freeze":
            res = {"ret": bpf(BPF_MAP_FREEZE, struct.pack("<I", fd))}
        else:
            raise SystemExit("unknown op " + o)
        out["results"].append(res)

    if scn.get("dump", True) and ksize > 0:
        key = None
        seen = 0
        while seen < 1 << 20:
            r, nk = elem(BPF_MAP_GET_NEXT_KEY, key, None, 0, ksize)
            if r != 0:
                break
            key = nk.hex()
            r, v = elem(BPF_MAP_LOOKUP_ELEM, key, None, 0)
            if r == 0:
                out["dump"].append([key, v.hex()])
            seen += 1
    os.close(fd)
    return out


def main():
    scn = json.load(sys.stdin)
    # one scenario object, or a list of them (answered with a list)
    print(json.dumps([run(s) for s in scn] if isinstance(scn, list) else run(scn)))


main()
