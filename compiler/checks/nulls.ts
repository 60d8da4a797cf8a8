// Verifier-aware check B2102: dereference of a possibly-NULL pointer. bpf_map_lookup_elem and the
// other helpers returning PTR_TO_MAP_VALUE_OR_NULL / PTR_TO_MEM_OR_NULL give a pointer the verifier
// lets the program use only after a compare with NULL on that pointer (or a copy of it) took the
// non-NULL edge (mark_ptr_or_null_regs in kernel/bpf/verifier.c); a load or store through it before
// that fails with "R<n> invalid mem access 'map_value_or_null'". This check follows, per nullable
// result, whether some path to an instruction has null-checked it, and reports accesses no path has.
// A function where such a pointer meets a compare other than a direct `p == NULL` / `p != NULL`
// branch, or flows into a phi, is left alone, so nothing is reported that the kernel would accept.
import { helperName, type Func, type Inst, type Module, type Value } from '../ir/index.js';
import { Reporter, solveForward } from './flow.js';

const NULLABLE = new Set(['map_value_or_null', 'mem_or_null']);

/** The nullable helper result `v` is derived from (by offsets, copies, casts), if any. */
function rootOf(v: Value, memo: Map<Value, Inst | null>): Inst | undefined {
  const hit = memo.get(v);
  if (hit !== undefined) return hit ?? undefined;
  let r: Inst | undefined;
  switch (v.kind) {
    case 'call':
      if (v.callee.kind === 'helper' && v.type.kind === 'ptr' && NULLABLE.has(v.type.to)) r = v;
      break;
    case 'ptradd':
      r = rootOf(v.base, memo);
      break;
    case 'copy':
    case 'cast':
      r = rootOf(v.a, memo);
      break;
    default:
      break;
  }
  memo.set(v, r ?? null);
  return r;
}

const isNull = (v: Value): boolean => v.kind === 'const' && v.value === 0n;

/** The root a branch's condition null-checks, and the successor where it is non-NULL. */
function nullCheck(b: Func['blocks'][number], memo: Map<Value, Inst | null>): { root: Inst; nonNull: Func['blocks'][number] } | undefined {
  const t = b.term;
  if (!t || t.kind !== 'condbr' || t.cond.kind !== 'cmp') return undefined;
  const c = t.cond;
  if (c.pred !== 'eq' && c.pred !== 'ne') return undefined;
  const [p, z] = isNull(c.b) ? [c.a, c.b] : [c.b, c.a];
  if (!isNull(z)) return undefined;
  const root = rootOf(p, memo);
  if (!root) return undefined;
  return { root, nonNull: c.pred === 'ne' ? t.then : t.else };
}

function analysable(f: Func, memo: Map<Value, Inst | null>): boolean {
  const direct = new Set<Inst>();
  for (const b of f.blocks) {
    const t = b.term;
    if (t?.kind === 'condbr' && t.cond.kind === 'cmp' && nullCheck(b, memo)) direct.add(t.cond);
  }
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.kind === 'cmp' && !direct.has(i) && (rootOf(i.a, memo) || rootOf(i.b, memo))) return false;
      if (i.kind === 'phi' && i.incoming.some((x) => rootOf(x.value, memo))) return false;
    }
  }
  return true;
}

function deref(i: Inst): Value | undefined {
  switch (i.kind) {
    case 'load':
    case 'store':
    case 'atomic':
      return i.ptr;
    default:
      return undefined;
  }
}

export function checkNullDerefs(m: Module, rep: Reporter): void {
  for (const f of m.funcs) {
    const memo = new Map<Value, Inst | null>();
    if (!analysable(f, memo)) continue;
    const states = solveForward<ReadonlySet<Inst>>(f, {
      entry: new Set(),
      join: (a, b) => (b.size === 0 ? a : new Set([...a, ...b])),
      equal: (a, b) => a.size === b.size && [...a].every((x) => b.has(x)),
      transfer: (_b, s) => s,
      edge: (b, succ, s) => {
        const c = nullCheck(b, memo);
        if (!c || succ !== c.nonNull || s.has(c.root)) return s;
        return new Set([...s, c.root]);
      },
    });
    for (const b of f.blocks) {
      const s = states.get(b);
      if (s === undefined) continue;
      const checked = new Set(s);
      for (const i of b.insts) {
        const p = deref(i);
        if (!p) continue;
        const root = rootOf(p, memo);
        if (!root || checked.has(root)) continue;
        const callee = root.kind === 'call' && root.callee.kind === 'helper' ? helperName(root.callee.id) : 'the helper';
        rep.report('B2102', `dereference of the result of ${callee}, which may be NULL, before it is checked: the verifier rejects this access ("invalid mem access 'map_value_or_null'")`, i.span, {
          message: `check the pointer ${callee} returned first, e.g. \`if (!value) return 0;\``,
          span: root.span,
        });
        checked.add(root);
      }
    }
  }
}
