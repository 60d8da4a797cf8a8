// Calls. In: a typed-AST call; out: an IR call — of a kernel helper by id (the `(void *) N` pointer
// convention of bpf_helper_defs.h; a pointer result gets the provenance the helper table gives it,
// e.g. `map_value_or_null` for bpf_map_lookup_elem), or of a function of the unit by name (a BPF-to-BPF
// call unless the inliner takes it). Records are passed as pointers to a caller-made copy and returned
// through a hidden first parameter pointing at a caller stack slot. The legacy packet loads declared with
// `asm("llvm.bpf.load.byte/half/word")` become bpf_skb_load_bytes into a stack slot, a byte swap to host
// order and, as LD_ABS/LD_IND do when the offset is out of range, a return of 0 from the program.
import { T, helperInfo, ptrType, type PtrKind, type Type, type Value } from '../../ir/index.js';
import { resolve, type FunctionSymbol, type TExpr, type VarSymbol } from '../sema/index.js';
import type { Addr, FnLowering } from './context.js';
import { irTypeOf, isRecordOrArray, sizeOfType } from './ctypes.js';
import { rvalue } from './expr.js';
import { convert } from './arith.js';
import { aggAddr, tempAddr, varAddr } from './lvalue.js';
import { addrValue, loadInt, loadScalar, storeScalar } from './memory.js';
import { lowerStmt } from './stmt.js';
import { addressTaken, helperScratchArg } from './walk.js';

type CallExpr = TExpr & { kind: 'Call' };

/** The IR type a call of a helper returns. */
function helperRet(id: number, ct: TExpr['type']): Type {
  const it = irTypeOf(ct);
  if (it === undefined) return T.void;
  if (it.kind === 'ptr') {
    const r = helperInfo(id)?.ret;
    return r === undefined || r === 'scalar' || r === 'void' ? T.ptr.any : ptrType(r as PtrKind);
  }
  return it;
}

interface WriteBack {
  from: Addr;
  to: Addr;
  type: TExpr['type'];
}

function args(fx: FnLowering, e: CallExpr, writeBacks: WriteBack[] = []): Value[] {
  return e.args.map((a, k) => {
    const scratch = helperScratchArg(e, k);
    if (scratch && !fx.exposed.has(scratch.sym)) return scratchCopy(fx, scratch.sym, scratch.writes, a, writeBacks);
    if (isRecordOrArray(a.type)) {
      // by value: a private copy the callee may change
      const src = aggAddr(fx, a);
      const tmp = tempAddr(fx, a.type, 'arg');
      fx.b.memcpy(addrValue(fx, tmp), addrValue(fx, src), sizeOfType(a.type), { dstAlign: tmp.align, srcAlign: src.stack ? src.align : 1 });
      return addrValue(fx, tmp);
    }
    return rvalue(fx, a);
  });
}

/**
 * A stack copy of scalar `sym` for a helper that reads (or writes) it during the call; the variable
 * itself stays a register value. A written copy is loaded back into the variable after the call.
 */
function scratchCopy(fx: FnLowering, sym: VarSymbol, writes: boolean, arg: TExpr, writeBacks: WriteBack[]): Value {
  fx.at(arg.span);
  const src = varAddr(fx, sym, arg.span);
  const tmp = tempAddr(fx, sym.type, `${sym.name}.arg`);
  storeScalar(fx, { addr: tmp, type: sym.type }, loadScalar(fx, { addr: src, type: sym.type }));
  if (writes) writeBacks.push({ from: tmp, to: src, type: sym.type });
  return tmp.ptr;
}

/** After a helper call: copies written scratch arguments back into their variables. */
function writeBack(fx: FnLowering, writeBacks: WriteBack[]): void {
  for (const w of writeBacks) storeScalar(fx, { addr: w.to, type: w.type }, loadScalar(fx, { addr: w.from, type: w.type }));
}

/** Lowers a call; the result value (undefined for void and record results). */
export function lowerCall(fx: FnLowering, e: CallExpr, _want: boolean): Value | undefined {
  if (e.calleeHelperId !== undefined) {
    const writeBacks: WriteBack[] = [];
    const a = args(fx, e, writeBacks);
    fx.at(e.span);
    const rt = helperRet(e.calleeHelperId, e.type);
    const c = fx.b.callHelper(e.calleeHelperId, a, rt);
    writeBack(fx, writeBacks);
    return rt.kind === 'void' ? undefined : c;
  }
  const d = e.direct;
  if (!d) return fx.error('calls through function pointers are not supported in BPF programs', e.span);
  if (d.builtin !== undefined) return legacyLoad(fx, e, d.builtin);
  if (!d.definition) return fx.error(`function '${d.name}' is declared but not defined (kfuncs are not supported)`, e.span, 'C1304');
  if (mustInline(d)) {
    const r = inlineCall(fx, e);
    return r && irTypeOf(e.type) ? loadScalar(fx, { addr: r, type: e.type }) : undefined;
  }
  if (isRecordOrArray(e.type)) {
    lowerCallAgg(fx, e);
    return undefined;
  }
  const a = args(fx, e);
  fx.at(e.span);
  const rt = irTypeOf(e.type) ?? T.void;
  const c = fx.b.callFunc(fx.mod.funcName(d), a, rt);
  return rt.kind === 'void' ? undefined : c;
}

