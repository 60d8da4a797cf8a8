// Btf → C declarations, the text `bpftool btf dump file X format c` prints (libbpf 1.1 btf_dump.c
// semantics, re-implemented): types are topologically ordered so every embedded type is defined before
// its user and types reached only through pointers get forward declarations; anonymous structs, unions
// and enums are written inline; struct layout is reproduced with explicit `type: N;` padding and
// `__attribute__((packed))`; duplicate names get a `___N` suffix. Declarators (pointers to arrays,
// arrays of function pointers, …) are written by declarator.ts.
//
// In: a Btf and type ids. Out: C text. Cyclic or over-deep type graphs that C cannot express are a
// BtfError (libbpf reports them as "unsatisfiable type cycle").
import { BtfError, describeType } from './errors.js';
import { DeclWriter } from './declarator.js';
import type { Btf, BtfComposite, BtfEnum, BtfEnum64, BtfType } from './types.js';

const Order = { NotOrdered: 0, Ordering: 1, Ordered: 2 } as const;
type Order = (typeof Order)[keyof typeof Order];
const Emit = { NotEmitted: 0, Emitting: 1, Emitted: 2 } as const;
type Emit = (typeof Emit)[keyof typeof Emit];

/** Deepest recursion the dumper accepts before calling the graph malformed. */
const MAX_DEPTH = 1000;
/** Longest C text the dumper writes (the kernel's own BTF needs about a tenth of it). */
const MAX_OUTPUT = 1 << 26;

/** The header bpftool writes before the types. */
export const BTF_C_HEADER = `#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

`;

/** The footer bpftool writes after the types. */
export const BTF_C_FOOTER = `#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
`;

/** Exactly what `bpftool btf dump file X format c` prints: header, every type in id order, footer. */
export function printBtfC(btf: Btf): string {
  const d = new CDumper(btf);
  for (let id = 1; id < btf.types.length; id++) d.dumpType(id);
  return BTF_C_HEADER + d.text() + BTF_C_FOOTER;
}

/**
 * The C definitions needed to declare type `id` (its own definition last), as btf_dump__dump_type()
 * prints them on a fresh dumper — e.g. the struct of a map value with the typedefs it uses.
 */
export function printCDecls(btf: Btf, ...ids: number[]): string {
  const d = new CDumper(btf);
  for (const id of ids) d.dumpType(id);
  return d.text();
}

/** A C declaration of `name` with type `id` ("struct flow *p", "int (*f)(void)"), or the bare type name. */
export function printCType(btf: Btf, id: number, name = ''): string {
  const d = new CDumper(btf);
  d.decl.typeDecl(id, name, 0);
  return d.text();
}

/** Per-dump state: order/emit marks, resolved names, the output (libbpf struct btf_dump). */
export class CDumper {
  readonly out: string[] = [];
  readonly decl: DeclWriter;
  private readonly order: Order[];
  private readonly emit: Emit[];
  private readonly fwdEmitted: boolean[];
  private readonly referenced: boolean[];
  private queue: number[] = [];
  private size = 0;

  constructor(readonly btf: Btf) {
    const n = btf.types.length;
    this.order = new Array<Order>(n).fill(Order.NotOrdered);
    this.emit = new Array<Emit>(n).fill(Emit.NotEmitted);
    this.fwdEmitted = new Array<boolean>(n).fill(false);
    this.referenced = new Array<boolean>(n).fill(false);
    this.order[0] = Order.Ordered;
    this.emit[0] = Emit.Emitted;
    for (const t of btf.types) markReferenced(t, this.referenced);
    this.decl = new DeclWriter(btf, (s) => this.write(s));
  }

  private write(s: string): void {
    this.size += s.length;
    if (this.size > MAX_OUTPUT) throw new BtfError(`C dump: output exceeds ${MAX_OUTPUT} characters`);
    this.out.push(s);
  }

  text(): string {
    return this.out.join('');
  }

  /** btf_dump__dump_type: order the type and its dependencies, then emit what was queued. */
  dumpType(id: number): void {
    this.type(id);
    this.queue = [];
    this.orderType(id, false, 0);
    for (const q of this.queue) this.emitType(q, 0, 0);
  }

  private type(id: number): BtfType {
    const t = this.btf.types[id];
    if (t === undefined) throw new BtfError(`C dump: no type ${id}`);
    return t;
  }

  /** Topological ordering: returns true when the link to `id` is strong (it must be fully defined). */
  private orderType(id: number, throughPtr: boolean, depth: number): boolean {
    if (depth > MAX_DEPTH) throw new BtfError(`C dump: ${describeType(id, this.type(id).kind)}: type graph nested too deeply`);
    if (this.order[id] === Order.Ordered) return true;
    const t = this.type(id);
    if (this.order[id] === Order.Ordering) {
      if ((t.kind === 'STRUCT' || t.kind === 'UNION') && throughPtr && t.name !== '') return false;
      throw new BtfError(`C dump: unsatisfiable type cycle through ${describeType(id, t.kind)}`);
    }
    switch (t.kind) {
      case 'VOID':
        return true;
      case 'INT':
      case 'FLOAT':
        this.order[id] = Order.Ordered;
        return false;
      case 'PTR': {
        const strong = this.orderType(t.type, true, depth + 1);
        this.order[id] = Order.Ordered;
        return strong;
      }
      case 'ARRAY':
        return this.orderType(t.type, false, depth + 1);
      case 'STRUCT':
      case 'UNION':
        if (throughPtr && t.name !== '') return false;
        this.order[id] = Order.Ordering;
        for (const m of t.members) this.orderType(m.type, false, depth + 1);
        if (t.name !== '') this.queue.push(id);
        this.order[id] = Order.Ordered;
        return true;
      case 'ENUM':
      case 'ENUM64':
      case 'FWD':
        if (t.name !== '' || !this.referenced[id]) this.queue.push(id);
        this.order[id] = Order.Ordered;
        return true;
      case 'TYPEDEF': {
        const strong = this.orderType(t.type, throughPtr, depth + 1);
        if (throughPtr && !strong) return false;
        this.queue.push(id);
        this.order[id] = Order.Ordered;
        return true;
      }
      case 'VOLATILE':
      case 'CONST':
      case 'RESTRICT':
      case 'TYPE_TAG':
        return this.orderType(t.type, throughPtr, depth + 1);
      case 'FUNC_PROTO': {
        let strong = this.orderType(t.returnType, throughPtr, depth + 1);
        for (const p of t.params) if (this.orderType(p.type, throughPtr, depth + 1)) strong = true;
        // the variadic marker is a parameter of type void, which counts as ordered (strong)
        return strong || t.variadic;
      }
      case 'FUNC':
      case 'VAR':
      case 'DATASEC':
      case 'DECL_TAG':
        this.order[id] = Order.Ordered;
        return false;
      default: {
        const never: never = t;
        return never;
      }
    }
  }

