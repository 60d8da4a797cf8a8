// Pointer provenance inference. (1) Loads of packet-pointer fields from the ctx pointer (ctx.ts) become
// pointer-typed loads of the field's exact width, so `(void *)(long)ctx->data` is a `packet` pointer
// and no 32-bit arithmetic is ever applied to it (the verifier rejects that). (2) Pointers of unknown
// provenance (`ptr<any>`) get the kind of what they are computed from: ptradd/copy/retag keep their
// base's kind, phis join their inputs, helper calls return what the helper table says, calls return
// the callee's return kind, and parameters of static functions take the kind every caller passes.
import { helperInfo } from '../helpers.js';
import { ctxLayoutOfSection, ctxPtrField, type CtxLayout } from '../ctx.js';
import type { Func, Inst, LoadInst, Module, Value } from '../nodes.js';
import { mapInstOperands, mapTermOperands, userMap } from '../operands.js';
import { T, ptrType, type PtrKind } from '../types.js';
import { reversePostorder } from '../analysis/graph.js';
import { funcGraph } from '../analysis/cfg.js';
import { insertInst, replaceAndDelete, type FuncPass } from './util.js';

/** The ctx layout seen by `f`: from its section, or from the callers of a subprogram. */
export function ctxLayoutOf(f: Func, m: Module, seen = new Set<Func>()): CtxLayout {
  if (f.section !== undefined) return ctxLayoutOfSection(f.section);
  if (seen.has(f)) return 'unknown';
  seen.add(f);
  for (const g of m.funcs) {
    for (const b of g.blocks) {
      for (const i of b.insts) {
        if (i.kind === 'call' && i.callee.kind === 'func' && i.callee.name === f.name) {
          const l = ctxLayoutOf(g, m, seen);
          if (l !== 'unknown') return l;
        }
      }
    }
  }
  return 'unknown';
}

function join(a: PtrKind | undefined, b: PtrKind): PtrKind {
  if (a === undefined || a === b) return b;
  const pair = new Set([a, b]);
  if (pair.has('map_value') && pair.has('map_value_or_null')) return 'map_value_or_null';
  if (pair.has('mem') && pair.has('mem_or_null')) return 'mem_or_null';
  return 'any';
}

export const provenance: FuncPass = (f, ctx) => {
  let changed = normaliseCtxLoads(f, ctx.module);
  if (refineParams(f, ctx.module)) changed = true;
  if (inferKinds(f, ctx.module)) changed = true;
  return changed;
};

function normaliseCtxLoads(f: Func, m: Module): boolean {
  const layout = ctxLayoutOf(f, m);
  if (layout === 'unknown') return false;
  const users = userMap(f);
  const repl = new Map<Value, Value>();
  let changed = false;
  for (const b of f.blocks) {
    for (const i of [...b.insts]) {
      if (i.kind !== 'load' || i.type.kind !== 'int') continue;
      // the field offset, through constant pointer arithmetic on the ctx pointer
      let root = i.ptr;
      let off = i.offset;
      while (root.kind === 'ptradd' && root.offset.kind === 'const') {
        off += Number(BigInt.asIntN(64, root.offset.value));
        root = root.base;
      }
      if (root.type.kind !== 'ptr' || root.type.to !== 'ctx') continue;
      const field = ctxPtrField(layout, off, i.width);
      if (!field || i.signed) continue;
      // retype the load; integer users see ptrtoint (and a trunc for narrower types)
      const intType = i.type;
      (i as LoadInst).type = ptrType(field.kind);
      i.ptr = root;
      i.offset = off;
      const asInt: Inst = { kind: 'cast', op: 'ptrtoint', a: i, id: f.nextId++, type: T.i64, span: i.span, block: b };
      insertInst(b, asInt, b.insts.indexOf(i) + 1);
      let narrow: Inst | undefined;
      const narrowed = (): Inst => {
        if (!narrow) {
          narrow = { kind: 'cast', op: 'trunc', a: asInt, id: f.nextId++, type: intType, span: i.span, block: b };
          insertInst(b, narrow, b.insts.indexOf(asInt) + 1);
        }
        return narrow;
      };
      for (const u of users.get(i) ?? []) {
        if ('id' in u && u.kind === 'cast' && u.op === 'zext' && u.type === T.i64) {
          repl.set(u, asInt);
          continue;
        }
        const swap = (v: Value): Value => (v === i ? (intType === T.i64 ? asInt : narrowed()) : v);
        if ('id' in u) mapInstOperands(u, swap);
        else mapTermOperands(u, swap);
      }
      changed = true;
    }
  }
  replaceAndDelete(f, repl);
  return changed;
}

