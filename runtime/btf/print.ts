// Btf → text in the exact format of `bpftool btf dump file X` (raw format) and of `bpftool -j btf dump
// file X` (compact JSON), as bpftool 7.x prints them (tools/bpf/bpftool/btf.c dump_btf_type): one
// "[id] KIND 'name' fields" line per type, followed by one tab-indented line per member, enumerator,
// parameter or section variable. Both forms end with a newline.
import { BTF_INT_BOOL, BTF_INT_CHAR, BTF_INT_SIGNED } from './constants.js';
import type { Btf, BtfType } from './types.js';

/** The raw-format dump of every type (ids 1..n). */
export function printBtf(btf: Btf): string {
  const out: string[] = [];
  for (let id = 1; id < btf.types.length; id++) out.push(printBtfType(btf, id));
  return out.join('');
}

/** The raw-format dump of one type, newline-terminated (several lines for types with members). */
export function printBtfType(btf: Btf, id: number): string {
  const t = btf.types[id];
  if (t === undefined) return `[${id}] UNKNOWN '(anon)'\n`;
  let s = `[${id}] ${kindName(t)} '${anon(t.name)}'`;
  switch (t.kind) {
    case 'VOID':
      break;
    case 'INT':
      s += ` size=${t.size} bits_offset=${t.bitOffset} nr_bits=${t.bits} encoding=${intEncoding(t.encoding)}`;
      break;
    case 'PTR':
    case 'CONST':
    case 'VOLATILE':
    case 'RESTRICT':
    case 'TYPEDEF':
    case 'TYPE_TAG':
      s += ` type_id=${t.type}`;
      break;
    case 'ARRAY':
      s += ` type_id=${t.type} index_type_id=${t.indexType} nr_elems=${t.nelems}`;
      break;
    case 'STRUCT':
    case 'UNION':
      s += ` size=${t.size} vlen=${t.members.length}`;
      for (const m of t.members) {
        s += `\n\t'${anon(m.name)}' type_id=${m.type} bits_offset=${m.bitOffset}`;
        if (m.bitfieldSize) s += ` bitfield_size=${m.bitfieldSize}`;
      }
      break;
    case 'ENUM':
      s += ` encoding=${t.signed ? 'SIGNED' : 'UNSIGNED'} size=${t.size} vlen=${t.values.length}`;
      for (const v of t.values) s += `\n\t'${anon(v.name)}' val=${v.value}`;
      break;
    case 'ENUM64':
      s += ` encoding=${t.signed ? 'SIGNED' : 'UNSIGNED'} size=${t.size} vlen=${t.values.length}`;
      for (const v of t.values) s += `\n\t'${anon(v.name)}' val=${v.value}${t.signed ? 'LL' : 'ULL'}`;
      break;
    case 'FWD':
      s += ` fwd_kind=${t.union ? 'union' : 'struct'}`;
      break;
    case 'FUNC':
      s += ` type_id=${t.type} linkage=${t.linkage}`;
      break;
    case 'FUNC_PROTO': {
      const params = protoParams(t);
      s += ` ret_type_id=${t.returnType} vlen=${params.length}`;
      for (const p of params) s += `\n\t'${anon(p.name)}' type_id=${p.type}`;
      break;
    }
    case 'VAR':
      s += ` type_id=${t.type}, linkage=${t.linkage}`;
      break;
    case 'DATASEC':
      s += ` size=${t.size} vlen=${t.vars.length}`;
      for (const v of t.vars) {
        s += `\n\ttype_id=${v.type} offset=${v.offset} size=${v.size}`;
        const vt = btf.types[v.type];
        if (vt !== undefined) s += ` (${kindName(vt)} '${anon(vt.name)}')`;
      }
      break;
    case 'FLOAT':
      s += ` size=${t.size}`;
      break;
    case 'DECL_TAG':
      s += ` type_id=${t.type} component_idx=${t.componentIdx}`;
      break;
    default: {
      const never: never = t;
      return never;
    }
  }
  return `${s}\n`;
}

/** The JSON dump, as `bpftool -j btf dump file X` prints it: {"types":[...]} on one line. */
export function printBtfJson(btf: Btf): string {
  const items: string[] = [];
  for (let id = 1; id < btf.types.length; id++) items.push(jsonType(btf, id, btf.types[id]!));
  return `{"types":[${items.join(',')}]}\n`;
}

