// Whole-unit checks of the restrictions the kernel puts on BPF programs, run once every definition is
// known: no recursion (any cycle of direct calls among the unit's functions, reported at the call that
// closes it), at most five arguments for calls that are not inlined, and no extern objects or functions
// (ksyms/kfuncs, not supported yet). In: the SemaContext after checking; out: diagnostics.
import type { CallEdge, SemaContext } from './context.js';
import type { FunctionSymbol } from './symbols.js';
import type { Span } from '../../diagnostics/index.js';

export function checkRecursion(cx: SemaContext): void {
  const direct = cx.edges.filter((e) => !e.indirect && e.callee.definition !== undefined);
  const out = new Map<FunctionSymbol, CallEdge[]>();
  for (const e of direct) {
    let list = out.get(e.caller);
    if (!list) out.set(e.caller, (list = []));
    list.push(e);
  }
  // Tarjan's strongly connected components
  const index = new Map<FunctionSymbol, number>();
  const low = new Map<FunctionSymbol, number>();
  const onStack = new Set<FunctionSymbol>();
  const stack: FunctionSymbol[] = [];
  const sccOf = new Map<FunctionSymbol, number>();
  let next = 0;
  let sccCount = 0;
  const visit = (v: FunctionSymbol): void => {
    // iterative DFS to stay safe on deep call chains
    const work: { v: FunctionSymbol; i: number }[] = [{ v, i: 0 }];
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = out.get(top.v) ?? [];
      if (top.i < edges.length) {
        const w = edges[top.i++]!.callee;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        for (;;) {
          const w = stack.pop()!;
          onStack.delete(w);
          sccOf.set(w, sccCount);
          if (w === top.v) break;
        }
        sccCount++;
      }
    }
  };
  for (const f of cx.functions) if (!index.has(f)) visit(f);
  const sizes = new Map<number, number>();
  for (const c of sccOf.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const reported = new Set<number>();
  const sorted = [...direct].sort((a, b) => a.span.offset - b.span.offset);
  for (const e of sorted) {
    const c = sccOf.get(e.caller);
    if (c === undefined || c !== sccOf.get(e.callee)) continue;
    if (e.caller !== e.callee && (sizes.get(c) ?? 0) < 2) continue;
    if (reported.has(c)) continue;
    reported.add(c);
    const cycle = cyclePath(e, out, sccOf);
    const msg = e.caller === e.callee
      ? `recursive call: '${e.caller.name}' calls itself; BPF programs cannot recurse`
      : `recursive call cycle ${cycle.map((f) => `'${f.name}'`).join(' → ')}; BPF programs cannot recurse`;
    cx.report('C1300', msg, e.span);
  }
}

/** The cycle caller → callee → … → caller through the component of `e` (shortest way back). */
function cyclePath(e: CallEdge, out: Map<FunctionSymbol, CallEdge[]>, sccOf: Map<FunctionSymbol, number>): FunctionSymbol[] {
  const c = sccOf.get(e.caller);
  const prev = new Map<FunctionSymbol, FunctionSymbol>();
  const queue = [e.callee];
  const seen = new Set([e.callee]);
  while (queue.length > 0 && !seen.has(e.caller)) {
    const v = queue.shift()!;
    for (const x of out.get(v) ?? []) {
      if (sccOf.get(x.callee) !== c || seen.has(x.callee)) continue;
      seen.add(x.callee);
      prev.set(x.callee, v);
      queue.push(x.callee);
    }
  }
  if (!seen.has(e.caller)) return [e.caller, e.callee];
  const back: FunctionSymbol[] = [e.caller];
  for (let v = e.caller; v !== e.callee;) {
    v = prev.get(v)!;
    back.unshift(v);
  }
  return [e.caller, ...back];
}

export function checkWideCalls(cx: SemaContext): void {
  const max = cx.options.maxArguments ?? 5;
  for (const c of cx.wideCalls) {
    const d = c.direct;
    if (d !== undefined && d.attributes.alwaysInline) continue;
    if (d !== undefined && d.definition !== undefined) continue; // reported at the definition
    const what = d !== undefined ? ` to '${d.name}'` : '';
    cx.report('C1301', `too many arguments in call${what}: ${c.count}; BPF calls pass at most ${max} arguments (registers R1–R5)`, c.span);
  }
}

export function checkExterns(cx: SemaContext): void {
  const seen = new Set<unknown>();
  const found: { span: Span; message: string }[] = [];
  for (const u of cx.externUses) {
    if (u.symbol.storage !== 'extern' || seen.has(u.symbol)) continue;
    seen.add(u.symbol);
    const sec = u.symbol.attributes.section?.name;
    const kind = sec === '.ksyms' ? 'a kernel symbol (__ksym)' : sec === '.kconfig' ? 'a kconfig value (__kconfig)' : 'an extern variable';
    found.push({ span: u.span, message: `'${u.symbol.name}' is ${kind}; extern symbols are not supported yet` });
  }
  for (const e of cx.edges) {
    const f = e.callee;
    if (e.indirect || f.definition !== undefined || f.builtin !== undefined || f.implicit || seen.has(f)) continue;
    seen.add(f);
    const ksym = f.attributes.section?.name === '.ksyms';
    found.push({ span: e.span, message: `call to ${ksym ? 'kfunc' : 'external function'} '${f.name}', which is not defined in this file; extern functions are not supported yet` });
  }
  found.sort((a, b) => (a.span.file === b.span.file ? a.span.offset - b.span.offset : 0));
  for (const x of found) cx.report('C1304', x.message, x.span);
}
