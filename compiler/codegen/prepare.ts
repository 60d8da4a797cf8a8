// IR shaping right before instruction selection (on a copy the caller owns):
//  - `switch` becomes compares (eBPF has no indirect jumps): the cases are sorted and grouped into runs
//    of consecutive values with one target; a single value costs one `==` test, a run costs two tests
//    (`x < lo` → default, `x <= hi` → target) — the switched value itself is never modified, so the
//    verifier keeps its bounds (no `(x - lo) u< n` folding). Long lists are split in halves first.
//  - unreachable terminators become returns of 0 (defensive: the verifier must never see a fall-off);
//  - all returns meet in one exit block (a phi of the values), so that `return CONST` costs one move,
//    which the peephole pass then hoists in front of the branch that leads there (as clang does);
//  - sinking: a pure instruction (or a load, when nothing in between writes memory) used once, later in
//    its own block, moves right before that use — fewer values are live at once, so fewer spills.
import { InternalError } from '../../runtime/errors.js';
import type { Block, CondBrTerm, Func, Inst, PhiInst, SwitchTerm, Term, Value } from '../ir/index.js';
import { T, instOperands, isInst, userMap, type IntType } from '../ir/index.js';
import { mayAlias } from '../ir/passes/cse.js';

/** Runs longer than this are split by a binary compare before the linear tests. */
const LINEAR_MAX = 12;

export function prepareFunc(f: Func): void {
  sinkToUses(f);
  for (const b of [...f.blocks]) {
    const t = b.term;
    if (!t) throw new InternalError(`prepare: block without terminator in @${f.name}`);
    if (t.kind === 'switch') lowerSwitch(f, b, t);
    else if (t.kind === 'unreachable') {
      b.term = { kind: 'ret', value: f.ret.kind === 'void' ? null : { kind: 'const', type: f.ret as IntType, value: 0n }, span: t.span };
    }
  }
  mergeReturns(f);
}

function mergeReturns(f: Func): void {
  const rets = f.blocks.filter((b) => b.term?.kind === 'ret');
  if (rets.length < 2) return;
  const span = (rets[rets.length - 1] as Block).term?.span ?? f.span;
  const exit: Block = { id: f.nextId++, name: 'return', insts: [], term: null };
  let phi: PhiInst | undefined;
  if (f.ret.kind !== 'void') {
    phi = { kind: 'phi', incoming: [], id: f.nextId++, type: f.ret, span, block: exit };
    exit.insts.push(phi);
  }
  exit.term = { kind: 'ret', value: phi ?? null, span };
  for (const b of rets) {
    const t = b.term as Term & { kind: 'ret' };
    if (phi && t.value) phi.incoming.push({ block: b, value: t.value });
    b.term = { kind: 'br', target: exit, span: t.span };
  }
  f.blocks.push(exit);
}

/** Helpers that write no memory the program can see (loads may move across calls to them). */
const NO_WRITE_HELPERS = new Set([1, 5, 7, 8, 14, 125, 160, 188, 195]);

/** True if `i` may write the bytes `ld` reads. */
function clobbers(i: Inst, ld: Inst & { kind: 'load' }): boolean {
  switch (i.kind) {
    case 'store':
    case 'atomic':
      return mayAlias(i.ptr, i.offset, i.width, ld.ptr, ld.offset, ld.width);
    case 'memcpy':
    case 'memset':
      return mayAlias(i.dst, 0, i.size, ld.ptr, ld.offset, ld.width);
    case 'call':
      return !(i.callee.kind === 'helper' && NO_WRITE_HELPERS.has(i.callee.id));
    default:
      return false;
  }
}

function sinkable(i: Inst): boolean {
  switch (i.kind) {
    case 'bin':
    case 'cast':
    case 'bswap':
    case 'copy':
    case 'ptradd':
    case 'ptrdiff':
    case 'cmp':
      return true;
    case 'load':
      return !i.volatile;
    default:
      return false;
  }
}

function sinkToUses(f: Func): void {
  const users = userMap(f);
  for (const b of f.blocks) {
    for (let k = b.insts.length - 1; k >= 0; k--) {
      const i = b.insts[k] as Inst;
      if (!sinkable(i)) continue;
      const us = users.get(i) ?? [];
      if (us.length !== 1) continue;
      const u = us[0] as Inst | NonNullable<Block['term']>;
      if (!('id' in u) || u.block !== b || u.kind === 'phi') continue;
      const to = b.insts.indexOf(u);
      if (to <= k + 1) continue;
      // moving down lengthens the life of operands used nowhere else: worth it only when at most one
      // such operand trades places with the shortened result (an accumulator `s = s + t` stays put)
      const dying = new Set(instOperands(i).filter((v) => isInst(v) || v.kind === 'param')).size;
      const shared = instOperands(i).filter((v) => (users.get(v) ?? []).length > 1).length;
      if (dying - shared >= 2) continue;
      if (i.kind === 'load' && b.insts.slice(k + 1, to).some((x) => clobbers(x, i))) continue;
      b.insts.splice(k, 1);
      b.insts.splice(to - 1, 0, i);
    }
  }
}

