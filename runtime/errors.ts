// Error types shared by every layer. User-facing failures are EbpfcError (the CLI prints the message
// and exits 1); broken internal invariants are InternalError (the CLI prints a stack and exits 70).

/** A failure caused by the input (object, packet, flag): its message starts with the stage, e.g. "load maps: …". */
export class EbpfcError extends Error {
  readonly stage: string;
  constructor(stage: string, message: string) {
    super(`${stage}: ${message}`);
    this.name = 'EbpfcError';
    this.stage = stage;
  }
}

/** A bug in ebpfc itself. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** Throws InternalError when `cond` is false. */
export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new InternalError(message);
}
