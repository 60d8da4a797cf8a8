// Questions asked of a decoded type graph: the type with an id, following typedef/modifier chains, the
// size and alignment of a type (libbpf's btf__resolve_size / btf__align_of rules, including the
// MAX_RESOLVE_DEPTH limit of 32 that turns cyclic chains into errors), and name lookups.
import { BTF_PTR_SIZE } from './constants.js';
import { BtfError, describeType } from './errors.js';
import type { Btf, BtfKindName, BtfType } from './types.js';

/** The depth libbpf and the kernel allow when following a type chain (MAX_RESOLVE_DEPTH). */
export const MAX_RESOLVE_DEPTH = 32;

/** The type with id `id`; BtfError when there is none. */
export function btfType(btf: Btf, id: number): BtfType {
  const t = Number.isInteger(id) && id >= 0 ? btf.types[id] : undefined;
  if (t === undefined) throw new BtfError(`no type ${id} (the last type is ${btf.types.length - 1})`);
  return t;
}

function isModifier(t: BtfType): boolean {
  return t.kind === 'CONST' || t.kind === 'VOLATILE' || t.kind === 'RESTRICT' || t.kind === 'TYPE_TAG';
}

function follow(btf: Btf, id: number, skip: (t: BtfType) => boolean): number {
  let cur = id;
  for (let depth = 0; ; depth++) {
    const t = btfType(btf, cur);
    if (!skip(t)) return cur;
    if (depth >= btf.types.length || depth >= 0x100000) {
      throw new BtfError(`${describeType(id, btfType(btf, id).kind)}: typedef/modifier chain loops`);
    }
    cur = (t as { type: number }).type;
  }
}

/** Skips CONST, VOLATILE, RESTRICT and TYPE_TAG from `id`; returns the first other type's id. */
export function skipModifiers(btf: Btf, id: number): number {
  return follow(btf, id, isModifier);
}

/** Skips modifiers and TYPEDEFs from `id` (the "resolved" type of a declaration). */
export function resolveType(btf: Btf, id: number): number {
  return follow(btf, id, (t) => isModifier(t) || t.kind === 'TYPEDEF');
}

/**
 * Size in bytes of an object of type `id`: INT/ENUM/STRUCT/UNION/DATASEC/FLOAT carry it, a PTR is 8,
 * an ARRAY is nelems × element size, TYPEDEF/modifiers/VAR take their target's. VOID, FWD, FUNC,
 * FUNC_PROTO and DECL_TAG have no size; chains deeper than MAX_RESOLVE_DEPTH (or cyclic) and sizes above
 * 2^32-1 are errors — as in libbpf.
 */
export function typeSize(btf: Btf, id: number): number {
  let cur = id;
  let nelems = 1;
  for (let depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
    const t = btfType(btf, cur);
    let size: number;
    switch (t.kind) {
      case 'INT':
      case 'ENUM':
      case 'ENUM64':
      case 'STRUCT':
      case 'UNION':
      case 'DATASEC':
      case 'FLOAT':
        size = t.size;
        break;
      case 'PTR':
        size = BTF_PTR_SIZE;
        break;
      case 'TYPEDEF':
      case 'VOLATILE':
      case 'CONST':
      case 'RESTRICT':
      case 'TYPE_TAG':
      case 'VAR':
        cur = t.type;
        continue;
      case 'ARRAY':
        nelems *= t.nelems;
        if (nelems > 0xffffffff) throw new BtfError(`${describeType(id, btfType(btf, id).kind)}: size exceeds 2^32-1`);
        cur = t.type;
        continue;
      case 'VOID':
      case 'FWD':
      case 'FUNC':
      case 'FUNC_PROTO':
      case 'DECL_TAG':
        throw new BtfError(`${describeType(id, btfType(btf, id).kind)}: ${cur === id ? 'has' : `resolves to ${describeType(cur, t.kind)}, which has`} no size`);
      default: {
        const never: never = t;
        return never;
      }
    }
    const total = size * nelems;
    if (total > 0xffffffff) throw new BtfError(`${describeType(id, btfType(btf, id).kind)}: size exceeds 2^32-1`);
    return total;
  }
  throw new BtfError(`${describeType(id, btfType(btf, id).kind)}: type chain deeper than ${MAX_RESOLVE_DEPTH} (or cyclic)`);
}

