// Constant indices far past an object (C allows writing them; clang-16 warns and compiles): the offset
// cannot sit in an instruction's 16-bit offset field, so the address is computed. Each program compiles
// at every -O level and cpu version, as clang-16 compiles it, and runs in the VM on its in-bounds path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileC } from '../../../compiler/index.js';
import { createRunner, loadObject } from '../../../runtime/loader/index.js';
import { CLANG, hasTool } from '../../helpers/tools.js';

const SRC = `
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 1);
} vals SEC(".maps");

SEC("xdp")
int far(struct xdp_md *ctx)
{
    unsigned char *data = (void *)(long)ctx->data;
    unsigned char *end = (void *)(long)ctx->data_end;
    __u32 buf[4] = {1, 2, 3, 4};
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&vals, &k);
    if (!v || data + 16 > end)
        return XDP_ABORTED;
    if (data[0] == 0xff) {          /* never taken below */
        buf[1000000] = data[1];
        v[0x20000000] = 7;
        data[0x100000001] = 1;
        return buf[2000000] + v[40000];
    }
    return buf[data[1] & 3];
}
char LICENSE[] SEC("license") = "GPL";
`;

const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-far-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('memory accesses at offsets beyond 16 bits', () => {
  for (const optLevel of [0, 1, 2] as const) {
    for (const mcpu of [1, 3, 4] as const) {
      it(`-O${optLevel} v${mcpu}: compiles, and the in-bounds path runs`, () => {
        const r = compileC(SRC, { path: 'far.bpf.c', optLevel, mcpu, verifierChecks: false });
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(r.object).toBeDefined();
        const obj = loadObject(r.object!);
        const run = createRunner(obj, obj.program('far'));
        const pkt = Uint8Array.from({ length: 64 }, (_, i) => (i === 1 ? 2 : 0));
        const o = run.run(pkt);
        expect(o.kind === 'ok' ? o.retval : o).toBe(3);
      });
    }
  }

  it.skipIf(!hasTool(CLANG))('clang-16 compiles the same source', () => {
    const src = join(tmp, 'far.bpf.c');
    writeFileSync(src, SRC);
    const r = spawnSync(CLANG, ['-O2', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', join(tmp, 'far.o')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
  });
});
