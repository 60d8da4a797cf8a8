// `switch` (C11 §6.8.4.2). In: the promoted controlling expression, the body and the list of its case
// labels (GNU ranges `case lo ... hi` included); out: an IR `switch` terminator over the single values
// (the back end turns it into a compare tree: eBPF has no jump tables) preceded, for ranges too wide to
// list, by two-compare range tests in the controlling type's signedness. Case labels anywhere in the body
// (Duff's device) just start their block; falling through is a plain branch.
import type { Block } from '../../ir/index.js';
import { normInt, signedOf } from '../../ir/index.js';
import type { TCaseStmt, TDefaultStmt, TStmt } from '../sema/index.js';
import type { FnLowering } from './context.js';
import { irIntOf, isSigned } from './ctypes.js';
import { rvalue } from './expr.js';
import { lowerStmt } from './stmt.js';

/** Ranges with at most this many values are listed value by value. */
const LIST_MAX = 64;

export function lowerSwitch(fx: FnLowering, s: TStmt & { kind: 'Switch' }): void {
  const v = rvalue(fx, s.cond);
  fx.at(s.span);
  const t = irIntOf(s.cond.type);
  const signed = isSigned(s.cond.type);
  const exit = fx.b.newBlock('sw.end');
  const dflt = s.default ? fx.b.newBlock('sw.default') : exit;
  if (s.default) fx.caseBlocks.set(s.default, dflt);
  const singles: [bigint, Block][] = [];
  const ranges: { lo: bigint; hi: bigint; target: Block }[] = [];
  for (const c of s.cases) {
    const blk = fx.b.newBlock('sw.case');
    fx.caseBlocks.set(c, blk);
    const lo = normInt(c.low, t.bits);
    const hi = normInt(c.high, t.bits);
    const [slo, shi] = signed ? [signedOf(lo, t.bits), signedOf(hi, t.bits)] : [lo, hi];
    if (shi < slo) continue; // an empty GNU range
    if (shi - slo < BigInt(LIST_MAX)) for (let x = slo; x <= shi; x++) singles.push([x, blk]);
    else ranges.push({ lo: slo, hi: shi, target: blk });
  }
  for (const r of ranges) {
    const inLo = fx.b.newBlock('sw.range');
    const next = fx.b.newBlock('sw.next');
    fx.b.condbr(fx.b.cmp(signed ? 'sge' : 'uge', v, fx.b.int(t, r.lo)), inLo, next);
    fx.b.setBlock(inLo);
    fx.b.condbr(fx.b.cmp(signed ? 'sle' : 'ule', v, fx.b.int(t, r.hi)), r.target, next);
    fx.b.setBlock(next);
  }
  if (singles.length === 0) fx.b.br(dflt);
  else fx.b.switch(v, singles, dflt);
  // code before the first label is unreachable
  fx.b.setBlock(fx.b.newBlock('sw.body'));
  fx.targets.push({ breakTo: exit });
  lowerStmt(fx, s.body);
  fx.targets.pop();
  fx.jump(exit);
  fx.b.setBlock(exit);
}

export function lowerCase(fx: FnLowering, s: TCaseStmt | TDefaultStmt): void {
  const blk = fx.caseBlocks.get(s);
  if (!blk) return fx.error(`'${s.kind === 'Case' ? 'case' : 'default'}' outside a switch`, s.span, 'C1217');
  fx.jump(blk);
  fx.b.setBlock(blk);
  lowerStmt(fx, s.body);
}