/**
 * Natural alignment of type `id` (libbpf btf__align_of): scalars min(size, 8), pointers 8, arrays their
 * element's, structs/unions their most aligned member's — or 1 when the layout shows the struct is packed.
 * BTF records no alignment, so this is an inference: __int128 gets 8 (clang gives 16) and an explicit
 * __attribute__((aligned(N))) is invisible.
 * `memo` caches results across calls on the same graph.
 */
export function typeAlign(btf: Btf, id: number, memo: Map<number, number> = new Map()): number {
  return alignOf(btf, id, 0, memo);
}

function alignOf(btf: Btf, id: number, depth: number, memo: Map<number, number>): number {
  const known = memo.get(id);
  if (known !== undefined) return known;
  if (depth > MAX_RESOLVE_DEPTH) {
    throw new BtfError(`${describeType(id, btfType(btf, id).kind)}: type chain deeper than ${MAX_RESOLVE_DEPTH} (or cyclic)`);
  }
  const a = computeAlign(btf, id, depth, memo);
  memo.set(id, a);
  return a;
}

function computeAlign(btf: Btf, id: number, depth: number, memo: Map<number, number>): number {
  const t = btfType(btf, id);
  switch (t.kind) {
    case 'INT':
    case 'ENUM':
    case 'ENUM64':
    case 'FLOAT':
      return Math.min(BTF_PTR_SIZE, t.size);
    case 'PTR':
      return BTF_PTR_SIZE;
    case 'TYPEDEF':
    case 'VOLATILE':
    case 'CONST':
    case 'RESTRICT':
    case 'TYPE_TAG':
    case 'ARRAY':
      return alignOf(btf, t.type, depth + 1, memo);
    case 'STRUCT':
    case 'UNION': {
      let max = 1;
      for (const m of t.members) {
        const a = alignOf(btf, m.type, depth + 1, memo);
        if (a <= 0) return a;
        max = Math.max(max, a);
        if (m.bitfieldSize === 0 && m.bitOffset % (8 * a) !== 0) return 1;
      }
      return t.size % max !== 0 ? 1 : max;
    }
    case 'VOID':
    case 'FWD':
    case 'FUNC':
    case 'FUNC_PROTO':
    case 'VAR':
    case 'DATASEC':
    case 'DECL_TAG':
      throw new BtfError(`${describeType(id, t.kind)}: has no alignment`);
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** The first type id with this name (and kind, when given), or undefined. */
export function findType(btf: Btf, name: string, kind?: BtfKindName): number | undefined {
  for (let id = 1; id < btf.types.length; id++) {
    const t = btf.types[id]!;
    if (t.name === name && (kind === undefined || t.kind === kind)) return id;
  }
  return undefined;
}

/** Every type id with this name (and kind, when given). */
export function findTypes(btf: Btf, name: string, kind?: BtfKindName): number[] {
  const out: number[] = [];
  for (let id = 1; id < btf.types.length; id++) {
    const t = btf.types[id]!;
    if (t.name === name && (kind === undefined || t.kind === kind)) out.push(id);
  }
  return out;
}

/** Name → ids, for repeated lookups in large BTF. */
export function indexByName(btf: Btf): Map<string, number[]> {
  const m = new Map<string, number[]>();
  btf.types.forEach((t, id) => {
    if (id === 0 || t.name === '') return;
    const l = m.get(t.name);
    if (l) l.push(id);
    else m.set(t.name, [id]);
  });
  return m;
}
