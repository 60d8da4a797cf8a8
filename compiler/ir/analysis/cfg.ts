// The control-flow graph of an IR function, and its dominator information.
import type { Block, Func } from '../nodes.js';
import { successors } from '../operands.js';
import { dominators, type DomInfo, type Graph } from './graph.js';

export function funcGraph(f: Func): Graph<Block> {
  return { entry: f.blocks[0] as Block, succs: (b) => successors(b.term) };
}

export function funcDominators(f: Func): DomInfo<Block> {
  return dominators(funcGraph(f));
}
