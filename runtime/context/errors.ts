// The error a context raises when BPF_PROG_TEST_RUN would refuse its input (packet too short or too
// long, a ctx_in with fields the kernel does not accept): the stage is "<type> context", and `errno`
// is the name of the kernel's error code ("EINVAL", "ENODEV", …) so callers can show what bpftool
// would have reported. A ContextRefusal is the same verdict as a plain value, for the per-packet path
// (`trySetup`), where building an exception for every refused packet would cost more than the run.
import { EbpfcError } from '../errors.js';

export class ContextError extends EbpfcError {
  constructor(
    kind: string,
    message: string,
    /** the kernel's errno name for the same input */
    readonly errno: string,
  ) {
    super(`${kind} context`, refusalText(message, errno));
    this.name = 'ContextError';
  }
}

function refusalText(message: string, errno: string): string {
  return `${message} (the kernel's test run fails with ${errno})`;
}

/** Why the test run refuses an input: what a ContextError would carry, without the exception. */
export class ContextRefusal {
  constructor(
    readonly kind: string,
    readonly detail: string,
    /** the kernel's errno name */
    readonly errno: string,
  ) {}

  /** The message of the equivalent ContextError. */
  get message(): string {
    return `${this.kind} context: ${refusalText(this.detail, this.errno)}`;
  }

  toError(): ContextError {
    return new ContextError(this.kind, this.detail, this.errno);
  }
}
