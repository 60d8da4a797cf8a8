// Legacy packet loads: the portable way to read a socket buffer's bytes,
//     r = bpf_skb_load_bytes(skb, off, &tmp, W);  if (r < 0) return 0;  v = tmp;   (W = 1, 2 or 4)
// — which is how `load_byte/half/word` (clang's llvm.bpf.load.* intrinsics) are lowered — becomes one
// `pktload` (BPF_LD_ABS / BPF_LD_IND: a single instruction that ends the program with 0 when the bytes
// are missing), when `skb` is the program's own context, the offset is known to be below 2^31 (larger
// ones mean something else to LD_IND), the failure path returns 0 from the program and the temporary
// serves nothing else.
import type { Block, Func, Inst, Value } from '../nodes.js';
import { mapInstOperands, mapTermOperands, predecessors, removePhiIncoming, userMap } from '../operands.js';
import { intType, type IntBits } from '../types.js';
import { maxValue } from './simplify.js';
import { deleteInsts, removeUnreachable, type FuncPass } from './util.js';

const BPF_FUNC_skb_load_bytes = 26;

function returnsZero(b: Block): boolean {
  const t = b.term;
  return b.insts.length === 0 && t?.kind === 'ret' && t.value?.kind === 'const' && t.value.value === 0n;
}

export const legacyLoads: FuncPass = (f: Func) => {
  if (f.section === undefined || f.params.length === 0) return false;
  const ctx = f.params[0] as Value;
  const users = userMap(f);
  const only = (v: Value, u: Inst | NonNullable<Block['term']>): boolean => {
    const us = users.get(v) ?? [];
    return us.length === 1 && us[0] === u;
  };
  let changed = false;
  for (const b of f.blocks) {
    const t = b.term;
    if (!t || t.kind !== 'condbr' || t.cond.kind !== 'cmp') continue;
    const c = t.cond;
    const call = c.a;
    if (c.pred !== 'slt' || c.b.kind !== 'const' || c.b.value !== 0n || call.kind !== 'call' || call.block !== b) continue;
    if (call.callee.kind !== 'helper' || call.callee.id !== BPF_FUNC_skb_load_bytes) continue;
    const [skb, off, slot, len] = call.args;
    if (skb !== ctx || !off || !slot || len?.kind !== 'const' || slot.kind !== 'alloca') continue;
    const w = Number(len.value);
    if (w !== 1 && w !== 2 && w !== 4) continue;
    if (off.type.kind !== 'int' || maxValue(off) >= 0x80000000n) continue;
    if (!only(call, c) || !only(c, t) || !returnsZero(t.then)) continue;
    const ok = t.else;
    if ((predecessors(f).get(ok) ?? []).length !== 1) continue;
    // the temporary: written by this call, read once, by a full-width load in the success block
    const reads = (users.get(slot) ?? []).filter((u) => u !== call);
    const ld = reads[0];
    if (reads.length !== 1 || !ld || !('id' in ld) || ld.kind !== 'load' || ld.block !== ok || ld.width !== w || ld.offset !== 0 || ld.signed || ld.volatile) continue;
    // v (network order, as the memory held it) = bswap(host-order value)
    const bits = (w * 8) as IntBits;
    const pk: Inst = { kind: 'pktload', ctx, offset: off, width: w as 1 | 2 | 4, id: f.nextId++, type: intType(bits), span: call.span, block: b };
    b.insts.splice(b.insts.indexOf(call), 1, pk);
    let v: Inst = pk;
    if (w > 1) {
      v = { kind: 'bswap', a: pk, id: f.nextId++, type: intType(bits), span: call.span, block: b };
      b.insts.splice(b.insts.indexOf(pk) + 1, 0, v);
    }
    const rest = ld.type === v.type ? v : ({ kind: 'cast', op: 'zext', a: v, id: f.nextId++, type: ld.type, span: ld.span, block: b } as Inst);
    if (rest !== v) b.insts.push(rest);
    for (const u of users.get(ld) ?? []) {
      if ('id' in u) {
        mapInstOperands(u, (x) => (x === ld ? rest : x));
      } else mapTermOperands(u, (x) => (x === ld ? rest : x));
    }
    deleteInsts(f, new Set<Inst>([ld, c]));
    removePhiIncoming(t.then, b);
    b.term = { kind: 'br', target: ok, span: t.span };
    changed = true;
  }
  if (changed) removeUnreachable(f);
  return changed;
};
