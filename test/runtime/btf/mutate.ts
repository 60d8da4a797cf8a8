// Seeded mutations of BTF type graphs, shared by the fuzz and kernel-differential tests: a small PRNG
// and model-level edits (ids, sizes, offsets, names, flags, kinds) that produce plausible-but-broken BTF.
import type { Btf, BtfType } from '../../../runtime/btf/index.js';
import { mapReferences } from '../../../runtime/btf/index.js';

/** mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function cloneBtf(btf: Btf): Btf {
  return { types: btf.types.map((t) => mapReferences(t, (id) => id)), strings: btf.strings.clone() };
}

const NAMES = ['', 'a', '1bad', 'with space', 'dot.ted', '_ok', 'x-y', 'ok2', '.sec', 'very_long_' + 'n'.repeat(600)];
const SIZES = [0, 1, 2, 3, 4, 5, 8, 12, 16, 17, 24, 32, 64, 0x7fffffff, 0xffffffff];

/** Applies one random edit to one random type of `btf` (in place). */
export function mutate(btf: Btf, rnd: () => number): void {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const n = btf.types.length;
  const anyId = (): number => (rnd() < 0.1 ? 0 : Math.floor(rnd() * n));
  const id = 1 + Math.floor(rnd() * (n - 1));
  const t = btf.types[id]!;
  const r = rnd();
  if (r < 0.3) {
    // retarget one reference
    let done = false;
    btf.types[id] = mapReferences(t, (x) => {
      if (!done && rnd() < 0.5) {
        done = true;
        return anyId();
      }
      return x;
    });
    return;
  }
  if (r < 0.4) {
    t.name = pick(NAMES);
    return;
  }
  if (r < 0.5) {
    // turn the type into another kind that keeps the same fields where possible
    const ref = 'type' in t ? t.type : anyId();
    const kinds: BtfType[] = [
      { kind: 'PTR', name: '', type: ref },
      { kind: 'TYPEDEF', name: 't', type: ref },
      { kind: 'CONST', name: '', type: ref },
      { kind: 'TYPE_TAG', name: 'tag', type: ref, kindFlag: false },
      { kind: 'VAR', name: 'v', type: ref, linkage: 'global' },
      { kind: 'FWD', name: 'f', union: rnd() < 0.5 },
      { kind: 'INT', name: 'int', size: 4, encoding: 1, bitOffset: 0, bits: 32 },
      { kind: 'ARRAY', name: '', type: ref, indexType: anyId(), nelems: pick(SIZES) },
      { kind: 'FUNC', name: 'f', type: ref, linkage: 'static' },
      { kind: 'DECL_TAG', name: 'd', type: ref, componentIdx: Math.floor(rnd() * 4) - 2, kindFlag: false },
      { kind: 'STRUCT', name: '', size: 8, kindFlag: false, members: [{ name: 'm', type: ref, bitOffset: 0, bitfieldSize: 0 }] },
    ];
    btf.types[id] = pick(kinds);
    return;
  }
  switch (t.kind) {
    case 'INT':
      if (rnd() < 0.3) t.size = pick(SIZES);
      else if (rnd() < 0.5) t.bits = Math.floor(rnd() * 140);
      else if (rnd() < 0.5) t.bitOffset = Math.floor(rnd() * 16);
      else t.encoding = Math.floor(rnd() * 8);
      return;
    case 'ARRAY':
      t.nelems = pick(SIZES);
      return;
    case 'STRUCT':
    case 'UNION': {
      if (rnd() < 0.2) {
        t.size = pick(SIZES);
        return;
      }
      if (rnd() < 0.15) {
        t.kindFlag = !t.kindFlag;
        if (!t.kindFlag) for (const m of t.members) m.bitfieldSize = 0;
        return;
      }
      const m = t.members[Math.floor(rnd() * t.members.length)];
      if (m === undefined) return;
      const k = rnd();
      if (k < 0.4) m.bitOffset = Math.max(0, m.bitOffset + Math.floor(rnd() * 65) - 32);
      else if (k < 0.6 && t.kindFlag) m.bitfieldSize = Math.floor(rnd() * 70);
      else if (k < 0.8) m.name = pick(NAMES);
      else m.type = anyId();
      return;
    }
    case 'ENUM':
    case 'ENUM64':
      if (rnd() < 0.5) t.size = pick(SIZES);
      else if (t.values.length > 0) t.values[0]!.name = pick(NAMES);
      return;
    case 'FUNC':
      t.linkage = pick(['static', 'global', 'extern'] as const);
      return;
    case 'FUNC_PROTO':
      if (t.params.length > 0 && rnd() < 0.5) t.params[0]!.name = pick(NAMES);
      else t.variadic = !t.variadic;
      return;
    case 'VAR':
      t.linkage = pick(['static', 'global', 'extern'] as const);
      return;
    case 'DATASEC': {
      const v = t.vars[Math.floor(rnd() * t.vars.length)];
      if (v === undefined || rnd() < 0.3) t.size = pick(SIZES);
      else if (rnd() < 0.5) v.offset = pick(SIZES);
      else v.size = pick(SIZES);
      return;
    }
    case 'FLOAT':
      t.size = pick(SIZES);
      return;
    case 'DECL_TAG':
      t.componentIdx = Math.floor(rnd() * 6) - 2;
      return;
    default:
      t.name = pick(NAMES);
  }
}
