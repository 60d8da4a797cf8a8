// Records which context loads and stores the kernel's verifier accepts (needs root):
//   node --import tsx test/runtime/context/record-access.ts
// For XDP (xdp_md, 24 bytes), TC (sched_cls) and socket filters (__sk_buff, 192 bytes): every size
// 1/2/4/8 at every offset that is a multiple of it, as `r0 = *(size *)(r1 + off)` and as
// `*(size *)(r1 + off) = r2`. Writes fixtures/access.kernel.json: {TYPE: {"load"|"store": {SIZE: [offsets accepted]}}}.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { askVerifier, insnHex, PROG_TYPE } from '../helpers/verifier.js';

const SIZES: Record<number, number> = { 1: 0x10, 2: 0x08, 4: 0x00, 8: 0x18 };
const types: [keyof typeof PROG_TYPE, number][] = [['xdp', 24], ['sched_cls', 192], ['socket_filter', 192]];
const progs: [number, string][] = [];
const keys: [string, string, number, number][] = [];
const exit = insnHex(0xb7, 0, 0, 0, 0) + insnHex(0x95, 0, 0, 0, 0);
for (const [t, size] of types) {
  for (const [sz, bits] of Object.entries(SIZES)) {
    const n = Number(sz);
    for (let off = 0; off < size + 8; off += n) {
      progs.push([PROG_TYPE[t], insnHex(0x61 | bits, 0, 1, off, 0) + exit]);
      keys.push([t, 'load', n, off]);
      progs.push([PROG_TYPE[t], insnHex(0xb7, 2, 0, 0, 0) + insnHex(0x63 | bits, 1, 2, off, 0) + exit]);
      keys.push([t, 'store', n, off]);
    }
  }
}
const answers = askVerifier(progs);
const out: Record<string, Record<string, Record<string, number[]>>> = {};
keys.forEach(([t, mode, n, off], i) => {
  const m = ((out[t] ??= {})[mode] ??= {});
  const list = (m[String(n)] ??= []);
  if (answers[i]!.ok) list.push(off);
});
writeFileSync(join(import.meta.dirname, 'fixtures/access.kernel.json'), JSON.stringify(out) + '\n');
console.log(`${keys.length} probes`);
