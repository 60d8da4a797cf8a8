// Block layout and encoding: orders the blocks so that branches fall through where they can (a
// conditional branch prefers its "else" path as the fall-through; shared exit blocks go last), turns
// terminators into jcc/ja with inverted conditions when the taken path is the next block, encodes every
// instruction with runtime/isa's builders, computes jump offsets in slots (ld_imm64 counts 2) and
// records relocation requests and the source span of every slot.
import { InternalError } from '../../runtime/errors.js';
import {
  alu32Imm,
  alu32Reg,
  alu64Imm,
  alu64Reg,
  atomic,
  call,
  callLocal,
  endian,
  exit,
  ja,
  jmp32Imm,
  jmp32Reg,
  jmpImm,
  jmpReg,
  ldAbs,
  ldImm64,
  ldInd,
  ldsx,
  ldx,
  movsx32,
  movsx64,
  neg32,
  neg64,
  st,
  stx,
  type Insn,
  type JmpCond,
} from '../../runtime/isa/index.js';
import type { Diagnostic } from '../diagnostics/index.js';
import type { Span } from '../ir/index.js';
import { backendError } from './diagnostics.js';
import { isReg, mSuccessors, type MBlock, type MFunc, type MInst, type Operand } from './mir.js';
import { INVERT, V2_CONDS } from './conds.js';
import type { Cpu } from './select.js';

export type CodeRelocKind = 'map' | 'data' | 'call' | 'callback';

/**
 * A relocation request at instruction slot `slot`: `map` (ld_imm64 of map `symbol`), `data` (ld_imm64
 * of global data `symbol` + `offset`, the offset already stored in the first slot's imm), `call`
 * (bpf-to-bpf call of function `symbol`, imm -1) or `callback` (ld_imm64 of function `symbol`'s address).
 */
export interface CodeReloc {
  slot: number;
  kind: CodeRelocKind;
  symbol: string;
  offset: number;
}

export interface LineEntry {
  slot: number;
  span: Span;
}

export interface EncodedFunc {
  insns: Insn[];
  relocs: CodeReloc[];
  /** One entry per slot where the source position changes (first slot always present). */
  lines: LineEntry[];
}

function isSharedExit(b: MBlock, predCount: number): boolean {
  return b.term?.kind === 'exit' && predCount > 1;
}

/**
 * Orders blocks for fall-through: chains follow jumps and, at a conditional branch, the successor that
 * has no other predecessor (then its "else"); exit blocks shared by several paths are placed last.
 */
export function layoutBlocks(f: MFunc): MBlock[] {
  const predCount = new Map<MBlock, number>();
  for (const b of f.blocks) for (const s of mSuccessors(b.term)) predCount.set(s, (predCount.get(s) ?? 0) + 1);
  const placed = new Set<MBlock>();
  const order: MBlock[] = [];
  const deferred: MBlock[] = [];
  const place = (start: MBlock): void => {
    let b: MBlock | undefined = start;
    while (b && !placed.has(b)) {
      placed.add(b);
      order.push(b);
      const t: MBlock['term'] = b.term;
      let next: MBlock | undefined;
      if (t?.kind === 'jmp') next = t.target;
      else if (t?.kind === 'br') {
        const cands: MBlock[] = [t.else, t.then].filter((x: MBlock) => !placed.has(x));
        // fall into a block only this branch reaches (an if-body) before a join point
        next =
          cands.find((x: MBlock) => (predCount.get(x) ?? 0) === 1) ??
          cands.find((x: MBlock) => !isSharedExit(x, predCount.get(x) ?? 0)) ??
          cands[0];
      }
      if (next && isSharedExit(next, predCount.get(next) ?? 0) && t?.kind === 'br') {
        deferred.push(next);
        next = undefined;
      }
      b = next && !placed.has(next) ? next : undefined;
    }
  };
  place(f.blocks[0] as MBlock);
  for (const b of f.blocks) {
    if (placed.has(b)) continue;
    if (isSharedExit(b, predCount.get(b) ?? 0)) {
      if (!deferred.includes(b)) deferred.push(b);
      continue;
    }
    place(b);
  }
  for (const b of deferred) if (!placed.has(b)) place(b);
  return order;
}

type Pending = { kind: 'insn'; slots: Insn[]; span: Span; reloc?: Omit<CodeReloc, 'slot'> } | { kind: 'jump'; cond?: { w: 32 | 64; cond: JmpCond; a: number; b: Operand }; target: MBlock; span: Span };

