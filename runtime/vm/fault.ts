// VM faults: the one exception type that leaves the VM (load rejections and run-time faults alike).
// In: the faulting pc, a kind from FAULT, a detail text, and what the VM knows about the instruction
// (its disassembly and, where line info exists, its source line). Out: an EbpfcError with stage "vm"
// whose message reads `vm: prog+pc: kind: detail [insn] (file:line)`.

import { EbpfcError } from '../errors.js';

/** What went wrong. Stable strings: tests and the CLI's JSON output use them. */
export const FAULT = {
  /** the instruction is not a valid eBPF instruction (found at load time or, non-strict, when reached) */
  invalid: 'invalid-insn',
  /** a load/store/atomic touched an address no live region maps */
  unmapped: 'unmapped',
  /** the access hit a region that does not allow it (write to .rodata, read of a write-only area) */
  permission: 'permission',
  /** the access starts inside a region and ends outside it */
  straddle: 'straddle',
  /** a context access with a size or at an offset the context does not allow */
  ctxAccess: 'ctx-access',
  /** the instruction budget ran out */
  budget: 'budget',
  /** more than 8 nested BPF-to-BPF call frames */
  callDepth: 'call-depth',
  /** call of a helper id that is not registered */
  unknownHelper: 'unknown-helper',
  /** a helper rejected its arguments or failed */
  helper: 'helper',
  /** callx / callback target is not a function of this program */
  badCall: 'bad-call',
  /** control flow left the program (fell off the end) */
  pcRange: 'pc-range',
} as const;
export type FaultKind = (typeof FAULT)[keyof typeof FAULT];

export interface SourceLine {
  file: string;
  line: number;
  col?: number;
  /** the text of the source line, when known */
  text?: string;
}

export interface VmFaultInfo {
  /** program name (as given to vm.load) */
  prog: string;
  /** instruction slot index of the faulting instruction */
  pc: number;
  kind: FaultKind;
  detail: string;
  /** disassembly of the faulting instruction */
  insnText?: string;
  source?: SourceLine;
}

export class VmFault extends EbpfcError {
  readonly prog: string;
  readonly pc: number;
  readonly kind: FaultKind;
  readonly detail: string;
  readonly insnText: string | undefined;
  readonly source: SourceLine | undefined;

  constructor(info: VmFaultInfo) {
    super('vm', formatFault(info));
    this.name = 'VmFault';
    this.prog = info.prog;
    this.pc = info.pc;
    this.kind = info.kind;
    this.detail = info.detail;
    this.insnText = info.insnText;
    this.source = info.source;
  }
}

function formatFault(f: VmFaultInfo): string {
  let s = `${f.prog}+${f.pc}: ${f.kind}: ${f.detail}`;
  if (f.insnText !== undefined) s += ` [${f.insnText}]`;
  if (f.source !== undefined) s += ` (${f.source.file}:${f.source.line})`;
  return s;
}

/**
 * A fault raised below the instruction level (memory gate, helpers) before the VM knows the pc and
 * program; the VM catches it and rethrows a VmFault with the location filled in.
 */
export class RawFault extends Error {
  constructor(
    readonly kind: FaultKind,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'RawFault';
  }
}

/** Formats a 64-bit value given as hi/lo int32 halves as 0x-hex. */
export function hex64(hi: number, lo: number): string {
  if (hi === 0) return '0x' + (lo >>> 0).toString(16);
  return '0x' + (hi >>> 0).toString(16) + (lo >>> 0).toString(16).padStart(8, '0');
}
