// Visiting and rewriting the type ids one BtfType refers to (its edges in the type graph). Used by the
// decoder's range checks, the validator, and anyone renumbering types (merging or pruning BTF).
import type { BtfType } from './types.js';

/** Calls `fn(id, what)` for every type id `t` refers to; `what` names the field ("member 2 type"). */
export function forEachReference(t: BtfType, fn: (id: number, what: string) => void): void {
  switch (t.kind) {
    case 'VOID':
    case 'INT':
    case 'FWD':
    case 'FLOAT':
    case 'ENUM':
    case 'ENUM64':
      return;
    case 'PTR':
    case 'TYPEDEF':
    case 'VOLATILE':
    case 'CONST':
    case 'RESTRICT':
    case 'TYPE_TAG':
    case 'FUNC':
    case 'VAR':
    case 'DECL_TAG':
      fn(t.type, 'type');
      return;
    case 'ARRAY':
      fn(t.type, 'element type');
      fn(t.indexType, 'index type');
      return;
    case 'STRUCT':
    case 'UNION':
      t.members.forEach((m, i) => fn(m.type, `member ${i} type`));
      return;
    case 'FUNC_PROTO':
      fn(t.returnType, 'return type');
      t.params.forEach((p, i) => fn(p.type, `parameter ${i} type`));
      return;
    case 'DATASEC':
      t.vars.forEach((v, i) => fn(v.type, `var ${i} type`));
      return;
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** A copy of `t` whose every referenced id is replaced by `fn(id)`. */
export function mapReferences(t: BtfType, fn: (id: number) => number): BtfType {
  switch (t.kind) {
    case 'VOID':
    case 'INT':
    case 'FWD':
    case 'FLOAT':
      return { ...t };
    case 'ENUM':
      return { ...t, values: t.values.map((v) => ({ ...v })) };
    case 'ENUM64':
      return { ...t, values: t.values.map((v) => ({ ...v })) };
    case 'PTR':
    case 'TYPEDEF':
    case 'VOLATILE':
    case 'CONST':
    case 'RESTRICT':
    case 'TYPE_TAG':
    case 'FUNC':
    case 'VAR':
    case 'DECL_TAG':
      return { ...t, type: fn(t.type) };
    case 'ARRAY':
      return { ...t, type: fn(t.type), indexType: fn(t.indexType) };
    case 'STRUCT':
    case 'UNION':
      return { ...t, members: t.members.map((m) => ({ ...m, type: fn(m.type) })) };
    case 'FUNC_PROTO':
      return { ...t, returnType: fn(t.returnType), params: t.params.map((p) => ({ ...p, type: fn(p.type) })) };
    case 'DATASEC':
      return { ...t, vars: t.vars.map((v) => ({ ...v, type: fn(v.type) })) };
    default: {
      const never: never = t;
      return never;
    }
  }
}
