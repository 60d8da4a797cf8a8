// Selection of calls and atomics (part of instruction selection, select.ts): the calling convention
// — arguments evaluated first, then moved into r1–r5 right before the call (constants, map and global
// addresses and stack addresses straight into the argument register), the result taken from r0 —
// and atomic read-modify-write instructions, including cmpxchg's implicit use of r0 and the cpu v3
// requirement for 32-bit atomics other than a plain add (64-bit ones exist at every version, as clang-16
// emits them and the kernel accepts them).
import { InternalError } from '../../runtime/errors.js';
import type { Inst, Value } from '../ir/index.js';
import { FP, imm, newVreg } from './mir.js';
import type { Selector } from './select.js';

const fitsS32 = (v: bigint): boolean => v >= -0x80000000n && v <= 0x7fffffffn;
const bitsOf = (v: Value): number => (v.type.kind === 'int' ? v.type.bits : 64);

export function selectAtomic(sel: Selector, i: Inst & { kind: 'atomic' }): void {
  // a fetched value nobody reads: the plain atomic (`lock add` exists before cpu v3)
  const fetch = i.fetch && (i.op === 'xchg' || i.op === 'cmpxchg' || (sel.users.get(i) ?? []).length > 0);
  // as clang-16 decides: every 64-bit atomic at any cpu version; 32-bit ones other than a plain add from v3
  if (i.width === 4 && (fetch || i.op !== 'add') && sel.opts.mcpu < 3) {
    sel.error('B2005', `32-bit atomic ${fetch ? 'fetch-and-' : ''}${i.op} needs -mcpu=v3 (use a 64-bit operand: only a non-fetching 32-bit add exists before)`);
  }
  const { base, off } = sel.address(i.ptr, i.offset);
  if (i.op === 'cmpxchg') {
    sel.emit({ op: 'mov', w: 64, dst: 0, src: sel.reg(i.expected as Value), span: sel.span });
    const t = newVreg(sel.mf);
    sel.emit({ op: 'mov', w: 64, dst: t, src: sel.reg(i.value), span: sel.span });
    sel.emit({ op: 'atomic', size: i.width, aop: 'cmpxchg', fetch: true, base, off, src: t, span: sel.span });
    const d = newVreg(sel.mf);
    sel.emit({ op: 'mov', w: 64, dst: d, src: 0, span: sel.span });
    sel.define(i, d);
    return;
  }
  if (!fetch) {
    sel.emit({ op: 'atomic', size: i.width, aop: i.op, fetch: false, base, off, src: sel.reg(i.value), span: sel.span });
    return;
  }
  const d = newVreg(sel.mf);
  sel.emit({ op: 'mov', w: 64, dst: d, src: sel.reg(i.value), span: sel.span });
  sel.emit({ op: 'atomic', size: i.width, aop: i.op, fetch: true, base, off, src: d, span: sel.span });
  sel.define(i, d);
}


export function selectCall(sel: Selector, i: Inst & { kind: 'call' }): void {
  if (i.args.length > 5) {
    sel.error('B2003', `call with ${i.args.length} arguments: eBPF passes at most 5, in r1-r5`);
    const d = newVreg(sel.mf);
    sel.emit({ op: 'mov', w: 64, dst: d, src: imm(0), span: sel.span });
    sel.define(i, d); // keep selecting: the diagnostic stops compilation at the end
    return;
  }
  // arguments: evaluate into virtual registers first, then move into r1..r5 right before the call
  const srcs = i.args.map((a) => {
    const direct = a.kind === 'const' || a.kind === 'undef' || a.kind === 'mapref' || a.kind === 'globalref' || a.kind === 'funcref' || a.kind === 'alloca';
    return direct ? a : sel.isClean(a) ? sel.reg(a) : sel.regClean(a);
  });
  srcs.forEach((s, k) => {
    const r = k + 1;
    if (typeof s === 'number') {
      sel.emit({ op: 'mov', w: 64, dst: r, src: s, span: sel.span });
      return;
    }
    switch (s.kind) {
      case 'const':
      case 'undef': {
        const value = s.kind === 'const' ? s.value : 0n;
        const bits = bitsOf(s);
        const sv = bits === 64 || s.type.kind === 'ptr' ? BigInt.asIntN(64, value) : value;
        if (fitsS32(sv)) sel.emit({ op: 'mov', w: 64, dst: r, src: imm(Number(sv)), span: sel.span });
        else if (bits <= 32 && sel.alu32) sel.emit({ op: 'mov', w: 32, dst: r, src: imm(Number(BigInt.asIntN(32, value))), span: sel.span });
        else sel.emit({ op: 'ld64', dst: r, value: BigInt.asUintN(64, value), span: sel.span });
        return;
      }
      case 'mapref':
        sel.emit({ op: 'ldref', dst: r, ref: { kind: 'map', name: s.name }, span: sel.span });
        return;
      case 'globalref':
        sel.emit({ op: 'ldref', dst: r, ref: { kind: 'data', symbol: s.symbol, offset: s.offset }, span: sel.span });
        return;
      case 'funcref':
        sel.emit({ op: 'ldref', dst: r, ref: { kind: 'callback', func: s.name }, span: sel.span });
        return;
      case 'alloca':
        sel.emit({ op: 'mov', w: 64, dst: r, src: FP, span: sel.span });
        sel.emit({ op: 'alu', w: 64, alu: 'add', dst: r, src: sel.frameRef(s, 0), span: sel.span });
        return;
      default:
        throw new InternalError('select: unexpected call argument');
    }
  });
  const target = i.callee.kind === 'helper' ? { kind: 'helper' as const, id: i.callee.id } : { kind: 'func' as const, name: i.callee.name };
  sel.emit({ op: 'call', target, nargs: i.args.length, span: sel.span });
  if (i.type.kind !== 'void' && (sel.users.get(i) ?? []).length > 0) {
    const d = newVreg(sel.mf, { ptr: i.type.kind === 'ptr' });
    sel.emit({ op: 'mov', w: 64, dst: d, src: 0, span: sel.span });
    sel.define(i, d);
  }
}

