// validateBtf against the kernel. Hand-made cases check specific rules (each expected reason is the
// kernel's wording, and the live part sends the same blobs to the kernel); the differential part takes
// the corpus BTF (made loadable the way libbpf does) plus a thousand seeded mutations of it and
// requires our verdict — accepted, or rejected at the same type for the same reason — to equal the
// kernel's BPF_BTF_LOAD verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BtfBuilder, BtfError, btfProblem, createBtfExt, decodeBtf, decodeBtfExt, encodeBtf, validateBtf, validateBtfExt,
  type Btf, type BtfExt,
} from '../../../runtime/btf/index.js';
import { NAMES, fixture, scratch } from './fixtures.js';
import { canLoadBtf, kernelLoader, sanitizeForKernel } from './kernel.js';
import { cloneBtf, mutate, prng } from './mutate.js';

interface Case {
  name: string;
  btf: Btf;
  /** undefined = valid; otherwise the reason ending our message */
  reason?: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  const add = (name: string, reason: string | undefined, build: (b: BtfBuilder) => void): void => {
    const b = new BtfBuilder();
    build(b);
    out.push({ name, btf: b.build(), reason });
  };
  add('plain struct with pointer to itself', undefined, (b) => {
    const int = b.addInt('int', 4, { signed: true });
    const s = b.reserve();
    b.set(s, { kind: 'STRUCT', name: 'list', size: 16, kindFlag: false, members: [
      { name: 'next', type: b.addPtr(s), bitOffset: 0, bitfieldSize: 0 }, { name: 'v', type: int, bitOffset: 64, bitfieldSize: 0 }] });
  });
  add('struct embedding itself', 'Loop detected', (b) => {
    const s = b.reserve();
    b.set(s, { kind: 'STRUCT', name: 'loop', size: 8, kindFlag: false, members: [{ name: 'x', type: s, bitOffset: 0, bitfieldSize: 0 }] });
  });
  add('cyclic typedef chain', 'Loop detected', (b) => {
    const t1 = b.reserve();
    const t2 = b.addTypedef('b', t1);
    b.set(t1, { kind: 'TYPEDEF', name: 'a', type: t2 });
  });
  add('pointer cycle through const', 'Loop detected', (b) => {
    const p = b.reserve();
    const c = b.addConst(p);
    b.set(p, { kind: 'PTR', name: '', type: c });
  });
  add('typedef chain of 40 (ids increasing along the chain)', 'Exceeded max resolving depth:32', (b) => {
    const ids = Array.from({ length: 40 }, () => b.reserve());
    const int = b.addInt('int', 4, { signed: true });
    ids.forEach((id, i) => b.set(id, { kind: 'TYPEDEF', name: `t${i}`, type: ids[i + 1] ?? int }));
  });
  add('typedef chain of 40 (ids decreasing: each link already resolved)', undefined, (b) => {
    let t = b.addInt('int', 4, { signed: true });
    for (let i = 0; i < 40; i++) t = b.addTypedef(`t${i}`, t);
  });
  add('array of a forward declaration', 'Invalid elem', (b) => {
    b.addArray(b.addFwd('opaque'), 4, b.addInt('int', 4));
  });
  add('member beyond the struct', 'Member exceeds struct_size', (b) => {
    b.addStruct('s', 4, [{ name: 'a', type: b.addInt('long', 8, { signed: true }), bitOffset: 0 }]);
  });
  add('bitfield wider than its int', 'Invalid member bitfield_size', (b) => {
    b.addStruct('s', 4, [{ name: 'a', type: b.addInt('char', 1, { signed: true }), bitOffset: 0, bitfieldSize: 9 }]);
  });
  add('DATASEC of size 0 (as clang writes it)', 'size == 0', (b) => {
    const v = b.addVar('x', b.addInt('int', 4, { signed: true }));
    b.addDatasec('.data', 0, [{ type: v, offset: 0, size: 4 }]);
  });
  add('DATASEC variable smaller than its type', 'Invalid size', (b) => {
    const v = b.addVar('x', b.addInt('long', 8, { signed: true }));
    b.addDatasec('.data', 8, [{ type: v, offset: 0, size: 4 }]);
  });
  add('extern FUNC', 'Invalid func linkage', (b) => {
    b.addFunc('kfunc', b.addFuncProto(0, []), 'extern');
  });
  add('FUNC parameter without a name', 'Invalid arg#1', (b) => {
    const int = b.addInt('int', 4, { signed: true });
    b.addFunc('f', b.addFuncProto(int, [{ name: '', type: int }]), 'global');
  });
  add('variadic FUNC_PROTO returning void', undefined, (b) => {
    b.addFuncProto(0, [{ name: 'fmt', type: b.addPtr(b.addInt('char', 1, { signed: true })) }], true);
  });
  add('identifier with a dash', 'Invalid name', (b) => {
    b.addTypedef('a-b', b.addInt('int', 4));
  });
  add('DATASEC name with spaces is fine', undefined, (b) => {
    const v = b.addVar('x', b.addInt('int', 4, { signed: true }));
    b.addDatasec('my section', 4, [{ type: v, offset: 0, size: 4 }]);
  });
  add('enum of size 3', 'Unexpected size', (b) => {
    b.addEnum('e', [{ name: 'A', value: 1 }], { size: 3 });
  });
  add('float of size 3', 'Invalid type_size', (b) => {
    b.addFloat('f3', 3);
  });
  add('decl tag on a member that does not exist', 'Invalid component_idx', (b) => {
    b.addDeclTag('t', b.addStruct('s', 4, [{ name: 'a', type: b.addInt('int', 4), bitOffset: 0 }]), 1);
  });
  add('type tag after const', "Type tags don't precede modifiers", (b) => {
    b.addPtr(b.addConst(b.addTypeTag('user', b.addInt('int', 4))));
  });
  add('type tag before const', undefined, (b) => {
    b.addPtr(b.addTypeTag('user', b.addConst(b.addInt('int', 4))));
  });
  return out;
}

