// Kernel-side BTF validation: would BPF_BTF_LOAD accept this type graph? Re-implements the checks of
// the kernel's kernel/bpf/btf.c btf_parse(): per-type meta checks (names, sizes, flags), then type
// resolution — every reference must reach a sized type, modifier/pointer loops and by-value embedding
// loops are rejected, a chain deeper than 32 is rejected, struct members must fit their struct,
// DATASEC entries must be in-bounds VARs — then FUNC_PROTO arguments and the type-tag ordering rule.
// Reasons use the kernel's wording ("Invalid name", "Loop detected", "Member exceeds struct_size").
//
// Note the kernel's view is stricter than libbpf's: clang's objects have DATASEC size 0 and extern
// FUNC/VAR linkage, which libbpf rewrites before loading; such BTF fails here as it would in the kernel.
import { BTF_INT_BOOL, BTF_INT_CHAR, BTF_INT_SIGNED, BTF_MAX_NAME_OFFSET, BTF_MAX_TYPE } from './constants.js';
import { BtfError, describeType } from './errors.js';
import { resolvePass } from './resolve.js';
import type { Btf, BtfType } from './types.js';

/** Longest identifier the kernel accepts (KSYM_NAME_LEN). */
const KSYM_NAME_LEN = 512;

/** Throws a BtfError naming the first problem the kernel would report; returns when the BTF is valid. */
export function validateBtf(btf: Btf): void {
  if (btf.types.length <= 1) throw new BtfError('No type found');
  if (btf.types.length - 1 > BTF_MAX_TYPE) throw new BtfError(`more than ${BTF_MAX_TYPE} types`);
  if (btf.strings.length - 1 > BTF_MAX_NAME_OFFSET) throw new BtfError('Invalid string section');
  for (let id = 1; id < btf.types.length; id++) checkMeta(btf.types[id]!, id);
  resolvePass(btf);
  checkTypeTags(btf);
}

/** Like validateBtf, but returns the problem (or undefined) instead of throwing. */
export function btfProblem(btf: Btf): string | undefined {
  try {
    validateBtf(btf);
    return undefined;
  } catch (e) {
    if (e instanceof BtfError) return e.message;
    throw e;
  }
}

export function isValidIdentifier(s: string): boolean {
  if (s.length === 0 || s.length > KSYM_NAME_LEN) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alpha = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    const digit = c >= 0x30 && c <= 0x39;
    if (!(alpha || c === 0x5f || c === 0x2e || (i > 0 && digit))) return false;
  }
  return true;
}