export function encodeFunc(f: MFunc, order: MBlock[], mcpu: Cpu, diags: Diagnostic[]): EncodedFunc {
  const items: Pending[] = [];
  const blockStart = new Map<MBlock, number>(); // index into items
  order.forEach((b, k) => {
    blockStart.set(b, items.length);
    for (const i of b.insts) encodeInst(i, items);
    const next = order[k + 1];
    const t = b.term;
    if (!t) throw new InternalError(`encode: block without terminator in ${f.name}`);
    switch (t.kind) {
      case 'exit':
        items.push({ kind: 'insn', slots: [exit()], span: t.span });
        break;
      case 'jmp':
        if (t.target !== next) items.push({ kind: 'jump', target: t.target, span: t.span });
        break;
      case 'br': {
        const inv = INVERT[t.cond];
        const invOk = inv !== undefined && (mcpu >= 2 || !V2_CONDS.has(inv));
        if (t.else === next) items.push({ kind: 'jump', cond: { w: t.w, cond: t.cond, a: t.a, b: t.b }, target: t.then, span: t.span });
        else if (t.then === next && invOk) items.push({ kind: 'jump', cond: { w: t.w, cond: inv as JmpCond, a: t.a, b: t.b }, target: t.else, span: t.span });
        else {
          items.push({ kind: 'jump', cond: { w: t.w, cond: t.cond, a: t.a, b: t.b }, target: t.then, span: t.span });
          if (t.else !== next) items.push({ kind: 'jump', target: t.else, span: t.span });
        }
        break;
      }
      default: {
        const never: never = t;
        throw new InternalError(`encode: terminator ${(never as { kind: string }).kind}`);
      }
    }
  });
  // slot of every item
  const slotOf: number[] = [];
  let slot = 0;
  for (const it of items) {
    slotOf.push(slot);
    slot += it.kind === 'insn' ? it.slots.length : 1;
  }
  const blockSlot = (b: MBlock): number => {
    const idx = blockStart.get(b);
    if (idx === undefined) throw new InternalError(`encode: jump to a block not laid out in ${f.name}`);
    return idx < items.length ? (slotOf[idx] as number) : slot;
  };
  const insns: Insn[] = [];
  const relocs: CodeReloc[] = [];
  const lines: LineEntry[] = [];
  let lastSpan: Span | undefined;
  items.forEach((it, k) => {
    const at = slotOf[k] as number;
    if (!lastSpan || lastSpan.line !== it.span.line || lastSpan.col !== it.span.col || lastSpan.file !== it.span.file) {
      lines.push({ slot: at, span: it.span });
      lastSpan = it.span;
    }
    if (it.kind === 'insn') {
      insns.push(...it.slots);
      if (it.reloc) relocs.push({ slot: at, ...it.reloc });
      return;
    }
    const off = blockSlot(it.target) - (at + 1);
    if (off < -0x8000 || off > 0x7fff) {
      diags.push(backendError('B2006', `function '${f.name}' is too large: a jump of ${off} instructions does not fit the 16-bit offset`, it.span));
      insns.push(ja(0));
      return;
    }
    if (!it.cond) {
      insns.push(ja(off));
      return;
    }
    const c = it.cond;
    if (isReg(c.b)) insns.push(c.w === 32 ? jmp32Reg(c.cond, c.a, c.b, off) : jmpReg(c.cond, c.a, c.b, off));
    else {
      if (c.b.kind !== 'imm') throw new InternalError('encode: unresolved frame reference in a branch');
      insns.push(c.w === 32 ? jmp32Imm(c.cond, c.a, c.b.value, off) : jmpImm(c.cond, c.a, c.b.value, off));
    }
  });
  return { insns, relocs, lines };
}

function immOf(o: Operand): number {
  if (isReg(o) || o.kind !== 'imm') throw new InternalError('encode: expected an immediate');
  return o.value;
}

function encodeInst(i: MInst, out: Pending[]): void {
  const push = (insn: Insn | Insn[], reloc?: Omit<CodeReloc, 'slot'>): void => {
    const slots = Array.isArray(insn) ? insn : [insn];
    out.push(reloc ? { kind: 'insn', slots, span: i.span, reloc } : { kind: 'insn', slots, span: i.span });
  };
  switch (i.op) {
    case 'alu':
      if (isReg(i.src)) push(i.w === 32 ? alu32Reg(i.alu, i.dst, i.src) : alu64Reg(i.alu, i.dst, i.src));
      else push(i.w === 32 ? alu32Imm(i.alu, i.dst, immOf(i.src)) : alu64Imm(i.alu, i.dst, immOf(i.src)));
      return;
    case 'mov':
      if (isReg(i.src)) push(i.w === 32 ? alu32Reg('mov', i.dst, i.src) : alu64Reg('mov', i.dst, i.src));
      else push(i.w === 32 ? alu32Imm('mov', i.dst, immOf(i.src)) : alu64Imm('mov', i.dst, immOf(i.src)));
      return;
    case 'neg':
      push(i.w === 32 ? neg32(i.dst) : neg64(i.dst));
      return;
    case 'movsx':
      if (i.w === 64) push(movsx64(i.dst, i.src, i.bits));
      else push(movsx32(i.dst, i.src, i.bits as 8 | 16));
      return;
    case 'end':
      push(endian(i.kind, i.dst, i.bits));
      return;
    case 'ld64':
      push(ldImm64(i.dst, i.value));
      return;
    case 'ldref': {
      const r = i.ref;
      const slots = ldImm64(i.dst, r.kind === 'data' ? BigInt.asUintN(32, BigInt(r.offset)) : 0n);
      const reloc: Omit<CodeReloc, 'slot'> =
        r.kind === 'map' ? { kind: 'map', symbol: r.name, offset: 0 } : r.kind === 'data' ? { kind: 'data', symbol: r.symbol, offset: r.offset } : { kind: 'callback', symbol: r.func, offset: 0 };
      push(slots, reloc);
      return;
    }
    case 'ldx':
      push(i.sx ? ldsx(i.size as 1 | 2 | 4, i.dst, i.base, immOf(i.off)) : ldx(i.size, i.dst, i.base, immOf(i.off)));
      return;
    case 'st':
      push(st(i.size, i.base, immOf(i.off), i.value));
      return;
    case 'stx':
      push(stx(i.size, i.base, i.src, immOf(i.off)));
      return;
    case 'atomic':
      push(atomic(i.size, i.aop, i.base, i.src, immOf(i.off), i.fetch));
      return;
    case 'call':
      if (i.target.kind === 'helper') push(call(i.target.id));
      else push(callLocal(-1), { kind: 'call', symbol: i.target.name, offset: 0 });
      return;
    case 'ldpkt':
      push(i.src === null ? ldAbs(i.size, i.imm) : ldInd(i.size, i.src, i.imm));
      return;
    default: {
      const never: never = i;
      throw new InternalError(`encode: ${(never as MInst).op}`);
    }
  }
}
