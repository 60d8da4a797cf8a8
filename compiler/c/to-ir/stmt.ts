// Statements. In: typed-AST statements of one function body; out: IR blocks and terminators — if/else
// diamonds, loops (loops.ts), switch (switch.ts), goto/labels as direct branches, return with the
// converted value (records through the hidden return slot), local declarations as stack-slot
// initialisation (init.ts), and the empty `asm volatile("" ::: "memory")` / `asm("" : "+r"(x))`
// barriers BPF code uses (no code: they only restrain optimisers).
import type { Block } from '../../ir/index.js';
import type { TExpr, TStmt, VarSymbol, TInitializer, LabelInfo } from '../sema/index.js';
import type { FnLowering } from './context.js';
import { isRecordOrArray, sizeOfType } from './ctypes.js';
import { discard, rvalue } from './expr.js';
import { branchOn } from './cond.js';
import { aggAddr, slotOf, varAddr } from './lvalue.js';
import { addrValue, storeScalar } from './memory.js';
import { lowerInitializer } from './init.js';
import { lowerDoWhile, lowerFor, lowerWhile } from './loops.js';
import { lowerCase, lowerSwitch } from './switch.js';

export function lowerStmts(fx: FnLowering, stmts: readonly TStmt[]): void {
  for (const s of stmts) lowerStmt(fx, s);
}

export function labelBlock(fx: FnLowering, l: LabelInfo): Block {
  let b = fx.labels.get(l);
  if (!b) {
    b = fx.b.newBlock(l.name);
    fx.labels.set(l, b);
  }
  return b;
}

export function lowerStmt(fx: FnLowering, s: TStmt): void {
  fx.deadBlock();
  fx.at(s.span);
  switch (s.kind) {
    case 'Compound':
      lowerStmts(fx, s.items);
      return;
    case 'Decl':
      for (const v of s.vars) declareLocal(fx, v.symbol, v.init);
      return;
    case 'Expr':
      if (s.expr) discard(fx, s.expr);
      return;
    case 'If': {
      const t = fx.b.newBlock('if.then');
      const join = fx.b.newBlock('if.end');
      const f = s.else ? fx.b.newBlock('if.else') : join;
      branchOn(fx, s.cond, t, f);
      fx.b.setBlock(t);
      lowerStmt(fx, s.then);
      fx.jump(join);
      if (s.else) {
        fx.b.setBlock(f);
        lowerStmt(fx, s.else);
        fx.jump(join);
      }
      fx.b.setBlock(join);
      return;
    }
    case 'Switch':
      lowerSwitch(fx, s);
      return;
    case 'Case':
    case 'Default':
      lowerCase(fx, s);
      return;
    case 'While':
      lowerWhile(fx, s);
      return;
    case 'DoWhile':
      lowerDoWhile(fx, s);
      return;
    case 'For':
      lowerFor(fx, s);
      return;
    case 'Goto':
      fx.b.br(labelBlock(fx, s.label));
      return;
    case 'Label': {
      const blk = labelBlock(fx, s.label);
      fx.jump(blk);
      fx.b.setBlock(blk);
      lowerStmt(fx, s.body);
      return;
    }
    case 'Continue': {
      const t = [...fx.targets].reverse().find((x) => x.continueTo !== undefined);
      if (!t?.continueTo) return fx.error("'continue' outside a loop", s.span, 'C1217');
      fx.b.br(t.continueTo);
      return;
    }
    case 'Break': {
      const t = fx.targets[fx.targets.length - 1];
      if (!t) return fx.error("'break' outside a loop or switch", s.span, 'C1217');
      fx.b.br(t.breakTo);
      return;
    }
    case 'Return':
      lowerReturn(fx, s.value);
      return;
    case 'Asm':
      lowerAsm(fx, s);
      return;
    case 'Error':
      return fx.error('statement with errors', s.span);
    default: {
      const never: never = s;
      return never;
    }
  }
}

function lowerReturn(fx: FnLowering, value: TExpr | undefined): void {
  const frame = fx.inlined[fx.inlined.length - 1];
  if (frame) {
    if (value && frame.result && frame.resultType) {
      if (isRecordOrArray(value.type)) {
        const src = aggAddr(fx, value);
        fx.b.memcpy(addrValue(fx, frame.result), addrValue(fx, src), sizeOfType(value.type), { dstAlign: frame.result.align, srcAlign: src.stack ? src.align : 1 });
      } else {
        storeScalar(fx, { addr: frame.result, type: frame.resultType }, rvalue(fx, value));
      }
    } else if (value) discard(fx, value);
    fx.jump(frame.exit);
    return;
  }
  if (!value) {
    if (fx.retType === undefined) fx.b.ret();
    else fx.b.ret(fx.zero(fx.retType));
    return;
  }
  if (fx.sret && isRecordOrArray(value.type)) {
    const src = aggAddr(fx, value);
    fx.at(value.span);
    fx.b.memcpy(fx.sret, addrValue(fx, src), sizeOfType(value.type), { dstAlign: 8, srcAlign: src.align });
    fx.b.ret();
    return;
  }
  if (fx.retType === undefined) {
    discard(fx, value);
    fx.deadBlock();
    fx.b.ret();
    return;
  }
  const v = rvalue(fx, value);
  fx.at(value.span);
  fx.b.ret(v);
}

/** A block-scope variable coming into scope: its slot gets the initial value. */
export function declareLocal(fx: FnLowering, sym: VarSymbol, init: TInitializer | undefined): void {
  if (sym.storage !== 'local') return;
  slotOf(fx, sym);
  const addr = varAddr(fx, sym, sym.span);
  // (padding of objects whose address reaches a helper is zeroed by the IR's zeroPadding pass)
  if (init) lowerInitializer(fx, addr, init, fx.exposed.has(sym));
}

function lowerAsm(fx: FnLowering, s: TStmt & { kind: 'Asm' }): void {
  if (s.template.trim() !== '' || s.labels.length > 0) {
    return fx.error('inline assembly is not supported (only empty barriers such as asm volatile("" ::: "memory"))', s.span);
  }
  // `asm("" : "+r"(x))` keeps x as it is; inputs are evaluated for their side effects
  for (const o of s.inputs) discard(fx, o.expr);
}
