// BTF FUNC / FUNC_PROTO for every function with code (reference §2.6 items 2 and 4): the C prototype
// with the definition's parameter names, linkage static or global, as clang writes it. A parameter of
// a subprogram that the IR types as the program context but C declares otherwise is written as
// `PTR → STRUCT <ctx>` with the kernel's exact struct name (`xdp_md`, `__sk_buff`, …) of the program
// type that reaches the function — the full definition when the unit has one, an empty struct of that
// name otherwise — which is what the verifier needs to check a global function on its own. Entry
// programs keep their C prototype (`void *ctx` stays), as in clang's objects.
// In: the code, the IR functions, the C symbols; out: FUNC id per function name.
import type { FunctionCode } from '../codegen/index.js';
import type { LoweredFunction } from '../c/to-ir/index.js';
import { resolve, type RecordDecl } from '../c/sema/index.js';
import { ctxLayoutOfSection, type Func } from '../ir/index.js';
import { isStructNamed, type CTypeBtf } from './btf-types.js';

/** The context struct name of each function: its section's, or the one all its callers agree on. */
export function contextNames(code: readonly FunctionCode[]): Map<string, string> {
  const byName = new Map(code.map((f) => [f.name, f]));
  const seen = new Map<string, Set<string>>();
  for (const f of code) {
    if (f.section === undefined) continue;
    const layout = ctxLayoutOfSection(f.section);
    if (layout === 'unknown') continue;
    const work = [f.name];
    while (work.length > 0) {
      const n = work.pop() as string;
      const s = seen.get(n) ?? new Set<string>();
      if (s.has(layout)) continue;
      s.add(layout);
      seen.set(n, s);
      for (const r of byName.get(n)?.relocs ?? []) if (r.kind === 'call' || r.kind === 'callback') work.push(r.symbol);
    }
  }
  const out = new Map<string, string>();
  for (const [n, s] of seen) if (s.size === 1) out.set(n, [...s][0] as string);
  return out;
}

export interface FuncBtfInput {
  code: readonly FunctionCode[];
  irFuncs: ReadonlyMap<string, Func>;
  lowered: ReadonlyMap<string, LoweredFunction>;
  records: readonly RecordDecl[];
}

/** Adds a FUNC for every function of `code`; returns name → FUNC id. */
export function emitFuncs(tb: CTypeBtf, input: FuncBtfInput): Map<string, number> {
  const ctx = contextNames(input.code);
  const ctxStructs = new Map<string, number>();
  const ctxPtr = (name: string): number => {
    let id = ctxStructs.get(name);
    if (id === undefined) {
      const decl = input.records.find((r) => r.tag === 'struct' && r.name === name && r.fields !== undefined);
      id = tb.b.addPtr(decl ? tb.recordId(decl) : tb.b.addStruct(name, 0, []));
      ctxStructs.set(name, id);
    }
    return id;
  };
  const out = new Map<string, number>();
  for (const f of input.code) {
    const lf = input.lowered.get(f.name);
    const ir = input.irFuncs.get(f.name);
    const ctxName = ctx.get(f.name);
    let proto: number;
    if (lf) {
      const def = lf.symbol.definition;
      const names = def?.params.map((p) => p.name || undefined);
      const override = new Map<number, number>();
      const shift = lf.sret ? 1 : 0;
      lf.symbol.type.params.forEach((p, i) => {
        const irType = ir?.params[i + shift]?.type;
        if (f.section === undefined && ctxName !== undefined && irType?.kind === 'ptr' && irType.to === 'ctx') {
          const r = resolve(p.type);
          const pointee = r.kind === 'pointer' ? r.pointee : undefined;
          if (!(pointee && isStructNamed(pointee, ctxName))) override.set(i, ctxPtr(ctxName));
        }
      });
      proto = tb.protoId(lf.symbol.type, names, override);
    } else {
      // a function without a C declaration: its IR signature
      const i64 = tb.b.addInt('long', 8, { signed: true });
      const params = (ir?.params ?? []).map((p) => ({ name: p.name ?? '', type: p.type.kind === 'ptr' ? tb.b.addPtr(0) : i64 }));
      proto = tb.b.addFuncProto(ir && ir.ret.kind !== 'void' ? i64 : 0, params);
    }
    const linkage = f.section !== undefined || f.linkage === 'global' ? 'global' : 'static';
    out.set(f.name, tb.b.addFunc(f.name, proto, linkage));
  }
  return out;
}