  /** Emits the definition of `id` (and forward declarations it needs); contId = containing struct. */
  private emitType(id: number, contId: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new BtfError(`C dump: ${describeType(id, this.type(id).kind)}: type graph nested too deeply`);
    if (this.emit[id] === Emit.Emitted) return;
    const t = this.type(id);
    const topLevel = contId === 0;
    if (this.emit[id] === Emit.Emitting) {
      if (this.fwdEmitted[id]) return;
      if (t.kind === 'STRUCT' || t.kind === 'UNION') {
        if (id === contId || t.name === '') return;
        this.decl.structFwd(id, t);
        this.write(';\n\n');
        this.fwdEmitted[id] = true;
      } else if (t.kind === 'TYPEDEF') {
        if (!this.decl.isBlacklisted(t)) {
          this.decl.typedefDef(id, t, 0);
          this.write(';\n\n');
        }
        this.fwdEmitted[id] = true;
      }
      return;
    }
    switch (t.kind) {
      case 'INT':
        this.decl.missingAlias(id, t);
        this.emit[id] = Emit.Emitted;
        return;
      case 'ENUM':
      case 'ENUM64':
        if (topLevel) {
          this.decl.enumDef(id, t as BtfEnum | BtfEnum64, 0);
          this.write(';\n\n');
        }
        this.emit[id] = Emit.Emitted;
        return;
      case 'PTR':
      case 'VOLATILE':
      case 'CONST':
      case 'RESTRICT':
      case 'TYPE_TAG':
      case 'ARRAY':
        this.emitType(t.type, contId, depth + 1);
        return;
      case 'FWD':
        this.decl.fwdDef(id, t);
        this.write(';\n\n');
        this.emit[id] = Emit.Emitted;
        return;
      case 'TYPEDEF':
        this.emit[id] = Emit.Emitting;
        this.emitType(t.type, id, depth + 1);
        if (!this.fwdEmitted[id] && !this.decl.isBlacklisted(t)) {
          this.decl.typedefDef(id, t, 0);
          this.write(';\n\n');
        }
        this.emit[id] = Emit.Emitted;
        return;
      case 'STRUCT':
      case 'UNION':
        this.emitComposite(id, t, contId, topLevel, depth);
        return;
      case 'FUNC_PROTO':
        this.emitType(t.returnType, contId, depth + 1);
        for (const p of t.params) this.emitType(p.type, contId, depth + 1);
        return;
      case 'VOID':
      case 'FLOAT':
      case 'FUNC':
      case 'VAR':
      case 'DATASEC':
      case 'DECL_TAG':
        return;
      default: {
        const never: never = t;
        return never;
      }
    }
  }

  private emitComposite(id: number, t: BtfComposite, contId: number, topLevel: boolean, depth: number): void {
    this.emit[id] = Emit.Emitting;
    if (topLevel || t.name === '') {
      const newCont = t.name === '' ? contId : id;
      for (const m of t.members) this.emitType(m.type, newCont, depth + 1);
    } else if (!this.fwdEmitted[id] && id !== contId) {
      this.decl.structFwd(id, t);
      this.write(';\n\n');
      this.fwdEmitted[id] = true;
    }
    if (topLevel) {
      this.decl.structDef(id, t, 0);
      this.write(';\n\n');
      this.emit[id] = Emit.Emitted;
    } else {
      this.emit[id] = Emit.NotEmitted;
    }
  }
}

/** libbpf btf_dump_mark_referenced: which types some other type points at (anonymous enums inline). */
function markReferenced(t: BtfType, referenced: boolean[]): void {
  const mark = (id: number): void => {
    if (id >= 0 && id < referenced.length) referenced[id] = true;
  };
  switch (t.kind) {
    case 'VOID':
    case 'INT':
    case 'ENUM':
    case 'ENUM64':
    case 'FWD':
    case 'FLOAT':
      return;
    case 'VOLATILE':
    case 'CONST':
    case 'RESTRICT':
    case 'PTR':
    case 'TYPEDEF':
    case 'FUNC':
    case 'VAR':
    case 'DECL_TAG':
    case 'TYPE_TAG':
      mark(t.type);
      return;
    case 'ARRAY':
      mark(t.indexType);
      mark(t.type);
      return;
    case 'STRUCT':
    case 'UNION':
      for (const m of t.members) mark(m.type);
      return;
    case 'FUNC_PROTO':
      for (const p of t.params) mark(p.type);
      return;
    case 'DATASEC':
      for (const v of t.vars) mark(v.type);
      return;
    default: {
      const never: never = t;
      return never;
    }
  }
}
