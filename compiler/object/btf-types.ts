// C types → BTF types (Documentation/bpf/btf.rst §2), the way clang-16's BTF emitter describes them:
// typedefs kept by name, qualifiers as CONST → VOLATILE → RESTRICT chains above the type they qualify,
// arrays indexed by `__ARRAY_SIZE_TYPE__`, structs and unions with bit-fields in the kind_flag layout
// (unnamed bit-fields left out, as clang's debug info has no member for them), records only declared
// as FWD, 32-bit enums as ENUM and 64-bit ones as ENUM64, function types as FUNC_PROTO (a variadic one
// ends in a void parameter). In: CTypes of a checked translation unit; out: type ids in a BtfBuilder.
// Records and enums are converted once per declaration (recursive records through reserve/set), so the
// ids do not depend on how often a type is used.
import { InternalError } from '../../runtime/errors.js';
import type { BtfBuilder, MemberSpec } from '../../runtime/btf/index.js';
import {
  INT_INFO, Qual, resolve, type CType, type EnumDecl, type FunctionType, type RecordDecl, type TypedefSymbol,
} from '../c/sema/index.js';

export class CTypeBtf {
  private readonly records = new Map<number, number>();
  private readonly enums = new Map<number, number>();
  private readonly typedefs = new Map<TypedefSymbol, number>();

  constructor(readonly b: BtfBuilder) {}

  /** The BTF id of `t` (0 for void). */
  typeId(t: CType): number {
    const base = this.unqualifiedId(t);
    return this.qualify(base, t.kind === 'array' ? 0 : t.quals);
  }

  /** A FUNC_PROTO for `fn`, with parameter names when given (a definition's). */
  protoId(fn: FunctionType, names?: readonly (string | undefined)[], override?: ReadonlyMap<number, number>): number {
    const ret = this.typeId(fn.returns);
    const params = fn.params.map((p, i) => ({ name: names?.[i] ?? p.name ?? '', type: override?.get(i) ?? this.typeId(p.type) }));
    return this.b.addFuncProto(ret, params, fn.variadic);
  }

  /** A named STRUCT or UNION by its C declaration (FWD when incomplete). */
  recordId(decl: RecordDecl): number {
    const hit = this.records.get(decl.id);
    if (hit !== undefined) return hit;
    const name = decl.name ?? '';
    if (decl.fields === undefined || decl.layout === undefined) {
      const id = this.b.addFwd(name, decl.tag === 'union');
      this.records.set(decl.id, id);
      return id;
    }
    const id = this.b.reserve();
    this.records.set(decl.id, id);
    const layout = decl.layout;
    const members: MemberSpec[] = [];
    decl.fields.forEach((f, i) => {
      const fl = layout.fields[i];
      if (fl === undefined) throw new InternalError(`record '${name}': no layout for member ${i}`);
      if (f.bitWidth !== undefined) {
        if (f.name === undefined) return; // unnamed bit-fields are padding
        members.push({ name: f.name, type: this.typeId(f.type), bitOffset: fl.bitOffset, bitfieldSize: f.bitWidth });
        return;
      }
      members.push({ name: f.name ?? '', type: this.typeId(f.type), bitOffset: fl.bitOffset });
    });
    const bitfields = members.some((m) => (m.bitfieldSize ?? 0) !== 0);
    const kind = decl.tag === 'union' ? 'UNION' : 'STRUCT';
    this.b.set(id, { kind, name, size: layout.size, kindFlag: bitfields, members: members.map((m) => ({ ...m, bitfieldSize: m.bitfieldSize ?? 0 })) });
    return id;
  }

  private enumId(decl: EnumDecl): number {
    const hit = this.enums.get(decl.id);
    if (hit !== undefined) return hit;
    const name = decl.name ?? '';
    const info = INT_INFO[decl.underlying];
    const signed = info.signed;
    let id: number;
    if (info.size === 8) {
      const wrap = signed ? BigInt.asIntN : BigInt.asUintN;
      id = this.b.addEnum64(name, decl.constants.map((c) => ({ name: c.name, value: wrap(64, c.value) })), { size: 8, signed });
    } else {
      const wrap = signed ? BigInt.asIntN : BigInt.asUintN;
      const values = decl.constants.map((c) => ({ name: c.name, value: Number(wrap(32, c.value)) }));
      id = this.b.addEnum(name, values, { size: info.size, signed });
    }
    this.enums.set(decl.id, id);
    return id;
  }

  private typedefId(decl: TypedefSymbol): number {
    const hit = this.typedefs.get(decl);
    if (hit !== undefined) return hit;
    const id = this.b.addTypedef(decl.name, this.typeId(decl.type));
    this.typedefs.set(decl, id);
    return id;
  }

  /** Wraps `id` in CONST / VOLATILE / RESTRICT for `quals` (const outermost, as clang writes them). */
  private qualify(id: number, quals: number): number {
    let out = id;
    if (quals & Qual.Restrict) out = this.b.addRestrict(out);
    if (quals & Qual.Volatile) out = this.b.addVolatile(out);
    if (quals & Qual.Const) out = this.b.addConst(out);
    return out;
  }

  private unqualifiedId(t: CType): number {
    switch (t.kind) {
      case 'void':
        return 0;
      case 'int': {
        const info = INT_INFO[t.int];
        if (t.int === '_Bool') return this.b.addInt('_Bool', 1, { bool: true });
        return this.b.addInt(t.int, info.size, { signed: info.signed });
      }
      case 'float':
        return this.b.addFloat(t.float, t.float === 'float' ? 4 : 8);
      case 'pointer':
        return this.b.addPtr(this.typeId(t.pointee));
      case 'array':
        return this.b.addArray(this.typeId(t.element), t.length ?? 0);
      case 'function':
        return this.protoId(t);
      case 'record':
        return this.recordId(t.decl);
      case 'enum':
        return this.enumId(t.decl);
      case 'typedef':
        return this.typedefId(t.decl);
      default: {
        const never: never = t;
        throw new InternalError(`BTF: unknown C type ${JSON.stringify(never)}`);
      }
    }
  }
}

/** Whether `t` names a struct (under typedefs) called `name`. */
export function isStructNamed(t: CType, name: string): boolean {
  const r = resolve(t);
  return r.kind === 'record' && r.decl.tag === 'struct' && r.decl.name === name;
}
