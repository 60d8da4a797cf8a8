// Inliner: calls to `inline always` functions, and to small static functions (or static functions with
// one call site) that are not `inline never`, are replaced by a copy of the callee's body: the calling
// block is split at the call, the callee's blocks are cloned with parameters mapped to the arguments,
// its allocas move to the caller's entry block, and its returns jump to the continuation (a phi collects
// the result). Inlined instructions keep the callee's source spans. Recursive calls are never inlined.
// `removeDeadFuncs` drops static functions nobody calls or references any more.
import { InternalError } from '../../../runtime/errors.js';
import type { Block, Func, Inst, Module, PhiInst, Term, Value } from '../nodes.js';
import { instOperands, mapInstOperands, mapTermOperands, replaceUses, successors, termOperands } from '../operands.js';
import type { ValueType } from '../types.js';
import type { FuncPass } from './util.js';

/** Instruction count under which a static function is inlined at every call site. */
export const INLINE_THRESHOLD = 24;

function size(f: Func): number {
  return f.blocks.reduce((n, b) => n + b.insts.length + 1, 0);
}

function calls(f: Func): string[] {
  const out: string[] = [];
  for (const b of f.blocks) for (const i of b.insts) if (i.kind === 'call' && i.callee.kind === 'func') out.push(i.callee.name);
  return out;
}

/** True if a call from `from` can (transitively) reach `to` in the call graph. */
function reaches(m: Module, from: string, to: string): boolean {
  const seen = new Set<string>();
  const start = m.funcs.find((x) => x.name === from);
  const work = start ? calls(start) : [];
  while (work.length > 0) {
    const n = work.pop() as string;
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    const f = m.funcs.find((x) => x.name === n);
    if (f) work.push(...calls(f));
  }
  return false;
}

function callSites(m: Module, name: string): number {
  let n = 0;
  for (const f of m.funcs) for (const c of calls(f)) if (c === name) n++;
  return n;
}

function shouldInline(m: Module, caller: Func, callee: Func, alwaysOnly: boolean): boolean {
  if (callee === caller || callee.inline === 'never') return false;
  if (reaches(m, callee.name, callee.name) || reaches(m, callee.name, caller.name)) return false;
  if (callee.inline === 'always') return true;
  if (alwaysOnly) return false;
  if (callee.linkage !== 'static') return false;
  return size(callee) <= INLINE_THRESHOLD || callSites(m, callee.name) === 1;
}

/** The inliner: `alwaysOnly` restricts it to `inline always` callees (-O0). */
export function makeInliner(alwaysOnly: boolean): FuncPass {
  return (f, ctx) => inlineCalls(f, ctx.module, alwaysOnly);
}
export const inline: FuncPass = makeInliner(false);
export const inlineAlways: FuncPass = makeInliner(true);

function inlineCalls(f: Func, m: Module, alwaysOnly: boolean): boolean {
  let changed = false;
  for (let round = 0; round < 64; round++) {
    let site: { b: Block; k: number; callee: Func } | undefined;
    for (const b of f.blocks) {
      b.insts.forEach((i, k) => {
        if (site || i.kind !== 'call' || i.callee.kind !== 'func') return;
        const name = i.callee.name;
        const callee = m.funcs.find((x) => x.name === name);
        if (callee && shouldInline(m, f, callee, alwaysOnly)) site = { b, k, callee };
      });
      if (site) break;
    }
    if (!site) return changed;
    inlineAt(f, site.b, site.k, site.callee);
    changed = true;
  }
  return changed;
}

