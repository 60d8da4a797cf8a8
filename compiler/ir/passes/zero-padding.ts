// Stack objects whose address reaches a helper or another function must be fully initialised there:
// the verifier rejects a helper reading uninitialised stack ("invalid indirect read from stack"), which
// C code hits through struct padding in map keys. A forward must-analysis per such alloca finds the
// bytes that are certainly written (by stores at constant offsets) before every call the address
// reaches; bytes that may be uninitialised at any of them are zeroed with the widest aligned stores
// right after the allocas at function entry. Arguments the helper only writes (table in helpers.ts)
// need no initialisation.
import { helperInfo } from '../helpers.js';
import type { AllocaInst, Block, Inst, Value, Width } from '../nodes.js';
import { userMap, successors } from '../operands.js';
import { reversePostorder } from '../analysis/graph.js';
import { funcGraph } from '../analysis/cfg.js';
import { T } from '../types.js';
import type { FuncPass } from './util.js';

/** Constant offset of `v` from alloca `a`, following constant ptradds; undefined if not derived. */
function offsetFrom(v: Value, a: AllocaInst): number | undefined {
  let x = v;
  let off = 0;
  while (x !== a) {
    if (x.kind !== 'ptradd' || x.offset.kind !== 'const') return undefined;
    off += Number(BigInt.asIntN(64, x.offset.value));
    x = x.base;
  }
  return off;
}

/** Does passing `arg` (argument k of call `c`) let the callee read the object? */
function reads(c: Inst & { kind: 'call' }, k: number): boolean {
  if (c.callee.kind === 'func') return true;
  const h = helperInfo(c.callee.id);
  if (!h) return true;
  const kind = h.args[k];
  return kind !== 'write' && kind !== 'scalar';
}

export const zeroPadding: FuncPass = (f) => {
  const entry = f.blocks[0] as Block;
  const allocas = entry.insts.filter((i): i is AllocaInst => i.kind === 'alloca');
  if (allocas.length === 0) return false;
  const users = userMap(f);
  let changed = false;
  for (const a of allocas) {
    // calls that receive a pointer into the object as an argument they read
    const escapes: { call: Inst }[] = [];
    let unknown = false;
    const walk = (v: Value): void => {
      for (const u of users.get(v) ?? []) {
        if (!('id' in u)) continue;
        if (u.kind === 'ptradd' && u.base === v) {
          if (u.offset.kind === 'const') walk(u);
          else unknown = true;
        } else if (u.kind === 'call') {
          u.args.forEach((x, k) => {
            if (x === v && reads(u, k)) escapes.push({ call: u });
          });
        }
      }
    };
    walk(a);
    if (escapes.length === 0 || unknown) continue;
    const size = a.size;
    // forward must-analysis: bytes certainly written
    const order = reversePostorder(funcGraph(f));
    const inBits = new Map<Block, Uint8Array | null>();
    for (const b of order) inBits.set(b, null);
    inBits.set(entry, new Uint8Array(size));
    const need = new Uint8Array(size); // bytes some escaping call may read uninitialised
    const step = (b: Block, init: Uint8Array, record: boolean): Uint8Array => {
      const cur = init.slice();
      for (const i of b.insts) {
        if (i.kind === 'store') {
          const off = offsetFrom(i.ptr, a);
          if (off !== undefined) for (let k = Math.max(0, off + i.offset); k < Math.min(size, off + i.offset + i.width); k++) cur[k] = 1;
        } else if (i.kind === 'memset' || i.kind === 'memcpy') {
          const off = offsetFrom(i.dst, a);
          if (off !== undefined) for (let k = Math.max(0, off); k < Math.min(size, off + i.size); k++) cur[k] = 1;
        } else if (record && i.kind === 'call' && escapes.some((e) => e.call === i)) {
          for (let k = 0; k < size; k++) if (!cur[k]) need[k] = 1;
        }
      }
      return cur;
    };
    for (let again = true; again; ) {
      again = false;
      for (const b of order) {
        const st = inBits.get(b);
        if (!st) continue;
        const out = step(b, st, false);
        for (const s of successors(b.term)) {
          const old = inBits.get(s) ?? null;
          const merged = old === null ? out.slice() : old.map((x, k) => x & (out[k] as number));
          if (old === null || merged.some((x, k) => x !== old[k])) {
            inBits.set(s, merged);
            again = true;
          }
        }
      }
    }
    for (const b of order) {
      const st = inBits.get(b);
      if (st) step(b, st, true);
    }
    if (!need.some((x) => x)) continue;
    // zero the needed bytes at entry, widest aligned stores (the alloca is at least this aligned)
    if (a.align < 8) a.align = 8;
    const stores: Inst[] = [];
    let k = 0;
    while (k < size) {
      if (!need[k]) {
        k++;
        continue;
      }
      let w: Width = 8;
      while (w > 1 && (k % w !== 0 || k + w > size)) w = (w / 2) as Width;
      stores.push({ kind: 'store', ptr: a, offset: k, width: w, value: { kind: 'const', type: T.i64, value: 0n }, volatile: false, align: w, id: f.nextId++, type: T.void, span: a.span, block: entry });
      k += w;
    }
    let at = 0;
    while (at < entry.insts.length && (entry.insts[at] as Inst).kind === 'alloca') at++;
    entry.insts.splice(at, 0, ...stores);
    changed = true;
  }
  return changed;
};