interface Run {
  lo: bigint;
  hi: bigint;
  target: Block;
}

/**
 * A switch on a byte-swapped value (`switch (bpf_ntohs(eth->h_proto))`) switches on the raw value with
 * byte-swapped case values instead, saving the swap.
 */
function unswapSwitch(f: Func, b: Block, t: SwitchTerm): void {
  let v = t.value;
  if (v.kind === 'cast' && v.op === 'zext') v = v.a;
  if (v.kind !== 'bswap') return;
  const bits = (v.type as IntType).bits;
  const lim = (1n << BigInt(bits)) - 1n;
  if (!t.cases.every((c) => c.value <= lim)) return;
  const swap = (x: bigint): bigint => {
    let out = 0n;
    for (let k = 0; k < bits / 8; k++) out = (out << 8n) | ((x >> BigInt(8 * k)) & 0xffn);
    return out;
  };
  const raw = v.a;
  if (t.value !== v) {
    // switch on a fresh zero-extension of the unswapped value (the old one may have other users)
    const z: Inst = { kind: 'cast', op: 'zext', a: raw, id: f.nextId++, type: t.value.type, span: t.span, block: b };
    b.insts.push(z);
    t.value = z;
  } else t.value = raw;
  for (const c of t.cases) c.value = swap(c.value);
}

function lowerSwitch(f: Func, b: Block, t: SwitchTerm): void {
  unswapSwitch(f, b, t);
  const type = t.value.type as IntType;
  const signedKey = (v: bigint): bigint => v; // cases compared unsigned: runs use unsigned order
  const cases = [...t.cases].sort((x, y) => (signedKey(x.value) < signedKey(y.value) ? -1 : 1));
  const runs: Run[] = [];
  for (const c of cases) {
    const last = runs[runs.length - 1];
    if (last && last.target === c.target && c.value === last.hi + 1n) last.hi = c.value;
    else runs.push({ lo: c.value, hi: c.value, target: c.target });
  }
  // phi inputs that came from the switch block must come from every new block that branches there
  const phiValue = new Map<Block, Map<Value, Value>>();
  for (const s of new Set([...t.cases.map((c) => c.target), t.default])) {
    const m = new Map<Value, Value>();
    for (const i of s.insts) {
      if (i.kind !== 'phi') break;
      const inc = i.incoming.find((x) => x.block === b);
      if (inc) m.set(i, inc.value);
    }
    phiValue.set(s, m);
  }
  const edges: [Block, Block][] = [];
  const newBlock = (): Block => {
    const nb: Block = { id: f.nextId++, insts: [], term: null };
    f.blocks.splice(f.blocks.indexOf(b) + 1, 0, nb);
    return nb;
  };
  const cmp = (blk: Block, pred: 'eq' | 'ult' | 'ule' | 'ugt', k: bigint, yes: Block, no: Block): void => {
    const c = { kind: 'cmp' as const, pred, a: t.value, b: { kind: 'const' as const, type, value: k }, id: f.nextId++, type: T.i1, span: t.span, block: blk };
    blk.insts.push(c);
    const term: CondBrTerm = { kind: 'condbr', cond: c, then: yes, else: no, span: t.span };
    blk.term = term;
    for (const s of [yes, no]) if (phiValue.has(s)) edges.push([blk, s]);
  };
  const emit = (blk: Block, rs: Run[]): void => {
    if (rs.length > LINEAR_MAX) {
      const mid = Math.floor(rs.length / 2);
      const upper = newBlock();
      const lower = newBlock();
      cmp(blk, 'ugt', (rs[mid - 1] as Run).hi, upper, lower);
      emit(lower, rs.slice(0, mid));
      emit(upper, rs.slice(mid));
      return;
    }
    let cur = blk;
    rs.forEach((r, k) => {
      const next = k === rs.length - 1 ? t.default : newBlock();
      if (r.lo === r.hi) cmp(cur, 'eq', r.lo, r.target, next);
      else {
        const inRange = newBlock();
        cmp(cur, 'ult', r.lo, t.default, inRange);
        cmp(inRange, 'ule', r.hi, r.target, next);
      }
      if (next !== t.default) cur = next;
    });
    if (rs.length === 0) {
      blk.term = { kind: 'br', target: t.default, span: t.span };
      edges.push([blk, t.default]);
    }
  };
  b.term = null;
  emit(b, runs);
  // rebuild the phi inputs of the targets: one per distinct new predecessor
  for (const [s, m] of phiValue) {
    const preds = [...new Set(edges.filter(([, to]) => to === s).map(([from]) => from))];
    for (const i of s.insts) {
      if (i.kind !== 'phi') break;
      const v = m.get(i);
      i.incoming = i.incoming.filter((x) => x.block !== b);
      if (v !== undefined) for (const p of preds) i.incoming.push({ block: p, value: v });
    }
  }
}
