// Opcode-indexed row lookup. In: an instruction slot. Out: its ISA_TABLE row, or undefined for an
// unknown opcode or variant. Built once from the table: a 256-entry array holding, per opcode, either the
// single row or the distinguishing field and its rows, so lookup costs one array read and at most a short
// scan of that opcode's variants (never a scan of the table).
import { InternalError } from '../errors.js';
import type { Insn } from './opcodes.js';
import { ISA_TABLE, type IsaRow, type MatchField } from './table.js';

interface OpcodeEntry {
  /** Set when the opcode has exactly one row and no distinguishing field. */
  readonly only?: IsaRow;
  readonly field?: MatchField;
  readonly values?: readonly number[];
  readonly rows?: readonly IsaRow[];
}

function build(): readonly (OpcodeEntry | undefined)[] {
  const byCode: IsaRow[][] = Array.from({ length: 256 }, () => []);
  for (const r of ISA_TABLE) byCode[r.code]!.push(r);
  return Object.freeze(
    byCode.map((rows): OpcodeEntry | undefined => {
      if (rows.length === 0) return undefined;
      const fields = new Set(rows.flatMap((r) => Object.keys(r.match) as MatchField[]));
      if (rows.length === 1 && fields.size === 0) return Object.freeze({ only: rows[0] });
      if (fields.size !== 1) throw new InternalError(`isa table: opcode ${rows[0]!.code} has ${fields.size} match fields`);
      const field = [...fields][0]!;
      return Object.freeze({ field, values: rows.map((r) => r.match[field]!), rows });
    }),
  );
}

const OPCODES = build();

/** The table row of `insn`, or undefined when its opcode (or variant) is not an eBPF instruction. */
export function lookup(insn: Insn): IsaRow | undefined {
  const e = OPCODES[insn.code & 0xff];
  if (e === undefined) return undefined;
  if (e.only !== undefined) return e.only;
  const v = insn[e.field!];
  const values = e.values!;
  for (let i = 0; i < values.length; i++) if (values[i] === v) return e.rows![i];
  return undefined;
}

/** True when some row uses this opcode byte (whatever its variant fields). */
export function isKnownOpcode(code: number): boolean {
  return OPCODES[code & 0xff] !== undefined;
}

/** For an opcode with several rows: the distinguishing field and the rows (in table order). */
export function variantsOf(code: number): { field: MatchField; rows: readonly IsaRow[] } | undefined {
  const e = OPCODES[code & 0xff];
  if (e === undefined || e.field === undefined) return undefined;
  return { field: e.field, rows: e.rows! };
}
