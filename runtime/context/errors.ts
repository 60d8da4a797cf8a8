// The error a context raises when BPF_PROG_TEST_RUN would refuse its input (packet too short or too
// long, a ctx_in with fields the kernel does not accept): the stage is "<type> context", and `errno`
// is the name of the kernel's error code ("EINVAL", "ENODEV", …) so callers can show what bpftool
// would have reported.
import { EbpfcError } from '../errors.js';

export class ContextError extends EbpfcError {
  constructor(
    kind: string,
    message: string,
    /** the kernel's errno name for the same input */
    readonly errno: string,
  ) {
    super(`${kind} context`, `${message} (the kernel's test run fails with ${errno})`);
    this.name = 'ContextError';
  }
}
