// Generic traversal of IR nodes: the operands of an instruction or terminator, rewriting operands,
// successor blocks of a terminator, predecessor maps and use counts. Every pass builds on these instead
// of switching over instruction kinds itself.
import { InternalError } from '../../runtime/errors.js';
import type { Block, Func, Inst, Term, Value } from './nodes.js';
import { isInst } from './nodes.js';

/** The value operands of `inst`, in a fixed order (phi: incoming values in order). */
export function instOperands(inst: Inst): Value[] {
  switch (inst.kind) {
    case 'bin':
    case 'cmp':
    case 'ptrdiff':
      return [inst.a, inst.b];
    case 'cast':
    case 'bswap':
    case 'copy':
      return [inst.a];
    case 'ptradd':
      return [inst.base, inst.offset];
    case 'alloca':
      return [];
    case 'load':
      return [inst.ptr];
    case 'store':
      return [inst.ptr, inst.value];
    case 'atomic':
      return inst.expected ? [inst.ptr, inst.value, inst.expected] : [inst.ptr, inst.value];
    case 'call':
      return inst.args.slice();
    case 'memcpy':
      return [inst.dst, inst.src];
    case 'memset':
      return [inst.dst, inst.value];
    case 'pktload':
      return [inst.ctx, inst.offset];
    case 'phi':
      return inst.incoming.map((i) => i.value);
    default: {
      const never: never = inst;
      throw new InternalError(`instOperands: unknown instruction ${(never as Inst).kind}`);
    }
  }
}

/** Replaces each operand `v` of `inst` by `f(v)`. */
export function mapInstOperands(inst: Inst, f: (v: Value) => Value): void {
  switch (inst.kind) {
    case 'bin':
    case 'cmp':
    case 'ptrdiff':
      inst.a = f(inst.a);
      inst.b = f(inst.b);
      return;
    case 'cast':
    case 'bswap':
    case 'copy':
      inst.a = f(inst.a);
      return;
    case 'ptradd':
      inst.base = f(inst.base);
      inst.offset = f(inst.offset);
      return;
    case 'alloca':
      return;
    case 'load':
      inst.ptr = f(inst.ptr);
      return;
    case 'store':
      inst.ptr = f(inst.ptr);
      inst.value = f(inst.value);
      return;
    case 'atomic':
      inst.ptr = f(inst.ptr);
      inst.value = f(inst.value);
      if (inst.expected) inst.expected = f(inst.expected);
      return;
    case 'call':
      inst.args = inst.args.map(f);
      return;
    case 'memcpy':
      inst.dst = f(inst.dst);
      inst.src = f(inst.src);
      return;
    case 'memset':
      inst.dst = f(inst.dst);
      inst.value = f(inst.value);
      return;
    case 'pktload':
      inst.ctx = f(inst.ctx);
      inst.offset = f(inst.offset);
      return;
    case 'phi':
      for (const inc of inst.incoming) inc.value = f(inc.value);
      return;
    default: {
      const never: never = inst;
      throw new InternalError(`mapInstOperands: unknown instruction ${(never as Inst).kind}`);
    }
  }
}

export function termOperands(t: Term): Value[] {
  switch (t.kind) {
    case 'br':
    case 'unreachable':
      return [];
    case 'condbr':
      return [t.cond];
    case 'switch':
      return [t.value];
    case 'ret':
      return t.value ? [t.value] : [];
    default: {
      const never: never = t;
      throw new InternalError(`termOperands: unknown terminator ${(never as Term).kind}`);
    }
  }
}

export function mapTermOperands(t: Term, f: (v: Value) => Value): void {
  switch (t.kind) {
    case 'br':
    case 'unreachable':
      return;
    case 'condbr':
      t.cond = f(t.cond);
      return;
    case 'switch':
      t.value = f(t.value);
      return;
    case 'ret':
      if (t.value) t.value = f(t.value);
      return;
    default: {
      const never: never = t;
      throw new InternalError(`mapTermOperands: unknown terminator ${(never as Term).kind}`);
    }
  }
}

/** Successor blocks of a terminator, duplicates removed, in a fixed order. */
export function successors(t: Term | null): Block[] {
  if (!t) return [];
  switch (t.kind) {
    case 'br':
      return [t.target];
    case 'condbr':
      return t.then === t.else ? [t.then] : [t.then, t.else];
    case 'switch': {
      const out: Block[] = [];
      for (const b of [...t.cases.map((c) => c.target), t.default]) if (!out.includes(b)) out.push(b);
      return out;
    }
    case 'ret':
    case 'unreachable':
      return [];
    default: {
      const never: never = t;
      throw new InternalError(`successors: unknown terminator ${(never as Term).kind}`);
    }
  }
}

