// The object layer's typed error: everything wrong with an eBPF object that decodeObject or
// encodeObject finds is an ObjectError (stage "object"), e.g. "object: map 'counts': key_size 0 …".
import { EbpfcError } from '../errors.js';

export class ObjectError extends EbpfcError {
  constructor(message: string) {
    super('object', message);
    this.name = 'ObjectError';
  }
}
