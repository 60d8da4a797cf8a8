// The instruction table: unique names and encodings, lookup finds every row (and nothing else), and the
// cpu versions and groups reproduce every test's line in /work/shared/conformance/manifest.tsv.
import { describe, expect, it } from 'vitest';
import {
  ISA_TABLE, ISA_BY_NAME, assemble, lookup, isKnownOpcode, Form, type Insn,
} from '../../../runtime/isa/index.js';
import { readDataDir, readManifest } from './conformance-data.js';

describe('ISA_TABLE', () => {
  it('has unique names and unique (opcode, variant) encodings', () => {
    expect(ISA_BY_NAME.size).toBe(ISA_TABLE.length);
    const keys = ISA_TABLE.map((r) => `${r.code}:${JSON.stringify(r.match)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('covers the RFC 9669 registry and the cpu v4 forms', () => {
    // 0x00..0xff opcodes in use: ALU 12 ops x K/X x 2 classes + neg x2 + END 3, JMP 11 x 2 x 2 + ja x2 +
    // call + callx + exit, LD imm64 + 3 ABS + 3 IND, LDX 4 + LDSX 3, ST 4, STX 4, atomics 2
    const codes = new Set(ISA_TABLE.map((r) => r.code));
    expect(codes.size).toBe(48 + 2 + 3 + 44 + 2 + 1 + 1 + 1 + 1 + 6 + 7 + 4 + 4 + 2);
    const names = ['sdiv32_imm', 'smod_reg', 'movsx832', 'movsx3264', 'bswap64', 'ja32', 'call_kfunc', 'callx',
      'lddw_map_idx_value', 'ldabsh', 'ldindb', 'ldxsw', 'lock_cmpxchg32', 'lock_fetch_xor', 'le16', 'be64', 'jset32_reg'];
    for (const n of names) expect(ISA_BY_NAME.has(n), n).toBe(true);
    expect(ISA_TABLE.length).toBe(171);
  });

  it('lookup returns each row for its own encoding', () => {
    for (const r of ISA_TABLE) {
      const insn: Insn = { code: r.code, dst: 1, src: r.match.src ?? 2, off: r.match.off ?? 0, imm: r.match.imm ?? 0 };
      expect(lookup(insn), r.name).toBe(r);
    }
  });

  it('lookup rejects unknown opcodes and variants', () => {
    let known = 0;
    for (let code = 0; code < 256; code++) if (isKnownOpcode(code)) known++;
    expect(known).toBe(new Set(ISA_TABLE.map((r) => r.code)).size);
    const miss: Insn[] = [
      { code: 0x8c, dst: 0, src: 0, off: 0, imm: 0 }, // neg | X
      { code: 0x38, dst: 0, src: 0, off: 0, imm: 0 }, // LD_ABS dw
      { code: 0x18, dst: 1, src: 7, off: 0, imm: 0 }, // pseudo 7
      { code: 0x34, dst: 1, src: 0, off: 2, imm: 3 }, // div off 2
      { code: 0xbc, dst: 1, src: 2, off: 32, imm: 0 }, // movsx32 of 32 bits
      { code: 0xd4, dst: 1, src: 0, off: 0, imm: 8 }, // le8
      { code: 0xc3, dst: 1, src: 2, off: 0, imm: 0x02 }, // atomic op 2
      { code: 0x85, dst: 0, src: 3, off: 0, imm: 1 }, // call src 3
      { code: 0x99, dst: 0, src: 0, off: 0, imm: 0 },
    ];
    for (const m of miss) expect(lookup(m), JSON.stringify(m)).toBeUndefined();
  });

  it('every row has a consistent form, width and reserved set', () => {
    for (const r of ISA_TABLE) {
      for (const f of Object.keys(r.match)) expect(r.reserved, r.name).not.toContain(f);
      if (r.form === Form.ldImm64) expect(r.slots).toBe(2);
      else expect(r.slots).toBe(1);
    }
  });
});

describe('cpu versions and groups against manifest.tsv', () => {
  const manifest = readManifest();
  const files = new Map(readDataDir('tests').map((f) => [f.name, f]));
  it('lists every test file', () => {
    expect(manifest.length).toBe(313);
    for (const m of manifest) expect(files.has(m.name), m.name).toBe(true);
  });
  it.each(manifest.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    const f = files.get(m.name)!;
    const { insns } = assemble(f.asm!, { syntax: 'conformance' });
    expect(insns.length).toBe(m.slots);
    let cpu = 1;
    const groups = new Set<string>();
    for (let pc = 0; pc < insns.length; pc++) {
      const row = lookup(insns[pc]!);
      expect(row, `pc ${pc}`).toBeDefined();
      cpu = Math.max(cpu, row!.cpu);
      groups.add(row!.group);
      // the second slot of ld_imm64 is its own registry entry (opcode 0x00, base64)
      if (row!.slots === 2) pc++;
    }
    expect({ cpu, groups: [...groups].sort() }).toEqual({ cpu: m.cpu, groups: m.groups });
  });
});
