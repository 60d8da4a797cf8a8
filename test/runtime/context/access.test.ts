// Context access rules against the kernel's verifier (fixtures/access.kernel.json, recorded by
// record-access.ts from Linux 6.18): for xdp_md and the TC and socket-filter __sk_buff, every load and
// store of 1, 2, 4 or 8 bytes at every aligned offset is allowed by ebpfc's access tables exactly when
// the kernel accepts it — except the documented one: the 8-byte `sk` pointer (offset 168), which ebpfc
// does not model and refuses.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessAllowed, ACCESS_READ, ACCESS_WRITE, type AccessTable } from '../../../runtime/vm/index.js';
import { skbAccess, SKB_PROG, xdpMdAccess, SKB } from '../../../runtime/context/index.js';

const K = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/access.kernel.json'), 'utf8')) as Record<string, Record<string, Record<string, number[]>>>;
const TABLES: Record<string, [AccessTable, number]> = {
  xdp: [xdpMdAccess(), 24],
  sched_cls: [skbAccess(SKB_PROG.tc), 192],
  socket_filter: [skbAccess(SKB_PROG.socketFilter), 192],
};
const NOT_MODELLED = (type: string, mode: string, size: number, off: number): boolean =>
  type !== 'xdp' && mode === 'load' && size === 8 && off === SKB.sk;

describe('context access tables vs the kernel verifier', () => {
  for (const [type, [table, ctxSize]] of Object.entries(TABLES)) {
    it(type, () => {
      let compared = 0;
      for (const mode of ['load', 'store'] as const) {
        for (const size of [1, 2, 4, 8]) {
          const kernel = new Set(K[type]![mode]![String(size)]);
          for (let off = 0; off < ctxSize + 8; off += size) {
            const ours = off < ctxSize && accessAllowed(table, off, size, mode === 'load' ? ACCESS_READ : ACCESS_WRITE);
            if (NOT_MODELLED(type, mode, size, off)) {
              expect(kernel.has(off)).toBe(true);
              expect(ours).toBe(false);
              continue;
            }
            expect(ours, `${type} ${mode} of ${size} bytes at ${off}`).toBe(kernel.has(off));
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(100);
    });
  }
});