function jsonType(btf: Btf, id: number, t: BtfType): string {
  const f: string[] = [`"id":${id}`, `"kind":${jstr(kindName(t))}`, `"name":${jstr(anon(t.name))}`];
  switch (t.kind) {
    case 'VOID':
      break;
    case 'INT':
      f.push(`"size":${t.size}`, `"bits_offset":${t.bitOffset}`, `"nr_bits":${t.bits}`, `"encoding":${jstr(intEncoding(t.encoding))}`);
      break;
    case 'PTR':
    case 'CONST':
    case 'VOLATILE':
    case 'RESTRICT':
    case 'TYPEDEF':
    case 'TYPE_TAG':
      f.push(`"type_id":${t.type}`);
      break;
    case 'ARRAY':
      f.push(`"type_id":${t.type}`, `"index_type_id":${t.indexType}`, `"nr_elems":${t.nelems}`);
      break;
    case 'STRUCT':
    case 'UNION': {
      const ms = t.members.map((m) => {
        const mf = [`"name":${jstr(anon(m.name))}`, `"type_id":${m.type}`, `"bits_offset":${m.bitOffset}`];
        if (m.bitfieldSize) mf.push(`"bitfield_size":${m.bitfieldSize}`);
        return `{${mf.join(',')}}`;
      });
      f.push(`"size":${t.size}`, `"vlen":${t.members.length}`, `"members":[${ms.join(',')}]`);
      break;
    }
    case 'ENUM':
    case 'ENUM64': {
      const vs = t.values.map((v) => `{"name":${jstr(anon(v.name))},"val":${v.value}}`);
      f.push(`"encoding":${jstr(t.signed ? 'SIGNED' : 'UNSIGNED')}`, `"size":${t.size}`, `"vlen":${t.values.length}`, `"values":[${vs.join(',')}]`);
      break;
    }
    case 'FWD':
      f.push(`"fwd_kind":${jstr(t.union ? 'union' : 'struct')}`);
      break;
    case 'FUNC':
      f.push(`"type_id":${t.type}`, `"linkage":${jstr(t.linkage)}`);
      break;
    case 'FUNC_PROTO': {
      const params = protoParams(t);
      const ps = params.map((p) => `{"name":${jstr(anon(p.name))},"type_id":${p.type}}`);
      f.push(`"ret_type_id":${t.returnType}`, `"vlen":${params.length}`, `"params":[${ps.join(',')}]`);
      break;
    }
    case 'VAR':
      f.push(`"type_id":${t.type}`, `"linkage":${jstr(t.linkage)}`);
      break;
    case 'DATASEC': {
      const vs = t.vars.map((v) => `{"type_id":${v.type},"offset":${v.offset},"size":${v.size}}`);
      f.push(`"size":${t.size}`, `"vlen":${t.vars.length}`, `"vars":[${vs.join(',')}]`);
      break;
    }
    case 'FLOAT':
      f.push(`"size":${t.size}`);
      break;
    case 'DECL_TAG':
      f.push(`"type_id":${t.type}`, `"component_idx":${t.componentIdx}`);
      break;
    default: {
      const never: never = t;
      return never;
    }
  }
  return `{${f.join(',')}}`;
}

/** A FUNC_PROTO's parameters as they are on the wire (the variadic marker is a last {'', 0}). */
function protoParams(t: { params: { name: string; type: number }[]; variadic: boolean }): { name: string; type: number }[] {
  return t.variadic ? [...t.params, { name: '', type: 0 }] : t.params;
}

function kindName(t: BtfType): string {
  return t.kind === 'VOID' ? 'UNKNOWN' : t.kind;
}

function anon(name: string): string {
  return name === '' ? '(anon)' : name;
}

function intEncoding(e: number): string {
  switch (e) {
    case 0:
      return '(none)';
    case BTF_INT_SIGNED:
      return 'SIGNED';
    case BTF_INT_CHAR:
      return 'CHAR';
    case BTF_INT_BOOL:
      return 'BOOL';
    default:
      return 'UNKN';
  }
}

/** A JSON string the way bpftool's json_writer escapes it (C escapes only, other bytes as they are). */
function jstr(s: string): string {
  let out = '"';
  for (const c of s) {
    switch (c) {
      case '\t': out += '\\t'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\f': out += '\\f'; break;
      case '\b': out += '\\b'; break;
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      default: out += c;
    }
  }
  return `${out}"`;
}
