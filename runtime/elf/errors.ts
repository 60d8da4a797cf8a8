// The ELF layer's typed error: every malformed-input failure of the reader and every impossible request
// to the writer is an ElfError (stage "elf"), never a RangeError or TypeError.
import { EbpfcError } from '../errors.js';

export class ElfError extends EbpfcError {
  constructor(message: string) {
    super('elf', message);
    this.name = 'ElfError';
  }
}
