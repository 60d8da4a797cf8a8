// Common subexpression elimination: a walk over the dominator tree with a scoped table of pure
// instructions (arithmetic, compares, casts, byte swaps, pointer arithmetic), so an expression computed
// in a dominating block is reused. Non-volatile loads are also reused — and stores forwarded to later
// loads of the same address — within extended basic blocks (a block inherits its idom's memory table
// only when the idom is its single predecessor), until a store, atomic, memcpy/memset or call that
// may write the same memory. Aliasing: distinct stack objects, disjoint constant ranges off one base,
// and different pointer provenances (stack / packet / ctx / map value / global) never alias.
import { funcDominators } from '../analysis/cfg.js';
import type { Block, Inst, Value } from '../nodes.js';
import { InternalError } from '../../../runtime/errors.js';
import { constantKey, predecessors, replaceUses } from '../operands.js';
import type { PtrKind } from '../types.js';
import { deleteInsts, type FuncPass } from './util.js';

/** Helpers that write no memory visible to the program. */
const NO_WRITE_HELPERS = new Set([1, 5, 7, 8, 14, 125, 160, 188, 195]);

function valueKey(v: Value): string {
  if (v.kind === 'undef') return UNDEF_KEY; // expressions over undef are never merged
  const k = constantKey(v);
  if (k !== undefined) return k;
  if ('id' in v) return `v${v.id}`;
  throw new InternalError(`cse: no key for a ${v.kind}`);
}

const UNDEF_KEY = '\u0000undef';

function typeKey(i: Inst): string {
  return i.type.kind === 'int' ? `i${i.type.bits}` : i.type.kind === 'ptr' ? `p${i.type.to}` : 'v';
}

function pureKey(i: Inst): string | undefined {
  const k = pureKeyRaw(i);
  return k !== undefined && k.includes(UNDEF_KEY) ? undefined : k;
}

function pureKeyRaw(i: Inst): string | undefined {
  switch (i.kind) {
    case 'bin': {
      let a = valueKey(i.a);
      let b = valueKey(i.b);
      if ((i.op === 'add' || i.op === 'mul' || i.op === 'and' || i.op === 'or' || i.op === 'xor') && a > b) [a, b] = [b, a];
      return `bin ${i.op} ${typeKey(i)} ${a} ${b}`;
    }
    case 'cmp':
      return `cmp ${i.pred} ${valueKey(i.a)} ${valueKey(i.b)}`;
    case 'cast':
      return `cast ${i.op} ${typeKey(i)} ${valueKey(i.a)}`;
    case 'bswap':
      return `bswap ${typeKey(i)} ${valueKey(i.a)}`;
    case 'ptradd':
      return `ptradd ${typeKey(i)} ${valueKey(i.base)} ${valueKey(i.offset)}`;
    case 'ptrdiff':
      return `ptrdiff ${valueKey(i.a)} ${valueKey(i.b)}`;
    default:
      return undefined;
  }
}

/** Root object and constant offset of an address. */
function rootOf(p: Value, off: number): { root: Value; off: number } {
  let r = p;
  let o = off;
  while (r.kind === 'ptradd' && r.offset.kind === 'const') {
    o += Number(BigInt.asIntN(64, r.offset.value));
    r = r.base;
  }
  return { root: r, off: o };
}

const CONCRETE = new Set<PtrKind>(['ctx', 'packet', 'packet_meta', 'stack', 'map_value', 'global']);

export function mayAlias(p1: Value, o1: number, w1: number, p2: Value, o2: number, w2: number): boolean {
  const a = rootOf(p1, o1);
  const b = rootOf(p2, o2);
  if (a.root === b.root || (a.root.kind === 'globalref' && b.root.kind === 'globalref' && a.root.symbol === b.root.symbol)) {
    const ao = a.off + (a.root.kind === 'globalref' ? a.root.offset : 0);
    const bo = b.off + (b.root.kind === 'globalref' ? b.root.offset : 0);
    return ao < bo + w2 && bo < ao + w1;
  }
  if (a.root.kind === 'alloca' && b.root.kind === 'alloca') return false;
  const ka = a.root.type.kind === 'ptr' ? a.root.type.to : 'any';
  const kb = b.root.type.kind === 'ptr' ? b.root.type.to : 'any';
  const ca = ka === 'packet_meta' ? 'packet' : ka;
  const cb = kb === 'packet_meta' ? 'packet' : kb;
  if (CONCRETE.has(ka) && CONCRETE.has(kb) && ca !== cb) return false;
  if ((a.root.kind === 'globalref') !== (b.root.kind === 'globalref') && CONCRETE.has(ka) && CONCRETE.has(kb)) return false;
  return true;
}