/** Inlines the call at `b.insts[k]` (a call to `g`). */
export function inlineAt(f: Func, b: Block, k: number, g: Func): void {
  const call = b.insts[k] as Inst;
  if (call.kind !== 'call') throw new InternalError('inlineAt: not a call');
  // split: the continuation takes the rest of b and its terminator
  const cont: Block = { id: f.nextId++, name: b.name ? `${b.name}.cont` : undefined, insts: b.insts.slice(k + 1), term: b.term };
  for (const i of cont.insts) i.block = cont;
  b.insts = b.insts.slice(0, k);
  for (const s of successors(cont.term)) {
    for (const i of s.insts) {
      if (i.kind !== 'phi') break;
      for (const inc of i.incoming) if (inc.block === b) inc.block = cont;
    }
  }
  // clone the callee
  const vmap = new Map<Value, Value>();
  g.params.forEach((p, n) => vmap.set(p, call.args[n] as Value));
  const bmap = new Map<Block, Block>();
  for (const gb of g.blocks) bmap.set(gb, { id: f.nextId++, name: gb.name ? `${g.name}.${gb.name}` : undefined, insts: [], term: null });
  const entry = f.blocks[0] as Block;
  const rets: { block: Block; value: Value | null }[] = [];
  const clones: Inst[] = [];
  for (const gb of g.blocks) {
    const nb = bmap.get(gb) as Block;
    for (const i of gb.insts) {
      const c = { ...i, id: f.nextId++ } as Inst;
      if (c.kind === 'phi') c.incoming = c.incoming.map((inc) => ({ ...inc }));
      if (c.kind === 'call') c.args = c.args.slice();
      vmap.set(i, c);
      clones.push(c);
      if (c.kind === 'alloca') {
        let at = 0;
        while (at < entry.insts.length && (entry.insts[at] as Inst).kind === 'alloca') at++;
        entry.insts.splice(at, 0, c);
        c.block = entry;
      } else {
        nb.insts.push(c);
        c.block = nb;
      }
    }
    const t = gb.term;
    if (!t) throw new InternalError(`inlineAt: @${g.name} has a block without terminator`);
    if (t.kind === 'ret') {
      rets.push({ block: nb, value: t.value });
      nb.term = { kind: 'br', target: cont, span: t.span };
    } else nb.term = cloneTerm(t, bmap);
  }
  const mapV = (v: Value): Value => vmap.get(v) ?? v;
  for (const c of clones) {
    mapInstOperands(c, mapV);
    if (c.kind === 'phi') for (const inc of c.incoming) inc.block = bmap.get(inc.block) as Block;
  }
  for (const gb of g.blocks) {
    const nb = bmap.get(gb) as Block;
    if (nb.term) mapTermOperands(nb.term, mapV);
  }
  for (const r of rets) if (r.value) r.value = mapV(r.value);
  // result
  let result: Value | undefined;
  if (call.type.kind !== 'void') {
    const withValue = rets.filter((r) => r.value);
    if (withValue.length === 1 && rets.length === 1) result = (withValue[0] as { value: Value }).value;
    else {
      const phi: PhiInst = {
        kind: 'phi',
        incoming: rets.map((r) => ({ block: r.block, value: r.value ?? { kind: 'undef', type: call.type as ValueType } })),
        id: f.nextId++,
        type: call.type,
        span: call.span,
        block: cont,
      };
      cont.insts.unshift(phi);
      result = phi;
    }
  }
  b.term = { kind: 'br', target: bmap.get(g.blocks[0] as Block) as Block, span: call.span };
  const at = f.blocks.indexOf(b);
  f.blocks.splice(at + 1, 0, ...g.blocks.map((gb) => bmap.get(gb) as Block), cont);
  call.block = null;
  if (result) replaceUses(f, new Map([[call, result]]));
  else if (call.type.kind !== 'void') replaceUses(f, new Map<Value, Value>([[call, { kind: 'undef', type: call.type as ValueType }]]));
}

function cloneTerm(t: Term, bmap: Map<Block, Block>): Term {
  const mb = (x: Block): Block => bmap.get(x) as Block;
  switch (t.kind) {
    case 'br':
      return { kind: 'br', target: mb(t.target), span: t.span };
    case 'condbr':
      return { kind: 'condbr', cond: t.cond, then: mb(t.then), else: mb(t.else), span: t.span };
    case 'switch':
      return { kind: 'switch', value: t.value, cases: t.cases.map((c) => ({ value: c.value, target: mb(c.target) })), default: mb(t.default), span: t.span };
    case 'ret':
    case 'unreachable':
      return { ...t };
    default: {
      const never: never = t;
      throw new InternalError(`cloneTerm: ${(never as Term).kind}`);
    }
  }
}

/** Removes static functions that are neither called nor referenced (funcref) by any other function. */
export function removeDeadFuncs(m: Module): boolean {
  const before = m.funcs.length;
  for (let again = true; again; ) {
    again = false;
    const used = new Set<string>();
    for (const f of m.funcs) {
      for (const b of f.blocks) {
        for (const i of b.insts) {
          if (i.kind === 'call' && i.callee.kind === 'func' && i.callee.name !== f.name) used.add(i.callee.name);
          for (const v of instOperands(i)) if (v.kind === 'funcref') used.add(v.name);
        }
        if (b.term) for (const v of termOperands(b.term)) if (v.kind === 'funcref') used.add(v.name);
      }
    }
    const keep = m.funcs.filter((f) => f.linkage !== 'static' || used.has(f.name));
    if (keep.length !== m.funcs.length) {
      m.funcs = keep;
      again = true;
    }
  }
  return m.funcs.length !== before;
}
