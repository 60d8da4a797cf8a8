// Control-flow graph algorithms over any graph given by an entry node and a successor function (used
// for IR blocks and for machine blocks in codegen): reverse postorder, predecessors, dominators
// (Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm", 2001), dominance frontiers and
// natural-loop nesting depth.

export interface Graph<N> {
  entry: N;
  succs(n: N): readonly N[];
}

/** Nodes reachable from the entry in reverse postorder (iterative DFS). */
export function reversePostorder<N>(g: Graph<N>): N[] {
  const post: N[] = [];
  const seen = new Set<N>([g.entry]);
  const stack: { n: N; i: number }[] = [{ n: g.entry, i: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { n: N; i: number };
    const ss = g.succs(top.n);
    if (top.i < ss.length) {
      const s = ss[top.i++] as N;
      if (!seen.has(s)) {
        seen.add(s);
        stack.push({ n: s, i: 0 });
      }
    } else {
      post.push(top.n);
      stack.pop();
    }
  }
  return post.reverse();
}

export interface DomInfo<N> {
  /** Reachable nodes in reverse postorder. */
  rpo: N[];
  /** Immediate dominator (the entry maps to itself). Unreachable nodes are absent. */
  idom: Map<N, N>;
  /** Dominator-tree children. */
  children: Map<N, N[]>;
  /** Predecessors among reachable nodes. */
  preds: Map<N, N[]>;
  dominates(a: N, b: N): boolean;
  /** Dominance frontier of every reachable node. */
  frontier(): Map<N, Set<N>>;
}

export function dominators<N>(g: Graph<N>): DomInfo<N> {
  const rpo = reversePostorder(g);
  const index = new Map<N, number>();
  rpo.forEach((n, i) => index.set(n, i));
  const preds = new Map<N, N[]>();
  for (const n of rpo) preds.set(n, []);
  for (const n of rpo) {
    for (const s of g.succs(n)) {
      const l = preds.get(s);
      if (l && !l.includes(n)) l.push(n);
    }
  }
  const idom = new Map<N, N>();
  idom.set(g.entry, g.entry);
  const intersect = (a: N, b: N): N => {
    let x = a;
    let y = b;
    while (x !== y) {
      while ((index.get(x) as number) > (index.get(y) as number)) x = idom.get(x) as N;
      while ((index.get(y) as number) > (index.get(x) as number)) y = idom.get(y) as N;
    }
    return x;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of rpo) {
      if (n === g.entry) continue;
      let nd: N | undefined;
      for (const p of preds.get(n) as N[]) {
        if (!idom.has(p)) continue;
        nd = nd === undefined ? p : intersect(p, nd);
      }
      if (nd !== undefined && idom.get(n) !== nd) {
        idom.set(n, nd);
        changed = true;
      }
    }
  }
  const children = new Map<N, N[]>();
  for (const n of rpo) children.set(n, []);
  for (const n of rpo) if (n !== g.entry) (children.get(idom.get(n) as N) as N[]).push(n);
  // DFS numbering of the dominator tree for O(1) dominance queries
  const pre = new Map<N, number>();
  const last = new Map<N, number>();
  let counter = 0;
  const stack: { n: N; i: number }[] = [{ n: g.entry, i: 0 }];
  pre.set(g.entry, counter++);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { n: N; i: number };
    const ch = children.get(top.n) as N[];
    if (top.i < ch.length) {
      const c = ch[top.i++] as N;
      pre.set(c, counter++);
      stack.push({ n: c, i: 0 });
    } else {
      last.set(top.n, counter - 1);
      stack.pop();
    }
  }
  const dominates = (a: N, b: N): boolean => {
    const pa = pre.get(a);
    const pb = pre.get(b);
    if (pa === undefined || pb === undefined) return false;
    return pa <= pb && pb <= (last.get(a) as number);
  };
  const frontier = (): Map<N, Set<N>> => {
    const df = new Map<N, Set<N>>();
    for (const n of rpo) df.set(n, new Set());
    for (const n of rpo) {
      const ps = preds.get(n) as N[];
      if (ps.length < 2) continue;
      const stop = idom.get(n) as N;
      for (const p of ps) {
        let runner = p;
        while (runner !== stop) {
          (df.get(runner) as Set<N>).add(n);
          if (runner === g.entry) break;
          runner = idom.get(runner) as N;
        }
      }
    }
    return df;
  };
  return { rpo, idom, children, preds, dominates, frontier };
}

/**
 * Loop nesting depth of every reachable node: the number of natural loops (back edge t→h with h
 * dominating t) whose body contains the node.
 */
export function loopDepths<N>(g: Graph<N>, dom: DomInfo<N> = dominators(g)): Map<N, number> {
  const depth = new Map<N, number>();
  for (const n of dom.rpo) depth.set(n, 0);
  for (const t of dom.rpo) {
    for (const h of g.succs(t)) {
      if (!dom.dominates(h, t)) continue;
      // natural loop of back edge t -> h
      const body = new Set<N>([h]);
      const work: N[] = [];
      if (t !== h) {
        body.add(t);
        work.push(t);
      }
      while (work.length > 0) {
        const n = work.pop() as N;
        for (const p of dom.preds.get(n) ?? []) {
          if (!body.has(p)) {
            body.add(p);
            work.push(p);
          }
        }
      }
      for (const n of body) depth.set(n, (depth.get(n) as number) + 1);
    }
  }
  return depth;
}
