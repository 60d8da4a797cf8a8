// BtfBuilder: assembles a Btf type by type for the compiler. Each add* call returns the new type's id;
// adding a type identical to one already added returns the existing id (types are compared field by
// field, after their referenced types were themselves deduplicated), and names are interned once in
// the string table in the order they are first used — which is what clang does too. Recursive types
// (struct list { struct list *next; }) are built with reserve() + set(). The encodings follow
// Documentation/bpf/btf.rst: arrays are indexed by clang's `__ARRAY_SIZE_TYPE__` (4-byte unsigned INT),
// structs with any bitfield use the kind_flag member layout, C varargs are a trailing void parameter.
import { BTF_INT_BOOL, BTF_INT_CHAR, BTF_INT_SIGNED } from './constants.js';
import { BtfError } from './errors.js';
import { BtfStrings } from './strings.js';
import { mapReferences } from './walk.js';
import type {
  Btf, BtfEnum64Value, BtfEnumValue, BtfLinkage, BtfMember, BtfParam, BtfType, BtfVarSecinfo,
} from './types.js';

export interface IntOptions {
  signed?: boolean;
  char?: boolean;
  bool?: boolean;
  /** value bits (default size × 8) */
  bits?: number;
  bitOffset?: number;
}

/** A struct/union member as the builder takes it (bitfieldSize defaults to 0). */
export interface MemberSpec {
  name: string;
  type: number;
  bitOffset: number;
  bitfieldSize?: number;
}

const PLACEHOLDER: BtfType = Object.freeze({ kind: 'VOID', name: '' }) as BtfType;

export class BtfBuilder {
  private readonly types: BtfType[] = [{ kind: 'VOID', name: '' }];
  private readonly strings = new BtfStrings();
  private readonly known = new Map<string, number>();
  private readonly pending = new Set<number>();
  private arrayIndexType: number | undefined;

  /** Number of types so far, VOID included (the next id to be handed out). */
  get count(): number {
    return this.types.length;
  }

  /** Adds `t` (or finds an identical type) and returns its id. */
  add(t: BtfType): number {
    if (t.kind === 'VOID') return 0;
    const key = typeKey(t);
    const id = this.known.get(key);
    if (id !== undefined) return id;
    this.intern(t);
    this.types.push(t);
    this.known.set(key, this.types.length - 1);
    return this.types.length - 1;
  }

  /** Reserves an id for a type defined later with set() — for types that refer to themselves. */
  reserve(): number {
    this.types.push(PLACEHOLDER);
    this.pending.add(this.types.length - 1);
    return this.types.length - 1;
  }

  /** Defines a reserved id. */
  set(id: number, t: BtfType): void {
    if (!this.pending.has(id)) throw new BtfError(`builder: type ${id} was not reserved or is already set`);
    if (t.kind === 'VOID') throw new BtfError(`builder: type ${id} cannot be VOID`);
    this.pending.delete(id);
    this.intern(t);
    this.types[id] = t;
    const key = typeKey(t);
    if (!this.known.has(key)) this.known.set(key, id);
  }

  addInt(name: string, size: number, o: IntOptions = {}): number {
    const encoding = (o.signed ? BTF_INT_SIGNED : 0) | (o.char ? BTF_INT_CHAR : 0) | (o.bool ? BTF_INT_BOOL : 0);
    return this.add({ kind: 'INT', name, size, encoding, bitOffset: o.bitOffset ?? 0, bits: o.bits ?? size * 8 });
  }

  addPtr(type: number): number {
    return this.add({ kind: 'PTR', name: '', type });
  }

  addConst(type: number): number {
    return this.add({ kind: 'CONST', name: '', type });
  }

  addVolatile(type: number): number {
    return this.add({ kind: 'VOLATILE', name: '', type });
  }

  addRestrict(type: number): number {
    return this.add({ kind: 'RESTRICT', name: '', type });
  }

  addTypedef(name: string, type: number): number {
    return this.add({ kind: 'TYPEDEF', name, type });
  }

  addTypeTag(name: string, type: number, attribute = false): number {
    return this.add({ kind: 'TYPE_TAG', name, type, kindFlag: attribute });
  }

