// Verifier-aware checks (issue item 6): on the optimised IR, just before code generation, find what
// the kernel's verifier is certain to reject and report it at the source location with a hint, instead
// of leaving the user a verifier log. Each check reports only code that no path makes acceptable:
//   B2101 packet access before a bounds check        (packet.ts)
//   B2102 dereference of a possibly-NULL lookup result (nulls.ts)
//   B2103 loop the verifier cannot bound              (loops.ts)
//   B2104 GPL-only helper without a GPL license       (license.ts)
// Stack size, argument count and recursion are the code generator's and the front end's checks
// (B2001/B2002, C1301/B2003, C1300/B2004).
import type { Diagnostic } from '../diagnostics/index.js';
import type { Module, Span } from '../ir/index.js';
import { Reporter } from './flow.js';
import { checkGplHelpers } from './license.js';
import { checkLoops } from './loops.js';
import { checkNullDerefs } from './nulls.js';
import { checkPacketAccess } from './packet.js';

export interface CheckModuleOptions {
  /** The object's license string (absent: no license section). */
  license?: string;
  /** Where the license is declared (the hint of B2104 points there). */
  licenseSpan?: Span;
}

export function checkModule(m: Module, o: CheckModuleOptions = {}): Diagnostic[] {
  const rep = new Reporter();
  checkPacketAccess(m, rep);
  checkNullDerefs(m, rep);
  checkLoops(m, rep);
  checkGplHelpers(m, o.license, o.licenseSpan, rep);
  return rep.diagnostics;
}
