// IR validator: structural and type invariants that every pass must preserve. Returns the list of
// problems (empty = valid); `assertValid` throws InternalError with all of them. Checked: terminators,
// block membership, phis first and agreeing with predecessors, SSA dominance of every use, operand and
// result types of every instruction, spans, call arity, references to declared maps/globals/functions.
import { InternalError } from '../../runtime/errors.js';
import { funcDominators } from './analysis/cfg.js';
import { checkCast } from './builder.js';
import type { Block, Func, Inst, Module, Term, Value } from './nodes.js';
import { isInst } from './nodes.js';
import { instOperands, predecessors, successors, termOperands } from './operands.js';
import { Namer, printInst, printTerm } from './print.js';
import { bitsOf, isInt, isPtr, type Type, type ValueType } from './types.js';

/** Same type, except that pointers of any provenance are compatible. */
function compatible(a: Type, b: Type): boolean {
  return a === b || (isPtr(a) && isPtr(b));
}

export function validateModule(m: Module): string[] {
  const errs: string[] = [];
  const names = new Set<string>();
  for (const f of m.funcs) {
    if (names.has(f.name)) errs.push(`function @${f.name} defined twice`);
    names.add(f.name);
    errs.push(...validateFunc(f, m));
  }
  return errs;
}

export function validateFunc(f: Func, m?: Module): string[] {
  const errs: string[] = [];
  const nm = new Namer(f);
  const where = (b: Block, what: Inst | Term | null): string =>
    `@${f.name} ${nm.block(b)}${what ? `: ${'id' in what ? printInst(what, nm) : printTerm(what, nm)}` : ''}`;
  if (f.blocks.length === 0) return [`@${f.name}: no blocks`];
  if (f.params.length > 5) errs.push(`@${f.name}: ${f.params.length} parameters (at most 5)`);

  const blockSet = new Set(f.blocks);
  const defBlock = new Map<Value, Block>();
  const defIndex = new Map<Value, number>();
  const ids = new Set<number>();
  for (const p of f.params) ids.add(p.id);
  for (const b of f.blocks) {
    if (ids.has(b.id)) errs.push(`@${f.name}: duplicate id ${b.id} (block)`);
    ids.add(b.id);
    b.insts.forEach((i, k) => {
      if (defBlock.has(i)) errs.push(`${where(b, i)}: instruction appears twice`);
      defBlock.set(i, b);
      defIndex.set(i, k);
      if (ids.has(i.id)) errs.push(`${where(b, i)}: duplicate id ${i.id}`);
      ids.add(i.id);
    });
  }
  const preds = predecessors(f);
  const entry = f.blocks[0] as Block;
  if ((preds.get(entry) ?? []).length > 0) errs.push(`@${f.name}: the entry block has predecessors`);
  const dom = funcDominators(f);
  const reachable = new Set(dom.rpo);
  const params = new Set<Value>(f.params);

  const checkUse = (b: Block, user: Inst | Term, v: Value, phiPred?: Block): void => {
    if (v.kind === 'param') {
      if (!params.has(v)) errs.push(`${where(b, user)}: uses a parameter of another function`);
      return;
    }
    if (!isInst(v)) {
      checkConst(v, b, user);
      return;
    }
    const db = defBlock.get(v);
    if (!db) {
      errs.push(`${where(b, user)}: uses a value not in the function (id ${v.id})`);
      return;
    }
    if (v.type.kind === 'void') errs.push(`${where(b, user)}: uses a void instruction`);
    if (!reachable.has(b)) return;
    const ub = phiPred ?? b;
    if (phiPred) {
      if (!reachable.has(phiPred)) return;
      if (db !== ub && !dom.dominates(db, ub)) errs.push(`${where(b, user)}: phi operand does not dominate the edge from ${nm.block(phiPred)}`);
      return;
    }
    if (db === b) {
      const ui = 'id' in user ? (defIndex.get(user) as number) : b.insts.length;
      if ((defIndex.get(v) as number) >= ui) errs.push(`${where(b, user)}: use before definition`);
    } else if (!dom.dominates(db, b)) errs.push(`${where(b, user)}: definition does not dominate the use`);
  };
  const checkConst = (v: Value, b: Block, user: Inst | Term): void => {
    switch (v.kind) {
      case 'const':
        if (isPtr(v.type) && v.value !== 0n) errs.push(`${where(b, user)}: pointer constant other than null`);
        return;
      case 'mapref':
        if (m && !m.maps.some((x) => x.name === v.name)) errs.push(`${where(b, user)}: undeclared map @${v.name}`);
        return;
      case 'globalref':
        if (m && !m.globals.some((x) => x.symbol === v.symbol)) errs.push(`${where(b, user)}: undeclared global @${v.symbol}`);
        return;
      case 'funcref':
        if (m && !m.funcs.some((x) => x.name === v.name)) errs.push(`${where(b, user)}: unknown function @${v.name}`);
        return;
      default:
        return;
    }
  };

  for (const b of f.blocks) {
    if (!b.term) {
      errs.push(`${where(b, null)}: no terminator`);
      continue;
    }
    if (!b.term.span) errs.push(`${where(b, b.term)}: no span`);
    for (const s of successors(b.term)) if (!blockSet.has(s)) errs.push(`${where(b, b.term)}: branches to a block not in the function`);
    const bpreds = preds.get(b) ?? [];
    let phisDone = false;
    for (const i of b.insts) {
      if (i.block !== b) errs.push(`${where(b, i)}: block link is wrong`);
      if (!i.span) errs.push(`${where(b, i)}: no span`);
      if (i.kind === 'phi') {
        if (phisDone) errs.push(`${where(b, i)}: phi after a non-phi instruction`);
        const inBlocks = i.incoming.map((x) => x.block);
        if (new Set(inBlocks).size !== inBlocks.length) errs.push(`${where(b, i)}: duplicate incoming block`);
        if (inBlocks.length !== bpreds.length || !bpreds.every((p) => inBlocks.includes(p)))
          errs.push(`${where(b, i)}: incoming blocks [${inBlocks.map((x) => nm.block(x)).join(', ')}] differ from predecessors [${bpreds.map((x) => nm.block(x)).join(', ')}]`);
        for (const inc of i.incoming) {
          if (!compatible(inc.value.type, i.type)) errs.push(`${where(b, i)}: incoming value type differs`);
          checkUse(b, i, inc.value, inc.block);
        }
      } else {
        phisDone = true;
        for (const v of instOperands(i)) checkUse(b, i, v);
        const e = typeError(i, f, m);
        if (e) errs.push(`${where(b, i)}: ${e}`);
      }
    }
    for (const v of termOperands(b.term)) checkUse(b, b.term, v);
    const e = termTypeError(b.term, f);
    if (e) errs.push(`${where(b, b.term)}: ${e}`);
  }
  return errs;
}