/** Redirects every edge of `t` that goes to `from` so that it goes to `to`. */
export function replaceSuccessor(t: Term, from: Block, to: Block): void {
  switch (t.kind) {
    case 'br':
      if (t.target === from) t.target = to;
      return;
    case 'condbr':
      if (t.then === from) t.then = to;
      if (t.else === from) t.else = to;
      return;
    case 'switch':
      for (const c of t.cases) if (c.target === from) c.target = to;
      if (t.default === from) t.default = to;
      return;
    case 'ret':
    case 'unreachable':
      return;
    default: {
      const never: never = t;
      throw new InternalError(`replaceSuccessor: unknown terminator ${(never as Term).kind}`);
    }
  }
}

/** Predecessors of every block (each predecessor listed once). */
export function predecessors(f: Func): Map<Block, Block[]> {
  const preds = new Map<Block, Block[]>();
  for (const b of f.blocks) preds.set(b, []);
  for (const b of f.blocks) {
    for (const s of successors(b.term)) {
      const list = preds.get(s);
      if (list && !list.includes(b)) list.push(b);
    }
  }
  return preds;
}

/** Number of uses of every instruction and parameter of `f` (phis and terminators included). */
export function useCounts(f: Func): Map<Value, number> {
  const counts = new Map<Value, number>();
  const add = (v: Value): void => {
    if (isInst(v) || v.kind === 'param') counts.set(v, (counts.get(v) ?? 0) + 1);
  };
  for (const b of f.blocks) {
    for (const i of b.insts) for (const v of instOperands(i)) add(v);
    if (b.term) for (const v of termOperands(b.term)) add(v);
  }
  return counts;
}

/** The users of every instruction and parameter of `f` (a user is listed once per use). */
export function userMap(f: Func): Map<Value, (Inst | Term)[]> {
  const users = new Map<Value, (Inst | Term)[]>();
  const add = (v: Value, u: Inst | Term): void => {
    if (!(isInst(v) || v.kind === 'param')) return;
    const l = users.get(v);
    if (l) l.push(u);
    else users.set(v, [u]);
  };
  for (const b of f.blocks) {
    for (const i of b.insts) for (const v of instOperands(i)) add(v, i);
    if (b.term) for (const v of termOperands(b.term)) add(v, b.term);
  }
  return users;
}

/**
 * Replaces every use of the keys of `repl` by their values throughout `f` (chains are followed:
 * a→b, b→c replaces a by c).
 */
export function replaceUses(f: Func, repl: Map<Value, Value>): void {
  if (repl.size === 0) return;
  const resolve = (v: Value): Value => {
    let cur = v;
    for (let n = 0; repl.has(cur); n++) {
      if (n > repl.size) throw new InternalError('replaceUses: replacement cycle');
      cur = repl.get(cur) as Value;
    }
    return cur;
  };
  for (const b of f.blocks) {
    for (const i of b.insts) mapInstOperands(i, resolve);
    if (b.term) mapTermOperands(b.term, resolve);
  }
}

/** True if the instruction has an effect besides its result (memory, calls) and so cannot be deleted. */
export function hasSideEffects(inst: Inst): boolean {
  switch (inst.kind) {
    case 'store':
    case 'atomic':
    case 'call':
    case 'memcpy':
    case 'memset':
    case 'pktload': // may end the program
      return true;
    case 'load':
      return inst.volatile;
    default:
      return false;
  }
}

/** Removes `pred` from the incoming lists of the phis of `block`. */
export function removePhiIncoming(block: Block, pred: Block): void {
  for (const i of block.insts) {
    if (i.kind !== 'phi') break;
    i.incoming = i.incoming.filter((inc) => inc.block !== pred);
  }
}

/**
 * A key equal for equal constants and symbol addresses (`c32:5`, `m:name`, `g:sym+off`, `f:name`), so
 * passes can recognise repeats of one; undefined for computed values.
 */
export function constantKey(v: Value): string | undefined {
  switch (v.kind) {
    case 'const':
      return `c${v.type.kind === 'int' ? v.type.bits : 'p'}:${v.value}`;
    case 'mapref':
      return `m:${v.name}`;
    case 'globalref':
      return `g:${v.symbol}+${v.offset}`;
    case 'funcref':
      return `f:${v.name}`;
    default:
      return undefined;
  }
}
