// Structural validation of an instruction array (RFC 9669 §3-§5). In: Insn[] and the accepted cpu version
// and conformance groups. Out: nothing, or IsaError(s) naming the pc, the bytes and the problem: unknown
// opcode or variant, non-zero reserved field, register out of r0..r10, ld_imm64 without a proper second
// slot, jump or call target outside the program or into the middle of an ld_imm64, instruction newer than
// the selected cpu version or outside the selected groups. Semantic checks belong to the verifier.
import { MAX_BPF_REG, type Insn } from './opcodes.js';
import { IsaError } from './errors.js';
import { insnBytes } from './codec.js';
import { lookup, variantsOf } from './lookup.js';
import { ALL_GROUPS, Form, type CpuVersion, type Field, type Group, type IsaRow } from './table.js';

export interface ValidateOptions {
  /** Highest cpu version accepted (default 4). */
  cpu?: CpuVersion;
  /** Conformance groups accepted (default: all). */
  groups?: readonly Group[];
}

/** Throws the first problem found as an IsaError. */
export function validate(insns: readonly Insn[], opts: ValidateOptions = {}): void {
  const errs = findIsaErrors(insns, opts, 1);
  if (errs.length > 0) throw errs[0];
}

/** All problems found (at most `limit`), in program order. */
export function findIsaErrors(insns: readonly Insn[], opts: ValidateOptions = {}, limit = Infinity): IsaError[] {
  const cpu = opts.cpu ?? 4;
  const groups = new Set(opts.groups ?? ALL_GROUPS);
  const errs: IsaError[] = [];
  const n = insns.length;
  // slots that are the second half of an ld_imm64: not valid jump targets
  const second = new Uint8Array(n);
  const fail = (pc: number, msg: string): boolean => {
    errs.push(new IsaError('isa', msg, { pc, bytes: insnBytes(insns[pc]!) }));
    return errs.length >= limit;
  };
  for (let pc = 0; pc < n; pc++) {
    const insn = insns[pc]!;
    const row = lookup(insn);
    if (row === undefined) {
      if (fail(pc, unknownMessage(insn))) return errs;
      continue;
    }
    const m = checkFields(insn, row);
    if (m !== undefined && fail(pc, `${row.name}: ${m}`)) return errs;
    if (row.cpu > cpu && fail(pc, `${row.name} needs cpu v${row.cpu}, but v${cpu} is selected`)) return errs;
    if (!groups.has(row.group) && fail(pc, `${row.name} is in conformance group ${row.group}, which is not enabled`)) {
      return errs;
    }
    if (row.slots === 2) {
      const next = insns[pc + 1];
      if (next === undefined) {
        if (fail(pc, `${row.name}: missing the second slot of the 64-bit immediate`)) return errs;
        continue;
      }
      second[pc + 1] = 1;
      if (next.code !== 0 || next.dst !== 0 || next.src !== 0 || next.off !== 0) {
        const e = new IsaError('isa', `${row.name}: second slot must have code, dst, src and off zero`, {
          pc: pc + 1, bytes: insnBytes(next),
        });
        errs.push(e);
        if (errs.length >= limit) return errs;
      }
      pc++;
    }
  }
  // jump and call targets (second pass: needs the ld_imm64 map)
  for (let pc = 0; pc < n; pc++) {
    if (second[pc]) continue;
    const insn = insns[pc]!;
    const row = lookup(insn);
    if (row === undefined) continue;
    const rel = jumpDelta(insn, row);
    if (rel === undefined) continue;
    const target = pc + 1 + rel;
    if (target < 0 || target >= n) {
      if (fail(pc, `${row.name}: target ${target} (${fmtRel(rel)}) is outside the program (0..${n - 1})`)) return errs;
    } else if (second[target]) {
      if (fail(pc, `${row.name}: target ${target} is the middle of an ld_imm64`)) return errs;
    }
  }
  errs.sort((a, b) => (a.pc ?? 0) - (b.pc ?? 0));
  return errs;
}

/** The pc-relative displacement of a jump or local call, or undefined for other instructions. */
export function jumpDelta(insn: Insn, row: IsaRow): number | undefined {
  switch (row.form) {
    case Form.ja:
    case Form.jmpImm:
    case Form.jmpReg:
      return insn.off;
    case Form.ja32:
    case Form.callLocal:
      return insn.imm;
    default:
      return undefined;
  }
}

/** Which fields of a row hold registers. */
export function registerFields(row: IsaRow): readonly ('dst' | 'src')[] {
  switch (row.form) {
    case Form.aluImm: case Form.neg: case Form.endian: case Form.ldImm64: case Form.st: case Form.jmpImm:
    case Form.callx:
      return ['dst'];
    case Form.aluReg: case Form.movsx: case Form.ldx: case Form.stx: case Form.atomic: case Form.jmpReg:
      return ['dst', 'src'];
    case Form.ldInd:
      return ['src'];
    case Form.ldAbs: case Form.ja: case Form.ja32: case Form.call: case Form.callLocal: case Form.callKfunc:
    case Form.exit:
      return [];
    default: {
      const never: never = row.form;
      return never;
    }
  }
}

function checkFields(insn: Insn, row: IsaRow): string | undefined {
  for (const f of row.reserved) {
    if (insn[f as Field] !== 0) return `reserved field ${f} is ${insn[f as Field]}, must be 0`;
  }
  for (const f of registerFields(row)) {
    if (insn[f] > MAX_BPF_REG - 1) return `invalid register ${f} = r${insn[f]} (r0..r${MAX_BPF_REG - 1})`;
  }
  return undefined;
}

function unknownMessage(insn: Insn): string {
  const code = `0x${insn.code.toString(16).padStart(2, '0')}`;
  const v = variantsOf(insn.code);
  if (v === undefined) return `unknown opcode ${code}`;
  const values = v.rows.map((r) => `${r.match[v.field]} (${r.name})`).join(', ');
  return `opcode ${code}: ${v.field} is ${insn[v.field]}, must be one of ${values}`;
}

function fmtRel(rel: number): string {
  return rel >= 0 ? `+${rel}` : `${rel}`;
}