/** DATASEC names may hold any printable ASCII character. */
export function isValidSectionName(s: string): boolean {
  if (s.length === 0 || s.length > KSYM_NAME_LEN) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function fail(id: number, t: BtfType, reason: string): never {
  throw new BtfError(`${describeType(id, t.kind)} '${t.name}': ${reason}`);
}

const validId = (v: number): boolean => v <= BTF_MAX_TYPE;

function checkMeta(t: BtfType, id: number): void {
  const bad: (reason: string) => never = (reason) => fail(id, t, reason);
  switch (t.kind) {
    case 'VOID':
      return bad('VOID is only valid as type 0');
    case 'INT': {
      if (t.bits + t.bitOffset > 128) bad('nr_bits exceeds 128');
      if (Math.ceil((t.bits + t.bitOffset) / 8) > t.size) bad('nr_bits exceeds type_size');
      const e = t.encoding;
      if (e !== 0 && e !== BTF_INT_SIGNED && e !== BTF_INT_CHAR && e !== BTF_INT_BOOL) bad('Unsupported encoding');
      return;
    }
    case 'PTR':
    case 'VOLATILE':
    case 'CONST':
    case 'RESTRICT':
      if (!validId(t.type)) bad('Invalid type_id');
      if (t.name !== '') bad('Invalid name');
      return;
    case 'TYPEDEF':
      if (!validId(t.type)) bad('Invalid type_id');
      if (!isValidIdentifier(t.name)) bad('Invalid name');
      return;
    case 'TYPE_TAG':
      if (!validId(t.type)) bad('Invalid type_id');
      if (t.name === '') bad('Invalid name');
      return;
    case 'ARRAY':
      if (t.name !== '') bad('Invalid name');
      if (t.type === 0 || !validId(t.type)) bad('Invalid elem');
      if (t.indexType === 0 || !validId(t.indexType)) bad('Invalid index');
      return;
    case 'STRUCT':
    case 'UNION': {
      if (t.name !== '' && !isValidIdentifier(t.name)) bad('Invalid name');
      let last = 0;
      t.members.forEach((m, i) => {
        const what = `member ${i} '${m.name}'`;
        if (m.name !== '' && !isValidIdentifier(m.name)) bad(`${what}: Invalid name`);
        if (m.type === 0 || !validId(m.type)) bad(`${what}: Invalid type_id`);
        if (t.kind === 'UNION' && m.bitOffset !== 0) bad(`${what}: Invalid member bits_offset`);
        if (last > m.bitOffset) bad(`${what}: Invalid member bits_offset`);
        if (Math.ceil(m.bitOffset / 8) > t.size) bad(`${what}: Member bits_offset exceeds its struct size`);
        last = m.bitOffset;
      });
      return;
    }
    case 'ENUM':
    case 'ENUM64':
      if (![1, 2, 4, 8].includes(t.size)) bad('Unexpected size');
      if (t.name !== '' && !isValidIdentifier(t.name)) bad('Invalid name');
      t.values.forEach((v, i) => {
        if (!isValidIdentifier(v.name)) bad(`enumerator ${i}: Invalid name`);
      });
      return;
    case 'FWD':
      if (!isValidIdentifier(t.name)) bad('Invalid name');
      return;
    case 'FUNC':
      if (!isValidIdentifier(t.name)) bad('Invalid name');
      if (t.linkage === 'extern') bad('Invalid func linkage');
      return;
    case 'FUNC_PROTO':
      if (t.name !== '') bad('Invalid name');
      return;
    case 'VAR':
      if (!isValidIdentifier(t.name)) bad('Invalid name');
      if (t.type === 0 || !validId(t.type)) bad('Invalid type_id');
      if (t.linkage === 'extern') bad('Linkage not supported');
      return;
    case 'DATASEC': {
      if (t.size === 0) bad('size == 0');
      if (!isValidSectionName(t.name)) bad('Invalid name');
      let lastEnd = 0;
      let sum = 0;
      t.vars.forEach((v, i) => {
        const what = `var ${i} (type_id=${v.type} offset=${v.offset} size=${v.size})`;
        if (v.type === 0 || !validId(v.type)) bad(`${what}: Invalid type_id`);
        if (v.offset < lastEnd || v.offset >= t.size) bad(`${what}: Invalid offset`);
        if (v.size === 0 || v.size > t.size) bad(`${what}: Invalid size`);
        lastEnd = v.offset + v.size;
        if (lastEnd > t.size) bad(`${what}: Invalid offset+size`);
        sum += v.size;
      });
      if (t.size < sum) bad('Invalid btf_info size');
      return;
    }
    case 'FLOAT':
      if (![2, 4, 8, 12, 16].includes(t.size)) bad('Invalid type_size');
      return;
    case 'DECL_TAG':
      if (t.name === '') bad('Invalid value');
      if (t.componentIdx < -1) bad('Invalid component_idx');
      return;
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Type tags must come first in a chain of modifiers (kernel btf_check_type_tags). */
function checkTypeTags(btf: Btf): void {
  const isMod = (t: BtfType | undefined): boolean =>
    t !== undefined && (t.kind === 'TYPEDEF' || t.kind === 'VOLATILE' || t.kind === 'CONST' || t.kind === 'RESTRICT' || t.kind === 'TYPE_TAG');
  let good = 0;
  for (let id = 1; id < btf.types.length; id++) {
    let t = btf.types[id];
    if (!isMod(t)) continue;
    let inTags = t!.kind === 'TYPE_TAG';
    let cur = id;
    let limit = 32;
    while (isMod(t)) {
      if (limit-- === 0) throw new BtfError(`${describeType(id, btf.types[id]!.kind)}: Max chain length or cycle detected`);
      if (t!.kind === 'TYPE_TAG') {
        if (!inTags) throw new BtfError(`${describeType(id, btf.types[id]!.kind)}: Type tags don't precede modifiers`);
      } else {
        inTags = false;
      }
      if (cur <= good) break;
      cur = (t as { type: number }).type;
      t = btf.types[cur];
      if (t === undefined) throw new BtfError(`${describeType(id, btf.types[id]!.kind)}: Invalid type_id`);
    }
    good = id;
  }
}
