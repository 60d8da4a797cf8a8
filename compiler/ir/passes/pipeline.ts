// The optimisation pipeline per level, with optional validation after every pass (tests turn it on) and
// a trace hook for golden dumps.
//   -O0: inline `always_inline` callees, provenance, expand memcpy/memset; every variable stays in its
//        stack slot, but for the verifier's sake (it must see the value a check bounded where it is
//        used): loads are reused within extended basic blocks (CSE: a field read twice from memory is
//        two unrelated values to it) and small stack objects sit in 8-byte aligned slots (where the
//        verifier keeps the bounds of a value written there).
// memcpy/memset are expanded after mem2reg and provenance, so the pointer kinds (and so the widest
// accesses allowed) are known.
//   -O1: + mem2reg, constant propagation, simplification, copy propagation, DCE, CFG simplification,
//        and one CSE round (as clang -O1 runs EarlyCSE): a field loaded again after a bounds check must
//        be the checked value, or the verifier sees an unbounded one (a map index, a packet offset).
//   -O2: + inlining of small static functions, CSE, loop-invariant code motion, load widening,
//        bounds-check coalescing, tail merging of calls, iterated.
// Every level ends with zeroPadding (stack bytes a helper may read are initialised: verifier rule).
import { InternalError } from '../../../runtime/errors.js';
import type { Func, Module } from '../nodes.js';
import { printFunc } from '../print.js';
import { validateModule } from '../validate.js';
import { alignSlots } from './align-slots.js';
import { boundsChecks } from './bounds.js';
import { copyprop } from './copyprop.js';
import { cse } from './cse.js';
import { dce } from './dce.js';
import { expandMem } from './expand-mem.js';
import { inline, inlineAlways, removeDeadFuncs } from './inline.js';
import { legacyLoads } from './legacy-loads.js';
import { licm } from './licm.js';
import { mem2reg } from './mem2reg.js';
import { provenance } from './provenance.js';
import { sccp } from './sccp.js';
import { simplify } from './simplify.js';
import { simplifycfg } from './simplifycfg.js';
import { sinkCalls } from './sink-calls.js';
import type { FuncPass, PassContext } from './util.js';
import { widenLoads } from './widen-loads.js';
import { zeroPadding } from './zero-padding.js';

export type OptLevel = 0 | 1 | 2;

export interface OptimizeOptions {
  level: OptLevel;
  /** Run the validator after every pass and throw InternalError naming the pass that broke the IR. */
  validate?: boolean;
  /** Called after every pass that changed something. */
  trace?: (pass: string, func: Func) => void;
}

export const PASSES: Record<string, FuncPass> = {
  alignSlots,
  inlineAlways,
  inline,
  provenance,
  expandMem,
  mem2reg,
  sccp,
  simplify,
  copyprop,
  dce,
  simplifycfg,
  cse,
  licm,
  widenLoads,
  boundsChecks,
  sinkCalls,
  legacyLoads,
  zeroPadding,
};

function schedule(level: OptLevel): string[][] {
  const base = ['inlineAlways', 'provenance'];
  if (level === 0) return [[...base, 'expandMem', 'cse', 'zeroPadding', 'alignSlots']];
  const cleanup = ['mem2reg', 'copyprop', 'mem2reg', 'provenance', 'expandMem', 'mem2reg', 'simplify', 'sccp', 'legacyLoads', 'copyprop', 'dce', 'simplifycfg'];
  if (level === 1) return [base, cleanup, ['simplify', 'provenance', 'cse', 'dce', 'simplifycfg', 'zeroPadding']];
  const round = ['simplify', 'provenance', 'cse', 'licm', 'widenLoads', 'boundsChecks', 'sinkCalls', 'simplify', 'sccp', 'copyprop', 'dce', 'simplifycfg'];
  return [['inline', 'provenance'], cleanup, round, round, ['zeroPadding']];
}

export function optimizeModule(m: Module, opts: OptimizeOptions): void {
  const ctx: PassContext = { module: m };
  const check = (pass: string): void => {
    if (!opts.validate) return;
    const errs = validateModule(m);
    if (errs.length > 0) throw new InternalError(`after pass ${pass}: invalid IR:\n  ${errs.join('\n  ')}`);
  };
  check('input');
  for (const group of schedule(opts.level)) {
    for (const name of group) {
      const pass = PASSES[name] as FuncPass;
      for (const f of [...m.funcs]) {
        const changed = pass(f, ctx);
        if (changed) {
          check(`${name} on @${f.name}`);
          opts.trace?.(name, f);
        }
      }
      if (name === 'inline' || name === 'inlineAlways') {
        if (removeDeadFuncs(m)) check('removeDeadFuncs');
      }
    }
  }
}

/** Runs one pass by name (tests). */
export function runPass(name: string, f: Func, m: Module): boolean {
  const pass = PASSES[name];
  if (!pass) throw new InternalError(`unknown pass ${name}`);
  return pass(f, { module: m });
}

export { printFunc };
