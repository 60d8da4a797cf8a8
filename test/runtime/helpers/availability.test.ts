// Which helpers each program type may call, against the kernel's verifier (fixtures/
// availability.kernel.json, recorded by record-availability.ts from Linux 6.18): ebpfc's table must
// offer exactly what the kernel offers for every implemented helper, and checkHelperCalls must give the
// kernel's messages for helpers a type may not call and for ids that name no helper.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkHelperCalls, helperAvailable, helperName, LINUX_HELPERS, helperId } from '../../../runtime/helpers/index.js';
import type { Insn } from '../../../runtime/isa/index.js';

const K = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/availability.kernel.json'), 'utf8')) as Record<string, Record<string, string>>;
const implemented = new Set(LINUX_HELPERS.map((d) => helperId(d.name)!));
const call = (id: number): Insn[] => [{ code: 0x85, dst: 0, src: 0, off: 0, imm: id }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }];

describe('helper availability vs the kernel verifier', () => {
  for (const [type, ids] of Object.entries(K)) {
    it(type, () => {
      let checked = 0;
      for (const [idText, answer] of Object.entries(ids)) {
        const id = Number(idText);
        const problems = checkHelperCalls(call(id), type, true);
        if (implemented.has(id)) {
          expect(helperAvailable(id, type), `${helperName(id)} for ${type}`).toBe(answer === 'offered');
          expect(problems.map((p) => p.message)).toEqual(answer === 'offered' ? [] : [answer]);
          checked++;
        } else if (helperName(id) === undefined) {
          expect(problems.map((p) => p.message)).toEqual([answer]);
        } else {
          expect(problems.map((p) => p.message)).toEqual([`${helperName(id)}#${id} is not modelled by ebpfc's VM`]);
        }
      }
      expect(checked).toBe(implemented.size);
    });
  }

  it('GPL-only helpers need a GPL-compatible license', () => {
    expect(checkHelperCalls(call(6), 'xdp', false).map((p) => p.message)).toEqual(['cannot call GPL-restricted function from non-GPL compatible program']);
    expect(checkHelperCalls(call(6), 'xdp', true)).toEqual([]);
    expect(checkHelperCalls(call(1), 'xdp', false)).toEqual([]);
  });
});
