// BtfError: the typed failure of every BTF / .BTF.ext decoder, encoder, validator and query. Messages
// name the type the problem is in, e.g. "btf: type 17 (STRUCT): member 3 name offset 9999 beyond string
// section" (members, parameters, enumerators and records are numbered from 0).
import { EbpfcError } from '../errors.js';
import { BTF_KIND_NAMES } from './constants.js';

export class BtfError extends EbpfcError {
  constructor(message: string) {
    super('btf', message);
    this.name = 'BtfError';
  }
}

/** "type 17 (STRUCT)" — the prefix used for messages about one type. */
export function describeType(id: number, kind: string | number): string {
  const name = typeof kind === 'number' ? (BTF_KIND_NAMES[kind] ?? `kind ${kind}`) : kind;
  return `type ${id} (${name})`;
}