/** A call returning a record: the result lands in a fresh stack slot passed as hidden first argument. */
export function lowerCallAgg(fx: FnLowering, e: CallExpr): Addr {
  const d = e.direct;
  if (!d || !d.definition || e.calleeHelperId !== undefined) return fx.error('a call returning a record must call a function defined in this file', e.span);
  if (mustInline(d)) return inlineCall(fx, e) as Addr;
  const tmp = tempAddr(fx, e.type, 'ret');
  const a = args(fx, e);
  fx.at(e.span);
  fx.b.callFunc(fx.mod.funcName(d), [addrValue(fx, tmp), ...a], T.void);
  return tmp;
}

const BPF_FUNC_skb_load_bytes = 26;

/** `llvm.bpf.load.{byte,half,word}(skb, off)`: LD_ABS/LD_IND semantics from bpf_skb_load_bytes. */
function legacyLoad(fx: FnLowering, e: CallExpr, name: string): Value {
  const width = name === 'llvm.bpf.load.byte' ? 1 : name === 'llvm.bpf.load.half' ? 2 : name === 'llvm.bpf.load.word' ? 4 : 0;
  if (width === 0) return fx.error(`intrinsic '${name}' is not supported`, e.span);
  if (fx.fn.attributes.section === undefined) return fx.error(`'${name}' is only supported in the program function itself`, e.span);
  const [skbE, offE] = e.args;
  if (!skbE || !offE) return fx.error(`'${name}' needs two arguments`, e.span);
  const skb = rvalue(fx, skbE);
  const off = convert(fx, rvalue(fx, offE), offE.type, { kind: 'int', int: 'unsigned int', quals: 0 });
  fx.at(e.span);
  const slot: Addr = { ptr: fx.b.alloca(4, 4, 'ldabs'), offset: 0, align: 4, volatile: false, stack: true };
  const r = fx.b.callHelper(BPF_FUNC_skb_load_bytes, [skb, off, slot.ptr, fx.b.i32(width)], T.i64);
  const ok = fx.b.newBlock('ldabs.ok');
  const fail = fx.b.newBlock('ldabs.fail');
  fx.b.condbr(fx.b.cmp('slt', r, fx.i64(0)), fail, ok);
  fx.b.setBlock(fail);
  fx.b.ret(fx.retType ? fx.zero(fx.retType) : undefined);
  fx.b.setBlock(ok);
  const t = width === 4 ? T.i32 : width === 2 ? T.i16 : T.i8;
  let v: Value = loadInt(fx, slot, width as 1 | 2 | 4, t);
  if (width > 1) v = fx.b.bswap(v);
  const rt = irTypeOf(e.type);
  return rt && rt.kind === 'int' && rt.bits > t.bits ? fx.b.zext(v, rt.bits) : v;
}


/** Static functions taking more than the 5 register arguments are inlined where they are called. */
export function mustInline(f: FunctionSymbol): boolean {
  const n = f.type.params.length + (isRecordOrArray(f.type.returns) ? 1 : 0);
  return n > 5 && f.linkage === 'internal' && f.attributes.section === undefined;
}

/**
 * Inlines a call at the AST level: the arguments go to fresh slots of the callee's parameters, its body
 * is lowered in place, and its returns store the result in a slot and branch to the continuation.
 * Returns the result's location (undefined for void).
 */
function inlineCall(fx: FnLowering, e: CallExpr): Addr | undefined {
  const d = e.direct as FunctionSymbol;
  const def = d.definition!;
  if (fx.inlined.some((x) => x.callee === d)) return fx.error(`recursive call of '${d.name}'`, e.span, 'C1300');
  const values = e.args.map((a) => (isRecordOrArray(a.type) ? undefined : rvalue(fx, a)));
  const aggs = e.args.map((a) => (isRecordOrArray(a.type) ? aggAddr(fx, a) : undefined));
  fx.at(e.span);
  // fresh slots for this instance of the callee's variables
  for (const v of [...def.params, ...def.locals]) fx.slots.delete(v);
  for (const l of def.labels) fx.labels.delete(l);
  for (const v of addressTaken([def.body])) fx.exposed.add(v);
  def.params.forEach((p, i) => {
    const slot = tempAddr(fx, p.type, p.name || undefined);
    fx.slots.set(p, slot.ptr);
    const agg = aggs[i];
    if (agg) fx.b.memcpy(addrValue(fx, slot), addrValue(fx, agg), sizeOfType(p.type), { dstAlign: slot.align, srcAlign: agg.stack ? agg.align : 1 });
    else storeScalar(fx, { addr: slot, type: p.type }, values[i] as Value);
  });
  const rt = d.type.returns;
  const result = resolve(rt).kind === 'void' ? undefined : tempAddr(fx, rt, 'result');
  const exit = fx.b.newBlock(`${d.name}.exit`);
  fx.inlined.push({ exit, result, resultType: result ? rt : undefined, callee: d });
  const targets = fx.targets.splice(0);
  try {
    lowerStmt(fx, def.body);
  } finally {
    fx.targets.push(...targets);
    fx.inlined.pop();
  }
  fx.jump(exit);
  fx.b.setBlock(exit);
  return result;
}
