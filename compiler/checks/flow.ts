// A forward dataflow solver over an IR function's blocks for the verifier-aware checks, and the shared
// vocabulary of those checks. The checks ask "may this fact hold on some path to here?" — a state is
// joined over predecessors, refined on the edges of conditional branches, and iterated in reverse
// postorder to a fixpoint. A check reports an instruction only when no path gives it what the kernel's
// verifier demands: the verifier walks every path, so such code is rejected whenever it is reached.
// In: a Func and a problem (entry state, join, transfer, edge refinement); out: the state at the start
// of every reachable block.
import type { Block, Func, Span } from '../ir/index.js';
import { funcGraph, reversePostorder, successors } from '../ir/index.js';
import { diagSpan } from '../codegen/diagnostics.js';
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics/index.js';

export interface ForwardProblem<S> {
  entry: S;
  join(a: S, b: S): S;
  equal(a: S, b: S): boolean;
  /** The state after block `b`'s instructions (before its terminator's edges). */
  transfer(b: Block, s: S): S;
  /** The state on the edge from `b` to `succ` (`s` is the state after `b`). */
  edge(b: Block, succ: Block, s: S): S;
}

/** Fixpoint iteration; returns the state at the entry of every reachable block. */
export function solveForward<S>(f: Func, p: ForwardProblem<S>, maxRounds = 200): Map<Block, S> {
  const order = reversePostorder(funcGraph(f));
  const at = new Map<Block, S>();
  const entry = f.blocks[0];
  if (!entry) return at;
  at.set(entry, p.entry);
  for (let round = 0, changed = true; changed && round < maxRounds; round++) {
    changed = false;
    for (const b of order) {
      const s = at.get(b);
      if (s === undefined) continue;
      const out = p.transfer(b, s);
      for (const succ of successors(b.term)) {
        const e = p.edge(b, succ, out);
        const old = at.get(succ);
        const next = old === undefined ? e : p.join(old, e);
        if (old === undefined || !p.equal(old, next)) {
          at.set(succ, next);
          changed = true;
        }
      }
    }
  }
  return at;
}

/** Collects diagnostics, one per code and source position. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  report(code: DiagnosticCode, message: string, span: Span, hint?: { message: string; span?: Span }): void {
    const key = `${code}:${span.file}:${span.line}:${span.col}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const notes = hint ? [hint.span ? { message: hint.message, span: diagSpan(hint.span) } : { message: hint.message }] : [];
    this.diagnostics.push(diagnostic(code, message, diagSpan(span), notes));
  }
}
