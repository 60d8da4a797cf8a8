// Final tidying of a lowered function. In: the IR function as the statement lowering left it (blocks
// for code after return/break/goto that nothing reaches, blocks never terminated); out: every block
// terminated, only blocks reachable from the entry kept (in reverse postorder), with phis no longer
// naming removed blocks.
import type { Block, Func } from '../../ir/index.js';

function successors(b: Block): Block[] {
  const t = b.term;
  if (!t) return [];
  switch (t.kind) {
    case 'br':
      return [t.target];
    case 'condbr':
      return [t.then, t.else];
    case 'switch':
      return [...t.cases.map((c) => c.target), t.default];
    case 'ret':
    case 'unreachable':
      return [];
    default: {
      const never: never = t;
      return never;
    }
  }
}

export function cleanupFunc(f: Func): void {
  for (const b of f.blocks) {
    if (!b.term) b.term = { kind: 'unreachable', span: b.insts[b.insts.length - 1]?.span ?? f.span };
  }
  // reverse postorder: a value's definition comes before its uses in block order
  const reached = new Set<Block>();
  const post: Block[] = [];
  const stack: { b: Block; next: Block[] }[] = [];
  const enter = (b: Block): void => {
    reached.add(b);
    stack.push({ b, next: successors(b).reverse() });
  };
  enter(f.blocks[0] as Block);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { b: Block; next: Block[] };
    const s = top.next.pop();
    if (s === undefined) {
      post.push(top.b);
      stack.pop();
    } else if (!reached.has(s)) enter(s);
  }
  f.blocks = post.reverse();
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.kind === 'phi') i.incoming = i.incoming.filter((x) => reached.has(x.block));
      i.block = b;
    }
  }
}
