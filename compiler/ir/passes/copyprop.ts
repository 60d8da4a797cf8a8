// Copy propagation: uses of `copy x` become uses of x; a phi whose inputs are all one value (or the phi
// itself) becomes that value; `retag` of a pointer to its own kind disappears.
import type { Inst, Value } from '../nodes.js';
import { isInst } from '../nodes.js';
import { replaceAndDelete, type FuncPass } from './util.js';

export const copyprop: FuncPass = (f) => {
  let changed = false;
  for (;;) {
    const repl = new Map<Value, Value>();
    for (const b of f.blocks) {
      for (const i of b.insts) {
        const r = trivialValue(i);
        if (r !== undefined) repl.set(i, r);
      }
    }
    if (repl.size === 0) return changed;
    replaceAndDelete(f, repl);
    changed = true;
  }
};

/** The value `i` is a plain alias of, if any. */
export function trivialValue(i: Inst): Value | undefined {
  switch (i.kind) {
    case 'copy':
      return compatible(i.a, i) ? i.a : undefined;
    case 'cast':
      return i.op === 'retag' && i.a.type === i.type ? i.a : undefined;
    case 'phi': {
      let v: Value | undefined;
      // an undef input may be taken to be the value of the others when that value is available
      // everywhere (a constant, a parameter, an entry-block alloca): `phi [&x, a], [undef, b]` is &x
      const everywhere = (x: Value): boolean => !isInst(x) || x.kind === 'alloca';
      const defined = i.incoming.filter((inc) => inc.value.kind !== 'undef' && inc.value !== i);
      if (defined.length > 0 && defined.length < i.incoming.length && defined.every((inc) => sameValue(inc.value, (defined[0] as { value: Value }).value)) && everywhere((defined[0] as { value: Value }).value)) {
        const x = (defined[0] as { value: Value }).value;
        return compatible(x, i) ? x : undefined;
      }
      for (const inc of i.incoming) {
        if (inc.value === i) continue;
        if (v === undefined) v = inc.value;
        else if (!sameValue(v, inc.value)) return undefined;
      }
      return v !== undefined && compatible(v, i) ? v : undefined;
    }
    default:
      return undefined;
  }
}

function compatible(a: Value, b: Value): boolean {
  return a.type === b.type || (a.type.kind === 'ptr' && b.type.kind === 'ptr');
}

/** Identity, or equal constants. */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.kind === 'const' && b.kind === 'const') return a.type === b.type && a.value === b.value;
  if (a.kind === 'mapref' && b.kind === 'mapref') return a.name === b.name;
  if (a.kind === 'globalref' && b.kind === 'globalref') return a.symbol === b.symbol && a.offset === b.offset;
  if (a.kind === 'funcref' && b.kind === 'funcref') return a.name === b.name;
  return false;
}
