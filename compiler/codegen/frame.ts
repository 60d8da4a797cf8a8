// Stack frame layout: every frame object (allocas and spill slots) gets a negative offset from r10,
// larger alignments first so padding is minimal; spill slots are 8-byte aligned (the verifier tracks
// spilled registers only in aligned 8-byte slots). The frame must fit the kernel's 512 bytes per
// function (MAX_BPF_STACK); otherwise a B2001 diagnostic names the function and its largest objects.
// Then every symbolic frame reference in the code becomes its immediate.
import { InternalError } from '../../runtime/errors.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { backendError, diagSpan } from './diagnostics.js';
import { imm, isReg, type MFunc, type MInst, type Operand } from './mir.js';

export const MAX_STACK = 512;

/** Assigns offsets and returns the frame size in bytes (a multiple of 8). */
export function layoutFrame(f: MFunc): number {
  const own = f.frame.map((o, k) => ({ o, k })).filter(({ o }) => o.sharedWith === undefined);
  const order = own.sort((x, y) => y.o.align - x.o.align || (x.o.spill === y.o.spill ? x.k - y.k : x.o.spill ? 1 : -1));
  let top = 0;
  for (const { o } of order) {
    const align = Math.max(1, o.align);
    top += o.size;
    top = Math.ceil(top / align) * align;
    o.offset = -top;
  }
  for (const o of f.frame) if (o.sharedWith !== undefined) o.offset = (f.frame[o.sharedWith] as { offset?: number }).offset;
  return Math.ceil(top / 8) * 8;
}

export function checkFrame(f: MFunc, size: number): Diagnostic[] {
  if (size <= MAX_STACK) return [];
  const big = [...f.frame].filter((o) => !o.spill && o.sharedWith === undefined).sort((a, b) => b.size - a.size).slice(0, 3);
  const spills = f.frame.filter((o) => o.spill && o.sharedWith === undefined).length;
  const parts = [big.length > 0 ? `largest: ${big.map((o) => `${o.name ?? 'object'} (${o.size} bytes)`).join(', ')}` : '', spills > 0 ? `${spills} spill slots` : ''].filter(Boolean);
  const d = backendError('B2001', `stack frame of '${f.name}' is ${size} bytes, more than the ${MAX_STACK} the kernel allows${parts.length ? ` (${parts.join('; ')})` : ''}`, f.span);
  for (const o of big) if (o.span) d.notes.push({ message: `'${o.name ?? 'object'}' takes ${o.size} bytes of stack`, span: diagSpan(o.span) });
  return [d];
}

/** Replaces frame references by their offsets. */
export function resolveFrame(f: MFunc): void {
  const res = (o: Operand): Operand => {
    if (isReg(o) || o.kind === 'imm') return o;
    const obj = f.frame[o.slot];
    if (!obj || obj.offset === undefined) throw new InternalError(`frame object ${o.slot} has no offset`);
    return imm(obj.offset + o.add);
  };
  for (const b of f.blocks) {
    for (const i of b.insts) resolveInst(i, res);
    if (b.term && b.term.kind === 'br') b.term.b = res(b.term.b);
  }
}

function resolveInst(i: MInst, res: (o: Operand) => Operand): void {
  switch (i.op) {
    case 'alu':
    case 'mov':
      i.src = res(i.src);
      return;
    case 'ldx':
    case 'st':
    case 'stx':
    case 'atomic':
      i.off = res(i.off);
      return;
    default:
      return;
  }
}
