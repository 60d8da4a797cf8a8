// Load widening: an OR of shifted, zero-extended narrow loads from consecutive offsets of one base —
// `p[12] | p[13] << 8` (little-endian order) or `p[12] << 8 | p[13]` (network order) — becomes one
// wide load (followed by a byte swap for network order). Only for memory that accepts unaligned access
// (packet, map value, global, helper memory) or when the wide access is naturally aligned, and only when
// nothing between the first narrow load and the OR writes memory.
import type { Block, Inst, LoadInst, Value, Width } from '../nodes.js';
import { useCounts } from '../operands.js';
import { allowsUnaligned, intType, nonNullKind, type IntBits, type IntType } from '../types.js';
import { replaceAndDelete, type FuncPass } from './util.js';

interface Term {
  load: LoadInst;
  shift: number;
}

/** Flattens an OR tree (interior ORs used once) into leaves. */
function leaves(v: Value, uses: Map<Value, number>, out: Value[], root: boolean): void {
  if (v.kind === 'bin' && v.op === 'or' && (root || uses.get(v) === 1)) {
    leaves(v.a, uses, out, false);
    leaves(v.b, uses, out, false);
  } else out.push(v);
}

/** `[shl] [zext] load` → term. */
function termOf(v: Value): Term | undefined {
  let shift = 0;
  let x = v;
  if (x.kind === 'bin' && x.op === 'shl') {
    if (x.b.kind !== 'const') return undefined;
    shift = Number(x.b.value);
    x = x.a;
  }
  if (x.kind === 'cast' && x.op === 'zext') x = x.a;
  if (x.kind !== 'load' || x.volatile || x.signed || x.type.kind !== 'int' || x.width * 8 !== x.type.bits) return undefined;
  return { load: x, shift };
}

export const widenLoads: FuncPass = (f) => {
  const uses = useCounts(f);
  const repl = new Map<Value, Value>();
  for (const b of f.blocks) {
    for (const root of [...b.insts]) {
      if (root.kind !== 'bin' || root.op !== 'or' || repl.has(root)) continue;
      // only roots: not an operand of another OR that will absorb it
      const ls: Value[] = [];
      leaves(root, uses, ls, true);
      if (ls.length < 2) continue;
      const terms = ls.map(termOf);
      if (terms.some((t) => t === undefined)) continue;
      const ts = terms as Term[];
      const base = ts[0]?.load.ptr as Value;
      if (ts.some((t) => t.load.ptr !== base || t.load.block !== b)) continue;
      ts.sort((x, y) => x.load.offset - y.load.offset);
      const o0 = (ts[0] as Term).load.offset;
      let end = o0;
      for (const t of ts) {
        if (t.load.offset !== end) break;
        end += t.load.width;
      }
      const width = end - o0;
      if (end !== (ts[ts.length - 1] as Term).load.offset + (ts[ts.length - 1] as Term).load.width || ![2, 4, 8].includes(width)) continue;
      const bits = (root.type as IntType).bits;
      if (width * 8 > bits) continue;
      const le = ts.every((t) => t.shift === 8 * (t.load.offset - o0));
      const be = ts.every((t) => t.shift === 8 * (o0 + width - t.load.offset - t.load.width));
      if (!le && !be) continue;
      const kind = base.type.kind === 'ptr' ? nonNullKind(base.type.to) : 'any';
      const firstAlign = (ts[0] as Term).load.align;
      if (!allowsUnaligned(kind) && !(firstAlign >= width && o0 % width === 0)) continue;
      if (!noWritesBetween(b, ts.map((t) => t.load), root)) continue;
      const at = Math.min(...ts.map((t) => b.insts.indexOf(t.load)));
      const wt = intType((width * 8) as IntBits);
      const wide: LoadInst = { kind: 'load', ptr: base, offset: o0, width: width as Width, signed: false, volatile: false, align: firstAlign, id: f.nextId++, type: wt, span: root.span, block: b };
      b.insts.splice(at, 0, wide);
      let v: Inst = wide;
      const add = (i: Inst): Inst => {
        b.insts.splice(b.insts.indexOf(root), 0, i);
        return i;
      };
      if (be && !le) v = add({ kind: 'bswap', a: v, id: f.nextId++, type: wt, span: root.span, block: b });
      if (bits > width * 8) v = add({ kind: 'cast', op: 'zext', a: v, id: f.nextId++, type: intType(bits as IntBits), span: root.span, block: b });
      repl.set(root, v);
    }
  }
  if (repl.size === 0) return false;
  replaceAndDelete(f, repl);
  return true;
};

function noWritesBetween(b: Block, loads: LoadInst[], root: Inst): boolean {
  const first = Math.min(...loads.map((l) => b.insts.indexOf(l)));
  const last = b.insts.indexOf(root);
  for (let k = first; k < last; k++) {
    const i = b.insts[k] as Inst;
    if (i.kind === 'store' || i.kind === 'atomic' || i.kind === 'call' || i.kind === 'memcpy' || i.kind === 'memset') return false;
  }
  return true;
}
