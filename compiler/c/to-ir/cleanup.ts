// Final tidying of a lowered function. In: the IR function as the statement lowering left it (blocks
// for code after return/break/goto that nothing reaches, blocks never terminated); out: every block
// terminated and only blocks reachable from the entry kept, with phis no longer naming removed blocks.
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
  const reached = new Set<Block>();
  const work: Block[] = [f.blocks[0] as Block];
  while (work.length > 0) {
    const b = work.pop() as Block;
    if (reached.has(b)) continue;
    reached.add(b);
    work.push(...successors(b));
  }
  f.blocks = f.blocks.filter((b) => reached.has(b));
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.kind === 'phi') i.incoming = i.incoming.filter((x) => reached.has(x.block));
      i.block = b;
    }
  }
}
