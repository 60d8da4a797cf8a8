// The loader's typed error. Its stage says which step failed, as libbpf's open/load steps do:
// `load maps: map "counts": …`, `load relocations: program "xdp_main": …`, `load programs: …`.
import { EbpfcError } from '../errors.js';

export const LOAD_STAGE = {
  maps: 'load maps',
  relocations: 'load relocations',
  programs: 'load programs',
} as const;
export type LoadStage = (typeof LOAD_STAGE)[keyof typeof LOAD_STAGE];

export class LoadError extends EbpfcError {
  constructor(stage: LoadStage, message: string) {
    super(stage, message);
    this.name = 'LoadError';
  }
}
