// Verifier-aware check B2104: a GPL-only helper (gpl_only in the kernel's bpf_func_proto, e.g.
// bpf_trace_printk, bpf_probe_read) called from an object whose license is not GPL-compatible (or that
// has none): the kernel refuses the load with "cannot call GPL-restricted function from non-GPL
// compatible program". The GPL-compatible strings are the kernel's license_is_gpl_compatible() list.
// In: the module and the license string; out: one diagnostic per call site.
import { helperProto } from '../../runtime/helpers/index.js';
import { isGplCompatible } from '../../runtime/loader/index.js';
import { helperInfo, helperName, type Module, type Span } from '../ir/index.js';
import type { Reporter } from './flow.js';

function gplOnly(id: number): boolean {
  const proto = helperProto(id);
  return proto ? proto.gplOnly : helperInfo(id)?.gplOnly === true;
}

export function checkGplHelpers(m: Module, license: string | undefined, licenseSpan: Span | undefined, rep: Reporter): void {
  if (isGplCompatible(license)) return;
  const why = license === undefined ? 'the program has no license' : `its license "${license}" is not GPL-compatible`;
  for (const f of m.funcs) {
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (i.kind !== 'call' || i.callee.kind !== 'helper' || !gplOnly(i.callee.id)) continue;
        const name = helperName(i.callee.id);
        rep.report('B2104', `${name} is GPL-only, but ${why}: the kernel refuses to load the program ("cannot call GPL-restricted function from non-GPL compatible program")`, i.span,
          licenseSpan
            ? { message: 'the license is declared here: use a GPL-compatible one ("GPL", "Dual BSD/GPL", "Dual MIT/GPL", …) or do without the helper', span: licenseSpan }
            : { message: 'declare a GPL-compatible license: char LICENSE[] SEC("license") = "GPL";' });
      }
    }
  }
}