/** Static functions: a `ptr<any>` parameter takes the kind every call site passes. */
function refineParams(f: Func, m: Module): boolean {
  if (f.linkage !== 'static') return false;
  const kinds: (PtrKind | undefined)[] = f.params.map(() => undefined);
  let calls = 0;
  for (const g of m.funcs) {
    for (const b of g.blocks) {
      for (const i of b.insts) {
        if (i.kind !== 'call' || i.callee.kind !== 'func' || i.callee.name !== f.name) continue;
        calls++;
        i.args.forEach((a, k) => {
          if (a.type.kind === 'ptr') kinds[k] = join(kinds[k], a.type.to);
        });
      }
    }
  }
  if (calls === 0) return false;
  let changed = false;
  f.params.forEach((p, k) => {
    const kd = kinds[k];
    if (p.type.kind === 'ptr' && p.type.to === 'any' && kd !== undefined && kd !== 'any') {
      p.type = ptrType(kd);
      changed = true;
    }
  });
  return changed;
}

function inferKinds(f: Func, m: Module): boolean {
  const order = reversePostorder(funcGraph(f));
  // only values that are ptr<any> now, or derived from such values, are (re)computed
  const open = new Set<Inst>();
  for (const b of order) for (const i of b.insts) if (i.type.kind === 'ptr' && i.type.to === 'any') open.add(i);
  if (open.size === 0) return false;
  const kind = new Map<Inst, PtrKind>();
  const kindOf = (v: Value): PtrKind | undefined => {
    if (v.type.kind !== 'ptr') return undefined;
    if (v.kind === 'undef') return undefined;
    if (v.kind === 'const') return v.value === 0n ? undefined : 'any';
    if (v.kind !== 'param' && open.has(v as Inst)) return kind.get(v as Inst);
    return v.type.to;
  };
  for (let again = true; again; ) {
    again = false;
    for (const b of order) {
      for (const i of b.insts) {
        if (!open.has(i)) continue;
        let k: PtrKind | undefined;
        switch (i.kind) {
          case 'ptradd':
            k = kindOf(i.base);
            break;
          case 'copy':
            k = kindOf(i.a);
            break;
          case 'cast':
            if (i.op === 'retag') k = kindOf(i.a);
            else if (i.op === 'inttoptr' && i.a.kind === 'cast' && i.a.op === 'ptrtoint') k = kindOf(i.a.a);
            else k = 'any';
            break;
          case 'phi':
            for (const inc of i.incoming) {
              const x = kindOf(inc.value);
              if (x !== undefined) k = join(k, x);
            }
            break;
          case 'call':
            if (i.callee.kind === 'helper') {
              const r = helperInfo(i.callee.id)?.ret;
              k = r === undefined || r === 'scalar' || r === 'void' ? 'any' : r;
            } else {
              const name = i.callee.name;
              const callee = m.funcs.find((x) => x.name === name);
              k = callee && callee.ret.kind === 'ptr' ? callee.ret.to : 'any';
            }
            break;
          default:
            k = 'any';
        }
        if (k !== undefined && kind.get(i) !== k) {
          const prev = kind.get(i);
          const nk = prev === undefined ? k : join(prev, k);
          if (nk !== prev) {
            kind.set(i, nk);
            again = true;
          }
        }
      }
    }
  }
  let changed = false;
  for (const [i, k] of kind) {
    if (k !== 'any') {
      i.type = ptrType(k);
      changed = true;
    }
  }
  return changed;
}
