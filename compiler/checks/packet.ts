// Verifier-aware check B2101: packet access before a bounds check. The kernel's verifier lets a
// program read or write packet bytes only inside the range it learnt from a compare of a packet
// pointer against `data_end` (check_packet_access / find_good_pkt_pointers in kernel/bpf/verifier.c);
// every pointer loaded from the context's `data` field shares that range, and helpers that change
// packet data reset it. This check follows the largest range any path can have learnt (a compare
// `data + K > data_end` gives K bytes on its "in bounds" edge, passes/bounds.ts's packetCheck shape)
// and reports a load, store or atomic at `data + off` of `w` bytes when `off + w` exceeds it: no path
// checks that many bytes, so the verifier rejects the access wherever it is reached.
// Only accesses at constant offsets from `data` are judged, and a function whose packet compares are
// not all in the recognised shape on constant offsets is left alone (the verifier could know more than
// this check sees), so nothing is reported that the kernel would accept.
import { helperInfo, packetCheck, type Block, type Func, type Inst, type Module, type Span, type Value } from '../ir/index.js';
import { Reporter, solveForward } from './flow.js';

/** `data + off` when `v` is a constant offset from a pointer loaded from the context's data field. */
function dataOffset(v: Value, memo: Map<Value, number | null>): number | undefined {
  const hit = memo.get(v);
  if (hit !== undefined) return hit ?? undefined;
  let r: number | undefined;
  switch (v.kind) {
    case 'load':
      if (v.type.kind === 'ptr' && v.type.to === 'packet' && v.ptr.type.kind === 'ptr' && v.ptr.type.to === 'ctx') r = 0;
      break;
    case 'ptradd':
      if (v.offset.kind === 'const') {
        const base = dataOffset(v.base, memo);
        if (base !== undefined) r = base + Number(BigInt.asIntN(64, v.offset.value));
      }
      break;
    case 'copy':
      r = dataOffset(v.a, memo);
      break;
    case 'cast':
      if (v.op === 'retag') r = dataOffset(v.a, memo);
      break;
    default:
      break;
  }
  memo.set(v, r ?? null);
  return r;
}

const isEnd = (v: Value): boolean => v.type.kind === 'ptr' && v.type.to === 'packet_end';

/** Whether every compare against data_end is a recognised check on a constant offset from data. */
function analysable(f: Func, memo: Map<Value, number | null>): boolean {
  const checks = new Set<Inst>();
  for (const b of f.blocks) {
    const c = packetCheck(b);
    if (!c) continue;
    if (dataOffset(c.base, memo) === undefined) return false;
    checks.add(c.cmp);
  }
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.kind === 'cmp' && (isEnd(i.a) || isEnd(i.b)) && !checks.has(i)) return false;
      if (i.kind === 'phi' && i.incoming.some((x) => isEnd(x.value))) return false;
    }
  }
  return true;
}

/** Functions that (transitively) call a helper that changes packet data. */
function packetChangers(m: Module): Set<string> {
  const out = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of m.funcs) {
      if (out.has(f.name)) continue;
      const hit = f.blocks.some((b) => b.insts.some((i) => i.kind === 'call' && (i.callee.kind === 'helper' ? helperInfo(i.callee.id)?.changesPacket === true : out.has(i.callee.name))));
      if (hit) {
        out.add(f.name);
        changed = true;
      }
    }
  }
  return out;
}

function resets(i: Inst, changers: ReadonlySet<string>): boolean {
  if (i.kind !== 'call') return false;
  return i.callee.kind === 'helper' ? helperInfo(i.callee.id)?.changesPacket === true : changers.has(i.callee.name);
}

/** The pointer and extent of a memory access. */
function access(i: Inst): { ptr: Value; offset: number; width: number; what: string } | undefined {
  switch (i.kind) {
    case 'load': return { ptr: i.ptr, offset: i.offset, width: i.width, what: 'read' };
    case 'store': return { ptr: i.ptr, offset: i.offset, width: i.width, what: 'write' };
    case 'atomic': return { ptr: i.ptr, offset: i.offset, width: i.width, what: 'atomic update' };
    default: return undefined;
  }
}

/** The bytes known readable from data on some path, and the check that gave them. */
interface Range {
  n: number;
  at?: Span;
}
const NONE: Range = { n: 0 };

export function checkPacketAccess(m: Module, rep: Reporter): void {
  const changers = packetChangers(m);
  for (const f of m.funcs) {
    const memo = new Map<Value, number | null>();
    if (!analysable(f, memo)) continue;
    const states = solveForward<Range>(f, {
      entry: NONE,
      join: (a, b) => (b.n > a.n ? b : a),
      equal: (a, b) => a.n === b.n,
      transfer: (b, s) => b.insts.reduce((r, i) => (resets(i, changers) ? NONE : r), s),
      edge: (b: Block, succ: Block, s: Range) => {
        const c = packetCheck(b);
        if (!c || c.ok === c.fail || succ !== c.ok) return s;
        const n: number = (dataOffset(c.base, memo) as number) + c.bytes;
        return n > s.n ? { n, at: c.cmp.span } : s;
      },
    });
    for (const b of f.blocks) {
      let r: Range | undefined = states.get(b);
      if (r === undefined) continue;
      for (const i of b.insts) {
        if (resets(i, changers)) r = NONE;
        const a = access(i);
        if (!a) continue;
        const off = dataOffset(a.ptr, memo);
        if (off === undefined) continue;
        const lo = off + a.offset;
        const hi = lo + a.width;
        if (lo >= 0 && hi <= r.n) continue;
        const bytes = `byte${a.width > 1 ? 's' : ''} ${lo}${a.width > 1 ? `..${hi - 1}` : ''}`;
        const n: number = r.n;
        const checked = n === 0 ? 'no bounds check against data_end comes first' : `the bounds checks before it only cover ${n} byte${n > 1 ? 's' : ''}`;
        rep.report('B2101', `packet ${a.what} of ${bytes} from data, but ${checked}: the verifier rejects this access ("invalid access to packet")`, i.span,
          r.at
            ? { message: `this check covers only ${n} byte${n > 1 ? 's' : ''}; the access needs a check of ${hi} (e.g. \`if (data + ${hi} > data_end)\` leaving the program) before it`, span: r.at }
            : { message: `check the packet is long enough first: \`if (data + ${hi} > data_end)\` leaving the program (or \`(void *)(hdr + 1) > data_end\` for a header pointer)` });
        r = { n: Math.max(n, hi), at: r.at };
      }
    }
  }
}