interface MemEntry {
  ptr: Value;
  offset: number;
  width: number;
  key: string;
  value: Value;
}

export const cse: FuncPass = (f) => {
  const dom = funcDominators(f);
  const preds = predecessors(f);
  const repl = new Map<Value, Value>();
  const dead = new Set<Inst>();
  const resolve = (v: Value): Value => {
    let x = v;
    while (repl.has(x)) x = repl.get(x) as Value;
    return x;
  };
  // one scoped table for the whole dominator-tree walk: keys added by a block are removed when the
  // walk leaves its subtree (iterative, so deep dominator chains cannot overflow the stack)
  const table = new Map<string, Inst>();
  const visit = (b: Block, mem: MemEntry[]): { added: string[]; avail: MemEntry[] } => {
    const added: string[] = [];
    let avail = mem.slice();
    for (const i of b.insts) {
      if (dead.has(i)) continue;
      // operands may refer to values already replaced
      const k = pureKey(withResolved(i, resolve));
      if (k !== undefined) {
        const prev = table.get(k);
        if (prev) {
          repl.set(i, prev);
          dead.add(i);
        } else {
          table.set(k, i);
          added.push(k);
        }
        continue;
      }
      switch (i.kind) {
        case 'load': {
          if (i.volatile) break;
          const ptr = resolve(i.ptr);
          const key = `${valueKey(ptr)}+${i.offset}:${i.width}${i.signed ? 's' : 'u'}:${typeKey(i)}`;
          const hit = avail.find((e) => e.key === key);
          if (hit) {
            repl.set(i, hit.value);
            dead.add(i);
          } else avail.push({ ptr, offset: i.offset, width: i.width, key, value: i });
          break;
        }
        case 'store':
        case 'atomic': {
          const ptr = resolve(i.ptr);
          avail = avail.filter((e) => !mayAlias(e.ptr, e.offset, e.width, ptr, i.offset, i.width));
          if (i.kind === 'store' && !i.volatile) {
            const v = resolve(i.value);
            const vt = v.type;
            const bits = vt.kind === 'int' ? vt.bits : 64;
            if (bits === i.width * 8) {
              const tk = vt.kind === 'int' ? `i${vt.bits}` : vt.kind === 'ptr' ? `p${vt.to}` : 'v';
              avail.push({ ptr, offset: i.offset, width: i.width, key: `${valueKey(ptr)}+${i.offset}:${i.width}u:${tk}`, value: v });
            }
          }
          break;
        }
        case 'memcpy':
          avail = avail.filter((e) => !mayAlias(e.ptr, e.offset, e.width, resolve(i.dst), 0, i.size));
          break;
        case 'memset':
          avail = avail.filter((e) => !mayAlias(e.ptr, e.offset, e.width, resolve(i.dst), 0, i.size));
          break;
        case 'call':
          if (!(i.callee.kind === 'helper' && NO_WRITE_HELPERS.has(i.callee.id))) avail = [];
          break;
        default:
          break;
      }
    }
    return { added, avail };
  };
  interface Frame {
    block: Block;
    added: string[];
    avail: MemEntry[];
    next: number;
  }
  const entry = f.blocks[0] as Block;
  const first = visit(entry, []);
  const stack: Frame[] = [{ block: entry, added: first.added, avail: first.avail, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    const kids = dom.children.get(top.block) ?? [];
    if (top.next < kids.length) {
      const c = kids[top.next++] as Block;
      const single = (preds.get(c) ?? []).length === 1;
      const r = visit(c, single ? top.avail : []);
      stack.push({ block: c, added: r.added, avail: r.avail, next: 0 });
    } else {
      for (const k of top.added) table.delete(k);
      stack.pop();
    }
  }
  if (repl.size === 0) return false;
  replaceUses(f, repl);
  deleteInsts(f, dead);
  return true;
};

/** A view of `i` with its operands resolved through the pending replacements (for keying only). */
function withResolved(i: Inst, resolve: (v: Value) => Value): Inst {
  switch (i.kind) {
    case 'bin':
    case 'cmp':
    case 'ptrdiff':
      return { ...i, a: resolve(i.a), b: resolve(i.b) } as Inst;
    case 'cast':
    case 'bswap':
      return { ...i, a: resolve(i.a) } as Inst;
    case 'ptradd':
      return { ...i, base: resolve(i.base), offset: resolve(i.offset) } as Inst;
    default:
      return i;
  }
}