describe('validateBtf rules', () => {
  for (const c of cases()) {
    it(c.name, () => {
      const problem = btfProblem(c.btf);
      if (c.reason === undefined) expect(problem).toBeUndefined();
      else expect(problem).toMatch(new RegExp(`: ${c.reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    });
  }

  it('names the offending type', () => {
    const btf = decodeBtf(fixture('kinds.btf'));
    expect(() => validateBtf(btf)).toThrow(BtfError);
    expect(btfProblem(btf)).toMatch(/^btf: type \d+ \(DATASEC\) '\.bss': size == 0$/);
  });

  it('accepts the corpus once sanitized the way libbpf does it', () => {
    for (const name of NAMES) expect(btfProblem(sanitizeForKernel(decodeBtf(fixture(`${name}.btf`)))), name).toBeUndefined();
  });
});

/** "ERR 22 [12] STRUCT s size=4 vlen=1 Loop detected" → the kernel's verdict pieces. */
function kernelVerdict(line: string): { ok: boolean; id?: string; text: string } {
  if (line === 'OK') return { ok: true, text: line };
  return { ok: false, id: /^ERR \d+ \[(\d+)\]/.exec(line)?.[1], text: line };
}

describe.skipIf(!canLoadBtf())('validateBtf vs the kernel (BPF_BTF_LOAD)', () => {
  let tmp: ReturnType<typeof scratch>;
  let load: (blobs: Uint8Array[]) => string[];
  beforeAll(() => {
    tmp = scratch();
    load = kernelLoader(tmp.dir);
  });
  afterAll(() => tmp.done());

  function compare(list: { name: string; btf: Btf }[]): { accepted: number; rejected: number } {
    const blobs = list.map((c) => encodeBtf(c.btf));
    const verdicts = load(blobs);
    let accepted = 0;
    list.forEach((c, i) => {
      const k = kernelVerdict(verdicts[i]!);
      const ours = btfProblem(decodeBtf(blobs[i]!));
      expect(ours === undefined, `${c.name}: kernel says ${k.text}, we say ${ours}`).toBe(k.ok);
      if (k.ok) {
        accepted++;
        return;
      }
      const reason = ours!.slice(ours!.lastIndexOf(': ') + 2);
      expect(k.text.endsWith(reason), `${c.name}: kernel says ${k.text}, we say ${ours}`).toBe(true);
      if (k.id !== undefined) expect(ours).toMatch(new RegExp(`^btf: type ${k.id} `));
    });
    return { accepted, rejected: list.length - accepted };
  }

  it('hand-made cases', () => {
    compare(cases());
  });

  it('corpus and 1000 seeded mutations', () => {
    const bases = NAMES.map((n) => sanitizeForKernel(decodeBtf(fixture(`${n}.btf`))));
    const rnd = prng(20240607);
    const list: { name: string; btf: Btf }[] = bases.map((btf, i) => ({ name: `base ${NAMES[i]}`, btf }));
    for (let i = 0; list.length < 1000; i++) {
      const btf = cloneBtf(bases[i % bases.length]!);
      const n = 1 + Math.floor(rnd() * 2);
      for (let k = 0; k < n; k++) mutate(btf, rnd);
      try {
        decodeBtf(encodeBtf(btf));
      } catch (e) {
        if (e instanceof BtfError) continue; // not representable on the wire
        throw e;
      }
      list.push({ name: `mutation ${i}`, btf });
    }
    const { accepted, rejected } = compare(list);
    // both outcomes must be well represented for the comparison to mean something
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});

describe('validateBtfExt', () => {
  it('accepts what clang-16 emits', () => {
    for (const name of NAMES) {
      const btf = decodeBtf(fixture(`${name}.btf`));
      validateBtfExt(decodeBtfExt(fixture(`${name}.btf.ext`), btf.strings), btf);
    }
  });

  it('rejects bad records', () => {
    const b = new BtfBuilder();
    const int = b.addInt('int', 4, { signed: true });
    const f = b.addFunc('f', b.addFuncProto(int, []));
    const btf = b.build();
    const bad = (edit: (e: BtfExt) => void): string | undefined => {
      const e = createBtfExt();
      e.funcInfo.sections.push({ section: 'xdp', records: [{ insnOff: 0, typeId: f }, { insnOff: 16, typeId: f }] });
      e.lineInfo.sections.push({ section: 'xdp', records: [{ insnOff: 0, fileName: 'a.c', line: '', lineNum: 1, col: 1 }] });
      e.coreRelo.sections.push({ section: 'xdp', records: [{ insnOff: 8, typeId: int, accessStr: '0', kind: 9 }] });
      edit(e);
      try {
        validateBtfExt(e, btf);
        return undefined;
      } catch (x) {
        expect(x).toBeInstanceOf(BtfError);
        return (x as Error).message;
      }
    };
    expect(bad(() => {})).toBeUndefined();
    expect(bad((e) => (e.funcInfo.sections[0]!.records[1]!.insnOff = 0))).toMatch(/same or smaller insn offset \(0\)/);
    expect(bad((e) => (e.funcInfo.sections[0]!.records[1]!.typeId = int))).toMatch(/invalid type id 1$/);
    expect(bad((e) => (e.lineInfo.sections[0]!.records[0]!.insnOff = 4))).toMatch(/insn_off 4 is not a multiple of 8/);
    expect(bad((e) => (e.coreRelo.sections[0]!.records[0]!.kind = 13))).toMatch(/unknown relocation kind 13/);
    expect(bad((e) => (e.coreRelo.sections[0]!.records[0]!.accessStr = '0:x'))).toMatch(/malformed access string/);
  });
});
