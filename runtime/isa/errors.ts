// IsaError: the typed failure of the instruction-set layer (decode, encode, validate, assemble). In: a stage
// ("isa", "asm", ...), a message and where it happened (pc and bytes, or line:col). Out: an EbpfcError whose
// message names that place, e.g. `isa: pc 3 (61 a0 fc ff 01 00 00 00): ldxw: reserved field imm is 1`.
import { EbpfcError } from '../errors.js';

export interface IsaErrorDetail {
  /** Instruction index (slot) the error is about. */
  pc?: number;
  /** The 8 bytes of that slot. */
  bytes?: Uint8Array;
  /** 1-based source position (assembler). */
  line?: number;
  col?: number;
}

export class IsaError extends EbpfcError {
  readonly pc?: number;
  readonly bytes?: Uint8Array;
  readonly line?: number;
  readonly col?: number;
  /** The message without the stage and position prefixes. */
  readonly detail: string;

  constructor(stage: string, message: string, where: IsaErrorDetail = {}) {
    super(stage, prefix(where) + message);
    this.name = 'IsaError';
    this.detail = message;
    this.pc = where.pc;
    this.bytes = where.bytes;
    this.line = where.line;
    this.col = where.col;
  }
}

function prefix(w: IsaErrorDetail): string {
  if (w.line !== undefined) return `${w.line}:${w.col ?? 1}: `;
  if (w.pc === undefined) return '';
  const b = w.bytes ? ` (${hexBytes(w.bytes)})` : '';
  return `pc ${w.pc}${b}: `;
}

/** `61 a0 fc ff 01 00 00 00` */
export function hexBytes(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? ' ' : '') + b[i]!.toString(16).padStart(2, '0');
  return s;
}