  /** An array of `nelems` × `elem`; the index type defaults to clang's `__ARRAY_SIZE_TYPE__`. */
  addArray(elem: number, nelems: number, indexType?: number): number {
    const index = indexType ?? (this.arrayIndexType ??= this.addInt('__ARRAY_SIZE_TYPE__', 4));
    return this.add({ kind: 'ARRAY', name: '', type: elem, indexType: index, nelems });
  }

  addStruct(name: string, size: number, members: MemberSpec[]): number {
    return this.add(composite('STRUCT', name, size, members));
  }

  addUnion(name: string, size: number, members: MemberSpec[]): number {
    return this.add(composite('UNION', name, size, members));
  }

  /** An ENUM; signed defaults to "some value is negative", size to 4. */
  addEnum(name: string, values: BtfEnumValue[], o: { size?: number; signed?: boolean } = {}): number {
    const signed = o.signed ?? values.some((v) => v.value < 0);
    return this.add({ kind: 'ENUM', name, size: o.size ?? 4, signed, values: values.map((v) => ({ ...v })) });
  }

  /** An ENUM64; signed defaults to "some value is negative", size to 8. */
  addEnum64(name: string, values: BtfEnum64Value[], o: { size?: number; signed?: boolean } = {}): number {
    const signed = o.signed ?? values.some((v) => v.value < 0n);
    return this.add({ kind: 'ENUM64', name, size: o.size ?? 8, signed, values: values.map((v) => ({ ...v })) });
  }

  addFwd(name: string, union = false): number {
    return this.add({ kind: 'FWD', name, union });
  }

  addFuncProto(returnType: number, params: BtfParam[], variadic = false): number {
    return this.add({ kind: 'FUNC_PROTO', name: '', returnType, params: params.map((p) => ({ ...p })), variadic });
  }

  addFunc(name: string, proto: number, linkage: BtfLinkage = 'global'): number {
    return this.add({ kind: 'FUNC', name, type: proto, linkage });
  }

  addVar(name: string, type: number, linkage: BtfLinkage = 'global'): number {
    return this.add({ kind: 'VAR', name, type, linkage });
  }

  addDatasec(name: string, size: number, vars: BtfVarSecinfo[]): number {
    return this.add({ kind: 'DATASEC', name, size, vars: vars.map((v) => ({ ...v })) });
  }

  addFloat(name: string, size: number): number {
    return this.add({ kind: 'FLOAT', name, size });
  }

  addDeclTag(name: string, type: number, componentIdx = -1, attribute = false): number {
    return this.add({ kind: 'DECL_TAG', name, type, componentIdx, kindFlag: attribute });
  }

  /** Interns a string that is not a type name (e.g. a .BTF.ext file name) and returns its offset. */
  addString(s: string): number {
    return this.strings.add(s);
  }

  /** The finished Btf (an independent copy: the builder may keep growing). */
  build(): Btf {
    if (this.pending.size > 0) {
      throw new BtfError(`builder: reserved type ${[...this.pending][0]} was never set`);
    }
    return { types: this.types.map((t) => mapReferences(t, (id) => id)), strings: this.strings.clone() };
  }

  private intern(t: BtfType): void {
    this.strings.add(t.name);
    switch (t.kind) {
      case 'STRUCT':
      case 'UNION':
        for (const m of t.members) this.strings.add(m.name);
        break;
      case 'ENUM':
      case 'ENUM64':
        for (const v of t.values) this.strings.add(v.name);
        break;
      case 'FUNC_PROTO':
        for (const p of t.params) this.strings.add(p.name);
        break;
      default:
        break;
    }
  }
}

function composite(kind: 'STRUCT' | 'UNION', name: string, size: number, members: MemberSpec[]): BtfType {
  const ms: BtfMember[] = members.map((m) => ({ name: m.name, type: m.type, bitOffset: m.bitOffset, bitfieldSize: m.bitfieldSize ?? 0 }));
  return { kind, name, size, kindFlag: ms.some((m) => m.bitfieldSize !== 0), members: ms };
}

/** A canonical string for a type, used to find identical types. */
function typeKey(t: BtfType): string {
  return JSON.stringify(t, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}
