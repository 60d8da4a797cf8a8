// Deep copies of IR functions and modules (values, blocks and phi edges remapped; spans shared), so a
// stage can rewrite IR without touching its caller's copy.
import { InternalError } from '../../runtime/errors.js';
import type { Block, Func, Inst, Module, Param, Term, Value } from './nodes.js';
import { mapInstOperands, mapTermOperands } from './operands.js';

export function cloneFunc(f: Func): Func {
  const vmap = new Map<Value, Value>();
  const bmap = new Map<Block, Block>();
  const params: Param[] = f.params.map((p) => {
    const q: Param = { ...p };
    vmap.set(p, q);
    return q;
  });
  for (const b of f.blocks) bmap.set(b, { id: b.id, name: b.name, insts: [], term: null });
  const insts: Inst[] = [];
  for (const b of f.blocks) {
    const nb = bmap.get(b) as Block;
    for (const i of b.insts) {
      const c = { ...i, block: nb } as Inst;
      if (c.kind === 'phi') c.incoming = c.incoming.map((x) => ({ block: bmap.get(x.block) as Block, value: x.value }));
      if (c.kind === 'call') c.args = c.args.slice();
      vmap.set(i, c);
      nb.insts.push(c);
      insts.push(c);
    }
  }
  const mv = (v: Value): Value => vmap.get(v) ?? v;
  for (const c of insts) mapInstOperands(c, mv);
  for (const b of f.blocks) {
    const nb = bmap.get(b) as Block;
    if (b.term) {
      nb.term = cloneTerm(b.term, bmap);
      mapTermOperands(nb.term, mv);
    }
  }
  return { ...f, params, blocks: f.blocks.map((b) => bmap.get(b) as Block) };
}

function cloneTerm(t: Term, bmap: Map<Block, Block>): Term {
  const m = (b: Block): Block => bmap.get(b) as Block;
  switch (t.kind) {
    case 'br':
      return { ...t, target: m(t.target) };
    case 'condbr':
      return { ...t, then: m(t.then), else: m(t.else) };
    case 'switch':
      return { ...t, cases: t.cases.map((c) => ({ value: c.value, target: m(c.target) })), default: m(t.default) };
    case 'ret':
    case 'unreachable':
      return { ...t };
    default: {
      const never: never = t;
      throw new InternalError(`cloneTerm: ${(never as Term).kind}`);
    }
  }
}

export function cloneModule(m: Module): Module {
  return {
    funcs: m.funcs.map(cloneFunc),
    maps: m.maps.map((x) => ({ ...x })),
    globals: m.globals.map((g) => ({ ...g, init: g.init ? g.init.slice() : undefined })),
  };
}