function typeError(i: Inst, f: Func, m?: Module): string | null {
  const ty = i.type;
  switch (i.kind) {
    case 'bin':
      if (!isInt(ty) || i.a.type !== ty || i.b.type !== ty) return 'operand types must equal the integer result type';
      return null;
    case 'cmp':
      if (ty.kind !== 'int' || ty.bits !== 1) return 'cmp must produce i1';
      if (isInt(i.a.type) ? i.a.type !== i.b.type : !(isPtr(i.a.type) && isPtr(i.b.type))) return 'cmp operands must be two integers of one type or two pointers';
      return null;
    case 'cast':
      try {
        checkCast(i.op, i.a.type, ty);
      } catch {
        return `invalid ${i.op}`;
      }
      return null;
    case 'bswap':
      if (!isInt(ty) || ty.bits < 16 || i.a.type !== ty) return 'bswap needs i16/i32/i64 operand and result of one type';
      return null;
    case 'copy':
      return compatible(i.a.type, ty) ? null : 'copy changes the type';
    case 'ptradd':
      if (!isPtr(i.base.type) || !isPtr(ty)) return 'ptradd needs a pointer base and result';
      if (i.offset.type.kind !== 'int' || i.offset.type.bits !== 64) return 'ptradd offset must be i64';
      return null;
    case 'ptrdiff':
      if (!isPtr(i.a.type) || !isPtr(i.b.type) || ty.kind !== 'int' || ty.bits !== 64) return 'ptrdiff needs two pointers and gives i64';
      return null;
    case 'alloca':
      if (!(i.size > 0) || !Number.isInteger(i.size)) return 'alloca size must be a positive integer';
      if (![1, 2, 4, 8].includes(i.align)) return 'alloca align must be 1, 2, 4 or 8';
      if (i.block !== f.blocks[0]) return 'alloca outside the entry block';
      return ty.kind === 'ptr' && ty.to === 'stack' ? null : 'alloca must produce ptr<stack>';
    case 'load': {
      if (!isPtr(i.ptr.type)) return 'load through a non-pointer';
      if (ty.kind === 'void') return 'load must produce a value';
      const bits = bitsOf(ty as ValueType);
      if (isPtr(ty)) {
        if (i.width !== 8 && i.width !== 4) return 'pointer loads are 8 bytes (4 for ctx pointer fields)';
        if (i.signed) return 'signed pointer load';
      } else if (i.width * 8 > bits) return 'load wider than its result';
      if (i.signed && i.width * 8 === bits) return 'sign-extending load into a type of the same width';
      return null;
    }
    case 'store': {
      if (!isPtr(i.ptr.type)) return 'store through a non-pointer';
      const vt = i.value.type;
      if (vt.kind === 'void') return 'store of a void value';
      if (i.width * 8 > bitsOf(vt)) return 'store wider than its value';
      if (vt.kind === 'int' && vt.bits === 1) return 'store of an i1';
      return null;
    }
    case 'atomic': {
      const vt = i.value.type;
      if (!isPtr(i.ptr.type)) return 'atomic through a non-pointer';
      if (!isInt(vt) || vt.bits !== i.width * 8) return 'atomic value must be an integer of the access width';
      if ((i.op === 'cmpxchg') !== (i.expected !== null)) return 'expected operand only (and always) for cmpxchg';
      if (i.expected && i.expected.type !== vt) return 'cmpxchg expected type differs';
      if ((i.op === 'xchg' || i.op === 'cmpxchg') && !i.fetch) return `${i.op} always fetches`;
      if (i.fetch ? ty !== vt : ty.kind !== 'void') return 'atomic result type must be the value type with fetch, void without';
      return null;
    }
    case 'call': {
      if (i.args.length > 5) return `${i.args.length} arguments (at most 5)`;
      for (const a of i.args) if (a.type.kind === 'void') return 'void argument';
      if (i.callee.kind === 'func' && m) {
        const name = i.callee.name;
        const callee = m.funcs.find((x) => x.name === name);
        if (!callee) return `call to unknown function @${name}`;
        if (callee.params.length !== i.args.length) return `@${name} takes ${callee.params.length} arguments, given ${i.args.length}`;
        for (let k = 0; k < i.args.length; k++) {
          if (!compatible((i.args[k] as Value).type, (callee.params[k] as { type: Type }).type)) return `argument ${k} type differs from @${name}'s parameter`;
        }
        if (!compatible(callee.ret, ty)) return `result type differs from @${name}'s return type`;
      }
      return null;
    }
    case 'memcpy':
      if (!isPtr(i.dst.type) || !isPtr(i.src.type)) return 'memcpy needs pointers';
      return i.size > 0 && Number.isInteger(i.size) ? null : 'memcpy size must be a positive integer';
    case 'memset':
      if (!isPtr(i.dst.type) || i.value.type.kind !== 'int' || i.value.type.bits !== 8) return 'memset needs a pointer and an i8';
      return i.size > 0 && Number.isInteger(i.size) ? null : 'memset size must be a positive integer';
    case 'pktload':
      if (!isPtr(i.ctx.type)) return 'pktload needs the context pointer';
      if (!isInt(i.offset.type) || (i.offset.type.bits !== 32 && i.offset.type.bits !== 64)) return 'pktload offset must be i32 or i64';
      if (!isInt(ty) || ty.bits < i.width * 8) return 'pktload result must be an integer at least as wide as the load';
      return f.section === undefined ? 'pktload outside a program function' : null;
    case 'phi':
      return null;
    default: {
      const never: never = i;
      return `unknown instruction ${(never as Inst).kind}`;
    }
  }
}

function termTypeError(t: Term, f: Func): string | null {
  switch (t.kind) {
    case 'br':
    case 'unreachable':
      return null;
    case 'condbr':
      return t.cond.type.kind === 'int' && t.cond.type.bits === 1 ? null : 'condbr needs an i1';
    case 'switch': {
      if (!isInt(t.value.type)) return 'switch on a non-integer';
      const vals = t.cases.map((c) => c.value);
      return new Set(vals).size === vals.length ? null : 'duplicate switch case';
    }
    case 'ret':
      if (f.ret.kind === 'void') return t.value ? 'value returned from a void function' : null;
      if (!t.value) return 'missing return value';
      return compatible(t.value.type, f.ret) ? null : 'return value type differs';
    default: {
      const never: never = t;
      return `unknown terminator ${(never as Term).kind}`;
    }
  }
}

/** Throws InternalError listing every problem, prefixed by `context` (e.g. the pass that ran last). */
export function assertValid(m: Module | Func, context = 'IR'): void {
  const errs = 'funcs' in m ? validateModule(m) : validateFunc(m);
  if (errs.length > 0) throw new InternalError(`${context}: invalid IR:\n  ${errs.join('\n  ')}`);
}
