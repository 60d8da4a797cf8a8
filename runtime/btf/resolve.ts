// The type-resolution pass of kernel BTF validation (kernel/bpf/btf.c btf_check_all_types and the
// per-kind resolve/check_member callbacks), re-implemented for validate.ts. A depth-first walk with an
// explicit stack of at most 32 entries follows each type to something with a size; what counts as the
// end of a walk depends on where it started: from a pointer, structs and arrays are ends (so a struct
// may point to itself); from a struct or array, pointers are ends but embedded structs, arrays and
// modifiers are followed (so embedding itself is a loop). Resolved types remember the id they resolve
// to and, for arrays, their size — the kernel's resolved_ids / resolved_sizes.
import { BTF_PTR_SIZE } from './constants.js';
import { BtfError, describeType } from './errors.js';
import { isValidIdentifier } from './validate.js';
import type { Btf, BtfComposite, BtfMember, BtfType } from './types.js';

const MAX_RESOLVE_DEPTH = 32;
const U32_MAX = 0xffffffff;

const Visit = { NotVisited: 0, Visited: 1, Resolved: 2 } as const;
type Visit = (typeof Visit)[keyof typeof Visit];
const Mode = { Tbd: 0, Ptr: 1, StructOrArray: 2 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

const VOID: BtfType = Object.freeze({ kind: 'VOID', name: '' }) as BtfType;

const isModifier = (t: BtfType): boolean =>
  t.kind === 'TYPEDEF' || t.kind === 'VOLATILE' || t.kind === 'CONST' || t.kind === 'RESTRICT' || t.kind === 'TYPE_TAG';
const isStruct = (t: BtfType): boolean => t.kind === 'STRUCT' || t.kind === 'UNION';
const needsResolve = (t: BtfType): boolean =>
  isModifier(t) || t.kind === 'PTR' || isStruct(t) || t.kind === 'ARRAY' || t.kind === 'VAR' || t.kind === 'FUNC'
  || t.kind === 'DATASEC' || t.kind === 'DECL_TAG';
const sourceOnly = (t: BtfType): boolean => t.kind === 'VAR' || t.kind === 'DECL_TAG' || t.kind === 'DATASEC';
const noSize = (t: BtfType): boolean =>
  t.kind === 'VOID' || t.kind === 'FWD' || t.kind === 'FUNC' || t.kind === 'FUNC_PROTO' || t.kind === 'DECL_TAG';
const hasSize = (t: BtfType): t is BtfType & { size: number } =>
  t.kind === 'INT' || isStruct(t) || t.kind === 'ENUM' || t.kind === 'DATASEC' || t.kind === 'FLOAT' || t.kind === 'ENUM64';

/** An INT the kernel accepts as array element / index / bitfield base: byte-sized bits 1,2,4,8,16 bytes. */
function intIsRegular(t: BtfType): boolean {
  if (t.kind !== 'INT') return false;
  const bytes = Math.ceil(t.bits / 8);
  return t.bits % 8 === 0 && t.bitOffset === 0 && [1, 2, 4, 8, 16].includes(bytes);
}

interface Vertex {
  id: number;
  nextMember: number;
}

class Resolver {
  private readonly visit: Visit[];
  private readonly resolvedIds: number[];
  private readonly resolvedSizes: number[];
  private stack: Vertex[] = [];
  private mode: Mode = Mode.Tbd;

  constructor(private readonly btf: Btf) {
    const n = btf.types.length;
    this.visit = new Array<Visit>(n).fill(Visit.NotVisited);
    this.resolvedIds = new Array<number>(n).fill(0);
    this.resolvedSizes = new Array<number>(n).fill(0);
  }

  private type(id: number): BtfType {
    return id === 0 ? VOID : (this.btf.types[id] ?? VOID);
  }

  private fail(id: number, reason: string): never {
    const t = this.type(id);
    throw new BtfError(`${describeType(id, t.kind)} '${t.name}': ${reason}`);
  }

  resolved(id: number): boolean {
    return this.visit[id] === Visit.Resolved;
  }

  private sink(t: BtfType): boolean {
    switch (this.mode) {
      case Mode.Tbd:
        return !needsResolve(t);
      case Mode.Ptr:
        return !isModifier(t) && t.kind !== 'PTR';
      case Mode.StructOrArray:
        return !isModifier(t) && t.kind !== 'ARRAY' && !isStruct(t);
    }
  }

  /** Pushes `id`; a string result is the kernel's error (depth or loop). */
  private push(id: number): string | undefined {
    if (this.stack.length === MAX_RESOLVE_DEPTH) return `Exceeded max resolving depth:${MAX_RESOLVE_DEPTH}`;
    if (this.visit[id] !== Visit.NotVisited) return 'Loop detected';
    this.visit[id] = Visit.Visited;
    this.stack.push({ id, nextMember: 0 });
    if (this.mode === Mode.Tbd) {
      const t = this.type(id);
      if (t.kind === 'PTR') this.mode = Mode.Ptr;
      else if (isStruct(t) || t.kind === 'ARRAY') this.mode = Mode.StructOrArray;
    }
    return undefined;
  }

  private popResolved(resolvedId: number, size: number): void {
    const v = this.stack.pop()!;
    this.resolvedIds[v.id] = resolvedId;
    this.resolvedSizes[v.id] = size;
    this.visit[v.id] = Visit.Resolved;
  }

  /** btf_type_id_size: the sized type `id` stands for, with its size; undefined when it has none. */
  idSize(id: number): { id: number; t: BtfType; size: number } | undefined {
    const t = this.type(id);
    if (noSize(t)) return undefined;
    if (hasSize(t)) return { id, t, size: t.size };
    if (t.kind === 'ARRAY') return { id, t, size: this.resolvedSizes[id]! };
    if (t.kind === 'PTR') return { id, t, size: BTF_PTR_SIZE };
    if (!isModifier(t) && t.kind !== 'VAR') return undefined;
    const rid = this.resolvedIds[id]!;
    const rt = this.type(rid);
    if (noSize(rt)) return undefined;
    if (hasSize(rt)) return { id: rid, t: rt, size: rt.size };
    if (rt.kind === 'ARRAY') return { id: rid, t: rt, size: this.resolvedSizes[rid]! };
    if (rt.kind === 'PTR') return { id: rid, t: rt, size: BTF_PTR_SIZE };
    return undefined;
  }

  /** btf_resolve: resolves `id` and everything it needs. */
  resolve(id: number): void {
    this.mode = Mode.Tbd;
    this.push(id);
    let err: string | undefined;
    while (err === undefined && this.stack.length > 0) {
      const v = this.stack[this.stack.length - 1]!;
      err = this.step(v);
    }
    if (err !== undefined) this.fail(id, err);
    if (!this.resolveValid(id)) this.fail(id, 'Invalid resolve state');
  }

  private step(v: Vertex): string | undefined {
    const t = this.type(v.id);
    switch (t.kind) {
      case 'TYPEDEF':
      case 'VOLATILE':
      case 'CONST':
      case 'RESTRICT':
      case 'TYPE_TAG':
        return this.refStep(v, t.type, false);
      case 'PTR':
        return this.refStep(v, t.type, true);
      case 'VAR':
        return this.varStep(v, t.type);
      case 'ARRAY':
        return this.arrayStep(v, t.type, t.indexType, t.nelems);
      case 'STRUCT':
      case 'UNION':
        return this.structStep(v, t);
      case 'DATASEC':
        return this.datasecStep(v, t.vars);
      case 'FUNC': {
        const proto = this.type(t.type);
        if (proto.kind !== 'FUNC_PROTO') this.fail(v.id, 'Invalid type_id');
        proto.params.forEach((p, i) => {
          if (p.name === '' && p.type !== 0) this.fail(v.id, `Invalid arg#${i + 1}`);
        });
        this.popResolved(t.type, 0);
        return undefined;
      }
      case 'DECL_TAG':
        return this.declTagStep(v, t.type, t.componentIdx);
      default:
        this.fail(v.id, 'Unsupported resolve');
    }
  }

  /** modifiers and PTR (btf_modifier_resolve, btf_ptr_resolve) */
  private refStep(v: Vertex, nextId: number, ptr: boolean): string | undefined {
    let next = this.type(nextId);
    if (sourceOnly(next)) this.fail(v.id, 'Invalid type_id');
    if (!this.sink(next) && !this.resolved(nextId)) return this.push(nextId);
    if (ptr && isModifier(next)) {
      const rid = this.resolvedIds[nextId]!;
      const rt = this.type(rid);
      if (rt.kind === 'PTR' && !this.sink(rt) && !this.resolved(rid)) return this.push(rid);
    }
    const sized = this.idSize(nextId);
    let resolvedId = nextId;
    if (sized) {
      resolvedId = sized.id;
    } else {
      if (this.resolved(nextId)) {
        resolvedId = this.resolvedIds[nextId]!;
        next = this.type(resolvedId);
      }
      if (next.kind !== 'VOID' && next.kind !== 'FWD' && next.kind !== 'FUNC_PROTO') this.fail(v.id, 'Invalid type_id');
    }
    this.popResolved(resolvedId, 0);
    return undefined;
  }

  private varStep(v: Vertex, nextId: number): string | undefined {
    const next = this.type(nextId);
    if (sourceOnly(next)) this.fail(v.id, 'Invalid type_id');
    if (!this.sink(next) && !this.resolved(nextId)) return this.push(nextId);
    if (isModifier(next)) {
      const rid = this.resolvedIds[nextId]!;
      const rt = this.type(rid);
      if (rt.kind === 'PTR' && !this.sink(rt) && !this.resolved(rid)) return this.push(rid);
    }
    const sized = this.idSize(nextId);
    if (!sized) this.fail(v.id, 'Invalid type_id');
    this.popResolved(sized.id, 0);
    return undefined;
  }

  private arrayStep(v: Vertex, elemId: number, indexId: number, nelems: number): string | undefined {
    const index = this.type(indexId);
    if (noSize(index) || sourceOnly(index)) this.fail(v.id, 'Invalid index');
    if (!this.sink(index) && !this.resolved(indexId)) return this.push(indexId);
    const idx = this.idSize(indexId);
    if (!idx || !intIsRegular(idx.t)) this.fail(v.id, 'Invalid index');
    const elem = this.type(elemId);
    if (noSize(elem) || sourceOnly(elem)) this.fail(v.id, 'Invalid elem');
    if (!this.sink(elem) && !this.resolved(elemId)) return this.push(elemId);
    const el = this.idSize(elemId);
    if (!el) this.fail(v.id, 'Invalid elem');
    if (el.t.kind === 'INT' && !intIsRegular(el.t)) this.fail(v.id, 'Invalid array of int');
    if (nelems && el.size > Math.floor(U32_MAX / nelems)) this.fail(v.id, 'Array size overflows U32_MAX');
    this.popResolved(el.id, el.size * nelems);
    return undefined;
  }

  private structStep(v: Vertex, t: BtfComposite): string | undefined {
    if (v.nextMember > 0) {
      const last = t.members[v.nextMember - 1]!;
      if (!this.resolved(last.type)) this.fail(v.id, 'Invalid resolve state');
      this.checkMember(v.id, t, last, last.type, v.nextMember - 1);
    }
    for (let i = v.nextMember; i < t.members.length; i++) {
      const m = t.members[i]!;
      const mt = this.type(m.type);
      if (noSize(mt) || sourceOnly(mt)) this.fail(v.id, `member ${i} '${m.name}': Invalid member`);
      if (!this.sink(mt) && !this.resolved(m.type)) {
        v.nextMember = i + 1;
        return this.push(m.type);
      }
      this.checkMember(v.id, t, m, m.type, i);
    }
    this.popResolved(0, 0);
    return undefined;
  }

  /** The kernel's check_member / check_kflag_member for the member's (resolved) type. */
  private checkMember(sid: number, s: BtfComposite, m: BtfMember, typeId: number, i: number): void {
    const bad: (reason: string) => never = (reason) => this.fail(sid, `member ${i} '${m.name}': ${reason}`);
    let mt = this.type(typeId);
    if (isModifier(mt)) {
      const r = this.idSize(typeId);
      if (!r) bad('Invalid member');
      mt = r.t;
      typeId = r.id;
    }
    const size = s.size;
    const off = m.bitOffset;
    const bfs = m.bitfieldSize;
    const fits = (bytesOffset: number, n: number): boolean => size >= bytesOffset && size - bytesOffset >= n;
    if (mt.kind === 'INT') {
      if (!s.kindFlag) {
        const bitsOff = off + mt.bitOffset;
        if (bitsOff > U32_MAX) bad('bits_offset exceeds U32_MAX');
        const copyBits = mt.bits + (bitsOff % 8);
        if (copyBits > 128) bad('nr_copy_bits exceeds 128');
        if (!fits(Math.floor(bitsOff / 8), Math.ceil(copyBits / 8))) bad('Member exceeds struct_size');
        return;
      }
      if (!intIsRegular(mt)) bad('Invalid member base type');
      let nrBits = bfs;
      if (nrBits === 0) {
        if (off % 8 !== 0) bad('Invalid member offset');
        nrBits = mt.bits;
      } else if (nrBits > mt.bits) {
        bad('Invalid member bitfield_size');
      }
      const copyBits = nrBits + (off % 8);
      if (copyBits > 128) bad('nr_copy_bits exceeds 128');
      if (!fits(Math.floor(off / 8), Math.ceil(copyBits / 8))) bad('Member exceeds struct_size');
      return;
    }
    if (mt.kind === 'ENUM' || mt.kind === 'ENUM64') {
      if (!s.kindFlag) {
        if (off % 8 !== 0) bad('Member is not byte aligned');
        if (!fits(Math.floor(off / 8), mt.size)) bad('Member exceeds struct_size');
        return;
      }
      let nrBits = bfs;
      if (nrBits === 0) {
        if (off % 8 !== 0) bad('Member is not byte aligned');
        nrBits = 32;
      } else if (nrBits > 32) {
        bad('Invalid member bitfield_size');
      }
      if (size < Math.ceil((off + nrBits) / 8)) bad('Member exceeds struct_size');
      return;
    }
    if (s.kindFlag && bfs !== 0) bad('Invalid member bitfield_size');
    switch (mt.kind) {
      case 'PTR':
        if (off % 8 !== 0) bad('Member is not byte aligned');
        if (!fits(Math.floor(off / 8), BTF_PTR_SIZE)) bad('Member exceeds struct_size');
        return;
      case 'ARRAY':
      case 'STRUCT':
      case 'UNION': {
        if (off % 8 !== 0) bad('Member is not byte aligned');
        const n = mt.kind === 'ARRAY' ? this.resolvedSizes[typeId]! : mt.size;
        if (!fits(Math.floor(off / 8), n)) bad('Member exceeds struct_size');
        return;
      }
      case 'FLOAT': {
        const alignBits = Math.min(BTF_PTR_SIZE, mt.size) * 8;
        if (off % alignBits !== 0) bad('Member is not properly aligned');
        if (Math.floor(off / 8) + mt.size > size) bad('Member exceeds struct_size');
        return;
      }
      default:
        bad('Unsupported check_member');
    }
  }

  private datasecStep(v: Vertex, vars: { type: number; offset: number; size: number }[]): string | undefined {
    this.mode = Mode.Tbd;
    for (let i = v.nextMember; i < vars.length; i++) {
      const vsi = vars[i]!;
      const vt = this.type(vsi.type);
      if (vt.kind !== 'VAR') this.fail(v.id, `var ${i} (type_id=${vsi.type}): Not a VAR kind member`);
      if (!this.sink(vt) && !this.resolved(vsi.type)) {
        v.nextMember = i + 1;
        return this.push(vsi.type);
      }
      const sized = this.idSize(vt.type);
      if (!sized) this.fail(v.id, `var ${i} (type_id=${vsi.type}): Invalid type`);
      if (vsi.size < sized.size) this.fail(v.id, `var ${i} (type_id=${vsi.type}): Invalid size`);
    }
    this.popResolved(0, 0);
    return undefined;
  }

  private declTagStep(v: Vertex, nextId: number, componentIdx: number): string | undefined {
    const next = this.type(nextId);
    if (!(next.kind === 'FUNC' || isStruct(next) || next.kind === 'VAR' || next.kind === 'TYPEDEF')) this.fail(v.id, 'Invalid type_id');
    if (!this.sink(next) && !this.resolved(nextId)) return this.push(nextId);
    if (componentIdx !== -1) {
      let vlen: number;
      if (next.kind === 'VAR' || next.kind === 'TYPEDEF') this.fail(v.id, 'Invalid component_idx');
      if (isStruct(next)) {
        vlen = (next as BtfComposite).members.length;
      } else {
        const proto = this.type((next as { type: number }).type);
        vlen = proto.kind === 'FUNC_PROTO' ? proto.params.length + (proto.variadic ? 1 : 0) : 0;
      }
      if (componentIdx >= vlen) this.fail(v.id, 'Invalid component_idx');
    }
    this.popResolved(nextId, 0);
    return undefined;
  }

  /** btf_resolve_valid: the final sanity check after resolving `id`. */
  private resolveValid(id: number): boolean {
    if (!this.resolved(id)) return false;
    const t = this.type(id);
    if (isStruct(t) || t.kind === 'DATASEC') return this.resolvedIds[id] === 0 && this.resolvedSizes[id] === 0;
    if (t.kind === 'DECL_TAG' || t.kind === 'FUNC') return this.resolvedIds[id] !== 0 && this.resolvedSizes[id] === 0;
    if (isModifier(t) || t.kind === 'PTR' || t.kind === 'VAR') {
      const rt = this.type(this.resolvedIds[id]!);
      return !isModifier(rt) && rt.kind !== 'VAR' && rt.kind !== 'DATASEC';
    }
    if (t.kind === 'ARRAY') {
      const el = this.idSize(t.type);
      return el !== undefined && !isModifier(el.t) && ((t.nelems * el.size) >>> 0) === this.resolvedSizes[id];
    }
    return false;
  }

  /** btf_func_proto_check */
  protoCheck(id: number): void {
    const t = this.type(id);
    if (t.kind !== 'FUNC_PROTO') return;
    if (t.returnType !== 0) {
      const rt = this.type(t.returnType);
      if (sourceOnly(rt)) this.fail(id, 'Invalid return type');
      if (needsResolve(rt) && !this.resolved(t.returnType)) this.resolve(t.returnType);
      if (!this.idSize(t.returnType)) this.fail(id, 'Invalid return type');
    }
    t.params.forEach((p, i) => {
      const at = this.type(p.type);
      if (sourceOnly(at)) this.fail(id, `Invalid arg#${i + 1}`);
      if (p.name !== '' && !isValidIdentifier(p.name)) this.fail(id, `Invalid arg#${i + 1}`);
      if (needsResolve(at) && !this.resolved(p.type)) this.resolve(p.type);
      if (!this.idSize(p.type)) this.fail(id, `Invalid arg#${i + 1}`);
    });
  }
}

/** Resolves every type that needs it, then checks every FUNC_PROTO (kernel btf_check_all_types). */
export function resolvePass(btf: Btf): void {
  const r = new Resolver(btf);
  for (let id = 1; id < btf.types.length; id++) {
    const t = btf.types[id]!;
    if (needsResolve(t) && !r.resolved(id)) r.resolve(id);
    if (t.kind === 'FUNC_PROTO') r.protoCheck(id);
  }
}
